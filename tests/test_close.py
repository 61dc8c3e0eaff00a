"""Sealed periods (issue 20 item 5): `bangfu close` seals a period with the
digest of its entries; any later addition, removal or change of an entry
dated in it is S19, whatever file or layout it is written in; a reopening is
recorded with its reason; a period with errors, or whose bank reconciliation
does not balance, is not closed without saying why. Real ledgers, real
processes."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from beancount.parser import parser

from ledger import load, problem_of
from ledger.seal import canonical, digest, seals

from conftest import EXAMPLE, ROOT, files_of, run_bangfu

THROUGH = "2025-06-30"
UNRECONCILED = "示例账本未导入银行对账单"


def codes(main: Path) -> list[str]:
    return sorted(problem_of(e).code for e in load(main, use_cache=False).errors)


def s19(main: Path) -> list[str]:
    return [p.message for p in map(problem_of, load(main, use_cache=False).errors) if p.code == "S19"]


def close(main: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_bangfu("close", main, "--through", THROUGH, *more)


def closed(main: Path) -> Path:
    result = close(main, "--unreconciled", UNRECONCILED)
    assert result.returncode == 0, result.stderr
    return main


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# ---------------------------------------------------------------- closing


def test_closing_appends_one_directive_with_the_digest_and_the_ledger_stays_clean(county):
    before = codes(county)
    result = close(county, "--unreconciled", UNRECONCILED)
    assert result.returncode == 0 and f"截至 {THROUGH} 的期间结账" in result.stdout
    entries, errors, _ = parser.parse_file(str(county))
    assert not errors
    (closing,) = [e for e in entries if getattr(e, "type", None) == "close"]
    assert closing.date == datetime.date.today()
    assert closing.values[0].value == datetime.date.fromisoformat(THROUGH)
    view = load(county, use_cache=False).view
    expected = digest(view.entries, datetime.date.fromisoformat(THROUGH), county.parent)
    assert closing.values[1].value == expected.total
    assert int(closing.meta["entries"]) == expected.count > 0
    assert closing.meta["unreconciled"] == UNRECONCILED
    assert codes(county) == before == []


def test_layout_and_formatting_do_not_break_the_seal(county, tmp_path):
    closed(county)
    year = county.parent / "2025.beancount"
    text = year.read_text(encoding="utf-8")
    # a comment, an amount written another way, an entry moved to another file, metadata reordered
    first = re.search(r"\n(2025-03-\d\d \* .*?\n)(?=\n)", text, re.S)
    assert first is not None
    moved = first.group(1)
    text = text.replace(moved, "", 1)
    lines = moved.splitlines()
    meta = [line for line in lines[1:] if re.match(r"  [a-z-]+: ", line)]
    postings = [line for line in lines[1:] if line not in meta]
    reordered = "\n".join([lines[0], *reversed(meta), *reversed(postings)]) + "\n"
    reordered = re.sub(r"(\d+)\.00 CNY", r"\1 CNY", reordered)
    year.write_text("; 重新排版\n" + text, encoding="utf-8")
    (county.parent / "moved.beancount").write_text(reordered, encoding="utf-8")
    edit(county, 'include "2025.beancount"', 'include "2025.beancount"\ninclude "moved.beancount"')
    assert s19(county) == []
    # the whole folder elsewhere: documents' paths are relative to it
    elsewhere = tmp_path / "elsewhere" / "copy"
    shutil.copytree(county.parent, elsewhere)
    assert s19(elsewhere / "main.beancount") == []


def test_a_changed_amount_in_the_period_is_s19_naming_the_period_and_month(county):
    closed(county)
    year = county.parent / "2025.beancount"
    text = year.read_text(encoding="utf-8")
    match = re.search(r"\n2025-03-\d\d \*.*?\n  (Expenses:Aid:\S+)\s+(\d+)\.00 CNY\n", text, re.S)
    assert match is not None
    amount = int(match.group(2))
    edit(year, f"{match.group(1)}  {amount}.00 CNY", f"{match.group(1)}  {amount + 1}.00 CNY")
    (message,) = s19(county)
    assert f"截至 {THROUGH}" in message and "有变动的月份：2025-03" in message
    assert "bangfu close --reopen" in message


def test_an_entry_added_or_removed_in_the_period_is_s19_but_one_after_it_is_not(county):
    closed(county)
    year = county.parent / "2025.beancount"
    original = year.read_text(encoding="utf-8")
    year.write_text(original + '\n2025-07-02 custom "holiday" "调休"\n', encoding="utf-8")
    assert s19(county) == []
    year.write_text(original + '\n2025-05-02 custom "holiday" "调休"\n', encoding="utf-8")
    (message,) = s19(county)
    assert re.search(r"结账时 (\d+) 条，现在 (\d+) 条", message)
    then, now = map(int, re.search(r"结账时 (\d+) 条，现在 (\d+) 条", message).groups())  # type: ignore[union-attr]
    assert now == then + 1 and "2025-05" in message
    # a removed open directive (dated 2023) is found too
    year.write_text(original, encoding="utf-8")
    edit(county.parent / "accounts.beancount", "2023-01-01 open Income:Fund:Donations:QsPower CNY",
         "2025-07-01 open Income:Fund:Donations:QsPower CNY")
    messages = s19(county)
    assert len(messages) == 1 and "2023-01" in messages[0]


def test_an_import_into_a_closed_period_is_refused_and_writes_nothing(county, tmp_path):
    import openpyxl

    closed(county)
    view = load(county, use_cache=False).view
    no = sorted(n for n, h in view.households.items() if h.at(datetime.date(2025, 5, 20)).active)[0]
    name = view.household(no, datetime.date(2025, 5, 20)).fields.name  # type: ignore[union-attr]
    header = ["序号", "姓名", "档案编号", "帮扶类别", "金额", "资金来源", "发放日期", "发放方式", "审批编号", "身份证已核验", "签收单"]

    def roll(day: str) -> Path:
        book = openpyxl.Workbook()
        book.active.append(header)
        book.active.append([1, name, no, "送温暖", 100, "工会经费", day, "现金", f"SP-{day}", "是", f"QS-{day}"])
        path = tmp_path / f"roll-{day}.xlsx"
        book.save(path)
        return path

    before = files_of(county.parent)
    refused = run_bangfu("import", roll("2025-05-20"), "--ledger", county)
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert "第 2 行" in said and "发放日期" in said and f"在已结账的期间内（截至 {THROUGH}" in said, said
    assert files_of(county.parent) == before
    accepted = run_bangfu("import", roll("2026-04-10"), "--ledger", county)  # after the example's balance checks
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "S19" not in codes(county)


# ---------------------------------------------------------------- what closing refuses


def test_a_period_with_errors_is_not_closed(tmp_path):
    shutil.copytree(EXAMPLE.parent, tmp_path / "county", ignore=shutil.ignore_patterns("sheets"))
    planted = tmp_path / "county" / "planted.beancount"
    before = files_of(planted.parent)
    result = run_bangfu("close", planted, "--through", "2026-06-30", "--unreconciled", UNRECONCILED)
    assert result.returncode == 2
    errors = int(re.search(r"(\d+) 个错误", run_bangfu("check", planted).stdout).group(1))  # type: ignore[union-attr]
    assert f"有 {errors} 处错误，不能结账" in result.stderr and "[S06]" in result.stderr
    assert files_of(planted.parent) == before


def test_a_bank_account_without_a_statement_for_the_month_is_said(county):
    before = files_of(county.parent)
    result = close(county)
    assert result.returncode == 2
    assert "2025-06 的银行存款余额调节表不相符" in result.stderr and "--unreconciled" in result.stderr
    assert files_of(county.parent) == before


def test_dates_and_double_closing_are_refused(county):
    later = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert "晚于今天" in run_bangfu("close", county, "--through", later).stderr
    closed(county)
    again = run_bangfu("close", county, "--through", "2025-03-31", "--unreconciled", UNRECONCILED)
    assert again.returncode == 2 and f"截至 {THROUGH} 的期间已于" in again.stderr


def test_two_closings_at_once_write_one(county):
    args = [sys.executable, "-m", "ledger.cli", "close", str(county), "--through", THROUGH, "--unreconciled", UNRECONCILED]
    runs = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted(run.wait(timeout=300) for run in runs)
    for run in runs:
        run.communicate()
    assert results == [0, 2]
    assert len(seals(load(county, use_cache=False).entries).closings) == 1
    assert codes(county) == []


# ---------------------------------------------------------------- reopening


def test_reopening_is_recorded_with_its_reason_and_lifts_the_seal_until_closed_again(county):
    closed(county)
    assert "--reason" in run_bangfu("close", county, "--reopen", "2025-03-01").stderr
    reopened = run_bangfu("close", county, "--reopen", "2025-03-01", "--reason", "更正 3 月医疗救助金额")
    assert reopened.returncode == 0, reopened.stderr
    found = seals(load(county, use_cache=False).entries)
    assert [c.active for c in found.closings] == [False]
    assert found.reopenings[0].reason == "更正 3 月医疗救助金额"
    assert found.reopenings[0].entry.date == datetime.date.today()
    year = county.parent / "2025.beancount"
    edit(year, '"2025年医疗救助', '"2025年医疗救助（更正）', 1)
    assert s19(county) == []
    closed(county)
    assert s19(county) == []
    found = seals(load(county, use_cache=False).entries)
    assert [c.active for c in found.closings] == [False, True]
    edit(year, '（更正）', '', 1)
    assert len(s19(county)) == 1
    # nothing to reopen before the first closing's reach is said
    assert "没有覆盖" in run_bangfu("close", county, "--reopen", "2025-08-01", "--reason", "x").stderr


def test_reopening_lifts_every_closing_covering_the_date(county):
    assert run_bangfu("close", county, "--through", "2024-12-31", "--unreconciled", UNRECONCILED).returncode == 0
    closed(county)
    result = run_bangfu("close", county, "--reopen", "2025-02-01", "--reason", "补记")
    assert result.returncode == 0
    assert "截至 2024-12-31 的结账仍然有效" in result.stdout
    found = seals(load(county, use_cache=False).entries)
    assert [(str(c.through), c.active) for c in found.closings] == [("2024-12-31", True), (THROUGH, False)]


# ---------------------------------------------------------------- the canonical form


def test_the_canonical_form_ignores_formatting_and_order():
    one = """
