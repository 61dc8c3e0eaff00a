"""`bangfu report realname LEDGER --year Y [--fund F]`: 实名制汇总表.

One sheet per fund: title "<年>年度<资金名称>实名制汇总表", 填报单位 and period,
one row per payment (reversals shown as negative rows and netted), a 小计 per
aid category, 合计 in figures and in capital numerals, and the sign-off
footer. ID and card numbers are text; amounts numbers with two decimals; A4
landscape, header row repeated on every page, fitted to the page width.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font

from ledger.loader import load
from ledger.vocab import Category, Fund
from reports.numerals import capital
from reports.table import from_fen, payments_table
from reports.workbook import BOX, FONT, format_money, new_workbook, save, write_table

HEADERS = ("序号", "姓名", "身份证号", "档案编号", "工作单位", "困难类别", "帮扶项目", "资金来源", "金额(元)",
           "发放日期", "发放方式", "银行卡号", "备注")
WIDTHS = (6, 9, 21, 13, 22, 10, 10, 10, 12, 12, 9, 22, 28)
AMOUNT_COLUMN = 9


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2024")
    parser.add_argument("--fund", type=Fund.parse, help="只输出一项资金，如 Central 或 中央财政（默认全部资金，每项一张表）")
    parser.add_argument("--filed-on", type=datetime.date.fromisoformat, help="填报日期（默认该年 12 月 31 日）")
    parser.add_argument("-o", "--output", type=Path, help="xlsx 输出文件（默认 out/实名制汇总表-年度.xlsx）")


def run(args: argparse.Namespace) -> int:
    loaded = load(args.ledger)
    table = payments_table(loaded)
    unit = loaded.archive.options.get("unit") or ""
    filed = args.filed_on or datetime.date(args.year, 12, 31)
    output = args.output or Path("out") / f"实名制汇总表-{args.year}.xlsx"
    funds = [args.fund] if args.fund else list(Fund)
    path = write(table, unit, args.year, funds, filed, output)
    year = table[table["year"] == args.year]
    for fund in funds:
        rows = year[year["fund"] == fund.value]
        print(f"{args.year}年度{fund.label}：{len(rows)} 行，合计 {from_fen(rows['fen'].sum()):,.2f} 元")
    print(f"已写入 {path}")
    return 0


def write(table: pd.DataFrame, unit: str, year: int, funds: list[Fund], filed: datetime.date, output: Path,
          unit_column: bool = False) -> Path:
    """One sheet per fund. With `unit_column` (the level above, `bangfu
    consolidate --detail`) a 单位 column from `unit_name` follows 序号."""
    book = new_workbook(f"{year}年度实名制汇总表", filed)
    book.remove(book.active)
    for fund in funds:
        rows = table[(table["year"] == year) & (table["fund"] == fund.value)]
        sheet = book.create_sheet(fund.label[:31])
        _fill(sheet, rows, unit, year, fund, filed, unit_column)
    return save(book, output)


def _fill(sheet, rows: pd.DataFrame, unit: str, year: int, fund: Fund, filed: datetime.date, unit_column: bool) -> None:
    extra = int(unit_column)
    gap = ("",) * extra
    body: list[tuple] = []
    subtotal_rows = []
    number = 0
    for category in Category:
        part = rows[rows["category"] == category.value]
        if part.empty:
            continue
        for record in part.itertuples():
            number += 1
            body.append((number, *((record.unit_name,) if extra else ()), record.name, record.id_number,
                         record.household, record.work_unit, record.hardship, record.category_label, fund.short,
                         float(from_fen(record.fen)), record.date, record.method, record.card, record.note))
        body.append(("", *gap, f"{category.label}小计", "", "", "", "", "", "",
                     float(from_fen(part["fen"].sum())), None, "", "", ""))
        subtotal_rows.append(len(body))
    total = from_fen(rows["fen"].sum()) if not rows.empty else from_fen(0)
    body.append(("", *gap, "合计", "", "", "", "", "", "", float(total), None, "", "", ""))
    headers = (HEADERS[0], *(("单位",) * extra), *HEADERS[1:])
    widths = (WIDTHS[0], *((20,) * extra), *WIDTHS[1:])
    amount_column = AMOUNT_COLUMN + extra
    title = f"{year}年度{fund.label}实名制汇总表"
    subtitle = f"填报单位（盖章）：{unit}　　　　期间：{year}-01-01 至 {year}-12-31　　　　单位：元"
    last = write_table(sheet, title, subtitle, headers, body, widths, text_columns=tuple(c + extra for c in (3, 4, 12)))
    format_money(sheet, amount_column, amount_column, last)
    bold = Font(name=FONT, bold=True)
    for offset in (*subtotal_rows, len(body)):
        row = 3 + offset
        label_column = 2 + extra
        label = sheet.cell(row, label_column).value
        sheet.cell(row, label_column).value = None
        sheet.cell(row, 1).value = label
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=amount_column - 1)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
        for col in range(1, len(headers) + 1):
            sheet.cell(row, col).font = bold
    words = last + 1
    sheet.merge_cells(start_row=words, start_column=1, end_row=words, end_column=len(headers))
    cell = sheet.cell(words, 1, f"合计金额（大写）：{capital(total)}")
    cell.font, cell.border = bold, BOX
    footer = words + 2
    sheet.cell(footer, 1, "负责人：").font = Font(name=FONT)
    sheet.cell(footer, 5 + extra, "经办人：").font = Font(name=FONT)
    sheet.cell(footer, 10 + extra, f"填报日期：{filed.year} 年 {filed.month} 月 {filed.day} 日").font = Font(name=FONT)
    sheet.cell(footer, 10 + extra).alignment = Alignment(horizontal="left")
