"""Every posting of a ledger as the union's books see it: date, account, its
code and name in the chart, debit or credit (one table per load, which the
vouchers and statements read)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core.data import Document, Transaction

from ledger.books import BookAccount, book_accounts
from ledger.loader import Loaded

ZERO = Decimal(0)


@dataclass(frozen=True)
class Posting:
    date: datetime.date
    entry: Transaction
    order: int  # the transaction's place in the ledger
    account: str
    booked: BookAccount
    amount: Decimal  # beancount's sign: positive = 借方 (debit), negative = 贷方 (credit)

    @property
    def debit(self) -> Decimal:
        return self.amount if self.amount > 0 else ZERO

    @property
    def credit(self) -> Decimal:
        return -self.amount if self.amount < 0 else ZERO


def postings(loaded: Loaded) -> list[Posting]:
    """Every posting in CNY, in ledger order (once per load)."""
    found: list[Posting] | None = loaded.derived.get("book-postings")
    if found is None:
        accounts = book_accounts(loaded.view)
        found = []
        for order, entry in enumerate(loaded.entries):
            if not isinstance(entry, Transaction):
                continue
            for posting in entry.postings:
                units = posting.units
                if units is None or units.number is None or units.currency != "CNY" or posting.account not in accounts:
                    continue
                found.append(Posting(entry.date, entry, order, posting.account, accounts[posting.account], units.number))
        loaded.derived["book-postings"] = found
    return found


def attachments(loaded: Loaded) -> dict[int, int]:
    """How many documents each transaction has (by id): `document` entries
    sharing a link with it (Fava's link_documents) and its `document*:` keys."""
    found: dict[int, int] | None = loaded.derived.get("book-attachments")
    if found is None:
        by_link: dict[str, int] = {}
        for entry in loaded.entries:
            if isinstance(entry, Document):
                for link in entry.links or ():
                    by_link[link] = by_link.get(link, 0) + 1
        found = {}
        for entry in loaded.entries:
            if isinstance(entry, Transaction):
                meta: dict[str, Any] = entry.meta or {}
                own = sum(1 for key in meta if key.startswith("document"))
                linked = sum(by_link.get(link, 0) for link in entry.links or () if link.startswith("dok-"))
                found[id(entry)] = max(own, linked)
        loaded.derived["book-attachments"] = found
    return found
