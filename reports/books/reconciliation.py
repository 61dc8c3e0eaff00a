"""银行存款余额调节表: `bangfu report bank-reconciliation LEDGER --month YYYY-MM -o FILE`.

One sheet per real bank account (`Assets:Bank:<X>`, its fund sub-accounts
together): the classic two sides - the ledger's balance plus what the bank
received and minus what it paid that the ledger has not booked; the bank's
balance plus what the ledger received and minus what it paid that the bank
has not yet - each ending in its adjusted balance, then every outstanding
item (未达账项) with its date, text, amount and, for ledger items, where it
is in the ledger, and whether the two agree (ledger/bank.py reconciles;
docs/books.md).
"""

from __future__ import annotations

import contextlib
import datetime
import os
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ledger.bank import BANK_IN, BANK_OUT, BOOKED_IN, BOOKED_OUT, Item, Reconciliation, account_name, bank_accounts, reconcile
from ledger.identity import mask_numbers
from ledger.loader import Loaded
from ledger.money import money
from reports.books.vouchers import month_argument
from reports.tables.report import ReportError, argument
from reports.workbook import BOX, FONT, MONEY, lines_for, new_workbook, page_setup, sign_off

TITLE = "银行存款余额调节表"
WIDTHS = (22, 12, 16, 28, 12, 16)  # 类别/项目, 日期, 金额, 摘要, and the right-hand side's 项目 and 金额 reuse them


@dataclass(frozen=True)
class Parameters:
    month: tuple[int, int] = argument("--month", "月份，如 2025-06（调节到该月最后一天）", parse=month_argument,
                                      required=True, metavar="年-月")


def filename(parameters: Parameters) -> str:
    year, month = parameters.month
    return f"银行存款余额调节表-{year}-{month:02d}.xlsx"


def month_end(parameters: Parameters) -> datetime.date:
    year, month = parameters.month
    return datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)


def reconciliations(loaded: Loaded, parameters: Parameters) -> list[Reconciliation]:
    accounts = bank_accounts(loaded)
    if not accounts:
        raise ReportError("账本中没有银行账户（Assets:Bank:<银行>），无法编制银行存款余额调节表")
    end = month_end(parameters)
    return [reconcile(loaded, account, end) for account in accounts]


# ---------------------------------------------------------------- the sheet


def _cell(sheet: Worksheet, row: int, col: int, value: object, *, bold: bool = False, money_format: bool = False,
          box: bool = True, end_col: int | None = None, center: bool = False) -> None:
    if end_col is not None and end_col > col:
        sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=end_col)
        if box:
            for other in range(col + 1, end_col + 1):
                sheet.cell(row, other).border = BOX
    cell = sheet.cell(row, col, value)
    cell.font = Font(name=FONT, bold=bold)
    cell.alignment = Alignment(vertical="center", wrap_text=True, horizontal="center" if center else None)
    if box:
        cell.border = BOX
    if money_format:
        cell.number_format = MONEY


def _shown(amount: Decimal | None) -> float | None:
    return float(amount) if amount is not None else None


def _where(loaded: Loaded, where: str) -> str:
    path, _, line = where.rpartition(":")
    with contextlib.suppress(ValueError):  # another drive (Windows)
        path = os.path.relpath(path, loaded.path.parent)
    return f"{path}:{line}".replace(os.sep, "/")


def _total(items: list[Item]) -> Decimal:
    return sum((abs(item.amount) for item in items), Decimal(0))


