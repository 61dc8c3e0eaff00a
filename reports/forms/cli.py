"""`bangfu form archive|application|approval|card LEDGER 档案编号`: a form of
the household's paper archive, as of a date (default: the ledger's last
payment), one A4 page."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ledger.cli import date_argument, refuse_overwrite
from ledger.loader import load
from reports.forms import forms
from reports.tables.report import ReportError
from reports.workbook import save

KINDS = {
    "archive": "困难职工档案表",
    "application": "困难职工建档申请表",
    "approval": "困难职工帮扶审批表（按审批编号）",
    "card": "困难职工解困脱困联系卡",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("form", help="打印档案表、建档申请表、帮扶审批表、联系卡（xlsx，一页 A4）",
                                   description="从账本填写一户的纸质档案表格。")
    parser.add_argument("kind", choices=sorted(KINDS), metavar="表格", help="、".join(f"{k} {v}" for k, v in KINDS.items()))
    parser.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
    parser.add_argument("archive_no", metavar="档案编号", help="档案编号")
    parser.add_argument("--approval", metavar="审批编号", help="帮扶审批表的审批编号（默认该户最近一次）")
    parser.add_argument("--as-of", type=date_argument, metavar="日期", help="截至日期（默认账本最后一笔付款的日期）")
    parser.add_argument("-o", "--output", type=Path, metavar="文件", help="xlsx 输出文件（默认 out/<表格>-<档案编号>.xlsx）")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认拒绝覆盖）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    output = args.output or Path("out") / f"{KINDS[args.kind].split('（')[0]}-{args.archive_no}.xlsx"
    if refuse_overwrite([output], args.force):  # said before the ledger is loaded, not after
        return 2
    loaded = load(args.ledger)
    as_of = args.as_of or loaded.view.last_payment_date or loaded.view.last_date or datetime.date.today()
    try:
        if args.kind == "approval":
            book = forms.approval_form(loaded, args.archive_no, as_of, args.approval)
        else:
            build = {"archive": forms.archive_form, "application": forms.application_form, "card": forms.card_form}
            book = build[args.kind](loaded, args.archive_no, as_of)
    except ReportError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"已写入 {save(book, output)}")
    return 0
