"""The typed archive read from a ledger's entries in one pass.

`read_archive(entries)` turns every bangfu directive and payment into typed
objects and returns the problems it met as coded LedgerErrors. The household
state at any date follows from its dated events (domain.md "States").
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Iterator

from beancount.core.amount import Amount
from beancount.core.data import Custom, Transaction
from pydantic import ValidationError

from ledger.errors import LedgerError, error
from ledger.fields import CURRENCY, MetaModel, construct, describe_validation, fast_validate, user_meta
from ledger.models import (
    DEFAULT_FUND_LEVELS,
    FundFields,
    FundScope,
    HouseholdEvent,
    HouseholdEventFields,
    HouseholdFields,
    Locality,
    LocalityFields,
    MemberEvent,
    MemberEventFields,
    MemberFields,
    MemberRecord,
    Standard,
    StandardFields,
)
from ledger.lifecycle import EVENT_STATE
from ledger.options import Options, check_option
from ledger.workdays import WorkCalendar
from ledger.payments import Payment, read_payment, touches_aid
from ledger.vocab import Category, Event, Fund, SchoolLevel, StandardKind, State



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
    archive_no: str
    events: list[HouseholdEvent] = field(default_factory=list)
    members: list[MemberRecord] = field(default_factory=list)
    _dates: list[datetime.date] | None = field(default=None, repr=False)
    _versions: list[HouseholdSnapshot] = field(default_factory=list, repr=False)

    def at(self, date: datetime.date) -> HouseholdSnapshot:
        """State and fields on `date`, counting events dated that day. The
        versions are folded once; each lookup is a binary search."""
        if self._dates is None:
            self._fold()
        index = bisect.bisect_right(self._dates, date) - 1  # type: ignore[arg-type]
        if index < 0:
            return HouseholdSnapshot(self.archive_no, None, None, construct(HouseholdFields, {}), (), None)
        return self._versions[index]

    def _fold(self) -> None:
        changes = sorted(
            [(e.date, 0, i, e) for i, e in enumerate(self.events)]
            + [(m.date, 1, i, m) for i, m in enumerate(self.members)],
            key=lambda item: item[:3],
        )
        merged: dict[str, Any] = {}
        state: State | None = None
        archived_on = None
        last_event = None
        current: dict[str, Member] = {}
        dates: list[datetime.date] = []
        versions: list[HouseholdSnapshot] = []
        for date, kind, _index, change in changes:
            if kind == 0:
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
            if dates and dates[-1] == date:
                versions[-1] = snapshot
            else:
                dates.append(date)
                versions.append(snapshot)
        self._dates, self._versions = dates, versions


class StandardBook:
    """Dated standards by (kind, scope, qualifier); each in force from its date
    until the next one with the same key. The qualifier is the school level for
    education standards and the category for fund-cap standards."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[StandardKind, str, Any], list[Standard]] = defaultdict(list)
        self._dates: dict[tuple[StandardKind, str, Any], list[datetime.date]] = {}
        # Rules ask the same question for thousands of payments on a few
        # hundred dates: answers are kept until a standard is added.
        self._memo: dict[tuple, Standard | None] = {}

    def add(self, standard: Standard) -> None:
        qualifier = standard.category if standard.kind is StandardKind.FUND_CAP else standard.school_level
        self._by_key[(standard.kind, standard.scope, qualifier)].append(standard)
        self._memo.clear()

    def finish(self) -> None:
        self._memo.clear()
        for key, series in self._by_key.items():
            series.sort(key=lambda s: s.date)
            self._dates[key] = [s.date for s in series]

    def at(
        self,
        kind: StandardKind,
        scope: str,
        date: datetime.date,
        school_level: SchoolLevel | None = None,
        category: Category | None = None,
    ) -> Standard | None:
        """The standard in force on `date`. For education a school-level
        standard wins over the locality's general one."""
        question = (kind, scope, date, school_level, category)
        if question not in self._memo:
            self._memo[question] = self._find(kind, scope, date, school_level, category)
        return self._memo[question]

    def _find(self, kind, scope, date, school_level, category) -> Standard | None:
        if kind is StandardKind.FUND_CAP:
            keys = [(kind, scope, category)]
        elif school_level is not None:
            keys = [(kind, scope, school_level), (kind, scope, None)]
        else:
            keys = [(kind, scope, None)]
        for key in keys:
            dates = self._dates.get(key)
            if not dates:
                continue
            index = bisect.bisect_right(dates, date) - 1
            if index >= 0:
                return self._by_key[key][index]
        return None

    def scopes(self, kind: StandardKind) -> set[str]:
        return {scope for (k, scope, _q) in self._by_key if k is kind}

    def __iter__(self) -> Iterator[Standard]:
        for series in self._by_key.values():
            yield from series


