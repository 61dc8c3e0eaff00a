"""Archive rules: identity, one household one archive, eligibility at
archiving, the public notice, the lifecycle and keeping the paper and
electronic archives in step (docs/rules.md A01-A15)."""

from __future__ import annotations

import datetime
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fund_rules.codes import A01, A02, A03, A04, A05, A06, A07, A08, A09, A10, A11, A12, A13, A14, A15
from ledger.archive import Household, HouseholdSnapshot
from ledger.errors import LedgerError
from ledger.identity import check_card, check_id, mask_id
from ledger.lifecycle import EVENT_STATE, transition_problem
from ledger.models import HouseholdEvent
from ledger.money import CENT, money
from ledger.view import LedgerView
from ledger.vocab import Cause, Event, Hardship, Sex, StandardKind, State

Check = Callable[[LedgerView], Iterator[LedgerError]]
NOTICE_DAYS = 5  # seed 003 建档程序 三(三): 公示时间不低于5个工作日
ONE_DAY = datetime.timedelta(days=1)


def _person_checks(
    id_number: str, sex: Sex | None, birth: datetime.date | None, who: str, entry: Any, archive_no: str
) -> Iterator[LedgerError]:
    checked = check_id(id_number)
    for text in checked.errors:
        yield A01.at(entry, f"{who}{text}", household=archive_no)
    for text in checked.warnings:
        yield A02.at(entry, f"{who}{text}", household=archive_no)
    if checked.errors:
        return
    if sex is not None and (sex is Sex.MALE) != checked.male:
        text = f"{who}性别“{sex.label}”与身份证号（第 17 位表示{'男' if checked.male else '女'}）不符"
        yield A03.at(entry, text, household=archive_no)
    if birth is not None and birth != checked.birth:
        yield A03.at(entry, f"{who}出生日期 {birth} 与身份证号中的 {checked.birth} 不符", household=archive_no)


def identity(view: LedgerView) -> Iterator[LedgerError]:
    """A01-A05: resident ID numbers per GB 11643 (format, real birth date,
    check digit; unknown area code a warning), sex and birth date consistent
    with the ID, bank cards 16-19 digits (Luhn failure a warning). domain.md
    "Validation specs"; archive form fields (seed 003 建档申请表)."""
    for no, record in view.households.items():
        for event in record.events:
            fields = event.fields
            who = f"档案 {no} 职工："
            if fields.id_number is not None:
                yield from _person_checks(fields.id_number, fields.sex, fields.birth_date, who, event.entry, no)
            if fields.card is not None:
                errors, warnings = check_card(fields.card)
                yield from (A04.at(event.entry, who + text, household=no) for text in errors)
                yield from (A05.at(event.entry, who + text, household=no) for text in warnings)
        for member in record.members:
            who = f"档案 {no} 成员 {member.fields.name or ''}："
            yield from _person_checks(
                member.id_number, member.fields.sex, member.fields.birth_date, who, member.entry, no
            )


def _people(snapshot: HouseholdSnapshot) -> dict[str, str]:
    """ID -> role of everyone in a household snapshot."""
    people = {m.id_number: f"成员 {m.fields.name or ''}".strip() for m in snapshot.members}
    if snapshot.fields.id_number:
        people[snapshot.fields.id_number] = f"职工 {snapshot.fields.name or ''}".strip()
    return people


def _joins(record: Household) -> Iterable[tuple[datetime.date, str, Any]]:
    """(date, ID, entry) whenever a person enters this archive while active."""
    for event in record.events:
        if event.event is Event.ARCHIVED:
            for id_number in _people(record.at(event.date)):
                yield event.date, id_number, event.entry
    for member in record.members:
        if member.event.value != "removed" and record.at(member.date).active:
            yield member.date, member.id_number, member.entry


