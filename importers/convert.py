"""The records a sheet's rows become, and how each kind's records become
beancount entries against the current ledger.

Every entry carries `import-key`: a hash of what the row says (not of the
file name), so importing the same rows again adds nothing. Each kind's
converter has one signature, `(context, path, records, on) -> Converted`,
where `records` holds the parsed rows of each part of the sheet.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount
from beancount.core.data import Document, Open, Transaction

from importers.sheets import Place, RowProblem, RowProblems
from ledger.accounts import Pot, aid_account, asset_pot, income_fund
from ledger.archive import HouseholdSnapshot, aged_out
from ledger.bank import BANK_LINE, account_numbers, bank_accounts, bank_lines
from ledger.build import IMPORTED, account_value, custom
from ledger.identity import check_id
from ledger.loader import Loaded
from ledger.money import CURRENCY
from ledger.payments import Payment
from ledger.seal import seals_of
from ledger.view import LedgerView
from ledger.vocab import Category, Fund, Method, Sex

_LINK_SAFE = re.compile(r"^[A-Za-z0-9\-_/.]+$")


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class PaymentRow:
    place: Place
    seq: str
    name: str
    id_number: str | None
    archive_no: str | None
    category: Category
    amount: Decimal
    fund: Fund
    date: datetime.date
    method: Method
    card: str | None
    approval: str
    details: dict[str, Any]  # bill, out_of_pocket, student, school_level, trade, case
    batch: str | None
    note: str | None
    id_checked: bool | None = None  # cash: the sheet's 身份证已核验
    receipt: str | None = None  # cash: the sheet's 签收单


@dataclass(frozen=True)
class ReceiptRow:
    place: Place
    fund: Fund
    notice: str
    amount: Decimal
    date: datetime.date
    payer: str | None
    note: str | None


@dataclass(frozen=True)
class BankRow:
    place: Place
    card: str
    name: str
    amount: Decimal
    success: bool
    reason: str | None
    date: datetime.date | None


@dataclass(frozen=True)
class StatementRow:
    """One line of a bank statement (银行对账单)."""

    place: Place
    date: datetime.date
    amount: Decimal  # + money in (收入), - money out (支出), as the bank account sees it
    balance: Decimal  # 余额 after the line
    counterparty: str | None
    summary: str | None
    serial: str | None
    account_no: str | None  # 本方账号, digits only


@dataclass(frozen=True)
class RosterRow:
    place: Place
    archive_no: str
    archived_on: datetime.date
    fields: dict[str, Any]  # metadata key -> value
    correction: bool = False  # the row may change the archive's identity fields


@dataclass(frozen=True)
class MemberRow:
    place: Place
    archive_no: str
    id_number: str
    fields: dict[str, Any]


@dataclass
class Converted:
    """What one sheet adds: entries (with the place each came from), rows
    that cannot become entries, and notes for the officer."""

    entries: list[tuple[Any, Place | None]] = field(default_factory=list)
    problems: list[RowProblem | str] = field(default_factory=list)  # str: no cell to name
    notes: list[str] = field(default_factory=list)
    duplicates: int = 0  # rows whose outcome the ledger already holds


def copy_name(source: bytes) -> str:
    """The name (without suffix) of an imported file's copy under
    documents/imports/: the first 16 hex digits of its content's SHA-256."""
    return hashlib.sha256(source).hexdigest()[:16]


def import_key(*parts: Any) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:20]


