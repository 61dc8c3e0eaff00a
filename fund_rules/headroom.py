"""Headroom: how much each category may still pay a household on a date, and why.

Every room is one bucket of a cap declaration (fund_rules/caps.py), counted
by the same index and capped by the same function the rule uses, asked for
the payment the household could receive on the as-of date: paying exactly a
room's remaining amount passes the rule, one fen more does not. Payments
dated after the as-of date are not counted, nor a reversal of one.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fund_rules.caps import Bucket, Probe, headroom_rules, index, total
from ledger.fields import construct
from ledger.loader import Loaded
from ledger.money import money
from ledger.payments import CategoryFields
from ledger.view import LedgerView
from ledger.vocab import Category, Fund, State


@dataclass(frozen=True)
class Room:
    """One cap as it stands for the household on the as-of date."""

    category: Category
    subject: str  # what the cap is counted on: 本户, a student, a bill, a trade, a case
    cap: Decimal
    used: Decimal
    why: str
    fund: Fund | None = None  # the fund held to its own standard; None: the cap the other funds share
    details: Mapping[str, Any] = field(default_factory=dict)  # what a payment into this room carries

    @property
    def remaining(self) -> Decimal:
        """What may still be paid; negative when the cap is overspent (never
        hidden as 0: an overspent cap is what an auditor looks for)."""
        return self.cap - self.used

    @property
    def over(self) -> bool:
        return self.used > self.cap

    @property
    def overspent(self) -> str:
        """"超 340.00" when the cap is overspent, else ""."""
        return f"超 {money(self.used - self.cap)}" if self.over else ""


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


def headroom(view: LedgerView, archive_no: str, as_of: datetime.date) -> Headroom:
    """Headroom of one household on `as_of`; KeyError for an unknown archive."""
    household = view.household(archive_no, as_of)
    if household is None:
        raise KeyError(f"未知档案编号：{archive_no}")
    rooms: list[Room] = []
    for rule in headroom_rules(view):
        buckets = index(view, rule)
        for unit, details in rule.units_at(view, archive_no, as_of):
            probe = Probe(archive_no, as_of, construct(CategoryFields, details))
            for fund in rule.funds_at(view, as_of):
                lines = [c for c in buckets.get(Bucket(unit, fund), ()) if c.counts_from <= as_of]
                cap = rule.cap(view, Bucket(unit, fund), lines, probe)
                if cap is not None:
                    subject = rule.subject(view, unit) + (f"·{fund.label}" if fund else "")
                    rooms.append(Room(rule.category, subject, cap.amount, total(lines), cap.why, fund, details))
    return Headroom(archive_no, as_of, household.state, tuple(rooms))


def summary(loaded: Loaded, archive_no: str, as_of: datetime.date) -> list[str]:
    """Chinese lines of a household's headroom (the `bangfu.headroom` entry
    point used by the import pre-check)."""
    try:
        found = headroom(loaded.view, archive_no, as_of)
    except KeyError:
        return [f"档案 {archive_no} 不在账本中"]
    state = found.state.label if found.state else "未建档"
    lines = [] if found.may_be_paid else [f"档案状态为“{state}”，不可帮扶"]
    for room in found.rooms:
        lines.append(
            f"{room.category.label} {room.subject}：上限 {money(room.cap)} 元，已用 {money(room.used)} 元，"
            f"可用 {money(room.remaining)} 元{'，' + room.overspent + ' 元' if room.over else ''}（{room.why}）"
        )
    return lines
