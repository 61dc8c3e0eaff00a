"""Shared openpyxl helpers: fixed metadata (same ledger in, same bytes out),
Chinese-friendly styles, print setup for A4."""

from __future__ import annotations

import datetime
import io
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ledger.cells import FORMULA_LEAD, formula_like

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "宋体"
PAGE_NUMBERS = "第 &P 页 共 &N 页"  # every printed page of every table (Excel's header/footer codes)


def new_workbook(title: str, stamp: datetime.date, write_only: bool = False) -> Workbook:
    book = Workbook(write_only=write_only)
    props = book.properties
    fixed = datetime.datetime.combine(stamp, datetime.time())
    props.creator = props.lastModifiedBy = "bangfu"
    props.created = props.modified = fixed
    props.title = title
    return book


def write_table(
    sheet,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
    text_columns: Sequence[int] = (),
) -> int:
    """Title, subtitle, a boxed table; returns the last row written.
    `text_columns` (1-based) are stored as text so numbers keep every digit."""
    columns = len(headers)
    span = sum(widths[:columns])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.cell(1, 1, title).font = Font(name=FONT, size=16, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 24 * lines_for(title, span / 1.6)  # 16-point title: wider characters
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    sheet.cell(2, 1, subtitle).font = Font(name=FONT, size=10)
    sheet.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[2].height = 14 * lines_for(subtitle, span)
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(3, col, header)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    row = 3
    sheet.row_dimensions[3].height = 15 * max(lines_for(h, w) for h, w in zip(headers, widths, strict=False))
    styles: dict[str, object] = {}  # number format -> the body cell style, registered once
    for row, values in enumerate(rows, start=4):
        lines = 1
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            if isinstance(value, str) and col <= len(widths):
                lines = max(lines, lines_for(value, widths[col - 1]))
            # a date stays a date, even in a column of text
            fmt = "yyyy-mm-dd" if isinstance(value, datetime.date) else "@" if col in text_columns else ""
            known = styles.get(fmt)
            if known is not None:
                # Copying the style array skips openpyxl's per-cell style
                # lookups, which dominate on large tables (same output).
                cell._style = copy(known)
                continue
            cell.font = Font(name=FONT)
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if fmt:
                cell.number_format = fmt
            styles[fmt] = copy(cell._style)
        if lines > 1:  # wrapped text gets the height it needs (spreadsheets do not grow rows on their own)
            sheet.row_dimensions[row].height = 15 * lines
    page_setup(sheet, widths)
    return row


def lines_for(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide
    (a Chinese character takes two)."""
    shown = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return max(1, -(-shown // max(1, int(width) - 1)))


MONEY = "#,##0.00"


def total_row(sheet: Worksheet, row: int, values: Sequence[object], money_from: int | None = None) -> int:
    """A bold, boxed 合计 row below a table (outside the range its chart
    reads); columns from `money_from` (1-based) show money. Returns its row."""
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row, col, value)
        cell.font = Font(name=FONT, bold=True)
        cell.border = BOX
        if money_from is not None and col >= money_from:
            cell.number_format = MONEY
    return row
SIGN_OFF = "单位负责人：　　　　　　财务负责人：　　　　　　制表人：　　　　　　制表日期：　　　年　　月　　日"


def sign_off(sheet: Worksheet, after: int) -> int:
    """The signature line of a statement an officer signs and stamps, one
    row below the table; returns its row."""
    row = after + 2
    sheet.cell(row, 1, SIGN_OFF).font = Font(name=FONT)
    return row


def format_money(sheet, first_col: int, last_col: int, last_row: int, first_row: int = 4) -> None:
    """Amount columns shown with two decimals and thousands separators."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.number_format = MONEY


FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class _PinnedZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed timestamp, so the same ledger
    gives byte-identical files that can be diffed and checksummed."""

    @staticmethod
    def _pinned(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._pinned(name), data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl's write-only sheets arrive as temporary files
        info = self._pinned(arcname or Path(filename).name)
        with open(filename, "rb") as source, self.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _write(book: Workbook, target: str | Path | IO[bytes]) -> None:
    """The workbook as xlsx with fixed zip timestamps (and the fixed
    `modified` stamp set by new_workbook, which openpyxl's own save would
    overwrite with the clock). Every save and download comes here, so here
    every cell written passes `defuse` (a write-only sheet's cells pass it as
    they stream, in _cells_as_they_are)."""
    if not book.write_only:
        for sheet in book.worksheets:
            for cell in sheet._cells.values():  # the cells written, not every cell of the range
                defuse(cell)
    with _PinnedZip(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def defuse(cell: Cell) -> None:
    """The one rule for text in a cell bangfu writes: text starting with `=`,
    `+`, `-` or `@` (ledger/cells.py; openpyxl writes any string starting
    with `=` as a formula) or an error code such as `#N/A` is stored as the
    text it is, with a quote prefix so that Excel keeps it text when the cell
    is edited. Numbers (negative ones too) and dates stay as they are;
    bangfu itself writes no formulas. A streamed cell, reused row after row,
    loses the prefix again for the next value."""
    value = cell._value
    quoted = formula_like(value) or (type(value) is str and value in ERROR_CODES)
    if quoted:
        cell.data_type = "s"
    if quoted != cell.quotePrefix:
        # a copy: a streamed cell's style array is already in the workbook's style list
        cell._style = copy(cell._style)
        cell.quotePrefix = quoted


def save(book: Workbook, path: Path) -> Path:
    """Write the workbook to `path`, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    _write(book, tmp)
    tmp.replace(path)
    return path


def to_bytes(book: Workbook) -> bytes:
    """The workbook's file, built in memory (a download leaves no file behind)."""
    buffer = io.BytesIO()
    _write(book, buffer)
    return buffer.getvalue()


class _StyledCell(Cell):
    """A write-only cell reused for every row of its column. openpyxl looks
    a cell's style up in the workbook's style list each time it writes the
    cell (hashing the style array in Python); this cell remembers the id
    for as long as its style stays the same (a date may still change it)."""

    __slots__ = ("_known",)

    @property
    def style_id(self) -> int:
        key = self._style.tobytes()
        known = getattr(self, "_known", None)
        if known is None or known[0] != key:
            known = self._known = (key, Cell.style_id.fget(self))
        return known[1]


def styled(sheet, *, bold: bool = False, size: float | None = None, border: bool = True, horizontal: str | None = None,
           wrap: bool = False, number_format: str | None = None) -> Cell:
    """One styled cell of a write-only sheet, to be filled and appended row
    after row: the style is resolved once, not per cell (100k-row tables)."""
    cell = _StyledCell(sheet, row=1, column=1)
    cell.font = Font(name=FONT, bold=bold, size=size)
    if border:
        cell.border = BOX
    if horizontal or wrap:
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
    if number_format:
        cell.number_format = number_format
    return cell


def append_styled(sheet, cells: Sequence[Cell | None], values: Sequence[object]) -> None:
    """Append one row of a write-only sheet through its styled cells. Once a
    sheet is written this way, every row appended to it must be cells (or
    None for an empty cell)."""
    for cell, value in zip(cells, values, strict=True):
        if cell is not None:
            _bind(cell, value)
    if sheet.__dict__.get("_values_to_row") is not _cells_as_they_are:
        sheet._values_to_row = _cells_as_they_are
    sheet.append(cells)


def _bind(cell: Cell, value: object) -> None:
    """`cell.value = value`, with openpyxl's type inference skipped for the
    plain text and numbers that make up nearly every cell of a large table
    (same result: text that openpyxl would treat specially - too long or with
    control characters - takes its own path; text that looks like a formula
    or an error code is kept text by `defuse` as the row is written)."""
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        if len(text) > 32767 or ILLEGAL_CHARACTERS_RE.search(text):
            cell.value = value
        else:
            cell._value, cell.data_type = text, "s"
    elif kind is int or kind is float or value is None:
        cell._value, cell.data_type = value, "n"
    else:
        cell.value = value


_SPECIAL_FIRST = frozenset(text[0] for text in (*FORMULA_LEAD, *ERROR_CODES))  # what `defuse` may act on


def _cells_as_they_are(cells: Sequence[Cell | None], row_idx: int):
    """Stands in for openpyxl's WriteOnlyWorksheet._values_to_row, which first
    tries each appended value as a cell value - for a cell that raises (and
    formats) an exception, then makes a fresh cell for the next column: half
    the time of a styled table went there. Every cell of a streamed row
    passes `defuse` here, as every cell of a saved sheet does in _write
    (calling it only for text that may start like a formula or an error
    code, or for a cell that held such text in an earlier row)."""
    for col_idx, cell in enumerate(cells, 1):
        if cell is not None:
            value = cell._value
            if (type(value) is str and value[:1] in _SPECIAL_FIRST) or cell._style.quotePrefix:
                defuse(cell)
            cell.column = col_idx
            cell.row = row_idx
            yield cell


def page_setup(sheet, widths: Sequence[int], title_rows: str = "3:3", freeze: str = "A4") -> None:
    """Column widths, frozen header, header repeated on every page, A4
    landscape fitted to the page width (before any row of a write-only sheet)."""
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = freeze
    sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = PAGE_NUMBERS
    sheet.oddFooter.center.font = FONT
