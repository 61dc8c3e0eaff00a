"""The tables every report is built from, derived once per load (pandas),
and their columns, each declared once.

`payments_table` has one row per aid posting of every payment and reversal,
with the household as archived on the payment date; `movements_table` one
row per change of a fund's money. The reports, Fava's page and the export
read these, so they agree with each other and with Fava to the fen. Amounts
are integer fen (分) for exact sums.

A `Column` declares a column once: its name in the frame and in the Parquet
export, its Parquet type, its Chinese header (in sheets, and in the docs),
its width in a sheet and whether a sheet keeps it as text. The real-name
summary's layout, the export's schema (reports/consolidation/submission.py)
and the column tables of docs/consolidation.md all follow from these.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
from beancount.core.data import Transaction

from fund_rules.caps import held_to_own_standard
from ledger.accounts import asset_pot, income_fund, is_aid_account
from ledger.loader import Loaded
from ledger.money import to_fen
from ledger.vocab import BUILTIN_CATEGORIES, Method

S, D, I16, I64, B = pa.string(), pa.date32(), pa.int16(), pa.int64(), pa.bool_()


def categories_in(table: pd.DataFrame) -> list[tuple[str, str]]:
    """The categories a payments table's reports show, as (code, label): the
    built-in six in their order, then any the ledger declared (临时救助 …)
    that the table has, in order of first appearance."""
    found = [(c.value, c.label) for c in BUILTIN_CATEGORIES]
    known = {code for code, _label in found}
    if len(table):
        for code, label in table[["category", "category_label"]].drop_duplicates("category").itertuples(index=False):
            if code not in known:
                found.append((code, label))
                known.add(code)
    return found


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    header: str  # Chinese: the header in a sheet, the description in the docs
    note: str = ""  # said after the header in the docs
    width: int = 12  # in a sheet that shows it
    text: bool = False  # a sheet stores it as text, so that every digit is kept


@dataclass(frozen=True)
class Frame:
    """A table's columns, and what one row is (for the docs)."""

    name: str
    row: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def __getitem__(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


PAYMENTS = Frame("payments", "一笔付款（或冲销）的一条帮扶分录，与报表所用的付款明细表相同", (
    Column("date", D, "发放日期"),
    Column("year", I16, "年度"),
    Column("month", I16, "月份"),
    Column("payment_no", S, "付款编号", width=14, text=True),
    Column("household", S, "档案编号", width=13, text=True),
    Column("name", S, "姓名", width=9),
    Column("id_number", S, "身份证号", width=21, text=True),
    Column("work_unit", S, "工作单位", width=22),
    Column("locality", S, "地区"),
    Column("level", S, "档案级别"),
    Column("hardship", S, "困难类别", width=10),
    Column("fund", S, "资金代码"),
    Column("fund_label", S, "资金来源", width=22),
    Column("category", S, "类别代码"),
    Column("category_label", S, "帮扶项目", width=10),
    Column("fen", I64, "金额", "分，冲销为负", width=12),
    Column("method", S, "发放方式", width=9),
    Column("card", S, "银行卡号", width=22, text=True),
    Column("approval", S, "审批编号", width=14, text=True),
    Column("reversal", B, "是否冲销"),
    Column("reverses", S, "冲销的原付款编号"),
    Column("note", S, "备注", width=28),
    Column("fund_standard", B, "该资金对该类别有专项标准", "这类分录按专项标准检查，不计入低保上限，同 R03"),
))

MOVEMENTS = Frame("movements", "资金银行子科目的一笔变动", (
    Column("date", D, "日期"),
    Column("year", I16, "年度"),
    Column("month", I16, "月份"),
    Column("fund", S, "资金代码"),
    Column("kind", S, "种类", "receipt 下达 / aid 帮扶 / reversal 冲销 / other 其他，如期初余额"),
    Column("fen", I64, "金额", "分"),
))

# Where each payment line came from (file:line), for Fava's filters; not exported.
SOURCE = "source"


def payments_table(loaded: Loaded) -> pd.DataFrame:
    """Every aid posting of every payment and reversal, with the household
    as archived on the payment date (built once per load; do not modify)."""
    found = loaded.derived.get(PAYMENTS.name)
    if found is None:
        found = loaded.derived[PAYMENTS.name] = _payments(loaded)
    return found


def _payments(loaded: Loaded) -> pd.DataFrame:
    view = loaded.view
    rows: list[tuple[Any, ...]] = []
    for payment in view.payments:
        household = view.household(payment.household, payment.date)
        fields = household.fields if household is not None else None
        original = view.original(payment)
        method = payment.fields.method or (original.fields.method if original else None)
        card = payment.fields.card or (original.fields.card if original else None)
        if card is None and fields is not None and method is Method.BANK:
            card = fields.card
        note = payment.fields.note or ""
        if payment.is_reversal:
            note = f"冲销原付款 {payment.fields.reverses}" + (f"：{payment.fields.reason}" if payment.fields.reason else "")
        meta = payment.entry.meta
        for line in payment.lines:
            rows.append((  # in PAYMENTS order
                payment.date,
                payment.date.year,
                payment.date.month,
                payment.number or "",
                payment.household,
                (fields.name if fields else None) or payment.payee or "",
                (fields.id_number if fields else None) or "",
                (fields.work_unit if fields else None) or "",
                (fields.locality if fields else None) or "",
                fields.level.label if fields is not None and fields.level else "",
                fields.hardship.label if fields is not None and fields.hardship else "",
                line.fund.value,
                line.fund.label,
                line.category.value,
                line.category.label,
                to_fen(line.amount),
                method.label if method else "",
                card or "",
                payment.fields.approval or (original.fields.approval if original else "") or "",
                payment.is_reversal,
                payment.fields.reverses or "",
                note,
                held_to_own_standard(view, line.fund, line.category, payment.date),
                f"{meta.get('filename')}:{meta.get('lineno')}",
            ))
    frame = pd.DataFrame.from_records(rows, columns=[*PAYMENTS.names, SOURCE])
    return frame.sort_values(["date", "payment_no", "reversal"], kind="stable").reset_index(drop=True)


def movements_table(loaded: Loaded) -> pd.DataFrame:
    """Every change of a fund's money: receipts, aid and reversals, other
    moves (opening balances), by date (built once per load; do not modify)."""
    found = loaded.derived.get(MOVEMENTS.name)
    if found is None:
        found = loaded.derived[MOVEMENTS.name] = _movements(loaded.entries)
    return found


def _movements(entries: list[Any]) -> pd.DataFrame:
    rows: list[tuple[datetime.date, int, int, str, str, int]] = []
    for entry in entries:
        if not isinstance(entry, Transaction):
            continue
        reversal = "reverses" in entry.meta
        kinds = set()
        for posting in entry.postings:
            if income_fund(posting.account) is not None:
                kinds.add("receipt")
            elif is_aid_account(posting.account):
                kinds.add("reversal" if reversal else "aid")
        kind = "receipt" if "receipt" in kinds else "reversal" if "reversal" in kinds else "aid" if kinds else "other"
        for posting in entry.postings:
            pot = asset_pot(posting.account)
            if pot is None or posting.units is None or posting.units.number is None:
                continue
            rows.append(
                (entry.date, entry.date.year, entry.date.month, pot.fund.value, kind, to_fen(posting.units.number))
            )
    return pd.DataFrame.from_records(rows, columns=MOVEMENTS.names)
