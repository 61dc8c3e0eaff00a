"""Reports read back from the written workbooks and checked against an
independent BQL query of the same ledger."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest
from beanquery import query

from conftest import EXAMPLE, run_bangfu
from ledger import load
from ledger.vocab import Category, Fund
from reports.numerals import capital


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE)


def bql_totals(loaded, year: int) -> dict[tuple[str, str], Decimal]:
    """(fund, category) -> sum of Expenses:Aid postings in `year`, by beanquery."""
    _columns, rows = query.run_query(
        loaded.entries,
        loaded.options,
        "SELECT root(account, 3) AS fund, leaf(account) AS cat, sum(number) AS total "
        f"WHERE account ~ '^Expenses:Aid:' AND year = {year} GROUP BY fund, cat",
    )
    return {(fund.split(":")[2], cat): total for fund, cat, total in rows}


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.05", "伍分"),
        ("10000.00", "壹万元整"),
        ("100200.30", "壹拾万零贰佰元叁角"),
        ("12300.00", "壹万贰仟叁佰元整"),
        ("1.05", "壹元零伍分"),
        ("1010.00", "壹仟零壹拾元整"),
        ("20000.07", "贰万元零柒分"),
        ("101010101.01", "壹亿零壹佰零壹万零壹佰零壹元零壹分"),
        ("0", "零元整"),
    ],
)
def test_capital_numerals(amount, words):
    assert capital(Decimal(amount)) == words


def test_realname_totals_match_bql(tmp_path, example):
    year = 2023  # the year with a reversal
    output = tmp_path / "realname.xlsx"
    done = run_bangfu("report", "realname", EXAMPLE, "--year", year, "-o", output)
    assert done.returncode == 0, done.stderr
    expected = bql_totals(example, year)
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == [fund.label for fund in Fund]
    reversal_seen = False
    for fund in Fund:
        sheet = book[fund.label]
        assert sheet["A1"].value == f"{year}年度{fund.label}实名制汇总表"
        assert "填报单位" in sheet["A2"].value and "青松县总工会" in sheet["A2"].value
        assert [c.value for c in sheet[3]] == [
            "序号", "姓名", "身份证号", "档案编号", "工作单位", "困难类别", "帮扶项目", "资金来源", "金额(元)",
            "发放日期", "发放方式", "银行卡号", "备注",
        ]
        data_rows, subtotals, grand = [], {}, None
        for row in sheet.iter_rows(min_row=4):
            label, amount = row[1].value, row[8].value
            if isinstance(row[0].value, int):
                data_rows.append(row)
                assert row[2].data_type == "s" and row[2].number_format == "@"  # ID as text
                assert re.fullmatch(r"\d{17}[\dX]", row[2].value)
                if row[11].value:
                    assert row[11].data_type == "s" and row[11].value.isdigit()
                if amount < 0:
                    reversal_seen = True
                    assert "冲销原付款" in row[12].value
            elif label and label.endswith("小计"):
                subtotals[label[:-2]] = Decimal(str(amount))
            elif label == "合计":
                grand = Decimal(str(amount))
                assert row[8].number_format == "#,##0.00"
        want = {c.label: expected[(fund.value, c.value)] for c in Category if (fund.value, c.value) in expected}
        assert {k: v.quantize(Decimal("0.01")) for k, v in subtotals.items()} == want
        total = sum(want.values(), Decimal(0))
        assert grand.quantize(Decimal("0.01")) == total
        assert sum((Decimal(str(r[8].value)) for r in data_rows), Decimal(0)).quantize(Decimal("0.01")) == total
        words = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("合计金额（大写）")]
        assert words == [f"合计金额（大写）：{capital(total)}"]
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"
    assert reversal_seen  # reversals are shown as negative rows and netted in the totals


def test_realname_is_byte_identical_on_rerun(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert run_bangfu("report", "realname", EXAMPLE, "--year", 2024, "-o", path).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_publicity_is_masked_and_nets_reversals(tmp_path, example):
    output = tmp_path / "publicity.xlsx"
    done = run_bangfu("report", "publicity", EXAMPLE, "--from", "2023-01-01", "--to", "2023-12-31", "-o", output)
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(output).active
    assert [c.value for c in sheet[3]] == ["序号", "姓名", "身份证号", "工作单位", "帮扶类别", "金额(元)"]
    rows = [r for r in sheet.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    ids = [r[2].value for r in rows]
    assert ids and all(re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", i) for i in ids)
    everything = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for household in example.archive.households.values():
        for event in household.events:
            if event.fields.id_number:
                assert event.fields.id_number not in everything
            if event.fields.card:
                assert event.fields.card not in everything
    total = sum(Decimal(str(r[5].value)) for r in rows)
    assert total == sum(bql_totals(example, 2023).values())
    reversed_links = {p.fields.reverses for p in example.archive.payments if p.is_reversal and p.date.year == 2023}
    assert reversed_links  # a fully returned payment is not on the list
    assert len(rows) == sum(1 for p in example.archive.payments if p.date.year == 2023 and not p.is_reversal) - len(
        reversed_links
    )
