"""`python -m benchmarks`: bangfu against its baselines at 10k and 100k payments.

    python -m benchmarks                         # 10k and 100k, every measure
    python -m benchmarks --sizes 10000 --repeat 5 --only load,import

Generates the seeded ledgers once (benchmarks/data/<size>/, reused while the
generator is unchanged), then runs each measure in a fresh process
(benchmarks/measures.py), alternating baseline and bangfu runs, and prints
medians, ratios against the goals, peak memory, and the growth from the
smallest to the largest size (1.00 = linear in the number of payments).
Not part of the test run: figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
GOALS = {"load": 1.05, "import": 1.5, "realname": 1.2, "fava": 2.0}
LABELS = {
    "load": ("载入账本（含 fund_rules）", "beancount 裸载入"),
    "import": ("bangfu import 解析+校验+预检", "calamine 原始读取"),
    "realname": ("实名制汇总表", "openpyxl 只写无格式"),
    "fava": ("Fava 帮扶资金审计页", "Fava 收支表 API"),
}


def ensure_data(size: int) -> tuple[Path, int]:
    """The generated ledger for `size` payments, made again only when the
    generator changed."""
    folder = DATA / str(size)
    stamp = hashlib.sha256((ROOT / "benchmarks" / "generate.py").read_bytes() + str(size).encode()).hexdigest()
    marker = folder / ".stamp"
    if marker.exists() and marker.read_text().split()[0] == stamp:
        return folder, int(marker.read_text().split()[1])
    print(f"生成 {size} 笔付款的基准账本与发放名册 → {folder} …", flush=True)
    count = generate(folder, size)
    marker.write_text(f"{stamp} {count}\n")
    return folder, count


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 if hasattr(os, "sysconf") else 0
    return (f"{cpu or platform.processor()}，{os.cpu_count()} 核，{memory:.0f} GiB；{platform.system()} {platform.release()}；"
            f"Python {platform.python_version()}，beancount {version('beancount')}，fava {version('fava')}，"
            f"openpyxl {version('openpyxl')}，python-calamine {version('python-calamine')}")


def default_repeat(name: str, size: int) -> int:
    """Five runs each up to 20k payments. Above that, what fits in a few
    minutes on a 2-core machine: two of each load (a fresh process of 10-15
    seconds each at 100k) and of the real-name summary (openpyxl alone takes
    seven), three imports, five Fava requests (a fraction of a second)."""
    if size <= 20_000:
        return 5
    return {"load": 2, "import": 3, "realname": 2}.get(name, 5)


def run_measures(names: list[str], folder: Path, repeats: dict[str, int]) -> dict[str, dict]:
    """Runs `names` in one fresh worker (they share its load of the ledger)."""
    spec = ",".join(f"{name}:{repeats[name]}" for name in names)
    out = subprocess.run([sys.executable, "-m", "benchmarks.measures", spec, str(folder)],
                         cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{spec} 失败：\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def workers(measures: list[str]) -> list[list[str]]:
    """Measures grouped by worker process: realname and fava both need the
    full ledger loaded with its plugin, so they share one load."""
    groups: list[list[str]] = []
    for name in measures:
        if name == "fava" and groups and groups[-1] == ["realname"]:
            groups[-1].append(name)
        else:
            groups.append([name])
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="bangfu 基准测试")
    parser.add_argument("--sizes", default="10000,100000", help="付款笔数，逗号分隔（默认 10000,100000）")
    parser.add_argument("--repeat", type=int,
                        help="每项重复次数（默认：2 万笔及以下 5 次；以上载入 2 次、导入 3 次、实名制表 2 次、Fava 5 次）")
    parser.add_argument("--only", default=",".join(GOALS), help="只运行这些测量：load,import,realname,fava")
    parser.add_argument("--json", type=Path, help="把全部原始结果写入此文件")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    measures = [m for m in args.only.split(",") if m]
    # Installed packages import from .pyc; so should ours (PYTHONDONTWRITEBYTECODE may be set).
    for package in ("ledger", "fund_rules", "importers", "reports", "benchmarks"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    print(f"机器：{machine()}\n", flush=True)
    results: dict = {"machine": machine(), "date": datetime.date.today().isoformat(), "sizes": {}}
    header = (f"{'付款笔数':>8} | {'测量':<26} | {'基线(s)':>8} | {'bangfu(s)':>9} | {'倍数':>5} | {'目标':>5} | {'达标':<2} | "
              f"最快一次之比 | 峰值内存 MiB（基线/bangfu）")
    print(header)
    print("-" * len(header.encode("gbk", "replace")))
    for size in sizes:
        folder, count = ensure_data(size)
        repeats = {name: args.repeat or default_repeat(name, size) for name in measures}
        results["sizes"][size] = {"payments": count, "measures": {}}
        for name, raw in ((n, r) for group in workers(measures) for n, r in run_measures(group, folder, repeats).items()):
            repeat = repeats[name]
            base = statistics.median(raw["baseline"]["seconds"])
            ours = statistics.median(raw["bangfu"]["seconds"])
            ratio = ours / base
            # Medians are the measure; the ratio of the fastest runs is shown
            # too, as it is what a noisy (shared) machine disturbs least.
            best = min(raw["bangfu"]["seconds"]) / min(raw["baseline"]["seconds"])
            raw |= {"median_baseline": base, "median_bangfu": ours, "ratio": ratio, "ratio_of_fastest": best,
                    "goal": GOALS[name], "repeat": repeat}
            results["sizes"][size]["measures"][name] = raw
            met = "是" if ratio <= GOALS[name] else "否"
            print(f"{count:>8} | {LABELS[name][0]:<20} | {base:>8.3f} | {ours:>9.3f} | {ratio:>5.2f} | {GOALS[name]:>5.2f} | {met:<2} | "
                  f"{best:>12.2f} | {raw['baseline']['peak_mib']:.0f} / {raw['bangfu']['peak_mib']:.0f}", flush=True)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        first, last = results["sizes"][small], results["sizes"][large]
        factor = last["payments"] / first["payments"]
        print(f"\n增长（{first['payments']} → {last['payments']} 笔，{factor:.1f} 倍；1.00 为线性）：")
        for name in measures:
            for side in ("baseline", "bangfu"):
                grow = last["measures"][name][f"median_{side}"] / first["measures"][name][f"median_{side}"]
                results.setdefault("growth", {}).setdefault(name, {})[side] = grow / factor
            g = results["growth"][name]
            print(f"  {LABELS[name][0]}：bangfu {g['bangfu']:.2f}，基线 {g['baseline']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\n原始结果已写入 {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
