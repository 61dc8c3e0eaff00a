"""Nothing from the ledger becomes a live formula in a workbook bangfu
writes, and public outputs mask ID- and card-like digit runs inside free
text. A household whose name, work unit, note and exit reason an attacker
chose is paid; every report, form, Fava download and consolidated table is
written for real and read back with openpyxl."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from fava.application import create_app
from openpyxl.cell.cell import ERROR_CODES

from ledger.cells import formula_like
from ledger.identity import mask_numbers
from reports.workbook import append_styled, new_workbook, save, styled, write_table

from conftest import EXAMPLE, ledger_path_of, run_bangfu

NAME = '=HYPERLINK("http://x","y")'
UNIT = "@SUM(A1) 身份证 220183198001011232"
NOTE = "+1+1"  # the household's note
PAID_NOTE = "-2"  # the payment's note
REASON = "@SUM(A1)"  # why the household exited
ID = "220183198001011232"
CARD = "6222021234567890128"
ARCHIVE = "QS-2025-990"


def quoted(text: str) -> str:
    """`text` as a beancount string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def attacked(name: str, exited: bool) -> tuple[str, str]:
    """The household's archive text and its payment (and a top-up of the fund)."""
    archive = f'''
2025-03-01 custom "household" "{ARCHIVE}" "archived"
  name: {quoted(name)}
  id-number: "{ID}"
  locality: "城区"
  level: "全国级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"
  work-unit: {quoted(UNIT)}
  card: "{CARD}"
  notice-start: 2025-02-10
  notice-end: 2025-02-21
  note: {quoted(NOTE)}
'''
    if exited:
        archive += f'''
2025-11-03 custom "household" "{ARCHIVE}" "exited"
  reason: {quoted(REASON)}
'''
    return archive, f'''
2025-06-01 * "青松县总工会" "追加工会经费（本测试的付款用，年末余额不变）"
  notice: "青工字〔2025〕99号"
  Assets:Bank:ICBC:UnionDues  500.00 CNY
  Income:Fund:UnionDues

2025-06-02 * {quoted(name)} "送温暖" ^QS2025-9990
  household: "{ARCHIVE}"
  approval: "SP2025-9990"
  method: "银行卡"
  note: {quoted(PAID_NOTE)}
  Expenses:Aid:UnionDues:Festival  500.00 CNY
  Assets:Bank:ICBC:UnionDues
'''


def unit_ledger(folder: Path, name: str, unit: str, code: str, exited: bool = True) -> Path:
    """The example ledger plus the attacked household, as unit `unit` (`code`)."""
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    archive, payments = attacked(name, exited)
    with (folder / "archive.beancount").open("a", encoding="utf-8") as handle:
        handle.write(archive)
    with (folder / "2025.beancount").open("a", encoding="utf-8") as handle:
        handle.write(payments)
    settings = folder / "settings.beancount"
    text = settings.read_text(encoding="utf-8").replace('"unit" "青松县总工会"', f'"unit" "{unit}"')
    settings.write_text(text + f'\n2023-01-01 custom "bangfu-option" "unit-code" "{code}"\n', encoding="utf-8")
    return folder / "main.beancount"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    path = unit_ledger(tmp_path_factory.mktemp("cells") / "county", NAME, "青松县总工会", "220183")
    checked = run_bangfu("check", path, "--no-cache")
    assert checked.returncode == 0, checked.stdout
    return path


def cells_of(source) -> list:
    book = openpyxl.load_workbook(source)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def texts_of(source) -> set[str]:
    """The workbook's text, after checking that no cell is a live formula and
    that every text starting like a formula or an error code is stored as
    text with Excel's quote prefix (bangfu writes no formulas of its own)."""
    cells = cells_of(source)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a live formula"
    special = [c for c in cells if formula_like(c.value) or c.value in ERROR_CODES]
    assert [(c.coordinate, c.data_type, c.quotePrefix) for c in special if c.data_type != "s" or not c.quotePrefix] == []
    return {c.value for c in cells if isinstance(c.value, str)}