@dataclass
class Context:
    """What converters need from the ledger, read once."""

    loaded: Loaded
    keys: set[str] = field(default_factory=set)  # import keys (and bank result-line keys) in the ledger
    banks: dict[Pot, str] = field(default_factory=dict)  # fund pot -> asset account
    documents: dict[str, str] = field(default_factory=dict)  # content hash -> imported source copy
    allow_repeat: bool = False  # --allow-repeat: probable double payments are intended
    planned: list[tuple[Transaction, Place]] = field(default_factory=list)  # payments of this import so far
    opened: dict[str, datetime.date] = field(default_factory=dict)  # account -> the date it opens
    today: datetime.date = field(default_factory=datetime.date.today)
    account: str | None = None  # --account: the real bank account a statement belongs to

    @classmethod
    def of(cls, loaded: Loaded) -> Context:
        context = cls(loaded)
        for entry in loaded.entries:
            for name in ("import-key", "result-line"):
                key = entry.meta.get(name) if entry.meta else None
                if key:
                    context.keys.add(key)
            if isinstance(entry, Document):  # copies are named by content hash (importers/run.py)
                context.documents[Path(entry.filename).stem] = entry.filename
            if isinstance(entry, Open):
                context.opened[entry.account] = entry.date
            if isinstance(entry, Open) and entry.account.startswith("Assets:Bank:"):
                pot = asset_pot(entry.account)
                if pot is not None:
                    context.banks.setdefault(pot, entry.account)
        return context

    @property
    def view(self) -> LedgerView:
        return self.loaded.view

    def imported_before(self, source: bytes, rows: int, what: str) -> Converted:
        """What a file adds when the ledger holds a copy of the very same
        content (copies are named by it, importers/run.py): nothing, said once;
        else an empty result to fill."""
        out = Converted()
        copy = self.documents.get(copy_name(source))
        if copy is not None:
            out.duplicates = rows
            out.notes.append(f"该{what}（内容相同）已导入过：{copy}，本次不再写入")
        return out

    def bank_account(self, fund: Fund, place) -> str:
        account = self.banks.get(Pot(fund, None))
        if account is None:
            raise RowProblem(place, f"账本中没有{fund.label}的银行子科目（如 Assets:Bank:ICBC:{fund.value}）：请先在科目表中开设")
        return account


    def date_problems(self, place: Place, day: datetime.date, accounts: Iterable[str] = ()) -> list[RowProblem]:
        """A date after today (beyond the `future-days` margin), or before an
        account it books to is opened, named at its cell."""
        problems = []
        sealed = seals_of(self.view).last_active()
        if sealed is not None and day <= sealed.through:
            problems.append(RowProblem(place, f"日期 {day} 在已结账的期间内（截至 {sealed.through}，{sealed.closed_on} 结账）："
                                              "已结账期间不能再记账；请核对日期，确需补记，先用 bangfu close --reopen 重新开账并写明原因"))
        margin = self.view.options.future_days
        if day > self.today + datetime.timedelta(days=margin):
            allowed = f"（设置 future-days 允许 {margin} 天）" if margin else ""
            problems.append(RowProblem(place, f"日期 {day} 晚于今天 {self.today}{allowed}：请核对，不能记尚未发生的事"))
        for account in accounts:
            opened = self.opened.get(account)
            if opened is None:
                problems.append(RowProblem(place, f"账本中没有科目 {account}：请先在科目表（accounts.beancount）中开设"))
            elif day < opened:
                problems.append(RowProblem(place, f"日期 {day} 早于科目 {account} 的开设日期 {opened}：请核对日期，或把开设日期提前"))
        return problems


def _meta(values: dict[str, Any]) -> dict[str, Any]:
    return data.new_metadata(IMPORTED, 0, {k: v for k, v in values.items() if v is not None})


def _posting(account: str, number: Decimal) -> data.Posting:
    return data.Posting(account, Amount(number, CURRENCY), None, None, None, None)


# ---------------------------------------------------------------- payments


