"""Local policy as data (issue 19): caps declared in the ledger (`custom
"cap"`), categories declared in the ledger (`custom "category"`), and the
named presets (`custom "bangfu-option" "policy"`). Each cap kind is checked
at exactly its cap and one fen over, with declarations changing mid-year,
and the headroom follows every declaration."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fund_rules.headroom import headroom
from ledger.presets import PRESETS
from ledger.vocab import Category

from conftest import run_bangfu

D = datetime.date


def rooms(result, category_code: str, day: datetime.date) -> list:
    found = headroom(result.loaded.view, "H1", day)
    return [room for room in found.rooms if room.category.value == category_code]


@pytest.mark.parametrize(
    ("date", "amount", "codes"),
    [
        ("2023-06-30", "7440.00", []),  # before the declaration: 12 months of 620
        ("2023-06-30", "7440.01", ["R03"]),
        ("2023-07-01", "6200.00", []),  # from it: 10 months for 相对困难 households
        ("2023-07-01", "6200.01", ["R03"]),
    ],
)
def test_living_cap_by_hardship_declared_mid_year(doc, date, amount, codes):
    """
    ; From 1 July the county caps living aid of 相对困难 households at 10
    ; months of 低保; 深度困难 households keep the preset's 12 months.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-07-01 custom "cap" "生活救助" "household-year"
      hardship: "相对困难"
      months: 10
      of: "dibao"
      citation: "某县实施细则第五条"
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "相对困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    $date * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Living  $amount CNY
      Assets:Bank:ICBC:UnionDues
    """
    result = doc(date=date, amount=amount)
    assert result.codes == codes
    if codes and date >= "2023-07-01":
        (message,) = result.messages("R03")
        assert "超过上限 6,200.00 元（相对困难户生活救助上限 10 个月：城区低保 620 元 × 10 个月）" in message
    # the headroom follows the declaration in force on its date
    assert [r.cap for r in rooms(result, "Living", D(2023, 6, 30))] == [Decimal("7440")]
    assert [r.cap for r in rooms(result, "Living", D(2023, 7, 1))] == [Decimal("6200")]


@pytest.mark.parametrize(
    ("first", "second", "codes"),
    [
        ("800.00", "1200.00", []),  # each bill within 80%, the year within 2000
        ("800.01", "1199.99", ["R04"]),  # bill B1 over 80% of its 1000
        ("800.00", "1200.01", ["R16"]),  # the household's year over 2000
    ],
)
def test_medical_percent_of_bill_and_household_year_amount(doc, first, second, codes):
    """
    ; Medical aid: at most 80% of each bill's out-of-pocket cost, and at most
    ; 2000 per household per year over all bills.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Medical CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "cap" "医疗救助" "bill"
      percent: 80
    2023-01-01 custom "cap" "医疗救助" "household-year"
      amount: 2000.00 CNY
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-03-01 * "张伟" "医疗救助" ^M1
      household: "H1"
      approval: "SP-M1"
      method: "银行卡"
      bill: "B1"
      out-of-pocket: 1000.00 CNY
      Expenses:Aid:UnionDues:Medical  $first CNY
      Assets:Bank:ICBC:UnionDues
    2023-04-01 * "张伟" "医疗救助" ^M2
      household: "H1"
      approval: "SP-M2"
      method: "银行卡"
      bill: "B2"
      out-of-pocket: 5000.00 CNY
      Expenses:Aid:UnionDues:Medical  $second CNY
      Assets:Bank:ICBC:UnionDues
    """
    result = doc(first=first, second=second)
    assert result.codes == codes
    if "R04" in codes:
        assert "票据 B1 个人自付 1,000.00 元 × 80%" in result.messages("R04")[0]
    if "R16" in codes:
        assert "超过上限 2,000.00 元（医疗救助每户每年上限 2,000.00 元" in result.messages("R16")[0]
    caps = {room.subject: room.cap for room in rooms(result, "Medical", D(2023, 4, 1))}
    assert caps == {"票据 B1": Decimal("800.00"), "票据 B2": Decimal("4000.00"), "本户 2023 年": Decimal("2000.00")}


@pytest.mark.parametrize(
    ("level", "amount", "codes", "limit"),
    [
        ("高中", "3600.00", [], ""),  # 6 months of 600
        ("高中", "3600.01", ["R05"], "高中学生助学上限 6 个月：城区基本生活费 600 元 × 6 个月"),
        ("初中", "3000.00", [], ""),  # a fixed amount
        ("初中", "3000.01", ["R05"], "定额 3,000.00 元"),
        ("本科", "6000.00", [], ""),  # the preset's general 10 months
        ("本科", "6000.01", ["R05"], "× 10 个月"),
    ],
)
def test_education_by_school_level_in_the_hubei_preset(doc, level, amount, codes, limit):
    """
    ; The stricter preset caps school aid by level: 6 months for senior high,
    ; a fixed 3000 for compulsory schooling, 10 months otherwise.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Education CNY
    2023-01-01 custom "bangfu-option" "policy" "hubei"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 600 CNY
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "$level"
    2023-09-01 * "张伟" "助学" ^E1
      household: "H1"
      approval: "SP-E1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "$level"
      Expenses:Aid:UnionDues:Education  $amount CNY
      Assets:Bank:ICBC:UnionDues
    """
    result = doc(level=level, amount=amount)
    assert result.codes == codes
    if limit:
        assert limit in result.messages("R05")[0]


@pytest.mark.parametrize(("amount", "codes"), [("3000.00", []), ("3000.01", ["R16"])])
def test_a_preset_category_is_capped_reported_and_offered(doc, tmp_path, amount, codes):
    """
    ; The hubei preset adds 临时救助 (one-off emergency aid), at most 3000
    ; per person per year; the ledger only opens its account.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Emergency CNY
      name: "工会经费·临时救助"
    2023-01-01 custom "bangfu-option" "policy" "湖北"
    2023-01-01 custom "bangfu-option" "unit" "青松县总工会"
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-05-01 * "张伟" "火灾临时救助" ^T1
      household: "H1"
      approval: "SP-T1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Emergency  $amount CNY
      Assets:Bank:ICBC:UnionDues
    """
    result = doc(amount=amount)
    assert result.codes == codes
    if codes:
        assert "本户职工 2023 年临时救助累计 3,000.01 元，超过上限 3,000.00 元（临时救助每人每年上限 3,000.00 元" in (
            result.messages("R16")[0]
        )
    view = result.loaded.view
    assert [c.label for c in view.categories][-1] == "临时救助"
    assert [r.cap for r in rooms(result, "Emergency", D(2023, 5, 1))] == [Decimal("3000.00")]
    # the real-name summary and the fund table show it, as the ledger names it
    out = tmp_path / "realname.xlsx"
    done = run_bangfu("report", "realname", tmp_path / "main.beancount", "--year", "2023", "-o", out,
                      "--allow-errors")
    assert done.returncode == 0, done.stderr
    cells = [c.value for row in load_workbook(out)["工会经费留成"].iter_rows() for c in row]
    assert "临时救助" in cells and "临时救助小计" in cells
    funds = tmp_path / "funds.xlsx"
    done = run_bangfu("report", "funds", tmp_path / "main.beancount", "--year", "2023", "-o", funds, "--allow-errors")
    assert done.returncode == 0, done.stderr
    header = [c.value for c in load_workbook(funds).active[3]]
    assert header[header.index("送温暖") + 1] == "临时救助"
    # bangfu policy show names the preset and the declared category
    shown = run_bangfu("policy", "show", tmp_path / "main.beancount").stdout
    assert "政策预设：hubei 湖北式细则（较严）" in shown
    assert "[R16] 临时救助·每人每年：3,000.00 元（预设 hubei）" in shown
    assert "临时救助（Expenses:Aid:<资金>:Emergency" in shown


@pytest.mark.parametrize(
    ("fund", "amount", "codes"),
    [("Local", "500.00", []), ("Local", "500.01", ["R16"]), ("UnionDues", "9000.00", [])],
)
def test_a_ledger_declares_its_own_category_and_a_fund_limited_cap(doc, fund, amount, codes):
    """
    ; The union pays job placement (职业介绍, 2015 central rules); local
    ; money may pay at most 500 per household a year for it, other funds are
    ; not capped; every payment names the person placed.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:$fund CNY
    2023-01-01 open Income:Fund:$fund CNY
    2023-01-01 open Expenses:Aid:$fund:Placement CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "category" "Placement" "职业介绍"
      aliases: "职业介绍补贴、就业介绍"
      required: "person"
      code: "50404"
    2023-01-01 custom "cap" "职业介绍" "household-year"
      fund: "Local"
      amount: 500.00 CNY
      name: "配套资金职业介绍补贴每户每年 500 元"
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "下达"
      Assets:Bank:ICBC:$fund  50000 CNY
      Income:Fund:$fund
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-05-01 * "张伟" "职业介绍" ^J1
      household: "H1"
      approval: "SP-J1"
      method: "银行卡"
      person: "11010519491231002X"
      Expenses:Aid:$fund:Placement  $amount CNY
      Assets:Bank:ICBC:$fund
    """
    result = doc(fund=fund, amount=amount)
    assert result.codes == codes
    if codes:
        assert "（配套资金职业介绍补贴每户每年 500 元：定额 500.00 元）" in result.messages("R16")[0]
    assert result.loaded.view.categories.parse("就业介绍").value == "Placement"  # its aliases are its names


def test_a_declared_category_requires_its_fields(doc):
    """
    ; 职业介绍 payments must name the person placed (S05 otherwise).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Placement CNY
    2023-01-01 open Expenses:Aid:UnionDues:Unknown CNY
    2023-01-01 custom "category" "Placement" "职业介绍"
      required: "person"
      code: "50404"
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "下达"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-05-01 * "张伟" "职业介绍" ^J1
      household: "H1"
      approval: "SP-J1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Placement  100.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-05-02 * "张伟" "未声明的类别"
      household: "H1"
      approval: "SP-J2"
      method: "银行卡"
      Expenses:Aid:UnionDues:Unknown  100.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    result = doc()
    assert result.codes == ["S05", "S13", "S13"]  # the account's opening and the payment
    assert "职业介绍付款缺少：`person`（受助人身份证号（按人计的上限））" in result.messages("S05")[0]
    assert "Placement（职业介绍）" in result.messages("S13")[0]  # the S13 text lists the ledger's categories


