"""Load a ledger: beancount's loader (running the ledger's own plugins) plus
the typed archive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader

from ledger.archive import Archive, read_archive
from ledger.errors import CODES, split_code


@dataclass
class Loaded:
    path: Path
    entries: list[Any]
    errors: list[Any]  # beancount's and every plugin's, in load order
    options: dict[str, Any]
    archive: Archive


@dataclass(frozen=True)
class Problem:
    """An error flattened for display: where, which code, how bad, what."""

    filename: str
    lineno: int
    code: str
    severity: str
    message: str

    def line(self) -> str:
        return f"{self.filename}:{self.lineno}: [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "line": self.lineno,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def load(path: str | Path, use_cache: bool = True) -> Loaded:
    """Load `path` with beancount, running the plugins named by its own
    `plugin` lines. `use_cache=False` ignores and removes beancount's pickle
    cache (which is keyed on file times only, not on plugin code)."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"找不到账本文件：{path}")
    if not use_cache:
        loader.initialize(use_cache=False)
    entries, errors, options = loader.load_file(str(path))
    archive, _ = read_archive(entries)
    return Loaded(path, entries, list(errors), options, archive)


def problem_of(err: Any) -> Problem:
    source = getattr(err, "source", None) or {}
    code, text = split_code(str(getattr(err, "message", err)))
    if code is None:
        code, severity = "BC", "error"  # beancount's own (syntax, balance, booking...)
    else:
        severity = CODES[code].severity if code in CODES else "error"
    return Problem(
        filename=str(source.get("filename", "<unknown>")),
        lineno=int(source.get("lineno", 0) or 0),
        code=code,
        severity=severity,
        message=text.strip(),
    )
