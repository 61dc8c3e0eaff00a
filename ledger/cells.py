"""Text bound for a spreadsheet cell. Excel (and openpyxl, which writes
any string starting with `=` as a formula) reads text starting with one of
these characters as a formula: every xlsx bangfu writes stores such text as
text (reports/workbook.py, importers/problems.py)."""

from __future__ import annotations

FORMULA_LEAD = ("=", "+", "-", "@")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEAD)
