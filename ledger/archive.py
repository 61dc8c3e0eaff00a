"""The archive: each household's dated events and members, and the household
as it stands on any date (domain.md "Archives", "States"; seed 003 五(一):
一户一档).
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field
from typing import Any

from ledger.fields import MetaModel, construct
from ledger.identity import check_id
from ledger.lifecycle import EVENT_STATE
from ledger.models import HouseholdEvent, HouseholdFields, MemberEvent, MemberFields, MemberRecord
from ledger.options import Options
from ledger.vocab import Event, Sex, State


@dataclass(frozen=True)
class Member:
    id_number: str
    since: datetime.date
    fields: MemberFields


@dataclass(frozen=True)
class HouseholdSnapshot:
    """A household as of a date: merged archive fields, state, members.
    `since` is the date of the last event or member change it reflects."""

    archive_no: str
    since: datetime.date | None
    state: State | None  # None: not yet archived on that date
    fields: HouseholdFields
    members: tuple[Member, ...]
    archived_on: datetime.date | None
    last_event: HouseholdEvent | None = None

    @property
    def active(self) -> bool:
        return self.state is State.ACTIVE

    @property
    def size(self) -> int:
        """Household size: the worker plus the current members."""
        return 1 + len(self.members)

    def member(self, id_number: str) -> Member | None:
        return next((m for m in self.members if m.id_number == id_number), None)


@dataclass
class Household:
    """One archive: its events (the first is always its archiving) and its
    member records, each in ledger order."""

    archive_no: str
    events: list[HouseholdEvent] = field(default_factory=list)
    members: list[MemberRecord] = field(default_factory=list)
    _dates: list[datetime.date] = field(default_factory=list, repr=False)
    _versions: list[HouseholdSnapshot] = field(default_factory=list, repr=False)

    def at(self, date: datetime.date) -> HouseholdSnapshot:
        """State and fields on `date`, counting events dated that day. The
        versions are folded once; each lookup is a binary search."""
        if not self._versions:
            self._fold()
        index = bisect.bisect_right(self._dates, date) - 1
        if index < 0:
            return HouseholdSnapshot(self.archive_no, None, None, construct(HouseholdFields, {}), (), None)
        return self._versions[index]

    def _fold(self) -> None:
        changes: list[tuple[datetime.date, int, int, HouseholdEvent | MemberRecord]] = sorted(
            [(e.date, 0, i, e) for i, e in enumerate(self.events)]
            + [(m.date, 1, i, m) for i, m in enumerate(self.members)],
            key=lambda item: item[:3],
        )
        merged: dict[str, Any] = {}
        state: State | None = None
        archived_on = None
        last_event = None
        current: dict[str, Member] = {}
        for date, _kind, _index, change in changes:
            if isinstance(change, HouseholdEvent):
                merged.update(_set_values(change.fields))
                state = EVENT_STATE.get(change.event, state)
                last_event = change
                if change.event is Event.ARCHIVED:
                    archived_on = change.date
            elif change.event is MemberEvent.REMOVED:
                current.pop(change.id_number, None)
            else:
                previous = current.get(change.id_number)
                values = {**(_set_values(previous.fields) if previous else {}), **_set_values(change.fields)}
                since = previous.since if previous else change.date
                current[change.id_number] = Member(change.id_number, since, construct(MemberFields, values))
            snapshot = HouseholdSnapshot(
                archive_no=self.archive_no,
                since=date,
                state=state,
                fields=construct(HouseholdFields, dict(merged)),
                members=tuple(current.values()),
                archived_on=archived_on,
                last_event=last_event,
            )
            if self._dates and self._dates[-1] == date:
                self._versions[-1] = snapshot
            else:
                self._dates.append(date)
                self._versions.append(snapshot)


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _set_values(model: MetaModel) -> dict[str, Any]:
    names = _FIELD_NAMES.get(type(model))
    if names is None:
        names = _FIELD_NAMES[type(model)] = frozenset(type(model).model_fields)
    return {k: v for k, v in model.__dict__.items() if v is not None and k in names}


def age(birth: datetime.date, on: datetime.date) -> int:
    """Full years of age on `on` (周岁)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_and_sex(fields: HouseholdFields) -> tuple[datetime.date | None, bool | None]:
    """The worker's birth date and sex (True: male), as written or as the ID
    number gives them."""
    checked = check_id(fields.id_number) if fields.id_number else None
    birth = fields.birth_date or (checked.birth if checked is not None else None)
    if fields.sex is not None:
        return birth, fields.sex is Sex.MALE
    return birth, checked.male if checked is not None else None


@dataclass(frozen=True)
class AgedOut:
    """A worker at or past the age at which an archive is cancelled (seed
    003 四(一)4; settings `retire-age-male`/`retire-age-female`)."""

    male: bool
    years: int  # full years of age on the day asked about
    limit: int  # the setting's age

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"

    @property
    def setting(self) -> str:
        return "retire-age-male" if self.male else "retire-age-female"


def aged_out(birth: datetime.date | None, male: bool | None, on: datetime.date, options: Options) -> AgedOut | None:
    """The worker's age against the age of cancellation for their sex on
    `on`; None if younger, or if the birth date or sex is unknown."""
    if birth is None or male is None:
        return None
    limit = options.retire_age_male if male else options.retire_age_female
    years = age(birth, on)
    return AgedOut(male, years, limit) if years >= limit else None
