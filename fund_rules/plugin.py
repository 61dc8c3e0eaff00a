"""The plugin entry point: pure function entries, options, config -> entries, errors."""

from __future__ import annotations

from typing import Any

from ledger.archive import read_archive
from fund_rules.structural import STRUCTURAL_CHECKS


def fund_rules(entries: list[Any], options_map: dict[str, Any], config: str | None = None):
    """Read the typed archive once, run every check over it, return the
    entries unchanged with the errors found."""
    archive, errors = read_archive(entries)
    found: list[Any] = list(errors)
    for check in STRUCTURAL_CHECKS:
        found.extend(check(archive, entries))
    return entries, found


def check_entries(entries: list[Any]) -> list[Any]:
    """The plugin's errors for already-loaded entries (for ledgers that do not
    name the plugin, and for the importers' pre-check)."""
    return fund_rules(entries, {})[1]