def write_sheet(sheet: Worksheet, loaded: Loaded, found: Reconciliation) -> int:
    """The reconciliation of one account; returns the last row written."""
    unit = loaded.view.options.unit
    start = found.end.replace(day=1)
    name = account_name(loaded, found.account)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet.cell(1, 1, TITLE).font = Font(name=FONT, size=16, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 26
    subtitle = (f"单位：{unit}　　开户银行/账户：{name}（{found.account}）　　期间：{start} 至 {found.end}　　"
                f"截至日期：{found.end}　　金额单位：元")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    sheet.cell(2, 1, subtitle).font = Font(name=FONT, size=10)
    sheet.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[2].height = 14 * lines_for(subtitle, sum(WIDTHS))
    # the two sides: 项目 in columns 1-2, 金额 in 3; 项目 in 4-5, 金额 in 6
    _cell(sheet, 3, 1, "项目", bold=True, end_col=2, center=True)
    _cell(sheet, 3, 3, "金额", bold=True, center=True)
    _cell(sheet, 3, 4, "项目", bold=True, end_col=5, center=True)
    _cell(sheet, 3, 6, "金额", bold=True, center=True)
    sides = [
        ("企业银行存款日记账余额", found.ledger_balance, "银行对账单余额", found.bank_balance),
        (f"加：{BANK_IN.replace('、', '')}", _total(found.bank_in_not_booked),
         f"加：{BOOKED_IN.replace('、', '')}", _total(found.booked_in_not_banked)),
        (f"减：{BANK_OUT.replace('、', '')}", _total(found.bank_out_not_booked),
         f"减：{BOOKED_OUT.replace('、', '')}", _total(found.booked_out_not_banked)),
    ]
    row = 3
    for left, left_amount, right, right_amount in sides:
        row += 1
        _cell(sheet, row, 1, left, end_col=2)
        _cell(sheet, row, 3, _shown(left_amount), money_format=True)
        _cell(sheet, row, 4, right, end_col=5)
        _cell(sheet, row, 6, _shown(right_amount) if right_amount is not None else "（无对账单）", money_format=True)
    if found.opening_difference:
        row += 1
        _cell(sheet, row, 1, f"其中：对账单起始日 {found.start} 前账面余额与对账单期初余额之差", end_col=2)
        _cell(sheet, row, 3, _shown(found.opening_difference), money_format=True)
        _cell(sheet, row, 4, "", end_col=5)
        _cell(sheet, row, 6, None)
        sheet.row_dimensions[row].height = 30
    row += 1
    _cell(sheet, row, 1, "调节后余额", bold=True, end_col=2)
    _cell(sheet, row, 3, _shown(found.adjusted_ledger), bold=True, money_format=True)
    _cell(sheet, row, 4, "调节后余额", bold=True, end_col=5)
    _cell(sheet, row, 6, _shown(found.adjusted_bank) if found.adjusted_bank is not None else "（无对账单）", bold=True,
          money_format=True)

    row += 2
    _cell(sheet, row, 1, "未达账项明细", bold=True, box=False)
    row += 1
    for col, header in enumerate(("类别", "日期", "金额", "摘要/对方户名（账本：收付款说明）"), start=1):
        _cell(sheet, row, col, header, bold=True, center=True)
    _cell(sheet, row, 5, "账本位置", bold=True, end_col=6, center=True)
    items = found.items
    for item in items:
        row += 1
        text = mask_numbers(item.text) or "（无摘要）"
        where = _where(loaded, item.where) if item.kind in (BOOKED_IN, BOOKED_OUT) else "（对账单行）"
        _cell(sheet, row, 1, item.kind)
        _cell(sheet, row, 2, item.date)
        sheet.cell(row, 2).number_format = "yyyy-mm-dd"
        _cell(sheet, row, 3, float(abs(item.amount)), money_format=True)
        _cell(sheet, row, 4, text)
        _cell(sheet, row, 5, where, end_col=6)
        sheet.row_dimensions[row].height = 15 * max(lines_for(text, WIDTHS[3]), lines_for(where, WIDTHS[4] + WIDTHS[5]))
    if not items:
        row += 1
        _cell(sheet, row, 1, "无未达账项", end_col=6)
    row += 2
    verdict = "余额相符：调节后余额相等" if found.balanced else f"余额不符：{found.why_not()}"
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    sheet.cell(row, 1, verdict).font = Font(name=FONT, bold=True)
    sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[row].height = 15 * lines_for(verdict, sum(WIDTHS))
    page_setup(sheet, WIDTHS, title_rows="1:2", freeze="A3")
    sheet.page_setup.orientation = "portrait"
    return sign_off(sheet, row)


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    found = reconciliations(loaded, parameters)
    end = month_end(parameters)
    book = new_workbook(f"{end.year}年{end.month}月{TITLE}", end)
    book.remove(book.active)
    for one in found:
        sheet = book.create_sheet(one.account.split(":")[2][:31])
        write_sheet(sheet, loaded, one)
    return book


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    lines = []
    for found in reconciliations(loaded, parameters):
        bank = money(found.bank_balance) if found.bank_balance is not None else "（无对账单）"
        head = (f"{found.account}（截至 {found.end}）：账面 {money(found.ledger_balance)} 元，银行 {bank} 元，"
                f"未达账项 {len(found.items)} 笔，")
        lines.append(head + ("余额相符" if found.balanced else f"余额不符：{found.why_not()}"))
    return lines
