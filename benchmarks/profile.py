"""Where the time goes, for docs/performance.md:

    python -m benchmarks.profile [SIZE]      # default 10000 (generated if needed)

1. a load with fund_rules, phase by phase (beancount's own log_timings);
2. the plugin, check by check (fastest of 5 runs over the loaded entries,
   so a busy moment of a shared machine does not distort the split);
3. the import pipeline and the real-name summary, stage by stage.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

RUNS = 5


def _fastest(action: Callable[[], Any], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _table(title: str, rows: list[tuple[str, float]], total: float | None = None) -> None:
    print(f"\n{title}\n")
    print("| 部分 | 秒 | 占比 |\n|---|---:|---:|")
    whole = total if total is not None else sum(t for _n, t in rows)
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {seconds / whole:.0%} |")


def load_phases(main: Path) -> list[Any]:
    from beancount import loader

    phases: list[tuple[str, float]] = []

    def log(line: str) -> None:
        # "Operation: 'booking'   Time:   123 ms"
        if "Time:" in line and "parse_file" not in line:
            name = line.split("'")[1]
            phases.append((name, int(line.split("Time:")[1].split()[0]) / 1000))

    start = time.perf_counter()
    entries, _errors, _options = loader.load_file(str(main), log_timings=log)
    total = time.perf_counter() - start
    shown = [(n, t) for n, t in phases if n in ("parse", "booking", "run_transformations", "fund_rules",
                                                   "beancount.ops.validate")]
    _table(f"载入 {main.name}（含 fund_rules），共 {total:.2f} 秒（run_transformations 含 fund_rules）", shown, total)
    return entries


def plugin_checks(entries: list[Any]) -> None:
    import fund_rules.plugin as plugin
    from ledger.view import build_view

    view = build_view(entries)
    rows = [("读取档案与付款（build_view）", _fastest(lambda: build_view(entries)))]
    for check in plugin.CHECKS:
        name = getattr(check, "__name__", None) or f"exceeded({check.keywords['rule'].code.code})"  # type: ignore[attr-defined]
        rows.append((name, _fastest(lambda check=check: list(check(view)))))
    rows.sort(key=lambda r: -r[1])
    _table(f"fund_rules 各项检查（{RUNS} 次中最快一次）", [*rows[:12], ("其余各项合计", sum(t for _n, t in rows[12:]))])


def import_stages(folder: Path) -> None:
    from importers.convert import Context, payment_entry
    from importers.importer import _tables
    from importers.kinds import BATCH
    from importers.sheets import read_grid
    from ledger.loader import load
    from ledger.precheck import precheck

    loaded = load(folder / "target.beancount", use_cache=False)
    batch = folder / "batch.xlsx"
    grid = read_grid(batch)
    part = BATCH.parts[0]
    tables = _tables(batch, grid, part.columns)
    rows = [part.parse(row) for table in tables for row in table.rows]
    context = Context.of(loaded)
    entries = [payment_entry(context, row, row.batch or "PC") for row in rows]
    stages = [
        ("读取 xlsx（calamine，含表头识别前的整表读取）", _fastest(lambda: read_grid(batch), 3)),
        ("找表头、切分行", _fastest(lambda: _tables(batch, grid, part.columns), 3)),
        ("逐行解析与校验（Part.parse）", _fastest(lambda: [part.parse(r) for t in tables for r in t.rows], 3)),
        ("生成交易（payment_entry：查档案、导入键）", _fastest(lambda: [payment_entry(context, r, r.batch or "PC") for r in rows], 3)),
        ("预检（账本插件 + 余额断言 + 科目检查）", _fastest(lambda: precheck(loaded, entries), 3)),
    ]
    _table(f"bangfu import {batch.name}（{len(rows)} 行）各阶段（3 次中最快一次）", stages)


def realname_stages(entries_path: Path) -> None:
    from ledger.loader import load
    from ledger.vocab import Fund
    from reports.frames import payments_table
    from reports.tables import realname
    from reports.workbook import save

    loaded = load(entries_path, use_cache=False)
    table = payments_table(loaded)
    out = Path(tempfile.mkdtemp(prefix="bangfu-profile-"))
    year = int(table["year"].max())
    stages = [
        ("付款表（payments_table，全部年度）", _fastest(lambda: (loaded.derived.clear(), payments_table(loaded)), 3)),
        (f"{year} 年各资金表体行（sheet_rows）", _fastest(lambda: [realname.sheet_rows(table, year, f) for f in Fund], 3)),
        (f"{year} 年写 xlsx（含表体行）", _fastest(lambda: save(realname.workbook(table, "", year, list(Fund),
                                                                                datetime.date(year, 12, 31)), out / "r.xlsx"), 3)),
    ]
    _table("实名制汇总表各阶段（3 次中最快一次）", stages)


def main() -> None:
    from benchmarks.__main__ import ensure_data

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder, count = ensure_data(size)
    print(f"# 剖析：{count} 笔付款（{folder}）")
    entries = load_phases(folder / "main.beancount")
    plugin_checks(entries)
    import_stages(folder)
    realname_stages(folder / "main.beancount")


if __name__ == "__main__":
    main()
