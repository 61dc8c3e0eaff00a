"""Pictures of the first printed page of every report and form of the
example, for docs/reports.md: what an officer gets before running it.

    .venv/bin/python docs/images/render.py      # needs LibreOffice and pdftoppm

Each is written with the real `bangfu report` / `bangfu form`, converted to
PDF by LibreOffice and its first page drawn at 45 dpi (small PNGs). The bank
reconciliation is drawn from a copy of the example into which the example's
bank statement for November 2025 (examples/county/sheets, written by
examples/generate.py: the month's movements as the bank lists them, and
interest the ledger has not booked) is imported with the real `bangfu import`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "examples" / "county" / "main.beancount"
OUTPUTS = {
    "realname": ("report", "realname", "--year", "2025"),
    "funds": ("report", "funds", "--year", "2025"),
    "household": ("report", "household", "QS-2021-003", "--as-of", "2025-12-31"),
    "analysis": ("report", "analysis", "--year", "2025"),
    "publicity": ("report", "publicity", "--from", "2025-09-01", "--to", "2025-09-30"),
    "cleanup": ("report", "cleanup", "--as-of", "2025-12-31"),
    "form-archive": ("form", "archive", "QS-2021-003"),
    "form-application": ("form", "application", "QS-2021-003"),
    "form-approval": ("form", "approval", "QS-2021-003"),
    "form-card": ("form", "card", "QS-2021-003"),
    "vouchers": ("report", "vouchers", "--month", "2025-03"),
    "statement": ("report", "statement", "--year", "2025"),
}
# Outputs of the example with a bank statement imported (statement_example).
WITH_STATEMENT = {"reconciliation": ("report", "bank-reconciliation", "--month", "2025-11")}
# Pictures of a later page of an output: name -> (output, page).
LATER_PAGES = {"statement-balances": ("statement", 2)}


def statement_example(folder: Path) -> Path:
    """A copy of the example with its bundled bank statement (November 2025,
    examples/county/sheets) imported."""
    copy = folder / "county"
    shutil.copytree(EXAMPLE.parent, copy, ignore=shutil.ignore_patterns("sheets"))
    main = copy / "main.beancount"
    (source,) = (EXAMPLE.parent / "sheets").glob("*-银行对账单.xlsx")
    subprocess.run([sys.executable, "-m", "ledger.cli", "import", str(source), "--ledger", str(main)], cwd=ROOT, check=True,
                   capture_output=True)
    return main


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        print("需要 LibreOffice（libreoffice-calc-nogui）和 poppler-utils（pdftoppm）", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        books = []
        for name, (command, kind, *rest) in OUTPUTS.items():
            out = folder / f"{name}.xlsx"
            args = [command, kind, str(EXAMPLE), *rest, "-o", str(out)]
            subprocess.run([sys.executable, "-m", "ledger.cli", *args], cwd=ROOT, check=True, capture_output=True)
            books.append(str(out))
        reconciled = statement_example(folder)
        for name, (command, kind, *rest) in WITH_STATEMENT.items():
            out = folder / f"{name}.xlsx"
            args = [command, kind, str(reconciled), *rest, "-o", str(out)]
            subprocess.run([sys.executable, "-m", "ledger.cli", *args], cwd=ROOT, check=True, capture_output=True)
            books.append(str(out))
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(folder), *books], check=True, capture_output=True)
        pictures = {name: (name, 1) for name in (*OUTPUTS, *WITH_STATEMENT)} | LATER_PAGES
        for name, (output, page) in pictures.items():
            subprocess.run(["pdftoppm", "-png", "-r", "45", "-f", str(page), "-l", str(page), "-singlefile",
                            str(folder / f"{output}.pdf"), str(HERE / name)], check=True)
            print(HERE / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
