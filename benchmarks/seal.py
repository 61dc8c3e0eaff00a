"""What sealed periods cost a load: the generated ledger loaded with the
fund_rules plugin (baseline) against the same ledger with one closing per
month of its three years (36 closings in force, each recomputed by S19).

    .venv/bin/python -m benchmarks.seal [--payments 10000] [--repeat 5]

Each load runs in a fresh process without beancount's cache; runs alternate
baseline and sealed (ABBA). Prints the median seconds of each and their ratio.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.measures import ROOT


def seal_monthly(main: Path) -> int:
    """Append one closing per month end of the ledger's years, as
    `bangfu close` writes them (digest of the entries as the plugin sees them)."""
    from ledger.build import custom
    from ledger.loader import load
    from ledger.seal import digests, ledger_root
    from ledger.writer import format_entries

    loaded = load(main, use_cache=False)
    years = sorted({e.date.year for e in loaded.view.entries if e.date.year >= 2023})
    ends = [datetime.date(y, m + 1, 1) - datetime.timedelta(days=1) if m < 12 else datetime.date(y, 12, 31)
            for y in years for m in range(1, 13)]
    found = digests(loaded.view.entries, ends, ledger_root(loaded.options))
    today = datetime.date.today()
    closings = [custom(today, "close", [end, found[end].total], {}) for end in ends]
    with main.open("a", encoding="utf-8") as ledger:
        ledger.write("\n" + format_entries(closings) + "\n")
    return len(closings)


def load_seconds(main: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.measures", "load-once", str(main)], cwd=ROOT,
                         capture_output=True, text=True, check=True, env={**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), int(result["errors"])


def main() -> None:
    parser = argparse.ArgumentParser(description="结账封存对载入时间的影响")
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain"
        generate(plain, args.payments, 1, "BJ", False, "", "")
        sealed = Path(folder) / "sealed"
        shutil.copytree(plain, sealed)
        count = seal_monthly(sealed / "main.beancount")
        runs: dict[str, list[float]] = {"baseline": [], "sealed": []}
        errors: dict[str, int] = {}
        for turn in range(args.repeat):
            for name in (("baseline", "sealed") if turn % 2 == 0 else ("sealed", "baseline")):
                seconds, errors[name] = load_seconds((plain if name == "baseline" else sealed) / "main.beancount")
                runs[name].append(seconds)
        medians = {name: statistics.median(values) for name, values in runs.items()}
        print(f"{args.payments} 笔付款，{count} 次结账；载入中位数：不结账 {medians['baseline']:.2f} s，"
              f"结账 {medians['sealed']:.2f} s，比值 {medians['sealed'] / medians['baseline']:.3f}"
              f"（错误数 {errors['baseline']} / {errors['sealed']}）")


if __name__ == "__main__":
    main()
