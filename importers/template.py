"""`bangfu template KIND`: a blank sheet of a kind, written from its
declaration (importers/kinds.py): the headers (required ones bold), a
dropdown for every closed vocabulary (fund, category, method, school level,
是/否), ID and card columns wide and formatted as text, and the kind's
example row on a sheet of its own that imports skip."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from importers.kinds import EXAMPLE_SHEET, SheetKind
from importers.sheets import Column

ROWS = 2000  # rows prepared below the header (text format, dropdowns)


def write_template(kind: SheetKind, output: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for part in kind.parts:
        sheet = book.create_sheet(part.sheet)
        sheet.append([c.header for c in part.columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(part.columns, start=1):
            cell = sheet.cell(1, index)
            cell.font = Font(bold=column.required, color=None if column.required else "666666")
            sheet.column_dimensions[cell.column_letter].width = 22 if column.as_text else max(10, len(column.header) * 2 + 4)
            if column.as_text:
                for row in range(2, ROWS + 2):
                    sheet.cell(row, index).number_format = "@"  # text, so IDs keep every digit
            options = _options(column)
            if options:
                check = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
                check.error = f"请从下拉列表中选择：{'、'.join(options)}"
                check.errorTitle = column.header
                check.prompt = f"可选：{'、'.join(options)}"
                sheet.add_data_validation(check)
                check.add(f"{cell.column_letter}2:{cell.column_letter}{ROWS + 1}")
    example = book.create_sheet(EXAMPLE_SHEET)
    example.append(["以下是各表的填写示例；本工作表不会被导入。"])
    for part in kind.parts:
        if not part.example:
            continue
        example.append([])
        example.append([f"【{part.sheet}】"])
        example.append([header for header, _value in part.example])
        example.append([value for _header, value in part.example])
    book.save(output)
    return output


def _options(column: Column) -> list[str]:
    options: list[str] = getattr(column.read, "options", [])
    return options
