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
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or with just `only` when that names
    one: each subcommand imports its own dependencies (pandas, Fava, DuckDB),
    and `bangfu check` should not wait for all of them."""
    parser = argparse.ArgumentParser(
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
