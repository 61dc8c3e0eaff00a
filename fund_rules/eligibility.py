"""Who may be paid from which fund."""

from __future__ import annotations

from collections.abc import Iterator

from fund_rules.codes import R01, R02
from ledger.errors import LedgerError
from ledger.view import LedgerView


def archived_and_active(view: LedgerView) -> Iterator[LedgerError]:
    """R01: only archived, active households may be paid - "先建档、后帮扶"
    (seed 003 三(一)); the funds serve households archived in the national
    system (seed 003 三)."""
    for payment in view.aid_payments():
        household = view.household(payment.household, payment.date)
        if household is None or household.active:
            continue
        if household.state is None:
            first = view.households[payment.household].events[0].date
            why = f"尚未建档（建档日期 {first}）"
        else:
            event = household.last_event
            when = f"{event.date} " if event is not None else ""
            why = f"状态为“{household.state.label}”（{when}{event.event.label if event else ''}）"
        yield R01.at(
            payment.entry,
            f"付款日 {payment.date} 档案 {payment.household} {why}：只能帮扶在档的困难职工（先建档、后帮扶）",
            household=payment.household,
            payment=payment.number,
        )


def fund_scope(view: LedgerView) -> Iterator[LedgerError]:
    """R02: a fund pays only the archive levels and categories its rules
    allow; by default central and provincial money only national-level
    archives (seed 004 art. 2). Set per ledger with `custom "fund"`."""
    for payment in view.aid_payments():
        household = view.household(payment.household, payment.date)
        level = household.fields.level if household is not None else None
        for line in payment.lines:
            scope = view.fund_scopes.at(line.fund, payment.date)
            if line.category not in scope.categories:
                allowed = "、".join(c.label for c in scope.categories)
                text = f"{line.fund.label}不得用于{line.category.label}（可用于：{allowed}）"
                yield R02.at(payment.entry, text, fund=line.fund, household=payment.household, payment=payment.number)
            if level is not None and level not in scope.levels:
                allowed = "、".join(lv.label for lv in scope.levels)
                text = f"{line.fund.label}只能帮扶{allowed}档案，档案 {payment.household} 为{level.label}（安阳办法第二条）"
                yield R02.at(payment.entry, text, fund=line.fund, household=payment.household, payment=payment.number)
