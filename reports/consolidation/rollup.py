"""The level above's tables across units, computed by DuckDB over the
verified exports and written in the unit-level layouts plus a 单位 column:
the real-name summary (per unit and category; `--detail` gives the
per-payment layout of reports/tables/realname.py) and the fund statement of
reports/tables/funds.py. Amounts are summed as integer fen.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
from openpyxl.styles import Font

from ledger.money import from_fen
from ledger.vocab import BUILTIN_CATEGORIES, Fund
from reports.consolidation.submission import FILES, SCHEMAS
from reports.numerals import capital
from reports.tables import funds, realname
from reports.workbook import BOX, FONT, format_money, new_workbook, save, write_table

SUMMARY_HEADERS = ("序号", "单位", "单位代码", "帮扶项目", "资金来源", "明细行数", "帮扶户数", "金额(元)")
SUMMARY_WIDTHS = (6, 24, 10, 12, 12, 10, 10, 16)
ALL_UNITS = "全部单位"


def create_views(con: duckdb.DuckDBPyConnection, units: list[tuple[str, str, Path]]) -> None:
    """`units` (code, name) and one view per export file over the given
    units' directories; empty tables when there is none."""
    con.execute("CREATE OR REPLACE TABLE units (unit_code VARCHAR, unit VARCHAR)")
    if units:
        con.executemany("INSERT INTO units VALUES (?, ?)", [(code, name) for code, name, _dir in units])
    for name, schema in SCHEMAS.items():
        if not units:
            con.register(name, pa.Table.from_batches([], schema))
            continue
        files = ", ".join("'" + str(directory / FILES[name]).replace("'", "''") + "'" for _c, _n, directory in units)
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet([{files}])")


def _yuan(fen) -> float:
    return float(from_fen(int(fen or 0)))


def realname_summary(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, list[tuple]]:
    """Per fund code: rows (unit code, unit, category or None for the unit's
    subtotal, lines, households, fen), units in code order, each unit's
    subtotal after its categories."""
    rows = con.execute("""
        SELECT p.fund, p.unit_code, any_value(u.unit), p.category, count(*), count(DISTINCT p.household),
               sum(p.fen)::BIGINT, GROUPING(p.category)
        FROM payments p JOIN units u USING (unit_code) WHERE p.year = ?
        GROUP BY GROUPING SETS ((p.fund, p.unit_code, p.category), (p.fund, p.unit_code))
    """, [year]).fetchall()
    order = {code: i for i, (code, _label) in enumerate(categories_of(con))}
    by_fund: dict[str, list[tuple]] = {}
    for fund, code, unit, category, lines, households, fen, subtotal in sorted(
            rows, key=lambda r: (r[1], r[7], order.get(r[3], -1))):
        by_fund.setdefault(fund, []).append((code, unit, None if subtotal else category, lines, households, fen))
    return by_fund


def write_realname_summary(con, year: int, filer: str, filed: datetime.date, output: Path) -> Path:
    """One sheet per fund. Archive numbers are a unit's own, so the total of
    households is the sum of the units' (the same person in two units is the
    cross-unit check's business)."""
    book = new_workbook(f"{year}年度实名制汇总表（各单位汇总）", filed)
    book.remove(book.active)
    data = realname_summary(con, year)
    labels = dict(categories_of(con))
    for fund in Fund:
        sheet = book.create_sheet(fund.label[:31])
        body: list[tuple[Any, ...]] = []
        bold_rows: list[int] = []
        number, total = 0, [0, 0, 0]
        for code, unit, category, lines, households, fen in data.get(fund.value, []):
            if category is None:
                body.append(("", f"{unit}小计", "", "", "", lines, households, _yuan(fen)))
                bold_rows.append(len(body))
                total = [total[0] + lines, total[1] + households, total[2] + fen]
            else:
                number += 1
                body.append((number, unit, code, labels.get(category, category), fund.short, lines, households, _yuan(fen)))
        body.append(("", "合计", "", "", "", total[0], total[1], _yuan(total[2])))
        bold_rows.append(len(body))
        subtitle = f"填报单位（盖章）：{filer}　　　　期间：{year}-01-01 至 {year}-12-31　　　　单位：元"
        last = write_table(sheet, f"{year}年度{fund.label}实名制汇总表（各单位汇总）", subtitle, SUMMARY_HEADERS, body,
                           SUMMARY_WIDTHS, text_columns=(3,))
        format_money(sheet, 8, 8, last)
        _footer(sheet, bold_rows, last, from_fen(total[2]), filed)
    return save(book, output)


