"""Limits beside the caps: one bill, one stated out-of-pocket cost; an aided
student belongs to the household (seed 003 二 2-3)."""

from __future__ import annotations

from collections.abc import Iterator

from fund_rules.caps import index, rule_for
from fund_rules.codes import R04, R06
from ledger.errors import LedgerError
from ledger.identity import mask_id
from ledger.money import money
from ledger.policy import Per
from ledger.view import LedgerView
from ledger.vocab import Category


def one_out_of_pocket_per_bill(view: LedgerView) -> Iterator[LedgerError]:
    """R04: every payment on one bill states the same out-of-pocket cost -
    the cap of seed 003 二 2 (不得超过医疗费用个人自付部分) is that cost."""
    for bucket, lines in index(view, rule_for(Category.MEDICAL, Per.BILL)).items():
        if bucket.fund is not None:
            continue
        stated = {c.details.out_of_pocket for c in lines if not c.payment.is_reversal}
        if len(stated) > 1:
            amounts = "、".join(money(a) for a in sorted(a for a in stated if a is not None))
            last = lines[-1].payment
            yield R04.at(
                last.entry,
                f"票据 {bucket.unit[1]} 的个人自付金额前后不一致（{amounts} 元）：同一票据应填同一金额",
                household=last.household,
                payment=last.number,
            )


def student_is_member(view: LedgerView) -> Iterator[LedgerError]:
    """R06: an aided student is a member of the household on the payment date
    (seed 003 二 3: 子女助学)."""
    for counted in view.counted[Category.EDUCATION]:
        payment = counted.payment
        student = counted.details.student
        if payment.is_reversal or student is None:
            continue
        household = view.household(payment.household, payment.date)
        if household is None or household.member(student) is not None or household.fields.id_number == student:
            continue
        yield R06.at(
            payment.entry,
            f"学生 {mask_id(student)} 在 {payment.date} 不是档案 {payment.household} 的家庭成员："
            '请先用 custom "member" 登记，或更正学生身份证号',
            household=payment.household,
            payment=payment.number,
        )
