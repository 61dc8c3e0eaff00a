"""The one write path (ledger/transaction.py) with real processes: the lock,
`kill -9` at every stage of a commit, two writers at once, several files in
one import, and the archive command's pre-check."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ledger import load, problem_of
from ledger.transaction import FAILPOINTS, LedgerWriteError, journal_path, lock_path, transaction

from conftest import ROOT, files_of, run_bangfu

DAY = "2026-04-10"
HEADER = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额(元)", "资金来源", "发放日期", "发放方式", "银行卡号", "审批编号"]
ORIGINAL = 'option "operating_currency" "CNY"\n\n2023-01-01 open Assets:Bank:ICBC:Local CNY\n'


# ---------------------------------------------------------------- helpers


def batch(main: Path, path: Path, first: int, count: int = 8, amount: str = "1000", number: str = "") -> Path:
    """A 送温暖 payment roll from the Local fund for `count` active households."""
    view = load(main, use_cache=False).view
    day = datetime.date.fromisoformat(DAY)
    active = sorted(no for no, h in view.households.items() if h.at(day).active)[first : first + count]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEADER, "批次号"])
    for n, no in enumerate(active, start=1):
        name = view.household(no, day).fields.name  # type: ignore[union-attr]
        sheet.append([n, name, "", no, "送温暖", amount, "市县配套", DAY, "银行卡", "", f"SP-{path.stem}-{n}", number or None])
    book.save(path)
    return path


def start(main: Path, *files: Path, failpoint: str = "", command: str = "import") -> subprocess.Popen[str]:
    env = {**os.environ, "BANGFU_FAILPOINT": failpoint}
    args = [*map(str, files), "--ledger", str(main), "--date", DAY] if command == "import" else list(map(str, files))
    return subprocess.Popen(
        [sys.executable, "-m", "ledger.cli", command, *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )


def wait_for(stream, needle: str) -> list[str]:
    """Read lines until one holds `needle` (the process says where it is)."""
    said = []
    for line in stream:
        said.append(line)
        if needle in line:
            return said
    raise AssertionError(f"never said {needle!r}: {''.join(said)}")


def paid(main: Path, approval_prefix: str) -> int:
    """Payments whose approval number came from the sheet `approval_prefix`."""
    view = load(main, use_cache=False).view
    return sum(1 for p in view.payments if (p.fields.approval or "").startswith(f"SP-{approval_prefix}-"))


def problems(main: Path) -> list[tuple[str, str]]:
    return sorted((p.code, p.message) for p in map(problem_of, load(main, use_cache=False).errors))


# ---------------------------------------------------------------- the transaction, in process


def test_staged_files_are_written_together_or_not_at_all(tmp_path):
    main = tmp_path / "main.beancount"
    main.write_text(ORIGINAL, encoding="utf-8")
    extra = tmp_path / "imports" / "one.beancount"
    with transaction(main, "test") as tx:
        tx.create(extra, '2023-02-01 custom "locality" "城区"\n')
        tx.include(extra)
        tx.include(extra)  # once
        # nothing is written before the commit
        assert not extra.exists() and main.read_text(encoding="utf-8") == ORIGINAL
        assert tx.commit() == [extra.resolve(), main.resolve()]  # new files first, main last
    text = main.read_text(encoding="utf-8")
    assert text.startswith(ORIGINAL) and text.count('include "imports/one.beancount"') == 1
    assert "城区" in load(main, use_cache=False).view.localities
    assert not journal_path(main.resolve()).exists()
    assert lock_path(main).read_text(encoding="utf-8") == ""  # released: no holder recorded
    with transaction(main, "test") as tx:
        with pytest.raises(LedgerWriteError, match="无法解析"):
            tx.append(main, "2023-02-01 custom locality 城区\n")
        with pytest.raises(LedgerWriteError, match="不存在"):
            tx.append(tmp_path / "missing.beancount", '2023-02-01 custom "locality" "乡"\n')
        with pytest.raises(LedgerWriteError, match="已存在"):
            tx.create(extra, '2023-02-01 custom "locality" "乡"\n')
    assert main.read_text(encoding="utf-8") == text  # a block that does not commit writes nothing


def test_a_file_changed_during_the_transaction_is_not_overwritten(tmp_path):
    main = tmp_path / "main.beancount"
    main.write_text(ORIGINAL, encoding="utf-8")
    with transaction(main, "test") as tx:
        tx.append(main, '2023-02-01 custom "locality" "城区"\n')
        with main.open("a", encoding="utf-8") as other:  # an editor saving meanwhile
            other.write('2023-02-01 custom "locality" "手改"\n')
        with pytest.raises(LedgerWriteError, match="被其他程序修改"):
            tx.commit()
    assert main.read_text(encoding="utf-8").endswith('"手改"\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == [".main.beancount.lock", "main.beancount"]


# ---------------------------------------------------------------- the lock, with real processes


def test_a_live_writer_makes_the_next_one_wait_then_both_land_once(county, tmp_path):
    """The same roll imported twice at the same moment: the second waits for
    the first (told who holds the lock), then finds nothing new."""
    roll = batch(county, tmp_path / "roll.xlsx", first=0)
    gate = tmp_path / "gate"
    first = start(county, roll, failpoint=f"locked:wait={gate}")
    wait_for(first.stderr, "[failpoint] locked")  # it holds the lock
    second = start(county, roll)
    waiting = wait_for(second.stderr, "正由另一进程写入")
    assert f"进程 {first.pid}" in waiting[-1] and "bangfu import" in waiting[-1]
    gate.touch()
    assert first.wait(timeout=300) == 0, first.stdout.read()
    out, _err = second.communicate(timeout=300)
    assert second.returncode == 0 and "没有需要写入的新内容" in out
    assert paid(county, "roll") == 8


def test_a_busy_ledger_is_refused_when_told_not_to_wait(county, tmp_path):
    roll = batch(county, tmp_path / "roll.xlsx", first=0)
    gate = tmp_path / "gate"
    first = start(county, roll, failpoint=f"locked:wait={gate}")
    wait_for(first.stderr, "[failpoint] locked")
    before = files_of(county.parent)
    refused = run_bangfu("import", roll, "--ledger", county, "--date", DAY, "--wait", "0")
    assert refused.returncode == 1 and "正由另一进程写入" in refused.stdout and f"进程 {first.pid}" in refused.stdout
    assert files_of(county.parent) == before
    gate.touch()
    assert first.wait(timeout=300) == 0


def test_two_rolls_at_once_never_overdraw(county, tmp_path):
    """Local holds 12,400: either roll of 8,000 fits, both do not. Whichever
    comes second is pre-checked on the ledger the first has written."""
    a = batch(county, tmp_path / "a.xlsx", first=0)
    b = batch(county, tmp_path / "b.xlsx", first=8)
    runs = [start(county, a), start(county, b)]
    outs = [run.communicate(timeout=300) for run in runs]
    codes = sorted(run.returncode for run in runs)
    assert codes == [0, 1], outs
    refused = next(out for run, (out, _err) in zip(runs, outs, strict=True) if run.returncode == 1)
    assert "[R10]" in refused and "-3,600.00" in refused and "未写入任何内容" in refused
    assert sorted([paid(county, "a"), paid(county, "b")]) == [0, 8]
    assert problems(county) == []


def test_the_same_roll_twice_at_once_books_it_once(county, tmp_path):
    roll = batch(county, tmp_path / "roll.xlsx", first=0)
    runs = [start(county, roll), start(county, roll)]
    for run in runs:
        run.communicate(timeout=300)
        assert run.returncode == 0
    assert paid(county, "roll") == 8


# ---------------------------------------------------------------- kill -9 at every stage


@pytest.mark.parametrize("stage", FAILPOINTS)
def test_kill_at_any_stage_leaves_the_ledger_whole(county, tmp_path, stage):
    """SIGKILL at each stage of an import: the ledger loads as before or
    with the whole import; `bangfu check` finishes what the journal says;
    the retry books exactly the roll's 8 payments; nothing is left over."""
    roll = batch(county, tmp_path / "roll.xlsx", first=0)
    before = files_of(county.parent)
    clean = problems(county)
    killed = start(county, roll, failpoint=stage)
    killed.communicate(timeout=300)
    assert killed.returncode == -9
    assert paid(county, "roll") in (0, 8) and problems(county) == clean  # loadable, never half
    checked = run_bangfu("check", county, "--no-cache")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    if stage in ("staging", "staged"):
        assert "已撤销" in checked.stderr
    if stage in ("committing", "renamed-one", "renamed"):
        assert "已按写入日志补完" in checked.stderr
    after = files_of(county.parent)
    committed = stage in ("committing", "renamed-one", "renamed", "done")
    assert paid(county, "roll") == (8 if committed else 0)
    if not committed:
        assert after == before
    assert not [name for name in after if name.endswith((".tmp", ".journal"))]
    retry = run_bangfu("import", roll, "--ledger", county, "--date", DAY)
    assert retry.returncode == 0, retry.stdout + retry.stderr
    if stage == "locked":
        assert "已不在运行" in retry.stderr and "已接管" in retry.stderr
    assert paid(county, "roll") == 8
    assert not any(name.endswith("-2.beancount") for name in files_of(county.parent))
    assert problems(county) == clean


