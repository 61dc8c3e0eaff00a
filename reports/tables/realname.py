"""实名制汇总表: `bangfu report realname LEDGER --year Y [--fund F]`.

One sheet per fund: title "<年>年度<资金名称>实名制汇总表", 填报单位 and period,
one row per payment (reversals shown as negative rows and netted), a 小计 per
aid category, 合计 in figures and in capital numerals, and the sign-off
footer. ID and card numbers are text; amounts numbers with two decimals; A4
landscape, header row repeated on every page, fitted to the page width.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ledger.loader import Loaded
from ledger.money import from_fen, money
from ledger.vocab import Fund
from reports.frames import PAYMENTS, categories_in, payments_table
from reports.numerals import capital
from reports.tables.report import UNCHECKED, argument, day, errors_in, year
from reports.workbook import MONEY, append_styled, new_workbook, page_setup, styled


@dataclass(frozen=True)
class Shown:
    """A payments-table column as the summary shows it (reports/frames.py
    declares its header, width and text format; the summary may rename it)."""

    column: str
    header: str = ""
    width: int = 0

    @property
    def title(self) -> str:
        return self.header or PAYMENTS[self.column].header

    @property
    def columns(self) -> int:
        return self.width or PAYMENTS[self.column].width


# The summary's columns after 序号, in order: the fund by its short name,
# the amount in yuan.
LAYOUT = (
    Shown("name"),
    Shown("id_number"),
    Shown("household"),
    Shown("work_unit"),
    Shown("hardship"),
    Shown("category_label"),
    Shown("fund", "资金来源", 10),
    Shown("fen", "金额(元)"),
    Shown("date"),
    Shown("method"),
    Shown("card"),
    Shown("note"),
)
NUMBER = ("序号", 6)
UNIT = ("单位", 20)  # at the level above (bangfu consolidate --detail), after 序号
AMOUNT = next(i for i, shown in enumerate(LAYOUT) if shown.column == "fen")
SUBTOTAL = ""  # the 序号 of subtotal and total rows


@dataclass(frozen=True)
class Parameters:
    year: int = year()
    fund: Fund | None = argument("--fund", "只输出一项资金，如 Central 或 中央财政（默认全部资金，每项一张表）", parse=Fund.parse)
    filed_on: datetime.date | None = day("--filed-on", "填报日期（默认该年 12 月 31 日）")

    @property
    def funds(self) -> list[Fund]:
        return [self.fund] if self.fund else list(Fund)

    @property
    def filed(self) -> datetime.date:
        return self.filed_on or datetime.date(self.year, 12, 31)


def filename(parameters: Parameters) -> str:
    return f"实名制汇总表-{parameters.year}.xlsx"


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    unit = loaded.view.options.unit
    mark = UNCHECKED if errors_in(loaded) else ""
    return workbook(payments_table(loaded), unit, parameters.year, parameters.funds, parameters.filed, mark=mark)


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    table = payments_table(loaded)
    year = table[table["year"] == parameters.year]
    lines = []
    for fund in parameters.funds:
        rows = year[year["fund"] == fund.value]
        lines.append(f"{parameters.year}年度{fund.label}：{len(rows)} 行，合计 {money(from_fen(rows['fen'].sum()))} 元")
    return lines


def workbook(table: pd.DataFrame, unit: str, year: int, funds: list[Fund], filed: datetime.date,
             unit_column: bool = False, mark: str = "") -> Workbook:
    """One sheet per fund, streamed (openpyxl write-only): a county's 100k
    payments a year write at nearly the speed of unformatted rows. With
    `unit_column` (the level above) a 单位 column from `unit_name` follows 序号."""
    book = new_workbook(f"{year}年度实名制汇总表", filed, write_only=True)
    year_rows = table[table["year"] == year]
    for fund in funds:
        rows = sheet_rows(year_rows, year, fund, unit_column)
        _write_sheet(book.create_sheet(fund.label[:31]), rows, unit, year, fund, filed, unit_column, mark)
    return book


def sheet_rows(table: pd.DataFrame, year: int, fund: Fund, unit_column: bool = False) -> list[tuple[Any, ...]]:
    """The body of one fund's sheet: one row per payment line, ordered by
    category, each category closed by its 小计 row, then 合计."""
    rows = table[(table["year"] == year) & (table["fund"] == fund.value)]
    gap = ("",) if unit_column else ()
    names = [shown.column for shown in LAYOUT if shown.column != "fund"]
    units = rows["unit_name"].tolist() if unit_column else [None] * len(rows)
    # One pass into per-category lists (not a pandas filter per category:
    # 15 sheets x 8 categories of those cost as much as writing the rows).
    categories = categories_in(table)
    by_category: dict[str, list[tuple[Any, ...]]] = {code: [] for code, _label in categories}
    for category, unit_name, *values in zip(rows["category"].tolist(), units, *(rows[c].tolist() for c in names), strict=True):
        if category in by_category:
            by_category[category].append((unit_name, *values))
    fen_at = names.index("fen")
    blank = ("",) * (AMOUNT - 1)
    body: list[tuple[Any, ...]] = []
    number = 0
    for code, label in categories:
        part = by_category[code]
        if not part:
            continue
        for unit_name, *values in part:
            number += 1
            shown = [*values[:AMOUNT - 1], fund.short, values[fen_at] / 100, *values[fen_at + 1:]]
            body.append((number, *((unit_name,) if unit_column else ()), *shown))
        subtotal = float(from_fen(sum(line[1 + fen_at] for line in part)))
        body.append((SUBTOTAL, *gap, f"{label}小计", *blank, subtotal, None, "", "", ""))
    body.append((SUBTOTAL, *gap, "合计", *blank, float(from_fen(rows["fen"].sum())), None, "", "", ""))
    return body


def _write_sheet(sheet: Any, body: list[tuple[Any, ...]], unit: str, year: int, fund: Fund,
                 filed: datetime.date, unit_column: bool = False, mark: str = "") -> None:
    extra = int(unit_column)
    lead = [NUMBER, *([UNIT] if unit_column else [])]
    headers = (*(h for h, _w in lead), *(shown.title for shown in LAYOUT))
    widths = (*(w for _h, w in lead), *(shown.columns for shown in LAYOUT))
    columns = len(headers)
    amount = len(lead) + AMOUNT + 1  # 1-based column of the amount
    page_setup(sheet, widths)
    title = styled(sheet, bold=True, size=16, border=False, horizontal="center")
    subtitle = styled(sheet, size=10, border=False)
    append_styled(sheet, [title], [f"{year}年度{fund.label}实名制汇总表{mark}"])
    append_styled(sheet, [subtitle], [f"填报单位（盖章）：{unit}　　　　期间：{year}-01-01 至 {year}-12-31　　　　单位：元"])
    header = [styled(sheet, bold=True, horizontal="center", wrap=True) for _ in headers]
    append_styled(sheet, header, headers)
    formats = {amount: MONEY, amount + 1: "yyyy-mm-dd"}
    formats.update({len(lead) + i + 1: "@" for i, shown in enumerate(LAYOUT) if PAYMENTS[shown.column].text})
    plain = [styled(sheet, wrap=True, number_format=formats.get(c)) for c in range(1, columns + 1)]
    bold_label = styled(sheet, bold=True, horizontal="center", wrap=True)
    bold = [bold_label] + [styled(sheet, bold=True, wrap=True, number_format=formats.get(c)) for c in range(2, columns + 1)]
    merges = [f"A1:{get_column_letter(columns)}1", f"A2:{get_column_letter(columns)}2"]
    row = 3
    for values in body:
        row += 1
        if values[0] == SUBTOTAL:  # the label moves to the merged cell before the amount
            append_styled(sheet, bold, (values[1 + extra], *[None] * (amount - 2), *values[amount - 1:]))
            merges.append(f"A{row}:{get_column_letter(amount - 1)}{row}")
        else:
            append_styled(sheet, plain, values)
    total = body[-1][amount - 1]
    words = styled(sheet, bold=True)
    append_styled(sheet, [words] + [styled(sheet) for _ in range(columns - 1)],
                  [f"合计金额（大写）：{capital(Decimal(str(total)))}"] + [None] * (columns - 1))
    merges.append(f"A{row + 1}:{get_column_letter(columns)}{row + 1}")
    sheet.append([])
    footer: list[Any] = [None] * (10 + extra)
    footer[0], footer[4 + extra] = styled(sheet, border=False), styled(sheet, border=False)
    footer[9 + extra] = styled(sheet, border=False, horizontal="left")
    footer[0].value, footer[4 + extra].value = "负责人：", "经办人："
    footer[9 + extra].value = f"填报日期：{filed.year} 年 {filed.month} 月 {filed.day} 日"
    sheet.append(footer)
    for ref in merges:
        sheet.merged_cells.add(ref)
