"""Reading officers' sheets: xlsx (python-calamine) and csv, cleaned.

Headers are matched after NFKC normalisation (全角 -> 半角), with spaces
removed and known variants accepted (身份证号码 = 身份证号). Title rows above the
header and blank rows are skipped; a two-row header (merged group cells
over sub-headers) is read as one. Cells are cleaned the way officers type
them: full-width digits, trailing spaces, lower-case x in IDs, amounts with
¥ and thousands separators, Excel date serials and text dates.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ledger.identity import check_id
from ledger.vocab import Labeled

EXCEL_EPOCH = datetime.date(1899, 12, 30)


@dataclass(frozen=True)
class Place:
    """Where a value came from, for error messages."""

    file: str
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str = ""

    def with_column(self, column: str) -> Place:
        return Place(self.file, self.sheet, self.row, column)

    def __str__(self) -> str:
        column = f"“{self.column}”列" if self.column else ""
        return f"{self.file} 工作表“{self.sheet}”第 {self.row} 行{column}"


class CellError(ValueError):
    """A cell that cannot be read; the message says how to fix it."""


class RowProblem(ValueError):
    """A row that cannot be imported: where (file, sheet, row, column) and the fix."""

    def __init__(self, place: Place, message: str):
        super().__init__(f"{place}：{message}")
        self.place = place
        self.text = message


@dataclass
class Row:
    place: Place
    values: dict[str, Any]  # canonical header -> raw cell value
    labels: dict[str, str] = field(default_factory=dict)  # canonical -> header as written in the sheet

    def at(self, column: str) -> Place:
        """The place of a cell, named by the header the officer sees."""
        return Place(self.place.file, self.place.sheet, self.place.row, self.labels.get(column, column))


@dataclass
class Table:
    file: str
    sheet: str
    headers: dict[int, str]  # column index -> canonical header
    rows: list[Row] = field(default_factory=list)


def norm(text: Any) -> str:
    """NFKC (全角 -> 半角), no whitespace, lower-case: the form headers are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def read_grid(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of an xlsx (or the single table of a csv) as rows of cells."""
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise CellError(f"{path.name} 不是 UTF-8 或 GB18030 编码的 CSV 文件")
        return {path.stem: [list(row) for row in csv.reader(text.splitlines())]}
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise CellError(f"无法读取 {path.name}：{exc}（请确认是 .xlsx 或 .csv 文件）") from exc
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def _lookup(columns: Sequence[Column]) -> dict[str, str]:
    names = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names[norm(name)] = column.header
    return names


def find_table(path: Path, sheet: str, grid: list[list[Any]], columns: Sequence[Column],
               header_only: bool = False) -> Table | None:
    """The table whose header row holds every required column, or None.
    `header_only` finds the header but leaves the rows out (to tell a
    sheet's kind without reading its body)."""
    names = _lookup(columns)
    required = {c.header for c in columns if c.required}
    for index, cells in enumerate(grid[:15]):
        headers = {i: names[norm(v)] for i, v in enumerate(cells) if v not in (None, "") and norm(v) in names}
        labels = {names[norm(v)]: str(v).strip() for v in cells if v not in (None, "") and norm(v) in names}
        below = grid[index + 1] if index + 1 < len(grid) else []
        sub = {i: names[norm(v)] for i, v in enumerate(below) if v not in (None, "") and norm(v) in names}
        two_rows = bool(sub) and not set(sub.values()) <= set(headers.values())
        if two_rows:
            headers = {**headers, **sub}
            labels.update({names[norm(v)]: str(v).strip() for v in below if v not in (None, "") and norm(v) in names})
        if required <= set(headers.values()):
            start = index + (2 if two_rows else 1)
            table = Table(path.name, sheet, headers)
            if header_only:
                return table
            for offset, cells in enumerate(grid[start:], start=start + 1):
                values = {headers[i]: cells[i] for i in headers if i < len(cells)}
                if all(_blank(v) for v in values.values()):
                    continue
                table.rows.append(Row(Place(path.name, sheet, offset), values, labels))
            return table
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- cell cleaning


def text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def digits(value: Any, what: str) -> str:
    """ID or card numbers: must come as text; Excel numbers lose digits."""
    if isinstance(value, float) or (isinstance(value, int) and len(str(value)) > 15):
        raise CellError(f"{what}被 Excel 存成了数字（可能已丢失末几位）：请把该列设为“文本”格式后重新录入")
    return re.sub(r"[\s-]", "", text(value)).upper()


_AMOUNT_JUNK = re.compile(r"[¥￥,，\s元]")


def income(value: Any) -> Decimal:
    """An income: like an amount, but zero is a real answer."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
        return Decimal("0.00")
    if isinstance(value, str) and _AMOUNT_JUNK.sub("", unicodedata.normalize("NFKC", value)) in ("0", "0.0", "0.00"):
        return Decimal("0.00")
    return amount(value)


def amount(value: Any) -> Decimal:
    if isinstance(value, bool) or _blank(value):
        raise CellError("金额为空：请填写金额，如 1500.00")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        cleaned = _AMOUNT_JUNK.sub("", unicodedata.normalize("NFKC", str(value)))
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(f"“{value}”不是金额：请只填数字，如 1500.00") from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise CellError(f"金额“{value}”不是合理的金额")
    if number != number.quantize(Decimal("0.01")):
        raise CellError(f"金额“{value}”最多两位小数")
    if number <= 0:
        raise CellError(f"金额“{value}”应大于 0")
    return number.quantize(Decimal("0.01"))


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 100000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))  # an Excel date serial
    cleaned = text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    raise CellError(f"“{cleaned}”不是日期：请写作 2025-04-10")


def id_number(value: Any) -> str:
    """A resident ID, checked (GB 11643) and normalised."""
    checked = check_id(digits(value, "身份证号"))
    if checked.errors:
        raise CellError(checked.errors[0])
    return checked.number


def card(value: Any) -> str:
    number = digits(value, "银行卡号")
    if not number.isdigit():
        raise CellError(f"银行卡号“{number}”只能包含数字")
    return number


def either(true: set[str], false: set[str], wanted: str) -> Callable[[Any], bool]:
    """A reader of a two-valued cell: words meaning True, words meaning False."""

    def read(value: Any) -> bool:
        word = text(value).lower()
        if word in true:
            return True
        if word in false:
            return False
        raise CellError(f"“{value}”应为{wanted}")

    return read


yes_no = either({"是", "y", "yes", "true", "1", "√", "更正"}, {"否", "n", "no", "false", "0", ""}, "“是”或“否”")


def one_of(cls: type[Labeled]) -> Callable[[Any], Labeled]:
    """A closed vocabulary term, by code or Chinese name."""
    return lambda value: cls.parse(text(value))


def label_of(cls: type[Labeled]) -> Callable[[Any], str]:
    """A closed vocabulary term, written to the ledger by its Chinese label."""
    return lambda value: cls.parse(text(value)).label


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """One column of an officer's sheet, declared once: the header the
    template writes and the variants accepted, the field its value goes to,
    how a cell is read, whether it must be filled, and whether the template
    formats it as text (so that Excel keeps every digit of an ID or card)."""

    header: str
    aliases: tuple[str, ...] = ()
    field: str = ""
    read: Callable[[Any], Any] = text
    required: bool = True
    as_text: bool = False


def value_of(row: Row, column: Column, required: bool | None = None) -> Any:
    """The column's value in the row (None when blank); RowProblem names
    the cell and the fix."""
    value = row.values.get(column.header)
    if _blank(value):
        if column.required if required is None else required:
            raise RowProblem(row.at(column.header), f"“{column.header}”为空：请填写")
        return None
    try:
        return column.read(value)
    except ValueError as exc:  # CellError, and Labeled.parse, explain themselves
        raise RowProblem(row.at(column.header), str(exc)) from None


def parse_row(row: Row, columns: Sequence[Column]) -> dict[str, Any]:
    """Every column's value by its field."""
    return {column.field: value_of(row, column) for column in columns}
