"""`bangfu init` starts a ledger that checks clean; the committed example is
exactly what its seeded generator writes."""

from __future__ import annotations

import datetime
import filecmp
import subprocess
import sys

from conftest import EXAMPLE, ROOT, run_bangfu


def test_init_creates_a_clean_ledger(tmp_path):
    target = tmp_path / "union"
    done = run_bangfu("init", target, "--unit", "某某县总工会", "--start", "2025-01-01", "--locality", "城区=680")
    assert done.returncode == 0, done.stdout + done.stderr
    main = target / "main.beancount"
    checked = run_bangfu("check", main, "--no-cache")
    assert checked.returncode == 0, checked.stdout
    assert "0 个警告" in checked.stdout, checked.stdout  # no file in the folder left out (S17)
    text = main.read_text(encoding="utf-8")
    assert 'plugin "fund_rules"' in text and 'include "settings.beancount"' in text
    for year in range(2025, max(2025, datetime.date.today().year) + 1):  # a payment file per year, included
        assert f'include "{year}.beancount"' in text
        assert (target / f"{year}.beancount").read_text(encoding="utf-8").startswith(f"; {year} 年的资金下达与帮扶付款")
    settings = (target / "settings.beancount").read_text(encoding="utf-8")
    assert '"dibao" "城区" 680.00 CNY' in settings and '"language" "zh"' in settings


def test_init_refuses_to_overwrite(tmp_path):
    target = tmp_path / "union"
    assert run_bangfu("init", target, "--unit", "甲").returncode == 0
    before = (target / "main.beancount").read_bytes()
    again = run_bangfu("init", target, "--unit", "乙")
    assert again.returncode == 2 and "不会覆盖" in again.stdout
    assert (target / "main.beancount").read_bytes() == before


def test_init_rejects_bad_arguments(tmp_path):
    assert run_bangfu("init", tmp_path / "a", "--unit", "甲", "--bank", "工行").returncode == 2
    assert run_bangfu("init", tmp_path / "b", "--unit", "甲", "--locality", "城区").returncode == 2
    assert run_bangfu("init", tmp_path / "c", "--unit", "甲", "--start", "2025/01/01").returncode == 2


def test_example_matches_its_generator(tmp_path):
    out = tmp_path / "county"
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "generate.py"), str(out)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    committed = EXAMPLE.parent
    caches = [p.name for p in committed.glob(".*.picklecache")]  # a user's own loads may leave these
    comparison = filecmp.dircmp(committed, out, ignore=caches)
    differing = []

    def walk(cmp):
        differing.extend(cmp.left_only + cmp.right_only + cmp.diff_files)
        for sub in cmp.subdirs.values():
            walk(sub)

    walk(comparison)
    assert differing == [], "re-run `python examples/generate.py`: " + ", ".join(differing)
