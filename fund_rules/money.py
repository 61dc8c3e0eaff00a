"""Fund balances: no overdraw, and finance money spent within its year."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from beancount.core.data import Transaction

from fund_rules.codes import R10, R13
from ledger.accounts import Pot, asset_pot
from ledger.errors import LedgerError
from ledger.money import money
from ledger.view import LedgerView
from ledger.vocab import Fund


def _daily_balances(entries: list[Any]) -> Iterable[tuple[datetime.date, dict[Pot, Decimal], dict[Pot, Any]]]:
    """End-of-day balance of every fund pot that moved that day, with the last
    transaction of the day that moved it. Entries are date-sorted."""
    balance: dict[Pot, Decimal] = defaultdict(Decimal)
    moved: dict[Pot, Any] = {}
    day = None
    for entry in entries:
        if not isinstance(entry, Transaction):
            continue
        if day is not None and entry.date != day and moved:
            yield day, balance, moved
            moved = {}
        day = entry.date
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None:
                continue
            pot = asset_pot(posting.account)
            if pot is not None:
                balance[pot] += units.number
                moved[pot] = entry
    if day is not None and moved:
        yield day, balance, moved


def no_overdraw(view: LedgerView) -> Iterator[LedgerError]:
    """R10: no fund's balance (per earmarked donor for donations) goes below
    zero at the end of any day - money is spent only after it is received
    (seed 003 四: 专款专用，不得挤占). Reported once per overdrawn stretch."""
    overdrawn: set[Pot] = set()
    for day, balance, moved in _daily_balances(view.entries):
        for pot, entry in moved.items():
            if balance[pot] < 0 and pot not in overdrawn:
                overdrawn.add(pot)
                yield R10.at(
                    entry,
                    f"{day} 日终{pot.label()}结余 {money(balance[pot])} 元：资金不得透支，请先记资金下达，或调整付款资金",
                    fund=pot.fund,
                )
            elif balance[pot] >= 0:
                overdrawn.discard(pot)


def year_end_unspent(view: LedgerView) -> Iterator[LedgerError]:
    """R13 (warning): central and provincial money still unspent at the end of
    a completed year is listed - special funds are spent within their year
    (domain.md "Funds"; seed 003 三: 确保资金及时足额落实到位). Setting
    `year-end-funds` names the funds ("" turns the check off)."""
    funds = set(view.options.year_end_funds)
    if not funds:
        return
    last_day = view.last_date
    by_fund: dict[Fund, Decimal] = defaultdict(Decimal)
    last_entry: dict[tuple[Fund, int], Any] = {}
    year_end: dict[tuple[Fund, int], Decimal] = {}
    for day, balance, moved in _daily_balances(view.entries):
        for fund in funds:
            by_fund[fund] = sum((v for p, v in balance.items() if p.fund is fund), Decimal(0))
        for pot, entry in moved.items():
            if pot.fund in funds:
                last_entry[(pot.fund, day.year)] = entry
                year_end[(pot.fund, day.year)] = by_fund[pot.fund]
    for (fund, year), amount in sorted(year_end.items(), key=lambda item: (item[0][1], item[0][0].value)):
        finished = last_day is not None and last_day > datetime.date(year, 12, 31)
        if finished and amount > 0:
            yield R13.at(
                last_entry[(fund, year)],
                f"{year} 年末{fund.label}结余 {money(amount)} 元未使用：财政专项帮扶资金应在当年使用，请核实结转或上缴安排",
                fund=fund,
            )
