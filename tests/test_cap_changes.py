"""Caps that change during the year (issue 19 item 6, docs/policy.md): each
payment is checked against the cap in force on its own date, with the
bucket's total up to and including it; the headroom on a date is that
date's cap less what was paid until then. Each cap kind is checked at
exactly the cap and one fen over, on either side of the change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from fund_rules.headroom import headroom
from ledger import problem_of
from ledger.money import money

D = datetime.date
CENT = Decimal("0.01")


def over_cap(result, code: str) -> list:
    """The ledger's errors of `code`, with the entry and payment they name."""
    return [e for e in result.loaded.errors if problem_of(e).code == code]


@pytest.mark.parametrize("later", ["", "2023-08-01"], ids=["alone", "with-a-later-payment"])
def test_a_cap_raised_mid_year_still_reports_a_payment_over_the_earlier_cap(doc, later):
    """
    ; Living aid is capped at 1000 a household a year from 1 January and at
    ; 3000 from 1 July; 1500 paid in March was over the cap in force then,
    ; whether or not 100 more is paid in August, when the year's 1600 is
    ; within the raised cap.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "cap" "生活救助" "household-year"
      amount: 1000.00 CNY
    2023-07-01 custom "cap" "生活救助" "household-year"
      amount: 3000.00 CNY
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
    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:UnionDues:Living  1500.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    extra = "" if not later else f"""
        {later} * "张伟" "生活救助" ^P2
          household: "H1"
          approval: "SP-P2"
          method: "银行卡"
          Expenses:Aid:UnionDues:Living  100.00 CNY
          Assets:Bank:ICBC:UnionDues
        """
    result = doc(extra)
    assert result.codes == ["R03"]
    (problem,) = over_cap(result, "R03")
    assert problem.payment == "P1" and problem.entry.date == D(2023, 3, 1)
    assert "累计 1,500.00 元，超过上限 1,000.00 元（生活救助每户每年上限 1,000.00 元：定额 1,000.00 元）" in problem.detail
    # The headroom of 1 July is the raised cap less what was paid until then.
    (room,) = [r for r in headroom(result.loaded.view, "H1", D(2023, 7, 1)).rooms if r.category.value == "Living"]
    assert (room.cap, room.used) == (Decimal("3000.00"), Decimal("1500.00"))


STUDENT = "360426199101010071"  # the household's son, at senior high school


@dataclass(frozen=True)
class Change:
    """A cap declared from 1 January and changed on 1 July: the category,
    the unit, the two declarations' limits, what each payment carries, and
    the cap each implies for this ledger."""

    category: str  # as the ledger names it
    leaf: str  # the account leaf
    per: str
    code: str
    before: str  # the declaration's limit lines
    after: str
    meta: tuple[str, ...]  # each payment's category fields
    caps: tuple[str, str]  # the cap before and from 1 July
    fund: str = "UnionDues"
    room: tuple[str, str] | None = None  # the headroom room's detail that picks it

    def declarations(self) -> str:
        return "".join(
            f'{day} custom "cap" "{self.category}" "{self.per}"\n' + "".join(f"  {line}\n" for line in limit.split("\n"))
            for day, limit in (("2023-01-01", self.before), ("2023-07-01", self.after))
        )

    def payment(self, day: datetime.date, link: str, amount: Decimal) -> str:
        meta = "".join(f"  {line}\n" for line in self.meta)
        return (
            f'{day} * "张伟" "帮扶" ^{link}\n  household: "H1"\n  approval: "SP-{link}"\n  method: "银行卡"\n{meta}'
            f"  Expenses:Aid:{self.fund}:{self.leaf}  {amount:.2f} CNY\n  Assets:Bank:ICBC:{self.fund}\n"
        )


CHANGES = {
    "bill": Change("医疗救助", "Medical", "bill", "R04", "percent: 50", "percent: 80",
                   ('bill: "B1"', "out-of-pocket: 4000.00 CNY"), ("2000.00", "3200.00"), room=("bill", "B1")),
    "household-year": Change("生活救助", "Living", "household-year", "R03", "amount: 5000.00 CNY",
                             "amount: 6000.00 CNY", (), ("5000.00", "6000.00")),
    "student-year": Change("助学", "Education", "student-year", "R05", "months: 6", "months: 8",
                           (f'student: "{STUDENT}"', 'school-level: "高中"'), ("3000.00", "4000.00"),
                           room=("student", STUDENT)),
    "person-year": Change("临时救助", "Emergency", "person-year", "R16", "amount: 2000.00 CNY", "amount: 3000.00 CNY",
                          (f'person: "{STUDENT}"',), ("2000.00", "3000.00"), room=("person", STUDENT)),
    "case": Change("法律援助", "Legal", "case", "R08", "amount: 1000.00 CNY", "amount: 1500.00 CNY",
                   ('case: "FY-1"',), ("1000.00", "1500.00"), room=("case", "FY-1")),
    "household-trade-year": Change("培训", "Training", "household-trade-year", "R07", "amount: 1000.00 CNY",
                                   "amount: 1500.00 CNY", ('trade: "焊工"',), ("1000.00", "1500.00"),
                                   room=("trade", "焊工")),
    "fund": Change("职业介绍", "Placement", "household-year", "R16", 'fund: "Local"\namount: 500.00 CNY',
                   'fund: "Local"\namount: 800.00 CNY', (), ("500.00", "800.00"), fund="Local"),
}
BEFORE, FROM = D(2023, 6, 30), D(2023, 7, 1)  # the last day of the first cap, the first of the second
PAID = Decimal("100.00")  # paid on 1 March, under either cap


def room_of(result, change: Change, day: datetime.date):
    """The headroom room of the changed cap on `day`."""
    found = [
        room for room in headroom(result.loaded.view, "H1", day).rooms
        if room.category.value == change.leaf and (room.fund is None) == (change.fund == "UnionDues")
        and (change.room is None or room.details.get(change.room[0]) == change.room[1])
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_cap_changed_mid_year_binds_from_its_date_at_the_cap_and_one_fen_over(doc, change):
    """
    ; One household with a son at senior high school; standards for every
    ; built-in category; 临时救助 and 职业介绍 declared; each test declares
    ; one cap from 1 January, changes it on 1 July, and pays 100 in March.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 open Expenses:Aid:UnionDues:Medical CNY
    2023-01-01 open Expenses:Aid:UnionDues:Education CNY
    2023-01-01 open Expenses:Aid:UnionDues:Training CNY
    2023-01-01 open Expenses:Aid:UnionDues:Legal CNY
    2023-01-01 open Expenses:Aid:UnionDues:Emergency CNY
    2023-01-01 open Expenses:Aid:Local:Living CNY
    2023-01-01 open Expenses:Aid:UnionDues:Placement CNY
    2023-01-01 open Expenses:Aid:Local:Placement CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "category" "Emergency" "临时救助"
      required: "person"
      code: "50404"
    2023-01-01 custom "category" "Placement" "职业介绍"
      code: "50404"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-01 custom "standard" "training" "焊工" 1800 CNY
    2023-01-01 custom "standard" "legal" "*" 3000 CNY
    2023-01-05 * "工会" "经费"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
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
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    """
    ledger = change.declarations() + change.payment(D(2023, 3, 1), "P1", PAID)
    base = doc(ledger)
    assert base.codes == []
    # The headroom on either side of the change: that day's cap less the 100.
    caps = {}
    for day in (BEFORE, FROM):
        room = room_of(base, change, day)
        assert room.used == PAID and room.remaining == room.cap - PAID
        caps[day] = room
    assert (caps[BEFORE].cap, caps[FROM].cap) == tuple(map(Decimal, change.caps))
    # Paying exactly the day's headroom passes; one fen more is over that day's cap.
    for day, room in caps.items():
        exact = doc(ledger + change.payment(day, "P2", room.remaining))
        assert exact.codes == [], (day, exact.messages(change.code))
        over = doc(ledger + change.payment(day, "P2", room.remaining + CENT))
        assert over.codes == [change.code], day
        (problem,) = over_cap(over, change.code)
        assert problem.payment == "P2"
        assert f"累计 {money(room.cap + CENT)} 元，超过上限 {money(room.cap)} 元" in problem.detail


PERSON_B = "11010519491231002X"  # the worker, named as the person aided


def pay(link: str, leaf: str, amount: str, *meta: str, fund: str = "UnionDues", day: str = "2023-05-01") -> str:
    fields = "".join(f"  {line}\n" for line in meta)
    return (
        f'{day} * "张伟" "帮扶" ^{link}\n  household: "H1"\n  approval: "SP-{link}"\n  method: "银行卡"\n{fields}'
        f"  Expenses:Aid:{fund}:{leaf}  {amount} CNY\n  Assets:Bank:ICBC:{fund}\n"
    )


# (declaration, payments before, the last payment with its amount as a
# hole, the cap the last payment reaches, the code, what the message names)
AT_CAP = {
    "bill-amount-binds": (
        'custom "cap" "医疗救助" "bill"\n  percent: 80\n  amount: 1000.00 CNY', "",
        pay("P2", "Medical", "$amount", 'bill: "B1"', "out-of-pocket: 2000.00 CNY"), "1000.00", "R04",
        "医疗救助每张票据上限 个人自付的 80%，且不超过 1,000.00 元：定额 1,000.00 元",
    ),
    "bill-percent-binds": (
        'custom "cap" "医疗救助" "bill"\n  percent: 80\n  amount: 1000.00 CNY', "",
        pay("P2", "Medical", "$amount", 'bill: "B1"', "out-of-pocket: 1000.00 CNY"), "800.00", "R04",
        "票据 B1 个人自付 1,000.00 元 × 80%",
    ),
    "declared-case-amount": (
        'custom "cap" "职业介绍" "case"\n  amount: 600.00 CNY',
        pay("P1", "Placement", "300.00", 'case: "JY-1"', day="2023-03-01")
        + pay("P3", "Placement", "600.00", 'case: "JY-2"', day="2023-03-01"),
        pay("P2", "Placement", "$amount", 'case: "JY-1"'), "300.00", "R16", "职业介绍每件案例上限 600.00 元",
    ),
    "declared-trade-year-amount": (
        'custom "cap" "职业介绍" "household-trade-year"\n  amount: 800.00 CNY',
        pay("P1", "Placement", "500.00", 'trade: "焊工"', day="2023-03-01")
        + pay("P3", "Placement", "800.00", 'trade: "电工"', day="2023-03-01"),
        pay("P2", "Placement", "$amount", 'trade: "焊工"'), "300.00", "R16", "职业介绍每户每工种每年上限 800.00 元",
    ),
    "person-year-two-persons": (
        'custom "cap" "临时救助" "person-year"\n  amount: 2000.00 CNY',
        pay("P1", "Emergency", "2000.00", f'person: "{STUDENT}"', day="2023-03-01"),
        pay("P2", "Emergency", "$amount", f'person: "{PERSON_B}"'), "2000.00", "R16",
        f"受助人 {PERSON_B[:6]}",
    ),
    "fund-cap-on-a-builtin-unit": (
        'custom "cap" "生活救助" "household-year"\n  fund: "Local"\n  amount: 2000.00 CNY',
        pay("P1", "Living", "7440.00", day="2023-03-01"),  # the other funds' 12 months of 620, in full
        pay("P2", "Living", "$amount", fund="Local"), "2000.00", "R03", "市县配套付款生活救助每户每年上限 2,000.00 元",
    ),
}


@pytest.mark.parametrize("over", [False, True], ids=["at-the-cap", "one-fen-over"])
@pytest.mark.parametrize("case", AT_CAP.values(), ids=AT_CAP.keys())
def test_a_declared_cap_at_exactly_the_cap_and_one_fen_over(doc, case, over):
    declaration, before, last, reaches, code, names = case
    amount = Decimal(reaches) + (CENT if over else 0)
    result = doc(f"2023-01-01 {declaration}\n" + before + last.replace("$amount", f"{amount:.2f}"))
    assert result.codes == ([code] if over else [])
    if over:
        (problem,) = over_cap(result, code)
        assert problem.payment == "P2"
        assert names in problem.detail, problem.detail


# The same household, standards and declared categories as above.
test_a_declared_cap_at_exactly_the_cap_and_one_fen_over.__doc__ = (
    test_a_cap_changed_mid_year_binds_from_its_date_at_the_cap_and_one_fen_over.__doc__
)
