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
import difflib
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ledger.identity import check_id
from ledger.vocab import Category, Labeled, categories_in_use

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


class RowProblems(ValueError):
    """Every problem of one row, found in one pass."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Row:
    place: Place
    values: dict[str, Any]  # canonical header -> raw cell value
    labels: dict[str, str] = field(default_factory=dict)  # canonical -> header as written in the sheet
    problems: list[RowProblem] = field(default_factory=list)  # found while reading (two columns disagreeing)

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


class _NoCachedValue:
    """A formula cell saved without its computed value (written by a program,
    never opened in Excel): not blank, and not readable either."""

    def __repr__(self) -> str:
        return "<公式无计算结果>"

    def __str__(self) -> str:
        return ""


NO_CACHED_VALUE = _NoCachedValue()
_OLE = b"\xd0\xcf\x11\xe0"  # encrypted xlsx and old .xls files are OLE compound files


def read_grid(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of an xlsx (or the single table of a csv) as rows of cells."""
    if path.suffix.lower() == ".csv":
        text = decode_csv(path.read_bytes(), path.name)
        return {path.stem: [list(row) for row in csv.reader(io.StringIO(text, newline=""))]}  # quoted line breaks kept
    with path.open("rb") as handle:
        if handle.read(4) == _OLE:
            raise CellError(f"{path.name} 已加密（设置了打开密码）或是旧版 .xls 文件：请在 Excel 中取消密码并另存为 .xlsx 后再导入")
    try:
        book = CalamineWorkbook.from_path(str(path))
        grid: dict[str, list[list[Any]]] = {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names
        }
    except Exception as exc:  # calamine raises its own error types
        raise CellError(f"无法读取 {path.name}：文件已损坏或不是 .xlsx/.csv 文件（{exc}）") from exc
    for name, cells in _formulas_without_values(path).items():
        for row, column in cells:
            if name in grid and row < len(grid[name]) and column < len(grid[name][row]) and _blank(grid[name][row][column]):
                grid[name][row][column] = NO_CACHED_VALUE
    return grid


