"""Bank statements (银行对账单) and the 银行存款余额调节表: real `bangfu import`
processes on a copy of the example county, real workbooks read back, the
figures compared with BQL (beanquery), and the printed sheet read back from
LibreOffice's PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beanquery.query import run_query
from test_rendered import pages, render

from ledger import load
from ledger.bank import BANK_IN, BANK_OUT, BOOKED_IN, BOOKED_OUT, bank_lines, reconcile

from conftest import folder_digest, run_bangfu, xlsx

D = datetime.date
ICBC = "Assets:Bank:ICBC"
ROLL = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额", "资金来源", "发放日期", "发放方式", "银行卡号", "审批编号", "批次号"]
NOTICE = ["资金来源", "文号", "金额", "下达日期", "下达单位"]
STATEMENT = ["交易日期", "摘要", "对方户名", "借方发生额", "贷方发生额", "余额", "交易流水号"]


def bql(main: Path, query: str) -> Decimal:
    loaded = load(main, use_cache=False)
    rows = run_query(loaded.entries, loaded.options, query)[1]
    return (rows[0][0] or Decimal(0)) if rows else Decimal(0)


def balance_before(main: Path, day: D) -> Decimal:
    return bql(main, f"SELECT sum(number) WHERE account ~ '^{ICBC}:' AND date < {day}")


def imported(main: Path, *files: Path, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    done = run_bangfu("import", *files, "--ledger", main, *extra)
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, done.stdout


def statement(path: Path, opening: Decimal, lines: list[tuple[str, str, str, str]], title: str | None = None) -> Path:
    """A bank's export: (date, signed amount, counterparty, summary) per
    line, each balance the previous plus the line."""
    rows: list[list] = [[title]] if title else []
    rows.append(STATEMENT)
    balance = opening
    for n, (day, amount, counterparty, summary) in enumerate(lines, 1):
        number = Decimal(amount)
        balance += number
        rows.append([day, summary, counterparty, str(-number) if number < 0 else "", str(number) if number > 0 else "",
                     f"{balance:,.2f}", f"LS{day.replace('-', '')}{n:04d}"])
    return xlsx(path, rows)


def households(main: Path, count: int) -> list[tuple[str, str]]:
    """(archive number, name) of `count` households active in 2026 with a card."""
    view = load(main, use_cache=False).view
    on = D(2026, 3, 1)
    found = sorted(no for no, h in view.households.items() if h.at(on).active and h.at(on).fields.card)
    return [(no, view.household(no, on).fields.name) for no in found[:count]]  # type: ignore[union-attr]


@pytest.fixture
def booked(county: Path, tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Receipts and payments of March and April 2026 imported for real:
    A1 20000 on 03-02, A2 5000 on 03-30, A3 3000 on 04-01 (市县配套); a
    batch PC2026-03 of three payments on 03-10; P4 on 03-30, P5 on 04-02."""
    notices = [NOTICE] + [["市县配套", f"青财〔2026〕{n}号", amount, day, "青松县财政局"]
                          for n, amount, day in ((1, "20000", "2026-03-02"), (2, "5000", "2026-03-30"), (3, "3000", "2026-04-01"))]
    assert imported(county, xlsx(tmp_path / "下达.xlsx", notices))[0] == 0
    five = households(county, 5)
    plan = [("300", "2026-03-10", "PC2026-03"), ("400", "2026-03-10", "PC2026-03"), ("500", "2026-03-10", "PC2026-03"),
            ("700", "2026-03-30", "PC2026-0330"), ("600", "2026-04-02", "PC2026-0402")]
    rows = [ROLL] + [[n, name, "", no, "生活救助", amount, "市县配套", day, "银行卡", "", f"SP-R-{n}", batch]
                     for n, ((no, name), (amount, day, batch)) in enumerate(zip(five, plan, strict=True), 1)]
    code, said = imported(county, xlsx(tmp_path / "名册.xlsx", rows))
    assert code == 0, said
    return {f"P{n}": (name, amount) for n, ((_no, name), (amount, _day, _batch)) in enumerate(zip(five, plan, strict=True), 1)}


def report(main: Path, month: str, out: Path) -> tuple[str, openpyxl.worksheet.worksheet.Worksheet]:
    done = run_bangfu("report", "bank-reconciliation", main, "--month", month, "-o", out)
    assert done.returncode == 0, done.stderr
    return done.stdout, openpyxl.load_workbook(out)["ICBC"]


