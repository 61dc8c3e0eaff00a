"""Structural checks: every reference in the ledger resolves.

Each check is a small function `(archive, entries) -> errors`; the rules
issue adds the caps beside these. Citations point at ../shared/seeds/ and
domain.md.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Callable, Iterable

from beancount.core.data import Open, Transaction

from fund_rules.errors import FundRuleError, violation
from ledger.accounts import AID_ROOT, asset_fund, income_fund, parse_aid_account
from ledger.archive import Archive
from ledger.payments import Payment
from ledger.vocab import WILDCARD, Category, Fund, StandardKind

Check = Callable[[Archive, list[Any]], Iterable[FundRuleError]]


def unknown_household(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S10: payments and members name an archived household.
    "先建档、后帮扶" (seed 003 三(一))."""
    for payment in archive.payments:
        record = archive.households.get(payment.household)
        if record is None or not record.events:
            yield violation(
                "S10",
                payment.entry,
                f"付款引用的档案编号 “{payment.household}” 不存在：请核对编号，或先用 "
                f'custom "household" "{payment.household}" "archived" 建档',
            )
    for record in archive.households.values():
        if record.events:
            continue
        for member in record.members:
            yield violation(
                "S10",
                member.entry,
                f"成员 {member.id_number} 所属档案 “{record.archive_no}” 不存在：请先建档或更正档案编号",
            )


