"""`bangfu init DIR`: start a new ledger for a real union."""

from __future__ import annotations

import argparse
import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ledger.skeleton import BANK_NAMES, MAIN_INCLUDES, LedgerPlan, accounts_text, main_text, settings_header
from ledger.transaction import transaction
from ledger.writer import LedgerWriteError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="新建一个工会的帮扶资金账本",
        description="在目录中新建账本：主文件、科目表、设置（地区与低保标准）与档案文件。已有账本时拒绝覆盖。",
    )
    parser.add_argument("directory", type=Path, metavar="目录", help="账本目录（不存在则新建）")
    parser.add_argument("--unit", required=True, metavar="单位", help="填报单位全称，如 某某县总工会")
    parser.add_argument("--bank", default="ICBC", metavar="银行", help=f"开户银行代码（默认 ICBC），可用：{'、'.join(BANK_NAMES)}")
    parser.add_argument("--start", default=f"{datetime.date.today().year}-01-01", metavar="日期", help="开账日期，如 2025-01-01")
    parser.add_argument(
        "--locality",
        action="append",
        default=[],
        metavar="地区=低保月标准",
        help="服务的地区及其低保月标准，可重复，如 --locality 城区=620",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        start = datetime.date.fromisoformat(args.start)
    except ValueError:
        print(f"错误：开账日期 “{args.start}” 格式应为 2025-01-01")
        return 2
    if not args.bank[:1].isupper() or not args.bank.isalnum():
        print(f"错误：银行代码 “{args.bank}” 须以大写字母开头、只含字母数字，如 ICBC")
        return 2
    localities = []
    for item in args.locality:
        name, _, amount = item.partition("=")
        try:
            localities.append((name.strip(), Decimal(amount)))
        except InvalidOperation:
            print(f"错误：--locality “{item}” 应写作 地区=低保月标准，如 城区=620")
            return 2
    directory: Path = args.directory
    main = directory / "main.beancount"
    if main.exists():
        print(f"错误：{main} 已存在，bangfu 不会覆盖已有账本。")
        return 2
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "documents").mkdir(exist_ok=True)
    plan = LedgerPlan(unit=args.unit, start=start, bank=args.bank)
    settings = [settings_header(plan)]
    for name, dibao in localities:
        settings += [
            f'{start} custom "locality" "{name}"',
            "",
            f'{start} custom "standard" "dibao" "{name}" {dibao:.2f} CNY',
            "",
        ]
    archive_note = "; 困难职工档案：custom \"household\" 与 custom \"member\" 指令，见 docs/ledger-format.md。\n"
    years = [f"{year}.beancount" for year in range(start.year, max(start.year, datetime.date.today().year) + 1)]
    try:  # all files or none: a crash never leaves a main file that includes missing ones
        with transaction(main, "bangfu init", wait=0) as tx:
            if main.exists():
                print(f"错误：{main} 已存在，bangfu 不会覆盖已有账本。")
                return 2
            tx.create(directory / "accounts.beancount", accounts_text(plan))
            tx.create(directory / "settings.beancount", "\n".join(settings) + "\n")
            tx.create(directory / "archive.beancount", archive_note)
            for name in years:  # each year's payments in its own file, included from the start
                tx.create(directory / name, f"; {name.split('.')[0]} 年的资金下达与帮扶付款（bangfu import 写入的在 imports/ 中）。\n")
            tx.create(main, main_text(plan, (*MAIN_INCLUDES, *years)))
            tx.commit()
    except LedgerWriteError as exc:
        print(f"错误：{exc}")
        return 2
    print(f"已新建账本：{main}\n下一步：在 archive.beancount 中建档，在 {years[-1]} 中记付款（或用 bangfu import 导入）；"
          f"运行 bangfu check {main} 检查。")
    return 0
