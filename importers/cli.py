"""`bangfu import FILE... --ledger MAIN` and `bangfu template KIND`."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from importers import template
from importers.convert import Context
from importers.importer import IMPORTERS, FilePlan
from importers.kinds import EXAMPLE_SHEET, KINDS
from importers.problems import SHOWN, write_list
from importers.run import headroom_lines, progress_printer, rule_problems, write_plan
from importers.sheets import CellError, closest_headers, read_grid
from ledger.cli import date_argument, refuse_overwrite
from ledger.loader import Loaded, load
from ledger.precheck import precheck
from ledger.transaction import DEFAULT_WAIT, Transaction, transaction
from ledger.vocab import BUILTIN_CATEGORIES, reading_categories
from ledger.writer import LedgerWriteError, format_entries


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="导入 Excel/CSV：档案表、发放名册、资金下达、银行回盘、银行对账单",
        description="按表头识别表格种类，逐行校验；任何一行有误则不写入（--skip-invalid 只写有效行）。"
        "写入前用资金规则检查账本加新内容，违规的批次整批拒绝。同一内容重复导入不会重复写入。",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="表格", help="xlsx 或 csv 文件")
    parser.add_argument("--ledger", type=Path, required=True, metavar="账本", help="主账本文件")
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示结果，不写入（发放前先运行）")
    parser.add_argument("--skip-invalid", action="store_true", help="跳过无效或违规的行，只写入有效行，并列出被跳过的行")
    parser.add_argument("--date", type=date_argument, default=None, metavar="日期",
                        help="档案变更的记账日期（默认今天）；银行回盘文件没有交易日期列时，银行处理日期（回盘行自带日期时不用它）")
    parser.add_argument("--allow-repeat", action="store_true",
                        help="确认疑似重复的付款（同户同类别同资金同金额、相隔少于 repeat-days 天）确需再次发放")
    parser.add_argument("--account", default=None, metavar="银行账户",
                        help="银行对账单所属的银行账户，如 Assets:Bank:ICBC（账本有多个银行账户、对账单又没有可识别的本方账号时）")
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="秒",
                        help=f"账本正被另一进程写入时最多等待的秒数（默认 {DEFAULT_WAIT:g}；0 表示不等待、直接拒绝）")
    parser.set_defaults(func=run)


def register_template(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = subparsers.add_parser("template", help="生成空白导入模板（中文表头）")
    template.add_argument("kind", choices=sorted(KINDS), metavar="种类",
                          help="roster 档案表、batch 发放名册、appropriation 资金下达、bank 银行回盘、statement 银行对账单")
    template.add_argument("-o", "--output", type=Path, metavar="文件", help="输出文件（默认 模板-<种类>.xlsx）")
    template.add_argument("--ledger", type=Path, metavar="账本",
                          help="按此账本生成下拉选项（含账本声明的帮扶类别，如临时救助）")
    template.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    template.set_defaults(func=write_template)


def run(args: argparse.Namespace) -> int:
    """Under the ledger's lock: load, read every file, pre-check all of them
    together, then commit all of them in one transaction, or nothing."""
    if not args.ledger.is_file():
        print(f"错误：找不到账本文件 {args.ledger}")
        return 2
    if args.date is not None and args.date > datetime.date.today():
        print(f"错误：--date {args.date} 晚于今天")
        return 2
    if args.dry_run:  # writes nothing, so it takes no lock
        return _import(args, load(args.ledger, use_cache=False), None)
    try:
        with transaction(args.ledger, "bangfu import", wait=args.wait) as tx:
            return _import(args, tx.load(), tx)
    except LedgerWriteError as exc:
        print(f"未写入：{exc}")
        return 1


def _import(args: argparse.Namespace, loaded: Loaded, tx: Transaction | None) -> int:
    context = Context.of(loaded)
    context.allow_repeat = args.allow_repeat
    context.account = args.account
    plans: list[FilePlan] = []
    unreadable: list[str] = []  # files that cannot be read, or are no sheet bangfu knows
    for path in args.files:
        if not path.is_file():
            print(f"错误：找不到文件 {path}")
            return 2
        try:
            found = plan_file(path, context, args.date)
        except CellError as exc:
            unreadable.append(str(exc))
            continue
        if isinstance(found, str):
            unreadable.append(found)
        else:
            plans.append(found)
    households = _add_rule_problems(loaded, plans)  # on the rows that read well: one run shows everything
    total = len(unreadable) + sum(len(plan.problems) for plan in plans)
    if total and not args.skip_invalid:
        _refuse(args, loaded, plans, unreadable, households, total)
        return 1
    if args.skip_invalid and _drop_refused(loaded, plans):
        return 1
    for line in unreadable:
        print(f"已跳过：{line}")
    for plan in plans:
        print(f"{plan.path.name}（{plan.label}）：读取 {plan.rows} 行，待写入 {len(plan.entries)} 条，"
              f"已导入过而跳过 {plan.duplicates} 条，问题 {len(plan.problems)} 处")
        for skipped in plan.problems[:SHOWN]:
            print(f"  已跳过：{skipped}")
        if len(plan.problems) > SHOWN:
            print(f"  ……另有 {len(plan.problems) - SHOWN} 处，完整清单：{write_list(plan.path, plan.problems)}")
        for note in plan.notes:
            print(f"  注意：{note}")
    if not any(plan.entries for plan in plans):
        print("没有需要写入的新内容。")
        return 0
    if tx is None:
        print("（--dry-run：未写入。将写入的内容如下）")
        for plan in plans:
            print(format_entries(plan.entries[:SHOWN]))
            if len(plan.entries) > SHOWN:
                print(f"; ……{plan.path.name} 共 {len(plan.entries)} 条，只显示前 {SHOWN} 条")
        return 0
    on = args.date or datetime.date.today()
    targets = [(plan, write_plan(tx, loaded, plan, on)) for plan in plans if plan.entries]
    tx.commit()
    for plan, target in targets:
        print(f"已写入 {target}（{len(plan.entries)} 条），原始文件已归档到 documents/imports/")
    return 0


def _refuse(args: argparse.Namespace, loaded: Loaded, plans: list[FilePlan], unreadable: list[str],
            households: set[str], total: int) -> None:
    """All the problems, the first SHOWN on screen; the whole list beside
    each sheet when there are more, or with --dry-run."""
    print(f"发现 {total} 处问题，整批拒绝，未写入任何内容：")
    shown = 0
    for line in unreadable:
        print(f"  {line}")
        shown += 1
    for plan in plans:
        if not plan.problems:
            continue
        print(f"  {plan.path.name}（{plan.label}，读取 {plan.rows} 行）：{len(plan.problems)} 处")
        for problem in plan.problems[: max(0, SHOWN - shown)]:
            print(f"    {problem}")
        shown += min(len(plan.problems), max(0, SHOWN - shown))
        if len(plan.problems) > SHOWN or args.dry_run:
            print(f"    完整清单（问题单元格标红）：{write_list(plan.path, plan.problems)}")
    if total > shown:
        print(f"  ……屏幕上只列出前 {shown} 处，其余见上面的完整清单")
    on = args.date or datetime.date.today()
    for archive_no in sorted(households)[:5]:
        print(f"  档案 {archive_no} 截至 {on} 的可用额度：")
        for line in headroom_lines(loaded, archive_no, on):
            print(f"    {line}")


def plan_file(path: Path, context: Context, on: datetime.date | None) -> FilePlan | str:
    """The file's plan, by the importer of its kind; else why it is no sheet
    bangfu knows (the nearest kind's missing columns), or why it holds
    several kinds (each kind belongs in its own file)."""
    grid = read_grid(path)
    kinds = [i for i in IMPORTERS if i.identifies_grid(path, grid)]
    if len(kinds) > 1:
        return (f"{path.name}：一个文件里有多种表格（{'、'.join(i.kind.label for i in kinds)}）："
                "请把每种表格分别保存为一个文件后再导入")
    if not kinds:
        nearest = [(closest_headers(grid, i.kind.parts[0].columns), i) for i in IMPORTERS]
        (_score, where), best = max(nearest, key=lambda found: found[0][0])
        return (f"{path.name}：无法识别表格种类。最接近“{best.kind.label}”：{where}"
                "（表头应与模板一致，可用 bangfu template 生成模板）")
    return kinds[0].plan(path, context, on, progress_printer(path.name), grid)


def _add_rule_problems(loaded: Loaded, plans: list[FilePlan]) -> set[str]:
    """Run the fund rules over ledger + new entries; each error the new
    entries add joins its row's problems, naming the column it is about.
    Returns the households concerned (their headroom is shown)."""
    new = [e for plan in plans for e in plan.entries]
    if not new:
        return set()
    added = [(p, e) for p, e in precheck(loaded, new) if p.severity == "error"]
    households: set[str] = set()
    for plan in plans:
        owned = [(p, e) for p, e in added if _owned(plan, e)]
        plan.problems += rule_problems(plan, owned)
        households |= {e.meta["household"] for _p, e in owned if e.meta.get("household")}
    if plans:
        plans[0].problems += [f"[{p.code}] {p.message}" for p, e in added if not any(_owned(plan, e) for plan in plans)]
    return households


def _drop_refused(loaded: Loaded, plans: list[FilePlan]) -> bool:
    """--skip-invalid: leave out the entries the rules refuse (again, as
    leaving some out changes the rest). True if refusals cannot be tied to rows."""
    for _round in range(3):
        new = [e for plan in plans for e in plan.entries]
        if not new:
            return False
        added = [(p, e) for p, e in precheck(loaded, new) if p.severity == "error"]
        if not added:
            return False
        bad: dict[str | None, list[str]] = {}
        for problem, entry in added:
            key = entry.meta.get("import-key") if getattr(entry, "meta", None) else None
            bad.setdefault(key, []).append(f"[{problem.code}] {problem.message}")
        if set(bad) == {None}:
            print("资金规则检查未通过，且无法归到具体行，未写入任何内容：")
            for line in bad[None]:
                print(f"  {line}")
            return True
        for plan in plans:
            plan.entries = [entry for entry in plan.entries if entry.meta.get("import-key") not in bad]
    return False


def _owned(plan: FilePlan, entry: Any) -> bool:
    key = getattr(entry, "meta", {}).get("import-key") if entry is not None else None
    return key in plan.places


def write_template(args: argparse.Namespace) -> int:
    kind = KINDS[args.kind]
    output = args.output or Path(f"模板-{kind.label}.xlsx")
    if refuse_overwrite([output], args.force):
        return 2
    categories = load(args.ledger).view.categories if args.ledger else BUILTIN_CATEGORIES
    with reading_categories(categories):  # the category dropdown offers the ledger's own categories too
        template.write_template(kind, output)
    required = "、".join(c.header for c in kind.parts[0].columns if c.required)
    print(f"已生成模板 {output}：必填列为 {required}；下拉列表列出可选值，填写示例见“{EXAMPLE_SHEET}”工作表")
    return 0