2025-03-01 * "张伟" "医疗救助" ^A #t
  household: "QS-1"
  approval: "SP-1"
  Expenses:Aid:Central:Medical  1500.00 CNY
  Assets:Bank:ICBC:Central  -1500.00 CNY
"""
    two = """
2025-03-01 *   "张伟"   "医疗救助" #t ^A
  approval: "SP-1"
  household: "QS-1"
  Assets:Bank:ICBC:Central  -1500 CNY
  Expenses:Aid:Central:Medical  1500.0 CNY
"""
    three = one.replace("1500.00", "1500.01")
    forms = [canonical(parser.parse_string(text)[0][0]) for text in (one, two, three)]
    assert forms[0] == forms[1] != forms[2]


# ---------------------------------------------------------------- what auditors see


def test_the_audit_page_lists_closings_reopenings_and_an_altered_period(county):
    from fava.application import create_app

    from conftest import ledger_path_of

    assert run_bangfu("close", county, "--through", "2024-12-31", "--unreconciled", UNRECONCILED).returncode == 0
    closed(county)
    assert run_bangfu("close", county, "--reopen", "2025-01-01", "--reason", "补记送温暖").returncode == 0
    closed(county)
    year = county.parent / "2024.beancount"
    edit(year, '"2024年', '"2024 年', 1)  # a closed period altered by hand

    client = create_app([str(county)], read_only=True).test_client()
    page = ledger_path_of(client.get("/").headers["Location"]) + "/extension/BangfuAudit/"
    html = client.get(page + "?time=2025").get_data(as_text=True)  # any time filter: closings are always shown
    states = re.findall(r'<tr data-closing="([\d-]+)">.*?data-state="([^"]+)"', html, re.S)
    assert states == [("2024-12-31", "结账后被改动（S19）"), (THROUGH, f"已于 {datetime.date.today()} 重新开账"),
                      (THROUGH, "结账后被改动（S19）")]  # the later closing covers 2024 too
    assert re.findall(r'<tr data-reopening="([\d-]+)">.*?<td>([^<]+)</td></tr>', html, re.S) == [(THROUGH, "补记送温暖")]
    assert UNRECONCILED in html and 'data-sealed-altered="2"' in html and f'data-sealed-through="{THROUGH}"' in html
    assert 'data-code="S19"' in html
    link = re.search(r'<tr data-closing="2024-12-31"><td><a data-remote href="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    source = client.get(page + link.replace("&amp;", "&")).get_data(as_text=True)
    assert "（只读）" in source and "custom" in source and "close" in source


def test_a_month_that_reconciles_closes_without_a_reason_and_says_so(county, tmp_path):
    from test_bank_reconciliation import statement

    from ledger.bank import movements

    loaded = load(county, use_cache=False)
    account = "Assets:Bank:ICBC"
    last = movements(loaded, account)[-1].date  # the example's last month with bank movements
    first = last.replace(day=1)
    end = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    month = [m for m in movements(loaded, account) if first <= m.date <= end]
    opening = sum((m.amount for m in movements(loaded, account) if m.date < first), start=0)
    lines = [(str(m.date), str(m.amount), m.entry.payee or "", m.entry.narration) for m in month]
    sheet = statement(tmp_path / f"{first:%Y-%m}-对账单.xlsx", opening, lines)  # type: ignore[arg-type]
    done = run_bangfu("import", sheet, "--ledger", county)
    assert done.returncode == 0, done.stdout + done.stderr
    result = run_bangfu("close", county, "--through", end.isoformat())
    assert result.returncode == 0, result.stderr
    (closing,) = seals(load(county, use_cache=False).entries).closings
    assert f"{first:%Y-%m}" in closing.notes["bank-check"] and "相符" in closing.notes["bank-check"]
    assert "unreconciled" not in closing.notes
    # the month's statement lines are sealed with it: the same file again adds nothing, a line more is refused
    assert run_bangfu("import", sheet, "--ledger", county).returncode == 0
    assert codes(county) == []


@pytest.mark.parametrize("stage", ["staged", "committing", "renamed"])
def test_a_closing_killed_mid_write_is_whole_or_absent_and_can_be_retried(county, stage):
    """kill -9 while `bangfu close` writes: the next `bangfu check` rolls the
    transaction back (before the commit point) or forward (after it); the
    ledger holds no closing or exactly one, never a broken one; a retry
    closes once."""
    import os

    args = [sys.executable, "-m", "ledger.cli", "close", str(county), "--through", THROUGH, "--unreconciled", UNRECONCILED]
    killed = subprocess.run(args, cwd=ROOT, env={**os.environ, "BANGFU_FAILPOINT": stage}, capture_output=True, timeout=300)
    assert killed.returncode == -9
    checked = run_bangfu("check", county, "--no-cache")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    count = len(seals(load(county, use_cache=False).entries).closings)
    assert count == (0 if stage == "staged" else 1)
    retry = close(county, "--unreconciled", UNRECONCILED)
    assert retry.returncode == (0 if count == 0 else 2)
    assert len(seals(load(county, use_cache=False).entries).closings) == 1
    assert codes(county) == []