@pytest.mark.parametrize(
    ("declaration", "code", "says"),
    [
        ('custom "cap" "生活救助" "household-year"\n  percent: 80', "S07", "percent（占个人自付的百分比）只用于每张票据"),
        ('custom "cap" "医疗救助" "bill"\n  school-level: "高中"\n  percent: 80', "S07", "school-level（学段）只用于"),
        ('custom "cap" "培训" "household-trade-year"\n  months: 3\n  of: "training"', "S07", "months 只能配合按月的标准"),
        ('custom "cap" "生活救助" "household-year"\n  of: "dibao"', "S07", "须写 months"),
        ('custom "cap" "生活救助" "household-year"\n  months: 13\n  of: "dibao"', "S07", "months 应为 1 到 12"),
        ('custom "cap" "生活救助" "household-year"\n  note: "忘了写上限"', "S07", "须写上限"),
        ('custom "cap" "助学" "per-semester"\n  amount: 100.00 CNY', "S02", "不是有效取值"),
        ('custom "cap" "慰问" "household-year"\n  amount: 100.00 CNY', "S02", "不是有效取值"),
        ('custom "cap" "送温暖" "household-year"\n  amount: 100.00 CNY', "S07", "送温暖的上限按送温暖标准计"),
        ('custom "category" "placement" "职业介绍"', "S07", "须以大写字母开头"),
        ('custom "category" "Living" "生活救助"', "S07", "是内置类别"),
        ('custom "category" "Relief" "救助"\n  aliases: "医疗"', "S07", "与已有类别“医疗救助”重名"),
        ('custom "bangfu-option" "policy" "strict"', "S06", "没有名为“strict”的政策预设"),
    ],
)
def test_a_declaration_that_cannot_be_read_is_refused(doc, declaration, code, says):
    """
    ; One declaration that does not fit its unit; nothing else is wrong.
    option "operating_currency" "CNY"
    plugin "fund_rules"
    2023-01-01 custom "locality" "城区"
    """
    result = doc(f"2023-01-01 {declaration}\n")
    assert result.codes == [code]
    assert says in result.messages(code)[0], result.messages(code)


