"""记账凭证: `bangfu report vouchers LEDGER --month YYYY-MM -o FILE`.

One voucher per transaction, or per payment batch (transactions of one
`batch:` on one day; setting `voucher-per`), numbered per month 记-001,
记-002 ... in date and ledger order. Each line: 摘要, 科目编码 and 科目名称 in
the 工会会计制度 chart (ledger/books.py), 借方 or 贷方; lines of one voucher on
the same account and side are added up. 附单据张数 counts the documents linked
to its transactions. The workbook prints one voucher per page (A4, or A5 for
voucher paper: `--paper a5`); a CSV beside it (same name, .csv) has the
generic voucher-import layout union accounting software reads (docs/books.md).
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ledger.cells import formula_like
from ledger.loader import Loaded
from ledger.money import money
from reports.books.journal import Posting, attachments, postings
from reports.tables.report import ReportError, argument
from reports.workbook import BOX, FONT, MONEY, PAGE_NUMBERS, lines_for, new_workbook

WORD = "记"  # 凭证字
COMPANION_SUFFIXES = (".csv",)  # written beside the workbook (`companions`)
CSV_HEADERS = ("凭证日期", "凭证字", "凭证号", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额", "附件数")
ZERO = Decimal(0)


def month_argument(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"月份“{text}”无效，应写作 2025-03")
    return int(found.group(1)), int(found.group(2))


def paper_argument(text: str) -> str:
    if text.strip().lower() not in ("a4", "a5"):
        raise ValueError(f"纸张“{text}”无效，应为 a4 或 a5（凭证纸）")
    return text.strip().lower()


@dataclass(frozen=True)
class Parameters:
    month: tuple[int, int] = argument("--month", "月份，如 2025-03", parse=month_argument, required=True, metavar="年-月")
    paper: str = argument("--paper", "纸张：a4（默认）或 a5（凭证纸）", parse=paper_argument, default="a4", metavar="纸张")


def filename(parameters: Parameters) -> str:
    year, month = parameters.month
    return f"记账凭证-{year}-{month:02d}.xlsx"


@dataclass
class Line:
    summary: str
    code: str
    name: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


@dataclass
class Voucher:
    number: str
    date: datetime.date
    summary: str
    lines: list[Line] = field(default_factory=list)
    attachments: int = 0
    sources: list[str] = field(default_factory=list)  # file:line of its transactions

    @property
    def debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)


def _summary(entry: object) -> str:
    payee = getattr(entry, "payee", None) or ""
    narration = getattr(entry, "narration", None) or ""
    return f"{narration}（{payee}）" if payee and narration else narration or payee


def vouchers(loaded: Loaded, year: int, month: int) -> list[Voucher]:
    """The month's vouchers, numbered."""
    per_batch = loaded.view.options.voucher_per == "batch"
    groups: dict[tuple[object, ...], list[Posting]] = {}
    for posting in postings(loaded):
        if (posting.date.year, posting.date.month) != (year, month):
            continue
        batch = (posting.entry.meta or {}).get("batch") if per_batch else None
        group: tuple[object, ...] = (posting.date, "batch", batch) if batch else (posting.date, "entry", posting.order)
        groups.setdefault(group, []).append(posting)
    counts = attachments(loaded)
    found: list[Voucher] = []
    for number, (key, lines) in enumerate(sorted(groups.items(), key=lambda kv: (kv[0][0], kv[1][0].order)), start=1):
        entries = list({id(p.entry): p.entry for p in lines}.values())
        if key[1] == "batch":
            households = {(e.meta or {}).get("household") for e in entries} - {None}
            summary = f"发放帮扶资金（批次 {key[2]}，{len(households)} 户）"
        else:
            summary = _summary(entries[0])
        voucher = Voucher(f"{WORD}-{number:03d}", lines[0].date, summary)
        voucher.attachments = sum(counts.get(id(e), 0) for e in entries)
        voucher.sources = [f"{Path(str(e.meta.get('filename'))).name}:{e.meta.get('lineno')}" for e in entries if e.meta]
        merged: dict[tuple[str, str, str], Line] = {}
        for posting in lines:
            if posting.amount == 0:
                continue
            side = "debit" if posting.amount > 0 else "credit"
            code = posting.booked.code or ""
            line = merged.setdefault((code, posting.booked.name, side), Line(summary, code, posting.booked.name))
            line.debit += posting.debit
            line.credit += posting.credit
        # debits first, then credits, each in code order (as vouchers are written)
        voucher.lines = sorted(merged.values(), key=lambda ln: (ln.debit == 0, ln.code, ln.name))
        found.append(voucher)
    return found


# ---------------------------------------------------------------- the printed vouchers

