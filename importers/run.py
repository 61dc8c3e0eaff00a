"""One import: identify each file, parse every row, convert, pre-check with the
fund rules, then write atomically - or write nothing and say why."""

from __future__ import annotations

import datetime
import hashlib
import os
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from importers.convert import copy_name
from importers.importer import FilePlan
from importers.kinds import RULE_FIXES
from importers.sheets import RowProblem
from ledger.loader import Loaded, Problem
from ledger.transaction import Transaction, included_files
from ledger.writer import format_entries

# ---------------------------------------------------------------- pre-check


def headroom_lines(loaded: Loaded, archive_no: str, on: datetime.date) -> list[str]:
    """Headroom text from the `bangfu.headroom` entry point (fund_rules),
    found at run time so this package never imports fund_rules."""
    for point in entry_points(group="bangfu.headroom"):
        lines: list[str] = point.load()(loaded, archive_no, on)
        return lines
    return []


# ---------------------------------------------------------------- writing


def write_plan(tx: Transaction, loaded: Loaded, plan: FilePlan, on: datetime.date) -> Path:
    """Stage one file's import in the transaction: the source copied under
    documents/imports/ by content hash, its entries in a new file under
    imports/ opened by a document directive, an include line in main."""
    ledger_dir = loaded.path.parent
    source = plan.path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    archived = ledger_dir / "documents" / "imports" / f"{copy_name(source)}{plan.path.suffix.lower()}"
    if not archived.exists():
        tx.create(archived, source)
    elif hashlib.sha256(archived.read_bytes()).hexdigest() != digest:  # damaged: the name promises this content
        tx.create(archived, source, replace=True)
    included = included_files(loaded.path)
    stem = f"{on}.{plan.kind.name}-{digest[:8]}"
    target = ledger_dir / "imports" / f"{stem}.beancount"
    suffix = 1
    while (target.exists() and target.resolve() in included) or target.resolve() in tx.files:
        suffix += 1
        target = ledger_dir / "imports" / f"{stem}-{suffix}.beancount"
    relative = os.path.relpath(archived, target.parent).replace(os.sep, "/")
    for entry in plan.entries:
        entry.meta["document"] = relative
    parent = _document_account(loaded)
    header = f"; {plan.label} {plan.path.name} 导入于 {on}（bangfu import）\n"
    header += f'{on} document {parent} "{relative}"\n\n'
    tx.create(target, header + format_entries(plan.entries), replace=target.exists())  # a leftover no ledger includes
    tx.include(target)
    return target


def _document_account(loaded: Loaded) -> str:
    for entry in loaded.entries:
        account = getattr(entry, "account", "")
        if type(entry).__name__ == "Open" and account.count(":") == 2 and account.startswith("Assets:Bank:"):
            return account
    return "Assets:Bank"


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A one-line progress indicator on stderr for large sheets."""

    def show(done: int, total: int) -> None:
        if total >= 500 and (done % 200 == 0 or done == total) and sys.stderr.isatty():
            print(f"\r{label}：已读取 {done}/{total} 行", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return show


def rule_problems(plan: FilePlan, problems: list[tuple[Problem, Any]]) -> list[RowProblem | str]:
    """Rule errors on this plan's entries, each at its row and the column
    the rule is about and how to fix it (RULE_FIXES)."""
    found: list[RowProblem | str] = []
    for problem, entry in problems:
        key = getattr(entry, "meta", {}).get("import-key") if entry is not None else None
        place = plan.places.get(key) if key else None
        column, fix = RULE_FIXES.get(problem.code, ("", ""))
        text = f"[{problem.code}] {problem.message}" + (f"：{fix}" if fix else "")
        if place is None:
            found.append(f"{problem.filename}:{problem.lineno}：{text}")
        else:
            found.append(RowProblem(place.with_column(column), text))
    return found
