"""Statements: `bangfu report statement LEDGER --year Y [--month M] -o FILE`.

- 收入支出表 (工会02表 layout, limited to the accounts this ledger holds): each
  income and expenditure code with 本月数 and 本年累计数, their totals and the
  surplus;
- 科目余额表: per account under its code, opening balance, the period's
  debits and credits, closing balance (income and expenditure accounts from
  1 January: earlier years' results are carried to 321 工会资金结转, so both
  sides balance);
- 资金结转: per fund, carried in, received, spent, carried forward at the
  period end, and what the notices ask of unspent central and provincial
  money (issue 20 item 6; R13).

Amounts are the ledger's (reports/books/journal.py); tests compare them with
BQL (docs/books.md).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from ledger.books import CHART, chart_name
from ledger.loader import Loaded
from ledger.money import money
from ledger.vocab import Fund
from reports.books.journal import Posting, postings
from reports.frames import movements_table
from reports.tables.report import argument, year
from reports.workbook import format_money, new_workbook, sign_off, total_row, write_table

ZERO = Decimal(0)
NOMINAL = ("4", "5")  # income and expenditure codes: counted from 1 January
CARRIED = "321"  # where earlier years' results sit (工会资金结转)


def month_number(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 12:
        raise ValueError(f"月份“{text}”无效，应为 1 到 12")
    return int(text)


@dataclass(frozen=True)
class Parameters:
    year: int = year()
    month: int | None = argument("--month", "月份 1-12（默认 12：全年）", parse=month_number, metavar="月")


def filename(parameters: Parameters) -> str:
    month = f"-{parameters.month:02d}" if parameters.month else ""
    return f"会计报表-{parameters.year}{month}.xlsx"


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        following = datetime.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)


def period_of(parameters: Parameters) -> Period:
    return Period(parameters.year, parameters.month or 12)


# ---------------------------------------------------------------- 收入支出表


def by_code(found: list[Posting], first: datetime.date, last: datetime.date) -> dict[str, Decimal]:
    """Net amount per code of the postings dated first..last."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for posting in found:
        if first <= posting.date <= last and posting.booked.code:
            sums[posting.booked.code] += posting.amount
    return sums


def income_rows(loaded: Loaded, period: Period) -> list[tuple[Any, ...]]:
    """(项目, 行次, 本月数, 本年累计数) rows: income, expenditure, surplus."""
    found = postings(loaded)
    month = by_code(found, period.start, period.end)
    year_to_date = by_code(found, period.year_start, period.end)
    codes = sorted(code for code in set(month) | set(year_to_date) if code[0] in NOMINAL)
    rows: list[tuple[Any, ...]] = []
    totals: dict[str, tuple[Decimal, Decimal]] = {}
    for kind, lead, title in (("4", "一、", "收入合计"), ("5", "二、", "支出合计")):
        sign = -1 if kind == "4" else 1  # income is credited: shown positive
        mine = [c for c in codes if c.startswith(kind)]
        both = (sign * sum((month[c] for c in mine), ZERO), sign * sum((year_to_date[c] for c in mine), ZERO))
        totals[kind] = both
        rows.append((f"{lead}{title}", *both))
        for top in sorted({c[:3] for c in mine}):
            under = [c for c in mine if c.startswith(top)]
            rows.append((f"　{top} {CHART.get(top, '')}", sign * sum((month[c] for c in under), ZERO),
                         sign * sum((year_to_date[c] for c in under), ZERO)))
            for code in sorted(c for c in under if c != top):
                rows.append((f"　　其中：{code} {chart_name(code)}", sign * month[code], sign * year_to_date[code]))
    rows.append(("三、本期收支结余", totals["4"][0] - totals["5"][0], totals["4"][1] - totals["5"][1]))
    return [(name, number, float(a), float(b)) for number, (name, a, b) in enumerate(rows, start=1)]


# ---------------------------------------------------------------- 科目余额表


@dataclass
class Balance:
    code: str
    name: str
    opening: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit


def balances(loaded: Loaded, first: datetime.date, last: datetime.date) -> list[Balance]:
    """Per account (in code order): opening at `first`, the debits and
    credits of first..last, closing. Income and expenditure count from 1
    January; earlier years' results are carried to 321, so the debit and
    credit totals agree."""
    found: dict[str, Balance] = {}
    carried = Balance(CARRIED, f"{CHART[CARRIED]}（以前年度收支结余）")
    year_start = datetime.date(first.year, 1, 1)
    for posting in postings(loaded):
        if posting.date > last:
            continue
        code = posting.booked.code or ""
        row = found.setdefault(posting.account, Balance(code, posting.booked.name))
        if posting.date >= first:
            row.debit += posting.debit
            row.credit += posting.credit
        elif code[:1] not in NOMINAL or posting.date >= year_start:
            row.opening += posting.amount
        else:
            carried.opening += posting.amount
    result = [row for _account, row in sorted(found.items(), key=lambda kv: (kv[1].code, kv[0]))]
    if carried.opening:
        result = sorted([*result, carried], key=lambda b: b.code)
    return result