def resolve_household(view: LedgerView, row: PaymentRow) -> tuple[str, HouseholdSnapshot]:
    """Find the household by archive no. or ID number; the name must match."""
    if row.archive_no:
        record = view.households.get(row.archive_no)
        if record is None:
            raise RowProblem(row.place.with_column("档案编号"), f"档案编号“{row.archive_no}”不在账本中：请核对，或先导入档案")
        snapshot = record.at(row.date)
    else:
        matches = [(no, r.at(row.date)) for no, r in view.households.items() if r.at(row.date).fields.id_number == row.id_number]
        active = [m for m in matches if m[1].active] or matches
        if not active:
            raise RowProblem(row.place.with_column("身份证号"), "账本中没有该身份证号的档案：请核对，或填写档案编号")
        no, snapshot = active[0]
        row = dataclasses.replace(row, archive_no=no)
    if snapshot.fields.name and snapshot.fields.name != row.name:
        raise RowProblem(
            row.place.with_column("姓名"),
            f"姓名“{row.name}”与档案 {row.archive_no} 中的“{snapshot.fields.name}”不符：请核对是否填错了人",
        )
    if row.id_number and snapshot.fields.id_number and snapshot.fields.id_number != row.id_number:
        raise RowProblem(row.place.with_column("身份证号"), f"身份证号与档案 {row.archive_no} 中登记的不符")
    return row.archive_no, snapshot  # type: ignore[return-value]


def payment_entry(context: Context, row: PaymentRow, batch: str) -> Transaction:
    archive_no, _snapshot = resolve_household(context.view, row)
    bank = context.bank_account(row.fund, row.place)
    seq = row.seq if _LINK_SAFE.match(row.seq) else import_key(row.seq)[:6]
    link = f"{batch}-{seq}"
    details = {key.replace("_", "-"): value for key, value in row.details.items() if value is not None}
    if "out-of-pocket" in details:
        details["out-of-pocket"] = Amount(details["out-of-pocket"], CURRENCY)
    if "school-level" in details:
        details["school-level"] = details["school-level"].label
    key = import_key("payment", archive_no, row.date, row.category.value, row.fund.value, row.amount, row.approval,
                     sorted((k, str(v)) for k, v in details.items()))
    meta = {
        "household": archive_no,
        "approval": row.approval,
        "method": row.method.label,
        "card": row.card,
        **details,
        "batch": batch,
        "note": row.note,
        "source": str(row.place),
        "import-key": key,
    }
    if row.id_checked:  # only what the sheet says: R11 judges a cash payment by it
        meta["id-checked"] = True
    if row.receipt:
        meta["receipt"] = row.receipt
    aid = aid_account(row.fund, row.category)
    problems = context.date_problems(row.place.with_column("发放日期"), row.date, (aid, bank))
    if problems:
        raise RowProblems(problems)
    postings = [_posting(aid, row.amount), _posting(bank, -row.amount)]
    narration = f"{row.date.year}年{row.category.label}（批次 {batch}）"
    return Transaction(_meta(meta), row.date, "*", row.name, narration, data.EMPTY_SET, frozenset({link}), postings)


# ---------------------------------------------------------------- receipts


def receipt_entry(context: Context, row: ReceiptRow) -> Transaction:
    bank = context.bank_account(row.fund, row.place)
    problems = context.date_problems(row.place.with_column("下达日期"), row.date, (bank, f"Income:Fund:{row.fund.value}"))
    if problems:
        raise RowProblems(problems)
    key = import_key("receipt", row.fund.value, row.notice, row.amount, row.date)
    meta = {"notice": row.notice, "note": row.note, "import-key": key}
    postings = [_posting(bank, row.amount), _posting(f"Income:Fund:{row.fund.value}", -row.amount)]
    narration = f"{row.notice} {row.fund.label}下达"
    payer = row.payer or row.fund.label
    return Transaction(_meta(meta), row.date, "*", payer, narration, data.EMPTY_SET, data.EMPTY_SET, postings)


# ---------------------------------------------------------------- bank results


