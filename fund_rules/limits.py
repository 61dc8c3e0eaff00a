"""Caps per aid category (seed 003 二 1-5, and the year's festival notice).

Each rule groups the counted payment lines (reversals included, negative)
into the unit its cap applies to, and reports the payment at which the net
total first went over the cap, showing the computation.
"""

from __future__ import annotations

from typing import Iterable

from fund_rules.caps import (
    Cap,
    living_cap_amount,
    crossing,
    education_cap,
    education_period,
    explicit_fund,
    festival_standard,
    fund_cap,
    group,
    legal_cap,
    living_cap,
    over_cap_text,
    total,
    training_cap,
)
from fund_rules.context import Counted, RuleContext, money
from fund_rules.errors import FundRuleError, violation
from ledger.identity import mask_id
from ledger.vocab import Category


def _who(context: RuleContext, counted: Counted) -> str:
    household = context.household(counted.payment.household, counted.date)
    name = household.fields.name if household is not None else None
    return f"档案 {counted.payment.household}" + (f"（{name}）" if name else "")


def _report(code: str, context: RuleContext, lines: list[Counted], cap: Cap | None, what: str):
    if cap is None:
        return
    culprit = crossing(lines, cap.amount)
    if culprit is not None:
        text = f"{_who(context, culprit)}{over_cap_text(what, total(lines), cap)}"
        yield violation(code, culprit.payment.entry, text)


def _known(context: RuleContext, counted: Counted) -> bool:
    return context.household(counted.payment.household, counted.date) is not None


def living_aid_cap(context: RuleContext) -> Iterable[FundRuleError]:
    """R03: living aid per household per calendar year, all funds together, is
    at most the year's sum of the monthly 低保 standard (seed 003 二 1)."""
    lines = [c for c in context.counted[Category.LIVING] if _known(context, c)]
    buckets = group(lines, lambda c: (c.payment.household, c.date.year, explicit_fund(context, c)))
    for (archive_no, year, fund), bucket in buckets.items():
        if fund is None and total(bucket) <= living_cap_amount(context.archive, archive_no, year):
            continue  # within the cap: skip building the cap's explanation
        last = bucket[-1].date
        cap = fund_cap(context.archive, fund, Category.LIVING, last) if fund else living_cap(context.archive, archive_no, year)
        if cap is not None and cap.amount == 0 and fund is None:
            continue  # no 低保 standard all year: S12 already says so
        yield from _report("R03", context, bucket, cap, f"{year} 年{fund.label if fund else ''}生活救助")


def medical_aid_cap(context: RuleContext) -> Iterable[FundRuleError]:
    """R04: medical aid per bill, all funds together, is at most the bill's
    out-of-pocket share (seed 003 二 2); a fund's own standard also caps its
    share of the bill."""
    lines = [c for c in context.counted[Category.MEDICAL] if c.details.bill and c.details.out_of_pocket is not None]
    for (archive_no, bill), bucket in group(lines, lambda c: (c.payment.household, c.details.bill)).items():
        stated = {c.details.out_of_pocket for c in bucket if not c.payment.is_reversal}
        if len(stated) > 1:
            amounts = "、".join(money(a) for a in sorted(stated))
            yield violation(
                "R04", bucket[-1].payment.entry, f"票据 {bill} 的个人自付金额前后不一致（{amounts} 元）：同一票据应填同一金额"
            )
        cap = Cap(min(stated), f"票据 {bill} 个人自付 {money(min(stated))} 元") if stated else None
        yield from _report("R04", context, bucket, cap, f"票据 {bill} 医疗救助")
    explicit = group(lines, lambda c: (c.payment.household, c.details.bill, explicit_fund(context, c)) if explicit_fund(context, c) else None)
    for (_archive_no, bill, fund), bucket in explicit.items():
        cap = fund_cap(context.archive, fund, Category.MEDICAL, bucket[-1].date)
        yield from _report("R04", context, bucket, cap, f"票据 {bill} {fund.label}医疗救助")


