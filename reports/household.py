"""`bangfu report household LEDGER ARCHIVE-NO`: 帮扶台账 of one household.

Archive summary and members, every payment (reversals included), and per
year the caps used and the headroom left per category, from the fund rules'
own headroom function so the figures agree with what the rules enforce."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from fund_rules.headroom import context_for, headroom
from ledger.loader import load
from ledger.identity import mask_card
from reports.table import from_fen, payments_table
from reports.workbook import format_money, new_workbook, save, write_table



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive_no", help="档案编号")
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="截至日期（默认账本最后一笔付款的日期）")
    parser.add_argument("-o", "--output", type=Path, help="xlsx 输出文件（默认 out/帮扶台账-档案编号.xlsx）")


def run(args: argparse.Namespace) -> int:
    loaded = load(args.ledger)
    record = loaded.archive.households.get(args.archive_no)
    if record is None or not record.events:
        print(f"错误：账本中没有档案 {args.archive_no}")
        return 2
    table = payments_table(loaded)
    mine = table[table["household"] == args.archive_no]
    as_of = args.as_of or (max(table["date"]) if not table.empty else datetime.date.today())
    snapshot = record.at(as_of)
    fields = snapshot.fields
    book = new_workbook(f"困难职工帮扶台账 {args.archive_no}", as_of)
    sheet = book.active
    sheet.title = "档案"
    summary = [
        ("档案编号", args.archive_no), ("姓名", fields.name), ("档案状态", snapshot.state.label if snapshot.state else "未建档"),
        ("建档日期", snapshot.archived_on), ("所在地区", fields.locality), ("档案级别", fields.level.label if fields.level else ""),
        ("档案性质", fields.nature.label if fields.nature else ""), ("困难类别", fields.hardship.label if fields.hardship else ""),
        ("主要致困原因", fields.cause.label if fields.cause else ""), ("工作单位", fields.work_unit),
        ("收款银行卡", mask_card(fields.card or "")), ("家庭人口", snapshot.size),
    ]
    summary += [(f"成员：{m.fields.name}", f"{m.fields.relation or ''} {m.fields.school_level.label if m.fields.school_level else ''}".strip())
                for m in snapshot.members]
    events = [(f"{e.date} {e.event.label}", e.fields.reason or e.fields.note or "") for e in record.events]
    write_table(sheet, f"困难职工帮扶台账（{fields.name}）", f"截至 {as_of}", ("项目", "内容"), summary + events, (18, 50),
                text_columns=(2,))
    payments = book.create_sheet("帮扶记录")
    rows = [(n, r.date, r.category_label, r.fund_label, float(from_fen(r.fen)), r.method, r.payment_no, r.approval, r.note)
            for n, r in enumerate(mine.itertuples(), start=1)]
    last = write_table(payments, "帮扶记录", f"档案 {args.archive_no}　共 {len(rows)} 笔，净额 {from_fen(mine['fen'].sum()):,.2f} 元",
                       ("序号", "发放日期", "帮扶类别", "资金来源", "金额(元)", "发放方式", "付款编号", "审批编号", "备注"), rows,
                       (6, 12, 10, 22, 12, 9, 14, 14, 30), text_columns=(7, 8))
    format_money(payments, 5, 5, last)
    rooms = book.create_sheet("额度")
    context = context_for(loaded.archive, loaded.entries)
    room_rows = []
    years = sorted({d.year for d in mine["date"]} | {as_of.year})
    for year in years:
        day = min(datetime.date(year, 12, 31), as_of)
        for room in headroom(context, args.archive_no, day).rooms:
            room_rows.append((year, room.category.label, room.subject, float(room.cap), float(room.used), float(room.remaining), room.why))
    last = write_table(rooms, "各年度帮扶上限与可用额度", f"截至 {as_of}（按与规则检查相同的口径计算）",
                       ("年度", "帮扶类别", "计算对象", "上限(元)", "已用(元)", "可用(元)", "依据"), room_rows,
                       (8, 10, 34, 12, 12, 12, 48))
    format_money(rooms, 4, 6, last)
    output = args.output or Path("out") / f"帮扶台账-{args.archive_no}.xlsx"
    print(f"档案 {args.archive_no}（{fields.name}）：{len(rows)} 笔帮扶；已写入 {save(book, output)}")
    return 0