def bank_entries(context: Context, rows: Iterable[BankRow], on: datetime.date | None, source: bytes) -> Converted:
    """Each result line matched to exactly one bank payment: same card (the
    payment's, else its household's), payee and amount, paid on the line's
    date or up to `bank-result-days` before it. A success becomes a
    `bank-result` record, a failure a reversing transaction, both dated by the
    line (`--date` only for a file without dates). A line whose payment
    already has that outcome adds nothing; zero or several candidates, or
    the other outcome already recorded, refuse the line listing them. The
    same file imported again (by content) adds nothing, whatever `--date`."""
    view = context.view
    rows = list(rows)
    out = context.imported_before(source, len(rows), "回盘文件")
    if out.duplicates:
        return out
    reversed_links = {p.fields.reverses: p for p in view.payments if p.fields.reverses is not None}
    confirmed = set(view.bank_results)
    window = datetime.timedelta(days=view.options.bank_result_days)
    by_card: dict[str, list[Payment]] = {}
    for payment in view.payments:
        if payment.is_reversal or payment.fields.method is not Method.BANK or not payment.number:
            continue
        household = view.household(payment.household, payment.date)
        card = payment.fields.card or (household.fields.card if household else None)
        if card:
            by_card.setdefault(card, []).append(payment)
    for row in rows:
        day = row.date or on
        if day is None:
            why = "没有交易日期：回盘文件无日期列时，请用 --date 指明银行处理日期"
            out.problems.append(RowProblem(row.place.with_column("交易日期"), why))
            continue
        line = import_key("bank-line", row.card, row.name, row.amount, row.success, day)
        if line in context.keys:
            out.duplicates += 1
            continue
        same_card = by_card.get(row.card, [])
        candidates = [p for p in same_card if p.payee == row.name and p.total == row.amount and day - window <= p.date <= day]

        def state(payment: Payment) -> str:
            link = payment.number or ""
            if link in reversed_links:
                return f"已被冲销（{reversed_links[link].date}）"
            return "已确认成功" if link in confirmed else "待回盘"

        def listed(payments: list[Payment]) -> str:
            return "；".join(f"^{p.number} {p.date} {p.payee} {p.total} 元 {state(p)}" for p in payments)

        what = f"卡号尾号 {row.card[-4:]}，{row.name}，{row.amount} 元，{'成功' if row.success else '失败'}，{day}"
        if len(candidates) != 1:
            if candidates:
                why = f"有 {len(candidates)} 笔付款都可能对应：{listed(candidates)}：请在回盘中注明日期或人工核对后分别处理"
            else:
                near = f"；同卡号的付款：{listed(same_card[-3:])}" if same_card else "；账本中没有该卡号的银行卡付款"
                why = (f"在 {day} 及之前 {view.options.bank_result_days} 天内没有卡号、户名、金额都相同的付款{near}："
                       "请核对卡号、户名、金额与交易日期，或先导入对应的发放名册")
            out.problems.append(RowProblem(row.place.with_column("银行卡号"), f"回盘行（{what}）{why}"))
            continue
        payment = candidates[0]
        link = payment.number or ""
        recorded = state(payment)
        if recorded != "待回盘":
            if (link in confirmed) == row.success:  # that outcome is in the ledger already
                out.duplicates += 1
                continue
            why = f"回盘行（{what}）对应的付款 ^{link} {recorded}，与本行结果矛盾：请与银行核实"
            out.problems.append(RowProblem(row.place.with_column("处理结果"), why))
            continue
        key = import_key("bank", link, row.success, row.amount)
        meta: dict[str, Any] = {"result-line": line, "import-key": key}
        if row.success:
            confirmed.add(link)
            out.entries.append((custom(day, "bank-result", [link, "success"], meta), row.place))
            continue
        meta = {"household": payment.household, "reverses": link, "reason": f"银行退回：{row.reason}", **meta}
        postings = [_posting(p.account, -p.units.number) for p in payment.entry.postings if p.units and p.units.number]
        narration = f"{payment.entry.narration}：银行退回"
        reversal = Transaction(_meta(meta), day, "*", row.name, narration, data.EMPTY_SET, frozenset({link}), postings)
        reversed_links[link] = payment
        out.entries.append((reversal, row.place))
    return out


# ---------------------------------------------------------------- bank statements


