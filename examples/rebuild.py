"""Rebuild the example county's receipts and payments from its sheets.

    python examples/rebuild.py OUT_DIR

Copies the clerk's text files (accounts, settings, archive) of
examples/county into OUT_DIR, then runs `bangfu import` on the bundled
sheets in examples/county/sheets: appropriation notices and payment rolls
first, then the bank results (which need the payments they answer), and the
bank's statement of November 2025 (bangfu report bank-reconciliation). The
result has the example's payments, amounts and payment numbers; earmarked
donations land on the Donations account itself, since the payment roll names
only the fund.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "county"
AS_OF = "2025-12-31"


def bangfu(*args: object) -> int:
    command = [sys.executable, "-m", "ledger.cli", *map(str, args)]
    return subprocess.run(command).returncode


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("accounts.beancount", "settings.beancount", "archive.beancount"):
        shutil.copyfile(HERE / name, out / name)
    main_text = (HERE / "main.beancount").read_text(encoding="utf-8")
    kept = [line for line in main_text.splitlines() if not line.startswith('include "20')]
    (out / "main.beancount").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (out / "documents").mkdir()
    ledger = out / "main.beancount"
    for group in import_groups(sorted((HERE / "sheets").glob("*.xlsx"), key=chronological)):
        status = bangfu("import", *group, "--ledger", ledger, "--date", AS_OF)
        if status != 0:
            return status
    return bangfu("check", ledger, "--no-cache")


def chronological(path: Path) -> tuple[str, int, str]:
    """Month first; within a month: notices, rolls, bank results, re-payments,
    the bank's statement."""
    order = (0 if "资金下达" in path.name else 2 if "银行回盘" in path.name else 3 if "补发" in path.name
             else 4 if "银行对账单" in path.name else 1)
    return path.name[:7], order, path.name


def import_groups(paths: list[Path]) -> list[list[Path]]:
    """Consecutive sheets in one import each, except that a bank result is
    imported on its own, after the payments it answers are in the ledger."""
    groups: list[list[Path]] = [[]]
    for path in paths:
        if "银行回盘" in path.name:
            groups += [[path], []]
        else:
            groups[-1].append(path)
    return [g for g in groups if g]


if __name__ == "__main__":
    sys.exit(main())
