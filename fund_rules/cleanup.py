"""Due actions for the archive clerk at an as-of date (the clean-up list).

- no aid for 2 years -> return to the archiving union; 3 years -> cancel
  (seed 000 三(二)1(2); seed 003 四(一)10);
- worker aged 60 (men) / 55 (women) or more -> cancel (seed 003 四(一)4;
  options `retire-age-male`, `retire-age-female`);
- not changed or refreshed for a year -> refresh (seed 000 三(二)3);
- the yearly clean-up deadlines (seed 000 三(二)2: before end of June and
  end of November; option `cleanup-dates`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ledger.archive import Archive, Household
from ledger.identity import check_id
from ledger.vocab import Event, Sex, State

ACTIONS = {
    "cancel": "应注销",
    "return": "应退回建档工会",
    "refresh": "应刷新",
}


@dataclass(frozen=True)
class DueAction:
    archive_no: str
    name: str
    locality: str
    level: str
    state: State
    action: str  # a key of ACTIONS
    reason: str
    last_aid: datetime.date | None
    archived_on: datetime.date | None

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _last_aid(archive: Archive) -> dict[str, datetime.date]:
    last: dict[str, datetime.date] = {}
    for payment in archive.payments:
        if not payment.is_reversal and payment.total > 0:
            if payment.date > last.get(payment.household, datetime.date.min):
                last[payment.household] = payment.date
    return last


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def due_actions(archive: Archive, as_of: datetime.date) -> list[DueAction]:
    last_aid = _last_aid(archive)
    male_age = int(Decimal(archive.options["retire-age-male"]))
    female_age = int(Decimal(archive.options["retire-age-female"]))
    found: list[DueAction] = []
    for record in sorted(archive.households.values(), key=lambda r: r.archive_no):
        if not record.events:
            continue
        snapshot = record.at(as_of)
        if snapshot.state not in (State.ACTIVE, State.RETURNED):
            continue
        fields = snapshot.fields
        aid = last_aid.get(record.archive_no)
        aid = aid if aid is not None and aid <= as_of else None
        since = max(d for d in (aid, snapshot.archived_on) if d is not None)

        def due(action: str, reason: str) -> DueAction:
            return DueAction(
                record.archive_no, fields.name or "", fields.locality or "", fields.level.label if fields.level else "",
                snapshot.state, action, reason, aid, snapshot.archived_on,
            )

        without = "从未获得帮扶" if aid is None else f"最近一次帮扶 {aid}"
        if since <= years_before(as_of, 3):
            found.append(due("cancel", f"3 年未获帮扶（{without}），应注销（长春通知 三(二)1(2)；沐川办法 四(一)10）"))
        elif since <= years_before(as_of, 2) and snapshot.state is State.ACTIVE:
            found.append(due("return", f"2 年未获帮扶（{without}），应退回建档工会（长春通知 三(二)1(2)）"))
        if snapshot.state is not State.ACTIVE:
            continue
        birth, male = _birth_and_sex(fields)
        if birth is not None and male is not None:
            limit = male_age if male else female_age
            age = _age(birth, as_of)
            if age >= limit:
                sex = "男" if male else "女"
                found.append(due("cancel", f"职工{sex}，{age} 周岁，已达 {limit} 周岁（沐川办法 四(一)4）"))
        touched = _last_touch(record, as_of)
        if touched is not None and touched <= years_before(as_of, 1):
            found.append(due("refresh", f"自 {touched} 起一年未修改、未刷新（长春通知 三(二)3）"))
    return found


def _birth_and_sex(fields) -> tuple[datetime.date | None, bool | None]:
    checked = check_id(fields.id_number) if fields.id_number else None
    birth = fields.birth_date or (checked.birth if checked is not None else None)
    if fields.sex is not None:
        return birth, fields.sex is Sex.MALE
    return birth, checked.male if checked is not None else None


def _last_touch(record: Household, as_of: datetime.date) -> datetime.date | None:
    touches = [
        e.date for e in record.events if e.date <= as_of and e.event in (Event.ARCHIVED, Event.CHANGED, Event.REFRESHED)
    ]
    touches += [m.date for m in record.members if m.date <= as_of]
    return max(touches, default=None)


def cleanup_deadlines(archive: Archive, as_of: datetime.date) -> list[datetime.date]:
    """This year's clean-up deadlines from option `cleanup-dates` ("06-30,11-30")."""
    days = []
    for part in str(archive.options["cleanup-dates"]).replace("，", ",").split(","):
        part = part.strip()
        if part:
            month, day = (int(x) for x in part.split("-"))
            days.append(datetime.date(as_of.year, month, day))
    return sorted(days)