def statement_account(context: Context, rows: list[StatementRow]) -> dict[str, list[StatementRow]] | list[RowProblem | str]:
    """The statement's rows by the real bank account each belongs to: its
    本方账号 matching an `account-number:`, else `--account`, else the
    ledger's only bank account; never a guess (the candidates are named)."""
    accounts = bank_accounts(context.loaded)
    numbers = account_numbers(context.loaded)
    listed = "、".join(accounts) or "（无）"
    if context.account is not None and context.account not in accounts:
        return [f"--account {context.account} 不是账本中的银行账户：可选 {listed}"]
    if not accounts:
        return ["账本中没有银行账户（Assets:Bank:<银行>）：请先在科目表中开设"]
    found: dict[str, list[StatementRow]] = {}
    problems: list[RowProblem | str] = []
    for row in rows:
        account = context.account
        if row.account_no:
            by_number = numbers.get(row.account_no)
            if by_number is None and (len(accounts) > 1 or numbers):
                known = "、".join(f"{a}（账号尾号 {n[-4:]}）" for n, a in sorted(numbers.items())) or "没有账户写 account-number:"
                problems.append(RowProblem(row.place.with_column("本方账号"),
                                           f"本方账号尾号 {row.account_no[-4:]} 不是账本中任何银行账户的账号（{known}）："
                                           "请核对对账单，或在该账户的 open 行写 account-number: \"账号\""))
                continue
            if by_number is not None and account is not None and by_number != account:
                problems.append(RowProblem(row.place.with_column("本方账号"),
                                           f"本方账号属于 {by_number}，与 --account {account} 不符：请核对"))
                continue
            account = by_number or account
        if account is None:
            if len(accounts) > 1:
                problems.append(f"{row.place.file}：账本有 {len(accounts)} 个银行账户（{listed}），本对账单没有可识别的“本方账号”："
                                "请保留对账单的本方账号列（并在账户的 open 行写 account-number:），或用 --account 指明账户")
                return problems
            account = accounts[0]
        found.setdefault(account, []).append(row)
    return problems or found


def _chain_breaks(rows: list[StatementRow], column: str) -> list[RowProblem]:
    """Each row whose 余额 is not the previous row's plus its 收入 minus its 支出."""
    problems = []
    for before, row in itertools.pairwise(rows):
        expected = before.balance + row.amount
        if row.balance != expected:
            problems.append(RowProblem(row.place.with_column(column), (
                f"余额 {row.balance:,.2f} 不等于上一行（第 {before.place.row} 行）余额 {before.balance:,.2f} "
                f"{'+' if row.amount > 0 else '−'} 本行{'收入' if row.amount > 0 else '支出'} {abs(row.amount):,.2f} = "
                f"{expected:,.2f}：请核对本行与上一行的金额、余额（对账单应按交易顺序、不缺行）")))
    return problems


def statement_entries(context: Context, rows: list[StatementRow], source: bytes) -> Converted:
    """Each statement line a `bank-line` directive of its real bank account.
    The balance chain must hold in file order (or in reverse order, for a
    bank that lists the newest line first), and the first line must continue
    from the last line the ledger holds for the account when that one is
    earlier. A line the ledger holds already (same account, date, amount,
    balance, serial, counterparty, summary) adds nothing, nor does the same
    file (by content) imported again."""
    out = context.imported_before(source, len(rows), "对账单文件")
    if out.duplicates:
        return out
    grouped = statement_account(context, rows)
    if isinstance(grouped, list):
        out.problems += grouped
        return out
    known, _unreadable = bank_lines(context.loaded)
    for account, mine in grouped.items():
        dated = [p for row in mine for p in context.date_problems(row.place.with_column("交易日期"), row.date, (account,))]
        out.problems += dated
        ordered = mine
        breaks = _chain_breaks(mine, "余额")
        if breaks and len(mine) > 1 and not _chain_breaks(mine[::-1], "余额"):
            ordered = mine[::-1]  # newest first: the chain holds read upwards
        elif breaks:
            out.problems += breaks
            continue
        last = max((x for x in known if x.account == account), key=lambda x: (x.date, x.order), default=None)
        first = ordered[0]
        keys = [_line_key(account, row) for row in ordered]
        continues = last is None or last.date > first.date or keys[0] in context.keys
        if not continues and last is not None and first.balance != last.balance + first.amount:
            out.problems.append(RowProblem(first.place.with_column("余额"), (
                f"余额 {first.balance:,.2f} 与账本中 {account} 最后一条对账单行（{last.date}，余额 {last.balance:,.2f}，"
                f"{last.where}）不衔接：应为 {last.balance + first.amount:,.2f}。请核对是否漏导了中间的对账单，"
                "或本对账单的起始行")))
            continue
        if dated:
            continue
        for row, key in zip(ordered, keys, strict=True):
            if key in context.keys:
                out.duplicates += 1
                continue
            meta = {"balance": Amount(row.balance, CURRENCY), "counterparty": row.counterparty, "summary": row.summary,
                    "serial": row.serial, "source": str(row.place), "import-key": key}
            meta = {name: value for name, value in meta.items() if value is not None}
            values = [account_value(account), Amount(row.amount, CURRENCY)]
            out.entries.append((custom(row.date, BANK_LINE, values, meta), row.place))
    return out


