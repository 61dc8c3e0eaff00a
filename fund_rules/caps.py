"""Caps, computed from the ledger's cap declarations (ledger/policy.py): the
default preset is seed 003 二 1-5 (and the year's festival notice), a union
may choose another preset or declare its own (docs/policy.md).

A `CapRule` is one category capped over one unit (`Per`: per household and
year, per bill, per student and year, per person and year, per case, per
household, trade and year). It says which payment lines share one cap (a
bucket), and asks the declaration in force on a payment's date - the most
specific for the household's hardship type and the student's school level -
how much the cap is. The rule that reports a crossing (`exceeded`) and the
headroom (fund_rules/headroom.py) both count through these rules, so "may
still pay" and "over the cap" cannot disagree.

Seed 003 二: "明确规定了标准的专项帮扶资金，按规定标准执行；没有明确标准的专项帮扶
资金，帮扶标准按以下原则确定" - a fund with its own explicit standard for a
category (`custom "standard" "fund-cap" "<Fund>" … category:`, or a cap
declared with `fund:`) is held to that standard, and its payments leave the
default cap's sum; the other funds share the default cap (`REPLACE`).
Medical aid is the exception: the out-of-pocket cost is a fact, not a
standard, so all funds together stay within it, and a fund's own standard
caps that fund's share besides (`ALSO`). Festival aid has its standards per
fund already: a fund's own `custom "standard" "festival" "<Fund>"`, else the
all-funds `"*"` one (`PER_FUND`).
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from enum import Enum
from typing import Any

from fund_rules.codes import R03, R04, R05, R07, R08, R09, R16
from ledger.errors import Code, LedgerError
from ledger.identity import mask_id
from ledger.money import CENT, money, yuan
from ledger.payments import CategoryFields, Counted
from ledger.policy import CapDeclaration, Per
from ledger.presets import DEFAULT_PRESET
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
    The rule asks with each line; the headroom with the payment a household
    could receive on the as-of date."""

    household: str
    date: datetime.date
    details: CategoryFields


class FundStandards(Enum):
    REPLACE = "replace"  # a fund's own standard replaces the default cap for that fund
    ALSO = "also"  # the default cap binds all funds; a fund's own standard caps its share too
    PER_FUND = "per-fund"  # the category's standards are per fund (festival), else "*"


@dataclass(frozen=True)
class Units:
    """How one `Per` groups lines, names a bucket, and finds a household's
    buckets on a date (for the headroom)."""

    per: Per
    unit: Callable[[LedgerView, Counted], Unit | None]  # None: the line is not counted
    what: Callable[[LedgerView, Category, Unit, Fund | None], str]  # in a violation: "2023 年生活救助"
    subject: Callable[[LedgerView, Unit], str]  # in headroom: "本户 2023 年"
    units_at: Callable[[LedgerView, Category, str, datetime.date], list[tuple[Unit, dict[str, Any]]]]


