"""What every table module of `bangfu report` provides, and its one error.

A report module has `Parameters`, a frozen dataclass whose fields are
declared with `argument(...)` (the command-line flag and help come with the
field), `filename(parameters)` (the default file name), `build(loaded,
parameters) -> Workbook` and `summary(loaded, parameters)` (Chinese lines
for the console). The command line (reports/tables/cli.py) derives its
options from `Parameters`; both it and Fava's downloads
(reports/fava/audit.py) call `build` on an already loaded ledger.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any, Protocol

from openpyxl import Workbook

from ledger.cli import date_argument, year_argument
from ledger.errors import Severity
from ledger.loader import Loaded, problem_of

YEAR = "--year"


class ReportError(Exception):
    """A report this ledger cannot give; the message is Chinese and says why."""


def argument(flag: str, help: str, *, parse: Callable[[str], Any] = str, required: bool = False,
             default: Any = None, metavar: str | None = None) -> Any:
    """A `Parameters` field and its command-line argument: `flag` like
    "--as-of" (or a bare name for a positional argument)."""
    meta = {"flag": flag, "help": help, "parse": parse, "required": required, "metavar": metavar}
    return dataclasses.field(default=default, metadata=meta)


def year(help: str = "年度，如 2024") -> Any:
    return argument(YEAR, help, parse=year_argument, required=True, metavar="年度")


def day(flag: str, help: str, default: Any = None) -> Any:
    return argument(flag, help, parse=date_argument, default=default, metavar="日期")


# The placeholder of a field declared without one (a report module's own
# declaration wins); a Chinese word, like 账本, 文件 and 日期 elsewhere.
PLACEHOLDERS = {"fund": "资金", "batch": "批次号", "archive_no": "档案编号"}


def add_arguments(parser: argparse.ArgumentParser, parameters: type[Any]) -> None:
    """The command-line arguments of a report's `Parameters`."""
    for field in dataclasses.fields(parameters):
        meta = field.metadata
        metavar = meta["metavar"] or PLACEHOLDERS.get(field.name, field.name)
        parse = _said(meta["parse"])
        if meta["flag"].startswith("-"):
            parser.add_argument(meta["flag"], dest=field.name, type=parse, required=meta["required"],
                                default=field.default, help=meta["help"], metavar=metavar)
        else:
            parser.add_argument(field.name, type=parse, help=meta["help"], metavar=metavar)


def _said(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A parse function whose ValueError says in Chinese what is wrong (a
    vocabulary's parse, such as Fund.parse: "“x”不是有效取值，应为：…"), its
    message shown as it is instead of argparse's bare "取值“x”无效"."""
    if parse in (str, int, float):  # their messages are English; argparse's own says enough
        return parse

    def said(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return said


def parameters_of(args: argparse.Namespace, parameters: type[Any]) -> Any:
    return parameters(**{field.name: getattr(args, field.name) for field in dataclasses.fields(parameters)})


class Report(Protocol):
    Parameters: type[Any]

    def filename(self, parameters: Any) -> str: ...

    def build(self, loaded: Loaded, parameters: Any) -> Workbook: ...

    def summary(self, loaded: Loaded, parameters: Any) -> list[str]: ...


UNCHECKED = "（账本检查未通过，仅供核对）"  # every sheet title of a report from a failing ledger


def errors_in(loaded: Loaded) -> int:
    """The ledger's errors (warnings do not count): a stamped table is not
    made from a ledger that fails its check."""
    return sum(1 for error in loaded.errors if problem_of(error).severity == Severity.ERROR)


def made(module: Any, loaded: Loaded, parameters: Any) -> Workbook:
    """The report's workbook; from a ledger with errors, every sheet's title
    says it is for checking only (a streamed workbook's builder marks its
    own titles: see realname.build)."""
    book: Workbook = module.build(loaded, parameters)
    if errors_in(loaded) and not book.write_only:
        for sheet in book.worksheets:
            title = sheet["A1"]
            if isinstance(title.value, str) and not title.value.endswith(UNCHECKED):
                title.value += UNCHECKED
    return book