def decode_csv(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or GBK/GB18030, told from the bytes; a
    file mixing the two is refused, naming a line of each."""
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = body.split(b"\n")
    utf8 = [n for n, line in enumerate(lines, 1) if not line.isascii() and _decodes(line, "utf-8")]
    other = [n for n, line in enumerate(lines, 1) if not line.isascii() and not _decodes(line, "utf-8")]
    if utf8 and other:
        raise CellError(
            f"{name} 混用了两种编码（第 {utf8[0]} 行是 UTF-8，第 {other[0]} 行是 GBK/GB18030）："
            "请在 Excel 中打开后另存为“CSV UTF-8”再导入"
        )
    try:
        return body.decode("gb18030")
    except UnicodeDecodeError:
        raise CellError(f"{name} 既不是 UTF-8 也不是 GBK/GB18030 编码：请在 Excel 中另存为“CSV UTF-8”后再导入") from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


_CELL = re.compile(rb"<c\b[^>]*\br=\"([A-Z]+)(\d+)\"[^>]*>(.*?)</c>", re.S)


def _formulas_without_values(path: Path) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of each formula cell saved without a value, by sheet
    (0-based, as in the grid). Only sheets holding formulas are scanned."""
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = _sheet_files(archive)
            for sheet, member in names.items():
                xml = archive.read(member)
                if b"<f" not in xml:
                    continue
                for match in _CELL.finditer(xml):
                    inner = match.group(3)
                    value = re.search(rb"<v>(.*?)</v>", inner, re.S)
                    if b"<f" in inner and (value is None or not value.group(1).strip()):
                        column = 0
                        for letter in match.group(1):
                            column = column * 26 + letter - 64
                        found.setdefault(sheet, set()).add((int(match.group(2)) - 1, column - 1))
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return found


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML member, from workbook.xml and its rels."""
    book = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    sheets = {}
    for tag in re.findall(r"<sheet\b[^>]*>", book):
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            sheets[html.unescape(name.group(1))] = target if target.startswith("xl/") else f"xl/{target}"
    return sheets


def _lookup(columns: Sequence[Column]) -> dict[str, str]:
    names = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names[norm(name)] = column.header
    return names


HEADER_ROWS = 200  # how far down a header row is looked for (title rows, notes above the table)


def find_table(path: Path, sheet: str, grid: list[list[Any]], columns: Sequence[Column],
               header_only: bool = False) -> Table | None:
    """The table whose header row holds every required column, or None.
    `header_only` finds the header but leaves the rows out (to tell a
    sheet's kind without reading its body). Two columns that mean the same
    (金额 and 帮扶金额) must agree in every row."""
    names = _lookup(columns)
    required = {c.header for c in columns if c.required}
    for index, cells in enumerate(grid[:HEADER_ROWS]):
        headers = {i: names[norm(v)] for i, v in enumerate(cells) if v not in (None, "") and norm(v) in names}
        labels = {names[norm(v)]: str(v).strip() for v in cells if v not in (None, "") and norm(v) in names}
        below = grid[index + 1] if index + 1 < len(grid) else []
        sub = {i: names[norm(v)] for i, v in enumerate(below) if v not in (None, "") and norm(v) in names}
        # A second header row (sub-columns under a merged heading) holds header words only: a data row
        # with a header word in one cell (金额 written "受助人身份证号") is data, refused at that cell.
        two_rows = (bool(sub) and not set(sub.values()) <= set(headers.values())
                    and all(norm(v) in names for v in below if v not in (None, "")))
        if two_rows:
            headers = {**headers, **sub}
            labels.update({names[norm(v)]: str(v).strip() for v in below if v not in (None, "") and norm(v) in names})
        if required <= set(headers.values()):
            start = index + (2 if two_rows else 1)
            table = Table(path.name, sheet, headers)
            if header_only:
                return table
            written = {i: str(cells[i]).strip() if i < len(cells) and cells[i] not in (None, "") else "" for i in headers}
            if two_rows:
                written.update({i: str(below[i]).strip() for i in sub if i < len(below)})
            for offset, cells in enumerate(grid[start:], start=start + 1):
                row = Row(Place(path.name, sheet, offset), {}, labels)
                for i in sorted(headers):
                    value = cells[i] if i < len(cells) else None
                    name = headers[i]
                    if name in row.values and not _blank(value) and not _blank(row.values[name]):
                        if text(value) != text(row.values[name]):
                            first = next(j for j in sorted(headers) if headers[j] == name)
                            row.problems.append(RowProblem(
                                row.at(name),
                                f"“{written[first]}”是“{text(row.values[name])}”，“{written[i]}”却是“{text(value)}”：两列意思相同，请删去一列或改为一致",
                            ))
                        continue
                    if name not in row.values or _blank(row.values[name]):
                        row.values[name] = value
                if all(_blank(v) for v in row.values.values()):
                    continue
                table.rows.append(row)
            return table
    return None


def closest_headers(grid: dict[str, list[list[Any]]], columns: Sequence[Column]) -> tuple[int, str]:
    """How well the best header row of any sheet matches these columns
    (the number of required columns found) and, for the officer, which
    required columns are missing there and the nearest header written."""
    names = _lookup(columns)
    required = [c.header for c in columns if c.required]
    best: tuple[int, str, list[str]] = (-1, "", [])
    for sheet, cells in grid.items():
        for index, row in enumerate(cells[:HEADER_ROWS]):
            written = [str(v).strip() for v in row if v not in (None, "") and isinstance(v, str)]
            found = {names[norm(v)] for v in written if norm(v) in names}
            score = sum(1 for header in required if header in found)
            if score > best[0]:
                where = f"工作表“{sheet}”第 {index + 1} 行"
                missing = []
                for header in (h for h in required if h not in found):
                    near = difflib.get_close_matches(norm(header), [norm(v) for v in written], n=1, cutoff=0.5)
                    spelled = next((v for v in written if norm(v) in near), None)
                    missing.append(f"“{header}”（最接近的是“{spelled}”）" if spelled else f"“{header}”")
                best = (score, where, missing)
    score, where, missing = best
    return score, f"{where}缺少必填列 {'、'.join(missing)}" if missing else where


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKUP = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;")


def plain(value: Any) -> str:
    """Free text that reaches the ledger (a name, a note, a number written
    by hand): one line, no double quotes, no markup."""
    cleaned = text(value)
    if _CONTROL.search(cleaned):
        raise CellError("含有换行或控制字符：请改为一行文字")
    if '"' in cleaned:
        raise CellError(f"“{cleaned}”含有英文双引号：请删去或改用中文引号“”")
    if _MARKUP.search(cleaned):
        raise CellError(f"“{cleaned}”含有网页标记（如 <…>）：请只填文字")
    return cleaned


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
        raise CellError(f"金额“{value}”不是合理的金额：请核对，只填数字，如 1500.00")
    if number != number.quantize(Decimal("0.01")):
        raise CellError(f"金额“{value}”最多两位小数：请改到分，如 1500.12")
    if number <= 0:
        raise CellError(f"金额“{value}”应大于 0：请填写实际发放的正数金额")
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
        raise CellError(f"银行卡号“{number}”只能包含数字：请核对卡号后重新填写")
    return number


class Either:
    """A two-valued cell: words meaning True, words meaning False (the
    first of each is what the template's dropdown offers)."""

    def __init__(self, true: tuple[str, ...], false: tuple[str, ...]) -> None:
        self.true, self.false = true, false

    def __call__(self, value: Any) -> bool:
        word = text(value).lower()
        if word in self.true:
            return True
        if word in self.false:
            return False
        raise CellError(f"“{value}”应为“{self.true[0]}”或“{self.false[0]}”")

    @property
    def options(self) -> list[str]:
        return [self.true[0], self.false[0]]


def either(true: tuple[str, ...], false: tuple[str, ...]) -> Either:
    return Either(true, false)


yes_no = either(("是", "y", "yes", "true", "1", "√", "更正"), ("否", "n", "no", "false", "0", ""))


_LINK = re.compile(r"^[A-Z0-9][A-Z0-9\-_/.]*$")


def batch_number(value: Any) -> str:
    """A batch number becomes part of each payment's number (a beancount
    link, `^批次号-序号`): letters, digits and - _ / . only; lower-case
    letters are written in capitals (pc2025 -> PC2025), anything else refused."""
    cleaned = text(value).upper()
    if not _LINK.match(cleaned):
        raise CellError(f"批次号“{text(value)}”只能包含字母、数字和 - _ / .（不能有空格、汉字或 ^ #）：请改为如 PC2025-12")
    return cleaned


class Choice:
    """A closed vocabulary term, by code, Chinese name or alias; the
    template offers its labels in a dropdown."""

    def __init__(self, vocabulary: type[Labeled] | type[Category], as_label: bool = False) -> None:
        self.vocabulary = vocabulary
        self.as_label = as_label

    def __call__(self, value: Any) -> Any:
        term = self.vocabulary.parse(text(value))
        return term.label if self.as_label else term

    @property
    def terms(self) -> list[Any]:
        if self.vocabulary is Category:  # open: the categories in use (a ledger's own too)
            return list(categories_in_use())
        return list(self.vocabulary)  # type: ignore[arg-type]  # a closed vocabulary: an enum

    @property
    def options(self) -> list[str]:
        return [term.label for term in self.terms]


def one_of(cls: type[Labeled] | type[Category]) -> Choice:
    """A closed vocabulary term, by code or Chinese name."""
    return Choice(cls)


def label_of(cls: type[Labeled]) -> Choice:
    """A closed vocabulary term, written to the ledger by its Chinese label."""
    return Choice(cls, as_label=True)


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
    read: Callable[[Any], Any] = plain
    required: bool = True
    as_text: bool = False
    blank: bool = False  # required in the header, but a cell may be blank (a statement's 收入金额 or 支出金额)


def value_of(row: Row, column: Column, required: bool | None = None) -> Any:
    """The column's value in the row (None when blank); RowProblem names
    the cell and the fix."""
    value = row.values.get(column.header)
    if value is NO_CACHED_VALUE:
        raise RowProblem(row.at(column.header), "是公式，但文件中没有它的计算结果：请在 Excel 中打开、确认结果后保存，再导入")
    if _blank(value):
        if (column.required and not column.blank) if required is None else required:
            raise RowProblem(row.at(column.header), f"“{column.header}”为空：请填写")
        return None
    try:
        return column.read(value)
    except ValueError as exc:  # CellError, and Labeled.parse, explain themselves
        raise RowProblem(row.at(column.header), str(exc)) from None


def parse_row(row: Row, columns: Sequence[Column]) -> tuple[dict[str, Any], list[RowProblem]]:
    """Every column's value by its field (None where it cannot be read), and
    every problem of the row: all of them, not just the first."""
    values: dict[str, Any] = {}
    problems = list(row.problems)
    for column in columns:
        try:
            values[column.field] = value_of(row, column)
        except RowProblem as problem:
            values[column.field] = None
            problems.append(problem)
    return values, problems