def _footer(sheet, bold_rows: list[int], last: int, total, filed: datetime.date) -> None:
    """Subtotal rows bold (labelled in the 单位 column: merging hundreds of
    rows is slow in openpyxl), the total in capitals, and the sign-off line
    (as in reports/tables/realname.py)."""
    bold = Font(name=FONT, bold=True)
    width = len(SUMMARY_HEADERS)
    for offset in bold_rows:
        for col in range(1, width + 1):
            sheet.cell(3 + offset, col).font = bold
    words = last + 1
    sheet.merge_cells(start_row=words, start_column=1, end_row=words, end_column=width)
    cell = sheet.cell(words, 1, f"合计金额（大写）：{capital(total)}")
    cell.font, cell.border = bold, BOX
    sheet.cell(words + 2, 1, "负责人：").font = Font(name=FONT)
    sheet.cell(words + 2, 4, "经办人：").font = Font(name=FONT)
    sheet.cell(words + 2, 6, f"填报日期：{filed.year} 年 {filed.month} 月 {filed.day} 日").font = Font(name=FONT)


def detail_table(con: duckdb.DuckDBPyConnection, year: int, codes: list[str] | None) -> pd.DataFrame:
    """The year's payment lines of the chosen units (all if `codes` is
    empty), in the columns reports/tables/realname.py writes, plus `unit_name`."""
    where = "AND p.unit_code IN (SELECT unnest(?::VARCHAR[]))" if codes else ""
    cursor = con.execute(f"""
        SELECT p.*, u.unit AS unit_name FROM payments p JOIN units u USING (unit_code)
        WHERE p.year = ? {where} ORDER BY p.unit_code, p.date, p.payment_no, p.reversal
    """, [year, codes] if codes else [year])
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def write_detail(con, year: int, codes: list[str] | None, filer: str, filed: datetime.date, output: Path) -> Path:
    book = realname.workbook(detail_table(con, year, codes), filer, year, list(Fund), filed, unit_column=True)
    return save(book, output)


