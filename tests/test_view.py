"""The typed view of a loaded ledger (ledger/view.py): built once per load,
by the plugin, and used from there; and beancount's pickle cache never
serves results of other code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from fund_rules.plugin import check_entries
from ledger import load
from ledger.view import VIEW_KEY, build_view

from conftest import EXAMPLE, ROOT

OVER_CAP = """\
option "operating_currency" "CNY"
plugin "fund_rules"

2023-01-01 open Assets:Bank:ICBC:Central CNY
2023-01-01 open Income:Fund:Central CNY
2023-01-01 open Expenses:Aid:Central:Living CNY
2023-01-01 custom "bangfu-option" "year-end-funds" ""
2023-01-01 custom "locality" "城区"
2023-01-01 custom "standard" "dibao" "城区" 620 CNY
2023-01-05 * "财政" "下达"
  Assets:Bank:ICBC:Central  50000 CNY
  Income:Fund:Central
2023-02-01 custom "household" "H1" "archived"
  name: "张伟"
  id-number: "11010519491231002X"
  locality: "城区"
  level: "全国级"
  nature: "长期"
  hardship: "深度困难"
  cause: "重特大疾病"
  card: "6222021234567890128"
  notice-start: 2023-01-09
  notice-end: 2023-01-16
2023-03-01 * "张伟" "生活救助" ^P1
  household: "H1"
  approval: "SP1"
  method: "银行卡"
  Expenses:Aid:Central:Living  7440.01 CNY
  Assets:Bank:ICBC:Central
"""


def test_the_plugin_builds_the_view_and_the_load_keeps_it():
    loaded = load(EXAMPLE, use_cache=False)
    view = loaded.view
    assert view is loaded.options[VIEW_KEY]  # the very object the plugin built during the load
    assert view.stamp is not None and view.stamp.packages == ("ledger", "fund_rules")
    assert loaded.view is view  # and asked again, the same
    assert len(view.households) == 40 and len(view.payments) == 328


def test_a_ledger_without_the_plugin_gets_its_view_once(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text(OVER_CAP.replace('plugin "fund_rules"\n', ""), encoding="utf-8")
    loaded = load(path, use_cache=False)
    assert VIEW_KEY not in loaded.options and loaded.errors == []
    errors = check_entries(loaded.entries, loaded.options)  # what `bangfu check` does then
    assert [e.code for e in errors] == ["R03"] and errors[0].household == "H1" and errors[0].payment == "P1"
    assert loaded.view is loaded.options[VIEW_KEY]  # the check's view serves the rest of the command


def test_errors_carry_their_subject_as_fields():
    loaded = load(ROOT / "examples" / "county" / "planted.beancount", use_cache=False)
    by_code = {e.code: e for e in loaded.errors if hasattr(e, "code")}
    assert by_code["R10"].fund is not None and by_code["R10"].fund.value == "Provincial"
    assert by_code["R03"].household == "QS-2024-001" and by_code["R03"].payment
    assert by_code["R03"].message == f"[R03] {by_code['R03'].detail}"
    assert by_code["R13"].severity == "warning"


def test_view_counts_a_reversal_with_the_line_it_reverses():
    view = load(EXAMPLE, use_cache=False).view
    reversals = [c for lines in view.counted.values() for c in lines if c.payment.is_reversal]
    assert reversals
    for counted in reversals:
        original = view.original(counted.payment)
        assert original is not None
        same = next(o for o in original.lines if (o.fund, o.category) == (counted.line.fund, counted.line.category))
        assert counted.details is same.details and counted.amount < 0 < same.amount
        assert counted.counts_from == max(counted.payment.date, original.date)
    assert build_view(view.entries).by_link.keys() == view.by_link.keys()


def _release(target: Path, change: dict[str, tuple[str, str]] | None = None) -> Path:
    """A copy of the code whose results beancount caches, as a release
    would install it; `change` edits files in it (an upgrade)."""
    for package in ("ledger", "fund_rules"):
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    for name, (old, new) in (change or {}).items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target


LOAD_WITH_CACHE = textwrap.dedent("""
    import json, sys
    from beancount import loader
    loader.PICKLE_CACHE_THRESHOLD = 0  # cache even a small ledger
    loader.initialize(use_cache=True)
    entries, errors, options = loader.load_file(sys.argv[1])
    print(json.dumps([e.message for e in errors], ensure_ascii=False))
""")


def _bean_messages(release: Path, ledger: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "BEANCOUNT_DISABLE_LOAD_CACHE"}
    env["PYTHONPATH"] = str(release)
    done = subprocess.run([sys.executable, "-c", LOAD_WITH_CACHE, str(ledger)], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=ledger.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_upgrade_discards_beancounts_cache_of_the_old_results(tmp_path):
    ledger = tmp_path / "ledger" / "main.beancount"
    ledger.parent.mkdir()
    ledger.write_text(OVER_CAP, encoding="utf-8")
    cache = ledger.with_name(".main.beancount.picklecache")
    old = _release(tmp_path / "old")
    first = _bean_messages(old, ledger)
    assert cache.is_file() and len(first) == 1 and "超过上限" in first[0]
    written = cache.stat().st_mtime_ns
    assert _bean_messages(old, ledger) == first and cache.stat().st_mtime_ns == written  # a cache hit
    new = _release(tmp_path / "new", {"fund_rules/caps.py": ("超过上限", "超出上限")})
    upgraded = _bean_messages(new, ledger)  # same ledger files, new rules: not the cached result
    assert len(upgraded) == 1 and "超出上限" in upgraded[0]
    assert cache.stat().st_mtime_ns != written  # the old cache was replaced
