"""帮扶台账 of one household: `bangfu report household LEDGER ARCHIVE-NO`.

Archive summary and members, every payment (reversals included), and per
year the caps used and the headroom left per category, from the fund rules'
own headroom function so the figures agree with what the rules enforce."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from fund_rules.headroom import headroom
from ledger.identity import mask_card
from ledger.loader import Loaded
from ledger.money import from_fen, money
from reports.frames import payments_table
from reports.tables.report import ReportError, argument, day
from reports.workbook import format_money, new_workbook, write_table


@dataclass(frozen=True)
class Parameters:
    archive_no: str = argument("archive_no", "档案编号", required=True)
    as_of: datetime.date | None = day("--as-of", "截至日期（默认账本最后一笔付款的日期）")


def filename(parameters: Parameters) -> str:
    return f"帮扶台账-{parameters.archive_no}.xlsx"


def _as_of(loaded: Loaded, parameters: Parameters) -> datetime.date:
    return parameters.as_of or loaded.view.last_payment_date or datetime.date.today()


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    archive_no = parameters.archive_no
    view = loaded.view
    record = view.households.get(archive_no)
    if record is None:
        raise ReportError(f"账本中没有档案 {archive_no}")
    table = payments_table(loaded)
    mine = table[table["household"] == archive_no]
    as_of = _as_of(loaded, parameters)
    snapshot = record.at(as_of)
    fields = snapshot.fields
    book = new_workbook(f"困难职工帮扶台账 {archive_no}", as_of)
    sheet = book.active
    sheet.title = "档案"
    summary: list[tuple[str, Any]] = [
        ("档案编号", archive_no), ("姓名", fields.name),
        ("档案状态", snapshot.state.label if snapshot.state else "未建档"),
        ("建档日期", snapshot.archived_on), ("所在地区", fields.locality),
        ("档案级别", fields.level.label if fields.level else ""),
        ("档案性质", fields.nature.label if fields.nature else ""),
        ("困难类别", fields.hardship.label if fields.hardship else ""),
        ("主要致困原因", fields.cause.label if fields.cause else ""), ("工作单位", fields.work_unit),
        ("收款银行卡", mask_card(fields.card or "")), ("家庭人口", snapshot.size),
    ]
    summary += [
        (f"成员：{m.fields.name}",
         f"{m.fields.relation or ''} {m.fields.school_level.label if m.fields.school_level else ''}".strip())
        for m in snapshot.members
    ]
    events = [(f"{e.date} {e.event.label}", e.fields.reason or e.fields.note or "") for e in record.events]
    write_table(sheet, f"困难职工帮扶台账（{fields.name}）", f"截至 {as_of}", ("项目", "内容"), summary + events, (18, 50),
                text_columns=(2,))
    payments = book.create_sheet("帮扶记录")
    shown = ("date", "category_label", "fund_label", "fen", "method", "payment_no", "approval", "note")
    rows = [(n, day, category, fund, float(from_fen(fen)), method, number, approval, note)
            for n, (day, category, fund, fen, method, number, approval, note)
            in enumerate(zip(*(mine[c] for c in shown), strict=True), start=1)]
    last = write_table(payments, "帮扶记录", f"档案 {archive_no}　共 {len(rows)} 笔，净额 {money(from_fen(mine['fen'].sum()))} 元",
                       ("序号", "发放日期", "帮扶类别", "资金来源", "金额(元)", "发放方式", "付款编号", "审批编号", "备注"), rows,
                       (6, 12, 10, 22, 12, 9, 14, 14, 30), text_columns=(7, 8))
    format_money(payments, 5, 5, last)
    rooms = book.create_sheet("额度")
    room_rows = []
    years = sorted({d.year for d in mine["date"]} | {as_of.year})
    for year in years:
        day = min(datetime.date(year, 12, 31), as_of)
        for room in headroom(view, archive_no, day).rooms:
            room_rows.append((year, room.category.label, room.subject, float(room.cap), float(room.used),
                              float(room.remaining), f"{room.overspent} 元；{room.why}" if room.over else room.why))
    last = write_table(rooms, "各年度帮扶上限与可用额度", f"截至 {as_of}（按与规则检查相同的口径计算）",
                       ("年度", "帮扶类别", "计算对象", "上限(元)", "已用(元)", "可用(元)", "依据"), room_rows,
                       (8, 10, 34, 12, 12, 12, 48))
    format_money(rooms, 4, 6, last)
    return book


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    name = loaded.view.household(parameters.archive_no, _as_of(loaded, parameters))
    table = payments_table(loaded)
    count = int((table["household"] == parameters.archive_no).sum())
    return [f"档案 {parameters.archive_no}（{name.fields.name if name else ''}）：{count} 笔帮扶"]