@dataclass
class Archive:
    """Everything bangfu reads from a ledger, typed."""

    households: dict[str, Household] = field(default_factory=dict)
    standards: StandardBook = field(default_factory=StandardBook)
    localities: dict[str, Locality] = field(default_factory=dict)
    fund_scopes: dict[Fund, list[FundScope]] = field(default_factory=lambda: defaultdict(list))
    options: Options = field(default_factory=Options.defaults)
    payments: list[Payment] = field(default_factory=list)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    _scope_memo: dict[tuple[Fund, datetime.date], FundScope] = field(default_factory=dict, repr=False)

    def household(self, archive_no: str, date: datetime.date) -> HouseholdSnapshot | None:
        record = self.households.get(archive_no)
        return record.at(date) if record is not None else None

    def fund_scope(self, fund: Fund, date: datetime.date) -> FundScope:
        """The scope in force for `fund` on `date`, else the default."""
        key = (fund, date)
        if key not in self._scope_memo:
            self._scope_memo[key] = self._fund_scope(fund, date)
        return self._scope_memo[key]

    def _fund_scope(self, fund: Fund, date: datetime.date) -> FundScope:
        current = None
        for scope in self.fund_scopes.get(fund, ()):
            if scope.date <= date:
                current = scope
        if current is not None:
            return current
        return FundScope(datetime.date.min, fund, DEFAULT_FUND_LEVELS[fund], tuple(Category), None)


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _set_values(model: MetaModel) -> dict[str, Any]:
    names = _FIELD_NAMES.get(type(model))
    if names is None:
        names = _FIELD_NAMES[type(model)] = frozenset(type(model).model_fields)
    return {k: v for k, v in model.__dict__.items() if v is not None and k in names}


def _values(entry: Custom) -> list[Any]:
    return [v.value for v in entry.values or ()]


def _strings(entry: Custom, count: int, optional: int = 0) -> list[str] | None:
    """The directive's first `count` (+ up to `optional`) values, all strings."""
    values = _values(entry)
    if not count <= len(values) <= count + optional:
        return None
    if not all(isinstance(v, str) for v in values):
        return None
    return [v.strip() for v in values]


def _validate(model: type[MetaModel], data: dict[str, Any], entry: Custom, code: str, what: str):
    fast = fast_validate(model, data)
    if fast is not None:
        return fast, None
    try:
        return model.model_validate(data), None
    except ValidationError as exc:
        return None, error(code, entry, f"{what}：" + "；".join(describe_validation(exc, model)))


