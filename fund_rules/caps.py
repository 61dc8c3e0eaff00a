"""Caps per aid category, each declared once (seed 003 二 1-5, and the year's
festival notice).

A `CapRule` declares which payment lines share one cap (the unit: per
household and year, per bill, per student and year, per household, trade and
year, per case), how the cap is computed, and how a fund's own explicit
standard applies. The rule that reports a crossing (`exceeded`) and the
headroom (fund_rules/headroom.py) both count through these declarations, so
"may still pay" and "over the cap" cannot disagree.

Seed 003 二: "明确规定了标准的专项帮扶资金，按规定标准执行；没有明确标准的专项帮扶
资金，帮扶标准按以下原则确定" - a fund with its own explicit standard for a
category (`custom "standard" "fund-cap" "<Fund>" … category:`) is held to that
standard, and its payments leave the default cap's sum; the other funds share
the default cap (`REPLACE`). Medical aid is the exception: the out-of-pocket
cost is a fact, not a standard, so all funds together stay within it, and a
fund's own standard caps that fund's share besides (`ALSO`). Festival aid
has its standards per fund already: a fund's own `custom "standard"
"festival" "<Fund>"`, else the all-funds `"*"` one (`PER_FUND`).
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from fund_rules.codes import R03, R04, R05, R07, R08, R09
from ledger.errors import Code, LedgerError
from ledger.identity import mask_id
from ledger.money import money, yuan
from ledger.payments import CategoryFields, Counted
from ledger.view import LedgerView
from ledger.vocab import WILDCARD, Category, Fund, SchoolLevel, StandardKind

EDUCATION_MONTHS = 10  # seed 003 二 3: 每人每年不得超过十个月基本生活费总和
MONTHS = range(1, 13)
ZERO = Decimal(0)

Unit = tuple[Any, ...]  # e.g. (archive no., year); (student, period start); (case,)


@dataclass(frozen=True)
class Cap:
    amount: Decimal
    explain: Callable[[], str] = field(compare=False)  # built only when shown

    @property
    def why(self) -> str:
        """The computation, in Chinese, e.g. "城区低保 620 元 × 12 个月"."""
        return self.explain()


@dataclass(frozen=True)
class Bucket:
    """The lines that share one cap: a unit, and the fund held to its own
    standard (None: the default cap, or festival's all-funds standard)."""

    unit: Unit
    fund: Fund | None


@dataclass(frozen=True)
class Probe:
    """The payment a cap is asked for: household, date and category fields.
    The rule asks with the bucket's last line; the headroom with the payment
    a household could receive on the as-of date."""

    household: str
    date: datetime.date
    details: CategoryFields


class FundStandards(Enum):
    REPLACE = "replace"  # a fund's own standard replaces the default cap for that fund
    ALSO = "also"  # the default cap binds all funds; a fund's own standard caps its share too
    PER_FUND = "per-fund"  # the category's standards are per fund (festival), else "*"


@dataclass(frozen=True)
class CapRule:
    category: Category
    code: Code
    per: str  # the unit, as docs/rules.md says it
    citation: str
    computed: str  # how the cap is computed, as `bangfu policy show` says it
    unit: Callable[[LedgerView, Counted], Unit | None]  # None: the line is not counted
    default: Callable[[LedgerView, Unit, Sequence[Counted], Probe], Cap | None]
    what: Callable[[LedgerView, Unit, Fund | None], str]  # in a violation: "2023 年生活救助"
    subject: Callable[[LedgerView, Unit], str]  # in headroom: "本户 2023 年"
    units_at: Callable[[LedgerView, str, datetime.date], list[tuple[Unit, dict[str, Any]]]]
    fund_standards: FundStandards = FundStandards.REPLACE

    def buckets(self, view: LedgerView, line: Counted) -> list[Bucket]:
        """The buckets a counted line falls into."""
        unit = self.unit(view, line)
        if unit is None:
            return []
        if self.fund_standards is FundStandards.PER_FUND:
            own = festival_fund(view, line.line.fund, line.date)
            return [Bucket(unit, own)] if festival_cap(view, own, line.date) is not None else []
        own = line.line.fund if held_to_own_standard(view, line.line.fund, self.category, line.date) else None
        if self.fund_standards is FundStandards.ALSO:
            return [Bucket(unit, None)] + ([Bucket(unit, own)] if own else [])
        return [Bucket(unit, own)]

    def funds_at(self, view: LedgerView, date: datetime.date) -> list[Fund | None]:
        """The bucket funds a payment on `date` may fall into, in display order."""
        if self.fund_standards is FundStandards.PER_FUND:
            found: list[Fund | None] = []
            for fund in Fund:
                own = festival_fund(view, fund, date)
                if festival_cap(view, own, date) is not None and own not in found:
                    found.append(own)
            return found
        return [None, *(f for f in Fund if held_to_own_standard(view, f, self.category, date))]

    def cap(self, view: LedgerView, bucket: Bucket, lines: Sequence[Counted], probe: Probe) -> Cap | None:
        if self.fund_standards is FundStandards.PER_FUND:
            return festival_cap(view, bucket.fund, probe.date)
        if bucket.fund is not None:
            return fund_cap(view, bucket.fund, self.category, probe.date)
        return self.default(view, bucket.unit, lines, probe)


# ---------------------------------------------------------------- counting


def index(view: LedgerView, rule: CapRule) -> dict[Bucket, list[Counted]]:
    """Every counted line of the rule's category by bucket, in ledger order
    (built once per view: the rule and every headroom question share it)."""
    key = ("cap-buckets", rule.category)
    found: dict[Bucket, list[Counted]] | None = view.derived.get(key)
    if found is None:
        found = defaultdict(list)
        for line in view.counted[rule.category]:
            for bucket in rule.buckets(view, line):
                found[bucket].append(line)
        view.derived[key] = found
    return found


def lines_of(view: LedgerView, category: Category, household: str) -> list[Counted]:
    """One household's counted lines of a category (built once per view)."""
    key = ("household-lines", category)
    found: dict[str, list[Counted]] | None = view.derived.get(key)
    if found is None:
        found = defaultdict(list)
        for line in view.counted[category]:
            found[line.payment.household].append(line)
        view.derived[key] = found
    return found.get(household, [])


def total(lines: Sequence[Counted]) -> Decimal:
    return sum((c.amount for c in lines), ZERO)


def crossing(lines: Sequence[Counted], cap: Decimal) -> Counted | None:
    """If the net total exceeds `cap`, the line at which the running total
    first went over it; else None. Exactly at the cap passes; a reversal that
    brings the total back under the cap clears it."""
    if total(lines) <= cap:
        return None
    running = ZERO
    for counted in sorted(lines, key=lambda c: c.order):
        running += counted.amount
        if running > cap:
            return counted
    return None


def exceeded(view: LedgerView, rule: CapRule) -> Iterator[LedgerError]:
    """The rule of a cap: each bucket whose net total goes over its cap is
    reported at the payment that crossed it, with the computation."""
    for bucket, lines in index(view, rule).items():
        last = lines[-1]
        cap = rule.cap(view, bucket, lines, Probe(last.payment.household, last.date, last.details))
        if cap is None:
            continue
        culprit = crossing(lines, cap.amount)
        if culprit is None:
            continue
        payment = culprit.payment
        snapshot = view.household(payment.household, culprit.date)
        name = snapshot.fields.name if snapshot is not None else None
        who = f"档案 {payment.household}" + (f"（{name}）" if name else "")
        what = rule.what(view, bucket.unit, bucket.fund)
        yield rule.code.at(
            payment.entry,
            f"{who}{what}累计 {money(total(lines))} 元，超过上限 {money(cap.amount)} 元（{cap.why}）",
            fund=bucket.fund,
            household=payment.household,
            payment=payment.number,
        )


# ---------------------------------------------------------------- standards


def locality_name(view: LedgerView, locality: str) -> str:
    declared = view.localities.get(locality)
    full = declared.fields.full_name if declared is not None else None
    return full or locality


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def held_to_own_standard(view: LedgerView, fund: Fund, category: Category, date: datetime.date) -> bool:
    """Whether `fund` has its own explicit standard for `category` on `date`."""
    return view.standards.at(StandardKind.FUND_CAP, fund.value, date, category=category) is not None


def fund_cap(view: LedgerView, fund: Fund, category: Category, date: datetime.date) -> Cap | None:
    """A fund's own explicit standard for a category, if in force."""
    standard = view.standards.at(StandardKind.FUND_CAP, fund.value, date, category=category)
    if standard is None:
        return None
    amount = standard.amount
    return Cap(amount, lambda: f"{fund.label}{category.label}专项标准 {yuan(amount)} 元")


def living_cap(view: LedgerView, archive_no: str, year: int) -> Cap:
    """Sum over the year's 12 months of the monthly 低保 standard in force for
    the household's locality (seed 003 二 1). A month counts at the standard
    (and locality) in force on its last day, so a raise counts from the month
    it takes effect."""
    record = view.households[archive_no]
    first_locality = next((e.fields.locality for e in record.events if e.fields.locality), None)
    months: list[tuple[str | None, Decimal]] = []
    for month in MONTHS:
        day = month_end(year, month)
        locality = record.at(day).fields.locality or first_locality
        standard = view.standards.at(StandardKind.DIBAO, locality, day) if locality else None
        months.append((locality, standard.amount if standard is not None else ZERO))

    def explain() -> str:
        runs: list[list[Any]] = []  # [locality, amount, months]
        for locality, amount in months:
            if runs and runs[-1][0] == locality and runs[-1][1] == amount:
                runs[-1][2] += 1
            else:
                runs.append([locality, amount, 1])
        parts = []
        previous: object = object()
        for locality, amount, count in runs:
            name = locality_name(view, locality) if locality else "未知地区"
            prefix = f"{name}低保 " if locality != previous else ""
            previous = locality
            if amount == 0:
                parts.append(f"{name}无低保标准 {count} 个月")
                previous = object()
            else:
                parts.append(f"{prefix}{yuan(amount)} 元 × {count} 个月")
        return " + ".join(parts)

    return Cap(sum((amount for _locality, amount in months), ZERO), explain)


def education_period(date: datetime.date, school_year: bool) -> int:
    """The year a student's education cap covers, by its start: the calendar
    year, or the school year September-August (setting `education-year`)."""
    if not school_year:
        return date.year
    return date.year if date.month >= 9 else date.year - 1


def period_label(start: int, school_year: bool) -> str:
    return f"{start}—{start + 1} 学年" if school_year else f"{start} 年"


def education_cap(view: LedgerView, locality: str, level: SchoolLevel | None, date: datetime.date) -> Cap | None:
    standard = view.standards.at(StandardKind.EDUCATION, locality, date, level)
    if standard is None:
        return None
    scope = f"（{standard.school_level.label}）" if standard.school_level is not None else ""
    amount = standard.amount

    def explain() -> str:
        return f"{locality_name(view, locality)}基本生活费{scope} {yuan(amount)} 元 × {EDUCATION_MONTHS} 个月"

    return Cap(amount * EDUCATION_MONTHS, explain)


def training_cap(view: LedgerView, trade: str, date: datetime.date) -> Cap | None:
    standard = view.standards.at(StandardKind.TRAINING, trade, date)
    if standard is None:
        return None
    amount = standard.amount
    return Cap(amount, lambda: f"{trade}培训标准 {yuan(amount)} 元")


def legal_cap(view: LedgerView, locality: str, date: datetime.date) -> Cap | None:
    standard = view.standards.at(StandardKind.LEGAL, locality, date)
    standard = standard or view.standards.at(StandardKind.LEGAL, WILDCARD, date)
    if standard is None:
        return None
    amount = standard.amount
    return Cap(amount, lambda: f"法律援助每件补贴标准 {yuan(amount)} 元")


def festival_fund(view: LedgerView, fund: Fund, date: datetime.date) -> Fund | None:
    """The fund whose own festival standard holds `fund`'s payment on `date`
    (the fund itself), or None: the all-funds standard, if any, holds it."""
    return fund if view.standards.at(StandardKind.FESTIVAL, fund.value, date) is not None else None


def festival_cap(view: LedgerView, fund: Fund | None, date: datetime.date) -> Cap | None:
    """A fund's own festival standard (fund), or the all-funds one (None)."""
    if fund is not None:
        own = view.standards.at(StandardKind.FESTIVAL, fund.value, date)
        if own is None:
            return None
        amount = own.amount
        return Cap(amount, lambda: f"{fund.label}送温暖标准每户每年 {yuan(amount)} 元")
    shared = view.standards.at(StandardKind.FESTIVAL, WILDCARD, date)
    if shared is None:
        return None
    amount = shared.amount
    return Cap(amount, lambda: f"送温暖标准每户每年 {yuan(amount)} 元")


# ---------------------------------------------------------------- the six caps


def _known(view: LedgerView, line: Counted) -> bool:
    return line.payment.household in view.households


def _school_year(view: LedgerView) -> bool:
    return view.options.education_year == "school"


def _locality(view: LedgerView, probe: Probe) -> str | None:
    household = view.household(probe.household, probe.date)
    return household.fields.locality if household is not None else None


def _fund_suffix(fund: Fund | None) -> str:
    return fund.label if fund else ""


def _living_default(view: LedgerView, unit: Unit, lines: Sequence[Counted], probe: Probe) -> Cap | None:
    archive_no, year = unit
    cap = living_cap(view, archive_no, year)
    return cap if cap.amount else None  # no 低保 standard all year: S12 says so


LIVING = CapRule(
    Category.LIVING,
    R03,
    per="每户每自然年，各项资金合计",
    citation="seed 003 二 1：每户每年不得超过当地低保标准年度总和",
    computed="当地低保月标准 × 12 个月（年内调整按月分段计）",
    unit=lambda view, c: (c.payment.household, c.date.year) if _known(view, c) else None,
    default=_living_default,
    what=lambda view, unit, fund: f"{unit[1]} 年{_fund_suffix(fund)}生活救助",
    subject=lambda view, unit: f"本户 {unit[1]} 年",
    units_at=lambda view, household, day: [((household, day.year), {})],
)


def _medical_default(view: LedgerView, unit: Unit, lines: Sequence[Counted], probe: Probe) -> Cap | None:
    stated = {c.details.out_of_pocket for c in lines if c.details.out_of_pocket is not None}
    if probe.details.out_of_pocket is not None:
        stated.add(probe.details.out_of_pocket)
    if not stated:
        return None
    out_of_pocket = min(stated)
    return Cap(out_of_pocket, lambda: f"票据 {unit[1]} 个人自付 {money(out_of_pocket)} 元")


def _bills(view: LedgerView, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    stated: dict[str, Decimal] = {}
    for c in lines_of(view, Category.MEDICAL, household):
        bill, out_of_pocket = c.details.bill, c.details.out_of_pocket
        if c.counts_from <= day and bill and out_of_pocket is not None:
            stated[bill] = min(stated.get(bill, out_of_pocket), out_of_pocket)
    return [((household, bill), {"bill": bill, "out_of_pocket": oop}) for bill, oop in sorted(stated.items())]


MEDICAL = CapRule(
    Category.MEDICAL,
    R04,
    per="每张票据，各项资金合计",
    citation="seed 003 二 2：不得超过医疗费用个人自付部分",
    computed="该票据的个人自付金额",
    unit=lambda view, c: (
        (c.payment.household, c.details.bill) if c.details.bill and c.details.out_of_pocket is not None else None
    ),
    default=_medical_default,
    what=lambda view, unit, fund: f"票据 {unit[1]} {fund.label}医疗救助" if fund else f"票据 {unit[1]} 医疗救助",
    subject=lambda view, unit: f"票据 {unit[1]}",
    units_at=_bills,
    fund_standards=FundStandards.ALSO,
)


def _education_default(view: LedgerView, unit: Unit, lines: Sequence[Counted], probe: Probe) -> Cap | None:
    locality = _locality(view, probe)
    return education_cap(view, locality, probe.details.school_level, probe.date) if locality else None


def _education_unit(view: LedgerView, c: Counted) -> Unit | None:
    if not c.details.student or not _known(view, c):
        return None
    return c.details.student, education_period(c.date, _school_year(view))


def _students(view: LedgerView, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    """The household's members at a school level, and the students it was
    paid for in the period."""
    start = education_period(day, _school_year(view))
    snapshot = view.household(household, day)
    members = snapshot.members if snapshot is not None else ()
    students: dict[str, SchoolLevel | None] = {
        m.id_number: m.fields.school_level for m in members if m.fields.school_level is not None
    }
    for c in lines_of(view, Category.EDUCATION, household):
        if c.details.student and c.counts_from <= day and education_period(c.date, _school_year(view)) == start:
            students.setdefault(c.details.student, c.details.school_level)
    return [((s, start), {"student": s, "school_level": level}) for s, level in sorted(students.items())]


def _student(view: LedgerView, unit: Unit) -> str:
    student, start = unit
    return f"学生 {mask_id(student)} {period_label(start, _school_year(view))}"


EDUCATION = CapRule(
    Category.EDUCATION,
    R05,
    per="每名学生每年（自然年或学年），跨户合计",
    citation="seed 003 二 3：每人每年不得超过十个月基本生活费总和",
    computed="当地基本生活费月标准 × 10 个月（有学段标准的按学段）",
    unit=_education_unit,
    default=_education_default,
    what=lambda view, unit, fund: f"{_student(view, unit)}{_fund_suffix(fund)}助学",
    subject=_student,
    units_at=_students,
)


def _trades(view: LedgerView, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    trades = {
        c.details.trade
        for c in lines_of(view, Category.TRAINING, household)
        if c.details.trade and c.counts_from <= day and c.date.year == day.year
    }
    return [((household, trade, day.year), {"trade": trade}) for trade in sorted(t for t in trades if t)]


TRAINING = CapRule(
    Category.TRAINING,
    R07,
    per="每户每工种每年",
    citation="seed 003 二 4：执行人力资源和社会保障部门制定的同类工种标准",
    computed="该工种的培训标准",
    unit=lambda view, c: (c.payment.household, c.details.trade, c.date.year) if c.details.trade else None,
    default=lambda view, unit, lines, probe: training_cap(view, unit[1], probe.date),
    what=lambda view, unit, fund: f"{unit[2]} 年{unit[1]}培训补贴",
    subject=lambda view, unit: f"{unit[1]} {unit[2]} 年",
    units_at=_trades,
)

NEW_CASE: Unit = (None,)


def _cases(view: LedgerView, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    cases = {c.details.case for c in lines_of(view, Category.LEGAL, household) if c.details.case and c.counts_from <= day}
    found: list[tuple[Unit, dict[str, Any]]] = [((case,), {"case": case}) for case in sorted(c for c in cases if c)]
    return [*found, (NEW_CASE, {})]


def _legal_default(view: LedgerView, unit: Unit, lines: Sequence[Counted], probe: Probe) -> Cap | None:
    return legal_cap(view, _locality(view, probe) or "", probe.date)


LEGAL = CapRule(
    Category.LEGAL,
    R08,
    per="每件案例，各项资金合计",
    citation="seed 003 二 5：每件案例补助标准不超过司法行政部门制定的法律援助补贴标准",
    computed="当地法律援助每件补贴标准",
    unit=lambda view, c: (c.details.case,) if c.details.case and _known(view, c) else None,
    default=_legal_default,
    what=lambda view, unit, fund: f"案件 {unit[0]} 法律援助",
    subject=lambda view, unit: "每件新案件" if unit == NEW_CASE else f"案件 {unit[0]}",
    units_at=_cases,
)

FESTIVAL = CapRule(
    Category.FESTIVAL,
    R09,
    per="每户每年：有本资金标准的按本资金，其余资金合计按通用标准",
    citation="seed 003 二：元旦、春节送温暖，明确规定了标准的按规定标准执行",
    computed="送温暖标准（按资金，* 为各资金通用）",
    unit=lambda view, c: (c.payment.household, c.date.year),
    default=lambda view, unit, lines, probe: None,  # PER_FUND: the standards are festival's own
    what=lambda view, unit, fund: f"{unit[1]} 年送温暖",
    subject=lambda view, unit: f"本户 {unit[1]} 年",
    units_at=lambda view, household, day: [((household, day.year), {})],
    fund_standards=FundStandards.PER_FUND,
)

# In the order of their codes (the rules), and as a household's headroom lists them.
CAP_RULES: tuple[CapRule, ...] = (LIVING, MEDICAL, EDUCATION, TRAINING, LEGAL, FESTIVAL)
HEADROOM_ORDER: tuple[CapRule, ...] = (LIVING, FESTIVAL, EDUCATION, MEDICAL, TRAINING, LEGAL)
