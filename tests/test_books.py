"""The union's books (issue 20): every account under its 工会会计制度 code,
vouchers (xlsx and CSV) and statements whose figures equal the ledger's, as
BQL (beanquery) computes them independently."""

from __future__ import annotations

import csv
from decimal import Decimal

import openpyxl
import pytest
from beanquery.query import run_query

from ledger.books import CHART, book_accounts
from ledger.loader import load

from conftest import EXAMPLE, run_bangfu


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE, use_cache=False)


def bql(loaded, query: str) -> Decimal:
    rows = run_query(loaded.entries, loaded.options, query)[1]
    return rows[0][0] or Decimal(0) if rows else Decimal(0)


def test_every_account_of_the_example_has_its_code(example):
    booked = book_accounts(example.view)
    assert booked and all(b.code and b.explicit for b in booked.values())  # written on the open lines by the generator
    assert {b.code for a, b in booked.items() if a.startswith("Assets:Bank")} == {"102"}
    assert booked["Income:Fund:Central"].code == "40302" and booked["Income:Fund:Local"].code == "40401"
    assert booked["Expenses:Aid:Central:Festival"].code == "50405"
    assert booked["Expenses:Aid:Local:Legal"].code == "50403"
    assert booked["Expenses:Aid:Local:Living"].name == "困难职工帮扶支出—市县财政配套资金·生活救助"
    assert booked["Expenses:Aid:Local:Living"].source == "财政拨款"
    assert booked["Expenses:Aid:Central:Education"].economic == "30308 助学金"


def test_codes_are_checked_and_a_declared_category_needs_one(doc):
    """
    ; A mistyped code on a bank account, a code outside the chart, and a
    ; declared category (职业介绍) whose account has no code; 慰问 says its
    ; code in its declaration; a built-in category has its default.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
      code: "10A"
    2023-01-01 open Income:Fund:UnionDues CNY
      code: "999"
    2023-01-01 open Expenses:Aid:UnionDues:Placement CNY
    2023-01-01 open Expenses:Aid:UnionDues:Visit CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 custom "category" "Placement" "职业介绍"
    2023-01-01 custom "category" "Visit" "慰问"
      code: "50406"
    """
    result = doc()
    assert result.codes == ["S18", "S18", "S18"]
    text = " ".join(result.messages("S18"))
    assert "10A" in text and "应为 3 位一级科目编码" in text
    assert "“999”不在工会会计制度" in text
    assert "Expenses:Aid:UnionDues:Placement（职业介绍）没有工会会计制度科目编码" in text
    booked = book_accounts(result.loaded.view)
    assert booked["Expenses:Aid:UnionDues:Visit"].code == "50406"
    assert booked["Expenses:Aid:UnionDues:Visit"].name == "其他维权支出—工会经费留成·慰问"  # told apart by name
    assert booked["Expenses:Aid:UnionDues:Living"].code == "50404"


def test_vouchers_balance_and_equal_the_ledger(example, tmp_path):
    out = tmp_path / "vouchers.xlsx"
    done = run_bangfu("report", "vouchers", EXAMPLE, "--month", "2025-03", "-o", out)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "vouchers.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    debit = sum((Decimal(r["借方金额"] or 0) for r in rows), Decimal(0))
    credit = sum((Decimal(r["贷方金额"] or 0) for r in rows), Decimal(0))
    assert debit == credit == bql(example, "SELECT sum(number) WHERE number > 0 AND year = 2025 AND month = 3")
    numbers = sorted({r["凭证号"] for r in rows})
    transactions = len(run_query(example.entries, example.options,
                                 "SELECT DISTINCT id WHERE year = 2025 AND month = 3")[1])
    assert numbers == [f"{n:03d}" for n in range(1, transactions + 1)]  # one per transaction, numbered from 001
    for number in numbers:  # each voucher balances
        mine = [r for r in rows if r["凭证号"] == number]
        assert sum(Decimal(r["借方金额"] or 0) for r in mine) == sum(Decimal(r["贷方金额"] or 0) for r in mine)
    assert all(r["科目编码"] in CHART for r in rows) and all(r["凭证字"] == "记" for r in rows)
    sheet = openpyxl.load_workbook(out).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells.count("记 账 凭 证") == len(numbers) and f"凭证号：记-{numbers[-1]}" in cells
    assert len(sheet.row_breaks.brk) == len(numbers)  # one voucher per printed page
    again = run_bangfu("report", "vouchers", EXAMPLE, "--month", "2025-03", "-o", out)
    assert again.returncode == 2 and "已存在" in again.stderr and "vouchers.csv" in again.stderr


