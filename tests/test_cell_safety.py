"""Nothing from the ledger becomes a live formula in a workbook bangfu
writes, and public outputs mask ID- and card-like digit runs inside free
text. A household whose name and work unit an attacker chose is paid; every
report is written for real and read back with openpyxl."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from ledger.cells import formula_like
from ledger.identity import mask_numbers

from conftest import EXAMPLE, run_bangfu

NAME = "=1+2"
UNIT = "@SUM(A1) 身份证 220183198001011232"
NOTE = "+1-1"

HOUSEHOLD = f'''
2025-03-01 custom "household" "QS-2025-990" "archived"
  name: "{NAME}"
  id-number: "220183198001011232"
  locality: "城区"
  level: "全国级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"
  work-unit: "{UNIT}"
  card: "6222021234567890128"
  notice-start: 2025-02-10
  notice-end: 2025-02-21
  note: "{NOTE}"
'''

PAYMENT = f'''
2025-06-01 * "青松县总工会" "追加工会经费（本测试的付款用，年末余额不变）"
  notice: "青工字〔2025〕99号"
  Assets:Bank:ICBC:UnionDues  500.00 CNY
  Income:Fund:UnionDues

2025-06-02 * "{NAME}" "送温暖" ^QS2025-9990
  household: "QS-2025-990"
  approval: "SP2025-9990"
  method: "银行卡"
  note: "-2"
  Expenses:Aid:UnionDues:Festival  500.00 CNY
  Assets:Bank:ICBC:UnionDues
'''


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cells") / "county"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    with (folder / "archive.beancount").open("a", encoding="utf-8") as archive:
        archive.write(HOUSEHOLD)
    with (folder / "2025.beancount").open("a", encoding="utf-8") as year:
        year.write(PAYMENT)
    checked = run_bangfu("check", folder / "main.beancount", "--no-cache")
    assert checked.returncode == 0, checked.stdout
    return folder / "main.beancount"


REPORTS = {
    "realname": ("--year", "2025"),
    "funds": ("--year", "2025"),
    "household": ("QS-2025-990", "--as-of", "2025-12-31"),
    "analysis": ("--year", "2025"),
    "publicity": ("--from", "2025-06-01", "--to", "2025-06-30"),
    "cleanup": ("--as-of", "2025-12-31"),
}


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_no_text_becomes_a_formula(ledger, tmp_path, report):
    out = tmp_path / f"{report}.xlsx"
    args = REPORTS[report]
    done = run_bangfu("report", report, ledger, *args, "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    book = openpyxl.load_workbook(out)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a live formula"
    risky = [c for c in cells if formula_like(c.value)]
    assert all(c.data_type == "s" for c in risky)
    if report in ("realname", "household"):  # the name shows there, as the text it is
        assert any(c.value == NAME for c in cells), report


def test_public_list_masks_numbers_in_free_text(ledger, tmp_path):
    out = tmp_path / "公示.xlsx"
    done = run_bangfu("report", "publicity", ledger, *REPORTS["publicity"], "-o", out)
    assert done.returncode == 0, done.stdout
    values = [str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    assert mask_numbers(UNIT) in values and not any("220183198001011232" in v for v in values)
    assert NAME in values


def test_masking_free_text():
    assert mask_numbers("卡 6222021234567890128，号 11010519491231002x，电话 13900000000") == (
        "卡 ***************0128，号 110105********002X，电话 13900000000"
    )
