"""`bangfu report cleanup LEDGER --as-of DATE`: archives due for action."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from fund_rules.cleanup import ACTIONS, cleanup_deadlines, due_actions
from ledger.loader import load
from reports.workbook import new_workbook, save, write_table

HEADERS = ("序号", "档案编号", "姓名", "地区", "档案级别", "状态", "应办事项", "原因", "最近帮扶日期", "建档日期")
WIDTHS = (6, 14, 10, 10, 9, 8, 14, 52, 13, 12)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="截至日期，如 2025-12-31（默认今天）")
    parser.add_argument("-o", "--output", type=Path, help="xlsx 输出文件（默认 out/清理名单-日期.xlsx）")


def run(args: argparse.Namespace) -> int:
    loaded = load(args.ledger)
    archive = loaded.archive
    due = due_actions(archive, args.as_of)
    unit = archive.options.get("unit") or ""
    title = f"{unit}困难职工档案清理名单"
    deadlines = [d for d in cleanup_deadlines(archive, args.as_of) if d >= args.as_of]
    subtitle = f"截至 {args.as_of}" + (f"；本年集中清理截止日 {deadlines[0]}" if deadlines else "")
    print(f"{title}（{subtitle}）")
    counts = {key: sum(d.action == key for d in due) for key in ACTIONS}
    print("；".join(f"{label} {counts[key]} 户" for key, label in ACTIONS.items()))
    for n, item in enumerate(due, start=1):
        last = item.last_aid.isoformat() if item.last_aid else "无"
        print(f"{n:>3}. {item.archive_no} {item.name} [{item.action_label}] {item.reason}（最近帮扶：{last}）")
    rows = [
        (n, d.archive_no, d.name, d.locality, d.level, d.state.label, d.action_label, d.reason, d.last_aid, d.archived_on)
        for n, d in enumerate(due, start=1)
    ]
    book = new_workbook(title, args.as_of)
    sheet = book.active
    sheet.title = "清理名单"
    write_table(sheet, title, subtitle, HEADERS, rows, WIDTHS, text_columns=(2,))
    output = args.output or Path("out") / f"清理名单-{args.as_of}.xlsx"
    print(f"已写入 {save(book, output)}")
    return 0