def categories_of(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(code, label) of the categories over all units: the built-in six, then
    any a unit declared (临时救助 …), as its ledger names it."""
    found = [(c.value, c.label) for c in BUILTIN_CATEGORIES]
    known = {code for code, _label in found}
    rows = con.execute("SELECT category, any_value(category_label) FROM payments GROUP BY category ORDER BY min(date)")
    found += [(code, label) for code, label in rows.fetchall() if code not in known]
    return found


def fund_rows(con: duckdb.DuckDBPyConnection, year: int) -> list[tuple]:
    """funds.year_rows for every unit (单位 first), a 小计 per unit, then the
    funds over all units and their 合计."""
    cats = ", ".join(f"sum(fen) FILTER (WHERE category = '{code}')" for code, _label in categories_of(con))
    moves = _keyed(con.execute("""
        SELECT unit_code, fund, sum(fen) FILTER (WHERE year < $y), sum(fen) FILTER (WHERE year = $y AND kind = 'receipt'),
               sum(fen) FILTER (WHERE year <= $y)
        FROM movements GROUP BY ALL""", {"y": year}).fetchall())
    spent = _keyed(con.execute(f"""
        SELECT unit_code, fund, {cats}, sum(fen), -sum(fen) FILTER (WHERE reversal)
        FROM payments WHERE year = $y GROUP BY ALL""", {"y": year}).fetchall())
    aided = _keyed(con.execute("""
        WITH net AS (SELECT unit_code, fund, household FROM payments WHERE year = $y GROUP BY ALL HAVING sum(fen) > 0)
        SELECT n.unit_code, n.fund, count(*), sum(y.size)
        FROM net n LEFT JOIN household_years y ON y.unit_code = n.unit_code AND y.archive_no = n.household AND y.year = $y
        GROUP BY ALL""", {"y": year}).fetchall())
    by_unit = dict(con.execute("""
        WITH net AS (SELECT unit_code, household FROM payments WHERE year = $y GROUP BY ALL HAVING sum(fen) > 0)
        SELECT n.unit_code, [count(*), coalesce(sum(y.size), 0)]
        FROM net n LEFT JOIN household_years y ON y.unit_code = n.unit_code AND y.archive_no = n.household AND y.year = $y
        GROUP BY ALL""", {"y": year}).fetchall())  # households and persons count once per unit, whatever the funds
    ncat = len(categories_of(con))
    rows: list[tuple] = []
    per_fund: dict[Fund, list[int]] = {fund: [0] * (ncat + 7) for fund in Fund}
    overall = [0] * (ncat + 7)
    for code, unit in con.execute("SELECT unit_code, unit FROM units ORDER BY unit_code").fetchall():
        unit_sum = [0] * (ncat + 7)
        for fund in Fund:
            m = moves.get((code, fund.value), (0,) * 3)
            s = spent.get((code, fund.value), (0,) * (ncat + 2))
            a = aided.get((code, fund.value), (0, 0))
            values = [int(v or 0) for v in (m[0], m[1], *s, m[2], *a)]
            rows.append((unit, fund.label, *_shown(values)))
            for target in (unit_sum, per_fund[fund], overall):
                for i, v in enumerate(values):
                    target[i] += v
        distinct = [int(v) for v in by_unit.get(code, [0, 0])]
        overall[-2:] = [overall[-2] - unit_sum[-2] + distinct[0], overall[-1] - unit_sum[-1] + distinct[1]]
        unit_sum[-2:] = distinct
        rows.append((unit, "小计", *_shown(unit_sum)))
    rows += [(ALL_UNITS, fund.label, *_shown(per_fund[fund])) for fund in Fund]
    rows.append((ALL_UNITS, "合计", *_shown(overall)))
    return rows


def _shown(values: list[int]) -> tuple:
    """Money columns in yuan, the last two (households, persons) as counts."""
    return (*map(_yuan, values[:-2]), values[-2], values[-1])


def _keyed(rows: list[tuple]) -> dict[tuple[str, str], tuple]:
    return {(r[0], r[1]): r[2:] for r in rows}


def month_moves(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """All units' fund movements up to `year`, summed by fund, year, month
    and kind: enough for funds.month_rows, whatever the number of units."""
    cursor = con.execute("""
        SELECT fund, year, month, kind, sum(fen)::BIGINT AS fen FROM movements WHERE year <= ? GROUP BY ALL
    """, [year])
    return pd.DataFrame.from_records(cursor.fetchall(), columns=["fund", "year", "month", "kind", "fen"])


def write_fund_statement(con, year: int, filer: str, output: Path) -> Path:
    book = new_workbook(f"{year}年度帮扶资金使用情况统计台账（各单位汇总）", datetime.date(year, 12, 31))
    sheet = book.active
    sheet.title = "年度"
    labels = [label for _code, label in categories_of(con)]
    funds.fill_year(sheet, year, filer, fund_rows(con, year), labels, lead=("单位",), widths=(22,))
    funds.fill_month(book.create_sheet("月度"), year, filer, funds.month_rows(month_moves(con, year), year))
    return save(book, output)
