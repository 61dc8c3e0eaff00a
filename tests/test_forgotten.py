"""Nothing forgotten: a ledger file in the ledger's folder that the ledger
does not include is a warning (S17); `bangfu init` creates and includes the
year's file. Each rule test's docstring is its ledger (written as
main.beancount beside the files the test puts there)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import textwrap

from beancount import loader

from conftest import ROOT, run_bangfu

PAYMENT_FILE = '2026-01-05 * "财政" "下达"\n  Assets:Bank:ICBC:Local  100 CNY\n  Income:Fund:Local\n'


def test_a_file_left_out_is_warned(doc, tmp_path):
    """
    ; The folder also holds 2026.beancount, which nobody included.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    include "accounts.beancount"
    """
    (tmp_path / "accounts.beancount").write_text("2026-01-01 open Assets:Bank:ICBC:Local CNY\n"
                                                 "2026-01-01 open Income:Fund:Local CNY\n", encoding="utf-8")
    (tmp_path / "2026.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    result = doc()
    assert result.codes == ["S17"]
    (message,) = result.messages("S17")
    assert message == ('账本目录中的 2026.beancount 没有被账本包含，其中的付款、档案不会被检查和统计：'
                       '请在 main.beancount 中加一行 include "2026.beancount"，或把它移出账本目录')
    (error,) = result.loaded.errors
    main = tmp_path / "main.beancount"
    include_line = main.read_text(encoding="utf-8").splitlines().index('include "accounts.beancount"') + 1
    assert error.source == {"filename": str(main), "lineno": include_line}  # where the fix goes
    assert result.loaded.view.payments == []  # indeed not counted


def test_a_file_in_a_subfolder_is_warned_by_its_path(doc, tmp_path):
    """
    option "operating_currency" "CNY"
    plugin "fund_rules"
    """
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "批次 2026-01.beancount").write_text("", encoding="utf-8")
    result = doc()
    assert result.codes == ["S17"]
    assert 'include "imports/批次 2026-01.beancount"' in result.messages("S17")[0]


def test_an_included_file_is_not_warned(doc, tmp_path):
    """
    ; 2026.beancount (and everything under sub/, by a glob) is included.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    include "2026.beancount"
    include "sub/*.beancount"
    2026-01-01 open Assets:Bank:ICBC:Local CNY
    2026-01-01 open Income:Fund:Local CNY
    """
    (tmp_path / "2026.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.beancount").write_text("", encoding="utf-8")
    (tmp_path / "sub" / "b.beancount").write_text("", encoding="utf-8")
    assert doc().codes == []


def test_another_ledger_built_on_this_one_is_not_warned(doc, tmp_path):
    """
    ; check.beancount is another entry point: it includes main.beancount and
    ; sub/extra.beancount, which belongs to it. planted.beancount includes
    ; this ledger's 2026.beancount (as the example's planted.beancount does)
    ; through a file of its own. sub/stray.beancount is nobody's.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    include "2026.beancount"
    2026-01-01 open Assets:Bank:ICBC:Local CNY
    2026-01-01 open Income:Fund:Local CNY
    """
    (tmp_path / "2026.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / "check.beancount").write_text('include "main.beancount"\ninclude "sub/extra.beancount"\n',
                                              encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "extra.beancount").write_text("", encoding="utf-8")
    (tmp_path / "planted.beancount").write_text('include "planted-parts.beancount"\n', encoding="utf-8")
    (tmp_path / "planted-parts.beancount").write_text('  include "2026.beancount"\n', encoding="utf-8")
    assert doc().codes == []
    (tmp_path / "sub" / "stray.beancount").write_text("", encoding="utf-8")
    result = doc()
    assert result.codes == ["S17"] and "sub/stray.beancount" in result.messages("S17")[0]


def test_hidden_and_temporary_files_are_not_warned(doc, tmp_path):
    """
    ; A hidden file, a file in a hidden folder, and bangfu's own temporary
    ; files (a staged write and the journal of a transaction).
    option "operating_currency" "CNY"
    plugin "fund_rules"
    """
    (tmp_path / ".draft.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "old.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / ".2026.beancount.bangfu-tx.tmp").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / ".main.beancount.journal").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("include", encoding="utf-8")
    assert doc().codes == []


def test_can_be_switched_off_and_is_skipped_for_a_ledger_from_a_string(doc, tmp_path):
    """
    option "operating_currency" "CNY"
    plugin "fund_rules" "{'disable': ['S17']}"
    """
    (tmp_path / "2026.beancount").write_text("", encoding="utf-8")
    assert doc().codes == []
    _entries, errors, _options = loader.load_string('plugin "fund_rules"\n')
    assert errors == []  # no folder to look in


LOAD_WITH_CACHE = textwrap.dedent("""
    import json, sys
    from beancount import loader
    loader.PICKLE_CACHE_THRESHOLD = 0  # cache even a small ledger
    loader.initialize(use_cache=True)
    entries, errors, options = loader.load_file(sys.argv[1])
    print(json.dumps([e.message for e in errors], ensure_ascii=False))
