"""Upward consolidation end to end: three generated county ledgers (one with
a household also archived and aided by another county) are exported with
`bangfu export`, consolidated with `bangfu consolidate`, and the workbooks
read back and checked against each unit's own ledger and reports. Then a
tampered file, an edited manifest and bad input are caught."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest

from fund_rules.caps import living_cap
from ledger import load
from ledger.cli import main
from ledger.money import to_fen
from ledger.vocab import BUILTIN_CATEGORIES, Fund, State
from reports.frames import movements_table, payments_table
from reports.tables import funds

from conftest import ROOT, run_bangfu

YEAR = 2025
UNITS = [("XA", 1, "甲县总工会", "220183"), ("XB", 2, "乙县总工会", "220184"), ("XC", 3, "丙县总工会", "220185")]
PLANTED = "XB-2021-900001"


def _generate(out: Path, seed: int, prefix: str, unit: str, code: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    generate(out, 600, seed, prefix, batch=False, unit=unit, unit_code=code)


def _block(text: str, head: str) -> str:
    """The directive block starting with `head` (blocks are separated by a blank line)."""
    return next(b for b in text.split("\n\n") if head in b.splitlines()[0])


def _plant(a_dir: Path, b_dir: Path) -> dict:
    """Copy a deeply-in-hardship household of unit A (worker and members)
    into unit B under a new archive number, and pay it living aid in B in
    YEAR: within the cap in B alone, over it together with A's aid."""
    a = load(a_dir / "main.beancount")
    table = payments_table(a)
    living = table[(table["year"] == YEAR) & (table["category"] == "Living")].groupby("household")["fen"].sum()
    active = [no for no in living.index if a.view.household(no, datetime.date(YEAR, 12, 31)).state is State.ACTIVE]
    source = max(active, key=lambda no: living[no])
    snap = a.view.household(source, datetime.date(YEAR, 12, 31))
    cap = to_fen(living_cap(a.view, source, YEAR).amount)
    paid_in_b = cap - int(living[source]) + 50_000  # 500 yuan over the cap together
    assert 0 < paid_in_b <= cap
    text = (a_dir / "archive.beancount").read_text(encoding="utf-8")
    blocks = [_block(text, f'custom "household" "{source}" "archived"')]
    blocks += [_block(text, f'custom "member" "{source}" "{m.id_number}"') for m in snap.members]
    planted = "\n\n".join(blocks).replace(source, PLANTED)
    amount = f"{Decimal(paid_in_b) / 100:.2f}"
    payment = f"""
{YEAR}-01-03 * "社会捐助" "追加捐款"
  Assets:Bank:ICBC:Donations  {amount} CNY
  Income:Fund:Donations

{YEAR}-06-16 * "{snap.fields.name}" "{YEAR}年生活救助" ^XB{YEAR}-900001
  household: "{PLANTED}"
  approval: "SPXB{YEAR}-900001"
  method: "银行卡"
  card: "{snap.fields.card}"
  Expenses:Aid:Donations:Living  {amount} CNY
  Assets:Bank:ICBC:Donations
"""
    with open(b_dir / "archive.beancount", "a", encoding="utf-8") as handle:
        handle.write("\n" + planted + "\n")
    with open(b_dir / f"{YEAR}.beancount", "a", encoding="utf-8") as handle:
        handle.write(payment)
    return {"ids": {snap.fields.id_number, *(m.id_number for m in snap.members)}, "worker": snap.fields.id_number,
            "total": int(living[source]) + paid_in_b, "cap": cap, "source": source}


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    """Three generated units, B with the planted household, each exported."""
    base = tmp_path_factory.mktemp("units")
    ledgers, exports = [], []
    for prefix, seed, unit, code in UNITS:
        _generate(base / prefix, seed, prefix, unit, code)
        ledgers.append(base / prefix / "main.beancount")
    planted = _plant(base / "XA", base / "XB")
    for ledger in ledgers:
        out = ledger.parent.parent / f"export-{ledger.parent.name}"
        done = run_bangfu("export", ledger, "-o", out)
        assert done.returncode == 0, done.stdout + done.stderr
        exports.append(out)
    loaded = [load(path) for path in ledgers]
    assert all(not one.errors for one in loaded), [str(e) for one in loaded for e in one.errors][:3]
    return {"base": base, "ledgers": ledgers, "exports": exports, "loaded": loaded, "planted": planted}


@pytest.fixture(scope="module")
def consolidated(units):
    out = units["base"] / "city"
    done = run_bangfu("consolidate", *units["exports"], "-o", out, "--year", YEAR, "--filer", "某市总工会", "--detail")
    return done, out


def bangfu(capsys, *args) -> SimpleNamespace:
    """`bangfu ARGS` in this process (the same entry point as the command
    line, without a child's start-up time)."""
    capsys.readouterr()
    status = main(list(map(str, args)))
    out, err = capsys.readouterr()
    return SimpleNamespace(returncode=status, stdout=out, stderr=err)


def _rows(path: Path, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(min_row=4, values_only=True))


