"""Bank statements in the ledger and the 银行存款余额调节表 (bank reconciliation).

A statement line (银行对账单的一行) is a directive dated the line's date:

    2025-04-12 custom "bank-line" Assets:Bank:ICBC -1500.00 CNY
      balance: 98500.00 CNY
      counterparty: "张伟"
      summary: "代发"

signed as the bank account sees it (+ money in, - money out). The account
is the *real* bank account `Assets:Bank:<X>`; its fund sub-accounts
(`Assets:Bank:ICBC:Central` ...) count together, so money moved between two
of them is no bank movement.

`reconcile` matches the ledger's movements of the account against its
statement lines up to a day and lists what is outstanding on either side;
it reads the entries once (a plain scan, cached per load), not the typed
view, so loading a ledger costs nothing more.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core.amount import Amount
from beancount.core.data import Custom, Open, Transaction

from ledger.accounts import real_bank_account
from ledger.loader import Loaded
from ledger.money import CURRENCY, money

BANK_LINE = "bank-line"
ZERO = Decimal(0)


def bank_accounts(loaded: Loaded) -> list[str]:
    """The ledger's real bank accounts (each `Assets:Bank:<X>` with any
    account opened at or below it), e.g. ["Assets:Bank:ICBC"]."""
    return sorted({real for e in loaded.entries if isinstance(e, Open) and (real := real_bank_account(e.account))})


def account_numbers(loaded: Loaded) -> dict[str, str]:
    """Account number (the `account-number:` of a real bank account's open
    line, digits only) -> the account."""
    found = {}
    for entry in loaded.entries:
        if isinstance(entry, Open) and real_bank_account(entry.account) == entry.account:
            number = (entry.meta or {}).get("account-number")
            if number is not None:
                found[digits_of(number)] = entry.account
    return found


def account_name(loaded: Loaded, account: str) -> str:
    """The `name:` on the account's open line (else the account itself)."""
    for entry in loaded.entries:
        if isinstance(entry, Open) and entry.account == account:
            return str((entry.meta or {}).get("name") or account)
    return account


def digits_of(value: Any) -> str:
    return "".join(ch for ch in str(value) if ch.isalnum())


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class BankLine:
    """One statement line in the ledger."""

    account: str  # the real bank account
    date: datetime.date
    amount: Decimal  # + in, - out
    balance: Decimal  # the bank's balance after the line
    counterparty: str
    summary: str
    serial: str
    order: int  # place in the ledger
    entry: Custom

    @property
    def where(self) -> str:
        return f"{self.entry.meta.get('filename')}:{self.entry.meta.get('lineno')}"


@dataclass(frozen=True)
class Movement:
    """What one transaction moves in or out of a real bank account (its
    sub-accounts summed)."""

    date: datetime.date
    amount: Decimal
    entry: Transaction
    order: int

    @property
    def where(self) -> str:
        return f"{self.entry.meta.get('filename')}:{self.entry.meta.get('lineno')}"

    @property
    def text(self) -> str:
        return "：".join(part for part in (self.entry.payee, self.entry.narration) if part)

    @property
    def batch(self) -> tuple[str, datetime.date] | None:
        batch = (self.entry.meta or {}).get("batch")
        return (str(batch), self.date) if batch else None


def _read_line(entry: Custom, order: int) -> BankLine | str:
    """The line, or why the directive cannot be read (Chinese)."""
    values = [v.value for v in entry.values or ()]
    meta = entry.meta or {}
    where = f"{meta.get('filename')}:{meta.get('lineno')}"
    balance = meta.get("balance")
    if (len(values) != 2 or not isinstance(values[0], str) or real_bank_account(values[0]) != values[0]
            or not isinstance(values[1], Amount) or values[1].currency != CURRENCY):
        return f'{where}：应写作 custom "bank-line" Assets:Bank:<银行> 金额 CNY'
    if not isinstance(balance, Amount) or balance.currency != CURRENCY:
        return f"{where}：银行对账单行缺少 balance:（银行余额，如 98500.00 CNY）"
    text = {key: str(meta.get(key) or "") for key in ("counterparty", "summary", "serial")}
    if values[1].number is None or balance.number is None:
        return f"{where}：银行对账单行的金额或余额为空"
    return BankLine(values[0], entry.date, values[1].number, balance.number, text["counterparty"], text["summary"],
                    text["serial"], order, entry)


