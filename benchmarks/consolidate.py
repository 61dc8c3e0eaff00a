"""Benchmark of `bangfu consolidate` at province scale.

    python -m benchmarks.consolidate [--units 100] [--payments 10000] [--runs 3]

Builds UNITS county exports totalling about UNITS x PAYMENTS payment lines
(default 100 x 10,600, a little over 1M lines) and times `bangfu consolidate` on them
(median of RUNS, wall clock of the real command including Python start-up),
with the peak resident memory of the command.

Loading 100 real ledgers would take far longer than consolidating them, so
ONE generated ledger (benchmarks/generate.py) is loaded and exported for
real, and the other units are derived from its tables: a unit code, archive
numbers and payment numbers of their own, and every ID number moved to a
unit-specific area code (check digit recomputed) - except PLANTED households
whose worker keeps the base unit's ID number, in 2 or 3 units, so the
duplicate check must find exactly that many people. Each derived unit is
written by the same code as `bangfu export` (reports/submission.py), so its
manifest is correct. (The derived units keep the base ledger's digest and
the base ID numbers inside the events' `fields` text.)

Written under WORK (default benchmarks/data/consolidate; reused when
present): base/ (the ledger), units/NNN/ (the exports), out/ (the result).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
from stdnum.cn import ric

ROOT = Path(__file__).resolve().parents[1]
PLANTED_PER_UNIT = 5  # households per planting unit that keep the base ID number
PLANTING_UNITS = 20  # units 1..20 plant; units 21..30 repeat the plants of 1..10 (three units)


def _check_digit(body: str) -> str:
    return ric.calc_check_digit(body + "0")


def _moved(id_number: str, k: int) -> str:
    """The ID number moved to unit k's own (fictitious) area code 9kk…."""
    if len(id_number) != 18:
        return id_number
    body = f"9{k:02d}" + id_number[3:17]
    return body + _check_digit(body)


