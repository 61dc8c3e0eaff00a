"""Who may be paid from which fund."""

from __future__ import annotations

from typing import Iterable

from fund_rules.context import RuleContext
from fund_rules.errors import FundRuleError, violation


def archived_and_active(context: RuleContext) -> Iterable[FundRuleError]:
    """R01: only archived, active households may be paid - "先建档、后帮扶"
    (seed 003 三(一)); the funds serve households archived in the national
    system (seed 003 三)."""
    for payment in context.payments():
        household = context.household(payment.household, payment.date)
        if household is None or household.active:
            continue
        if household.state is None:
            first = context.archive.households[payment.household].events[0].date
            why = f"尚未建档（建档日期 {first}）"
        else:
            event = household.last_event
            when = f"{event.date} " if event is not None else ""
            why = f"状态为“{household.state.label}”（{when}{event.event.label if event else ''}）"
        yield violation(
            "R01",
            payment.entry,
            f"付款日 {payment.date} 档案 {payment.household} {why}：只能帮扶在档的困难职工（先建档、后帮扶）",
        )


def fund_scope(context: RuleContext) -> Iterable[FundRuleError]:
    """R02: a fund pays only the archive levels and categories its rules
    allow; by default central and provincial money only national-level
    archives (seed 004 art. 2). Set per ledger with `custom "fund"`."""
    for payment in context.payments():
        household = context.household(payment.household, payment.date)
        level = household.fields.level if household is not None else None
        for line in payment.lines:
            scope = context.archive.fund_scope(line.fund, payment.date)
            if line.category not in scope.categories:
                allowed = "、".join(c.label for c in scope.categories)
                yield violation(
                    "R02", payment.entry, f"{line.fund.label}不得用于{line.category.label}（可用于：{allowed}）"
                )
            if level is not None and level not in scope.levels:
                allowed = "、".join(lv.label for lv in scope.levels)
                yield violation(
                    "R02",
                    payment.entry,
                    f"{line.fund.label}只能帮扶{allowed}档案，档案 {payment.household} 为{level.label}（安阳办法第二条）",
                )
