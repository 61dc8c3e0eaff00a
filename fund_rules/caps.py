"""Cap computations shared by the rules and the headroom function.

Seed 003 二: "明确规定了标准的专项帮扶资金，按规定标准执行；没有明确标准的专项帮扶
资金，帮扶标准按以下原则确定" - a fund with its own explicit standard for a
category (`custom "standard" "fund-cap" "<Fund>" … category:`) is held to that
standard, and its payments leave the default cap's sum; the other funds share
the default cap. Medical aid is the exception: the out-of-pocket cost is a
fact, not a standard, so all funds together stay within it.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Hashable, Iterable

from fund_rules.context import Counted, RuleContext, money
from ledger.archive import Archive
from ledger.vocab import WILDCARD, Category, Fund, SchoolLevel, StandardKind

EDUCATION_MONTHS = 10  # seed 003 二 3: 每人每年不得超过十个月基本生活费总和
MONTHS = range(1, 13)


@dataclass(frozen=True)
class Cap:
    amount: Decimal
    why: str  # the computation, in Chinese, e.g. "城区低保 620 元 × 12 个月"


def _yuan(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def locality_name(archive: Archive, locality: str) -> str:
    declared = archive.localities.get(locality)
    full = declared.fields.full_name if declared is not None else None
    return full or locality


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _monthly_dibao(archive: Archive, archive_no: str, year: int) -> list[tuple[str | None, Decimal]]:
    """(locality, 低保 amount) for each month of the year, at its last day."""
    record = archive.households[archive_no]
    first_locality = next((e.fields.locality for e in record.events if e.fields.locality), None)
    months = []
    for month in MONTHS:
        day = month_end(year, month)
        locality = record.at(day).fields.locality or first_locality
        standard = archive.standards.at(StandardKind.DIBAO, locality, day) if locality else None
        months.append((locality, standard.amount if standard is not None else Decimal(0)))
    return months


def living_cap_amount(archive: Archive, archive_no: str, year: int) -> Decimal:
    """living_cap's amount alone (the rule's fast path)."""
    return sum((amount for _locality, amount in _monthly_dibao(archive, archive_no, year)), Decimal(0))


def living_cap(archive: Archive, archive_no: str, year: int) -> Cap:
    """Sum over the year's 12 months of the monthly 低保 standard in force for
    the household's locality (seed 003 二 1). A month counts at the standard
    (and locality) in force on its last day, so a raise counts from the month
    it takes effect."""
    runs: list[list] = []  # [locality, amount, months]
    total = Decimal(0)
    for locality, amount in _monthly_dibao(archive, archive_no, year):
        total += amount
        if runs and runs[-1][0] == locality and runs[-1][1] == amount:
            runs[-1][2] += 1
        else:
            runs.append([locality, amount, 1])
    parts = []
    previous = object()
    for locality, amount, months in runs:
        name = locality_name(archive, locality) if locality else "未知地区"
        prefix = f"{name}低保 " if locality != previous else ""
        previous = locality
        if amount == 0:
            parts.append(f"{name}无低保标准 {months} 个月")
            previous = object()
        else:
            parts.append(f"{prefix}{_yuan(amount)} 元 × {months} 个月")
    return Cap(total, " + ".join(parts))


def education_period(date: datetime.date, school_year: bool) -> tuple[int, str]:
    """The year a student's education cap covers: calendar year, or the school
    year September-August (setting `education-year`)."""
    if not school_year:
        return date.year, f"{date.year} 年"
    start = date.year if date.month >= 9 else date.year - 1
    return start, f"{start}—{start + 1} 学年"


def education_cap(archive: Archive, locality: str, level: SchoolLevel | None, date: datetime.date) -> Cap | None:
    standard = archive.standards.at(StandardKind.EDUCATION, locality, date, level)
    if standard is None:
        return None
    scope = f"（{standard.school_level.label}）" if standard.school_level is not None else ""
    why = f"{locality_name(archive, locality)}基本生活费{scope} {_yuan(standard.amount)} 元 × {EDUCATION_MONTHS} 个月"
    return Cap(standard.amount * EDUCATION_MONTHS, why)


def training_cap(archive: Archive, trade: str, date: datetime.date) -> Cap | None:
    standard = archive.standards.at(StandardKind.TRAINING, trade, date)
    if standard is None:
        return None
    return Cap(standard.amount, f"{trade}培训标准 {_yuan(standard.amount)} 元")


def legal_cap(archive: Archive, locality: str, date: datetime.date) -> Cap | None:
    standard = archive.standards.at(StandardKind.LEGAL, locality, date)
    standard = standard or archive.standards.at(StandardKind.LEGAL, WILDCARD, date)
    if standard is None:
        return None
    return Cap(standard.amount, f"法律援助每件补贴标准 {_yuan(standard.amount)} 元")


def festival_standard(archive: Archive, fund: Fund, date: datetime.date) -> tuple[str, Cap] | None:
    """(bucket, cap): a fund's own festival standard, else the all-funds one."""
    own = archive.standards.at(StandardKind.FESTIVAL, fund.value, date)
    if own is not None:
        return fund.value, Cap(own.amount, f"{fund.label}送温暖标准每户每年 {_yuan(own.amount)} 元")
    shared = archive.standards.at(StandardKind.FESTIVAL, WILDCARD, date)
    if shared is not None:
        return WILDCARD, Cap(shared.amount, f"送温暖标准每户每年 {_yuan(shared.amount)} 元")
    return None


def fund_cap(archive: Archive, fund: Fund, category: Category, date: datetime.date) -> Cap | None:
    """A fund's own explicit standard for a category (rule 7), if in force."""
    standard = archive.standards.at(StandardKind.FUND_CAP, fund.value, date, category=category)
    if standard is None:
        return None
    return Cap(standard.amount, f"{fund.label}{category.label}专项标准 {_yuan(standard.amount)} 元")


def explicit_fund(context: RuleContext, counted: Counted) -> Fund | None:
    """The line's fund if that fund has its own standard for the category."""
    line = counted.line
    if fund_cap(context.archive, line.fund, line.category, counted.date) is not None:
        return line.fund
    return None


def group(lines: Iterable[Counted], key: Callable[[Counted], Hashable | None]) -> dict[Hashable, list[Counted]]:
    """Lines by key, in ledger order; lines whose key is None are left out."""
    groups: dict[Hashable, list[Counted]] = defaultdict(list)
    for counted in lines:
        value = key(counted)
        if value is not None:
            groups[value].append(counted)
    return groups


def total(lines: Iterable[Counted]) -> Decimal:
    return sum((c.amount for c in lines), Decimal(0))


def crossing(lines: list[Counted], cap: Decimal) -> Counted | None:
    """If the net total exceeds `cap`, the line at which the running total
    first went over it; else None. Exactly at the cap passes; a reversal that
    brings the total back under the cap clears it."""
    if total(lines) <= cap:
        return None
    running = Decimal(0)
    for counted in sorted(lines, key=lambda c: c.order):
        running += counted.amount
        if running > cap:
            return counted
    return None


def over_cap_text(what: str, used: Decimal, cap: Cap) -> str:
    return f"{what}累计 {money(used)} 元，超过上限 {money(cap.amount)} 元（{cap.why}）"
