"""`bangfu check` and `bean-check` on the example ledger and its planted copy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE, PLANTED, ROOT, check_json, run_bangfu

EXPECT = re.compile(r"^;\s*预期\s+([A-Z]+\d*)")


def planted_expectations() -> dict[tuple[str, int], str]:
    """(file, line) -> code, read from the `; 预期 CODE` comments."""
    path = PLANTED.parent / "planted-violations.beancount"
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = {}
    for number, line in enumerate(lines, start=1):
        match = EXPECT.match(line)
        if match:
            expected[(str(path), number + 1)] = match.group(1)
    return expected


def test_example_passes_bangfu_check():
    done = run_bangfu("check", EXAMPLE.relative_to(ROOT), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 个错误" in done.stdout
    status, report = check_json(EXAMPLE)
    assert status == 0 and report["errors"] == 0 and report["plugin_enabled"]


def test_example_passes_plain_bean_check():
    bean_check = Path(sys.executable).with_name("bean-check")
    done = subprocess.run([str(bean_check), str(EXAMPLE)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_example_has_the_promised_shape():
    from ledger import load

    loaded = load(EXAMPLE, use_cache=False)
    archive = loaded.view
    assert 35 <= len(archive.households) <= 45
    assert len(archive.localities) == 3
    assert 280 <= len(archive.payments) <= 380
    categories = {line.category for p in archive.payments for line in p.lines}
    funds = {line.fund for p in archive.payments for line in p.lines}
    from ledger.vocab import BUILTIN_CATEGORIES, Event, Fund, StandardKind

    assert categories == set(BUILTIN_CATEGORIES) and funds == set(Fund)
    years = {p.date.year for p in archive.payments}
    assert years == {2023, 2024, 2025}
    events = {e.event for h in archive.households.values() for e in h.events}
    assert {Event.EXITED, Event.CANCELLED, Event.CHANGED} <= events
    assert any(p.is_reversal for p in archive.payments)
    # one locality changes its 低保 standard in the middle of a year
    mid_year = [s for s in archive.standards if s.kind is StandardKind.DIBAO and s.date.month not in (1,)]
    assert mid_year
    documents = [e for e in loaded.entries if type(e).__name__ == "Document"]
    assert len(documents) >= 20


def test_planted_copy_fails_with_exactly_the_planted_codes():
    status, report = check_json(PLANTED)
    assert status == 1
    found = {(p["file"], p["line"]): p["code"] for p in report["problems"]}
    assert found == planted_expectations()
    assert len(set(found.values())) == len(found)  # one violation per code


def test_check_prints_file_line_code_and_chinese_message():
    done = run_bangfu("check", PLANTED.relative_to(ROOT), "--no-cache")
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if line.startswith("examples/")]
    assert lines, done.stdout
    pattern = re.compile(r"^examples/county/[\w.-]+\.beancount:\d+: \[[A-Z]+\d*\] (错误|警告)：\S")
    assert all(pattern.match(line) for line in lines), lines
    assert any("未知档案编号" in line or "档案编号" in line for line in lines)


def test_ledger_without_plugin_line_is_still_checked(tmp_path):
    shutil.copytree(EXAMPLE.parent, tmp_path / "county")
    planted = tmp_path / "county" / "planted.beancount"
    text = planted.read_text(encoding="utf-8").replace('plugin "fund_rules"\n', "")
    planted.write_text(text, encoding="utf-8")
    done = run_bangfu("check", planted, "--no-cache")
    assert done.returncode == 1
    assert 'plugin "fund_rules"' in done.stderr
    assert "[S10]" in done.stdout


def test_missing_file_is_a_clear_error(tmp_path):
    done = run_bangfu("check", tmp_path / "nope.beancount")
    assert done.returncode == 2 and "找不到账本文件" in done.stderr


def test_help_lists_subcommands():
    done = run_bangfu("--help")
    assert done.returncode == 0
    for command in ("check", "init", "serve"):
        assert command in done.stdout