def one_household_one_archive(view: LedgerView) -> Iterator[LedgerError]:
    """A06: one household, one archive - the same person in two active
    archives, as worker or member, is an error naming both (seed 001 art. 11,
    seed 003 五(一), seed 004 art. 14: 一户一档，避免重复建档)."""
    archives_of: dict[str, set[str]] = defaultdict(set)
    for record in view.households.values():
        for event in record.events:
            if event.fields.id_number:
                archives_of[event.fields.id_number].add(record.archive_no)
        for member in record.members:
            archives_of[member.id_number].add(record.archive_no)
    reported: set[tuple[frozenset[str], str]] = set()
    for record in view.households.values():
        for date, id_number, entry in _joins(record):
            for other_no in sorted(archives_of[id_number] - {record.archive_no}):
                other = view.households[other_no].at(date)
                role = _people(other).get(id_number) if other.active else None
                pair = (frozenset({record.archive_no, other_no}), id_number)
                if role is None or pair in reported:
                    continue
                reported.add(pair)
                here = _people(record.at(date)).get(id_number, "")
                yield A06.at(
                    entry,
                    f"身份证号 {mask_id(id_number)} 在档案 {record.archive_no}（{here}）"
                    f"与在档的档案 {other_no}（{role}）中重复：一户一档，请注销或更正其中一份",
                    household=record.archive_no,
                )


def blacklisted_never_again(view: LedgerView) -> Iterator[LedgerError]:
    """A07: a person blacklisted for fraud is never archived again (seed 003
    五(三): 载入黑名单，以后不再建立与该职工有关的困难职工档案)."""
    blacklisted: dict[str, tuple[datetime.date, str]] = {}
    for record in view.households.values():
        for event in record.events:
            if event.event is Event.BLACKLISTED:
                worker = record.at(event.date).fields.id_number
                if worker and worker not in blacklisted:
                    blacklisted[worker] = (event.date, record.archive_no)
    for record in view.households.values():
        for event in record.events:
            if event.event is not Event.ARCHIVED:
                continue
            for id_number, role in _people(record.at(event.date)).items():
                listed = blacklisted.get(id_number)
                if listed is not None and listed[0] < event.date and listed[1] != record.archive_no:
                    yield A07.at(
                        event.entry,
                        f"{role}已于 {listed[0]} 因档案 {listed[1]} 列入黑名单，不得再建档（沐川办法 五(三)）",
                        household=record.archive_no,
                    )


def likely_duplicates(view: LedgerView) -> Iterator[LedgerError]:
    """A08 (warning): same name (by pinyin, so 张伟 and 章伟 meet) and same birth
    date in two archives under different ID numbers - often a mistyped ID.
    People are grouped by birth date first; only names sharing a birth date
    across archives are turned into pinyin."""
    by_birth: dict[datetime.date, list[tuple[str, str, str, Any]]] = defaultdict(list)
    for record in sorted(view.households.values(), key=lambda r: r.events[0].date):
        named = [(e.fields.name, e.fields.id_number, e.entry) for e in record.events if e.fields.id_number and e.fields.name]
        named += [(m.fields.name, m.id_number, m.entry) for m in record.members if m.fields.name]
        for name, id_number, entry in named:
            birth = check_id(id_number).birth
            if birth is not None:
                by_birth[birth].append((record.archive_no, id_number, name, entry))
    for birth, people in by_birth.items():
        if len({p[0] for p in people}) < 2:
            continue
        seen: dict[str, tuple[str, str, str, Any]] = {}
        for person in people:
            archive_no, id_number, name, entry = person
            first = seen.setdefault(_sound(name), person)
            if first[0] != archive_no and first[1] != id_number:
                yield A08.at(
                    entry,
                    f"疑似重复建档：{name}（{birth} 出生）与档案 {first[0]} 的 {first[2]} 同音同生日，身份证号不同，请核对",
                    household=archive_no,
                )