def _line_key(account: str, row: StatementRow) -> str:
    return import_key("bank-line", account, row.date, row.amount, row.balance, row.serial or "", row.counterparty or "",
                      row.summary or "")


# ---------------------------------------------------------------- roster


IDENTITY = {"id-number": "身份证号", "sex": "性别", "birth-date": "出生日期"}  # changed only as a correction


def _shown(value: Any) -> str:
    return "（空）" if value is None else str(getattr(value, "label", value))


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Amount):
        old = old.number
    return str(getattr(old, "label", old)) == str(getattr(new, "label", new))


def aged_out_at(view: LedgerView, row: RosterRow) -> str | None:
    """A worker archived at or past the age at which an archive is cancelled
    (男 60、女 55 周岁 by default; seed 003 四(一)4) would be due for
    cancellation at once: said at archiving, the archive is still written."""
    checked = check_id(str(row.fields.get("id-number") or ""))
    if checked.errors or checked.birth is None:
        return None
    written = row.fields.get("sex")
    try:
        male = Sex.parse(written) is Sex.MALE if written else checked.male
    except ValueError:
        return None  # the sex cell's own problem is reported elsewhere
    aged = aged_out(checked.birth, male, row.archived_on, view.options)
    if aged is None:
        return None
    return (f"档案 {row.archive_no} 的{aged.sex}职工建档时已满 {aged.years} 周岁，"
            f"已达应注销年龄 {aged.limit} 周岁（设置 {aged.setting}；沐川办法 四(一)4）：建档后即应注销，请核对是否应当建档")