class _Reader:
    """One pass over the entries, dispatching on directive type."""

    def __init__(self) -> None:
        self.archive = Archive()
        self.errors: list[LedgerError] = []

    def custom(self, entry: Custom) -> None:
        handler = _CUSTOM_HANDLERS.get(entry.type)
        if handler is not None:
            handler(self, entry)

    def household(self, entry: Custom) -> None:
        args = _strings(entry, 2)
        if args is None:
            self.errors.append(error("S02", entry, '档案指令应写作 custom "household" "档案编号" "事件"'))
            return
        archive_no, event_text = args
        try:
            event = Event.parse(event_text)
        except ValueError as exc:
            self.errors.append(error("S02", entry, f"档案 {archive_no} 的事件{exc}"))
            return
        data = {**user_meta(entry.meta), "event": event}
        fields, problem = _validate(HouseholdEventFields, data, entry, "S01", f"档案 {archive_no}（{event.label}）")
        if problem is not None:
            self.errors.append(problem)
            return
        record = self.archive.households.get(archive_no)
        if record is None:
            if event is not Event.ARCHIVED:
                self.errors.append(
                    error("S03", entry, f"档案 {archive_no} 尚未建档就出现“{event.label}”事件：请先写建档（archived）事件")
                )
                return
            record = self.archive.households[archive_no] = Household(archive_no)
        record.events.append(HouseholdEvent(entry.date, archive_no, event, fields, entry))

    def member(self, entry: Custom) -> None:
        args = _strings(entry, 2, optional=1)
        if args is None:
            self.errors.append(
                error("S02", entry, '成员指令应写作 custom "member" "档案编号" "成员身份证号" ["removed"]')
            )
            return
        archive_no, id_text = args[0], args[1]
        try:
            event = MemberEvent.parse(args[2]) if len(args) == 3 else MemberEvent.ADDED
        except ValueError as exc:
            self.errors.append(error("S02", entry, f"成员事件{exc}"))
            return
        id_number = id_text.upper()
        data = {**user_meta(entry.meta), "event": event}
        fields, problem = _validate(MemberEventFields, data, entry, "S01", f"档案 {archive_no} 成员 {id_text}")
        if problem is not None:
            self.errors.append(problem)
            return
        record = self.archive.households.get(archive_no)
        if record is None:
            # Kept aside: fund_rules reports members of unknown households (S10).
            record = self.archive.households.setdefault(archive_no, Household(archive_no))
        record.members.append(MemberRecord(entry.date, archive_no, id_number, event, fields, entry))

    def standard(self, entry: Custom) -> None:
        values = _values(entry)
        shape_ok = (
            len(values) == 3
            and isinstance(values[0], str)
            and isinstance(values[1], str)
            and isinstance(values[2], Amount)
        )
        if not shape_ok:
            self.errors.append(error("S02", entry, '标准指令应写作 custom "standard" "种类" "适用范围" 金额 CNY'))
            return
        kind_text, scope, amount = values
        try:
            kind = StandardKind.parse(kind_text)
        except ValueError as exc:
            self.errors.append(error("S02", entry, f"标准种类{exc}"))
            return
        if amount.currency != CURRENCY or amount.number is None or amount.number < 0:
            self.errors.append(error("S02", entry, f"标准金额应为非负的 {CURRENCY} 金额，实为 {amount}"))
            return
        fields, problem = _validate(StandardFields, user_meta(entry.meta), entry, "S07", f"{kind.label}")
        if problem is not None:
            self.errors.append(problem)
            return
        if (kind is StandardKind.FUND_CAP) != (fields.category is not None):
            text = "资金专项标准须写 `category:`（帮扶类别）" if kind is StandardKind.FUND_CAP else "只有资金专项标准（fund-cap）可写 `category:`"
            self.errors.append(error("S07", entry, text))
            return
        if fields.category is Category.FESTIVAL:
            self.errors.append(error("S07", entry, '送温暖的资金标准请写作 custom "standard" "festival" "<资金>" 金额 CNY'))
            return
        self.archive.standards.add(
            Standard(
                entry.date, kind, scope.strip(), Decimal(amount.number),
                fields.school_level, fields.locality, fields.category, entry,
            )
        )

    def locality(self, entry: Custom) -> None:
        args = _strings(entry, 1)
        if args is None:
            self.errors.append(error("S02", entry, '地区指令应写作 custom "locality" "地区名称"'))
            return
        fields, problem = _validate(LocalityFields, user_meta(entry.meta), entry, "S07", f"地区 {args[0]}")
        if problem is not None:
            self.errors.append(problem)
            return
        if args[0] in self.archive.localities:
            first = self.archive.localities[args[0]].entry.meta
            self.errors.append(
                error("S07", entry, f"地区 “{args[0]}” 重复声明（首次见 {first['filename']}:{first['lineno']}）")
            )
            return
        self.archive.localities[args[0]] = Locality(entry.date, args[0], fields, entry)

    def fund(self, entry: Custom) -> None:
        args = _strings(entry, 1)
        if args is None:
            self.errors.append(error("S02", entry, '资金指令应写作 custom "fund" "资金代码"，如 "Central"'))
            return
        try:
            fund = Fund.parse(args[0])
        except ValueError as exc:
            self.errors.append(error("S02", entry, f"资金代码{exc}"))
            return
        fields, problem = _validate(FundFields, user_meta(entry.meta), entry, "S07", f"资金 {fund.label}")
        if problem is not None:
            self.errors.append(problem)
            return
        default = self.archive.fund_scope(fund, entry.date)
        scope = FundScope(
            entry.date,
            fund,
            fields.levels if fields.levels is not None else default.levels,
            fields.categories if fields.categories is not None else default.categories,
            entry,
        )
        self.archive.fund_scopes[fund].append(scope)
        self.archive._scope_memo.clear()

    def option(self, entry: Custom) -> None:
        values = _values(entry)
        if len(values) != 2 or not isinstance(values[0], str):
            self.errors.append(error("S02", entry, '选项指令应写作 custom "bangfu-option" "名称" 值'))
            return
        name, value = values
        problem = check_option(name, value)
        if problem is not None:
            self.errors.append(error("S06", entry, problem))
            return
        self.archive.options[name] = value

    def day_off(self, entry: Custom) -> None:
        """`custom "holiday" "名称"` / `custom "workday" "调休"` for years the
        calendar library does not know."""
        if _strings(entry, 1) is None:
            self.errors.append(error("S02", entry, f'应写作 custom "{entry.type}" "名称"'))
            return
        target = self.archive.calendar.holidays if entry.type == "holiday" else self.archive.calendar.workdays
        target.add(entry.date)

    def transaction(self, entry: Transaction) -> None:
        if not touches_aid(entry):
            return
        payment, problems = read_payment(entry)
        self.errors.extend(problems)
        if payment is not None:
            self.archive.payments.append(payment)


_CUSTOM_HANDLERS = {
    "household": _Reader.household,
    "member": _Reader.member,
    "standard": _Reader.standard,
    "locality": _Reader.locality,
    "fund": _Reader.fund,
    "bangfu-option": _Reader.option,
    "holiday": _Reader.day_off,
    "workday": _Reader.day_off,
}


def read_archive(entries: Iterable[Any]) -> tuple[Archive, list[LedgerError]]:
    """Read every bangfu directive and payment; entries must be date-sorted
    (as beancount's loader returns them)."""
    reader = _Reader()
    for entry in entries:
        if isinstance(entry, Transaction):
            reader.transaction(entry)
        elif isinstance(entry, Custom):
            reader.custom(entry)
    reader.archive.standards.finish()
    return reader.archive, reader.errors
