"""`bangfu archive <action> LEDGER ARCHIVE-NO`: append a lifecycle event.

Actions: exit (脱困), cancel (注销), return (退回), blacklist (黑名单),
refresh (刷新). The event is appended through the append-only writer to the
file holding the household's archive, after checking that the transition
is possible (ledger/lifecycle.py); nothing is written otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ledger.build import custom
from ledger.lifecycle import transition_problem
from ledger.loader import load
from ledger.models import REASON_REQUIRED
from ledger.vocab import Event
from ledger.writer import LedgerWriteError, append_entries, format_entries

ACTIONS = {
    "exit": Event.EXITED,
    "cancel": Event.CANCELLED,
    "return": Event.RETURNED,
    "blacklist": Event.BLACKLISTED,
    "refresh": Event.REFRESHED,
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "archive",
        help="记录档案脱困、注销、退回、黑名单、刷新",
        description="在档案文件末尾追加一条档案事件；先检查该事件在当时的档案状态下是否允许。",
    )
    actions = parser.add_subparsers(title="操作", dest="action", metavar="<操作>")
    for name, event in ACTIONS.items():
        sub = actions.add_parser(name, help=f"{event.label}（{event.value}）")
        sub.add_argument("ledger", type=Path, help="主账本文件")
        sub.add_argument("archive_no", help="档案编号")
        sub.add_argument("--date", type=datetime.date.fromisoformat, default=datetime.date.today(), help="日期（默认今天）")
        sub.add_argument("--reason", help="原因（脱困、注销、退回、黑名单必填）")
        sub.add_argument("--note", help="备注")
        sub.add_argument("--file", type=Path, help="写入的文件（默认：该档案建档事件所在的文件）")
        sub.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写入")
        sub.set_defaults(func=run, event=event)
    parser.set_defaults(func=lambda args: _help(parser))


def run(args: argparse.Namespace) -> int:
    event: Event = args.event
    loaded = load(args.ledger, use_cache=False)
    record = loaded.view.households.get(args.archive_no)
    if record is None:
        return _refuse(f"账本中没有档案 {args.archive_no}")
    later = [e for e in record.events if e.date > args.date]
    if later:
        return _refuse(f"档案 {args.archive_no} 在 {args.date} 之后还有事件（{later[0].date} {later[0].event.label}），请按日期顺序记录")
    problem = transition_problem(record.at(args.date).state, event)
    if problem is not None:
        return _refuse(f"档案 {args.archive_no}：{problem}")
    if event in REASON_REQUIRED and not args.reason:
        return _refuse(f"{event.label}须用 --reason 写明原因")
    meta = {key: value for key, value in (("reason", args.reason), ("note", args.note)) if value}
    entry = custom(args.date, "household", [args.archive_no, event.value], meta)
    target = args.file or Path(record.events[0].entry.meta["filename"])
    text = format_entries([entry])
    if args.dry_run:
        print(f"将在 {target} 末尾追加：\n{text}")
        return 0
    try:
        append_entries(target, [entry])
    except LedgerWriteError as exc:
        return _refuse(str(exc))
    print(f"已在 {target} 末尾追加：\n{text}")
    return 0


def _refuse(text: str) -> int:
    print(f"未写入：{text}", file=sys.stderr)
    return 2


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
