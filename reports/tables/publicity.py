"""公示名单 of a batch or a period: `bangfu report publicity LEDGER`.

Public: name, masked ID (511123********123X), work unit, category, amount;
ID- or card-like digit runs inside the free text (name, work unit) masked too.
No bank card, and no option to unmask (publicity lists hang in the worker's
unit; seed 003 三(二), seed 004 art. 20 on confidentiality)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook

from fund_rules.archive_rules import NOTICE_DAYS
from ledger.identity import mask_id, mask_numbers
from ledger.loader import Loaded
from ledger.money import from_fen, money
from reports.frames import payments_table
from reports.tables.report import argument, day
from reports.workbook import format_money, new_workbook, write_table

HEADERS = ("序号", "姓名", "身份证号", "工作单位", "帮扶类别", "金额(元)")
WIDTHS = (6, 10, 22, 26, 12, 12)


@dataclass(frozen=True)
class Parameters:
    batch: str | None = argument("--batch", "批次号（付款编号的前缀或 batch 字段），如 QS2025")
    start: datetime.date | None = day("--from", "起始日期")
    end: datetime.date | None = day("--to", "截止日期")
    posted: datetime.date | None = day(
        "--posted",
        "公示开始日期（默认：批次已声明公示的用其公示期，否则为所列付款最后一天的次日）；"
        "公示期为其后 5 个工作日（或设置 notice-days 的天数）",
    )


def filename(parameters: Parameters) -> str:
    return "公示名单.xlsx"


def selected(loaded: Loaded, parameters: Parameters) -> pd.DataFrame:
    """The payment lines of the batch or period."""
    table = payments_table(loaded)
    if parameters.batch:
        numbers = {p.number for p in loaded.view.payments if p.fields.batch == parameters.batch}
        table = table[table["payment_no"].str.startswith(parameters.batch) | table["payment_no"].isin(numbers)]
    if parameters.start:
        table = table[table["date"] >= parameters.start]
    if parameters.end:
        table = table[table["date"] <= parameters.end]
    return table


def listed(table: pd.DataFrame) -> pd.DataFrame:
    """The payments on the list, each netted with its reversals; fully
    returned payments drop out."""
    net = table.groupby(["payment_no", "household", "name", "id_number", "work_unit", "category_label"],
                        sort=False, as_index=False)["fen"].sum()
    return net[net["fen"] > 0]


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    table = selected(loaded, parameters)
    net = listed(table)
    columns = zip(net["name"], net["id_number"], net["work_unit"], net["category_label"], net["fen"], strict=True)
    rows = [(n, mask_numbers(name), mask_id(id_number), mask_numbers(unit) if isinstance(unit, str) else unit, label,
             float(from_fen(fen)))
            for n, (name, id_number, unit, label, fen) in enumerate(columns, start=1)]
    unit = loaded.view.options.unit
    stamp = parameters.end or (max(table["date"]) if not table.empty else datetime.date(2000, 1, 1))
    if parameters.batch:
        period = f"批次 {parameters.batch}"
    else:
        period = f"{parameters.start or '起'} 至 {parameters.end or '今'}"
    book = new_workbook("困难职工帮扶资金发放公示名单", stamp)
    sheet = book.active
    sheet.title = "公示名单"
    last = write_table(sheet, f"{unit}困难职工帮扶资金发放公示名单", f"{period}　　共 {len(rows)} 人次", HEADERS, rows, WIDTHS,
                       text_columns=(3,))
    format_money(sheet, 6, 6, last)
    posted, until, days = notice_period(loaded, parameters, stamp)
    contact = loaded.view.options.contact
    # On every posted page, in the footer: no page holds only these lines (or only a header).
    sheet.oddFooter.left.text = f"公示期：{posted} 至 {until}（{days} 个工作日）。如有异议，请在公示期内向{contact or unit}反映。"
    sheet.oddFooter.left.size = 9
    sheet.page_setup.orientation = "portrait"  # a list to post on a board: more names per page
    return book


def notice_period(loaded: Loaded, parameters: Parameters, stamp: datetime.date) -> tuple[datetime.date, datetime.date, int]:
    """(first day, last day, working days) of the list's notice: the batch's
    declared notice (`custom "batch"`, rule R17) unless --posted is given,
    else from --posted or the day after `stamp`, as many working days as the
    `notice-days` setting asks (at least 5)."""
    view = loaded.view
    declared = view.batches.get(parameters.batch) if parameters.batch else None
    if declared is not None and parameters.posted is None:
        start, end = declared.notice_start, declared.notice_end
        if start is not None and end is not None:  # else the batch declares only its reported: date
            return start, end, view.calendar.count(start, end)
    posted = parameters.posted or stamp + datetime.timedelta(days=1)
    days = max(NOTICE_DAYS, view.options.notice_days)
    return posted, notice_end(loaded, posted, days), days


def notice_end(loaded: Loaded, start: datetime.date, days: int = NOTICE_DAYS) -> datetime.date:
    """The last of `days` working days from `start` (holidays and 调休 as the
    ledger's work calendar knows them; seed 003 三(二): 公示不少于 5 个工作日)."""
    calendar = loaded.view.calendar
    day, counted = start, 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    net = listed(selected(loaded, parameters))
    return [f"公示名单：{len(net)} 人次，合计 {money(from_fen(net['fen'].sum()))} 元"]