def side(sheet, label: str) -> tuple[Decimal | None, Decimal | None]:
    """The amounts beside `label` on the left and on the right side."""
    for row in sheet.iter_rows(values_only=True):
        if label in (row[0], row[3]):
            left = Decimal(str(row[2])) if row[0] == label and isinstance(row[2], float | int) else None
            right = Decimal(str(row[5])) if row[3] == label and isinstance(row[5], float | int) else None
            return left, right
    raise AssertionError(label)


def test_outstanding_items_appear_then_clear_and_a_batch_is_one_debit(county, tmp_path, booked):
    opening = balance_before(county, D(2026, 3, 1))
    march = statement(tmp_path / "3月对账单.xlsx", opening, [
        ("2026-03-02", "20000", "青松县财政局", "拨款"),
        ("2026-03-11", "-1200", "", "代发工资批量"),  # the batch PC2026-03, debited as one line
        ("2026-03-31", "3000", "青松县财政局", "拨款"),  # A3: the ledger books it on 04-01
        ("2026-03-31", "-600", booked["P5"][0], "代发"),  # P5: the ledger books it on 04-02
    ])
    code, said = imported(county, march)
    assert code == 0 and "待写入 4 条" in said, said
    loaded = load(county, use_cache=False)
    found = reconcile(loaded, ICBC, D(2026, 3, 31))
    assert found.balanced and found.why_not() == ""
    assert found.ledger_balance == bql(county, f"SELECT sum(number) WHERE account ~ '^{ICBC}:' AND date <= 2026-03-31")
    assert found.bank_balance == opening + 20000 - 1200 + 3000 - 600
    kinds = {i.kind: (i.date, i.amount) for i in found.items}
    assert kinds == {BANK_IN: (D(2026, 3, 31), Decimal(3000)), BANK_OUT: (D(2026, 3, 31), Decimal(-600)),
                     BOOKED_IN: (D(2026, 3, 30), Decimal(5000)), BOOKED_OUT: (D(2026, 3, 30), Decimal(-700))}
    assert found.adjusted_ledger == found.adjusted_bank == found.ledger_balance + 3000 - 600
    assert "imports/" in next(i for i in found.items if i.kind == BOOKED_OUT).where  # the payment's place in the ledger

    said, sheet = report(county, "2026-03", tmp_path / "调节表-3月.xlsx")
    assert "余额相符" in said and "未达账项 4 笔" in said
    assert side(sheet, "企业银行存款日记账余额")[0] == found.ledger_balance
    assert side(sheet, "银行对账单余额")[1] == found.bank_balance
    assert side(sheet, "加：银行已收企业未收")[0] == 3000 and side(sheet, "减：银行已付企业未付")[0] == 600
    assert side(sheet, "加：企业已收银行未收")[1] == 5000 and side(sheet, "减：企业已付银行未付")[1] == 700
    assert side(sheet, "调节后余额") == (found.adjusted_ledger, found.adjusted_bank)
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert sum(1 for c in cells if c in (BANK_IN, BANK_OUT, BOOKED_IN, BOOKED_OUT)) == 4
    assert "余额相符：调节后余额相等" in cells and any(isinstance(c, str) and c.startswith("单位负责人") for c in cells)
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)  # no formulas

    april = statement(tmp_path / "4月对账单.xlsx", found.bank_balance, [
        ("2026-04-01", "5000", "青松县财政局", "拨款"),
        ("2026-04-01", "-700", booked["P4"][0], "代发"),
    ])
    assert imported(county, april)[0] == 0
    cleared = reconcile(load(county, use_cache=False), ICBC, D(2026, 4, 30))
    assert cleared.balanced and cleared.items == [] and cleared.statement_lines == 2
    assert cleared.ledger_balance == cleared.bank_balance == bql(
        county, f"SELECT sum(number) WHERE account ~ '^{ICBC}:' AND date <= 2026-04-30")
    said, sheet = report(county, "2026-04", tmp_path / "调节表-4月.xlsx")
    assert "未达账项 0 笔，余额相符" in said
    assert "无未达账项" in [c for row in sheet.iter_rows(values_only=True) for c in row]

    printed = render(tmp_path / "printed", {"march": ("report", "bank-reconciliation", county, "--month", "2026-03")})
    text = "".join(pages(printed / "march.pdf")).replace(" ", "")
    for needle in (TITLE_PRINTED, f"{found.ledger_balance:,.2f}", f"{found.bank_balance:,.2f}",
                   f"{found.adjusted_bank:,.2f}", "5,000.00", "700.00", "余额相符", "第1页共1页", "财务负责人"):
        assert needle in text, needle
    assert "###" not in text


