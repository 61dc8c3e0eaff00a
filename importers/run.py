"""One import: identify each file, parse every row, convert, pre-check with the
fund rules, then write atomically - or write nothing and say why."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.ops import validation

from importers.importer import FilePlan
from ledger.loader import Loaded, Problem, problem_of
from ledger.writer import add_include, append_text, format_entries

# ---------------------------------------------------------------- pre-check


def precheck(loaded: Loaded, new_entries: list[Any]) -> list[tuple[Problem, Any]]:
    """The errors that the new entries add to the ledger. Runs the ledger's
    own plugins (its `plugin` lines, so the fund rules run as configured),
    beancount's balance assertions and its open-account check over the
    loaded entries plus the new ones - in memory, without parsing the
    ledger again. Returns (problem, entry) pairs."""
    entries = sorted([*loaded.entries, *new_entries], key=data.entry_sortkey)
    plugins = [*loaded.options.get("plugin", []), ("beancount.ops.balance", None)]
    options = {**loaded.options, "plugin": plugins, "plugin_processing_mode": "raw"}
    entries, errors = loader.run_transformations(entries, [], options, None)
    errors = [*errors, *validation.validate_active_accounts(entries, options)]
    before = {(p.filename, p.lineno, p.message) for p in map(problem_of, loaded.errors)}
    added = []
    for error in errors:
        problem = problem_of(error)
        if (problem.filename, problem.lineno, problem.message) not in before:
            added.append((problem, error.entry))
    return added


def headroom_lines(loaded: Loaded, archive_no: str, on: datetime.date) -> list[str]:
    """Headroom text from the `bangfu.headroom` entry point (fund_rules),
    found at run time so this package never imports fund_rules."""
    for point in entry_points(group="bangfu.headroom"):
        lines: list[str] = point.load()(loaded, archive_no, on)
        return lines
    return []


# ---------------------------------------------------------------- writing


def write_plan(loaded: Loaded, plan: FilePlan, on: datetime.date) -> Path:
    """Archive the source under documents/imports/, write the entries to a
    new file under imports/ with a document directive, include it in main."""
    ledger_dir = loaded.path.parent
    digest = hashlib.sha256(plan.path.read_bytes()).hexdigest()[:8]
    stem = f"{on}.{plan.kind.name}-{digest}"
    archived = ledger_dir / "documents" / "imports" / f"{stem}{plan.path.suffix.lower()}"
    target = ledger_dir / "imports" / f"{stem}.beancount"
    suffix = 1
    while target.exists():
        suffix += 1
        target = ledger_dir / "imports" / f"{stem}-{suffix}.beancount"
    target.parent.mkdir(parents=True, exist_ok=True)
    archived.parent.mkdir(parents=True, exist_ok=True)
    if not archived.exists():
        shutil.copyfile(plan.path, archived)
    relative = os.path.relpath(archived, target.parent).replace(os.sep, "/")
    for entry in plan.entries:
        entry.meta["document"] = relative
    parent = _document_account(loaded)
    header = f"; {plan.label} {plan.path.name} 导入于 {on}（bangfu import）\n"
    header += f'{on} document {parent} "{relative}"\n\n'
    append_text(target, header + format_entries(plan.entries), create=True)
    try:
        add_include(loaded.path, target)
    except Exception:
        target.unlink()
        raise
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


def errors_to_rows(plan: FilePlan, problems: list[tuple[Problem, Any]]) -> list[str]:
    lines = []
    for problem, entry in problems:
        key = getattr(entry, "meta", {}).get("import-key") if entry is not None else None
        place = plan.places.get(key) if key else None
        where = str(place) if place is not None else f"{problem.filename}:{problem.lineno}"
        lines.append(f"{where}：[{problem.code}] {problem.message}")
    return lines


