"""Payments: transactions that post to `Expenses:Aid:<Fund>:<Category>`.

A payment names its household, approval form and method in transaction
metadata; category fields (bill, student, trade, case) may sit on the
transaction or, when one transaction mixes categories, on each posting.
A reversal (bank return, cancelled payment) is a transaction with
`reverses: "<link of the original>"` and negated aid postings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core.data import Transaction
from pydantic import Field, ValidationError

from ledger.accounts import AID_ROOT, parse_aid_account
from ledger.errors import S04, S05, LedgerError
from ledger.fields import (
    CardNumber,
    Day,
    IdNumber,
    MetaModel,
    MethodValue,
    Money,
    SchoolLevelValue,
    Text,
    construct,
    describe_validation,
    fast_validate,
    user_meta,
)
from ledger.vocab import BUILTIN_CATEGORIES, Categories, Category, Fund


class CategoryFields(MetaModel):
    """Per-category evidence (seed 003 二 1-5)."""

    bill: Text | None = Field(None, title="医疗票据号")
    out_of_pocket: Money | None = Field(None, title="个人自付金额")
    student: IdNumber | None = Field(None, title="学生身份证号")
    school_level: SchoolLevelValue | None = Field(None, title="学段")
    trade: Text | None = Field(None, title="培训工种")
    case: Text | None = Field(None, title="法律援助案件号")
    person: IdNumber | None = Field(None, title="受助人身份证号（按人计的上限）")
    note: Text | None = Field(None, title="备注")


class PaymentFields(CategoryFields):
    household: Text | None = Field(None, title="档案编号")
    approval: Text | None = Field(None, title="审批表编号")
    method: MethodValue | None = Field(None, title="发放方式")
    card: CardNumber | None = Field(None, title="收款银行卡号")
    id_checked: bool | None = Field(None, title="已核验身份证（现金）")
    receipt: Text | None = Field(None, title="签收单据（现金）")
    reverses: Text | None = Field(None, title="冲销的原付款编号")
    reason: Text | None = Field(None, title="冲销原因")
    batch: Text | None = Field(None, title="发放批次")
    import_key: Text | None = Field(None, title="导入键")
    result_line: Text | None = Field(None, title="银行回盘行的标识（bangfu import 写入）")
    source: Text | None = Field(None, title="来源表格行（bangfu import 写入）")
    reported: Day | None = Field(None, title="录入全国困难职工帮扶系统的日期")


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """One aid posting: fund x category x amount, with its category fields."""

    fund: Fund
    category: Category
    amount: Decimal
    details: CategoryFields
    posting: Any


# Links Fava's link_documents plugin adds to entries that name a document.
DOCUMENT_LINK = "dok-"


@dataclass(frozen=True, slots=True)
class Payment:
    date: datetime.date
    household: str
    payee: str | None
    fields: PaymentFields
    lines: tuple[PaymentLine, ...]
    links: frozenset[str]
    entry: Transaction

    @property
    def is_reversal(self) -> bool:
        return self.fields.reverses is not None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def number(self) -> str | None:
        """The payment number: its own link (a reversal carries the number of
        the payment it reverses), not a document link."""
        own = sorted(link for link in self.links if not link.startswith(DOCUMENT_LINK))
        return own[0] if own else None


@dataclass(frozen=True, slots=True)
class Counted:
    """One payment line as counted against caps: a reversal counts against
    the same caps as the line it reverses, carrying that line's category
    fields, with its own (negative) amount and date."""

    payment: Payment
    line: PaymentLine
    details: CategoryFields
    order: int  # position in the ledger, for "which payment crossed the cap"
    # From when it counts: its date, or for a reversal dated before the
    # payment it reverses, that payment's date (it reverses nothing earlier).
    counts_from: datetime.date

    @property
    def amount(self) -> Decimal:
        return self.line.amount

    @property
    def date(self) -> datetime.date:
        return self.payment.date


def touches_aid(entry: Transaction) -> bool:
    return any(p.account.startswith(AID_ROOT) for p in entry.postings)


def read_payment(
    entry: Transaction, categories: Categories = BUILTIN_CATEGORIES
) -> tuple[Payment | None, list[LedgerError]]:
    """Build a Payment from a transaction posting to Expenses:Aid, whose
    categories are the ledger's `categories`.

    Returns (None, errors) when the transaction metadata cannot be read.
    Aid postings with a malformed account are skipped here; fund_rules
    reports them (S13).
    """
    errors: list[LedgerError] = []
    meta = user_meta(entry.meta)
    fields = fast_validate(PaymentFields, meta)
    if fields is None:
        try:
            fields = PaymentFields.model_validate(meta)
        except ValidationError as exc:
            text = "；".join(describe_validation(exc, PaymentFields))
            return None, [S04.at(entry, f"付款元数据有误：{text}")]
    reversal = fields.reverses is not None
    missing = [
        key
        for key, value in (("household", fields.household), ("approval", fields.approval), ("method", fields.method))
        if value is None and not (reversal and key != "household")
    ]
    if missing:
        names = "、".join(f"`{k}`（{PaymentFields.model_fields[k].title}）" for k in missing)
        errors.append(S04.at(entry, f"付款缺少必填字段：{names}", household=fields.household))
        if fields.household is None:
            return None, errors

    lines = []
    for posting in entry.postings:
        aid = parse_aid_account(posting.account, categories)
        if aid is None or posting.units is None or posting.units.number is None:
            continue
        details: CategoryFields = fields
        posting_meta = user_meta(posting.meta)
        if posting_meta:
            override = fast_validate(CategoryFields, posting_meta)
            try:
                override = override or CategoryFields.model_validate(posting_meta)
            except ValidationError as exc:
                text = "；".join(describe_validation(exc, CategoryFields))
                errors.append(S04.at(entry, f"{posting.account} 分录元数据有误：{text}", household=fields.household))
                continue
            merged = {**_set_fields(fields, CategoryFields), **_set_fields(override, CategoryFields)}
            details = construct(CategoryFields, merged)
        if not reversal:
            absent = [k for k in aid.category.required if getattr(details, k) is None]
            if absent:
                names = "、".join(f"`{k.replace('_', '-')}`（{CategoryFields.model_fields[k].title}）" for k in absent)
                errors.append(S05.at(entry, f"{aid.category.label}付款缺少：{names}", household=fields.household))
        lines.append(PaymentLine(aid.fund, aid.category, posting.units.number, details, posting))

    payment = Payment(
        date=entry.date,
        household=fields.household,  # type: ignore[arg-type]
        payee=entry.payee,
        fields=fields,
        lines=tuple(lines),
        links=frozenset(entry.links or ()),
        entry=entry,
    )
    return payment, errors


def _set_fields(model: Any, target: type[MetaModel]) -> dict[str, Any]:
    return {name: getattr(model, name) for name in target.model_fields if getattr(model, name, None) is not None}