TITLE_PRINTED = "银行存款余额调节表"


def test_a_month_without_statement_does_not_balance(county, tmp_path, booked):
    found = reconcile(load(county, use_cache=False), ICBC, D(2026, 3, 31))
    assert not found.balanced and found.bank_balance is None and "没有导入过银行对账单" in found.why_not()
    opening = balance_before(county, D(2026, 3, 1))
    assert imported(county, statement(tmp_path / "3月.xlsx", opening, [("2026-03-02", "20000", "", "拨款")]))[0] == 0
    may = reconcile(load(county, use_cache=False), ICBC, D(2026, 5, 31))
    assert may.statement_lines == 0 and "2026-05 没有导入" in may.why_not() and not may.balanced


def test_an_opening_balance_the_ledger_does_not_have_is_its_own_line(county, tmp_path, booked):
    opening = balance_before(county, D(2026, 3, 1)) + 100
    assert imported(county, statement(tmp_path / "3月.xlsx", opening, [("2026-03-02", "20000", "", "拨款")]))[0] == 0
    found = reconcile(load(county, use_cache=False), ICBC, D(2026, 3, 5))
    assert found.opening_difference == -100 and not found.balanced
    assert "期初余额相差 -100.00 元" in found.why_not() and "调节后余额相差" in found.why_not()
    _said, sheet = report(county, "2026-03", tmp_path / "调节表.xlsx")
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(c.startswith("余额不符：") for c in cells) and any("期初余额之差" in c for c in cells)


def test_a_broken_balance_chain_is_refused_writing_nothing(county, tmp_path):
    opening = balance_before(county, D(2026, 3, 1))
    rows = [STATEMENT,
            ["2026-03-02", "结息", "", "", "12.00", str(opening + 12), "1"],
            ["2026-03-03", "手续费", "", "5.00", "", str(opening + 2), "2"],  # should be opening + 7
            ["2026-03-04", "冲正", "", "1.00", "1.00", str(opening + 2), "3"],  # in and out on one line
            [(datetime.date.today() + datetime.timedelta(days=3)).isoformat(), "预约", "", "1.00", "", str(opening + 1), "4"]]
    folder = county.parent
    before = folder_digest(folder)
    code, said = imported(county, xlsx(tmp_path / "对账单.xlsx", rows))
    assert code == 1 and "整批拒绝" in said
    assert "第 3 行“余额”列" in said and f"{opening + 7:,.2f}" in said  # the row, the column, what it should be
    assert "第 4 行“借方发生额”列" in said and "“贷方发生额”1.00 与“借方发生额”1.00 都有金额" in said  # as the bank heads them
    assert "第 5 行“交易日期”列" in said and "晚于今天" in said
    assert folder_digest(folder) == before

    good = statement(tmp_path / "3月.xlsx", opening, [("2026-03-02", "12.00", "", "结息")])
    assert imported(county, good)[0] == 0
    gap = statement(tmp_path / "5月.xlsx", opening + 50, [("2026-05-06", "-5.00", "", "手续费")])  # April missing
    before = folder_digest(folder)
    code, said = imported(county, gap)
    assert code == 1 and "不衔接" in said and "漏导" in said and folder_digest(folder) == before


