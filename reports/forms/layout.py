"""A form on one A4 page: a grid of eight boxed columns, label and value
pairs, small tables and opinion boxes with 盖章 / 年 月 日."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.workbook import BOX, FONT, PAGE_NUMBERS, lines_for, new_workbook

COLUMNS = 8
WIDTH = 11.5  # each of the eight columns: together an A4 portrait page
STAMP = "（盖章）　　　　年　　月　　日"


class Form:
    """Rows appended top to bottom on one portrait A4 page."""

    def __init__(self, title: str, stamp: datetime.date) -> None:
        self.book: Workbook = new_workbook(title, stamp)
        self.sheet: Worksheet = self.book.active
        self.sheet.title = title[:31]
        self.row = 1
        for col in range(1, COLUMNS + 1):
            self.sheet.column_dimensions[get_column_letter(col)].width = WIDTH
        setup = self.sheet.page_setup
        setup.orientation, setup.paperSize = "portrait", Worksheet.PAPERSIZE_A4
        setup.fitToWidth, setup.fitToHeight = 1, 1
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.page_margins.left = self.sheet.page_margins.right = 0.5
        self.sheet.oddFooter.center.text = PAGE_NUMBERS
        self.line(title, size=16, bold=True, center=True, height=30)

    def _cell(self, row: int, first: int, last: int, value: Any, *, bold: bool = False, box: bool = True,
              center: bool = False, size: float = 10.5) -> None:
        if last > first:
            self.sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        cell = self.sheet.cell(row, first, value)
        cell.font = Font(name=FONT, bold=bold, size=size)
        cell.alignment = Alignment(horizontal="center" if center else "left", vertical="center", wrap_text=True)
        if isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        if box:
            for col in range(first, last + 1):
                self.sheet.cell(row, col).border = BOX

    def line(self, text: str, *, size: float = 10.5, bold: bool = False, center: bool = False, height: float = 18) -> None:
        self._cell(self.row, 1, COLUMNS, text, bold=bold, box=False, center=center, size=size)
        self.sheet.row_dimensions[self.row].height = height
        self.row += 1

    def section(self, text: str) -> None:
        self._cell(self.row, 1, COLUMNS, text, bold=True, center=True)
        self.row += 1

    def pairs(self, items: Iterable[tuple[str, Any]]) -> None:
        """Label and value, two pairs a row (label one column, value three)."""
        items = list(items)
        for start in range(0, len(items), 2):
            for offset, (label, value) in enumerate(items[start:start + 2]):
                first = 1 + offset * 4
                self._cell(self.row, first, first, label, bold=True, center=True)
                self._cell(self.row, first + 1, first + 3, "" if value is None else value)
            if len(items[start:start + 2]) == 1:
                self._cell(self.row, 5, 8, "")
            row_items = items[start:start + 2]
            lines = max(max(lines_for(label, WIDTH), lines_for(str(value or ""), 3 * WIDTH)) for label, value in row_items)
            self.sheet.row_dimensions[self.row].height = max(20, 14 * lines)
            self.row += 1

    def wide(self, label: str, value: Any, height: float = 20) -> None:
        """A label and a value across the page."""
        self._cell(self.row, 1, 1, label, bold=True, center=True)
        self._cell(self.row, 2, COLUMNS, "" if value is None else value)
        lines = max(lines_for(label, WIDTH), lines_for(str(value or ""), (COLUMNS - 1) * WIDTH))
        self.sheet.row_dimensions[self.row].height = max(height, 14 * lines)
        self.row += 1

    def table(self, headers: Sequence[str], spans: Sequence[int], rows: Iterable[Sequence[Any]], empty: int = 0) -> None:
        """A small table: each column spans `spans` grid columns (they add up to 8)."""
        def put(values: Sequence[Any], bold: bool = False) -> None:
            col = 1
            for value, span in zip(values, spans, strict=True):
                self._cell(self.row, col, col + span - 1, value, bold=bold, center=bold)
                col += span
            self.sheet.row_dimensions[self.row].height = 18
            self.row += 1

        put(headers, bold=True)
        written = 0
        for values in rows:
            put(values)
            written += 1
        for _ in range(max(0, empty - written)):  # room to write by hand
            put([""] * len(headers))

    def box(self, label: str, text: str = "", lines: int = 4, signature: str = STAMP) -> None:
        """An opinion box: label on the left, room to write, the signature line."""
        first = self.row
        self._cell(first, 1, 1, label, bold=True, center=True)
        self._cell(first, 2, COLUMNS, f"{text}\n\n{' ' * 40}{signature}")
        self.sheet.row_dimensions[first].height = 18 * lines
        self.row += 1
