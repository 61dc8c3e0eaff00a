"""`bangfu archive <action> LEDGER ARCHIVE-NO`: append a lifecycle event.

Actions: exit (脱困), cancel (注销), return (退回), blacklist (黑名单),
refresh (刷新). The event is appended, in one ledger transaction (ledger/transaction.py),
to the file holding the household's archive (or --file, one of the
ledger's own files), after checking that the transition is possible
(ledger/lifecycle.py) and that the ledger's rules still pass with it (an
exit dated before later payments is refused, naming them); nothing is
written otherwise. Dates after today are refused. `--synced` records when
the other form of the archive (paper or electronic) was brought in line (A15).

Refreshing an archive keeps it active: a worker already at or past the age
at which an archive is cancelled (settings `retire-age-male`/`-female`) is
warned about, and the event is still written.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ledger.archive import aged_out, birth_and_sex
from ledger.build import custom
from ledger.cli import date_argument
from ledger.errors import Severity
from ledger.lifecycle import transition_problem
from ledger.loader import Loaded, load
from ledger.models import REASON_REQUIRED
from ledger.precheck import precheck
from ledger.transaction import DEFAULT_WAIT, Transaction, transaction
from ledger.vocab import Event
from ledger.writer import LedgerWriteError, format_entries

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
        sub.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
        sub.add_argument("archive_no", metavar="档案编号", help="档案编号")
        sub.add_argument("--date", type=date_argument, default=datetime.date.today(), metavar="日期", help="日期（默认今天）")
        sub.add_argument("--reason", metavar="原因", help="原因（脱困、注销、退回、黑名单必填）")
        sub.add_argument("--note", metavar="备注", help="备注")
        sub.add_argument("--synced", type=date_argument, metavar="日期",
                         help="另一种档案（纸质或全国系统电子档案）完成同步的日期（A15）")
        sub.add_argument("--file", type=Path, metavar="文件", help="写入的文件（默认：该档案建档事件所在的文件）")
        sub.add_argument("--dry-run", action="store_true", help="只检查并显示将写入的内容，不写入")
        sub.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="秒",
                         help=f"账本正被另一进程写入时最多等待的秒数（默认 {DEFAULT_WAIT:g}）")
        sub.set_defaults(func=run, event=event)
    parser.set_defaults(func=lambda args: _help(parser))


def run(args: argparse.Namespace) -> int:
    if not args.ledger.is_file():
        return _refuse(f"找不到账本文件 {args.ledger}")
    if args.date > datetime.date.today():
        return _refuse(f"日期 {args.date} 晚于今天：档案事件只能记已发生的事")
    if args.dry_run:  # writes nothing, so it takes no lock
        return _record(args, load(args.ledger, use_cache=False), None)
    try:
        with transaction(args.ledger, f"bangfu archive {args.action}", wait=args.wait) as tx:
            return _record(args, tx.load(), tx)
    except LedgerWriteError as exc:
        return _refuse(str(exc))


def _record(args: argparse.Namespace, loaded: Loaded, tx: Transaction | None) -> int:
    """Check the event against the archive's state, the ledger's files and
    the rules (a later payment to an exited household is refused), then
    append it to the file that holds the archive, or to --file."""
    event: Event = args.event
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
    ledger_files = {loaded.path.resolve(), *(Path(f).resolve() for f in loaded.options.get("include", []))}
    target = (args.file or Path(record.events[0].entry.meta["filename"])).resolve()
    if target not in ledger_files:
        return _refuse(f"--file {args.file} 不是本账本包含的文件：只能写入主账本或其 include 的文件")
    if args.synced is not None and args.synced < args.date:
        return _refuse(f"同步日期 {args.synced} 早于事件日期 {args.date}")
    if args.synced is not None and args.synced > datetime.date.today():
        return _refuse(f"同步日期 {args.synced} 晚于今天：只能记已完成的同步")
    meta = {key: value for key, value in (("reason", args.reason), ("note", args.note), ("synced", args.synced)) if value}
    entry = custom(args.date, "household", [args.archive_no, event.value], meta)
    entry.meta.update(filename=str(target), lineno=0)
    added = [(p, e) for p, e in precheck(loaded, [entry]) if p.severity == Severity.ERROR]
    if added:
        lines = "\n".join(f"  {p.filename}:{p.lineno}：[{p.code}] {p.message}" for p, _entry in added)
        return _refuse(f"记录该事件后账本将出现 {len(added)} 处错误，未写入：\n{lines}")
    text = format_entries([entry])
    if event is Event.REFRESHED:
        aged = aged_out(*birth_and_sex(record.at(args.date).fields), args.date, loaded.view.options)
        if aged is not None:
            print(f"警告：档案 {args.archive_no} 的{aged.sex}职工 {args.date} 已满 {aged.years} 周岁，"
                  f"已达应注销年龄 {aged.limit} 周岁（设置 {aged.setting}；沐川办法 四(一)4）：刷新后仍在档，"
                  f"应予注销（bangfu archive cancel）")
    if tx is None:
        print(f"将在 {target} 末尾追加：\n{text}")
        return 0
    tx.append(target, text)
    tx.commit()
    print(f"已在 {target} 末尾追加：\n{text}")
    return 0


def _refuse(text: str) -> int:
    print(f"未写入：{text}", file=sys.stderr)
    return 2


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
