"""Reports read back from the written workbooks and checked against an
independent BQL query of the same ledger."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import openpyxl
import pytest
from beanquery import query

from ledger import load
from ledger.vocab import BUILTIN_CATEGORIES, Fund
from reports.numerals import capital

from conftest import EXAMPLE, PLANTED, run_bangfu

D = datetime.date


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
            label, amount = row[0].value, row[8].value
            if isinstance(row[0].value, int):
                data_rows.append(row)
                assert row[2].data_type == "s" and row[2].number_format == "@"  # ID as text
                assert re.fullmatch(r"\d{17}[\dX]", row[2].value)
                if row[11].value:
                    assert row[11].data_type == "s" and row[11].value.isdigit()
                if amount < 0:
                    reversal_seen = True
                    assert "冲销原付款" in row[12].value
            elif isinstance(label, str) and label.endswith("小计"):
                subtotals[label[:-2]] = Decimal(str(amount))
            elif label == "合计":
                grand = Decimal(str(amount))
                assert row[8].number_format == "#,##0.00"
        want = {c.label: expected[(fund.value, c.value)] for c in BUILTIN_CATEGORIES if (fund.value, c.value) in expected}
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
    for household in example.view.households.values():
        for event in household.events:
            if event.fields.id_number:
                assert event.fields.id_number not in everything
            if event.fields.card:
                assert event.fields.card not in everything
    total = sum(Decimal(str(r[5].value)) for r in rows)
    assert total == sum(bql_totals(example, 2023).values())
    reversed_links = {p.fields.reverses for p in example.view.payments if p.is_reversal and p.date.year == 2023}
    assert reversed_links  # a fully returned payment is not on the list
    assert len(rows) == sum(1 for p in example.view.payments if p.date.year == 2023 and not p.is_reversal) - len(
        reversed_links
    )


def test_fund_statement_adds_up(tmp_path, example):
    year = 2024
    output = tmp_path / "funds.xlsx"
    assert run_bangfu("report", "funds", EXAMPLE, "--year", year, "-o", output).returncode == 0
    sheet = openpyxl.load_workbook(output)["年度"]
    header = [c.value for c in sheet[3]]
    expected = bql_totals(example, year)
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4) if r[0].value}
    for fund in Fund:
        row = rows[fund.label]
        for category in BUILTIN_CATEGORIES:
            got = Decimal(str(row[header.index(category.label)])).quantize(Decimal("0.01"))
            assert got == expected.get((fund.value, category.value), Decimal(0)).quantize(Decimal("0.01"))
        opening, received, spent, closing = (Decimal(str(row[header.index(k)])) for k in ("年初结余", "本年收入", "支出合计", "年末结余"))
        assert opening + received - spent == closing  # the fund's money is accounted for to the fen
        assert row[header.index("帮扶户数")] >= 0
    net: dict[str, Decimal] = {}
    for payment in example.view.payments:  # households count once in 合计, whichever funds paid them
        if payment.date.year == year:
            net[payment.household] = net.get(payment.household, Decimal(0)) + payment.total
    households = sum(1 for amount in net.values() if amount > 0)
    assert rows["合计"][header.index("帮扶户数")] == households
    assert households < sum(rows[fund.label][header.index("帮扶户数")] for fund in Fund)  # some are paid by two funds
    balances = {}
    for entry in example.entries:
        if type(entry).__name__ == "Balance" and entry.date.year == year + 1:
            balances[entry.account.split(":")[3]] = entry.amount.number
    for fund in Fund:  # the year-end balance assertions in the ledger agree
        assert Decimal(str(rows[fund.label][header.index("年末结余")])) == balances[fund.value]
    months = openpyxl.load_workbook(output)["月度"]
    assert sum(1 for r in months.iter_rows(min_row=4) if r[0].value and r[1].value) == 12 * len(Fund)


def test_household_ledger_shows_payments_and_headroom(tmp_path, example):
    record = max(example.view.households.values(), key=lambda h: sum(p.household == h.archive_no for p in example.view.payments))
    output = tmp_path / "household.xlsx"
    done = run_bangfu("report", "household", EXAMPLE, record.archive_no, "--as-of", "2025-12-31", "-o", output)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["档案", "帮扶记录", "额度"]
    payments = [r for r in book["帮扶记录"].iter_rows(min_row=4) if isinstance(r[0].value, int)]
    own = [p for p in example.view.payments if p.household == record.archive_no]
    assert len(payments) == sum(len(p.lines) for p in own)
    assert sum(Decimal(str(r[4].value)) for r in payments) == sum(p.total for p in own)
    rooms = [r for r in book["额度"].iter_rows(min_row=4) if r[0].value]
    living_2025 = [r for r in rooms if r[0].value == 2025 and r[1].value == "生活救助" and r[2].value.startswith("本户")]
    (row,) = living_2025
    assert Decimal(str(row[3].value)) - Decimal(str(row[4].value)) == Decimal(str(row[5].value))
    summary = " ".join(str(c.value) for r in book["档案"].iter_rows() for c in r if c.value)
    card = record.at(D(2025, 12, 31)).fields.card
    assert card and card not in summary and card[-4:] in summary  # card masked


def test_analysis_has_counts_and_native_charts(tmp_path, example):
    output = tmp_path / "analysis.xlsx"
    assert run_bangfu("report", "analysis", EXAMPLE, "--year", 2025, "-o", output).returncode == 0
    book = openpyxl.load_workbook(output)
    assert {"困难类别", "主要致困原因", "所在地区", "档案级别", "帮扶资金", "脱困与注销"} == set(book.sheetnames)
    active = sum(1 for h in example.view.households.values() if h.events and h.at(D(2025, 12, 31)).active)
    for name in ("困难类别", "主要致困原因", "所在地区", "档案级别"):
        counts = [r[1].value for r in book[name].iter_rows(min_row=4) if r[0].value and r[0].value != "合计"]
        assert sum(counts) == active
        assert next(r[1].value for r in book[name].iter_rows(min_row=4) if r[0].value == "合计") == active
    from zipfile import ZipFile

    with ZipFile(output) as archive_zip:
        charts = [n for n in archive_zip.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 5
    exits = [r for r in book["脱困与注销"].iter_rows(min_row=4) if r[0].value]
    events = [e for h in example.view.households.values() for e in h.events
              if e.date.year == 2025 and e.event.value in ("exited", "cancelled", "returned", "blacklisted")]
    assert len(exits) == len(events) and all(r[4].value for r in exits)


@pytest.mark.parametrize(
    "args",
    [("funds", "--year", "2024"), ("analysis", "--year", "2024"), ("publicity", "--batch", "QS2024"),
     ("cleanup", "--as-of", "2025-12-31")],
)
def test_reports_are_byte_identical_on_rerun(tmp_path, args):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert run_bangfu("report", args[0], EXAMPLE, *args[1:], "-o", path).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_streamed_cells_keep_openpyxl_types(tmp_path):
    """append_styled skips openpyxl's type inference for plain text and
    numbers; every value must still come out of the file as openpyxl's own
    `cell.value = ...` would write it (dates too) - except text that openpyxl
    would make a live formula or an error code, which stays text."""
    from openpyxl import Workbook

    from reports.workbook import append_styled, new_workbook, save, styled

    values = ["姓名", "=1+1", "#N/A", "", 12, 3.5, None, True, datetime.date(2025, 3, 1), Decimal("7.25")]
    ours = new_workbook("t", datetime.date(2025, 1, 1), write_only=True)
    sheet = ours.create_sheet("s")
    append_styled(sheet, [styled(sheet) for _ in values], values)
    save(ours, tmp_path / "ours.xlsx")
    plain = Workbook()
    plain.active.append(values)
    plain.save(tmp_path / "plain.xlsx")
    read = [openpyxl.load_workbook(tmp_path / name).worksheets[0] for name in ("ours.xlsx", "plain.xlsx")]
    kinds = [[(cell.value, cell.data_type) for cell in sheet[1]] for sheet in read]
    assert kinds[0][:1] + kinds[0][3:] == kinds[1][:1] + kinds[1][3:]
    assert kinds[1][1] == ("=1+1", "f") and kinds[1][2] == ("#N/A", "e")  # what openpyxl alone does
    assert kinds[0][1] == ("=1+1", "s") and kinds[0][2] == ("#N/A", "s")  # what bangfu writes


def test_no_stamped_table_from_a_failing_ledger(tmp_path):
    """A ledger with errors gets no report unless --allow-errors, and then
    every sheet's title says it is for checking only; warnings do not block."""
    import shutil

    from reports.tables.report import UNCHECKED

    out = tmp_path / "funds.xlsx"
    refused = run_bangfu("report", "funds", PLANTED, "--year", 2024, "-o", out)
    assert refused.returncode == 1 and "个错误" in refused.stderr and "bangfu check" in refused.stderr
    assert not out.exists()
    for report, args in (("funds", ("--year", 2024)), ("realname", ("--year", 2024)), ("analysis", ("--year", 2024))):
        path = tmp_path / f"{report}.xlsx"
        done = run_bangfu("report", report, PLANTED, *args, "-o", path, "--allow-errors")
        assert done.returncode == 0, done.stderr
        titles = [sheet["A1"].value for sheet in openpyxl.load_workbook(path).worksheets]
        assert titles and all(str(title).endswith(UNCHECKED) for title in titles), titles
    folder = tmp_path / "county"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    (folder / "草稿.beancount").write_text("", encoding="utf-8")  # a warning (S17), not an error
    done = run_bangfu("report", "funds", folder / "main.beancount", "--year", 2024, "-o", tmp_path / "ok.xlsx")
    assert done.returncode == 0, done.stderr
    assert UNCHECKED not in str(openpyxl.load_workbook(tmp_path / "ok.xlsx").active["A1"].value)


