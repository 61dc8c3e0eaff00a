"""`bangfu report <kind> LEDGER ...`: the tables a union files and checks.

Each kind is a module (reports/tables/report.py says what it provides); this
wrapper loads the ledger, builds the workbook and writes it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

from ledger.cli import refuse_overwrite
from ledger.loader import load
from reports.books import reconciliation, statements, vouchers
from reports.tables import analysis, cleanup, funds, household, publicity, realname
from reports.tables.report import ReportError, add_arguments, errors_in, made, parameters_of
from reports.workbook import save

KINDS: dict[str, tuple[ModuleType, str]] = {
    "realname": (realname, "实名制汇总表：按资金、年度，每笔付款一行，小计、合计与大写"),
    "funds": (funds, "帮扶资金使用情况统计台账：各资金年初结余、收入、分类支出、冲销、年末结余，分月"),
    "household": (household, "一户的帮扶台账：档案、成员、每笔帮扶与各年度可用额度"),
    "analysis": (analysis, "年度分析：困难类别、致困原因、地区、级别，分类分资金帮扶，脱困注销（含图表）"),
    "publicity": (publicity, "公示名单：姓名、隐去中间位的身份证号、单位、类别、金额"),
    "cleanup": (cleanup, "困难职工档案清理名单：应退回、应注销、应刷新的档案"),
    "vouchers": (vouchers, "记账凭证：按月编号（记-001…），工会会计制度科目编码与名称、借贷、附单据张数；另写 CSV 供会计软件导入"),
    "statement": (statements, "收入支出表（工会02表）、科目余额表与资金结转：本月数、本年累计数，按工会会计制度科目"),
    "bank-reconciliation": (reconciliation, "银行存款余额调节表：每个银行账户的账面余额、对账单余额、四类未达账项与调节后余额"),
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("report", help="生成报表（xlsx）", description="生成报表。")
    kinds = parser.add_subparsers(title="报表", dest="kind", metavar="<报表>")
    for name, (module, help_text) in KINDS.items():
        sub = kinds.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
        add_arguments(sub, module.Parameters)
        sub.add_argument("-o", "--output", type=Path, metavar="文件", help="xlsx 输出文件（默认写到 out/ 目录）")
        sub.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认拒绝覆盖）")
        sub.add_argument("--allow-errors", action="store_true",
                         help="账本检查有错误时仍生成报表（每张表标题注明“账本检查未通过，仅供核对”）")
        sub.set_defaults(func=lambda args, module=module: run(module, args))
    parser.set_defaults(func=lambda args: _help(parser))


def run(module: ModuleType, args: argparse.Namespace) -> int:
    parameters = parameters_of(args, module.Parameters)
    output = args.output or Path("out") / module.filename(parameters)
    also = [output.with_suffix(suffix) for suffix in getattr(module, "COMPANION_SUFFIXES", ())]
    if refuse_overwrite([output, *also], args.force):  # said before the ledger is loaded, not after
        return 2
    loaded = load(args.ledger)
    errors = errors_in(loaded)
    if errors and not args.allow_errors:
        print(f"错误：账本检查未通过（{errors} 个错误），未生成报表：请先运行 bangfu check {args.ledger} 并改正；"
              "只为核对可加 --allow-errors（每张表标题将注明“账本检查未通过，仅供核对”）", file=sys.stderr)
        return 1
    try:
        book = made(module, loaded, parameters)
    except ReportError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    for line in module.summary(loaded, parameters):
        print(line)
    print(f"已写入 {save(book, output)}")
    for companion in getattr(module, "companions", lambda *a: [])(loaded, parameters, output):
        print(f"已写入 {companion}")
    return 0


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