def education_aid_cap(context: RuleContext) -> Iterable[FundRuleError]:
    """R05: education aid per student per year is at most ten months of the
    locality's basic living cost (seed 003 二 3), counted across households.
    Calendar year by default; school year with `education-year "school"`."""
    school_year = context.archive.options.get("education-year") == "school"
    lines = [c for c in context.counted[Category.EDUCATION] if c.details.student and _known(context, c)]

    def key(c: Counted):
        return c.details.student, education_period(c.date, school_year)[0], explicit_fund(context, c)

    for (student, _start, fund), bucket in group(lines, key).items():
        last = bucket[-1]
        label = education_period(last.date, school_year)[1]
        if fund is not None:
            cap = fund_cap(context.archive, fund, Category.EDUCATION, last.date)
        else:
            household = context.household(last.payment.household, last.date)
            locality = household.fields.locality if household is not None else None
            cap = education_cap(context.archive, locality, last.details.school_level, last.date) if locality else None
        what = f"学生 {mask_id(student)} {label}{fund.label if fund else ''}助学"
        yield from _report("R05", context, bucket, cap, what)


def student_is_member(context: RuleContext) -> Iterable[FundRuleError]:
    """R06: an aided student is a member of the household on the payment date
    (seed 003 二 3: 子女助学)."""
    for counted in context.counted[Category.EDUCATION]:
        payment = counted.payment
        student = counted.details.student
        if payment.is_reversal or student is None:
            continue
        household = context.household(payment.household, payment.date)
        if household is None or household.member(student) is not None or household.fields.id_number == student:
            continue
        yield violation(
            "R06",
            payment.entry,
            f"学生 {mask_id(student)} 在 {payment.date} 不是档案 {payment.household} 的家庭成员："
            '请先用 custom "member" 登记，或更正学生身份证号',
        )


def training_aid_cap(context: RuleContext) -> Iterable[FundRuleError]:
    """R07: training aid per household, trade and year is at most the HR
    department's standard for the trade (seed 003 二 4)."""
    lines = [c for c in context.counted[Category.TRAINING] if c.details.trade]
    key = lambda c: (c.payment.household, c.details.trade, c.date.year, explicit_fund(context, c))  # noqa: E731
    for (_archive_no, trade, year, fund), bucket in group(lines, key).items():
        last = bucket[-1].date
        cap = fund_cap(context.archive, fund, Category.TRAINING, last) if fund else training_cap(context.archive, trade, last)
        yield from _report("R07", context, bucket, cap, f"{year} 年{trade}培训补贴")


def legal_aid_cap(context: RuleContext) -> Iterable[FundRuleError]:
    """R08: legal aid per case is at most the justice department's per-case
    subsidy standard (seed 003 二 5)."""
    lines = [c for c in context.counted[Category.LEGAL] if c.details.case and _known(context, c)]
    for (case, fund), bucket in group(lines, lambda c: (c.details.case, explicit_fund(context, c))).items():
        last = bucket[-1]
        if fund is not None:
            cap = fund_cap(context.archive, fund, Category.LEGAL, last.date)
        else:
            household = context.household(last.payment.household, last.date)
            locality = household.fields.locality if household is not None else None
            cap = legal_cap(context.archive, locality or "", last.date)
        yield from _report("R08", context, bucket, cap, f"案件 {case} 法律援助")


def festival_aid_cap(context: RuleContext) -> Iterable[FundRuleError]:
    """R09: festival aid per household per year follows the year's notice:
    a fund's own standard (e.g. central money 3000 per household) for that
    fund, the all-funds standard for the others (seed 003 二: 明确规定了标准的
    按规定标准执行)."""

    def key(c: Counted):
        found = festival_standard(context.archive, c.line.fund, c.date)
        return (c.payment.household, c.date.year, found[0]) if found else None

    for (_archive_no, year, scope), bucket in group(context.counted[Category.FESTIVAL], key).items():
        _scope, cap = festival_standard(context.archive, bucket[-1].line.fund, bucket[-1].date)
        yield from _report("R09", context, bucket, cap, f"{year} 年送温暖")
