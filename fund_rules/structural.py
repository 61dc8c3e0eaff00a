"""Structural checks: every reference in the ledger resolves.

Each check is a small function `view -> errors`. Citations point at
../shared/seeds/ and domain.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from beancount.core.data import Open, Transaction

from fund_rules.codes import S10, S11, S12, S13, S14, S15, S16, S18
from ledger.accounts import AID_ROOT, asset_fund, income_fund, parse_aid_account
from ledger.books import book_accounts, code_problem
from ledger.errors import LedgerError
from ledger.money import money
from ledger.payments import DOCUMENT_LINK, CategoryFields, Payment
from ledger.view import LedgerView
from ledger.vocab import WILDCARD, Category, Fund, StandardKind

Check = Callable[[LedgerView], Iterator[LedgerError]]


def unknown_household(view: LedgerView) -> Iterator[LedgerError]:
    """S10: payments and members name an archived household.
    "先建档、后帮扶" (seed 003 三(一))."""
    for payment in view.payments:
        if payment.household not in view.households:
            yield S10.at(
                payment.entry,
                f"付款引用的档案编号 “{payment.household}” 不存在：请核对编号，或先用 "
                f'custom "household" "{payment.household}" "archived" 建档',
                household=payment.household,
                payment=payment.number,
            )
    for member in view.orphan_members:
        yield S10.at(
            member.entry,
            f"成员 {member.id_number} 所属档案 “{member.archive_no}” 不存在：请先建档或更正档案编号",
            household=member.archive_no,
        )


def unknown_locality(view: LedgerView) -> Iterator[LedgerError]:
    """S11: households and locality standards name a declared locality, so a
    typo never leaves a household without its 低保 standard."""
    declared = view.localities
    hint = "请先用 custom \"locality\" \"名称\" 声明该地区，或更正拼写"
    for record in view.households.values():
        for event in record.events:
            locality = event.fields.locality
            if locality is not None and locality not in declared:
                text = f"档案 {record.archive_no} 的地区 “{locality}” 未声明：{hint}"
                yield S11.at(event.entry, text, household=record.archive_no)
    for standard in view.standards:
        scoped_by_locality = standard.kind in (StandardKind.DIBAO, StandardKind.EDUCATION, StandardKind.LEGAL)
        names = []
        if scoped_by_locality and standard.scope != WILDCARD:
            names.append(standard.scope)
        if standard.locality is not None:
            names.append(standard.locality)
        for name in names:
            if name not in declared:
                yield S11.at(standard.entry, f"{standard.kind.label}的地区 “{name}” 未声明：{hint}")
        if standard.kind is StandardKind.FESTIVAL and standard.scope != WILDCARD:
            try:
                Fund.parse(standard.scope)
            except ValueError as exc:
                yield S11.at(standard.entry, f"送温暖标准的适用资金{exc}，或写 \"*\" 表示全部资金")


def missing_standard(view: LedgerView) -> Iterator[LedgerError]:
    """S12: a category with a cap has a standard in force on the payment date
    (seed 003 二 1-5); without one the cap cannot be checked."""
    for payment in view.payments:
        if payment.is_reversal:
            continue
        household = view.household(payment.household, payment.date)
        locality = household.fields.locality if household is not None else None
        if locality is None:
            continue
        for line in payment.lines:
            problem = _missing_for_line(view, payment, line.category, line.details, locality)
            if problem is not None:
                yield S12.at(payment.entry, problem, household=payment.household, payment=payment.number)


def _missing_for_line(
    view: LedgerView, payment: Payment, category: Category, details: CategoryFields, locality: str
) -> str | None:
    standards = view.standards
    day = payment.date
    if category is Category.LIVING and standards.at(StandardKind.DIBAO, locality, day) is None:
        return f'{day} 地区 “{locality}” 没有生效的低保标准，无法核算生活救助上限：请补充 custom "standard" "dibao"'
    level = details.school_level
    if category is Category.EDUCATION and level is not None and standards.at(
        StandardKind.EDUCATION, locality, day, level
    ) is None:
        return (
            f"{day} 地区 “{locality}” 没有生效的基本生活费标准（学段 {level.label}），"
            '无法核算助学上限：请补充 custom "standard" "education"'
        )
    trade = details.trade
    if category is Category.TRAINING and trade is not None and standards.at(StandardKind.TRAINING, trade, day) is None:
        return f'{day} 工种 “{trade}” 没有生效的培训标准：请补充 custom "standard" "training" "{trade}"'
    if (
        category is Category.LEGAL
        and standards.at(StandardKind.LEGAL, locality, day) is None
        and standards.at(StandardKind.LEGAL, WILDCARD, day) is None
    ):
        return f'{day} 地区 “{locality}” 没有生效的法律援助补贴标准：请补充 custom "standard" "legal"'
    return None


def aid_accounts(view: LedgerView) -> Iterator[LedgerError]:
    """S13: aid is booked on Expenses:Aid:<Fund>:<Category>, and fund money
    pays nothing but aid (seed 003 二: the funds are for the listed aid
    projects; domain.md: no running costs, buildings or fixed assets)."""
    funds = "、".join(f.value for f in Fund)
    categories = "、".join(f"{c.value}（{c.label}）" for c in view.categories)
    for entry in view.entries:
        if isinstance(entry, Open) and entry.account.startswith(AID_ROOT + ":"):
            if len(entry.account.split(":")) == 4 and parse_aid_account(entry.account, view.categories) is None:
                text = f"科目 {entry.account} 不合规：应为 Expenses:Aid:<资金>:<类别>，资金为 {funds}，类别为 {categories}"
                yield S13.at(entry, text)
            elif len(entry.account.split(":")) > 4:
                yield S13.at(entry, f"科目 {entry.account} 层级过深：应为 Expenses:Aid:<资金>:<类别>")
        if not isinstance(entry, Transaction):
            continue
        uses_fund = any(asset_fund(p.account) is not None for p in entry.postings)
        for posting in entry.postings:
            account = posting.account
            if account.startswith(AID_ROOT + ":") and parse_aid_account(account, view.categories) is None:
                yield S13.at(entry, f"科目 {account} 不合规：应为 Expenses:Aid:<资金>:<类别>（类别为 {categories}）")
            elif account.startswith("Expenses:") and not account.startswith(AID_ROOT + ":") and uses_fund:
                yield S13.at(entry, f"专项帮扶资金不得支付帮扶以外的支出（{account}）：请改用非专项资金账户支付")


def fund_consistency(view: LedgerView) -> Iterator[LedgerError]:
    """S14: 专款专用 (seed 003 三, 四) - each fund's money stays in that fund: in
    a transaction, every fund named by an aid or receipt posting nets to zero
    over the postings of that fund, and when two funds meet each nets to zero."""
    for entry in view.entries:
        if not isinstance(entry, Transaction):
            continue
        net: dict[Fund, Decimal] = defaultdict(Decimal)
        named: set[Fund] = set()
        for posting in entry.postings:
            if posting.units is None or posting.units.number is None:
                continue
            account = posting.account
            aid = parse_aid_account(account, view.categories)
            fund = aid.fund if aid is not None else income_fund(account) or asset_fund(account)
            if fund is None:
                continue
            if aid is not None or income_fund(account) is not None:
                named.add(fund)
            net[fund] += posting.units.number
        checked = set(net) if len(net) > 1 else named
        unbalanced = {fund: amount for fund, amount in net.items() if fund in checked and amount != 0}
        if unbalanced:
            detail = "，".join(f"{fund.label} 差额 {money(amount)} 元" for fund, amount in unbalanced.items())
            yield S14.at(
                entry,
                f"各资金收支须在本资金账户内平衡（专款专用）：{detail}。"
                "请让支出科目 Expenses:Aid:<资金>:… 与付款账户 Assets:…:<资金> 使用同一资金",
                fund=next(iter(unbalanced)),
            )


def reversal_targets(view: LedgerView) -> Iterator[LedgerError]:
    """S15: a reversal names an earlier payment to the same household, with
    negative aid lines, and never reverses more than was paid per fund and
    category."""
    reversed_so_far: dict[tuple[str, Fund, Category], Decimal] = defaultdict(Decimal)
    for payment in view.payments:
        target_link = payment.fields.reverses
        if target_link is None:
            continue
        subject = payment.household
        original = view.by_link.get(target_link)
        if original is None:
            text = f"冲销引用的原付款编号 ^{target_link} 不存在：原付款须带有链接 ^{target_link}"
            yield S15.at(payment.entry, text, household=subject, payment=target_link)
            continue
        if original.household != payment.household:
            text = f"冲销的档案 {payment.household} 与原付款 ^{target_link} 的档案 {original.household} 不一致"
            yield S15.at(payment.entry, text, household=subject, payment=target_link)
            continue
        if original.date > payment.date:
            text = f"冲销日期 {payment.date} 早于原付款日期 {original.date}"
            yield S15.at(payment.entry, text, household=subject, payment=target_link)
        paid: dict[tuple[Fund, Category], Decimal] = defaultdict(Decimal)
        for line in original.lines:
            paid[(line.fund, line.category)] += line.amount
        for line in payment.lines:
            if line.amount >= 0:
                text = f"冲销分录 {line.posting.account} 的金额应为负数，实为 {line.amount}"
                yield S15.at(payment.entry, text, fund=line.fund, household=subject, payment=target_link)
                continue
            key = (target_link, line.fund, line.category)
            reversed_so_far[key] += -line.amount
            limit = paid.get((line.fund, line.category), Decimal(0))
            if reversed_so_far[key] > limit:
                text = (
                    f"冲销 {line.fund.label}{line.category.label} 累计 {money(reversed_so_far[key])} 元，"
                    f"超过原付款 ^{target_link} 的 {money(limit)} 元"
                )
                yield S15.at(payment.entry, text, fund=line.fund, household=subject, payment=target_link)


def duplicate_links(view: LedgerView) -> Iterator[LedgerError]:
    """S16: a payment number (link) identifies one payment, so reversals and
    bank results find exactly one original."""
    seen: dict[str, Payment] = {}
    for payment in view.payments:
        if payment.is_reversal:
            continue
        for link in sorted(payment.links):
            if link.startswith(DOCUMENT_LINK):
                continue  # added by Fava's link_documents plugin
            first = seen.setdefault(link, payment)
            if first is not payment:
                where = f"{first.entry.meta['filename']}:{first.entry.meta['lineno']}"
                text = f"付款编号 ^{link} 已被另一笔付款使用（{where}）：每笔付款的编号须唯一"
                yield S16.at(payment.entry, text, household=payment.household, payment=link)


def book_codes(view: LedgerView) -> Iterator[LedgerError]:
    """S18: every account has its code in the union's books (工会会计制度,
    财会〔2021〕7号; docs/books.md): a code written on an `open` line is one of
    the chart's (or a sub-account below one), and an aid account has a code -
    the built-in categories by default, a declared category by its
    declaration's or its accounts' `code:`."""
    opens = {e.account: e for e in view.entries if isinstance(e, Open)}
    for account, booked in book_accounts(view).items():
        entry = opens[account]
        if booked.code is not None:
            problem = code_problem(booked.code)
            if problem:
                yield S18.at(entry, f"科目 {account}：{problem}")
            continue
        aid = parse_aid_account(account, view.categories)
        if aid is not None:
            text = (
                f"科目 {account}（{aid.category.label}）没有工会会计制度科目编码：在 open 行写 `code: \"50404\"`，"
                f"或在类别声明 custom \"category\" \"{aid.category.value}\" 中写 `code:`"
            )
            yield S18.at(entry, text)


STRUCTURAL_CHECKS: tuple[Check, ...] = (
    unknown_household,
    unknown_locality,
    missing_standard,
    aid_accounts,
    fund_consistency,
    reversal_targets,
    duplicate_links,
    book_codes,
)
