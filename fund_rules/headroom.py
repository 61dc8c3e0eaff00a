"""Headroom: how much each category may still pay a household on a date, and why.

Uses the same cap computations and the same counting (reversals included) as
the rules, so "may still pay" and "over the cap" can never disagree. Payments
dated after the as-of date are not counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from fund_rules.caps import (
    Cap,
    education_cap,
    education_period,
    explicit_fund,
    festival_standard,
    fund_cap,
    legal_cap,
    living_cap,
    training_cap,
)
from fund_rules.context import Counted, RuleContext
from ledger.archive import Archive
from ledger.identity import mask_id
from ledger.vocab import WILDCARD, Category, Fund, State

ZERO = Decimal(0)


@dataclass(frozen=True)
class Room:
    """One cap as it stands for the household on the as-of date."""

    category: Category
    subject: str  # what the cap is counted on: 本户, a student, a bill, a trade, a case, a fund
    cap: Decimal
    used: Decimal
    why: str

    @property
    def remaining(self) -> Decimal:
        return max(self.cap - self.used, ZERO)

    @property
    def over(self) -> bool:
        return self.used > self.cap


@dataclass(frozen=True)
class Headroom:
    archive_no: str
    as_of: datetime.date
    state: State | None
    rooms: tuple[Room, ...]

    @property
    def may_be_paid(self) -> bool:
        return self.state is State.ACTIVE

    def of(self, category: Category) -> list[Room]:
        return [room for room in self.rooms if room.category is category]


def headroom(context: RuleContext, archive_no: str, as_of: datetime.date) -> Headroom:
    """Headroom of one household on `as_of` (build the context once with
    `context_for` and reuse it for many households)."""
    household = context.household(archive_no, as_of)
    if household is None:
        raise KeyError(f"未知档案编号：{archive_no}")
    rooms: list[Room] = []
    for build in (_living, _festival, _education, _medical, _training, _legal):
        rooms.extend(build(context, archive_no, as_of))
    return Headroom(archive_no, as_of, household.state, tuple(rooms))


def context_for(archive: Archive, entries: list[Any] | None = None) -> RuleContext:
    return RuleContext.build(archive, entries or [])


def _lines(context: RuleContext, category: Category, archive_no: str, as_of: datetime.date) -> list[Counted]:
    return [c for c in context.counted[category] if c.payment.household == archive_no and c.date <= as_of]


def _used(lines: Iterable[Counted]) -> Decimal:
    return sum((c.amount for c in lines), ZERO)


def _explicit_rooms(context: RuleContext, category: Category, lines: list[Counted], as_of: datetime.date, subject: str):
    for fund in Fund:
        cap = fund_cap(context.archive, fund, category, as_of)
        if cap is not None:
            used = _used(c for c in lines if c.line.fund is fund and explicit_fund(context, c) is fund)
            yield Room(category, f"{subject}·{fund.label}", cap.amount, used, cap.why)


def _living(context: RuleContext, archive_no: str, as_of: datetime.date) -> Iterable[Room]:
    lines = [c for c in _lines(context, Category.LIVING, archive_no, as_of) if c.date.year == as_of.year]
    cap = living_cap(context.archive, archive_no, as_of.year)
    used = _used(c for c in lines if explicit_fund(context, c) is None)
    yield Room(Category.LIVING, f"本户 {as_of.year} 年", cap.amount, used, cap.why)
    yield from _explicit_rooms(context, Category.LIVING, lines, as_of, f"本户 {as_of.year} 年")


def _festival(context: RuleContext, archive_no: str, as_of: datetime.date) -> Iterable[Room]:
    lines = [c for c in _lines(context, Category.FESTIVAL, archive_no, as_of) if c.date.year == as_of.year]
    seen: set[str] = set()
    for fund in Fund:
        found = festival_standard(context.archive, fund, as_of)
        if found is None or found[0] in seen:
            continue
        scope, cap = found
        seen.add(scope)
        used = _used(c for c in lines if (festival_standard(context.archive, c.line.fund, c.date) or ("",))[0] == scope)
        subject = f"本户 {as_of.year} 年" + ("" if scope == WILDCARD else f"·{Fund.parse(scope).label}")
        yield Room(Category.FESTIVAL, subject, cap.amount, used, cap.why)


def _education(context: RuleContext, archive_no: str, as_of: datetime.date) -> Iterable[Room]:
    school_year = context.archive.options.get("education-year") == "school"
    period, label = education_period(as_of, school_year)
    household = context.household(archive_no, as_of)
    locality = household.fields.locality
    students = {m.id_number: m.fields.school_level for m in household.members if m.fields.school_level is not None}
    for c in _lines(context, Category.EDUCATION, archive_no, as_of):
        if c.details.student and education_period(c.date, school_year)[0] == period:
            students.setdefault(c.details.student, c.details.school_level)
    for student, level in sorted(students.items()):
        lines = [
            c
            for c in context.counted[Category.EDUCATION]
            if c.details.student == student and c.date <= as_of and education_period(c.date, school_year)[0] == period
        ]
        cap = education_cap(context.archive, locality, level, as_of) if locality else None
        subject = f"学生 {mask_id(student)} {label}"
        if cap is not None:
            yield Room(Category.EDUCATION, subject, cap.amount, _used(c for c in lines if explicit_fund(context, c) is None), cap.why)
        yield from _explicit_rooms(context, Category.EDUCATION, lines, as_of, subject)


def _medical(context: RuleContext, archive_no: str, as_of: datetime.date) -> Iterable[Room]:
    bills: dict[str, list[Counted]] = {}
    for c in _lines(context, Category.MEDICAL, archive_no, as_of):
        if c.details.bill and c.details.out_of_pocket is not None:
            bills.setdefault(c.details.bill, []).append(c)
    for bill, lines in sorted(bills.items()):
        out_of_pocket = min(c.details.out_of_pocket for c in lines if not c.payment.is_reversal)
        cap = Cap(out_of_pocket, f"票据 {bill} 个人自付 {out_of_pocket:,.2f} 元")
        yield Room(Category.MEDICAL, f"票据 {bill}", cap.amount, _used(lines), cap.why)


def _training(context: RuleContext, archive_no: str, as_of: datetime.date) -> Iterable[Room]:
    lines = [c for c in _lines(context, Category.TRAINING, archive_no, as_of) if c.date.year == as_of.year]
    trades = {c.details.trade for c in lines if c.details.trade}
    for trade in sorted(trades):
        cap = training_cap(context.archive, trade, as_of)
        if cap is not None:
            used = _used(c for c in lines if c.details.trade == trade and explicit_fund(context, c) is None)
            yield Room(Category.TRAINING, f"{trade} {as_of.year} 年", cap.amount, used, cap.why)


def _legal(context: RuleContext, archive_no: str, as_of: datetime.date) -> Iterable[Room]:
    household = context.household(archive_no, as_of)
    cap = legal_cap(context.archive, household.fields.locality or "", as_of)
    if cap is None:
        return
    cases: dict[str, list[Counted]] = {}
    for c in _lines(context, Category.LEGAL, archive_no, as_of):
        if c.details.case:
            cases.setdefault(c.details.case, []).append(c)
    for case, lines in sorted(cases.items()):
        yield Room(Category.LEGAL, f"案件 {case}", cap.amount, _used(lines), cap.why)
    yield Room(Category.LEGAL, "每件新案件", cap.amount, ZERO, cap.why)


def summary(loaded: Any, archive_no: str, as_of: datetime.date) -> list[str]:
    """Chinese lines of a household's headroom (the `bangfu.headroom` entry
    point used by the import pre-check)."""
    context = context_for(loaded.archive, loaded.entries)
    try:
        room = headroom(context, archive_no, as_of)
    except KeyError:
        return [f"档案 {archive_no} 不在账本中"]
    lines = [] if room.may_be_paid else [f"档案状态为“{room.state.label if room.state else '未建档'}”，不可帮扶"]
    for item in room.rooms:
        lines.append(
            f"{item.category.label} {item.subject}：上限 {item.cap:,.2f} 元，已用 {item.used:,.2f} 元，"
            f"可用 {item.remaining:,.2f} 元（{item.why}）"
        )
    return lines
