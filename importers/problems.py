"""Every problem of an import, for the officer: the first few on screen, the
whole list as a workbook beside the sheet (a copy of the sheet with each
offending cell highlighted and a 问题 column, and a 问题清单 sheet)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from importers.sheets import HEADER_ROWS, RowProblem, norm, read_grid
from ledger.cells import formula_like

SHOWN = 30  # problems printed in one run; the rest are in the list
FLAGGED = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" red


def list_path(sheet: Path) -> Path:
    return sheet.with_name(f"{sheet.stem}-问题清单.xlsx")


def write_list(sheet: Path, problems: list[RowProblem | str]) -> Path:
    """The problem list of one sheet, written beside it; returns its path."""
    book = Workbook()
    summary = book.active
    summary.title = "问题清单"
    summary.append(["文件", "工作表", "行", "列", "问题"])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for problem in problems:
        if isinstance(problem, RowProblem):
            place = problem.place
            row = [place.file, place.sheet, place.row, place.column, problem.text]
        else:
            row = [sheet.name, "", None, "", str(problem)]
        summary.append([_text(summary, value) for value in row])
    for letter, width in zip("ABCDE", (24, 18, 6, 16, 100), strict=True):
        summary.column_dimensions[letter].width = width
    by_sheet: dict[str, list[RowProblem]] = defaultdict(list)
    for problem in problems:
        if isinstance(problem, RowProblem):
            by_sheet[problem.place.sheet].append(problem)
    try:
        grid = read_grid(sheet)
    except ValueError:
        grid = {}
    for name, cells in grid.items():
        if name in by_sheet:
            _copy_flagged(book, name, cells, by_sheet[name])
    target = list_path(sheet)
    book.save(target)
    return target


def _copy_flagged(book: Workbook, name: str, cells: list[list[Any]], problems: list[RowProblem]) -> None:
    """The sheet as the officer wrote it, each cell at fault filled red with
    its problem as a comment, and every row's problems in a last column."""
    copy = book.create_sheet(name[:31] if name[:31] != "问题清单" else f"{name[:28]}(原表)")
    width = max((len(row) for row in cells), default=0)
    for row in cells:
        copy.append([_text(copy, value) for value in row])
    copy.cell(1, width + 1, "问题").font = Font(bold=True)
    notes: dict[int, list[str]] = defaultdict(list)
    for problem in problems:
        place = problem.place
        notes[place.row].append(f"{place.column}：{problem.text}" if place.column else problem.text)
        column = _column_of(cells, place.column)
        if column is not None and place.row >= 1:
            cell = copy.cell(place.row, column + 1)
            cell.fill = FLAGGED
            cell.comment = Comment(problem.text[:500], "bangfu")
    for number, texts in notes.items():
        cell = copy.cell(number, width + 1)
        cell.value = "；".join(texts)
        cell.data_type = "s"  # never a formula, whatever the text
        cell.fill = FLAGGED


def _column_of(cells: list[list[Any]], label: str) -> int | None:
    """The column whose header (in the rows a header may be in) is `label`."""
    if not label:
        return None
    wanted = norm(label)
    for row in cells[:HEADER_ROWS]:
        for index, value in enumerate(row):
            if value not in (None, "") and norm(value) == wanted:
                return index
    return None


def _text(sheet: Any, value: Any) -> Any:
    """A value as openpyxl should store it: text that looks like a formula
    stays text (openpyxl would make it a live formula)."""
    if formula_like(value):
        cell = Cell(sheet, value=None)
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if value is not None and not isinstance(value, (str, int, float, bool)) and not hasattr(value, "isoformat"):
        return str(value)  # e.g. a formula cell saved without its value
    return value