def test_publicity_list_states_its_notice_period(tmp_path):
    """Five working days from the day after the list's last payment: across
    National Day 2025 (1-8 October off, Saturday 11 October worked)."""
    out = tmp_path / "公示.xlsx"
    done = run_bangfu("report", "publicity", EXAMPLE, "--from", "2025-09-01", "--to", "2025-09-30", "-o", out)
    assert done.returncode == 0, done.stderr
    footer = openpyxl.load_workbook(out).active.oddFooter.left.text  # on every page, never a page of its own
    assert footer.startswith("公示期：2025-10-01 至 2025-10-14（5 个工作日）。如有异议，请在公示期内向")


def test_every_report_and_form_on_a_new_empty_ledger(tmp_path):
    """A ledger just made by bangfu init (no household, no payment): every
    report is written, every form refuses in Chinese; never a traceback."""
    ledger = tmp_path / "新账本"
    assert run_bangfu("init", ledger, "--unit", "某县总工会", "--start", "2025-01-01").returncode == 0
    main = ledger / "main.beancount"
    for report, args in (("realname", ("--year", 2025)), ("funds", ("--year", 2025)), ("analysis", ("--year", 2025)),
                         ("publicity", ()), ("cleanup", ("--as-of", "2025-12-31"))):
        done = run_bangfu("report", report, main, *args, "-o", tmp_path / f"{report}.xlsx")
        assert done.returncode == 0 and "Traceback" not in done.stderr, (report, done.stderr)
    for command in (("report", "household"), ("form", "archive"), ("form", "approval")):
        done = run_bangfu(*command, main, "QS-1", "-o", tmp_path / "x.xlsx")
        assert done.returncode == 2 and "没有档案 QS-1" in done.stderr and "Traceback" not in done.stderr, done.stderr