def roster_entries(context: Context, rows: list[RosterRow], members: list[MemberRow], on: datetime.date) -> Converted:
    """New archives become `archived` events; differences in known archives
    become one dated `changed` event each; members likewise. Active archives
    the roster leaves out are listed, never closed."""
    view = context.view
    out = Converted()
    listed = {row.archive_no for row in rows}
    places = {row.archive_no: row.place for row in rows}
    for row in rows:
        record = view.households.get(row.archive_no)
        future = context.date_problems(row.place.with_column("建档日期"), row.archived_on)
        if future:
            out.problems += future
            continue
        if record is None:
            key = import_key("archived", row.archive_no, sorted((k, str(v)) for k, v in row.fields.items()))
            entry = custom(row.archived_on, "household", [row.archive_no, "archived"], {**row.fields, "import-key": key})
            out.entries.append((entry, row.place))
            aged = aged_out_at(context.view, row)
            if aged:
                out.notes.append(f"{row.place}：{aged}")
            continue
        snapshot = record.at(on)
        current = {k.replace("_", "-"): v for k, v in snapshot.fields.__dict__.items() if v is not None}
        changed = {k: v for k, v in row.fields.items() if k not in current or not _same(current[k], v)}
        identity = {k: (current.get(k), v) for k, v in changed.items() if k in IDENTITY}
        if identity and not row.correction:
            shown = "；".join(f"{IDENTITY[k]}由“{_shown(old)}”改为“{_shown(new)}”" for k, (old, new) in identity.items())
            out.problems.append(RowProblem(
                row.place.with_column(IDENTITY[next(iter(identity))]),
                f"档案 {row.archive_no} 的{shown}：身份信息不随档案表更新而改变，请核对；确属更正时，请在“更正身份信息”列填“是”后重新导入",
            ))
            continue
        if changed:
            key = import_key("changed", row.archive_no, on, sorted((k, str(v)) for k, v in changed.items()))
            meta = {**changed, "import-key": key}
            if identity:
                meta["reason"] = "更正身份信息：" + "；".join(f"{IDENTITY[k]}原为“{_shown(old)}”" for k, (old, _new) in identity.items())
            entry = custom(on, "household", [row.archive_no, "changed"], meta)
            out.entries.append((entry, row.place))
    for member in members:
        record = view.households.get(member.archive_no)
        if record is None and member.archive_no not in listed:
            out.problems.append(RowProblem(
                member.place.with_column("档案编号"),
                f"档案编号“{member.archive_no}”既不在账本中，也不在本档案表的档案中：请核对，或把该户档案一并填入档案表",
            ))
            continue
        known = record.at(on).member(member.id_number) if record is not None else None
        day = on if record is not None else next((r.archived_on for r in rows if r.archive_no == member.archive_no), on)
        if known is None:
            values = sorted((k, str(v)) for k, v in member.fields.items())
            key = import_key("member", member.archive_no, member.id_number, values)
            entry = custom(day, "member", [member.archive_no, member.id_number], {**member.fields, "import-key": key})
            out.entries.append((entry, places.get(member.archive_no)))
            continue
        current = {k.replace("_", "-"): v for k, v in known.fields.__dict__.items() if v is not None}
        changed = {k: v for k, v in member.fields.items() if k not in current or not _same(current[k], v)}
        if changed:
            key = import_key("member-changed", member.archive_no, member.id_number, on, sorted((k, str(v)) for k, v in changed.items()))
            entry = custom(on, "member", [member.archive_no, member.id_number, "changed"], {**changed, "import-key": key})
            out.entries.append((entry, places.get(member.archive_no)))
    missing = [no for no, record in sorted(view.households.items()) if record.at(on).active and no not in listed]
    if missing:
        out.notes.append(f"账本中在档但本次档案表中没有的档案（未作任何处理，请核实）：{'、'.join(missing)}")
    return out


# ---------------------------------------------------------------- one converter per kind


def convert_roster(context: Context, path: Path, records: dict[str, list[Any]], on: datetime.date | None) -> Converted:
    return roster_entries(context, records["households"], records["members"], on or datetime.date.today())


def convert_batch(context: Context, path: Path, records: dict[str, list[Any]], on: datetime.date | None) -> Converted:
    """Payments; the batch number is the sheet's 批次号, else one made from
    the file's bytes (so that the same file gives the same numbers)."""
    batch = "PC" + hashlib.sha256(path.read_bytes()).hexdigest()[:8].upper()
    out = Converted()
    for row in records["payments"]:
        try:
            entry = payment_entry(context, row, row.batch or batch)
        except RowProblems as found:
            out.problems += found.problems
            continue
        except RowProblem as problem:
            out.problems.append(problem)
            continue
        if entry.meta["import-key"] not in context.keys and not context.allow_repeat:
            earlier = probable_repeat(context, entry)
            if earlier:
                days = context.view.options.repeat_days
                out.problems.append(RowProblem(
                    row.place.with_column("发放日期"),
                    f"疑似重复发放：{row.name} {row.category.label} {row.fund.label} {row.amount} 元（{row.date}）"
                    f"与{earlier}相隔不到 {days} 天：请核对；确需再次发放时用 --allow-repeat 确认",
                ))
                continue
        context.planned.append((entry, row.place))
        out.entries.append((entry, row.place))
    return out


