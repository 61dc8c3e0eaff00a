"""How the money reached the household and the procedure around it: the
notice before payment, the means of payment, the entry into the national
system (seed 003 三(二)-(五))."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from fund_rules.codes import A14, R11, R12, R14, R15, R17
from ledger.errors import LedgerError
from ledger.identity import card_tail
from ledger.payments import Payment
from ledger.view import LedgerView
from ledger.vocab import Method


def cash_evidence(view: LedgerView) -> Iterator[LedgerError]:
    """R11: cash is paid only against the worker's resident ID card, with a
    signed and fingerprinted receipt (seed 003 三(四): 确需现金支付的，由职工出示
    居民身份证，按支付要求完善签字手印手续)."""
    for payment in view.aid_payments():
        if payment.fields.method is not Method.CASH:
            continue
        missing = []
        if payment.fields.id_checked is not True:
            missing.append("已核验居民身份证 `id-checked: TRUE`")
        has_document = any(key.startswith("document") for key in payment.entry.meta)
        if not payment.fields.receipt and not has_document:
            missing.append("签字按手印的签收单 `receipt:`")
        if missing:
            text = "现金发放缺少：" + "、".join(missing) + "（沐川办法 三(四)）"
            yield R11.at(payment.entry, text, household=payment.household, payment=payment.number)


def card_on_archive(view: LedgerView) -> Iterator[LedgerError]:
    """R12: bank payments go to the card registered on the household's archive
    on the payment date (seed 003 三(四): 通过银行卡转账方式发放到个人)."""
    for payment in view.aid_payments():
        if payment.fields.method is not Method.BANK:
            continue
        household = view.household(payment.household, payment.date)
        if household is None or household.state is None:
            continue  # not archived yet: R01 says so
        registered = household.fields.card
        if registered is None:
            text = f"档案 {payment.household} 没有登记银行卡号：请先在档案中登记 `card:`，再按银行卡发放"
        elif payment.fields.card is not None and payment.fields.card != registered:
            text = (
                f"收款卡号（{card_tail(payment.fields.card)}）不是档案 {payment.household} 登记的卡号"
                f"（{card_tail(registered)}）："
                '换卡请先记 custom "household" … "changed" 并写新的 `card:`，或更正付款卡号'
            )
        else:
            continue
        yield R12.at(payment.entry, text, household=payment.household, payment=payment.number)


def reported_in_time(view: LedgerView) -> Iterator[LedgerError]:
    """R15 (warning, setting `report-days`): aid is entered into the national
    system within that many working days of payment (seed 003 三(五)); a
    payment's `reported:` date says when it was, else the `reported:` of its
    batch (`custom "batch" "<batch>"`, for a batch entered at once).
    Unreported payments are listed once their deadline has passed at the
    ledger's last date."""
    days = view.options.report_days
    last_day = view.last_date
    if days <= 0 or last_day is None:
        return
    for payment in view.aid_payments():
        deadline = view.calendar.after(payment.date, days)
        reported, batch = payment.fields.reported, payment.fields.batch
        declared = view.batches.get(batch) if batch is not None and reported is None else None
        if declared is not None:
            reported = declared.reported
        if reported is not None and reported <= deadline:
            continue
        if reported is None and last_day <= deadline:
            continue
        if reported is None:
            late = "仍未录入（付款未写 reported: 日期" + (f"，批次 {batch} 也未写）" if batch is not None else "）")
        elif declared is not None:
            late = f"批次 {batch} {reported} 才录入"
        else:
            late = f"{reported} 才录入"
        yield R15.at(
            payment.entry,
            f"{payment.date} 发放的帮扶应在 {days} 个工作日内（最迟 {deadline}）录入全国困难职工帮扶系统，{late}（沐川办法 三(五)）",
            household=payment.household,
            payment=payment.number,
        )


