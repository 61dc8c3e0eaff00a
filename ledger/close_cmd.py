"""`bangfu close LEDGER --through DATE` seals a period; `bangfu close LEDGER
--reopen DATE --reason TEXT` records a reopening (ledger/seal.py).

Closing, in one ledger transaction (ledger/transaction.py):
1. the period must be clean: no error dated in it (and none without a date);
2. each bank account's reconciliation (ledger/bank.py) of the period's last
   month must balance, or `--unreconciled REASON` says why it does not; the
   reason is written on the closing, for auditors to see;
3. the closing is appended to the main file, dated today, with the digest of
   every entry dated up to DATE, after the rule pre-check confirms the plugin
   computes the same digest.

Reopening lifts every closing in force that covers DATE (those through DATE
and later), one `reopen` directive each, dated today, with the reason.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.bank import account_name, bank_accounts, reconcile
from ledger.build import custom
from ledger.cli import date_argument
from ledger.errors import Severity
from ledger.loader import Loaded, load, problem_of
from ledger.money import money
from ledger.precheck import precheck
from ledger.seal import CLOSE, REOPEN, digest, ledger_root, seals_of
from ledger.transaction import DEFAULT_WAIT, Transaction, transaction
from ledger.writer import LedgerWriteError, format_entries

SHOWN = 20  # errors listed when a period is not clean


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "close",
        help="结账：封存截止日及以前的全部记录；或重新开账",
        description="结账：检查期间内没有错误、最后一个月的银行存款余额调节表相符，然后在主账本末尾追加结账记录"
        "（截止日及以前全部记录的 SHA-256）；此后该期间的记录被改动时，bangfu check 报 S19。"
        "重新开账（--reopen）撤销覆盖该日期的结账，并记下日期与原因。",
    )
    parser.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--through", type=date_argument, metavar="日期", help="结账截止日期（含），如 2025-06-30")
    what.add_argument("--reopen", type=date_argument, metavar="日期",
                      help="重新开账：撤销覆盖该日期的全部结账（截止日在该日期及以后的）")
    parser.add_argument("--reason", metavar="原因", help="重新开账的原因（--reopen 必填）")
    parser.add_argument("--unreconciled", metavar="原因",
                        help="最后一个月银行存款余额调节表不相符或未导入对账单时，写明原因仍结账（原因写入结账记录）")
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示将写入的内容，不写入")
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="秒",
                        help=f"账本正被另一进程写入时最多等待的秒数（默认 {DEFAULT_WAIT:g}）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.ledger.is_file():
        return _refuse(f"找不到账本文件 {args.ledger}")
    today = datetime.date.today()
    day = args.through or args.reopen
    if day > today:
        return _refuse(f"日期 {day} 晚于今天 {today}：只能结账已经过去的期间")
    if args.reopen is not None and not (args.reason and args.reason.strip()):
        return _refuse("重新开账须用 --reason 写明原因（审计人员可见）")
    if args.reopen is not None and args.unreconciled:
        return _refuse("--unreconciled 只用于结账（--through）")
    act = _reopen if args.reopen is not None else _close
    if args.dry_run:
        return act(args, load(args.ledger, use_cache=False), None, today)
    try:
        with transaction(args.ledger, "bangfu close", wait=args.wait) as tx:
            return act(args, tx.load(), tx, today)
    except LedgerWriteError as exc:
        return _refuse(str(exc))


def period_errors(loaded: Loaded, through: datetime.date) -> list[str]:
    """The errors that keep the period from being closed: dated in it, or
    without a date (a file that does not parse, a bad plugin setting)."""
    found = []
    for error in loaded.errors:
        problem = problem_of(error)
        if problem.severity != Severity.ERROR:
            continue
        entry = getattr(error, "entry", None)
        day = getattr(entry, "date", None)
        if day is None or day <= through or problem.code == "S19":
            found.append(problem.line())
    return found


def bank_check(loaded: Loaded, through: datetime.date) -> tuple[list[str], list[str]]:
    """(what balances, what does not) for each bank account at `through`."""
    good, bad = [], []
    for account in bank_accounts(loaded):
        shown = account_name(loaded, account)
        result = reconcile(loaded, account, through)
        if result.balanced:
            good.append(f"{shown}调节后余额 {money(result.adjusted_ledger)} 元相符")
        else:
            bad.append(f"{shown}：{result.why_not()}")
    return good, bad


def _close(args: argparse.Namespace, loaded: Loaded, tx: Transaction | None, today: datetime.date) -> int:
    through: datetime.date = args.through
    view = loaded.view
    found = seals_of(view)
    covering = [c for c in found.active if c.through >= through]
    if covering:
        last = covering[-1]
        return _refuse(f"截至 {last.through} 的期间已于 {last.closed_on} 结账，已覆盖 {through}："
                       f"无需再结账；要改动该期间，先用 bangfu close --reopen 重新开账")
    errors = period_errors(loaded, through)
    if errors:
        listed = "\n".join(f"  {line}" for line in errors[:SHOWN])
        more = f"\n  ……另有 {len(errors) - SHOWN} 处" if len(errors) > SHOWN else ""
        return _refuse(f"截至 {through} 的期间有 {len(errors)} 处错误，不能结账（请先改正，bangfu check 列出全部）：\n{listed}{more}")
    month = through.strftime("%Y-%m")
    good, bad = bank_check(loaded, through)
    if bad and not args.unreconciled:
        listed = "\n".join(f"  {line}" for line in bad)
        return _refuse(f"{month} 的银行存款余额调节表不相符，不能结账：\n{listed}\n"
                       "请导入该月银行对账单并核对未达账项（bangfu report bank-reconciliation）；"
                       "确需先结账，用 --unreconciled 原因 写明原因")
    warnings = sum(1 for e in loaded.errors if problem_of(e).severity == Severity.WARNING
                   and getattr(getattr(e, "entry", None), "date", through) <= through)
    sealed = digest(view.entries, through, ledger_root(loaded.options))
    meta: dict[str, Any] = {"entries": Decimal(sealed.count), "months": sealed.months_text()}
    if good and not bad:
        meta["bank-check"] = f"{month} " + "；".join(good)
    elif bad:
        meta["bank-check"] = f"{month} 未核对相符：" + "；".join(bad)
        meta["unreconciled"] = args.unreconciled.strip()
    if warnings:
        meta["warnings"] = Decimal(warnings)
    entry = custom(today, CLOSE, [through, sealed.total], meta)
    return _write(loaded, tx, [entry], f"截至 {through} 的期间结账（{sealed.count} 条记录）")


def _reopen(args: argparse.Namespace, loaded: Loaded, tx: Transaction | None, today: datetime.date) -> int:
    day: datetime.date = args.reopen
    found = seals_of(loaded.view)
    lifted = [c for c in found.active if c.through >= day]
    if not lifted:
        active = "、".join(f"截至 {c.through}" for c in found.active) or "无"
        return _refuse(f"没有覆盖 {day} 的有效结账（有效结账：{active}）：无需重新开账")
    reason = args.reason.strip()
    entries = [custom(today, REOPEN, [c.through, reason]) for c in lifted]
    kept = [c.through for c in found.active if c.through < day]
    after = f"；截至 {max(kept)} 的结账仍然有效" if kept else ""
    periods = "、".join(f"截至 {c.through}（{c.closed_on} 结账）" for c in lifted)
    return _write(loaded, tx, entries, f"重新开账：{periods}，原因：{reason}{after}")


def _write(loaded: Loaded, tx: Transaction | None, entries: list[Any], what: str) -> int:
    for entry in entries:
        entry.meta.update(filename=str(loaded.path), lineno=0)
    added = [p for p, _entry in precheck(loaded, entries) if p.severity == Severity.ERROR]
    if added:
        lines = "\n".join(f"  {p.line()}" for p in added)
        return _refuse(f"写入后账本将出现 {len(added)} 处错误，未写入：\n{lines}")
    text = format_entries(entries)
    if tx is None:
        print(f"{what}。将在 {loaded.path} 末尾追加：\n{text}")
        return 0
    tx.append(loaded.path, text)
    tx.commit()
    print(f"{what}。已在 {loaded.path} 末尾追加：\n{text}")
    return 0


def _refuse(text: str) -> int:
    print(f"未写入：{text}", file=sys.stderr)
    return 2
