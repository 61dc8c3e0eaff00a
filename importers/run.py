"""One import: identify each file, parse every row, convert, pre-check with the
fund rules, then write atomically - or write nothing and say why."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable

from beancount import loader
from beancount.core import data
from beancount.ops import validation

from importers import kinds
from importers.convert import Context, bank_entries, payment_entry, receipt_entry, roster_entries
from importers.kinds import RowProblem
from importers.sheets import CellError, Column, Table, find_table, read_grid
from ledger.loader import Loaded, Problem, problem_of
from ledger.writer import add_include, append_text, format_entries

KINDS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "roster": ("困难职工档案表", kinds.ROSTER),
    "batch": ("帮扶资金发放名册", kinds.BATCH),
    "bank": ("银行代发回盘", kinds.BANK),
    "appropriation": ("资金下达通知", kinds.APPROPRIATION),
}


@dataclass
class FilePlan:
    path: Path
    kind: str
    rows: int = 0
    entries: list[Any] = field(default_factory=list)
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    places: dict[str, Any] = field(default_factory=dict)  # import key -> Place

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]


def identify(path: Path) -> tuple[str, dict[str, list[list[Any]]]] | None:
    """The kind of sheet, told by its headers, and its cells."""
    grid = read_grid(path)
    for kind, (_label, columns) in KINDS.items():
        if any(find_table(path, name, cells, columns, header_only=True) for name, cells in grid.items()):
            return kind, grid
    return None


def _tables(path: Path, grid: dict[str, list[list[Any]]], columns) -> list[Table]:
    return [t for name, cells in grid.items() if (t := find_table(path, name, cells, columns)) is not None]


def _parse(tables: list[Table], parse: Callable, plan: FilePlan, progress: Callable[[int, int], None]) -> list[Any]:
    parsed = []
    total = sum(len(t.rows) for t in tables)
    for table in tables:
        for row in table.rows:
            plan.rows += 1
            progress(plan.rows, total)
            try:
                parsed.append(parse(row))
            except RowProblem as problem:
                plan.problems.append(str(problem))
    return parsed


def _keep(plan: FilePlan, context: Context, entry: Any, place: Any) -> None:
    key = entry.meta["import-key"]
    if key in context.keys:
        plan.duplicates += 1
        return
    context.keys.add(key)
    plan.entries.append(entry)
    plan.places[key] = place


def plan_file(path: Path, context: Context, on: datetime.date, progress: Callable[[int, int], None]) -> FilePlan:
    found = identify(path)
    if found is None:
        names = "、".join(label for label, _c in KINDS.values())
        plan = FilePlan(path, "batch")
        plan.problems.append(f"{path.name}：无法识别表格种类（表头应与{names}模板一致，可用 bangfu template 生成模板）")
        return plan
    kind, grid = found
    plan = FilePlan(path, kind)
    if kind == "roster":
        rows = _parse(_tables(path, grid, kinds.ROSTER), kinds.parse_roster, plan, progress)
        members = _parse(_tables(path, grid, kinds.MEMBERS), kinds.parse_member, plan, progress)
        outcome = roster_entries(context, rows, members, on)
        places = {r.archive_no: r.place for r in rows}
        for entry in outcome.entries:
            _keep(plan, context, entry, places.get(entry.values[0].value))
        if outcome.missing:
            plan.notes.append(f"账本中在档但本次档案表中没有的档案（未作任何处理，请核实）：{'、'.join(outcome.missing)}")
    elif kind == "batch":
        batch = "PC" + hashlib.sha256(path.read_bytes()).hexdigest()[:8].upper()
        for row in _parse(_tables(path, grid, kinds.BATCH), kinds.parse_payment, plan, progress):
            try:
                _keep(plan, context, payment_entry(context, row, row.batch or batch), row.place)
            except RowProblem as problem:
                plan.problems.append(str(problem))
    elif kind == "appropriation":
        for row in _parse(_tables(path, grid, kinds.APPROPRIATION), kinds.parse_receipt, plan, progress):
            try:
                _keep(plan, context, receipt_entry(context, row), row.place)
            except RowProblem as problem:
                plan.problems.append(str(problem))
    else:
        rows = _parse(_tables(path, grid, kinds.BANK), kinds.parse_bank, plan, progress)
        outcome = bank_entries(context, rows, on)
        for entry in outcome.entries:
            _keep(plan, context, entry, None)
        for row in outcome.unmatched:
            plan.notes.append(f"{row.place}：未找到对应的付款（卡号尾号 {row.card[-4:]}，{row.name}，{row.amount} 元），请人工核对")
    return plan


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


def headroom_lines(loaded_after: Any, archive_no: str, on: datetime.date) -> list[str]:
    """Headroom text from the `bangfu.headroom` entry point (fund_rules),
    found at run time so this package never imports fund_rules."""
    for point in entry_points(group="bangfu.headroom"):
        return point.load()(loaded_after, archive_no, on)
    return []


# ---------------------------------------------------------------- writing


def write_plan(loaded: Loaded, plan: FilePlan, on: datetime.date) -> Path:
    """Archive the source under documents/imports/, write the entries to a
    new file under imports/ with a document directive, include it in main."""
    ledger_dir = loaded.path.parent
    digest = hashlib.sha256(plan.path.read_bytes()).hexdigest()[:8]
    stem = f"{on}.{plan.kind}-{digest}"
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


__all__ = ["CellError", "FilePlan", "plan_file", "precheck", "write_plan"]