# ---------------------------------------------------------------- several files, one transaction


def test_several_files_are_imported_together_or_not_at_all(county, tmp_path):
    good = batch(county, tmp_path / "good.xlsx", first=0, count=2)
    unparsable = batch(county, tmp_path / "spaced.xlsx", first=2, count=2, number="PC 2026")
    before = files_of(county.parent)
    done = run_bangfu("import", good, unparsable, "--ledger", county, "--date", DAY)
    assert done.returncode == 1 and "未写入" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert files_of(county.parent) == before
    second_good = batch(county, tmp_path / "good2.xlsx", first=4, count=2)
    done = run_bangfu("import", good, second_good, "--ledger", county, "--date", DAY)
    assert done.returncode == 0, done.stdout
    assert paid(county, "good") == 2 and paid(county, "good2") == 2
    copies = list((county.parent / "documents" / "imports").glob("*.xlsx"))
    assert {p.read_bytes() for p in copies} >= {good.read_bytes(), second_good.read_bytes()}


# ---------------------------------------------------------------- the archive command


def test_an_exit_before_later_payments_is_refused(county):
    view = load(county, use_cache=False).view
    payment = max((p for p in view.payments if not p.is_reversal), key=lambda p: p.date)
    household = payment.household
    on = min(p.date for p in view.payments if p.household == household and p.date.year == payment.date.year)
    before = files_of(county.parent)
    done = run_bangfu("archive", "exit", county, household, "--date", on.isoformat(), "--reason", "再就业")
    assert done.returncode == 2 and "R01" in done.stderr and "未写入" in done.stderr
    assert files_of(county.parent) == before


def test_archive_file_must_belong_to_the_ledger_and_date_not_in_the_future(county, tmp_path):
    view = load(county, use_cache=False).view
    no = next(no for no, h in view.households.items() if h.at(h.events[-1].date).active)
    stray = tmp_path / "stray.beancount"
    stray.write_text("", encoding="utf-8")
    before = files_of(county.parent)
    done = run_bangfu("archive", "refresh", county, no, "--date", "2026-11-01", "--file", stray)
    assert done.returncode == 2 and "不是本账本包含的文件" in done.stderr
    done = run_bangfu("archive", "refresh", county, no, "--date", "2999-01-01")
    assert done.returncode == 2 and "晚于今天" in done.stderr
    assert files_of(county.parent) == before and stray.read_text(encoding="utf-8") == ""
