"""The measured operations and their baselines, each run in a fresh worker
process so that imports, caches and memory start from nothing:

    python -m benchmarks.measures MEASURE DATA_DIR REPEAT

prints one JSON object: per variant ("baseline", "bangfu") the wall-clock
seconds of each run and the peak memory (MiB). Runs alternate baseline and
bangfu (ABBA...) so that a slow moment of the machine hits both alike.

- load:     bare beancount load of bare.beancount (no plugin, no cache) vs the
            same files with `plugin "fund_rules"`; one process per run, peak
            memory is the process's maximum resident set.
- import:   python-calamine raw read of batch.xlsx vs `bangfu import`'s
            parse + validate + pre-check of it into target.beancount (the
            ledger is loaded before the clock starts, as the issue asks).
- realname: openpyxl write-only of the very same rows, no formatting, vs the
            real-name summary (实名制汇总表) of every payment, built from the
            loaded ledger (one workbook per year, every fund).
- fava:     Fava's income statement API vs the 帮扶资金审计 extension page,
            both requested after the ledger is loaded (Fava prepares its
            trees at load, the extension its tables in after_load_file; that
            hook's time is recorded too).
For import, realname and fava, peak memory is what the operation allocates
on top of the loaded ledger (tracemalloc, in one extra untimed run).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
from pathlib import Path
from typing import Any, Callable

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"  # every load parses; no pickle cache
ROOT = Path(__file__).resolve().parents[1]
YEARS = (2023, 2024, 2025)


def _alternate(repeat: int, baseline: Callable[[], Any], bangfu: Callable[[], Any]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"baseline": [], "bangfu": []}
    for run in range(repeat):
        order = [("baseline", baseline), ("bangfu", bangfu)]
        if run % 2:
            order.reverse()
        for name, action in order:
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return times


def _traced_peak(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _result(times: dict[str, list[float]], peaks: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {name: {"seconds": times[name], "peak_mib": peaks[name]} for name in times} | extra


# ---------------------------------------------------------------- load


def load_once(path: str) -> None:
    """One load in this process; prints seconds and peak RSS (MiB)."""
    from beancount import loader

    start = time.perf_counter()
    entries, errors, _options = loader.load_file(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "entries": len(entries), "errors": len(errors)}))


def measure_load(data: Path, repeat: int) -> dict[str, Any]:
    files = {"baseline": data / "bare.beancount", "bangfu": data / "main.beancount"}
    runs: dict[str, list[dict[str, Any]]] = {"baseline": [], "bangfu": []}

    def run(name: str) -> None:
        out = subprocess.run([sys.executable, "-m", "benchmarks.measures", "load-once", str(files[name])],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))

    _alternate(repeat, lambda: run("baseline"), lambda: run("bangfu"))
    errors = {name: runs[name][0]["errors"] for name in runs}
    return {name: {"seconds": [r["seconds"] for r in runs[name]], "peak_mib": max(r["peak_mib"] for r in runs[name])}
            for name in runs} | {"errors": errors}


# ---------------------------------------------------------------- import


def measure_import(data: Path, repeat: int) -> dict[str, Any]:
    import datetime

    from python_calamine import CalamineWorkbook

    from importers.convert import Context
    from importers.run import plan_file, precheck
    from ledger.loader import load

    batch = data / "batch.xlsx"
    loaded = load(data / "target.beancount", use_cache=False)
    outcome: dict[str, Any] = {}

    def raw_read() -> None:
        book = CalamineWorkbook.from_path(str(batch))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    def bangfu_import() -> None:
        plan = plan_file(batch, Context.of(loaded), datetime.date(2026, 1, 5), lambda done, total: None)
        problems = precheck(loaded, plan.entries)
        outcome.update(rows=plan.rows, entries=len(plan.entries), invalid=len(plan.problems),
                       precheck_errors=sum(p.severity == "error" for p, _e in problems))

    times = _alternate(repeat, raw_read, bangfu_import)
    peaks = {"baseline": _traced_peak(raw_read), "bangfu": _traced_peak(bangfu_import)}
    return _result(times, peaks, **outcome)


# ---------------------------------------------------------------- real-name summary


def measure_realname(data: Path, repeat: int) -> dict[str, Any]:
    from openpyxl import Workbook

    from ledger.loader import load
    from ledger.vocab import Fund
    from reports import realname
    from reports.table import payments_table

    loaded = load(data / "main.beancount", use_cache=False)
    unit = loaded.archive.options.get("unit") or ""
    out = Path(tempfile.mkdtemp(prefix="bangfu-bench-"))
    funds = list(Fund)
    table = payments_table(loaded)
    sheets = {(year, fund): realname.sheet_rows(table, year, fund) for year in YEARS for fund in funds}
    rows = sum(len(r) for r in sheets.values())

    def plain() -> None:
        for year in YEARS:
            book = Workbook(write_only=True)
            for fund in funds:
                sheet = book.create_sheet(fund.label)
                sheet.append(realname.HEADERS)
                for row in sheets[(year, fund)]:
                    sheet.append(row)
            book.save(out / f"plain-{year}.xlsx")

    def report() -> None:
        table = payments_table(loaded)
        for year in YEARS:
            realname.write(table, unit, year, funds, __import__("datetime").date(year, 12, 31),
                           out / f"实名制汇总表-{year}.xlsx")

    times = _alternate(repeat, plain, report)
    peaks = {"baseline": _traced_peak(plain), "bangfu": _traced_peak(report)}
    return _result(times, peaks, rows=rows)


# ---------------------------------------------------------------- Fava


def measure_fava(data: Path, repeat: int) -> dict[str, Any]:
    from fava.application import create_app

    app = create_app([str((data / "main.beancount").resolve())], read_only=True)
    client = app.test_client()
    base = client.get("/").headers["Location"].rstrip("/").rsplit("/", 1)[0]  # loads the ledger
    slug = urllib.parse.unquote(base.rsplit("/", 1)[-1])
    ledger = app.config["LEDGERS"][slug]
    extension = ledger.extensions.get_extension("BangfuAudit")
    sizes: dict[str, int] = {}

    def income_statement() -> None:
        response = client.get(base + "/api/income_statement")
        assert response.status_code == 200, response.status_code
        sizes["baseline"] = len(response.data)

    def audit_page() -> None:
        response = client.get(base + "/extension/BangfuAudit/")
        assert response.status_code == 200, response.status_code
        sizes["bangfu"] = len(response.data)

    income_statement(), audit_page()  # first requests compile templates
    times = _alternate(repeat, income_statement, audit_page)
    peaks = {"baseline": _traced_peak(income_statement), "bangfu": _traced_peak(audit_page)}
    # What the extension adds to Fava's load (its after_load_file hook), for the record.
    after_load = []
    for _ in range(repeat):
        start = time.perf_counter()
        extension.after_load_file()
        after_load.append(time.perf_counter() - start)
    return _result(times, peaks, response_bytes=sizes, after_load_seconds=after_load)


MEASURES: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "load": measure_load,
    "import": measure_import,
    "realname": measure_realname,
    "fava": measure_fava,
}


def main() -> None:
    if sys.argv[1] == "load-once":
        load_once(sys.argv[2])
        return
    name, data, repeat = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(MEASURES[name](data, repeat)))


if __name__ == "__main__":
    main()