""")


def _cached_messages(ledger):
    """A load in a real process through beancount's pickle cache."""
    env = {k: v for k, v in os.environ.items() if k != "BEANCOUNT_DISABLE_LOAD_CACHE"}
    done = subprocess.run([sys.executable, "-c", LOAD_WITH_CACHE, str(ledger)], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr  # beancount logs that it discards its cache
    return json.loads(done.stdout)


def test_beancounts_cache_follows_the_folder(tmp_path):
    """beancount's cache only notices changes to included files: a file
    added to or removed from the folder still changes what is reported."""
    ledger = tmp_path / "main.beancount"
    ledger.write_text('option "operating_currency" "CNY"\nplugin "fund_rules"\n', encoding="utf-8")
    cache = tmp_path / ".main.beancount.picklecache"
    assert _cached_messages(ledger) == [] and cache.is_file()
    written = cache.stat().st_mtime_ns
    assert _cached_messages(ledger) == [] and cache.stat().st_mtime_ns == written  # a cache hit
    stray = tmp_path / "2026.beancount"
    stray.write_text("", encoding="utf-8")
    (message,) = _cached_messages(ledger)  # no included file changed, yet not the cached result
    assert message.startswith("[S17]") and "2026.beancount" in message
    assert len(_cached_messages(ledger)) == 1
    stray.unlink()
    assert _cached_messages(ledger) == []


def test_check_names_the_forgotten_file_and_init_includes_the_year(tmp_path):
    ledger = tmp_path / "新账本"
    year = datetime.date.today().year
    done = run_bangfu("init", ledger, "--unit", "某县总工会", "--start", f"{year}-01-01", "--locality", "城区=680")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"在 {year}.beancount 中记付款" in done.stdout
    assert f'include "{year}.beancount"' in (ledger / "main.beancount").read_text(encoding="utf-8")
    assert (ledger / f"{year}.beancount").read_text(encoding="utf-8").startswith(f"; {year} 年的资金下达与帮扶付款")
    checked = run_bangfu("check", ledger / "main.beancount", "--no-cache")
    assert checked.returncode == 0 and "0 个错误，0 个警告" in checked.stdout, checked.stdout
    (ledger / "2099.beancount").write_text("", encoding="utf-8")
    checked = run_bangfu("check", ledger / "main.beancount", "--no-cache")
    assert checked.returncode == 0, checked.stdout  # a warning: the exit code stays 0
    assert "[S17]" in checked.stdout and 'include "2099.beancount"' in checked.stdout and "1 个警告" in checked.stdout
    bean = subprocess.run([sys.executable, "-m", "beancount.scripts.check", str(ledger / "main.beancount")],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=ROOT)
    assert "[S17]" in bean.stdout + bean.stderr and "2099.beancount" in bean.stdout + bean.stderr


def test_fava_shows_the_warning_and_links_to_where_the_fix_goes(tmp_path):
    """On Fava's Errors page and the audit page, whose link opens the main
    file at its include lines (a file the ledger does not include could not
    be opened there)."""
    import re

    from fava.application import create_app

    from conftest import ledger_path_of

    ledger = tmp_path / "账本"
    assert run_bangfu("init", ledger, "--unit", "某县总工会").returncode == 0
    (ledger / "2099.beancount").write_text("", encoding="utf-8")
    client = create_app([str(ledger / "main.beancount")], read_only=True).test_client()
    base = ledger_path_of(client.get("/").headers["Location"])
    errors = client.get(base + "/api/errors").get_data(as_text=True)
    assert "[S17]" in errors and "2099.beancount" in errors
    page = base + "/extension/BangfuAudit/"
    (href,) = re.findall(r'<li><a data-remote href="(source\?[^"]+)">main\.beancount:\d+</a>',
                         client.get(page).get_data(as_text=True))
    source = client.get(page + href.replace("&amp;", "&"))
    lines = (ledger / "main.beancount").read_text(encoding="utf-8").splitlines()
    last = max(number for number, line in enumerate(lines, 1) if line.startswith("include"))
    assert source.status_code == 200 and f"class=hit><td>{last}</td><td><pre>include &quot;" in \
        source.get_data(as_text=True)