def _sound(name: str) -> str:
    """A name's pinyin, without tones. pypinyin is imported on first use and
    without its phrase dictionary (names are not phrases; loading it costs
    about a second)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


def _per_capita(snapshot: HouseholdSnapshot) -> tuple[Decimal, Decimal, str] | None:
    """(monthly disposable income, per-capita, the computation) - seed 004
    art. 4: 家庭可支配收入 = 家庭总收入 - 缴纳所得税 - 社会保障支出."""
    fields = snapshot.fields
    incomes = [fields.monthly_income] + [m.fields.monthly_income for m in snapshot.members]
    if fields.annual_income is not None:
        total, source = fields.annual_income / 12, f"年总收入 {money(fields.annual_income)} ÷ 12"
    elif any(i is not None for i in incomes):
        total = sum((i for i in incomes if i is not None), Decimal(0))
        source = f"月总收入 {money(total)}"
    else:
        return None
    tax = fields.income_tax or Decimal(0)
    social = fields.social_security or Decimal(0)
    disposable = total - tax - social
    per_capita = (disposable / snapshot.size).quantize(CENT, ROUND_HALF_UP)
    text = f"({source} − 所得税 {money(tax)} − 社保 {money(social)}) ÷ {snapshot.size} 人 = {money(per_capita)} 元"
    return disposable, per_capita, text


_BELOW_DIBAO = {Hardship.DEEP, Hardship.DIBAO, Hardship.NO_DIBAO}
_SPECIAL = {Hardship.RELATIVE, Hardship.ABOVE_DIBAO}
_SPECIAL_CAUSES = {Cause.GRAVE_ILLNESS, Cause.SCHOOLING, Cause.NO_CAPACITY}


def _income_problem(view: LedgerView, event: HouseholdEvent, snapshot: HouseholdSnapshot) -> str | None:
    fields = snapshot.fields
    dibao_standard = view.standards.at(StandardKind.DIBAO, fields.locality or "", event.date)
    computed = _per_capita(snapshot)
    if dibao_standard is None or computed is None or fields.hardship is None:
        return None
    disposable, per_capita, text = computed
    dibao = dibao_standard.amount
    where = f"{fields.locality}低保标准 {money(dibao)} 元"
    hardship = fields.hardship
    head = f"建档时家庭人均可支配收入 {text}"
    if hardship in _BELOW_DIBAO:
        if per_capita > dibao:
            return f"{head}，超过{where}（{hardship.label}须不高于低保标准，安阳办法第五条）"
        return None
    locality = view.localities.get(fields.locality or "")
    if hardship in _SPECIAL:
        multiple = (locality.fields.multiple if locality else None) or view.options.relative_multiple
        expenses = sum(
            (e or Decimal(0) for e in (fields.expense_illness, fields.expense_schooling, fields.expense_disability)),
            Decimal(0),
        )
        has_reason = expenses > 0 or fields.single_parent or fields.disability or fields.cause in _SPECIAL_CAUSES
        label = "患病、子女上学、残疾或单亲"
    else:  # accident: seed 000 一1, seed 001 art. 3 - within 3 times the standard
        multiple = view.options.accident_multiple
        expenses = (fields.expense_accident or Decimal(0)) + (fields.expense_illness or Decimal(0))
        has_reason = True
        label = "意外致困"
    limit = (dibao * Decimal(multiple)).quantize(CENT, ROUND_HALF_UP)
    if per_capita > limit:
        return f"{head}，超过{where}的 {Decimal(multiple).normalize():f} 倍即 {money(limit)} 元（{hardship.label}的建档上限）"
    if not has_reason:
        return f"{head}，高于{where}，{hardship.label}须有{label}等原因（安阳办法第五条）"
    net = ((disposable - expenses) / snapshot.size).quantize(CENT, ROUND_HALF_UP)
    if net > dibao:
        return (
            f"{head}；扣除{label}必要支出 {money(expenses)} 元后人均 {money(net)} 元，仍超过{where}"
            "（安阳办法第五条：(可支配收入 − 必要支出) ÷ 人口 ≤ 低保标准）"
        )
    return None


def _exclusions(view: LedgerView, snapshot: HouseholdSnapshot) -> list[str]:
    """Seeds 000 一2, 001 art. 4 and 10, 004 art. 6 and 13."""
    fields = snapshot.fields
    found = []
    if fields.homes is not None and fields.homes >= 2:
        found.append(f"拥有 {fields.homes} 套住宅（2 套及以上不建档）")
    locality = view.localities.get(fields.locality or "")
    limit = (locality.fields.area_per_person if locality else None) or view.options.area_per_person
    if fields.housing_area is not None and fields.housing_area / snapshot.size > Decimal(limit):
        found.append(f"人均住房面积 {fields.housing_area / snapshot.size:.1f} 平方米，超过 {limit} 平方米")
    flags = (
        ("commercial", "拥有商业店铺或经营性房产"),
        ("employs", "雇佣他人从事经营活动"),
        ("private_school", "子女就读高收费私立学校"),
        ("abroad", "子女自费出国留学"),
        ("vehicle", "非受雇佣经常使用机动车辆、船舶、工程机械或大型农机具"),
        ("socialised_retiree", "已实行社会化管理的退休人员"),
    )
    found += [text for name, text in flags if getattr(fields, name)]
    return found


def eligibility(view: LedgerView) -> Iterator[LedgerError]:
    """A09/A10: when a household is archived, its income fits its hardship
    type (seeds 000 一1, 001 art. 3, 004 art. 3-5) and no exclusion applies
    (seeds 000 一2, 001 art. 4, 004 art. 6)."""
    for record in view.households.values():
        for event in record.events:
            if event.event is not Event.ARCHIVED:
                continue
            snapshot = record.at(event.date)
            problem = _income_problem(view, event, snapshot)
            if problem is not None:
                yield A09.at(event.entry, f"档案 {record.archive_no}：{problem}", household=record.archive_no)
            excluded = _exclusions(view, snapshot)
            if excluded:
                text = f"档案 {record.archive_no} 属于不建档情形：" + "；".join(excluded)
                yield A10.at(event.entry, text, household=record.archive_no)


def public_notice(view: LedgerView) -> Iterator[LedgerError]:
    """A11/A12/A14: the public notice (公示) runs at least 5 working days and
    ends before approval (seed 003 建档程序 三(三)); working days skip
    weekends and holidays and count make-up days (chinese-calendar, or the
    ledger's own `custom "holiday"`/`"workday"` for other years)."""
    calendar = view.calendar
    for no, record in view.households.items():
        for event in record.events:
            if event.event is not Event.ARCHIVED:
                continue
            start, end = event.fields.notice_start, event.fields.notice_end
            if start is None:
                yield A12.at(event.entry, f"档案 {no} 未记录公示日期 `notice-start`/`notice-end`", household=no)
                continue
            end = end or event.date - ONE_DAY
            if end >= event.date:
                yield A11.at(event.entry, f"档案 {no} 公示截至 {end}，须在审批（{event.date}）之前结束", household=no)
                continue
            days = calendar.count(start, end)
            if days < NOTICE_DAYS:
                yield A11.at(
                    event.entry,
                    f"档案 {no} 公示 {start} 至 {end} 仅 {days} 个工作日（不含周末和节假日），"
                    f"不足 {NOTICE_DAYS} 个工作日（沐川办法 建档程序 三(三)）",
                    household=no,
                )
            unknown = calendar.unknown_years(start, end)
            if unknown:
                years = "、".join(map(str, unknown))
                yield A14.at(
                    event.entry,
                    f"{years} 年的节假日未知，公示天数按周一至周五计算："
                    '请用 custom "holiday" 与 custom "workday" 写明当年的放假与调休日期',
                    household=no,
                )


def lifecycle(view: LedgerView) -> Iterator[LedgerError]:
    """A13: events follow the lifecycle (ledger/lifecycle.py): no change to a
    cancelled archive, no exiting twice, returned -> archived again."""
    for record in view.households.values():
        state: State | None = None
        for event in record.events:
            problem = transition_problem(state, event.event)
            if problem is not None and not (state is None and event.event is not Event.ARCHIVED):
                text = f"档案 {record.archive_no} {event.date}“{event.event.label}”：{problem}"
                yield A13.at(event.entry, text, household=record.archive_no)
            state = EVENT_STATE.get(event.event, state)


def archive_synced(view: LedgerView) -> Iterator[LedgerError]:
    """A15 (warning, setting `archive-sync-days`): when one form of an
    archive (paper, or electronic in the national system) changes, the other
    is brought in line within that many working days (seed 000 三(二)2, seed
    001 第十三条, seed 004 第十六条: 一种档案发生变化时，另一种档案应不晚于30个工作日完成同步工作).
    A household event's `synced:` date says when; events without one are
    listed once their deadline has passed at the ledger's last date."""
    days = view.options.archive_sync_days
    last_day = view.last_date
    if days <= 0 or last_day is None:
        return
    for no, record in view.households.items():
        for event in record.events:
            deadline = view.calendar.after(event.date, days)
            synced = event.fields.synced
            if synced is not None and event.date <= synced <= deadline:
                continue
            if synced is None and last_day <= deadline:
                continue
            if synced is None:
                late = "仍未同步（事件未写 synced: 日期）"
            elif synced < event.date:
                late = f"同步日期 {synced} 早于事件日期，请核对"
            else:
                late = f"{synced} 才同步"
            yield A15.at(
                event.entry,
                f"档案 {no} {event.date}“{event.event.label}”后，纸质档案与电子档案应在 {days} 个工作日内"
                f"（最迟 {deadline}）完成同步，{late}（长春通知 三(二)2；重庆办法第十三条；安阳办法第十六条）",
                household=no,
            )


ARCHIVE_CHECKS: tuple[Check, ...] = (
    identity,
    one_household_one_archive,
    blacklisted_never_again,
    likely_duplicates,
    eligibility,
    public_notice,
    lifecycle,
    archive_synced,
)