def test_statement_lines_are_idempotent_and_identical_lines_are_two(county, tmp_path):
    opening = balance_before(county, D(2026, 3, 1))
    lines = [("2026-03-05", "-5.00", "", "手续费"), ("2026-03-05", "-5.00", "", "手续费"), ("2026-03-06", "8.00", "", "结息")]
    rows = [STATEMENT]
    balance = opening
    for day, amount, _who, summary in lines:  # no serial numbers: two lines alike but for the balance
        balance += Decimal(amount)
        money_in, money_out = (amount, "") if Decimal(amount) > 0 else ("", amount.lstrip("-"))
        rows.append([day, summary, "", money_out, money_in, str(balance), ""])
    first = xlsx(tmp_path / "对账单.xlsx", rows)
    code, said = imported(county, first)
    assert code == 0 and "待写入 3 条" in said, said
    written = [x for x in bank_lines(load(county, use_cache=False))[0] if x.date.year == 2026]
    assert [x.amount for x in written] == [Decimal("-5.00"), Decimal("-5.00"), Decimal("8.00")]
    assert written[0].balance != written[1].balance
    folder = county.parent
    before = folder_digest(folder)
    code, said = imported(county, first)
    assert code == 0 and "已导入过" in said and "没有需要写入的新内容" in said
    other = xlsx(tmp_path / "对账单-重新导出.xlsx", [["中国工商银行 账户明细（重新导出）"], *rows])  # other bytes
    code, said = imported(county, other)
    assert code == 0 and "已导入过而跳过 3 条" in said and "没有需要写入的新内容" in said
    assert folder_digest(folder) == before
    assert run_bangfu("check", county, "--no-cache").returncode == 0


def test_two_bank_accounts_need_the_statement_to_say_which(county, tmp_path):
    accounts = county.parent / "accounts.beancount"
    accounts.write_text(accounts.read_text(encoding="utf-8") + (
        '\n2023-01-01 open Assets:Bank:CCB\n  name: "中国建设银行帮扶资金专户"\n  code: "102"\n'
        '  account-number: "22050161000000001234"\n\n'
        '2023-01-01 open Assets:Bank:CCB:Local CNY\n  name: "市县财政配套资金"\n  code: "102"\n'), encoding="utf-8")
    opening = balance_before(county, D(2026, 3, 1))
    plain = statement(tmp_path / "对账单.xlsx", opening, [("2026-03-02", "12.00", "", "结息")])
    before = folder_digest(county.parent)
    code, said = imported(county, plain)
    assert code == 1 and "Assets:Bank:CCB" in said and ICBC in said and "本方账号" in said and "--account" in said
    assert folder_digest(county.parent) == before
    code, said = imported(county, plain, extra=("--account", ICBC))
    assert code == 0, said
    numbered = xlsx(tmp_path / "建行对账单.xlsx", [[*STATEMENT, "本方账号"],
                                                   ["2026-03-03", "结息", "", "", "3.00", "3.00", "J1", "22050161000000001234"]])
    code, said = imported(county, numbered)
    assert code == 0, said
    lines = {x.account: x.amount for x in bank_lines(load(county, use_cache=False))[0]}
    assert lines == {ICBC: Decimal("12.00"), "Assets:Bank:CCB": Decimal("3.00")}
    wrong = xlsx(tmp_path / "他行对账单.xlsx", [[*STATEMENT, "本方账号"],
                                                ["2026-03-04", "结息", "", "", "3.00", "6.00", "J2", "6222000000000000999"]])
    code, said = imported(county, wrong)
    assert code == 1 and "本方账号尾号 0999" in said and "account-number" in said


def test_money_moved_between_sub_accounts_is_no_bank_movement(doc):
    """
    ; One real account with two fund sub-accounts; a transfer between them
    ; nets to zero and is no item; a hand-written statement line matches
    ; the receipt the ledger books 3 days later (inside reconcile-days).
    option "operating_currency" "CNY"
    2026-01-01 custom "bangfu-option" "reconcile-days" 5
    2026-01-01 open Assets:Bank:ICBC
    2026-01-01 open Assets:Bank:ICBC:Local CNY
    2026-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2026-01-01 open Income:Fund:Local CNY
    2026-01-08 * "县财政局" "拨款"
      Assets:Bank:ICBC:Local  1000.00 CNY
      Income:Fund:Local
    2026-01-09 * "调剂"
      Assets:Bank:ICBC:Local  -200.00 CNY
      Assets:Bank:ICBC:UnionDues  200.00 CNY
    2026-01-05 custom "bank-line" Assets:Bank:ICBC 1000.00 CNY
      balance: 1000.00 CNY
      summary: "拨款"
    """
    loaded = doc().loaded
    found = reconcile(loaded, ICBC, D(2026, 1, 31))
    assert found.balanced and found.items == [] and found.ledger_balance == found.bank_balance == 1000
    apart = reconcile(loaded, ICBC, D(2026, 1, 31), window=2)  # 3 days apart: outside a 2-day window
    assert [i.kind for i in apart.items] == [BANK_IN, BOOKED_IN] and apart.balanced  # both sides outstanding