def test_export_manifest_matches_the_ledger(units):
    for ledger, export, loaded in zip(units["ledgers"], units["exports"], units["loaded"], strict=True):
        manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
        table = payments_table(loaded)
        assert manifest["unit"] == loaded.view.options.unit
        assert manifest["unit_code"] == loaded.view.options.unit_code
        assert manifest["totals"]["fen"] == int(table["fen"].sum())
        assert manifest["totals"]["lines"] == len(table)
        for fund in Fund:
            assert manifest["totals"]["by_fund"][fund.value] == int(table[table["fund"] == fund.value]["fen"].sum())
        for category in BUILTIN_CATEGORIES:
            want = int(table[table["category"] == category.value]["fen"].sum())
            assert manifest["totals"]["by_category"][category.value] == want
        payments = pq.read_table(export / "payments.parquet")
        assert payments.num_rows == manifest["files"]["payments.parquet"]["rows"] == len(table)
        assert set(payments.column("id_number").to_pylist()) - {""} <= {
            h.fields.id_number for h in (r.at(datetime.date(2100, 1, 1)) for r in loaded.view.households.values())}
        files = manifest["ledger"]["files"]
        assert {f["path"] for f in files} >= {"main.beancount", "archive.beancount", f"{YEAR}.beancount"}
        import hashlib

        whole = b"".join((ledger.parent / f["path"]).read_bytes() for f in files)
        assert manifest["ledger"]["sha256"] == hashlib.sha256(whole).hexdigest()


def test_export_is_reproducible(units, tmp_path, capsys):
    again = tmp_path / "again"
    assert bangfu(capsys, "export", units["ledgers"][0], "-o", again).returncode == 0
    first = (units["exports"][0] / "manifest.json").read_bytes()
    assert (again / "manifest.json").read_bytes() == first


def test_consolidated_totals_equal_the_units(units, consolidated):
    done, out = consolidated
    assert done.returncode == 0, done.stdout + done.stderr
    tables = [payments_table(one) for one in units["loaded"]]
    names = [u[2] for u in UNITS]
    book = out / f"实名制汇总表-{YEAR}.xlsx"
    for fund in Fund:
        rows = _rows(book, fund.label)
        subtotals = {r[1][:-2]: r[7] for r in rows if isinstance(r[1], str) and r[1].endswith("小计")}
        expected = {name: t[(t["year"] == YEAR) & (t["fund"] == fund.value)]["fen"].sum() for name, t in zip(names, tables, strict=True)}
        for name, fen in expected.items():
            assert to_fen(Decimal(str(subtotals.get(name, 0)))) == fen
        total = next(r for r in rows if r[1] == "合计")
        assert to_fen(Decimal(str(total[7]))) == sum(expected.values())
        detail = _rows(out / f"实名制明细-{YEAR}.xlsx", fund.label)
        assert sum(isinstance(r[0], int) for r in detail) == sum(
            len(t[(t["year"] == YEAR) & (t["fund"] == fund.value)]) for t in tables)
        assert next(r for r in detail if r[0] == "合计")[9] == pytest.approx(total[7])


def test_fund_statement_rows_equal_each_units_report(units, consolidated):
    _done, out = consolidated
    rows = _rows(out / f"资金使用台账-{YEAR}.xlsx", "年度")
    wanted_total = None
    for (_p, _s, name, _c), loaded in zip(UNITS, units["loaded"], strict=True):
        own = funds.year_rows(loaded, payments_table(loaded), movements_table(loaded), YEAR)
        mine = [r[1:] for r in rows if r[0] == name]
        assert [r[0] for r in mine] == [*(f.label for f in Fund), "小计"]
        for got, want in zip(mine, own, strict=True):
            assert got[1:] == pytest.approx(want[1:])
        wanted_total = [a + b for a, b in zip(wanted_total, own[-1][1:], strict=True)] if wanted_total else list(own[-1][1:])
    grand = next(r for r in rows if r[:2] == ("全部单位", "合计"))
    assert list(grand[2:]) == pytest.approx(wanted_total)