def unknown_locality(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S11: households and locality standards name a declared locality, so a
    typo never leaves a household without its 低保 standard."""
    declared = archive.localities
    hint = "请先用 custom \"locality\" \"名称\" 声明该地区，或更正拼写"
    for record in archive.households.values():
        for event in record.events:
            locality = event.fields.locality
            if locality is not None and locality not in declared:
                yield violation("S11", event.entry, f"档案 {record.archive_no} 的地区 “{locality}” 未声明：{hint}")
    for standard in archive.standards:
        scoped_by_locality = standard.kind in (StandardKind.DIBAO, StandardKind.EDUCATION, StandardKind.LEGAL)
        names = []
        if scoped_by_locality and standard.scope != WILDCARD:
            names.append(standard.scope)
        if standard.locality is not None:
            names.append(standard.locality)
        for name in names:
            if name not in declared:
                yield violation("S11", standard.entry, f"{standard.kind.label}的地区 “{name}” 未声明：{hint}")
        if standard.kind is StandardKind.FESTIVAL and standard.scope != WILDCARD:
            try:
                Fund.parse(standard.scope)
            except ValueError as exc:
                yield violation("S11", standard.entry, f"送温暖标准的适用资金{exc}，或写 \"*\" 表示全部资金")


def missing_standard(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S12: a category with a cap has a standard in force on the payment date
    (seed 003 二 1-5); without one the cap cannot be checked."""
    for payment in archive.payments:
        if payment.is_reversal:
            continue
        household = archive.household(payment.household, payment.date)
        locality = household.fields.locality if household is not None else None
        if locality is None:
            continue
        for line in payment.lines:
            problem = _missing_for_line(archive, payment, line.category, line.details, locality)
            if problem is not None:
                yield violation("S12", payment.entry, problem)


def _missing_for_line(archive: Archive, payment: Payment, category: Category, details: Any, locality: str) -> str | None:
    standards = archive.standards
    day = payment.date
    if category is Category.LIVING and standards.at(StandardKind.DIBAO, locality, day) is None:
        return f"{day} 地区 “{locality}” 没有生效的低保标准，无法核算生活救助上限：请补充 custom \"standard\" \"dibao\""
    if category is Category.EDUCATION and details.school_level is not None:
        if standards.at(StandardKind.EDUCATION, locality, day, details.school_level) is None:
            return (
                f"{day} 地区 “{locality}” 没有生效的基本生活费标准（学段 {details.school_level.label}），"
                '无法核算助学上限：请补充 custom "standard" "education"'
            )
    if category is Category.TRAINING and details.trade is not None:
        if standards.at(StandardKind.TRAINING, details.trade, day) is None:
            return f"{day} 工种 “{details.trade}” 没有生效的培训标准：请补充 custom \"standard\" \"training\" \"{details.trade}\""
    if category is Category.LEGAL:
        if standards.at(StandardKind.LEGAL, locality, day) is None and standards.at(StandardKind.LEGAL, WILDCARD, day) is None:
            return f"{day} 地区 “{locality}” 没有生效的法律援助补贴标准：请补充 custom \"standard\" \"legal\""
    return None


def aid_accounts(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S13: aid is booked on Expenses:Aid:<Fund>:<Category>, and fund money
    pays nothing but aid (seed 003 二: the funds are for the listed aid
    projects; domain.md: no running costs, buildings or fixed assets)."""
    funds = "、".join(f.value for f in Fund)
    categories = "、".join(f"{c.value}（{c.label}）" for c in Category)
    for entry in entries:
        if isinstance(entry, Open) and entry.account.startswith(AID_ROOT + ":"):
            if len(entry.account.split(":")) == 4 and parse_aid_account(entry.account) is None:
                yield violation(
                    "S13", entry, f"科目 {entry.account} 不合规：应为 Expenses:Aid:<资金>:<类别>，资金为 {funds}，类别为 {categories}"
                )
            elif len(entry.account.split(":")) > 4:
                yield violation("S13", entry, f"科目 {entry.account} 层级过深：应为 Expenses:Aid:<资金>:<类别>")
        if not isinstance(entry, Transaction):
            continue
        uses_fund = any(asset_fund(p.account) is not None for p in entry.postings)
        for posting in entry.postings:
            account = posting.account
            if account.startswith(AID_ROOT + ":") and parse_aid_account(account) is None:
                yield violation("S13", entry, f"科目 {account} 不合规：应为 Expenses:Aid:<资金>:<类别>（类别为 {categories}）")
            elif account.startswith("Expenses:") and not account.startswith(AID_ROOT + ":") and uses_fund:
                yield violation("S13", entry, f"专项帮扶资金不得支付帮扶以外的支出（{account}）：请改用非专项资金账户支付")


def fund_consistency(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S14: 专款专用 (seed 003 三, 四) - each fund's money stays in that fund: in
    a transaction, every fund named by an aid or receipt posting nets to zero
    over the postings of that fund, and when two funds meet each nets to zero."""
    for entry in entries:
        if not isinstance(entry, Transaction):
            continue
        net: dict[Fund, Decimal] = defaultdict(Decimal)
        named: set[Fund] = set()
        for posting in entry.postings:
            if posting.units is None or posting.units.number is None:
                continue
            account = posting.account
            aid = parse_aid_account(account)
            fund = aid.fund if aid is not None else income_fund(account) or asset_fund(account)
            if fund is None:
                continue
            if aid is not None or income_fund(account) is not None:
                named.add(fund)
            net[fund] += posting.units.number
        checked = set(net) if len(net) > 1 else named
        unbalanced = {fund: amount for fund, amount in net.items() if fund in checked and amount != 0}
        if unbalanced:
            detail = "，".join(f"{fund.label} 差额 {amount:,.2f} 元" for fund, amount in unbalanced.items())
            yield violation(
                "S14",
                entry,
                f"各资金收支须在本资金账户内平衡（专款专用）：{detail}。"
                "请让支出科目 Expenses:Aid:<资金>:… 与付款账户 Assets:…:<资金> 使用同一资金",
            )


def reversal_targets(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S15: a reversal names an earlier payment to the same household, with
    negative aid lines, and never reverses more than was paid per fund and
    category."""
    by_link: dict[str, Payment] = {}
    for payment in archive.payments:
        if not payment.is_reversal:
            for link in payment.links:
                by_link.setdefault(link, payment)
    reversed_so_far: dict[tuple[str, Fund, Category], Decimal] = defaultdict(Decimal)
    for payment in archive.payments:
        target_link = payment.fields.reverses
        if target_link is None:
            continue
        original = by_link.get(target_link)
        if original is None:
            yield violation("S15", payment.entry, f"冲销引用的原付款编号 ^{target_link} 不存在：原付款须带有链接 ^{target_link}")
            continue
        if original.household != payment.household:
            yield violation(
                "S15", payment.entry, f"冲销的档案 {payment.household} 与原付款 ^{target_link} 的档案 {original.household} 不一致"
            )
            continue
        if original.date > payment.date:
            yield violation("S15", payment.entry, f"冲销日期 {payment.date} 早于原付款日期 {original.date}")
        paid = defaultdict(Decimal)
        for line in original.lines:
            paid[(line.fund, line.category)] += line.amount
        for line in payment.lines:
            if line.amount >= 0:
                yield violation("S15", payment.entry, f"冲销分录 {line.posting.account} 的金额应为负数，实为 {line.amount}")
                continue
            key = (target_link, line.fund, line.category)
            reversed_so_far[key] += -line.amount
            limit = paid.get((line.fund, line.category), Decimal(0))
            if reversed_so_far[key] > limit:
                yield violation(
                    "S15",
                    payment.entry,
                    f"冲销 {line.fund.label}{line.category.label} 累计 {reversed_so_far[key]:,.2f} 元，"
                    f"超过原付款 ^{target_link} 的 {limit:,.2f} 元",
                )


def duplicate_links(archive: Archive, entries: list[Any]) -> Iterable[FundRuleError]:
    """S16: a payment number (link) identifies one payment, so reversals and
    bank results find exactly one original."""
    seen: dict[str, Payment] = {}
    for payment in archive.payments:
        if payment.is_reversal:
            continue
        for link in sorted(payment.links):
            if link.startswith("dok-"):
                continue  # added by Fava's link_documents plugin
            first = seen.setdefault(link, payment)
            if first is not payment:
                where = f"{first.entry.meta['filename']}:{first.entry.meta['lineno']}"
                yield violation("S16", payment.entry, f"付款编号 ^{link} 已被另一笔付款使用（{where}）：每笔付款的编号须唯一")


STRUCTURAL_CHECKS: tuple[Check, ...] = (
    unknown_household,
    unknown_locality,
    missing_standard,
    aid_accounts,
    fund_consistency,
    reversal_targets,
    duplicate_links,
)