def bank_lines(loaded: Loaded) -> tuple[list[BankLine], list[str]]:
    """Every statement line in ledger order, and the directives that cannot
    be read (once per load)."""
    found: tuple[list[BankLine], list[str]] | None = loaded.derived.get("bank-lines")
    if found is None:
        found = ([], [])
        for order, entry in enumerate(loaded.entries):
            if isinstance(entry, Custom) and entry.type == BANK_LINE:
                line = _read_line(entry, order)
                if isinstance(line, str):
                    found[1].append(line)
                else:
                    found[0].append(line)
        loaded.derived["bank-lines"] = found
    return found


def movements(loaded: Loaded, account: str) -> list[Movement]:
    """Per transaction, what it moves on the real account (sub-accounts
    summed), in ledger order; transactions netting zero left out."""
    found = []
    for order, entry in enumerate(loaded.entries):
        if not isinstance(entry, Transaction):
            continue
        total = ZERO
        for posting in entry.postings:
            units = posting.units
            if (units is not None and units.number is not None and units.currency == CURRENCY
                    and real_bank_account(posting.account) == account):
                total += units.number
        if total:
            found.append(Movement(entry.date, total, entry, order))
    return found


# ---------------------------------------------------------------- reconciling


BANK_IN = "银行已收、企业未收"
BANK_OUT = "银行已付、企业未付"
BOOKED_IN = "企业已收、银行未收"
BOOKED_OUT = "企业已付、银行未付"


@dataclass(frozen=True)
class Item:
    """One outstanding item (未达账项)."""

    kind: str  # BANK_IN, BANK_OUT, BOOKED_IN, BOOKED_OUT
    date: datetime.date
    amount: Decimal  # signed as the account sees it
    text: str  # the line's 摘要/对方户名, or the transaction's payee and narration
    where: str  # ledger file:line of the directive or transaction


@dataclass(frozen=True)
class Reconciliation:
    account: str
    end: datetime.date
    statement_lines: int  # statement lines of this account in the month of `end` (0 = no statement for the month)
    ledger_balance: Decimal  # the ledger's balance of the account (all sub-accounts) at `end`
    bank_balance: Decimal | None  # the last statement line's balance on or before `end` (None: no statement at all)
    bank_in_not_booked: list[Item]  # 银行已收、企业未收
    bank_out_not_booked: list[Item]  # 银行已付、企业未付
    booked_in_not_banked: list[Item]  # 企业已收、银行未收
    booked_out_not_banked: list[Item]  # 企业已付、银行未付
    adjusted_ledger: Decimal
    adjusted_bank: Decimal | None
    balanced: bool
    start: datetime.date | None = None  # the account's first statement line
    opening_difference: Decimal = ZERO  # ledger balance before `start` minus the bank's opening balance
    unreadable: list[str] = field(default_factory=list)  # bank-line directives that cannot be read

    @property
    def items(self) -> list[Item]:
        return [*self.bank_in_not_booked, *self.bank_out_not_booked, *self.booked_in_not_banked,
                *self.booked_out_not_banked]

    def why_not(self) -> str:
        """"" if balanced; else why, in Chinese."""
        if self.balanced:
            return ""
        said = []
        if self.bank_balance is None:
            said.append(f"{self.account} 没有导入过银行对账单（截至 {self.end}）")
        elif not self.statement_lines:
            said.append(f"{self.end:%Y-%m} 没有导入 {self.account} 的银行对账单")
        if self.opening_difference:
            said.append(f"账本在对账单起始日 {self.start} 之前的余额与对账单期初余额相差 {money(self.opening_difference)} 元："
                        "请补导更早的对账单，或核对期初余额")
        if self.adjusted_bank is not None and self.adjusted_ledger != self.adjusted_bank:
            gap = self.adjusted_ledger - self.adjusted_bank
            said.append(f"调节后余额相差 {money(gap)} 元（账面 {money(self.adjusted_ledger)}，银行 {money(self.adjusted_bank)}）")
        if self.unreadable:
            said.append(f"有 {len(self.unreadable)} 条对账单行无法读取：{'；'.join(self.unreadable[:3])}")
        return "；".join(said)


