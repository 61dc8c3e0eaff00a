"""Each cap is declared once (fund_rules/caps.py) and both the rule and the
headroom count through that declaration: for every category, under its
default standard and under a fund's own standard, with a reversal dated
after or before the payment it reverses, paying exactly a room's remaining
amount passes the rule and one fen more raises the rule's code."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from fund_rules.headroom import headroom
from ledger.vocab import BUILTIN_CATEGORIES, Category, Fund, SchoolLevel

D = datetime.date
CENT = Decimal("0.01")
CODE = {Category.LIVING: "R03", Category.MEDICAL: "R04", Category.EDUCATION: "R05", Category.TRAINING: "R07",
        Category.LEGAL: "R08", Category.FESTIVAL: "R09"}
# (category, the fund held to its own standard; None: the default cap)
CASES = [(category, None) for category in BUILTIN_CATEGORIES] + [
    (category, Fund.LOCAL) for category in BUILTIN_CATEGORIES if category is not Category.FESTIVAL
] + [(Category.FESTIVAL, Fund.CENTRAL)]
DEFAULT_PAYER = Fund.UNION_DUES  # a fund with no standard of its own
AS_OF = D(2023, 6, 30)


def probe(category: Category, fund: Fund, amount: Decimal, details: dict[str, object]) -> str:
    """A payment of `amount` into a room on the as-of date, carrying what
    a payment into that room carries."""
    meta = []
    if details.get("bill"):
        meta += [f'bill: "{details["bill"]}"', f'out-of-pocket: {details["out_of_pocket"]} CNY']
    if details.get("student"):
        level = details["school_level"]
        meta += [f'student: "{details["student"]}"', f'school-level: "{level.label if isinstance(level, SchoolLevel) else level}"']
    if details.get("trade"):
        meta.append(f'trade: "{details["trade"]}"')
    if category is Category.LEGAL:
        meta.append(f'case: "{details.get("case") or "FY-NEW"}"')
    lines = "".join(f"  {line}\n" for line in meta)
    return (
        f'{AS_OF} * "张伟" "按可用额度发放" ^PROBE\n  household: "H1"\n  approval: "SP-PROBE"\n  method: "银行卡"\n'
        f"{lines}  Expenses:Aid:{fund.value}:{category.value}  {amount:.2f} CNY\n  Assets:Bank:ICBC:{fund.value}\n"
    )


@pytest.mark.parametrize("back", ["2023-03-06", "2023-02-25"], ids=["reversal-after", "reversal-before"])
@pytest.mark.parametrize(("category", "fund"), CASES, ids=lambda v: getattr(v, "value", str(v)))
def test_paying_the_headroom_passes_one_fen_more_fails(doc, category, fund, back):
    """
    ; One household aided in every category by union dues (the default caps)
    ; and by local money (held to its own standards); each default payment is
    ; partly reversed on $back, which may be before the payment itself.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:Central:Festival CNY
    2023-01-01 open Expenses:Aid:Local:Living CNY
    2023-01-01 open Expenses:Aid:Local:Medical CNY
    2023-01-01 open Expenses:Aid:Local:Education CNY
    2023-01-01 open Expenses:Aid:Local:Training CNY
    2023-01-01 open Expenses:Aid:Local:Legal CNY
    2023-01-01 open Expenses:Aid:Local:Festival CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 open Expenses:Aid:UnionDues:Medical CNY
    2023-01-01 open Expenses:Aid:UnionDues:Education CNY
    2023-01-01 open Expenses:Aid:UnionDues:Training CNY
    2023-01-01 open Expenses:Aid:UnionDues:Legal CNY
    2023-01-01 open Expenses:Aid:UnionDues:Festival CNY

    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-01 custom "standard" "training" "焊工" 1800 CNY
    2023-01-01 custom "standard" "legal" "*" 3000 CNY
    2023-01-01 custom "standard" "festival" "Central" 3000 CNY
    2023-01-01 custom "standard" "festival" "*" 2000 CNY
    2023-01-01 custom "standard" "fund-cap" "Local" 2000 CNY
      category: "生活救助"
    2023-01-01 custom "standard" "fund-cap" "Local" 1000 CNY
      category: "医疗救助"
    2023-01-01 custom "standard" "fund-cap" "Local" 1500 CNY
      category: "助学"
    2023-01-01 custom "standard" "fund-cap" "Local" 1000 CNY
      category: "培训"
    2023-01-01 custom "standard" "fund-cap" "Local" 1200 CNY
      category: "法律援助"

    2023-01-05 * "上级" "下达"
      Assets:Bank:ICBC:Central  100000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  100000 CNY
      Income:Fund:Local
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  100000 CNY
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
      school-level: "高中"

    2023-03-01 * "张伟" "生活救助" ^L1
      household: "H1"
      approval: "SP-L1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Living  3000.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-03-01 * "张伟" "生活救助" ^L2
      household: "H1"
      approval: "SP-L2"
      method: "银行卡"
      Expenses:Aid:Local:Living  800.00 CNY
      Assets:Bank:ICBC:Local
    $back * "张伟" "银行退回" ^L1
      household: "H1"
      reverses: "L1"
      Expenses:Aid:UnionDues:Living  -1000.00 CNY
      Assets:Bank:ICBC:UnionDues

    2023-03-01 * "张伟" "医疗救助" ^M1
      household: "H1"
      approval: "SP-M1"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 5000.00 CNY
      Expenses:Aid:UnionDues:Medical  2000.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-03-01 * "张伟" "医疗救助" ^M2
      household: "H1"
      approval: "SP-M2"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 5000.00 CNY
      Expenses:Aid:Local:Medical  300.00 CNY
      Assets:Bank:ICBC:Local
    $back * "张伟" "银行退回" ^M1
      household: "H1"
      reverses: "M1"
      Expenses:Aid:UnionDues:Medical  -500.00 CNY
      Assets:Bank:ICBC:UnionDues

    2023-03-01 * "张伟" "助学" ^E1
      household: "H1"
      approval: "SP-E1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:UnionDues:Education  2000.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-03-01 * "张伟" "助学" ^E2
      household: "H1"
      approval: "SP-E2"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Local:Education  600.00 CNY
      Assets:Bank:ICBC:Local
    $back * "张伟" "银行退回" ^E1
      household: "H1"
      reverses: "E1"
      Expenses:Aid:UnionDues:Education  -700.00 CNY
      Assets:Bank:ICBC:UnionDues

    2023-03-01 * "张伟" "培训" ^T1
      household: "H1"
      approval: "SP-T1"
      method: "银行卡"
      trade: "焊工"
      Expenses:Aid:UnionDues:Training  900.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-03-01 * "张伟" "培训" ^T2
      household: "H1"
      approval: "SP-T2"
      method: "银行卡"
      trade: "焊工"
      Expenses:Aid:Local:Training  800.00 CNY
      Assets:Bank:ICBC:Local
    $back * "张伟" "银行退回" ^T1
      household: "H1"
      reverses: "T1"
      Expenses:Aid:UnionDues:Training  -400.00 CNY
      Assets:Bank:ICBC:UnionDues

    2023-03-01 * "张伟" "法律援助" ^J1
      household: "H1"
      approval: "SP-J1"
      method: "银行卡"
      case: "FY-1"
      Expenses:Aid:UnionDues:Legal  1000.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-03-01 * "张伟" "法律援助" ^J2
      household: "H1"
      approval: "SP-J2"
      method: "银行卡"
      case: "FY-1"
      Expenses:Aid:Local:Legal  500.00 CNY
      Assets:Bank:ICBC:Local
    $back * "张伟" "银行退回" ^J1
      household: "H1"
      reverses: "J1"
      Expenses:Aid:UnionDues:Legal  -300.00 CNY
      Assets:Bank:ICBC:UnionDues

    2023-03-01 * "张伟" "送温暖" ^F1
      household: "H1"
      approval: "SP-F1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Festival  1500.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-03-01 * "张伟" "送温暖" ^F2
      household: "H1"
      approval: "SP-F2"
      method: "银行卡"
      Expenses:Aid:Central:Festival  2500.00 CNY
      Assets:Bank:ICBC:Central
    $back * "张伟" "银行退回" ^F1
      household: "H1"
      reverses: "F1"
      Expenses:Aid:UnionDues:Festival  -500.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    base = doc(back=back)
    assert set(base.codes) <= {"S15"}  # a reversal before its payment is itself an error, nothing else
    rooms = [room for room in headroom(base.loaded.view, "H1", AS_OF).of(category) if room.fund is fund]
    assert rooms and all(room.remaining > 0 for room in rooms)
    for room in rooms:
        payer = room.fund or DEFAULT_PAYER
        exact = doc(probe(category, payer, room.remaining, dict(room.details)), back=back)
        assert CODE[category] not in exact.codes, room
        over = doc(probe(category, payer, room.remaining + CENT, dict(room.details)), back=back)
        assert CODE[category] in over.codes, room
    # Before the payments of 1 March, a reversal dated before its payment
    # reverses nothing yet, and the headroom does not fail on it.
    early = headroom(base.loaded.view, "H1", D(2023, 2, 27)).of(category)
    assert all(room.used == 0 for room in early)