@dataclass(frozen=True)
class CapRule:
    category: Category
    per: Per
    code: Code
    units: Units
    fund_standards: FundStandards = FundStandards.REPLACE
    primary: bool = False  # the category's built-in unit: `fund-cap` standards apply to it

    def unit(self, view: LedgerView, line: Counted) -> Unit | None:
        return self.units.unit(view, line)

    def what(self, view: LedgerView, unit: Unit, fund: Fund | None) -> str:
        return self.units.what(view, self.category, unit, None if self.fund_standards is FundStandards.PER_FUND else fund)

    def subject(self, view: LedgerView, unit: Unit) -> str:
        return self.units.subject(view, unit)

    def units_at(self, view: LedgerView, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
        return self.units.units_at(view, self.category, household, day)

    def own_standard(self, view: LedgerView, fund: Fund, date: datetime.date) -> bool:
        """Whether `fund`'s lines are held to a standard of the fund's own."""
        if fund in view.caps.funds(self.category, self.per, date):
            return True
        return self.primary and view.standards.at(StandardKind.FUND_CAP, fund.value, date, category=self.category) is not None

    def buckets(self, view: LedgerView, line: Counted) -> list[Bucket]:
        """The buckets a counted line falls into."""
        unit = self.unit(view, line)
        if unit is None:
            return []
        if self.fund_standards is FundStandards.PER_FUND:
            own = festival_fund(view, line.line.fund, line.date)
            return [Bucket(unit, own)] if festival_cap(view, own, line.date) is not None else []
        own = line.line.fund if self.own_standard(view, line.line.fund, line.date) else None
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
        return [None, *(f for f in Fund if self.own_standard(view, f, date))]

    def declaration(self, view: LedgerView, fund: Fund | None, probe: Probe) -> CapDeclaration | None:
        """The declaration in force for a payment like `probe` (None: uncapped)."""
        household = view.household(probe.household, probe.date)
        hardship = household.fields.hardship if household is not None else None
        return view.caps.at(self.category, self.per, probe.date, fund, hardship, probe.details.school_level)

    def cap(self, view: LedgerView, bucket: Bucket, lines: Sequence[Counted], probe: Probe) -> Cap | None:
        if self.fund_standards is FundStandards.PER_FUND:
            if self.declaration(view, None, probe) is None:  # lifted (off)
                return None
            return festival_cap(view, bucket.fund, probe.date)
        declared = self.declaration(view, bucket.fund, probe)
        if declared is not None:
            return declared_cap(view, self, declared, bucket.unit, lines, probe)
        if bucket.fund is not None and self.primary:
            return fund_cap(view, bucket.fund, self.category, probe.date)
        return None


# ---------------------------------------------------------------- counting


def index(view: LedgerView, rule: CapRule) -> dict[Bucket, list[Counted]]:
    """Every counted line of the rule's category by bucket, in ledger order
    (built once per view: the rule and every headroom question share it)."""
    key = ("cap-buckets", rule.category.value, rule.per)
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
    key = ("household-lines", category.value)
    found: dict[str, list[Counted]] | None = view.derived.get(key)
    if found is None:
        found = defaultdict(list)
        for line in view.counted[category]:
            found[line.payment.household].append(line)
        view.derived[key] = found
    return found.get(household, [])


def total(lines: Sequence[Counted]) -> Decimal:
    return sum((c.amount for c in lines), ZERO)


# Standards whose amount on a payment's date is its cap (a 低保 cap is the
# sum over the year's months, the same whatever the payment's date).
DATED_STANDARDS = (
    StandardKind.EDUCATION, StandardKind.TRAINING, StandardKind.LEGAL, StandardKind.FESTIVAL, StandardKind.FUND_CAP
)


@dataclass(frozen=True)
class Crossing:
    """Where a bucket went over its cap: the payment line, the cap in force
    on its date, and the total counted against that cap; `as_of` is the
    line's date when the bucket's cap changed during its lines (the total
    is then the total up to and including that payment)."""

    line: Counted
    cap: Cap
    total: Decimal
    as_of: datetime.date | None = None


def change_dates(view: LedgerView, rule: CapRule) -> list[datetime.date]:
    """The dates on which the rule's cap may change for any bucket: its
    declarations' and the dated standards' (built once per view); a
    household's hardship type and locality change on its own events."""
    key = ("cap-change-dates", rule.category.value, rule.per)
    found: list[datetime.date] | None = view.derived.get(key)
    if found is None:
        found = sorted({*view.caps.dates(rule.category, rule.per), *view.standards.dates(DATED_STANDARDS)})
        view.derived[key] = found
    return found


def _probe(line: Counted) -> Probe:
    return Probe(line.payment.household, line.date, line.details)


def _one_cap(view: LedgerView, rule: CapRule, lines: Sequence[Counted]) -> bool:
    """Whether every line of a bucket is capped by the same computation: one
    household (in one version of its archive), one school level, and no
    declaration or dated standard taking effect between its first and last
    line (the common case: then the bucket's cap is asked once)."""
    if len(lines) == 1:
        return True
    first, last = lines[0], lines[-1]
    household, level = first.payment.household, first.details.school_level
    for c in lines:
        if c.payment.household != household or c.details.school_level is not level:
            return False
    dates = change_dates(view, rule)
    if bisect.bisect_right(dates, first.date) != bisect.bisect_right(dates, last.date):
        return False
    return view.household(household, first.date) is view.household(household, last.date)


def _first_over(
    view: LedgerView, lines: Sequence[Counted], cap_of: Callable[[Counted], Cap | None]
) -> tuple[Counted, Cap, Decimal] | None:
    """The first payment whose total up to and including it is over the cap
    `cap_of` gives for it. A payment's total counts every payment of the
    bucket before it and itself, with their reversals whatever their date
    (a reversal undoes its payment: one that brings the total back under
    the cap clears it); a reversal of a payment outside the bucket counts
    from the start."""
    position = {id(c.payment): c.order for c in lines if not c.payment.is_reversal}
    sums: dict[int, Decimal] = defaultdict(Decimal)
    heads: dict[int, Counted] = {}
    for c in lines:
        if c.payment.is_reversal:
            original = view.original(c.payment)
            at = position.get(id(original), -1) if original is not None else -1
        else:
            at = c.order
            heads.setdefault(at, c)
        sums[at] += c.amount
    running = ZERO
    for at in sorted(sums):
        running += sums[at]
        head = heads.get(at)
        if head is None:
            continue
        cap = cap_of(head)
        if cap is not None and running > cap.amount:
            return head, cap, running
    return None


def crossing(view: LedgerView, rule: CapRule, bucket: Bucket, lines: Sequence[Counted]) -> Crossing | None:
    """The payment at which a bucket went over its cap, else None: each
    payment is checked against the cap in force on its own date, with the
    bucket's total up to and including it (docs/policy.md: a cap raised
    mid-year does not clear a payment over the cap before the raise; a cap
    lowered mid-year binds the payments after it). Exactly at the cap
    passes; a reversal that brings the total back under the cap clears it.

    A bucket whose lines all have the same cap (the common case) is asked
    for it once and summed: within the cap, it passes; over it, the payment
    that crossed it is reported with the bucket's whole total."""
    if _one_cap(view, rule, lines):
        last = lines[-1]
        cap = rule.cap(view, bucket, lines, _probe(last))
        if cap is None or total(lines) <= cap.amount:
            return None
        found = _first_over(view, lines, lambda _line: cap)
        return Crossing(found[0], cap, total(lines)) if found is not None else Crossing(last, cap, total(lines))
    memo: dict[tuple[Any, ...], Cap | None] = {}
    dates = change_dates(view, rule)

    def cap_of(line: Counted) -> Cap | None:
        household = line.payment.household
        key = (
            household,
            id(view.household(household, line.date)),
            bisect.bisect_right(dates, line.date),
            line.details.school_level,
        )
        if key not in memo:
            memo[key] = rule.cap(view, bucket, lines, _probe(line))
        return memo[key]

    found = _first_over(view, lines, cap_of)
    if found is None:
        return None
    line, cap, running = found
    return Crossing(line, cap, running, line.date)


def exceeded(view: LedgerView, rule: CapRule) -> Iterator[LedgerError]:
    """The rule of a cap: each bucket whose net total goes over its cap is
    reported at the payment that crossed it, with the computation."""
    for bucket, lines in index(view, rule).items():
        found = crossing(view, rule, bucket, lines)
        if found is None:
            continue
        payment = found.line.payment
        snapshot = view.household(payment.household, found.line.date)
        name = snapshot.fields.name if snapshot is not None else None
        who = f"档案 {payment.household}" + (f"（{name}）" if name else "")
        what = rule.what(view, bucket.unit, bucket.fund)
        until = f"截至 {found.as_of.isoformat()} " if found.as_of is not None else ""
        yield rule.code.at(
            payment.entry,
            f"{who}{what}{until}累计 {money(found.total)} 元，超过上限 {money(found.cap.amount)} 元（{found.cap.why}）",
            fund=bucket.fund,
            household=payment.household,
            payment=payment.number,
        )


def exceeded_with(view: LedgerView, code: Code) -> Iterator[LedgerError]:
    """Every cap rule of this ledger reported under `code`, in rule order."""
    for rule in rules_of(view):
        if rule.code is code:
            yield from exceeded(view, rule)


# ---------------------------------------------------------------- standards


def locality_name(view: LedgerView, locality: str) -> str:
    declared = view.localities.get(locality)
    full = declared.fields.full_name if declared is not None else None
    return full or locality


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def held_to_own_standard(view: LedgerView, fund: Fund, category: Category, date: datetime.date) -> bool:
    """Whether `fund` has its own explicit standard for `category` on `date`:
    a fund-cap standard, or a cap declared for that fund."""
    if view.standards.at(StandardKind.FUND_CAP, fund.value, date, category=category) is not None:
        return True
    return any(fund in view.caps.funds(category, per, date) for per in view.caps.pers(category))


def fund_cap(view: LedgerView, fund: Fund, category: Category, date: datetime.date) -> Cap | None:
    """A fund's own explicit standard for a category, if in force."""
    standard = view.standards.at(StandardKind.FUND_CAP, fund.value, date, category=category)
    if standard is None:
        return None
    amount = standard.amount
    return Cap(amount, lambda: f"{fund.label}{category.label}专项标准 {yuan(amount)} 元")


def living_cap(view: LedgerView, archive_no: str, year: int, months_allowed: int = 12) -> Cap:
    """Sum over the year's 12 months of the monthly 低保 standard in force for
    the household's locality (seed 003 二 1). A month counts at the standard
    (and locality) in force on its last day, so a raise counts from the month
    it takes effect. A cap of fewer months (`months_allowed`, a local rule)
    is that many months of the standard when it did not change in the year,
    else the sum × months / 12, rounded down to the fen."""
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

    full = sum((amount for _locality, amount in months), ZERO)
    if months_allowed == 12:
        return Cap(full, explain)
    if len(set(months)) == 1:
        locality, amount = months[0]
        name = locality_name(view, locality) if locality else "未知地区"
        return Cap(amount * months_allowed, lambda: f"{name}低保 {yuan(amount)} 元 × {months_allowed} 个月")
    part = (full * months_allowed / 12).quantize(CENT, rounding=ROUND_DOWN)
    return Cap(part, lambda: f"（{explain()}）× {months_allowed}/12")


def education_period(date: datetime.date, school_year: bool) -> int:
    """The year a student's education cap covers, by its start: the calendar
    year, or the school year September-August (setting `education-year`)."""
    if not school_year:
        return date.year
    return date.year if date.month >= 9 else date.year - 1


def period_label(start: int, school_year: bool) -> str:
    return f"{start}—{start + 1} 学年" if school_year else f"{start} 年"


def education_cap(
    view: LedgerView, locality: str, level: SchoolLevel | None, date: datetime.date, months: int = EDUCATION_MONTHS
) -> Cap | None:
    standard = view.standards.at(StandardKind.EDUCATION, locality, date, level)
    if standard is None:
        return None
    scope = f"（{standard.school_level.label}）" if standard.school_level is not None else ""
    amount = standard.amount

    def explain() -> str:
        return f"{locality_name(view, locality)}基本生活费{scope} {yuan(amount)} 元 × {months} 个月"

    return Cap(amount * months, explain)


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


# ---------------------------------------------------------------- a declaration's cap


def declared_cap(
    view: LedgerView, rule: CapRule, declared: CapDeclaration, unit: Unit, lines: Sequence[Counted], probe: Probe
) -> Cap | None:
    """The cap a declaration sets for one bucket: each limit it states
    (months of a standard, the standard, a percent of the bill, an amount),
    the smallest binding; None when none can be computed (a missing
    standard: S12 says so). A union's own declaration, or another preset's,
    is named in the explanation ("相对困难户生活救助上限 10 个月：…")."""
    f = declared.fields
    limits: list[Cap] = []
    standard = declared.standard
    if standard is not None:
        found = standard_cap(view, rule, declared, unit, probe)
        if found is not None:
            limits.append(found)
    if f.percent is not None:
        found = bill_share(unit, lines, probe, f.percent)
        if found is not None:
            limits.append(found)
    if f.amount is not None:
        amount = f.amount
        limits.append(Cap(amount, lambda: f"定额 {money(amount)} 元"))
    if not limits:
        return None
    smallest = min(limits, key=lambda c: c.amount)
    if declared.preset == DEFAULT_PRESET and not f.name:
        return smallest
    return Cap(smallest.amount, lambda: f"{declared.title}：{smallest.why}")


def standard_cap(view: LedgerView, rule: CapRule, declared: CapDeclaration, unit: Unit, probe: Probe) -> Cap | None:
    standard, months = declared.standard, declared.months
    if standard is StandardKind.DIBAO:
        household, year = probe.household, probe.date.year
        if household not in view.households:
            return None
        cap = living_cap(view, household, year, months or 12)
        return cap if cap.amount else None  # no 低保 standard all year: S12 says so
    if standard is StandardKind.EDUCATION:
        locality = _locality(view, probe)
        return education_cap(view, locality, probe.details.school_level, probe.date, months or 1) if locality else None
    if standard is StandardKind.TRAINING:
        return training_cap(view, unit[1], probe.date) if rule.per is Per.HOUSEHOLD_TRADE_YEAR else None
    if standard is StandardKind.LEGAL:
        return legal_cap(view, _locality(view, probe) or "", probe.date)
    return None


def bill_share(unit: Unit, lines: Sequence[Counted], probe: Probe, percent: Decimal) -> Cap | None:
    """`percent` of a bill's out-of-pocket cost (the smallest stated; R04
    reports a bill stated differently), rounded down to the fen."""
    stated = {c.details.out_of_pocket for c in lines if c.details.out_of_pocket is not None}
    if probe.details.out_of_pocket is not None:
        stated.add(probe.details.out_of_pocket)
    if not stated:
        return None
    out_of_pocket = min(stated)
    bill = unit[1]
    if percent == 100:
        return Cap(out_of_pocket, lambda: f"票据 {bill} 个人自付 {money(out_of_pocket)} 元")
    amount = (out_of_pocket * percent / 100).quantize(CENT, rounding=ROUND_DOWN)
    return Cap(amount, lambda: f"票据 {bill} 个人自付 {money(out_of_pocket)} 元 × {percent.normalize():f}%")


# ---------------------------------------------------------------- the units


def _known(view: LedgerView, line: Counted) -> bool:
    return line.payment.household in view.households


def _school_year(view: LedgerView) -> bool:
    return view.options.education_year == "school"


def _locality(view: LedgerView, probe: Probe) -> str | None:
    household = view.household(probe.household, probe.date)
    return household.fields.locality if household is not None else None


def _fund_suffix(fund: Fund | None) -> str:
    return fund.label if fund else ""


NOUN = {Category.TRAINING.value: "培训补贴"}  # how a violation names the category's aid


def _noun(category: Category) -> str:
    return NOUN.get(category.value, category.label)


HOUSEHOLD_YEAR = Units(
    Per.HOUSEHOLD_YEAR,
    unit=lambda view, c: (c.payment.household, c.date.year) if _known(view, c) else None,
    what=lambda view, category, unit, fund: f"{unit[1]} 年{_fund_suffix(fund)}{_noun(category)}",
    subject=lambda view, unit: f"本户 {unit[1]} 年",
    units_at=lambda view, category, household, day: [((household, day.year), {})],
)


def _bills(view: LedgerView, category: Category, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    stated: dict[str, Decimal] = {}
    for c in lines_of(view, category, household):
        bill, out_of_pocket = c.details.bill, c.details.out_of_pocket
        if c.counts_from <= day and bill and out_of_pocket is not None:
            stated[bill] = min(stated.get(bill, out_of_pocket), out_of_pocket)
    return [((household, bill), {"bill": bill, "out_of_pocket": oop}) for bill, oop in sorted(stated.items())]


BILL = Units(
    Per.BILL,
    unit=lambda view, c: (
        (c.payment.household, c.details.bill) if c.details.bill and c.details.out_of_pocket is not None else None
    ),
    what=lambda view, category, unit, fund: f"票据 {unit[1]} {_fund_suffix(fund)}{_noun(category)}",
    subject=lambda view, unit: f"票据 {unit[1]}",
    units_at=_bills,
)


def _student_unit(view: LedgerView, c: Counted) -> Unit | None:
    if not c.details.student or not _known(view, c):
        return None
    return c.details.student, education_period(c.date, _school_year(view))


def _students(
    view: LedgerView, category: Category, household: str, day: datetime.date
) -> list[tuple[Unit, dict[str, Any]]]:
    """The household's members at a school level, and the students it was
    paid for in the period."""
    start = education_period(day, _school_year(view))
    snapshot = view.household(household, day)
    members = snapshot.members if snapshot is not None else ()
    students: dict[str, SchoolLevel | None] = {
        m.id_number: m.fields.school_level for m in members if m.fields.school_level is not None
    }
    for c in lines_of(view, category, household):
        if c.details.student and c.counts_from <= day and education_period(c.date, _school_year(view)) == start:
            students.setdefault(c.details.student, c.details.school_level)
    return [((s, start), {"student": s, "school_level": level}) for s, level in sorted(students.items())]


def _student(view: LedgerView, unit: Unit) -> str:
    student, start = unit
    return f"学生 {mask_id(student)} {period_label(start, _school_year(view))}"


STUDENT_YEAR = Units(
    Per.STUDENT_YEAR,
    unit=_student_unit,
    what=lambda view, category, unit, fund: f"{_student(view, unit)}{_fund_suffix(fund)}{_noun(category)}",
    subject=_student,
    units_at=_students,
)

WORKER = "本户职工"  # a person-year line that names no person counts for the household's worker


def _person_unit(view: LedgerView, c: Counted) -> Unit | None:
    if not _known(view, c):
        return None
    person = c.details.person or c.details.student
    return (person, c.date.year) if person else ((WORKER, c.payment.household), c.date.year)


def _persons(view: LedgerView, category: Category, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    found: list[tuple[Unit, dict[str, Any]]] = [(((WORKER, household), day.year), {})]
    paid = {
        c.details.person or c.details.student
        for c in lines_of(view, category, household)
        if c.counts_from <= day and c.date.year == day.year
    }
    found += [((person, day.year), {"person": person}) for person in sorted(p for p in paid if p)]
    return found


def _person(view: LedgerView, unit: Unit) -> str:
    person, year = unit
    who = "本户职工" if isinstance(person, tuple) else f"受助人 {mask_id(person)}"
    return f"{who} {year} 年"


PERSON_YEAR = Units(
    Per.PERSON_YEAR,
    unit=_person_unit,
    what=lambda view, category, unit, fund: f"{_person(view, unit)}{_fund_suffix(fund)}{_noun(category)}",
    subject=_person,
    units_at=_persons,
)


def _trades(view: LedgerView, category: Category, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    trades = {
        c.details.trade
        for c in lines_of(view, category, household)
        if c.details.trade and c.counts_from <= day and c.date.year == day.year
    }
    return [((household, trade, day.year), {"trade": trade}) for trade in sorted(t for t in trades if t)]


HOUSEHOLD_TRADE_YEAR = Units(
    Per.HOUSEHOLD_TRADE_YEAR,
    unit=lambda view, c: (c.payment.household, c.details.trade, c.date.year) if c.details.trade else None,
    what=lambda view, category, unit, fund: f"{unit[2]} 年{unit[1]}{_noun(category)}",
    subject=lambda view, unit: f"{unit[1]} {unit[2]} 年",
    units_at=_trades,
)

NEW_CASE: Unit = (None,)


def _cases(view: LedgerView, category: Category, household: str, day: datetime.date) -> list[tuple[Unit, dict[str, Any]]]:
    cases = {c.details.case for c in lines_of(view, category, household) if c.details.case and c.counts_from <= day}
    found: list[tuple[Unit, dict[str, Any]]] = [((case,), {"case": case}) for case in sorted(c for c in cases if c)]
    return [*found, (NEW_CASE, {})]


CASE = Units(
    Per.CASE,
    unit=lambda view, c: (c.details.case,) if c.details.case and _known(view, c) else None,
    what=lambda view, category, unit, fund: f"案件 {unit[0]} {_noun(category)}",
    subject=lambda view, unit: "每件新案件" if unit == NEW_CASE else f"案件 {unit[0]}",
    units_at=_cases,
)

UNITS: dict[Per, Units] = {u.per: u for u in (HOUSEHOLD_YEAR, BILL, STUDENT_YEAR, PERSON_YEAR, CASE, HOUSEHOLD_TRADE_YEAR)}


# ---------------------------------------------------------------- the rules of a ledger

# The built-in categories' own caps (seed 003 二 1-5), each with its code; a
# cap declared over another unit, or for a declared category, is R16.
BUILTIN_RULES: dict[tuple[str, Per], Code] = {
    (Category.LIVING.value, Per.HOUSEHOLD_YEAR): R03,
    (Category.MEDICAL.value, Per.BILL): R04,
    (Category.EDUCATION.value, Per.STUDENT_YEAR): R05,
    (Category.TRAINING.value, Per.HOUSEHOLD_TRADE_YEAR): R07,
    (Category.LEGAL.value, Per.CASE): R08,
    (Category.FESTIVAL.value, Per.HOUSEHOLD_YEAR): R09,
}
# Every code a cap rule reports under.
CAP_CODES: tuple[Code, ...] = (*sorted(set(BUILTIN_RULES.values()), key=lambda c: c.code), R16)
# As a household's headroom lists the built-in categories (declared ones follow).
HEADROOM_CATEGORIES = (
    Category.LIVING, Category.FESTIVAL, Category.EDUCATION, Category.MEDICAL, Category.TRAINING, Category.LEGAL
)


def rule_for(category: Category, per: Per) -> CapRule:
    code = BUILTIN_RULES.get((category.value, per), R16)
    if category is Category.FESTIVAL and per is Per.HOUSEHOLD_YEAR:
        fund_standards = FundStandards.PER_FUND
    elif category is Category.MEDICAL:
        fund_standards = FundStandards.ALSO
    else:
        fund_standards = FundStandards.REPLACE
    return CapRule(category, per, code, UNITS[per], fund_standards, primary=code is not R16)


def rules_of(view: LedgerView) -> tuple[CapRule, ...]:
    """This ledger's cap rules: each category over each unit some
    declaration caps it over (at any date), in code order, R16 last."""
    found: tuple[CapRule, ...] | None = view.derived.get("cap-rules")
    if found is None:
        rules = [rule_for(category, per) for category in view.categories for per in view.caps.pers(category)]
        found = tuple(sorted(rules, key=lambda r: r.code.code))
        view.derived["cap-rules"] = found
    return found


def headroom_rules(view: LedgerView) -> list[CapRule]:
    """The rules in the order a household's headroom lists them."""
    order = [*HEADROOM_CATEGORIES, *(c for c in view.categories if not c.builtin)]
    return sorted(rules_of(view), key=lambda r: (order.index(r.category), list(Per).index(r.per)))