HEADERS = ("摘要", "科目编码", "科目名称", "借方金额", "贷方金额")
WIDTHS = (36, 10, 46, 15, 15)
MIN_LINES = 5  # a voucher form has at least five lines


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    year, month = parameters.month
    found = vouchers(loaded, year, month)
    if not found:
        raise ReportError(f"{year} 年 {month} 月没有任何交易，没有凭证可出")
    unit = loaded.view.options.unit
    book = new_workbook(f"{year}年{month}月记账凭证", datetime.date(year, month, 1))
    sheet = book.active
    sheet.title = f"记账凭证{year}-{month:02d}"
    row = 1
    for voucher in found:
        row = _voucher(sheet, row, voucher, unit)
        sheet.row_breaks.append(Break(id=row - 1))
    _page(sheet, parameters.paper)
    return book


def _cell(sheet: Worksheet, row: int, col: int, value: object, *, bold: bool = False, size: int = 11,
          box: bool = False, align: str | None = None, money_format: bool = False) -> None:
    cell = sheet.cell(row, col, value)
    cell.font = Font(name=FONT, bold=bold, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if box:
        cell.border = BOX
    if money_format:
        cell.number_format = MONEY


def _voucher(sheet: Worksheet, row: int, voucher: Voucher, unit: str) -> int:
    """One voucher from `row`; returns the row after it."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    _cell(sheet, row, 1, "记 账 凭 证", bold=True, size=16, align="center")
    sheet.row_dimensions[row].height = 26
    row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    _cell(sheet, row, 1, f"核算单位：{unit}" if unit else "")
    _cell(sheet, row, 3, f"日期：{voucher.date.year} 年 {voucher.date.month} 月 {voucher.date.day} 日", align="center")
    sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)
    _cell(sheet, row, 4, f"凭证号：{voucher.number}", align="right")
    row += 1
    for col, header in enumerate(HEADERS, start=1):
        _cell(sheet, row, col, header, bold=True, box=True, align="center")
    row += 1
    lines = voucher.lines + [None] * max(0, MIN_LINES - len(voucher.lines))
    for line in lines:
        values: tuple[object, ...] = ("", "", "", None, None)
        if line is not None:
            values = (line.summary, line.code, line.name, line.debit or None, line.credit or None)
        for col, value in enumerate(values, start=1):
            _cell(sheet, row, col, float(value) if isinstance(value, Decimal) else value, box=True,
                  money_format=col >= 4, align="center" if col == 2 else None)
        wrapped = max(lines_for(str(v), WIDTHS[i]) for i, v in enumerate(values[:3]))
        sheet.row_dimensions[row].height = max(20, 15 * wrapped)
        row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    _cell(sheet, row, 1, f"合　　计　　　（附单据 {voucher.attachments} 张）", bold=True, box=True, align="center")
    for col in (2, 3):
        sheet.cell(row, col).border = BOX
    _cell(sheet, row, 4, float(voucher.debit), bold=True, box=True, money_format=True)
    _cell(sheet, row, 5, float(voucher.credit), bold=True, box=True, money_format=True)
    row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    _cell(sheet, row, 1, "会计主管：　　　　　　记账：　　　　　　审核：　　　　　　制单：　　　　　　出纳：")
    row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    _cell(sheet, row, 1, "来源：" + "、".join(voucher.sources), size=8)
    return row + 2


def _page(sheet: Worksheet, paper: str) -> None:
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A5 if paper == "a5" else Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = PAGE_NUMBERS
    sheet.oddFooter.center.font = FONT


# ---------------------------------------------------------------- the CSV


def csv_rows(found: list[Voucher]) -> list[list[str]]:
    rows = []
    for voucher in found:
        number = voucher.number.split("-")[1]
        for line in voucher.lines:
            rows.append([
                voucher.date.isoformat(), WORD, number, _safe(line.summary), line.code, _safe(line.name),
                f"{line.debit:.2f}" if line.debit else "", f"{line.credit:.2f}" if line.credit else "",
                str(voucher.attachments),
            ])
    return rows


def _safe(text: str) -> str:
    """Text a spreadsheet would take for a formula gets a leading quote."""
    return "'" + text if formula_like(text) else text


def companions(loaded: Loaded, parameters: Parameters, output: Path) -> list[Path]:
    """The CSV for accounting software, beside the workbook."""
    year, month = parameters.month
    target = output.with_suffix(".csv")
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADERS)
        writer.writerows(csv_rows(vouchers(loaded, year, month)))
    return [target]


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    year, month = parameters.month
    found = vouchers(loaded, year, month)
    debit = sum((v.debit for v in found), ZERO)
    credit = sum((v.credit for v in found), ZERO)
    unbalanced = [v.number for v in found if v.debit != v.credit]
    lines = [f"{year} 年 {month} 月凭证 {len(found)} 张，借方合计 {money(debit)} 元，贷方合计 {money(credit)} 元"]
    if unbalanced:
        lines.append("借贷不平的凭证：" + "、".join(unbalanced))
    return lines