def test_fund_standard_for_a_trade(doc):
    """
    ; Local money has its own training standard (1000), below the 焊工
    ; standard (1800) that the other funds share; 800 of it is paid.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Training CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "training" "焊工" 1800 CNY
    2023-01-01 custom "standard" "fund-cap" "Local" 1000 CNY
      category: "培训"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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
    2023-05-01 * "张伟" "焊工培训" ^P1
      household: "H1"
      approval: "SP1"
      method: "银行卡"
      trade: "焊工"
      Expenses:Aid:Local:Training  800.00 CNY
      Assets:Bank:ICBC:Local
    2023-06-01 * "张伟" "焊工培训" ^P2
      household: "H1"
      approval: "SP2"
      method: "银行卡"
      trade: "焊工"
      Expenses:Aid:Local:Training  $amount CNY
      Assets:Bank:ICBC:Local
    """
    loaded = doc(amount="0.00").loaded
    (local,) = [r for r in headroom(loaded.view, "H1", D(2023, 6, 1)).of(Category.TRAINING) if r.fund is Fund.LOCAL]
    assert (local.subject, local.cap, local.used, local.remaining) == (
        "焊工 2023 年·市县财政配套资金", Decimal(1000), Decimal(800), Decimal(200))
    assert local.why == "市县财政配套资金培训专项标准 1000 元"
    assert doc(amount="200.00").codes == []
    assert doc(amount="300.00").codes == ["R07"]
