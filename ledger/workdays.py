"""Working days: weekends and public holidays off, make-up working days (调休) on.

The chinese-calendar package knows 2004-2026. For other years a ledger
declares its own with `custom "holiday" "名称"` and `custom "workday" "调休"`
dated directives; a year with neither falls back to Monday-Friday, and the
caller is told so it can warn (domain.md "Working days").
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class WorkCalendar:
    holidays: set[datetime.date] = field(default_factory=set)  # declared in the ledger
    workdays: set[datetime.date] = field(default_factory=set)  # declared make-up days

    def _declared_years(self) -> set[int]:
        return {d.year for d in self.holidays | self.workdays}

    def knows(self, year: int) -> bool:
        """True if the year's holidays are known (library or ledger)."""
        return year in self._declared_years() or _library_knows(year)

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if _library_knows(day.year) and day.year not in self._declared_years():
            return _library_workday(day)
        return day.weekday() < 5

    def after(self, start: datetime.date, days: int) -> datetime.date:
        """The `days`-th working day after `start` (the deadline of "within
        N working days")."""
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def count(self, first: datetime.date, last: datetime.date) -> int:
        """Working days from `first` to `last`, both included."""
        days, day = 0, first
        while day <= last:
            days += self.is_workday(day)
            day += ONE_DAY
        return days

    def unknown_years(self, first: datetime.date, last: datetime.date) -> list[int]:
        return [year for year in range(first.year, last.year + 1) if not self.knows(year)]


# Both memoised: a large archive asks about the same few hundred days
# thousands of times, and the library validates its argument on every call.
@functools.cache
def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=8192)
def _library_workday(day: datetime.date) -> bool:
    return bool(chinese_calendar.is_workday(day))
