"""`bangfu report funds LEDGER --year Y`: 帮扶资金使用情况统计台帐（决算）.

Per fund: opening balance, received, spent per category, returned by
reversals, closing balance, households and persons aided; for the year and
per month. Built from the same payment table as every other report."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ledger.loader import load
from ledger.vocab import Category, Fund
from reports.table import from_fen, movements_table, payments_table
from reports.workbook import format_money, new_workbook, save, write_table



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="年度，如 2024")
    parser.add_argument("-o", "--output", type=Path, help="xlsx 输出文件（默认 out/资金使用台帐-年度.xlsx）")


def _yuan(fen) -> float:
    return float(from_fen(int(fen)))


def year_rows(loaded, payments: pd.DataFrame, moves: pd.DataFrame, year: int) -> list[tuple]:
    rows = []
    for fund in Fund:
        mine = moves[moves["fund"] == fund.value]
        spent = payments[(payments["year"] == year) & (payments["fund"] == fund.value)]
        opening = mine[mine["year"] < year]["fen"].sum()
        received = mine[(mine["year"] == year) & (mine["kind"] == "receipt")]["fen"].sum()
        by_category = [spent[spent["category"] == c.value]["fen"].sum() for c in Category]
        returned = -spent[spent["reversal"]]["fen"].sum()
        closing = mine[mine["year"] <= year]["fen"].sum()
        net = spent.groupby("household")["fen"].sum()
        aided = net[net > 0].index
        persons = sum(loaded.archive.household(no, pd.Timestamp(year, 12, 31).date()).size for no in aided)
        rows.append((fund.label, _yuan(opening), _yuan(received), *map(_yuan, by_category), _yuan(spent["fen"].sum()),
                     _yuan(returned), _yuan(closing), len(aided), persons))
    totals = ["合计"] + [sum(r[i] for r in rows) for i in range(1, len(rows[0]))]
    return rows + [tuple(totals)]


def month_rows(moves: pd.DataFrame, year: int) -> list[tuple]:
    rows = []
    for fund in Fund:
        mine = moves[moves["fund"] == fund.value]
        balance = mine[mine["year"] < year]["fen"].sum()
        for month in range(1, 13):
            this = mine[(mine["year"] == year) & (mine["month"] == month)]
            received = this[this["kind"] == "receipt"]["fen"].sum()
            spent = -this[this["kind"] == "aid"]["fen"].sum()
            returned = this[this["kind"] == "reversal"]["fen"].sum()
            opening, balance = balance, balance + this["fen"].sum()
            rows.append((fund.label, f"{month} 月", _yuan(opening), _yuan(received), _yuan(spent), _yuan(returned), _yuan(balance)))
    return rows


YEAR_HEADERS = ("资金来源", "年初结余", "本年收入", *(c.label for c in Category), "支出合计", "其中冲销退回", "年末结余",
                "帮扶户数", "帮扶人数")
YEAR_WIDTHS = (16, *([12] * (len(YEAR_HEADERS) - 3)), 9, 9)
MONTH_HEADERS = ("资金来源", "月份", "月初结余", "本月收入", "本月支出", "本月冲销退回", "月末结余")
MONTH_WIDTHS = (18, 8, 13, 13, 13, 13, 13)


def fill_year(sheet, year: int, unit: str, rows: list[tuple], lead: tuple[str, ...] = (), widths: tuple[int, ...] = ()) -> None:
    """The year table; `lead` headers (e.g. 单位 at the level above) come first."""
    headers = (*lead, *YEAR_HEADERS)
    last = write_table(sheet, f"{year}年度帮扶资金使用情况统计台帐", f"填报单位：{unit}　　单位：元", headers, rows,
                       (*widths, *YEAR_WIDTHS))
    format_money(sheet, 2 + len(lead), len(headers) - 2, last)


def fill_month(sheet, year: int, unit: str, rows: list[tuple]) -> None:
    last = write_table(sheet, f"{year}年度帮扶资金分月收支", f"填报单位：{unit}　　单位：元", MONTH_HEADERS, rows, MONTH_WIDTHS)
    format_money(sheet, 3, 7, last)


def run(args: argparse.Namespace) -> int:
    loaded = load(args.ledger)
    unit = loaded.archive.options.get("unit") or ""
    book = new_workbook(f"{args.year}年度帮扶资金使用情况统计台帐", pd.Timestamp(args.year, 12, 31).date())
    sheet = book.active
    sheet.title = "年度"
    moves = movements_table(loaded)
    rows = year_rows(loaded, payments_table(loaded), moves, args.year)
    fill_year(sheet, args.year, unit, rows)
    fill_month(book.create_sheet("月度"), args.year, unit, month_rows(moves, args.year))
    output = args.output or Path("out") / f"资金使用台帐-{args.year}.xlsx"
    print(f"{args.year} 年合计：收入 {rows[-1][2]:,.2f} 元，支出 {rows[-1][9]:,.2f} 元，年末结余 {rows[-1][11]:,.2f} 元；已写入 {save(book, output)}")
    return 0
