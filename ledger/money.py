"""Money: the ledger's one currency, exact fen, and how amounts are written
in Chinese text (messages, consoles, pages)."""

from __future__ import annotations

from decimal import Decimal
from typing import SupportsInt

CURRENCY = "CNY"
CENT = Decimal("0.01")


def money(amount: Decimal | int | float) -> str:
    """1234.5 -> "1,234.50": two decimals, thousands separated."""
    return f"{amount:,.2f}"


def yuan(amount: Decimal) -> str:
    """A standard as written in a cap's explanation: 620 -> "620", 45.5 -> "45.50"."""
    return f"{amount.normalize():f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def to_fen(amount: Decimal) -> int:
    """Yuan to integer fen, for exact sums in tables."""
    return int((amount * 100).to_integral_value())


def from_fen(fen: SupportsInt) -> Decimal:
    """Integer fen (also a pandas or NumPy integer sum) to yuan."""
    return (Decimal(int(fen)) / 100).quantize(CENT)