def _sides(amount: Decimal) -> tuple[float | None, float | None]:
    return (float(amount), None) if amount > 0 else (None, float(-amount)) if amount < 0 else (None, None)


def balance_rows(found: list[Balance]) -> list[tuple[Any, ...]]:
    return [(b.code, b.name, *_sides(b.opening), float(b.debit) or None, float(b.credit) or None, *_sides(b.closing))
            for b in found]


# ---------------------------------------------------------------- 资金结转

NOTE = {
    Fund.CENTRAL: "中央财政专项帮扶资金应在当年使用（R13）；年末结余须说明原因，结转下年继续用于困难职工帮扶，不得挪作他用",
    Fund.PROVINCIAL: "省级财政专项帮扶资金应在当年使用（R13）；年末结余须说明原因，结转下年继续用于困难职工帮扶，不得挪作他用",
}


def carry_rows(loaded: Loaded, period: Period) -> list[tuple[Any, ...]]:
    """Per fund: carried in at 1 January, received, aid (net of returns),
    other moves, carried forward at the period end."""
    moves = movements_table(loaded)
    rows = []
    for fund in Fund:
        mine = moves[moves["fund"] == fund.value]
        before = mine[mine["date"] < period.year_start]["fen"].sum()
        during = mine[(mine["date"] >= period.year_start) & (mine["date"] <= period.end)]
        received = during[during["kind"] == "receipt"]["fen"].sum()
        spent = -during[during["kind"].isin(["aid", "reversal"])]["fen"].sum()
        closing = before + during["fen"].sum()
        other = closing - before - received + spent
        note = NOTE.get(fund, "") if closing > 0 else ""
        rows.append((fund.label, *(float(Decimal(int(v)) / 100) for v in (before, received, spent, other, closing)), note))
    return rows


# ---------------------------------------------------------------- the workbook


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    period = period_of(parameters)
    unit = loaded.view.options.unit
    book = new_workbook(f"{period.year}年{period.month}月会计报表", period.end)
    header = f"编制单位：{unit}　　{period.year} 年 {period.month} 月　　单位：元"
    sheet = book.active
    sheet.title = "收入支出表"
    rows = income_rows(loaded, period)
    last = write_table(sheet, "收入支出表（工会02表）", header, ("项目", "行次", "本月数", "本年累计数"), rows, (44, 7, 18, 18))
    format_money(sheet, 3, 4, last)
    sign_off(sheet, last)

    trial = book.create_sheet("科目余额表")
    first = period.start if parameters.month else period.year_start  # no month: the whole year
    found = balances(loaded, first, period.end)
    span = f"{first} 至 {period.end}"
    headers = ("科目编码", "科目名称", "期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方")
    last = write_table(trial, "科目余额表", f"编制单位：{unit}　　期间：{span}　　单位：元", headers,
                       balance_rows(found), (11, 52, 15, 15, 15, 15, 15, 15), text_columns=(1,))
    format_money(trial, 3, 8, last)
    sums = [sum((v for v in column if v), 0.0) for column in zip(*(r[2:] for r in balance_rows(found)), strict=True)]
    total_row(trial, last + 1, ("合计", "", *sums), money_from=3)
    sign_off(trial, last + 1)

    carry = book.create_sheet("资金结转")
    columns = ("资金来源", "年初结转", "本年收入", "本年帮扶支出（扣除冲销退回）", "其他", "期末结转", "说明")
    last = write_table(carry, "帮扶资金结转情况", f"编制单位：{unit}　　{period.year_start} 至 {period.end}　　单位：元",
                       columns, carry_rows(loaded, period), (20, 14, 14, 16, 12, 14, 50))
    format_money(carry, 2, 6, last)
    sign_off(carry, last)
    return book


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    rows = income_rows(loaded, period_of(parameters))
    income, spent, surplus = rows[0], next(r for r in rows if r[0].startswith("二、")), rows[-1]
    return [f"本年累计：收入 {money(Decimal(str(income[3])))} 元，支出 {money(Decimal(str(spent[3])))} 元，"
            f"结余 {money(Decimal(str(surplus[3])))} 元"]
