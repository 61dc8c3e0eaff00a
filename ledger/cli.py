"""The `bangfu` command.

Subcommands live with the package they belong to (`check` in fund_rules,
`serve` in reports, ...) and are found through the `bangfu.commands` entry
points declared in pyproject.toml, so this core package never imports them.
Each entry point is a `register(subparsers)` function that adds a parser and
sets `func` to a callable taking the parsed arguments and returning an exit
status.

What the subcommands share is here too: argparse speaking Chinese, the one
spelling of a date (`date_argument`) and of a year (`year_argument`) on the
command line, and the one refusal to overwrite an existing output
(`refuse_overwrite`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import re
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

# argparse's own words (usage line, section headings, -h's help, every error
# message) in Chinese.
#
# How: argparse passes each message it shows through gettext, looking it up
# when it is used - the usage prefix, headings and -h's help when a parser is
# made, the errors when arguments are parsed - by calling its module-level
# names `argparse._` and `argparse.ngettext`. `speak_chinese()` rebinds those
# two names to a lookup in the table below. That one hook covers every parser
# (subparsers included, and the root parser's own errors) in Python 3.11 to
# 3.13 alike, with no compiled catalog and no override of argparse's private
# methods; the keys are argparse's message ids, unchanged across those
# versions (3.13 adds the ones marked so). A message not in the table is shown
# as argparse wrote it. Section headings keep argparse's ASCII colon ("选项:"):
# 3.11 and 3.12 write it outside gettext, so 3.13's "%(heading)s:" is left
# alone to look the same everywhere. Installed when the command builds its
# parser, not on import: a program that imports `date_argument` keeps its
# argparse as it was.
ARGPARSE_ZH = {
    # Help.
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",  # 3.13: add_subparsers' default title
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",  # 3.13
    " (default: %(default)s)": "（默认：%(default)s）",  # 3.13
    # Errors: "bangfu import：错误：参数 --ledger：需要一个值".
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",  # 3.13
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s（用 --help 查看可用的参数）",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这一项，可选：%(choices)s",
    "invalid %(type)s value: %(value)r": "取值“%(value)s”无效",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多只能有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "ignored explicit argument %r": "不需要值（多出了“%s”）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令“%(parser_name)s”，可选：%(choices)s",
    "option '%(option)s' is deprecated": "选项 %(option)s 已停用",  # 3.13
    "argument '%(argument_name)s' is deprecated": "参数 %(argument_name)s 已停用",  # 3.13
    "command '%(parser_name)s' is deprecated": "子命令 %(parser_name)s 已停用",  # 3.13
}
ARGPARSE_ZH_PLURAL = {  # argparse.ngettext(singular, plural, n): one Chinese form for any n
    "expected %s argument": "需要 %s 个值",
    "conflicting option string: %s": "选项冲突：%s",
}


def _gettext(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return ARGPARSE_ZH_PLURAL.get(singular, singular if n == 1 else plural)


def speak_chinese() -> None:
    """argparse's own words in Chinese from here on (see ARGPARSE_ZH)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


PARSER = "_bangfu_parser"  # the attribute naming the parser that read a subcommand's own arguments


class Parser(argparse.ArgumentParser):
    """bangfu's parsers. The root parser is one, and its subparsers are too
    (add_subparsers makes them of the root's class). Each records itself as a
    default, so after parsing the namespace names the innermost parser used
    (`bangfu report realname`): an unrecognized argument is reported by that
    parser, with its usage line, not by the root's `bangfu [-h] <子命令> ...`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_defaults(**{PARSER: self})


DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def date_argument(text: str) -> datetime.date:
    """A date on the command line, in the one spelling every command uses:
    2025-04-10 (2025-4-10 too). Nothing else (20250410, 2025/04/10, ISO week
    dates that `date.fromisoformat` would take) so that a date reads the same
    on the command line as in the ledger."""
    if DATE.fullmatch(text.strip()):
        year, month, day = map(int, text.strip().split("-"))
        with contextlib.suppress(ValueError):
            return datetime.date(year, month, day)
    raise argparse.ArgumentTypeError(f"日期“{text}”无效，应写作 2025-04-10")


def year_argument(text: str) -> int:
    """A year on the command line (--year 2025)."""
    if re.fullmatch(r"\d{4}", text.strip()):
        return int(text)
    raise argparse.ArgumentTypeError(f"年度“{text}”无效，应写作 2025")


def refuse_overwrite(paths: Iterable[Path], force: bool, fix: str = "请换一个文件名（-o）") -> bool:
    """No command silently overwrites an output that is already there: unless
    --force, say which (in Chinese, with the fix) and return True, and the
    command writes nothing and exits 2."""
    existing = [str(path) for path in paths if path.exists()]
    if not existing or force:
        return False
    print(f"错误：{'、'.join(existing)} 已存在，未覆盖：{fix}，或加 --force 覆盖。未写入任何文件。", file=sys.stderr)
    return True


def build_parser(only: str | None = None) -> Parser:
    """The parser with every subcommand, or with just `only` when that names
    one: each subcommand imports its own dependencies (pandas, Fava, DuckDB),
    and `bangfu check` should not wait for all of them."""
    speak_chinese()
    parser = Parser(
        prog="bangfu",
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
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        reader: argparse.ArgumentParser = getattr(args, PARSER, parser)
        reader.error(_gettext("unrecognized arguments: %s") % " ".join(unknown))
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


# Libraries whose native thread pools may still be running when the
# interpreter tears itself down: Arrow's (and DuckDB's) threads then hit
# std::terminate and the process aborts (exit 134) after its work is done
# and its files are written (apache/arrow#34314; seen 1 run in 12 of
# `bangfu export`).
NATIVE_POOLS = ("pyarrow", "duckdb")


def run() -> None:
    """The `bangfu` command: `main`, then leave. Once a library with a native
    thread pool was loaded, leave without the interpreter's teardown (every
    file is written and closed by then: writes are committed by rename), so
    that a finished command never reports a crash."""
    status = main()
    if any(name in sys.modules for name in NATIVE_POOLS):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    run()
