"""Randomised crash harness for the write path (ledger/transaction.py).

Each trial copies the example ledger, starts `bangfu import` of a roll of 8
payments and kills it with SIGKILL at a random instant. Three kinds of
trial take turns: anywhere in the run; anywhere in the run while a second,
identical import starts at the same moment; and within the commit itself
(the import pauses just before its commit point, is let go, and is killed
0-4 ms later - the few milliseconds a uniform draw would almost never hit).
Then it checks what a careful officer would:

- the ledger loads, with exactly the problems it had before (never half an
  import: 0 or 8 of the roll's payments, never anything else);
- `bangfu check` finishes or rolls back what the journal says, and no
  temporary or journal file is left;
- importing the roll again leaves exactly 8 payments (no double booking,
  no stale lock, no `-2` file).

    .venv/bin/python benchmarks/crash.py --trials 200 [--seed 1] [--out out/crash.json]

The test suite runs the deterministic version (a kill at every named stage,
tests/test_transaction.py); this explores the instants in between.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ledger import load, problem_of  # noqa: E402

EXAMPLE = ROOT / "examples" / "county" / "main.beancount"
DAY = "2026-04-10"
HEADER = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额(元)", "资金来源", "发放日期", "发放方式", "银行卡号", "审批编号"]


def roll(main: Path, path: Path) -> Path:
    import datetime

    view = load(main, use_cache=False).view
    day = datetime.date.fromisoformat(DAY)
    active = sorted(no for no, h in view.households.items() if h.at(day).active)[:8]
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for n, no in enumerate(active, start=1):
        name = view.household(no, day).fields.name  # type: ignore[union-attr]
        book.active.append([n, name, "", no, "送温暖", "1000", "市县配套", DAY, "银行卡", "", f"SP-CRASH-{n}"])
    book.save(path)
    return path


def bangfu(*args: object, wait: bool = True, failpoint: str = "") -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ledger.cli", *map(str, args)]
    env = {**os.environ, "BANGFU_FAILPOINT": failpoint}
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def paid(main: Path) -> int:
    return sum(1 for p in load(main, use_cache=False).view.payments if (p.fields.approval or "").startswith("SP-CRASH-"))


def problems(main: Path) -> list[tuple[str, str]]:
    return sorted((p.code, p.message) for p in map(problem_of, load(main, use_cache=False).errors))


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith((".tmp", ".journal")))


def trial(work: Path, sheet: Path, delay: float, kind: str) -> dict[str, object]:
    folder = work / "county"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    main = folder / "main.beancount"
    before = problems(main)
    gate = work / "gate"
    pause = f"staged:wait={gate}" if kind == "commit" else ""
    first = bangfu("import", sheet, "--ledger", main, "--date", DAY, wait=False, failpoint=pause)
    second = bangfu("import", sheet, "--ledger", main, "--date", DAY, wait=False) if kind == "twin" else None
    if kind == "commit":
        for line in first.stderr:  # type: ignore[union-attr]
            if "[failpoint]" in line:
                break
        gate.touch()
    time.sleep(delay)
    first.send_signal(signal.SIGKILL)  # type: ignore[union-attr]
    first.communicate()  # type: ignore[union-attr]
    if second is not None:
        second.communicate()  # type: ignore[union-attr]
    outcome: dict[str, object] = {"delay": round(delay, 4), "kind": kind, "killed": first.returncode == -9}  # type: ignore[union-attr]
    try:
        after_crash = paid(main)
        intact = problems(main) == before
    except Exception as exc:  # an unloadable ledger is the worst outcome: count it
        outcome.update(corrupt=True, why=repr(exc))
        return outcome
    checked = bangfu("check", main, "--no-cache")
    retry = bangfu("import", sheet, "--ledger", main, "--date", DAY)
    final = paid(main)
    outcome.update(
        after_crash=after_crash,
        corrupt=not intact or after_crash not in (0, 8) or checked.returncode != 0,  # type: ignore[union-attr]
        recovered="补完" if "补完" in checked.stderr else "撤销" if "撤销" in checked.stderr else "",  # type: ignore[union-attr]
        took_over="已接管" in retry.stderr,  # type: ignore[union-attr]
        retry_ok=retry.returncode == 0,  # type: ignore[union-attr]
        final=final,
        double=final != 8,
        leftovers=leftovers(folder),
        suffixed=[p.name for p in (folder / "imports").glob("*-2.beancount")],
    )
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "crash.json")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        shutil.copytree(EXAMPLE.parent, base / "probe", ignore=shutil.ignore_patterns("sheets"))
        sheet = roll(base / "probe" / "main.beancount", base / "roll.xlsx")
        started = time.monotonic()
        done = bangfu("import", sheet, "--ledger", base / "probe" / "main.beancount", "--date", DAY)
        span = time.monotonic() - started
        assert done.returncode == 0, done.stdout  # type: ignore[union-attr]
        results = []
        for n in range(args.trials):
            work = base / f"t{n}"
            work.mkdir()
            kind = ("anywhere", "twin", "commit")[n % 3]
            delay = rng.uniform(0, 0.004) if kind == "commit" else rng.uniform(0, span * 1.1)
            results.append(trial(work, sheet, delay, kind))
            shutil.rmtree(work)
            print(f"\r{n + 1}/{args.trials}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    summary = {
        "trials": len(results),
        "uninterrupted_import_seconds": round(span, 2),
        "by_kind": dict(Counter(str(r["kind"]) for r in results)),
        "killed_mid_run": sum(bool(r["killed"]) for r in results),
        "state_after_crash": dict(Counter(str(r.get("after_crash")) for r in results)),
        "rolled_forward_by_check": sum(r.get("recovered") == "补完" for r in results),
        "rolled_back_by_check": sum(r.get("recovered") == "撤销" for r in results),
        "stale_lock_taken_over": sum(bool(r.get("took_over")) for r in results),
        "corruptions": sum(bool(r.get("corrupt")) for r in results),
        "double_bookings": sum(bool(r.get("double")) for r in results),
        "leftover_files": sum(bool(r.get("leftovers")) for r in results),
        "suffixed_files": sum(bool(r.get("suffixed")) for r in results),
        "failed_retries": sum(not r.get("retry_ok", False) for r in results),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "trials": results}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    bad = summary["corruptions"] or summary["double_bookings"] or summary["leftover_files"] or summary["failed_retries"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