def bank_confirmed(view: LedgerView) -> Iterator[LedgerError]:
    """R14 (warning, setting `bank-match-days`): a bank payment counts as paid
    only when the bank's result file confirmed it (`custom "bank-result"`,
    written by `bangfu import` of the 回盘) or it was reversed; payments older
    than the setting's number of days at the ledger's last date are listed."""
    days = view.options.bank_match_days
    last_day = view.last_date
    if days <= 0 or last_day is None:
        return
    settled = view.bank_results | {p.fields.reverses for p in view.payments if p.fields.reverses is not None}
    for payment in view.aid_payments():
        if payment.fields.method is not Method.BANK:
            continue
        if (last_day - payment.date).days < days or payment.links & settled:
            continue
        yield R14.at(
            payment.entry,
            f"银行卡发放 {payment.date} 已超过 {days} 天仍无银行回盘确认：请导入银行代发回盘（bangfu import），"
            "确认到账后才算已发放",
            household=payment.household,
            payment=payment.number,
        )


def noticed_before_payment(view: LedgerView) -> Iterator[LedgerError]:
    """R17 (warning, setting `notice-days`): the proposed recipients of a
    batch are publicly noticed in their units, and paid only once the notice
    has ended without objection (seed 003 三(二) 公开公示, 三(三) 经公开公示没有异议后).
    A batch's notice is declared by `custom "batch" "<batch>"` with
    `notice-start:`/`notice-end:` (a batch declaring only `reported:` has no
    notice); payments name their batch in `batch:`.
    Said once per batch: a payment dated on or before the notice's last day;
    with the setting on, a notice shorter than that many working days (the
    seeds fix 5 working days for the archiving notice, seed 003 建档程序
    三(三)) and a batch paid without a declared notice. Payments without a
    batch are not checked."""
    days = view.options.notice_days
    paid: dict[str, list[Payment]] = defaultdict(list)
    for payment in view.aid_payments():
        if payment.fields.batch is not None:
            paid[payment.fields.batch].append(payment)
    for batch, payments in paid.items():
        notice = view.batches.get(batch)
        if notice is None or notice.notice_start is None or notice.notice_end is None:
            if days > 0:
                first = payments[0]
                yield R17.at(
                    first.entry,
                    f"批次 {batch} 的 {len(payments)} 笔付款（最早 {first.date}）没有发放前公示的记录："
                    f'请写 custom "batch" "{batch}" 及其 notice-start、notice-end（沐川办法 三(二)）',
                    household=first.household,
                    payment=first.number,
                )
            continue
        early = [p for p in payments if p.date <= notice.notice_end]
        if early:
            first = early[0]
            yield R17.at(
                first.entry,
                f"批次 {batch} 公示 {notice.notice_start} 至 {notice.notice_end}，{first.date} 即已发放"
                f"（{len(early)} 笔付款不晚于公示结束日）：须公示期满无异议后再发放（沐川办法 三(二)、三(三)）",
                household=first.household,
                payment=first.number,
            )
    if days <= 0:
        return
    calendar = view.calendar
    for batch, notice in view.batches.items():
        if notice.notice_start is None or notice.notice_end is None:
            continue  # declares only when the batch was entered into the system (R15)
        counted = calendar.count(notice.notice_start, notice.notice_end)
        if counted < days:
            yield R17.at(
                notice.entry,
                f"批次 {batch} 公示 {notice.notice_start} 至 {notice.notice_end} 仅 {counted} 个工作日"
                f"（不含周末和节假日），不足设置的 {days} 个工作日（沐川办法 三(二)）",
            )
        unknown = calendar.unknown_years(notice.notice_start, notice.notice_end)
        if unknown:
            yield A14.at(
                notice.entry,
                f"{'、'.join(map(str, unknown))} 年的节假日未知，批次 {batch} 的公示天数按周一至周五计算："
                '请用 custom "holiday" 与 custom "workday" 写明当年的放假与调休日期',
            )
