"""Each sheet kind as a beangulp importer, built from its declaration
(importers/kinds.py): for `bangfu import`, for Fava's import page
(`custom "fava-option" "import-config" "<path>/importers/fava_config.py"`)
and for beangulp's own tools.

The narrow beangulp interface: identify a file by its headers, name its
account, extract entries (deduplicated by `import-key` against `existing`,
the ledger being imported into). `bangfu import` adds the fund-rule
pre-check and the atomic write; use it for writing, Fava's page for a look.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data

from importers.convert import Context
from importers.kinds import EXAMPLE_SHEET, KINDS, SheetKind
from importers.sheets import Place, RowProblem, RowProblems, Table, find_table, read_grid
from ledger.loader import Loaded
from ledger.vocab import reading_categories

Progress = Callable[[int, int], None]
Grid = dict[str, list[list[Any]]]  # every sheet's cells


@dataclass
class FilePlan:
    """What importing one file would write, and why not, row by row."""

    path: Path
    kind: SheetKind
    rows: int = 0
    entries: list[Any] = field(default_factory=list)
    duplicates: int = 0
    problems: list[RowProblem | str] = field(default_factory=list)  # every problem, each naming its cell
    notes: list[str] = field(default_factory=list)
    places: dict[str, Place | None] = field(default_factory=dict)  # import key -> where it came from

    @property
    def label(self) -> str:
        return self.kind.label


class SheetImporter(beangulp.Importer):
    """One kind of officer's sheet."""

    def __init__(self, kind: SheetKind, bank_account: str = "Assets:Bank:ICBC",
                 on: datetime.date | None = None) -> None:
        self.kind = kind
        self.bank_account = bank_account
        self.on = on  # the booking date of roster changes (default: today) and of a bank file without dates

    @property
    def name(self) -> str:
        return f"bangfu.{self.kind.name}"

    def identify(self, filepath: str) -> bool:
        try:
            grid = read_grid(Path(filepath))
        except Exception:
            return False
        return self.identifies_grid(Path(filepath), grid)

    def identifies_grid(self, path: Path, grid: Grid) -> bool:
        columns = self.kind.parts[0].columns
        sheets = ((name, cells) for name, cells in grid.items() if name != EXAMPLE_SHEET)
        return any(find_table(path, name, cells, columns, header_only=True) for name, cells in sheets)

    def account(self, filepath: str) -> data.Account:
        return self.bank_account

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        loaded = Loaded(Path(filepath), list(existing), [], {})
        context = Context.of(loaded)
        context.allow_repeat = True  # a look, not a write: beangulp/Fava mark likely duplicates themselves
        plan = self.plan(Path(filepath), context, self.on)
        return plan.entries

    def plan(self, path: Path, context: Context, on: datetime.date | None,
             progress: Progress = lambda done, total: None, grid: Grid | None = None) -> FilePlan:
        """Parse every row of every part, convert, and keep the entries the
        ledger (and the files planned before, which share `context`) lacks."""
        grid = grid if grid is not None else read_grid(path)
        plan = FilePlan(path, self.kind)
        tables = {part.name: _tables(path, grid, part.columns) for part in self.kind.parts}
        total = sum(len(t.rows) for found in tables.values() for t in found)
        records: dict[str, list[Any]] = {}
        with reading_categories(context.view.categories):  # the ledger's own categories (临时救助 …) too
            for part in self.kind.parts:
                records[part.name] = []
                for table in tables[part.name]:
                    for row in table.rows:
                        plan.rows += 1
                        progress(plan.rows, total)
                        try:
                            records[part.name].append(part.parse(row))
                        except RowProblems as found:
                            plan.problems += found.problems
            converted = self.kind.convert(context, path, records, on)
        plan.problems += converted.problems
        plan.notes += converted.notes
        plan.duplicates += converted.duplicates
        for entry, place in converted.entries:
            key = entry.meta["import-key"]
            if key in context.keys:
                plan.duplicates += 1
                continue
            context.keys.add(key)
            plan.entries.append(entry)
            plan.places[key] = place
        return plan


def _tables(path: Path, grid: Grid, columns: Any) -> list[Table]:
    """The tables of every sheet but a template's example sheet."""
    sheets = ((name, cells) for name, cells in grid.items() if name != EXAMPLE_SHEET)
    return [t for name, cells in sheets if (t := find_table(path, name, cells, columns)) is not None]


IMPORTERS = [SheetImporter(kind) for kind in KINDS.values()]


def importer_for(path: Path, importers: list[SheetImporter] = IMPORTERS) -> tuple[SheetImporter, Grid] | None:
    """The importer whose sheet this is, told by its headers, and the
    file's cells (read once for all of them)."""
    grid = read_grid(path)
    found = next((i for i in importers if i.identifies_grid(path, grid)), None)
    return (found, grid) if found is not None else None
