"""bangfu's sheet kinds as beangulp importers, for `bean-extract`-style tools
and Fava's import page (`custom "fava-option" "import-config" "<path>"`,
pointing at importers/fava_config.py).

The narrow beangulp interface: identify a file by its headers, name its
account, extract entries (deduplicated by `import-key` against `existing`).
Validation and the fund-rule pre-check are those of `bangfu import`; use that
command for writing, Fava's page for a look.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import beangulp
from beancount.core import data

from importers.convert import Context
from importers.run import KINDS, identify, plan_file
from ledger.archive import read_archive
from ledger.loader import Loaded


class SheetImporter(beangulp.Importer):
    """One kind of officer's sheet (see importers/kinds.py)."""

    kind = "batch"

    def __init__(self, bank_account: str = "Assets:Bank:ICBC") -> None:
        self.bank_account = bank_account

    @property
    def name(self) -> str:
        return f"bangfu.{self.kind}"

    def identify(self, filepath: str) -> bool:
        try:
            found = identify(Path(filepath))
        except Exception:  # not a sheet at all
            return False
        return found is not None and found[0] == self.kind

    def account(self, filepath: str) -> data.Account:
        return self.bank_account

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        archive, _errors = read_archive(existing)
        loaded = Loaded(Path(filepath), list(existing), [], {}, archive)
        plan = plan_file(Path(filepath), Context.of(loaded), datetime.date.today(), lambda done, total: None)
        return plan.entries


class RosterImporter(SheetImporter):
    kind = "roster"


class BatchImporter(SheetImporter):
    kind = "batch"


class AppropriationImporter(SheetImporter):
    kind = "appropriation"


class BankResultImporter(SheetImporter):
    kind = "bank"


ALL = [RosterImporter(), BatchImporter(), AppropriationImporter(), BankResultImporter()]
assert {i.kind for i in ALL} == set(KINDS)
