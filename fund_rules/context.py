"""What every rule needs, computed once per load: the typed archive, the
entries, payments by number, and each payment line's effective details
(a reversal counts against the same cap as the line it reverses)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from ledger.archive import Archive, HouseholdSnapshot
from ledger.payments import CategoryFields, Payment, PaymentLine
from ledger.vocab import Category


@dataclass(frozen=True, slots=True)
class Counted:
    """One payment line as counted against caps: reversals carry the
    original's category fields and a negative amount."""

    payment: Payment
    line: PaymentLine
    details: CategoryFields
    order: int  # position in the ledger, for "which payment crossed the cap"

    @property
    def amount(self) -> Decimal:
        return self.line.amount

    @property
    def date(self) -> datetime.date:
        return self.payment.date


@dataclass
class RuleContext:
    archive: Archive
    entries: list[Any]
    disabled: frozenset[str] = frozenset()
    by_link: dict[str, Payment] = field(default_factory=dict)
    counted: dict[Category, list[Counted]] = field(default_factory=dict)

    @classmethod
    def build(cls, archive: Archive, entries: list[Any], disabled: frozenset[str] = frozenset()) -> RuleContext:
        context = cls(archive, entries, disabled)
        for payment in archive.payments:
            if not payment.is_reversal:
                for link in payment.links:
                    context.by_link.setdefault(link, payment)
        counted: dict[Category, list[Counted]] = {category: [] for category in Category}
        for order, payment in enumerate(archive.payments):
            original = context.original(payment)
            if payment.is_reversal and (original is None or original.household != payment.household):
                continue  # S15 reports it; an unmatched reversal reduces nothing
            for line in payment.lines:
                details = line.details
                if original is not None:
                    match = next((o for o in original.lines if (o.fund, o.category) == (line.fund, line.category)), None)
                    if match is None:
                        continue
                    details = match.details
                counted[line.category].append(Counted(payment, line, details, order))
        context.counted = counted
        return context

    def original(self, payment: Payment) -> Payment | None:
        if payment.fields.reverses is None:
            return None
        return self.by_link.get(payment.fields.reverses)

    def household(self, archive_no: str, date: datetime.date) -> HouseholdSnapshot | None:
        record = self.archive.households.get(archive_no)
        if record is None or not record.events:
            return None
        return record.at(date)

    def payments(self) -> Iterator[Payment]:
        """Payments proper (not reversals) whose household is known."""
        for payment in self.archive.payments:
            if not payment.is_reversal and payment.household in self.archive.households:
                if self.archive.households[payment.household].events:
                    yield payment


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def card_tail(card: str | None) -> str:
    """Bank cards appear in messages by their last four digits only."""
    return f"尾号 {card[-4:]}" if card else "（无）"
