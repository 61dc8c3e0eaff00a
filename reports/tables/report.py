"""What every table module of `bangfu report` provides, and its one error.

A report module has `Parameters` (a frozen dataclass), `add_arguments`
(its command-line options), `parameters(args)`, `filename(parameters)` (the
default file name), `build(loaded, parameters) -> Workbook` and
`summary(loaded, parameters)` (Chinese lines for the console). The command
line (reports/tables/cli.py) and Fava's downloads (reports/fava/audit.py)
both call `build` on an already loaded ledger.
"""

from __future__ import annotations

import argparse
from typing import Any, Protocol

from openpyxl import Workbook

from ledger.loader import Loaded


class ReportError(Exception):
    """A report this ledger cannot give; the message is Chinese and says why."""


class Report(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def parameters(self, args: argparse.Namespace) -> Any: ...

    def filename(self, parameters: Any) -> str: ...

    def build(self, loaded: Loaded, parameters: Any) -> Workbook: ...

    def summary(self, loaded: Loaded, parameters: Any) -> list[str]: ...
