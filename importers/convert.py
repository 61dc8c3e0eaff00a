"""Parsed rows -> beancount entries, against the current ledger.

Every entry carries `import-key`: a hash of what the row says (not of the
file name), so importing the same rows again adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from beancount.core import data
from beancount.core.amount import Amount
from beancount.core.data import Open, Transaction

from importers.kinds import (
    BankRow,
    MemberRow,
    PaymentRow,
    ReceiptRow,
    RosterRow,
    RowProblem,
)
from ledger.accounts import Pot, aid_account, asset_pot
from ledger.archive import Archive, HouseholdSnapshot
from ledger.build import custom
from ledger.loader import Loaded
from ledger.vocab import Fund, Method

CNY = "CNY"
_LINK_SAFE = re.compile(r"^[A-Za-z0-9\-_/.]+$")


def import_key(*parts: Any) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:20]


@dataclass
class Context:
    """What converters need from the ledger, read once."""

    loaded: Loaded
    keys: set[str] = field(default_factory=set)  # import keys already in the ledger
    banks: dict[Pot, str] = field(default_factory=dict)  # fund pot -> asset account

    @classmethod
    def of(cls, loaded: Loaded) -> Context:
        context = cls(loaded)
        for entry in loaded.entries:
            key = entry.meta.get("import-key") if entry.meta else None
            if key:
                context.keys.add(key)
            if isinstance(entry, Open) and entry.account.startswith("Assets:Bank:"):
                pot = asset_pot(entry.account)
                if pot is not None:
                    context.banks.setdefault(pot, entry.account)
        return context

    @property
    def archive(self) -> Archive:
        return self.loaded.archive

    def bank_account(self, fund: Fund, place) -> str:
        account = self.banks.get(Pot(fund, None))
        if account is None:
            raise RowProblem(place, f"账本中没有{fund.label}的银行子科目（如 Assets:Bank:ICBC:{fund.value}）：请先在科目表中开设")
        return account


def _meta(values: dict[str, Any]) -> dict[str, Any]:
    return data.new_metadata("<import>", 0, {k: v for k, v in values.items() if v is not None})


def _posting(account: str, number: Decimal) -> data.Posting:
    return data.Posting(account, Amount(number, CNY), None, None, None, None)


# ---------------------------------------------------------------- payments


def resolve_household(archive: Archive, row: PaymentRow) -> tuple[str, HouseholdSnapshot]:
    """Find the household by archive no. or ID number; the name must match."""
    if row.archive_no:
        record = archive.households.get(row.archive_no)
        if record is None or not record.events:
            raise RowProblem(row.place.with_column("档案编号"), f"档案编号“{row.archive_no}”不在账本中：请核对，或先导入档案")
        snapshot = record.at(row.date)
    else:
        matches = [
            (no, r.at(row.date)) for no, r in archive.households.items() if r.events and r.at(row.date).fields.id_number == row.id_number
        ]
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
    archive_no, _snapshot = resolve_household(context.archive, row)
    bank = context.bank_account(row.fund, row.place)
    seq = row.seq if _LINK_SAFE.match(row.seq) else import_key(row.seq)[:6]
    link = f"{batch}-{seq}"
    details = {key.replace("_", "-"): value for key, value in row.details.items() if value is not None}
    if "out-of-pocket" in details:
        details["out-of-pocket"] = Amount(details["out-of-pocket"], CNY)
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
        "import-key": key,
    }
    if row.method is Method.CASH:
        meta["id-checked"] = True
        meta["receipt"] = f"{batch} 发放名册第 {row.place.row} 行签收"
    postings = [_posting(aid_account(row.fund, row.category), row.amount), _posting(bank, -row.amount)]
    narration = f"{row.date.year}年{row.category.label}（批次 {batch}）"
    return Transaction(_meta(meta), row.date, "*", row.name, narration, data.EMPTY_SET, frozenset({link}), postings)


# ---------------------------------------------------------------- receipts


def receipt_entry(context: Context, row: ReceiptRow) -> Transaction:
    bank = context.bank_account(row.fund, row.place)
    key = import_key("receipt", row.fund.value, row.notice, row.amount, row.date)
    meta = {"notice": row.notice, "note": row.note, "import-key": key}
    postings = [_posting(bank, row.amount), _posting(f"Income:Fund:{row.fund.value}", -row.amount)]
    narration = f"{row.notice} {row.fund.label}下达"
    return Transaction(_meta(meta), row.date, "*", row.payer or row.fund.label, narration, data.EMPTY_SET, data.EMPTY_SET, postings)


# ---------------------------------------------------------------- bank results


@dataclass
class BankOutcome:
    entries: list[Any]
    unmatched: list[BankRow]


def bank_entries(context: Context, rows: Iterable[BankRow], file_date: datetime.date) -> BankOutcome:
    """Match each result line to one bank payment (card, amount, name); a
    failure becomes a reversing transaction, a success a `bank-result` record."""
    archive = context.archive
    reversed_links = {p.fields.reverses for p in archive.payments if p.is_reversal}
    matched: set[str] = set()
    for entry in context.loaded.entries:
        if getattr(entry, "type", None) == "bank-result":
            matched.add(entry.values[0].value)
    out = BankOutcome([], [])
    candidates = [p for p in archive.payments if not p.is_reversal and p.fields.method is Method.BANK and p.links]
    for row in rows:
        day = row.date or file_date
        found = _match(archive, candidates, row, day, lambda link: link not in matched and link not in reversed_links)
        # A line matched by an earlier import of the same file: rebuild the
        # same entry, whose import key then marks it as already imported.
        found = found or _match(archive, candidates, row, day, lambda link: True)
        if found is None:
            out.unmatched.append(row)
            continue
        payment, link = found
        matched.add(link)
        key = import_key("bank", link, row.success, row.amount)
        if row.success:
            out.entries.append(custom(day, "bank-result", [link, "success"], {"import-key": key}))
            continue
        reversed_links.add(link)
        meta = {"household": payment.household, "reverses": link, "reason": f"银行退回：{row.reason}", "import-key": key}
        postings = []
        for posting in payment.entry.postings:
            postings.append(_posting(posting.account, -posting.units.number))
        narration = f"{payment.entry.narration}：银行退回"
        out.entries.append(
            Transaction(_meta(meta), day, "*", row.name, narration, data.EMPTY_SET, frozenset({link}), postings)
        )
    return out


def _match(archive: Archive, candidates, row: BankRow, day: datetime.date, usable) -> tuple[Any, str] | None:
    for payment in sorted(candidates, key=lambda p: p.date, reverse=True):
        link = sorted(payment.links)[0]
        if not usable(link) or payment.date > day:
            continue
        household = archive.household(payment.household, payment.date)
        card = payment.fields.card or (household.fields.card if household else None)
        if card == row.card and payment.total == row.amount and payment.payee == row.name:
            return payment, link
    return None


# ---------------------------------------------------------------- roster


@dataclass
class RosterOutcome:
    entries: list[Any]
    missing: list[str]  # active archives not in the roster (reported, never closed)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Amount):
        old = old.number
    return str(getattr(old, "label", old)) == str(getattr(new, "label", new))


def roster_entries(context: Context, rows: list[RosterRow], members: list[MemberRow], on: datetime.date) -> RosterOutcome:
    """New archives become `archived` events; differences in known archives
    become one dated `changed` event each; members likewise."""
    archive = context.archive
    out = RosterOutcome([], [])
    listed = {row.archive_no for row in rows}
    for row in rows:
        record = archive.households.get(row.archive_no)
        if record is None or not record.events:
            key = import_key("archived", row.archive_no, sorted((k, str(v)) for k, v in row.fields.items()))
            out.entries.append(custom(row.archived_on, "household", [row.archive_no, "archived"], {**row.fields, "import-key": key}))
            continue
        snapshot = record.at(on)
        current = {k.replace("_", "-"): v for k, v in snapshot.fields.__dict__.items() if v is not None}
        changed = {k: v for k, v in row.fields.items() if k not in current or not _same(current[k], v)}
        if changed:
            key = import_key("changed", row.archive_no, on, sorted((k, str(v)) for k, v in changed.items()))
            out.entries.append(custom(on, "household", [row.archive_no, "changed"], {**changed, "import-key": key}))
    for member in members:
        record = archive.households.get(member.archive_no)
        known = record.at(on).member(member.id_number) if record is not None and record.events else None
        day = on if known is not None or (record is not None and record.events) else next(
            (r.archived_on for r in rows if r.archive_no == member.archive_no), on
        )
        if known is None:
            key = import_key("member", member.archive_no, member.id_number, sorted((k, str(v)) for k, v in member.fields.items()))
            out.entries.append(custom(day, "member", [member.archive_no, member.id_number], {**member.fields, "import-key": key}))
            continue
        current = {k.replace("_", "-"): v for k, v in known.fields.__dict__.items() if v is not None}
        changed = {k: v for k, v in member.fields.items() if k not in current or not _same(current[k], v)}
        if changed:
            key = import_key("member-changed", member.archive_no, member.id_number, on, sorted((k, str(v)) for k, v in changed.items()))
            out.entries.append(
                custom(on, "member", [member.archive_no, member.id_number, "changed"], {**changed, "import-key": key})
            )
    for no, record in sorted(archive.households.items()):
        if record.events and record.at(on).active and no not in listed:
            out.missing.append(no)
    return out