def probable_repeat(context: Context, entry: Transaction) -> str | None:
    """An earlier payment (in the ledger and not reversed, or earlier in
    this import) to the same household, of the same category, fund and
    amount and for the same student, bill, trade or case, fewer than
    `repeat-days` days apart; described for the officer."""
    view = context.view
    window = view.options.repeat_days
    household = entry.meta["household"]
    same = _repeat_key(entry)
    reversed_links = {p.fields.reverses for p in view.payments if p.fields.reverses}
    for payment in view.payments:
        if payment.household != household or payment.is_reversal or payment.number in reversed_links:
            continue
        if abs((payment.date - entry.date).days) < window and _repeat_key(payment.entry) == same:
            where = payment.fields.source or payment.entry.meta.get("document") or "手工记账"
            place = f"{payment.entry.meta.get('filename')}:{payment.entry.meta.get('lineno')}"
            return f"已有付款 ^{payment.number}（{payment.date}，来源：{where}；账本 {place}）"
    for other, row in context.planned:
        if other.meta["household"] == household and abs((other.date - entry.date).days) < window and _repeat_key(other) == same:
            return f"本次导入的 {row}"
    return None


def _repeat_key(entry: Transaction) -> tuple[Any, ...]:
    lines = sorted((p.account, p.units.number) for p in entry.postings if p.units and p.account.startswith("Expenses:"))
    return (*lines, *(str(entry.meta.get(name, "")) for name in ("student", "bill", "trade", "case")))


def convert_appropriation(context: Context, path: Path, records: dict[str, list[Any]], on: datetime.date | None) -> Converted:
    """Receipts; a notice number (文号) is recorded once per fund: the same
    文号 with the same date and amount is the same receipt (adds nothing),
    with another date or amount it is refused, naming the existing entry."""
    out = Converted()
    known = _receipts(context)
    for row in records["receipts"]:
        try:
            entry = receipt_entry(context, row)
        except RowProblems as several:
            out.problems += several.problems
            continue
        except RowProblem as problem:
            out.problems.append(problem)
            continue
        found = known.get((row.fund, row.notice))
        if found is not None:
            day, number, where = found
            if (day, number) != (row.date, row.amount):
                out.problems.append(RowProblem(
                    row.place.with_column("文号"),
                    f"{row.fund.label}文号“{row.notice}”已记为 {day} 下达 {number} 元（{where}），"
                    f"本行为 {row.date} {row.amount} 元：同一文号只记一次；原记录有误请先更正原记录",
                ))
                continue
            if entry.meta["import-key"] not in context.keys:  # recorded by hand, same facts
                out.duplicates += 1
                continue
        known[(row.fund, row.notice)] = (row.date, row.amount, str(row.place))
        out.entries.append((entry, row.place))
    return out


def _receipts(context: Context) -> dict[tuple[Fund, str], tuple[datetime.date, Decimal, str]]:
    """The ledger's fund receipts by (fund, 文号)."""
    found: dict[tuple[Fund, str], tuple[datetime.date, Decimal, str]] = {}
    for entry in context.loaded.entries:
        notice = entry.meta.get("notice") if isinstance(entry, Transaction) else None
        if not notice:
            continue
        for posting in entry.postings:
            fund = income_fund(posting.account)
            if fund is not None and posting.units is not None and posting.units.number is not None:
                where = f"{entry.meta.get('filename')}:{entry.meta.get('lineno')}"
                found[(fund, str(notice))] = (entry.date, -posting.units.number, where)
    return found


def convert_bank(context: Context, path: Path, records: dict[str, list[Any]], on: datetime.date | None) -> Converted:
    return bank_entries(context, records["results"], on, path.read_bytes())


def convert_statement(context: Context, path: Path, records: dict[str, list[Any]], on: datetime.date | None) -> Converted:
    return statement_entries(context, records["lines"], path.read_bytes())