def base_export(work: Path, payments: int) -> Path:
    """Generate, load and export the one real ledger (cached)."""
    from benchmarks.generate import generate

    base, export = work / "base", work / "base-export"
    if (export / "manifest.json").is_file():
        return export
    print(f"生成基准账本（{payments} 笔付款）并导出 …", flush=True)
    generate(base, payments, seed=7, prefix="BM", batch=False, unit="基准县总工会", unit_code="229900")
    done = subprocess.run([sys.executable, "-m", "ledger.cli", "export", str(base / "main.beancount"), "-o", str(export)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stdout + done.stderr)
    return export


def planted_households(households: pa.Table) -> list[str]:
    """Active households in archive-number order; the first PLANTED_PER_UNIT x
    PLANTING_UNITS are planted."""
    rows = households.select(["archive_no", "state"]).to_pylist()
    active = [r["archive_no"] for r in rows if r["state"] == "active"]
    return active[: PLANTED_PER_UNIT * PLANTING_UNITS]


def derive_units(export: Path, work: Path, count: int) -> tuple[list[Path], int]:
    """UNITS exports derived from the base export; returns their directories
    and the number of planted duplicate people."""
    import json

    import pyarrow.parquet as pq

    from reports.consolidation.submission import FILES, write_submission

    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    tables = {name: pq.read_table(export / filename) for name, filename in FILES.items()}
    planted = planted_households(tables["households"])
    households = tables["households"]
    workers = dict(zip(households["archive_no"].to_pylist(), households["id_number"].to_pylist(), strict=True))
    dirs = []
    for k in range(count):
        out = work / "units" / f"{k:03d}"
        dirs.append(out)
        if (out / "manifest.json").is_file():
            continue
        group = (k - 1) % PLANTING_UNITS if 1 <= k <= PLANTING_UNITS + PLANTING_UNITS // 2 else None
        keep = {workers[no] for no in planted[group * PLANTED_PER_UNIT:(group + 1) * PLANTED_PER_UNIT]} if group is not None else set()
        derived = {name: _derive(table, k, keep) for name, table in tables.items()}
        header = {**{key: manifest[key] for key in ("period", "ledger")}, "unit": f"基准第{k:03d}县总工会",
                  "unit_code": f"22{k:04d}"}
        write_submission(out, derived, header)
    duplicates = min(count - 1, PLANTING_UNITS) * PLANTED_PER_UNIT
    return dirs, duplicates


def _derive(table: pa.Table, k: int, keep: set[str]) -> pa.Table:
    def column(name: str, change) -> None:
        nonlocal table
        if name in table.column_names:
            index = table.schema.get_field_index(name)
            values = [change(v) if v else v for v in table.column(name).to_pylist()]
            table = table.set_column(index, table.schema.field(name), pa.array(values, table.schema.field(name).type))

    code, prefix = f"22{k:04d}", f"U{k:03d}"
    column("unit_code", lambda v: code)
    if k == 0:
        return table  # the base unit keeps its archive and ID numbers
    for name in ("archive_no", "household"):
        column(name, lambda v: v.replace("BM-", prefix + "-", 1))
    for name in ("payment_no", "reverses"):
        column(name, lambda v: v.replace("BM", prefix, 1))
    column("id_number", lambda v: v if v in keep else _moved(v, k))
    return table


def time_consolidate(dirs: list[Path], out: Path, runs: int, extra: list[str]) -> tuple[float, list[float], float, str]:
    """Median wall time of `bangfu consolidate`, all times, its peak resident
    memory (MiB, from the child's own rusage) and its console output."""
    times, peak, output = [], 0.0, ""
    log = out.with_name(out.name + ".log")
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        with open(log, "w", encoding="utf-8") as handle:
            start = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-m", "ledger.cli", "consolidate", *map(str, dirs), "-o", str(out),
                                      *extra], cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
            _pid, status, usage = os.wait4(child.pid, 0)
            times.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        output = log.read_text(encoding="utf-8")
        if child.returncode != 0:
            sys.exit(output)
        peak = max(peak, usage.ru_maxrss / 1024)  # Linux: KiB
    return statistics.median(times), times, peak, output


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} 核，{memory:.0f} GiB 内存，Python {platform.python_version()}，{platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="上级汇总（bangfu consolidate）的基准测试")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--payments", type=int, default=10_600, help="每个单位的付款笔数（约；默认使 100 个单位合计约 100 万行）")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "data" / "consolidate")
    args = parser.parse_args()
    work = args.work / f"{args.units}x{args.payments}"
    start = time.perf_counter()
    export = base_export(work, args.payments)
    dirs, planted = derive_units(export, work, args.units)
    built = time.perf_counter() - start

    import duckdb

    con = duckdb.connect()
    files = [str(d / "payments.parquet") for d in dirs]
    lines, fen = con.execute("SELECT count(*), sum(fen)::BIGINT FROM read_parquet(?)", [files]).fetchone()
    size = sum(f.stat().st_size for d in dirs for f in d.iterdir()) / 2**20
    print(f"{len(dirs)} 个单位，{lines:,} 行付款，合计 {fen / 100:,.2f} 元，导出共 {size:.0f} MiB（准备 {built:.0f} 秒）", flush=True)

    median, times, peak, output = time_consolidate(dirs, work / "out", args.runs, ["--year", "2025"])
    found = sum(1 for line in output.splitlines() if line.strip().startswith("[重复建档]"))
    over = sum(1 for line in output.splitlines() if line.strip().startswith("[生活救助超上限]"))
    if found != planted:
        sys.exit(f"重复建档应为 {planted} 项，实为 {found} 项")
    spot, spot_times, spot_peak, _ = time_consolidate(dirs, work / "out-detail", args.runs,
                                                      ["--year", "2025", "--detail", "220001"])
    print(f"机器：{machine()}")
    print("| 场景 | 中位数 | 各次 | 峰值内存 |")
    print("|---|---|---|---|")
    print(f"| consolidate（{len(dirs)} 个单位，{lines:,} 行付款） | {median:.1f} 秒 | "
          f"{'、'.join(f'{t:.1f}' for t in times)} | {peak:.0f} MiB |")
    print(f"| 同上并 `--detail` 抽查一个单位的逐笔明细 | {spot:.1f} 秒 | "
          f"{'、'.join(f'{t:.1f}' for t in spot_times)} | {spot_peak:.0f} MiB |")
    print(f"跨单位核查：重复建档 {found} 项（植入 {planted} 人），生活救助超上限 {over} 项")


if __name__ == "__main__":
    main()
