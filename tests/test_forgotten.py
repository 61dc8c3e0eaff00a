"""Nothing forgotten: a ledger file in the ledger's folder that the ledger
does not include is a warning (S17); `bangfu init` creates and includes the
year's file. Each rule test's docstring is its ledger (written as
main.beancount beside the files the test puts there)."""

from __future__ import annotations

import datetime

from conftest import run_bangfu

PAYMENT_FILE = '2026-01-05 * "财政" "下达"\n  Assets:Bank:ICBC:Local  100 CNY\n  Income:Fund:Local\n'


def test_a_file_left_out_is_warned(doc, tmp_path):
    """
    ; The folder also holds 2026.beancount, which nobody included.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2026-01-01 open Assets:Bank:ICBC:Local CNY
    2026-01-01 open Income:Fund:Local CNY
    """
    (tmp_path / "2026.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    result = doc()
    assert result.codes == ["S17"]
    (message,) = result.messages("S17")
    assert "2026.beancount" in message and 'include "2026.beancount"' in message


def test_included_hidden_and_other_entry_files_are_not_warned(doc, tmp_path):
    """
    ; 2026.beancount is included; .draft.beancount is hidden; check.beancount
    ; is another ledger built on this one (it includes main.beancount) and
    ; extra.beancount belongs to it.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    include "2026.beancount"
    2026-01-01 open Assets:Bank:ICBC:Local CNY
    2026-01-01 open Income:Fund:Local CNY
    """
    (tmp_path / "2026.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / ".draft.beancount").write_text(PAYMENT_FILE, encoding="utf-8")
    (tmp_path / "check.beancount").write_text('include "main.beancount"\ninclude "sub/extra.beancount"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "extra.beancount").write_text("", encoding="utf-8")
    assert doc().codes == []
    (tmp_path / "sub" / "stray.beancount").write_text("", encoding="utf-8")
    result = doc()
    assert result.codes == ["S17"] and "sub/stray.beancount" in result.messages("S17")[0]


def test_check_names_the_forgotten_file_and_init_includes_the_year(tmp_path):
    ledger = tmp_path / "新账本"
    done = run_bangfu("init", ledger, "--unit", "某县总工会", "--start", f"{datetime.date.today().year}-01-01",
                      "--locality", "城区=680")
    assert done.returncode == 0, done.stdout + done.stderr
    year = f"{datetime.date.today().year}.beancount"
    assert f'include "{year}"' in (ledger / "main.beancount").read_text(encoding="utf-8")
    checked = run_bangfu("check", ledger / "main.beancount", "--no-cache")
    assert checked.returncode == 0 and "0 个警告" in checked.stdout, checked.stdout
    (ledger / "2099.beancount").write_text("", encoding="utf-8")
    checked = run_bangfu("check", ledger / "main.beancount", "--no-cache")
    assert "[S17]" in checked.stdout and "2099.beancount" in checked.stdout and "1 个警告" in checked.stdout