def test_off_lifts_a_presets_cap_from_its_date(doc):
    """
    ; The hubei preset caps medical aid at 20000 a household a year; this
    ; union lifts that cap from 2024 (its own notice): 25000 in 2024 passes,
    ; 20000.01 in 2023 did not.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Medical CNY
    2023-01-01 custom "bangfu-option" "policy" "hubei"
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2024-01-01 custom "cap" "医疗救助" "household-year"
      off: TRUE
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "下达"
      Assets:Bank:ICBC:UnionDues  90000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-03-01 * "张伟" "医疗救助" ^M1
      household: "H1"
      approval: "SP-M1"
      method: "银行卡"
      bill: "B1"
      out-of-pocket: 30000.00 CNY
      Expenses:Aid:UnionDues:Medical  20000.01 CNY
      Assets:Bank:ICBC:UnionDues
    2024-03-01 * "张伟" "医疗救助" ^M2
      household: "H1"
      approval: "SP-M2"
      method: "银行卡"
      bill: "B2"
      out-of-pocket: 40000.00 CNY
      Expenses:Aid:UnionDues:Medical  25000.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    result = doc()
    assert result.codes == ["R16"]
    assert "2023 年医疗救助" in result.messages("R16")[0]
    assert [r.subject for r in rooms(result, "Medical", D(2024, 3, 1)) if r.subject.startswith("本户")] == []


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_loads_clean_and_is_shown(doc, name):
    """
    ; A ledger choosing a preset, with nothing else.
    option "operating_currency" "CNY"
    plugin "fund_rules"
    2023-01-01 custom "bangfu-option" "policy" "$name"
    """
    result = doc(name=name)
    assert result.codes == []
    declared = list(result.loaded.view.caps)
    assert declared and all(d.preset == name and d.fields.citation for d in declared)
    assert {c.value for c in result.loaded.view.categories} >= {c.value for c in (Category.LIVING, Category.FESTIVAL)}


def test_the_audit_page_shows_a_declared_category_and_its_cap_violations(doc, tmp_path):
    """
    ; The hubei preset's 临时救助 paid 3000.01: the audit page's fund table
    ; has its column and the household counts as over a cap.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Emergency CNY
    2023-01-01 custom "bangfu-option" "policy" "hubei"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "fava-extension" "reports.fava_audit"
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-05-01 * "张伟" "火灾临时救助" ^T1
      household: "H1"
      approval: "SP-T1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Emergency  3000.01 CNY
      Assets:Bank:ICBC:UnionDues
    """
    from fava.application import create_app

    from conftest import ledger_path_of

    assert doc().codes == ["R16"]
    client = create_app([str(tmp_path / "main.beancount")], read_only=True).test_client()
    page = client.get(ledger_path_of(client.get("/").headers["Location"]) + "/extension/BangfuAudit/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    header = re.search(r"<thead><tr><th>资金来源</th>.*?</tr></thead>", text).group(0)
    assert "<th>送温暖</th><th>临时救助</th>" in header
    assert 'data-code="R16"' in text


def test_a_declared_category_in_the_analysis_and_the_statement(doc, tmp_path):
    """
    ; The union declares job placement (职业介绍) under 50404 and pays 300 of
    ; it and 500 of living aid from local money in 2023.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Living CNY
    2023-01-01 open Expenses:Aid:Local:Placement CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "category" "Placement" "职业介绍"
      code: "50404"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-05-01 * "张伟" "职业介绍" ^J1
      household: "H1"
      approval: "SP-J1"
      method: "银行卡"
      Expenses:Aid:Local:Placement  300.00 CNY
      Assets:Bank:ICBC:Local
    2023-05-02 * "张伟" "生活救助" ^L1
      household: "H1"
      approval: "SP-L1"
      method: "银行卡"
      Expenses:Aid:Local:Living  500.00 CNY
      Assets:Bank:ICBC:Local
    """
    result = doc()
    assert result.codes == []
    view = result.loaded.view
    placement = view.categories.parse("职业介绍")
    paid = sum(c.amount for c in view.counted[placement])
    aid = sum(c.amount for lines in view.counted.values() for c in lines)
    ledger = tmp_path / "main.beancount"
    # The analysis: a row of its own in the aid by category and fund.
    analysis = tmp_path / "analysis.xlsx"
    done = run_bangfu("report", "analysis", ledger, "--year", "2023", "-o", analysis)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(analysis)["帮扶资金"]
    header = [c.value for c in sheet[3]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]}
    row = rows["职业介绍"]
    assert Decimal(str(row[header.index("市县财政配套资金")])) == paid and Decimal(str(row[header.index("合计")])) == paid
    assert Decimal(str(rows["合计"][header.index("合计")])) == aid
    # The statement: its account named in the trial balance, its spending
    # within 50404 困难职工帮扶支出.
    statement = tmp_path / "statement.xlsx"
    done = run_bangfu("report", "statement", ledger, "--year", "2023", "-o", statement)
    assert done.returncode == 0, done.stderr
    book = load_workbook(statement)
    trial = {(r[0], r[1]): r for r in book["科目余额表"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert Decimal(str(trial[("50404", "困难职工帮扶支出—市县财政配套资金·职业介绍")][4])) == paid  # 本期借方
    assert Decimal(str(trial[("50404", "困难职工帮扶支出")][4])) == aid - paid
    income = {r[0]: r for r in book["收入支出表"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert Decimal(str(income["　　其中：50404 困难职工帮扶支出"][3])) == aid  # 本年累计数


def test_policy_show_lists_a_ledgers_own_cap_from_its_date(doc, tmp_path):
    """
    ; The union caps living aid at 6000 a household a year from 1 July 2023,
    ; in place of the preset's 12 months of 低保.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-07-01 custom "cap" "生活救助" "household-year"
      amount: 6000.00 CNY
      citation: "某县实施细则第五条"
    """
    assert doc().codes == []
    ledger = tmp_path / "main.beancount"
    lineno = ledger.read_text(encoding="utf-8").splitlines().index('2023-07-01 custom "cap" "生活救助" "household-year"') + 1
    preset = "  [R03] 生活救助·每户每年：低保 × 12 个月（预设 muchuan）"
    own = f"  [R03] 生活救助·每户每年：6,000.00 元（自 2023-07-01，main.beancount:{lineno}）。依据：某县实施细则第五条"
    for date, shown, hidden in (("2023-06-30", preset, own), ("2023-07-01", own, preset)):
        done = run_bangfu("policy", "show", ledger, "--date", date)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert f"帮扶政策（截至 {date}）" in lines
        assert any(line.startswith(shown) for line in lines), done.stdout
        assert not any(line.startswith(hidden) for line in lines), done.stdout
    # Without --date: as of the ledger's last date, the ledger's own cap.
    assert own in run_bangfu("policy", "show", ledger).stdout.splitlines()


def test_two_ledgers_declaring_the_same_category_differently_in_one_process(doc):
    """
    ; Two ledgers loaded one after the other (as Fava or a consolidation
    ; does) declare 职业介绍 under the same leaf, one requiring `person`:
    ; each is checked by its own declaration.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Placement CNY
    2023-01-01 custom "category" "Placement" "$name"
      code: "50404"
    $required
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "下达"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-05-01 * "张伟" "职业介绍" ^J1
      household: "H1"
      approval: "SP-J1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Placement  100.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    assert doc(name="职业介绍", required='  required: "person"').codes == ["S05"]
    second = doc(name="就业介绍", required="")
    assert second.codes == []
    (line,) = second.loaded.view.payments[0].lines
    assert line.category.label == "就业介绍"
