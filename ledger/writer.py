"""Ledger text for writing: entries formatted as beancount prints them, and
text that beancount cannot parse refused before it reaches a file. Writing
itself is ledger/transaction.py's (lock, journal, atomic commit)."""

from __future__ import annotations

from collections.abc import Iterable

from beancount.core.data import Directive
from beancount.parser import parser, printer


class LedgerWriteError(Exception):
    """Raised when a write is refused; the message is Chinese and names the file."""


def format_entries(entries: Iterable[Directive]) -> str:
    """Beancount text of `entries`, one blank line between directives."""
    return "\n".join(printer.format_entry(entry) for entry in entries)


def check_parses(text: str, where: str) -> None:
    """Refuse text with syntax errors before it reaches a ledger file."""
    _entries, errors, _options = parser.parse_string(text)
    if errors:
        first = errors[0]
        line = (first.source or {}).get("lineno", "?")
        raise LedgerWriteError(f"拒绝写入 {where}：待写入内容第 {line} 行无法解析（{first.message}），未写入任何内容")
