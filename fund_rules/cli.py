"""`bangfu check LEDGER`: every error as `file:line: [CODE] message`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from fund_rules.plugin import check_entries
from ledger.loader import Loaded, Problem, load, problem_of
from ledger.transaction import recover_if_interrupted

PLUGIN_NAME = "fund_rules"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="检查账本：格式、档案、标准与资金规则",
        description="用 beancount 载入账本（含账本自身的 plugin 行），逐条列出错误："
        "文件:行号: [代码] 说明。有错误时退出码为 1，否则为 0（仅有警告也为 0）。",
    )
    parser.add_argument("ledger", type=Path, metavar="账本", help="主账本文件，如 examples/county/main.beancount")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出，供程序读取")
    parser.add_argument("--no-cache", action="store_true", help="不使用 beancount 的载入缓存")
    parser.set_defaults(func=run)


def collect(loaded: Loaded) -> tuple[list[Problem], bool]:
    """All problems of a loaded ledger, sorted by place; runs the checks
    directly when the ledger forgot its `plugin "fund_rules"` line."""
    errors = list(loaded.errors)
    enabled = any(name == PLUGIN_NAME for name, _config in loaded.options.get("plugin", []))
    if not enabled:
        errors.extend(check_entries(loaded.entries, loaded.options))
    problems = sorted((problem_of(e) for e in errors), key=lambda p: (p.filename, p.lineno, p.code))
    return problems, enabled


def _display_path(filename: str) -> str:
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive on Windows
        return filename
    return filename if relative.startswith("..") else relative


def run(args: argparse.Namespace) -> int:
    if Path(args.ledger).is_file():
        recover_if_interrupted(Path(args.ledger))
    loaded = load(args.ledger, use_cache=not args.no_cache)
    problems, enabled = collect(loaded)
    n_errors = sum(p.severity == "error" for p in problems)
    n_warnings = len(problems) - n_errors
    if args.json:
        report = {
            "ledger": str(loaded.path),
            "plugin_enabled": enabled,
            "errors": n_errors,
            "warnings": n_warnings,
            "problems": [p.as_dict() for p in problems],
        }
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        if not enabled:
            print(f'提示：{args.ledger} 未写 plugin "{PLUGIN_NAME}"，bean-check 与 Fava 不会显示规则错误；'
                  "本次已直接运行规则检查。", file=sys.stderr)
        for problem in problems:
            label = "警告" if problem.severity == "warning" else "错误"
            print(f"{_display_path(problem.filename)}:{problem.lineno}: [{problem.code}] {label}：{problem.message}")
        view = loaded.view
        print(
            f"检查完成：{len(loaded.entries)} 条指令，{len(view.households)} 户档案，{len(view.payments)} 笔付款；"
            f"{n_errors} 个错误，{n_warnings} 个警告。"
        )
    return 1 if n_errors else 0
