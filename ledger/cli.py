"""The `bangfu` command.

Subcommands live with the package they belong to (`check` in fund_rules,
`serve` in reports, ...) and are found through the `bangfu.commands` entry
points declared in pyproject.toml, so this core package never imports them.
Each entry point is a `register(subparsers)` function that adds a parser and
sets `func` to a callable taking the parsed arguments and returning an exit
status.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

# argparse's own words (usage, headings, errors) in Chinese. argparse looks
# each message up through its module-level gettext functions `_` and
# `ngettext` when it prints, so replacing those two covers every parser of
# this command (subparsers included) without compiled message catalogs.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s（用 --help 查看可用参数）",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "invalid %(type)s value: %(value)r": "取值 %(value)r 无效",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "ignored explicit argument %r": "忽略多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令 %(parser_name)r（可选：%(choices)s）",
}
_PLURAL_ZH = {"expected %s argument": "需要 %s 个值", "conflicting option string: %s": "选项冲突：%s"}


def _zh(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def _zh_plural(singular: str, plural: str, n: int) -> str:
    return _PLURAL_ZH.get(singular, singular if n == 1 else plural)


argparse._ = _zh  # type: ignore[attr-defined]
argparse.ngettext = _zh_plural  # type: ignore[attr-defined]


def date_argument(text: str) -> datetime.date:
    """A date on the command line, in the one spelling every command uses."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应写作 2025-04-10") from None


date_argument.__name__ = "日期"  # argparse names the type in its own messages


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or with just `only` when that names
    one: each subcommand imports its own dependencies (pandas, Fava, DuckDB),
    and `bangfu check` should not wait for all of them."""
    parser = argparse.ArgumentParser(
        prog="bangfu",
        add_help=True,
        description="帮扶资金账：工会困难职工帮扶资金的纯文本复式账本。",
        epilog="各子命令的用法：bangfu <子命令> --help",
    )
    subparsers = parser.add_subparsers(title="子命令", dest="command", metavar="<子命令>")
    commands = sorted(entry_points(group="bangfu.commands"), key=lambda ep: ep.name)
    if only in {command.name for command in commands}:
        commands = [command for command in commands if command.name == only]
    for command in commands:
        command.load()(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FileNotFoundError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _utf8_console() -> None:
    """Chinese output must not crash on a console with a legacy encoding."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


if __name__ == "__main__":
    sys.exit(main())