# Each output with the attacker's texts it shows (exactly as written).
REPORTS = {
    "realname": (("--year", "2025"), {NAME, PAID_NOTE}),
    "funds": (("--year", "2025"), set()),
    "household": ((ARCHIVE, "--as-of", "2025-12-31"), {NAME, UNIT, NOTE, PAID_NOTE, REASON}),
    "analysis": (("--year", "2025"), set()),
    "publicity": (("--from", "2025-06-01", "--to", "2025-06-30"), {NAME}),
    "cleanup": (("--as-of", "2025-12-31"), set()),
}
FORMS = {"archive": {NAME, UNIT}, "application": {NAME, UNIT}, "approval": {NAME, UNIT}, "card": {NAME, UNIT}}


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_no_text_becomes_a_formula(ledger, tmp_path, report):
    out = tmp_path / f"{report}.xlsx"
    args, shown = REPORTS[report]
    done = run_bangfu("report", report, ledger, *args, "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert shown <= texts_of(out)


def test_negative_amounts_stay_numbers(ledger, tmp_path):
    """Only text is kept text: the example's reversals (2023) are negative numbers."""
    out = tmp_path / "realname.xlsx"
    assert run_bangfu("report", "realname", ledger, "--year", "2023", "-o", out).returncode == 0
    negative = [c for c in cells_of(out) if isinstance(c.value, int | float) and c.value < 0]
    assert negative and all(c.data_type == "n" and not c.quotePrefix for c in negative)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_forms_keep_text(ledger, tmp_path, form):
    out = tmp_path / f"{form}.xlsx"
    done = run_bangfu("form", form, ledger, ARCHIVE, "--as-of", "2025-12-31", "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert FORMS[form] <= texts_of(out)


def test_fava_downloads_keep_text(ledger):
    client = create_app([str(ledger.resolve())], read_only=True).test_client()
    page = ledger_path_of(client.get("/").headers["Location"]) + "/extension/BangfuAudit/"
    for query, shown in (("realname?year=2025", {NAME, PAID_NOTE}), ("publicity?time=2025", {NAME}),
                         (f"form?kind=archive&no={ARCHIVE}", {NAME, UNIT})):
        response = client.get(page + query)
        assert response.status_code == 200, query
        texts = texts_of(io.BytesIO(response.data))
        assert shown <= texts, query
        if query.startswith("publicity"):
            assert mask_numbers(UNIT) in texts and not any(ID in t for t in texts)


def test_public_list_masks_numbers_in_free_text(ledger, tmp_path):
    out = tmp_path / "公示.xlsx"
    done = run_bangfu("report", "publicity", ledger, *REPORTS["publicity"][0], "-o", out)
    assert done.returncode == 0, done.stdout
    texts = texts_of(out)
    assert mask_numbers(UNIT) == "@SUM(A1) 身份证 220183********1232" and mask_numbers(UNIT) in texts
    assert NAME in texts and not any(ID in t or CARD in t for t in texts)


def test_consolidated_tables_keep_text_and_mask_the_findings(tmp_path):
    """Two units keep the same person in their archives (unit B under a name
    holding a card number): every consolidated table keeps the names as
    text, and the cross-unit findings mask the number inside the name."""
    other = NAME + " " + CARD
    a = unit_ledger(tmp_path / "a", NAME, "青松县总工会", "220183", exited=False)
    b = unit_ledger(tmp_path / "b", other, "乙县总工会", "220100", exited=False)  # B's code first: its name leads
    exports = []
    for path in (a, b):
        exports.append(tmp_path / f"export-{path.parent.name}")
        done = run_bangfu("export", path, "-o", exports[-1])
        assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "city"
    done = run_bangfu("consolidate", *exports, "-o", out, "--year", "2025", "--filer", "某市总工会", "--detail")
    assert done.returncode == 0, done.stdout + done.stderr
    written = sorted(out.glob("*.xlsx"))
    assert len(written) == 4
    texts = {path.name: texts_of(path) for path in written}
    assert {NAME, other, PAID_NOTE} <= texts["实名制明细-2025.xlsx"]  # internal: names as written, as text
    findings = texts["跨单位核查.xlsx"]
    assert mask_numbers(other) in findings and not any(CARD in t or ID in t for t in findings)


def test_both_writers_keep_text_and_numbers(tmp_path):
    """The table writer (swept when saved) and the streamed writer (cells
    reused row after row) store the same: formula-like and error-code text as
    text with a quote prefix, numbers (negative ones too) and dates as they
    are, and a reused cell's next plain text without the prefix."""
    values = [NAME, NOTE, PAID_NOTE, REASON, "#N/A", "张三", -2, -1.5, datetime.date(2025, 1, 2)]
    table = new_workbook("t", datetime.date(2025, 1, 1))
    write_table(table.active, "标题", "说明", [f"列{n}" for n in range(len(values))], [values], [10] * len(values))
    save(table, tmp_path / "table.xlsx")
    streamed = new_workbook("t", datetime.date(2025, 1, 1), write_only=True)
    sheet = streamed.create_sheet("s")
    cells = [styled(sheet) for _ in values]
    append_styled(sheet, cells, values)
    append_styled(sheet, cells, ["平常"] * len(values))
    save(streamed, tmp_path / "streamed.xlsx")
    for name, row in (("table.xlsx", 4), ("streamed.xlsx", 1)):
        read = openpyxl.load_workbook(tmp_path / name).worksheets[0]
        got = [(c.value, c.data_type, c.quotePrefix) for c in read[row]]
        assert got[:5] == [(v, "s", True) for v in values[:5]], name
        assert got[5:8] == [("张三", "s", False), (-2, "n", False), (-1.5, "n", False)], name
        assert got[8][0] == datetime.datetime(2025, 1, 2) and not got[8][2], name
    plain = openpyxl.load_workbook(tmp_path / "streamed.xlsx").worksheets[0][2]
    assert [(c.value, c.data_type, c.quotePrefix) for c in plain] == [("平常", "s", False)] * len(values)


def test_masking_free_text():
    assert mask_numbers("卡 6222021234567890128，号 11010519491231002x，电话 13900000000") == (
        "卡 ***************0128，号 110105********002X，电话 13900000000"
    )
