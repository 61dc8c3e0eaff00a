"""档案清理名单: the archives due for action at an as-of date, as a query
(used by this table and by Fava's audit page) and as a table
(`bangfu report cleanup LEDGER --as-of DATE`).

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
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import Workbook

from ledger.archive import Household, HouseholdSnapshot, aged_out, birth_and_sex
from ledger.loader import Loaded
from ledger.view import LedgerView
from ledger.vocab import Event, State
from reports.tables.report import day
from reports.workbook import new_workbook, write_table

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


def _last_aid(view: LedgerView, as_of: datetime.date) -> dict[str, datetime.date]:
    """Each household's last aid on or before `as_of` (a later payment does
    not make an earlier year's household look never aided)."""
    last: dict[str, datetime.date] = {}
    for payment in view.payments:
        if payment.is_reversal or payment.total <= 0 or payment.date > as_of:
            continue
        if payment.date > last.get(payment.household, datetime.date.min):
            last[payment.household] = payment.date
    return last


def due_actions(view: LedgerView, as_of: datetime.date) -> list[DueAction]:
    last_aid = _last_aid(view, as_of)
    found: list[DueAction] = []
    for record in sorted(view.households.values(), key=lambda r: r.archive_no):
        snapshot = record.at(as_of)
        if snapshot.state not in (State.ACTIVE, State.RETURNED):
            continue
        aid = last_aid.get(record.archive_no)
        fields = snapshot.fields
        for action, reason in _due(view, record, snapshot, aid, as_of):
            found.append(DueAction(
                record.archive_no, fields.name or "", fields.locality or "", fields.level.label if fields.level else "",
                snapshot.state, action, reason, aid, snapshot.archived_on,
            ))
    return found


def _due(view: LedgerView, record: Household, snapshot: HouseholdSnapshot, aid: datetime.date | None,
         as_of: datetime.date) -> Iterator[tuple[str, str]]:
    """(action, reason) for each action due on one household."""
    since = max(d for d in (aid, snapshot.archived_on) if d is not None)
    without = "从未获得帮扶" if aid is None else f"最近一次帮扶 {aid}"
    if since <= years_before(as_of, 3):
        yield "cancel", f"3 年未获帮扶（{without}）（长春通知 三(二)1(2)；沐川办法 四(一)10）"
    elif since <= years_before(as_of, 2) and snapshot.state is State.ACTIVE:
        yield "return", f"2 年未获帮扶（{without}）（长春通知 三(二)1(2)）"
    if snapshot.state is not State.ACTIVE:
        return
    aged = aged_out(*birth_and_sex(snapshot.fields), as_of, view.options)
    if aged is not None:
        now = "" if aged.years == aged.limit else f"（现 {aged.years} 周岁）"
        yield "cancel", f"{aged.sex}职工已满 {aged.limit} 周岁{now}（沐川办法 四(一)4）"
    touched = _last_touch(record, as_of)
    if touched is not None and touched <= years_before(as_of, 1):
        yield "refresh", f"自 {touched} 起一年未修改、未刷新（长春通知 三(二)3）"


def _last_touch(record: Household, as_of: datetime.date) -> datetime.date | None:
    touches = [
        e.date for e in record.events if e.date <= as_of and e.event in (Event.ARCHIVED, Event.CHANGED, Event.REFRESHED)
    ]
    touches += [m.date for m in record.members if m.date <= as_of]
    return max(touches, default=None)


def cleanup_deadlines(view: LedgerView, as_of: datetime.date) -> list[datetime.date]:
    """This year's clean-up deadlines (option `cleanup-dates`)."""
    return [datetime.date(as_of.year, month, day) for month, day in view.options.cleanup_dates]


# ---------------------------------------------------------------- the table

HEADERS = ("序号", "档案编号", "姓名", "地区", "档案级别", "状态", "应办事项", "原因", "最近帮扶日期", "建档日期")
WIDTHS = (6, 14, 10, 10, 9, 8, 14, 52, 13, 12)


@dataclass(frozen=True)
class Parameters:
    as_of: datetime.date = day("--as-of", "截至日期，如 2025-12-31（默认今天）", datetime.date.today())


def filename(parameters: Parameters) -> str:
    return f"清理名单-{parameters.as_of}.xlsx"


def _title(loaded: Loaded, as_of: datetime.date) -> tuple[str, str]:
    title = f"{loaded.view.options.unit}困难职工档案清理名单"
    deadlines = [d for d in cleanup_deadlines(loaded.view, as_of) if d >= as_of]
    return title, f"截至 {as_of}" + (f"；本年集中清理截止日 {deadlines[0]}" if deadlines else "")


def build(loaded: Loaded, parameters: Parameters) -> Workbook:
    as_of = parameters.as_of
    title, subtitle = _title(loaded, as_of)
    rows = [
        (n, d.archive_no, d.name, d.locality, d.level, d.state.label, d.action_label, d.reason, d.last_aid, d.archived_on)
        for n, d in enumerate(due_actions(loaded.view, as_of), start=1)
    ]
    book = new_workbook(title, as_of)
    sheet = book.active
    sheet.title = "清理名单"
    write_table(sheet, title, subtitle, HEADERS, rows, WIDTHS, text_columns=(2,))
    return book


def summary(loaded: Loaded, parameters: Parameters) -> list[str]:
    title, subtitle = _title(loaded, parameters.as_of)
    due = due_actions(loaded.view, parameters.as_of)
    counts = {key: sum(d.action == key for d in due) for key in ACTIONS}
    lines = [f"{title}（{subtitle}）", "；".join(f"{label} {counts[key]} 户" for key, label in ACTIONS.items())]
    for n, item in enumerate(due, start=1):
        last = item.last_aid.isoformat() if item.last_aid else "无"
        lines.append(f"{n:>3}. {item.archive_no} {item.name} [{item.action_label}] {item.reason}（最近帮扶：{last}）")
    return lines