def reconcile(loaded: Loaded, account: str, end: datetime.date, window: int | None = None) -> Reconciliation:
    """The reconciliation of the real bank account `account` at `end`.

    Statement lines and the ledger's movements of the account, both from the
    account's first statement line to `end`, are matched deterministically:
    each line (in date and ledger order) takes the unmatched movement of the
    same signed amount within `reconcile-days` days, nearest date first,
    ties by ledger order; a debit no single movement matches takes the
    payments of one batch (same `batch:`, same date) that add up to it.
    What stays unmatched is outstanding."""
    days = datetime.timedelta(days=loaded.view.options.reconcile_days if window is None else window)
    every, unreadable = bank_lines(loaded)
    lines = sorted((x for x in every if x.account == account and x.date <= end), key=lambda x: (x.date, x.order))
    moves = [m for m in movements(loaded, account) if m.date <= end]
    ledger_balance = sum((m.amount for m in moves), ZERO)
    month_start = end.replace(day=1)
    in_month = sum(1 for x in lines if x.date >= month_start)
    if not lines:
        return Reconciliation(account, end, 0, ledger_balance, None, [], [], [], [], ledger_balance, None, False,
                              unreadable=[u for u in unreadable if account in u] or unreadable)
    start = lines[0].date
    opening_bank = lines[0].balance - lines[0].amount
    opening_ledger = sum((m.amount for m in moves if m.date < start), ZERO)
    pending = [m for m in moves if m.date >= start]
    matched: set[int] = set()
    lonely: list[BankLine] = []
    for line in lines:
        single = [m for m in pending if m.order not in matched and m.amount == line.amount
                  and abs((m.date - line.date).days) <= days.days]
        if single:
            best = min(single, key=lambda m: (abs((m.date - line.date).days), m.order))
            matched.add(best.order)
            continue
        if line.amount < 0:
            batches: dict[tuple[str, datetime.date], list[Movement]] = defaultdict(list)
            for m in pending:
                if m.order not in matched and m.batch is not None and abs((m.date - line.date).days) <= days.days:
                    batches[m.batch].append(m)
            fits = [ms for ms in batches.values() if len(ms) > 1 and sum((m.amount for m in ms), ZERO) == line.amount]
            if fits:
                best_batch = min(fits, key=lambda ms: (abs((ms[0].date - line.date).days), ms[0].order))
                matched.update(m.order for m in best_batch)
                continue
        lonely.append(line)

    def line_item(line: BankLine) -> Item:
        text = " ".join(part for part in (line.summary, line.counterparty) if part)
        return Item(BANK_IN if line.amount > 0 else BANK_OUT, line.date, line.amount, text, line.where)

    def move_item(move: Movement) -> Item:
        return Item(BOOKED_IN if move.amount > 0 else BOOKED_OUT, move.date, move.amount, move.text, move.where)

    bank_only = [line_item(x) for x in lonely]
    ledger_only = [move_item(m) for m in pending if m.order not in matched]
    bank_balance = lines[-1].balance
    adjusted_ledger = ledger_balance + sum((i.amount for i in bank_only), ZERO)
    adjusted_bank = bank_balance + sum((i.amount for i in ledger_only), ZERO)
    difference = opening_ledger - opening_bank
    balanced = bool(in_month) and adjusted_ledger == adjusted_bank and not difference
    return Reconciliation(
        account, end, in_month, ledger_balance, bank_balance,
        [i for i in bank_only if i.amount > 0], [i for i in bank_only if i.amount < 0],
        [i for i in ledger_only if i.amount > 0], [i for i in ledger_only if i.amount < 0],
        adjusted_ledger, adjusted_bank, balanced, start, difference, unreadable,
    )
