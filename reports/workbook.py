"""Shared openpyxl helpers: fixed metadata (same ledger in, same bytes out),
Chinese-friendly styles, print setup for A4."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from copy import copy
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "宋体"


def new_workbook(title: str, stamp: datetime.date) -> Workbook:
    book = Workbook()
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
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.cell(1, 1, title).font = Font(name=FONT, size=16, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    sheet.cell(2, 1, subtitle).font = Font(name=FONT, size=10)
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(3, col, header)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    row = 3
    styles: dict[str, object] = {}  # number format -> the body cell style, registered once
    for row, values in enumerate(rows, start=4):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            fmt = "@" if col in text_columns else "yyyy-mm-dd" if isinstance(value, datetime.date) else ""
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
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return row


_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _pin_modified(core: bytes) -> bytes:
    """openpyxl stamps `modified` with the clock at save time; use `created`."""
    created = _CREATED.search(core)
    if created is None:
        return core
    return _MODIFIED.sub(lambda m: m.group(1) + created.group(1) + m.group(2), core)


MONEY = "#,##0.00"


def format_money(sheet, first_col: int, last_col: int, last_row: int, first_row: int = 4) -> None:
    """Amount columns shown with two decimals and thousands separators."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.number_format = MONEY


def save(book: Workbook, path: Path) -> Path:
    """Write the workbook with fixed zip timestamps, so the same ledger gives
    byte-identical files that can be diffed and checksummed."""
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _pin_modified(data)
            target.writestr(fixed, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)
    return path
