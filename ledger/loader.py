"""Load a ledger: beancount's loader (running the ledger's own plugins) and
the typed view the fund_rules plugin built during that load."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from beancount import loader

from ledger.errors import CODES, LedgerError, Severity
from ledger.view import LedgerView, StaleCache, view_of


@dataclass
class Loaded:
    """One load of a ledger: beancount's entries, errors and options, the
    typed view, and tables derived from them (built once, on first use)."""

    path: Path
    entries: list[Any]
    errors: list[Any]  # beancount's and every plugin's, in load order
    options: dict[str, Any]
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def view(self) -> LedgerView:
        return view_of(self.entries, self.options)


@dataclass(frozen=True)
class Problem:
    """An error flattened for display: where, which code, how bad, what."""

    filename: str
    lineno: int
    code: str
    severity: Severity
    message: str

    def line(self) -> str:
        return f"{self.filename}:{self.lineno}: [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "line": self.lineno,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


def load(path: str | Path, use_cache: bool = True) -> Loaded:
    """Load `path` with beancount, running the plugins named by its own
    `plugin` lines. `use_cache=False` ignores and removes beancount's pickle
    cache; a cache written by another version of bangfu is never used."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"找不到账本文件：{path}")
    if not use_cache:
        loader.initialize(use_cache=False)
    with _quiet_upgrade():
        entries, errors, options = loader.load_file(str(path))
    return Loaded(path, entries, list(errors), options)


@contextlib.contextmanager
def _quiet_upgrade() -> Iterator[None]:
    """beancount logs "Cache file is corrupted" when it discards a cache;
    when one of bangfu's stamps is why (other code, or other files in the
    ledger's folder), that is expected, not a fault."""

    def keep(record: logging.LogRecord) -> bool:
        return not (record.args and isinstance(record.args, tuple) and isinstance(record.args[0], StaleCache))

    root = logging.getLogger()
    root.addFilter(keep)
    try:
        yield
    finally:
        root.removeFilter(keep)


def problem_of(error: Any) -> Problem:
    """A bangfu error by its fields; anything else (beancount's own errors:
    syntax, balance, booking...) under code BC."""
    source = getattr(error, "source", None) or {}
    filename, lineno = str(source.get("filename", "<unknown>")), int(source.get("lineno", 0) or 0)
    if isinstance(error, LedgerError):
        return Problem(filename, lineno, error.code, error.severity, error.detail.strip())
    return Problem(filename, lineno, "BC", Severity.ERROR, str(getattr(error, "message", error)).strip())


def severity_of(code: str) -> Severity:
    known = CODES.get(code)
    return known.severity if known is not None else Severity.ERROR