def test_cross_unit_duplicates_and_caps_are_found(units, consolidated):
    done, out = consolidated
    planted = units["planted"]
    findings = _rows(out / "跨单位核查.xlsx", "跨单位核查")
    duplicates = [r for r in findings if r[1] == "重复建档"]
    assert len(duplicates) == len(planted["ids"])
    masked = {f"{i[:6]}{'*' * 8}{i[-4:]}" for i in planted["ids"]}
    assert {r[4] for r in duplicates} == masked
    for row in duplicates:
        assert "甲县总工会（220183）档案 " + planted["source"] in row[5] and PLANTED in row[5]
    over = [r for r in findings if r[1] == "生活救助超上限"]
    assert len(over) == 1 and over[0][2] == YEAR
    worker = planted["worker"]
    assert over[0][4] == f"{worker[:6]}********{worker[-4:]}"
    assert f"= {planted['total'] / 100:,.2f} 元" in over[0][6] and f"上限 {planted['cap'] / 100:,.2f} 元" in over[0][6]
    # The console lists the same findings and never a whole ID number.
    assert "重复建档" in done.stdout and "生活救助超上限" in done.stdout
    assert not any(i in done.stdout for i in planted["ids"])


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_tampered_parquet_is_caught_and_left_out(units, tmp_path, capsys):
    a, b, c = units["exports"]
    forged = _copy(c, tmp_path / "forged")
    table = pq.read_table(forged / "payments.parquet")
    fen = table.column("fen").to_pylist()
    fen[0] += 100_000  # one payment raised by 1,000 yuan
    pq.write_table(table.set_column(table.schema.get_field_index("fen"), "fen", [fen]), forged / "payments.parquet")
    out = tmp_path / "out"
    done = bangfu(capsys, "consolidate", a, b, forged, "-o", out, "--year", YEAR)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "丙县总工会" in done.stdout and "payments.parquet 的 SHA-256 与清单不符" in done.stdout
    assert "清单" in done.stdout and "1 个与清单不符" in done.stdout
    status = {r[2]: (r[6], r[7]) for r in _rows(out / "跨单位核查.xlsx", "核验")}
    assert status["220185"][0] == "不符" and "付款合计" in status["220185"][1]
    assert status["220183"][0] == status["220184"][0] == "通过"
    # The consolidated tables hold the two verified units only.
    tables = [payments_table(one) for one in units["loaded"][:2]]
    rows = _rows(out / f"资金使用台账-{YEAR}.xlsx", "年度")
    assert {r[0] for r in rows if r[1] is not None} == {"甲县总工会", "乙县总工会", "全部单位"}  # not the sign-off line
    grand = next(r for r in rows if r[:2] == ("全部单位", "合计"))
    assert to_fen(Decimal(str(grand[10]))) == sum(int(t[t["year"] == YEAR]["fen"].sum()) for t in tables)


def test_edited_manifest_totals_are_caught(units, tmp_path, capsys):
    a, _b, c = units["exports"]
    edited = _copy(c, tmp_path / "edited")
    manifest = json.loads((edited / "manifest.json").read_text(encoding="utf-8"))
    manifest["totals"]["by_fund"]["Central"] -= 50_000
    (edited / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    done = bangfu(capsys, "consolidate", a, edited, "-o", tmp_path / "out")
    assert done.returncode == 1
    assert re.search(r"资金 Central 的付款合计：清单 [\d,.]+ 元，文件 [\d,.]+ 元", done.stdout), done.stdout


def test_missing_file_is_caught(units, tmp_path, capsys):
    partial = _copy(units["exports"][2], tmp_path / "partial")
    (partial / "members.parquet").unlink()
    done = bangfu(capsys, "consolidate", partial, "-o", tmp_path / "out")
    assert done.returncode == 1 and "缺少文件 members.parquet" in done.stdout


def test_bad_input_writes_nothing(units, tmp_path, capsys):
    out = tmp_path / "out"
    empty = tmp_path / "empty"
    empty.mkdir()
    done = bangfu(capsys, "consolidate", units["exports"][0], empty, "-o", out)
    assert done.returncode == 2 and "manifest.json" in done.stderr and str(empty) in done.stderr
    twice = _copy(units["exports"][0], tmp_path / "twice")
    done = bangfu(capsys, "consolidate", units["exports"][0], twice, "-o", out)
    assert done.returncode == 2 and "单位代码都是 220183" in done.stderr
    assert not out.exists()


def test_export_refuses_a_ledger_with_errors_or_without_unit_code(tmp_path, capsys):
    ledger = tmp_path / "main.beancount"
    header = 'option "operating_currency" "CNY"\nplugin "fund_rules"\n2023-01-01 custom "bangfu-option" "unit" "某县总工会"\n'
    ledger.write_text(header, encoding="utf-8")
    done = bangfu(capsys, "export", ledger, "-o", tmp_path / "out")
    assert done.returncode == 1 and "unit-code" in done.stderr
    unit_code = '2023-01-01 custom "bangfu-option" "unit-code" "220183"\n'
    changed_unknown = '2023-03-01 custom "household" "H9" "changed"\n  phone: "13900000000"\n'
    ledger.write_text(header + unit_code + changed_unknown, encoding="utf-8")
    done = bangfu(capsys, "export", ledger, "-o", tmp_path / "out")
    assert done.returncode == 1 and "bangfu check" in done.stderr
    assert not (tmp_path / "out").exists()


def test_export_layout_is_readable_by_duckdb(units):
    """The documented layout: one unit_code column in every file, full ID
    numbers (the 备案 copy is internal), integer fen."""
    con = duckdb.connect()
    files = [str(e / "households.parquet") for e in units["exports"]]
    codes = con.execute("SELECT DISTINCT unit_code FROM read_parquet(?) ORDER BY 1", [files]).fetchall()
    assert [c[0] for c in codes] == [u[3] for u in UNITS]
    ids = con.execute("SELECT id_number FROM read_parquet(?)", [files]).fetchall()
    assert all(re.fullmatch(r"\d{17}[\dX]", i[0]) for i in ids)
