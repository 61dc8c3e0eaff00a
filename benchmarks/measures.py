"""The measured operations and their baselines, each run in a fresh worker
process so that imports, caches and memory start from nothing:

    python -m benchmarks.measures MEASURE:REPEAT[,MEASURE:REPEAT] DATA_DIR

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
            both requested after the ledger is loaded and a first request
            of each (Fava prepares its trees at load, the extension its
            tables on the first request after a load; the time of building
            those tables is recorded too).
For import, realname and fava, peak memory is what the operation adds on top
of the loaded ledger: the process's resident-set high-water mark (VmHWM,
reset through /proc/self/clear_refs before each timed run) less its resident
set when the run began, the largest over the runs. It costs no extra run and
does not slow the timed ones (tracemalloc did, two- to threefold).
realname and fava share one worker and one load of the ledger (Fava's).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"  # every load parses; no pickle cache
ROOT = Path(__file__).resolve().parents[1]
YEARS = (2023, 2024, 2025)


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _trim() -> None:
    """Give freed memory back to the system, so each run starts lean."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _peak_since_reset(action: Callable[[], Any]) -> tuple[float, float]:
    """Runs `action`; returns its seconds and the resident memory it added
    at its peak (MiB)."""
    _trim()
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = _status_kib("VmRSS")
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    return seconds, max(_status_kib("VmHWM") - before, 0) / 1024


def _alternate(repeat: int, baseline: Callable[[], Any], bangfu: Callable[[], Any]) -> dict[str, Any]:
    """Runs both `repeat` times in ABBA order; seconds per run and the
    largest peak (MiB) of each."""
    times: dict[str, list[float]] = {"baseline": [], "bangfu": []}
    peaks = {"baseline": 0.0, "bangfu": 0.0}
    for run in range(repeat):
        order = [("baseline", baseline), ("bangfu", bangfu)]
        if run % 2:
            order.reverse()
        for name, action in order:
            seconds, peak = _peak_since_reset(action)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {name: {"seconds": times[name], "peak_mib": peaks[name]} for name in times}


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

    for turn in range(repeat):
        for name in (("baseline", "bangfu") if turn % 2 == 0 else ("bangfu", "baseline")):
            run(name)
    errors = {name: runs[name][0]["errors"] for name in runs}
    return {name: {"seconds": [r["seconds"] for r in runs[name]], "peak_mib": max(r["peak_mib"] for r in runs[name])}
            for name in runs} | {"errors": errors}


# ---------------------------------------------------------------- import


def measure_import(data: Path, repeat: int) -> dict[str, Any]:
    import datetime

    from python_calamine import CalamineWorkbook

    from importers.convert import Context
    from importers.importer import SheetImporter
    from importers.kinds import BATCH
    from ledger.loader import load
    from ledger.precheck import precheck

    batch = data / "batch.xlsx"
    loaded = load(data / "target.beancount", use_cache=False)
    outcome: dict[str, Any] = {}

    def raw_read() -> None:
        book = CalamineWorkbook.from_path(str(batch))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    def bangfu_import() -> None:
        plan = SheetImporter(BATCH).plan(batch, Context.of(loaded), datetime.date(2026, 1, 5))
        problems = precheck(loaded, plan.entries)
        outcome.update(rows=plan.rows, entries=len(plan.entries), invalid=len(plan.problems),
                       precheck_errors=sum(p.severity == "error" for p, _e in problems))

    return _alternate(repeat, raw_read, bangfu_import) | outcome


# ---------------------------------------------------------------- Fava's load, shared


@functools.cache
def _fava(data: Path) -> tuple[Any, str, Any]:
    """A read-only Fava app on main.beancount, its ledger loaded: the test
    client, the ledger's URL prefix and the FavaLedger."""
    from fava.application import create_app

    app = create_app([str((data / "main.beancount").resolve())], read_only=True)
    client = app.test_client()
    base = client.get("/").headers["Location"].rstrip("/").rsplit("/", 1)[0]  # loads the ledger
    slug = urllib.parse.unquote(base.rsplit("/", 1)[-1])
    return client, base, app.config["LEDGERS"][slug]


# ---------------------------------------------------------------- real-name summary


def measure_realname(data: Path, repeat: int) -> dict[str, Any]:
    import datetime

    from openpyxl import Workbook

    from ledger.loader import Loaded
    from ledger.vocab import Fund
    from reports.frames import payments_table
    from reports.tables import realname
    from reports.workbook import save

    fava_ledger = _fava(data)[2]
    entries = fava_ledger.all_entries
    loaded = Loaded(Path(fava_ledger.beancount_file_path), entries, list(fava_ledger.load_errors),
                    fava_ledger.options)
    unit = loaded.view.options.unit
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
                sheet.append(["序号", *(shown.title for shown in realname.LAYOUT)])
                for row in sheets[(year, fund)]:
                    sheet.append(row)
            book.save(out / f"plain-{year}.xlsx")

    def report() -> None:
        loaded.derived.clear()  # the report builds its table, as a first report after a load does
        table = payments_table(loaded)
        for year in YEARS:
            book = realname.workbook(table, unit, year, funds, datetime.date(year, 12, 31))
            save(book, out / f"实名制汇总表-{year}.xlsx")

    return _alternate(repeat, plain, report) | {"rows": rows}


# ---------------------------------------------------------------- Fava


def measure_fava(data: Path, repeat: int) -> dict[str, Any]:
    client, base, ledger = _fava(data)
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
    result = _alternate(repeat, income_statement, audit_page)
    # For the record: what the first request after each reload adds, when the
    # extension builds its tables (payments, money; the view is the plugin's).
    build = []
    for _ in range(repeat):
        extension.after_load_file()
        start = time.perf_counter()
        _ = extension.current
        build.append(time.perf_counter() - start)
    return result | {"response_bytes": sizes, "tables_seconds": build}


MEASURES: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "load": measure_load,
    "import": measure_import,
    "realname": measure_realname,
    "fava": measure_fava,
}


def main() -> None:
    """`load-once FILE`, or `MEASURE:REPEAT[,MEASURE:REPEAT...] DATA_DIR`:
    the measures named share this worker (and so one load of the ledger)."""
    if sys.argv[1] == "load-once":
        load_once(sys.argv[2])
        return
    data = Path(sys.argv[2])
    specs = [spec.split(":") for spec in sys.argv[1].split(",")]
    print(json.dumps({name: MEASURES[name](data, int(repeat)) for name, repeat in specs}))


if __name__ == "__main__":
    main()
