"""Build beancount directives in code (for importers and `bangfu archive`),
so that written text always goes through beancount's own printer."""

from __future__ import annotations

import datetime
from typing import Any

from beancount.core import account, data
from beancount.parser.grammar import ValueType

# The file name entries carry between being built and being written: what a
# command is about to write (ledger/seal.py counts them as the ledger's own,
# unlike entries a plugin makes).
BUILT = "<bangfu>"
IMPORTED = "<import>"
STAGED = frozenset({BUILT, IMPORTED})


def custom(date: datetime.date, kind: str, values: list[Any], meta: dict[str, Any] | None = None) -> data.Custom:
    """`date custom "kind" values...` with user metadata `meta`."""
    typed = [value if isinstance(value, ValueType) else ValueType(value, type(value)) for value in values]
    return data.Custom(data.new_metadata(BUILT, 0, meta or {}), date, kind, typed)


def account_value(name: str) -> ValueType:
    """An account as a value of a custom directive (printed bare, not quoted)."""
    return ValueType(name, account.TYPE)  # type: ignore[arg-type]  # beancount's marker for an account
