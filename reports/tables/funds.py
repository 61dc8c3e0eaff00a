"""帮扶资金使用情况统计台账（决算）: `bangfu report funds LEDGER --year Y`.

Per fund: opening balance, received, spent per category, returned by
reversals, closing balance, households and persons aided; for the year and
per month. Built from the same payment table as every other report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook

from ledger.loader import Loaded
from ledger.money import from_fen, money
from ledger.vocab import Fund
from reports.frames import categories_in, movements_table, payments_table
from reports.tables.report import year
from reports.workbook import format_money, new_workbook, sign_off, write_table


@dataclass(frozen=True)
class Parameters:
    year: int = year()


def filename(parameters: Parameters) -> str:
    return f"资金使用台账-{parameters.year}.xlsx"


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    year = parameters.year
    unit = loaded.view.options.unit
    book = new_workbook(f"{year}年度帮扶资金使用情况统计台账", datetime.date(year, 12, 31))
    sheet = book.active
    sheet.title = "年度"
    moves = movements_table(loaded)
    payments = payments_table(loaded)
    labels = [label for _code, label in categories_in(payments)]
    fill_year(sheet, year, unit, year_rows(loaded, payments, moves, year), labels)
    fill_month(book.create_sheet("月度"), year, unit, month_rows(moves, year))
    return book


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    total = year_rows(loaded, payments_table(loaded), movements_table(loaded), parameters.year)[-1]
    return [f"{parameters.year} 年合计：收入 {money(total[2])} 元，支出 {money(total[9])} 元，年末结余 {money(total[11])} 元"]


def _yuan(fen: Any) -> float:
    return float(from_fen(int(fen)))


def year_rows(loaded: Loaded, payments: pd.DataFrame, moves: pd.DataFrame, year: int) -> list[tuple[Any, ...]]:
    """Per fund and in total; the category columns are `categories_in(payments)`."""
    categories = categories_in(payments)
    rows: list[tuple[Any, ...]] = []
    for fund in Fund:
        mine = moves[moves["fund"] == fund.value]
        spent = payments[(payments["year"] == year) & (payments["fund"] == fund.value)]
        opening = mine[mine["year"] < year]["fen"].sum()
        received = mine[(mine["year"] == year) & (mine["kind"] == "receipt")]["fen"].sum()
        by_category = [spent[spent["category"] == code]["fen"].sum() for code, _label in categories]
        returned = -spent[spent["reversal"].astype(bool)]["fen"].sum()  # (an empty column is not boolean)
        closing = mine[mine["year"] <= year]["fen"].sum()
        households, persons = _aided(loaded, spent, year)
        rows.append((fund.label, _yuan(opening), _yuan(received), *map(_yuan, by_category), _yuan(spent["fen"].sum()),
                     _yuan(returned), _yuan(closing), households, persons))
    # money adds up over the funds; households and persons do not (one household paid by two funds is one)
    money_totals = (sum(r[i] for r in rows) for i in range(1, len(rows[0]) - 2))
    totals = ("合计", *money_totals, *_aided(loaded, payments[payments["year"] == year], year))
    return [*rows, totals]


def _aided(loaded: Loaded, lines: pd.DataFrame, year: int) -> tuple[int, int]:
    """Distinct households these payment lines aided (net of reversals), and their persons."""
    net = lines.groupby("household")["fen"].sum()
    aided = net[net > 0].index
    return len(aided), sum(_size(loaded, no, datetime.date(year, 12, 31)) for no in aided)


def _size(loaded: Loaded, archive_no: str, day: datetime.date) -> int:
    household = loaded.view.household(archive_no, day)
    return household.size if household is not None else 0


def month_rows(moves: pd.DataFrame, year: int) -> list[tuple[Any, ...]]:
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


def year_headers(labels: list[str]) -> tuple[str, ...]:
    return ("资金来源", "年初结余", "本年收入", *labels, "支出合计", "其中冲销退回", "年末结余", "帮扶户数", "帮扶人数")


def year_widths(labels: list[str]) -> tuple[int, ...]:
    return (16, *([12] * (len(year_headers(labels)) - 3)), 9, 9)
MONTH_HEADERS = ("资金来源", "月份", "月初结余", "本月收入", "本月支出", "本月冲销退回", "月末结余")
MONTH_WIDTHS = (18, 8, 13, 13, 13, 13, 13)


def fill_year(sheet: Any, year: int, unit: str, rows: list[tuple[Any, ...]], labels: list[str],
              lead: tuple[str, ...] = (), widths: tuple[int, ...] = ()) -> None:
    """The year table, a column per category `labels`; `lead` headers (e.g.
    单位 at the level above) come first."""
    headers = (*lead, *year_headers(labels))
    last = write_table(sheet, f"{year}年度帮扶资金使用情况统计台账", f"填报单位（盖章）：{unit}　　{_period(year)}　　单位：元",
                       headers, rows, (*widths, *year_widths(labels)))
    format_money(sheet, 2 + len(lead), len(headers) - 2, last)
    sign_off(sheet, last)


def _period(year: int) -> str:
    return f"期间：{year}-01-01 至 {year}-12-31"


def fill_month(sheet: Any, year: int, unit: str, rows: list[tuple[Any, ...]]) -> None:
    last = write_table(sheet, f"{year}年度帮扶资金分月收支", f"填报单位（盖章）：{unit}　　{_period(year)}　　单位：元",
                       MONTH_HEADERS, rows, MONTH_WIDTHS)
    format_money(sheet, 3, 7, last)
    sign_off(sheet, last)

