"""The one error type of bangfu, and the registry of its stable codes.

Every problem bangfu reports is a `LedgerError`: a beancount-style error
NamedTuple (`source, message, entry`, so bean-check and Fava show it) that
also carries its code, severity and subject (fund, household, payment) as
fields. The message starts with `[CODE] ` for people reading bean-check or
Fava; programs read the fields and never parse the message.

Each code is declared once, as a `Code` (ledger's reading codes S01-S07
below; fund_rules declares the rest); docs/rules.md lists them all, and a
test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from ledger.vocab import Fund


class Severity(StrEnum):
    ERROR = "error"  # makes `bangfu check` exit 1
    WARNING = "warning"  # shown, exit status unchanged


class LedgerError(NamedTuple):
    """A problem found in a ledger. The type name must equal this module
    attribute's name, or beancount's pickle cache cannot restore it."""

    source: dict[str, Any] | None
    message: str  # "[R03] ..." as bean-check and Fava show it
    entry: Any
    code: str
    severity: Severity
    detail: str  # the Chinese text after the code
    fund: Fund | None = None
    household: str | None = None  # archive number
    payment: str | None = None  # payment number (the payment's link)


@dataclass(frozen=True)
class Code:
    """One stable error code: `R03.at(entry, "...")` makes its error."""

    code: str
    severity: Severity
    title: str  # Chinese, shown to officers and auditors
    title_en: str

    def at(
        self,
        entry: Any,
        detail: str,
        *,
        fund: Fund | None = None,
        household: str | None = None,
        payment: str | None = None,
        source: dict[str, Any] | None = None,
    ) -> LedgerError:
        """This code's error at `entry` (or at `source` when there is no entry)."""
        return LedgerError(
            source if source is not None else source_of(entry),
            f"[{self.code}] {detail}",
            entry,
            self.code,
            self.severity,
            detail,
            fund,
            household,
            payment,
        )


CODES: dict[str, Code] = {}


def declare(code: str, severity: Severity, title: str, title_en: str) -> Code:
    """Declare a code once; declaring it again is a programming error."""
    if code in CODES:
        raise ValueError(f"error code {code} declared twice")
    CODES[code] = declared = Code(code, severity, title, title_en)
    return declared


def source_of(entry: Any) -> dict[str, Any] | None:
    meta = getattr(entry, "meta", None)
    if not meta:
        return None
    return {"filename": meta.get("filename", "<unknown>"), "lineno": meta.get("lineno", 0)}


E, W = Severity.ERROR, Severity.WARNING

# Codes raised while reading directives into the typed view (ledger/view.py).
S01 = declare("S01", E, "指令字段缺失或格式错误", "malformed or missing directive metadata")
S02 = declare("S02", E, "未知指令类型或参数错误", "unknown custom directive or wrong arguments")
S03 = declare("S03", E, "档案事件顺序错误", "household event before the household is archived")
S04 = declare("S04", E, "付款字段缺失或格式错误", "malformed or missing payment metadata")
S05 = declare("S05", E, "类别必填字段缺失", "category-specific payment field missing")
S06 = declare("S06", E, "未知选项", "unknown bangfu-option")
S07 = declare("S07", E, "未知地区或地区声明重复", "unknown or duplicate locality")
