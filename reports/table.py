"""One table of payment lines, derived once from the loaded ledger (pandas),
from which every report is built - so the reports agree with each other and
with Fava to the fen. Amounts are kept as integer fen (分) for exact sums."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ledger.loader import Loaded

COLUMNS = [
    "date", "year", "month", "payment_no", "household", "name", "id_number", "work_unit", "locality", "level",
    "hardship", "fund", "fund_label", "category", "category_label", "fen", "method", "card", "approval",
    "reversal", "reverses", "note", "entry_id",
]


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_fen(fen: int) -> Decimal:
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def payments_table(loaded: Loaded) -> pd.DataFrame:
    """Every aid posting of every payment and reversal, with the household
    as archived on the payment date."""
    archive = loaded.archive
    by_link = {link: p for p in archive.payments if not p.is_reversal for link in p.links}
    rows = []
    for payment in archive.payments:
        household = archive.household(payment.household, payment.date)
        fields = household.fields if household is not None else None
        original = by_link.get(payment.fields.reverses) if payment.is_reversal else None
        own_links = sorted(l for l in payment.links if not l.startswith("dok-"))
        method = payment.fields.method or (original.fields.method if original else None)
        card = payment.fields.card or (original.fields.card if original else None)
        if card is None and fields is not None and method is not None and method.value == "bank":
            card = fields.card
        note = payment.fields.note or ""
        if payment.is_reversal:
            note = f"冲销原付款 {payment.fields.reverses}" + (f"：{payment.fields.reason}" if payment.fields.reason else "")
        for line in payment.lines:
            rows.append((  # in COLUMNS order
                payment.date,  # date
                payment.date.year,  # year
                payment.date.month,  # month
                own_links[0] if own_links else "",  # payment_no
                payment.household,  # household
                (fields.name if fields else None) or payment.payee or "",  # name
                (fields.id_number if fields else None) or "",  # id_number
                (fields.work_unit if fields else None) or "",  # work_unit
                (fields.locality if fields else None) or "",  # locality
                fields.level.label if fields is not None and fields.level else "",  # level
                fields.hardship.label if fields is not None and fields.hardship else "",  # hardship
                line.fund.value,  # fund
                line.fund.label,  # fund_label
                line.category.value,  # category
                line.category.label,  # category_label
                to_fen(line.amount),  # fen
                method.label if method else "",  # method
                card or "",  # card
                payment.fields.approval or (original.fields.approval if original else "") or "",  # approval
                payment.is_reversal,  # reversal
                payment.fields.reverses or "",  # reverses
                note,  # note
                id(payment.entry),  # entry_id
            ))
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    return frame.sort_values(["date", "payment_no", "reversal"], kind="stable").reset_index(drop=True)



def movements_table(loaded: Loaded) -> pd.DataFrame:
    """Every change of a fund's money: receipts, aid and reversals, other
    moves (opening balances), by date, in fen."""
    from beancount.core.data import Transaction

    from ledger.accounts import asset_pot, income_fund, parse_aid_account

    rows = []
    for entry in loaded.entries:
        if not isinstance(entry, Transaction):
            continue
        reversal = "reverses" in entry.meta
        kinds = set()
        for posting in entry.postings:
            if income_fund(posting.account) is not None:
                kinds.add("receipt")
            elif parse_aid_account(posting.account) is not None:
                kinds.add("reversal" if reversal else "aid")
        kind = "receipt" if "receipt" in kinds else "reversal" if "reversal" in kinds else "aid" if kinds else "other"
        for posting in entry.postings:
            pot = asset_pot(posting.account)
            if pot is None or posting.units is None:
                continue
            rows.append({"date": entry.date, "year": entry.date.year, "month": entry.date.month, "fund": pot.fund.value,
                         "kind": kind, "fen": to_fen(posting.units.number)})
    return pd.DataFrame(rows, columns=["date", "year", "month", "fund", "kind", "fen"])
