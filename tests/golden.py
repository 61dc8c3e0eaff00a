"""Golden files of the bundled sample sheets (tests/golden/<sheet>.beancount).

Each sheet in examples/county/sheets is extracted by the importer of its
kind against the example ledger (so that households resolve and bank results
find their payments), on the example's as-of date, and written in the
layout of beangulp's own regression files (beangulp.testing.write_expected:
account, date and name, then the entries). tests/test_golden.py compares
with beangulp.testing.compare_expected. After an intended change:

    .venv/bin/python tests/golden.py      # rewrites tests/golden/
"""

from __future__ import annotations

import datetime
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from importers.importer import IMPORTERS, SheetImporter  # noqa: E402
from ledger import load  # noqa: E402

SHEETS = ROOT / "examples" / "county" / "sheets"
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = ROOT / "examples" / "county" / "main.beancount"
AS_OF = datetime.date(2025, 12, 31)


def sheets() -> list[Path]:
    return sorted(SHEETS.glob("*.xlsx"))


def golden(sheet: Path) -> Path:
    return GOLDEN / f"{sheet.name}.beancount"


@cache
def existing(kind: str) -> tuple[Any, ...]:
    """The example ledger, without what the sheet itself recorded there
    (its bank outcomes; its receipts and payments, which would rightly be
    taken as recorded already or refused as probable repeats), so that each
    sheet shows what it extracts to."""
    entries = load(EXAMPLE, use_cache=False).entries
    if kind == "bank":
        entries = [e for e in entries if not _bank_outcome(e)]
    if kind == "batch":
        entries = [e for e in entries if not any(p.account.startswith("Expenses:Aid:") for p in getattr(e, "postings", ()))]
    if kind == "appropriation":
        entries = [e for e in entries if not getattr(e, "meta", {}).get("notice")]
    return tuple(entries)


def _bank_outcome(entry: Any) -> bool:
    if getattr(entry, "type", None) == "bank-result":
        return True
    return "银行退回" in str(getattr(entry, "meta", {}).get("reason", ""))


def run(sheet: Path) -> tuple[str, datetime.date | None, str | None, list[Any]]:
    """What beangulp.testing.run_importer gives, with the example ledger as
    the entries the sheet is imported into."""
    found = [i for i in IMPORTERS if i.identify(str(sheet))]
    assert len(found) == 1, f"{sheet.name}: {[i.name for i in found]}"
    importer = SheetImporter(found[0].kind, on=AS_OF)
    document = str(sheet)
    return (importer.account(document), importer.date(document), importer.filename(document),
            importer.extract(document, list(existing(importer.kind.name))))


def main() -> None:
    from beangulp.testing import write_expected_file

    GOLDEN.mkdir(exist_ok=True)
    for sheet in sheets():
        write_expected_file(str(golden(sheet)), *run(sheet), force=True)
        print(golden(sheet).relative_to(ROOT))


if __name__ == "__main__":
    main()
