"""Yearly analysis: `bangfu report analysis LEDGER --year Y` (seed 003 四(三):
致困原因、帮扶情况、脱困成效) with native Excel charts."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference

from ledger.archive import HouseholdSnapshot
from ledger.loader import Loaded
from ledger.money import from_fen, money
from ledger.vocab import Event, Fund
from reports.frames import categories_in, payments_table
from reports.tables.report import year
from reports.workbook import format_money, new_workbook, total_row, write_table

CLOSING = (Event.EXITED, Event.CANCELLED, Event.RETURNED, Event.BLACKLISTED)


@dataclass(frozen=True)
class Parameters:
    year: int = year()


def filename(parameters: Parameters) -> str:
    return f"年度分析-{parameters.year}.xlsx"


def _active(loaded: Loaded, year_end: datetime.date) -> list[HouseholdSnapshot]:
    snapshots = (h.at(year_end) for h in loaded.view.households.values())
    return [s for s in snapshots if s.active]


def _closing(loaded: Loaded, year: int) -> list[tuple[Any, ...]]:
    return sorted(
        (e.date, record.archive_no, e.fields.name or record.at(e.date).fields.name, e.event.label, e.fields.reason or "")
        for record in loaded.view.households.values() for e in record.events
        if e.date.year == year and e.event in CLOSING
    )


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    year = parameters.year
    table = payments_table(loaded)
    paid = table[table["year"] == year]["fen"].sum()
    active, closing = _active(loaded, datetime.date(year, 12, 31)), _closing(loaded, year)
    return [f"{year} 年末在档 {len(active)} 户，帮扶 {money(from_fen(paid))} 元，脱困注销退回 {len(closing)} 户"]


def _counts(sheet: Any, title: str, rows: list[tuple[Any, ...]], chart_title: str, anchor: str,
            pie: bool = False) -> None:
    last = write_table(sheet, title, "在档户数（年末）" if not pie else "", ("项目", "户数"), rows, (24, 10))
    total_row(sheet, last + 1, ("合计", sum(count for _name, count in rows)))
    chart = PieChart() if pie else BarChart()
    chart.title = chart_title
    data = Reference(sheet, min_col=2, min_row=3, max_row=last)
    labels = Reference(sheet, min_col=1, min_row=4, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    sheet.add_chart(chart, anchor)


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    year_number = parameters.year
    year_end = datetime.date(year_number, 12, 31)
    active = _active(loaded, year_end)
    book = new_workbook(f"{year_number}年度困难职工帮扶工作分析", year_end)
    book.remove(book.active)
    dimensions = (
        ("困难类别", lambda s: s.fields.hardship.label if s.fields.hardship else "未填"),
        ("主要致困原因", lambda s: s.fields.cause.label if s.fields.cause else "未填"),
        ("所在地区", lambda s: s.fields.locality or "未填"),
        ("档案级别", lambda s: s.fields.level.label if s.fields.level else "未填"),
    )
    for name, key in dimensions:
        counts = Counter(key(s) for s in active)
        sheet = book.create_sheet(name)
        _counts(sheet, f"{year_number}年末在档困难职工按{name}", sorted(counts.items(), key=lambda kv: -kv[1]),
                f"按{name}", "D3", pie=name == "困难类别")
    table = payments_table(loaded)
    year = table[table["year"] == year_number]
    aid = book.create_sheet("帮扶资金")
    rows: list[tuple[Any, ...]] = []
    for code, label in categories_in(year):
        part = year[year["category"] == code]
        rows.append((label, *(float(from_fen(part[part["fund"] == f.value]["fen"].sum())) for f in Fund),
                     float(from_fen(part["fen"].sum()))))
    last = write_table(aid, f"{year_number}年度帮扶资金按类别和来源", "单位：元", ("帮扶类别", *(f.label for f in Fund), "合计"), rows,
                       (10, 14, 14, 14, 14, 14, 12))
    format_money(aid, 2, 7, last)
    total_row(aid, last + 1, ("合计", *(sum(row[i] for row in rows) for i in range(1, 7))), money_from=2)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.title = "col", "stacked", 100, "帮扶资金（元）"
    chart.add_data(Reference(aid, min_col=2, max_col=6, min_row=3, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(aid, min_col=1, min_row=4, max_row=last))
    aid.add_chart(chart, "A12")
    exits = book.create_sheet("脱困与注销")
    closing = _closing(loaded, year_number)
    write_table(exits, f"{year_number}年度脱困、注销与退回", f"共 {len(closing)} 户", ("日期", "档案编号", "姓名", "事件", "原因"),
                closing, (12, 14, 10, 8, 50), text_columns=(2,))
    return book