def test_a_batch_voucher_and_a_formula_like_summary(doc, tmp_path):
    """
    ; Two payments of one batch on one day, and a transaction whose narration
    ; a spreadsheet would take for a formula.
    option "operating_currency" "CNY"
    plugin "fund_rules"
    2023-01-01 custom "bangfu-option" "voucher-per" "batch"
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Festival CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "festival" "*" 2000 CNY
    2023-01-05 * "=SUM(A1:A9)"
      Assets:Bank:ICBC:UnionDues  5000 CNY
      Income:Fund:UnionDues
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
    2023-02-01 custom "household" "H2" "archived"
      name: "李梅"
      id-number: "110105196001010027"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-01-20 * "张伟" "送温暖" ^F1
      household: "H1"
      approval: "SP-F1"
      method: "现金"
      id-checked: TRUE
      receipt: "签收单"
      batch: "SN2023"
      Expenses:Aid:UnionDues:Festival  800.00 CNY
      Assets:Bank:ICBC:UnionDues
    2023-01-20 * "李梅" "送温暖" ^F2
      household: "H2"
      approval: "SP-F2"
      method: "现金"
      id-checked: TRUE
      receipt: "签收单"
      batch: "SN2023"
      Expenses:Aid:UnionDues:Festival  700.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    loaded = doc().loaded
    from reports.books.vouchers import csv_rows, vouchers

    found = vouchers(loaded, 2023, 1)
    assert [v.number for v in found] == ["记-001", "记-002"]
    batch = found[1]
    assert batch.summary == "发放帮扶资金（批次 SN2023，2 户）"
    assert [(line.code, line.debit, line.credit) for line in batch.lines] == [
        ("50405", Decimal("1500.00"), Decimal(0)), ("102", Decimal(0), Decimal("1500.00"))]
    assert {row[3] for row in csv_rows(found) if row[2] == "001"} == {"'=SUM(A1:A9)"}  # text, not a formula


def test_statement_figures_equal_bql(example, tmp_path):
    out = tmp_path / "statement.xlsx"
    done = run_bangfu("report", "statement", EXAMPLE, "--year", "2025", "--month", "3", "-o", out)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    income = {r[0].value: (r[2].value, r[3].value) for r in book["收入支出表"].iter_rows(min_row=4) if r[0].value}
    ytd_income = -bql(example, "SELECT sum(number) WHERE account ~ '^Income' AND year = 2025 AND month <= 3")
    month_spent = bql(example, "SELECT sum(number) WHERE account ~ '^Expenses' AND year = 2025 AND month = 3")
    assert Decimal(str(income["一、收入合计"][1])) == ytd_income
    assert Decimal(str(income["二、支出合计"][0])) == month_spent
    aid = bql(example, "SELECT sum(number) WHERE account ~ '^Expenses:Aid:[^:]+:Festival$' AND year = 2025 AND month <= 3")
    assert Decimal(str(income["　　其中：50405 送温暖支出"][1])) == aid
    trial = list(book["科目余额表"].iter_rows(min_row=4, values_only=True))
    body = [r for r in trial if r[0] and r[0] != "合计"]
    total = next(r for r in trial if r[0] == "合计")
    column = [sum(Decimal(str(r[i] or 0)) for r in body) for i in range(2, 8)]
    assert column[0] == column[1] and column[4] == column[5]  # opening and closing: debits equal credits
    assert [Decimal(str(v or 0)) for v in total[2:8]] == column
    bank = sum(Decimal(str(r[6] or 0)) - Decimal(str(r[7] or 0)) for r in body if r[0] == "102")
    assert bank == bql(example, "SELECT sum(number) WHERE account ~ '^Assets:Bank' AND date <= 2025-03-31")
    carried = {r[0]: r for r in book["资金结转"].iter_rows(min_row=4, values_only=True) if r[0]}
    central = carried["中央财政专项帮扶资金"]
    assert Decimal(str(central[5])) == bql(
        example, "SELECT sum(number) WHERE account ~ '^Assets:Bank:[^:]+:Central' AND date <= 2025-03-31")
