"""Dated standards (`custom "standard"`) and fund scopes (`custom "fund"`):
each in force from its date until the next one with the same key."""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import Collection, Iterator

from ledger.models import DEFAULT_FUND_LEVELS, FundScope, Standard
from ledger.vocab import BUILTIN_CATEGORIES, Category, Fund, SchoolLevel, StandardKind

# (kind, scope, qualifier): the qualifier is the school level of an education
# standard and the category of a fund-cap standard, else None.
Key = tuple[StandardKind, str, SchoolLevel | Category | None]
Question = tuple[StandardKind, str, datetime.date, SchoolLevel | None, Category | None]


class StandardBook:
    """Dated standards by (kind, scope, qualifier)."""

    def __init__(self) -> None:
        self._by_key: dict[Key, list[Standard]] = defaultdict(list)
        self._dates: dict[Key, list[datetime.date]] = {}
        # Rules ask the same question for thousands of payments on a few
        # hundred dates: answers are kept until a standard is added.
        self._memo: dict[Question, Standard | None] = {}

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

    def _find(
        self,
        kind: StandardKind,
        scope: str,
        date: datetime.date,
        school_level: SchoolLevel | None,
        category: Category | None,
    ) -> Standard | None:
        keys: list[Key]
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

    def dates(self, kinds: Collection[StandardKind]) -> list[datetime.date]:
        """Every date a standard of one of `kinds` takes effect on, sorted."""
        return sorted({s.date for (kind, _s, _q), series in self._by_key.items() if kind in kinds for s in series})

    def scopes(self, kind: StandardKind) -> set[str]:
        return {scope for (k, scope, _q) in self._by_key if k is kind}

    def __iter__(self) -> Iterator[Standard]:
        for series in self._by_key.values():
            yield from series

    def in_force(self, date: datetime.date) -> Iterator[Standard]:
        """Each key's standard in force on `date` (one per kind, scope and qualifier)."""
        for series in self._by_key.values():
            current = [s for s in series if s.date <= date]
            if current:
                yield max(current, key=lambda s: s.date)


class FundScopes:
    """Which archive levels and categories each fund may pay, by date
    (seed 004 art. 2); the defaults when a ledger declares none."""

    def __init__(self) -> None:
        self._by_fund: dict[Fund, list[FundScope]] = defaultdict(list)
        self.categories: tuple[Category, ...] = tuple(BUILTIN_CATEGORIES)  # the ledger's (by default: all)
        self._memo: dict[tuple[Fund, datetime.date], FundScope] = {}

    def add(self, scope: FundScope) -> None:
        self._by_fund[scope.fund].append(scope)
        self._memo.clear()

    def at(self, fund: Fund, date: datetime.date) -> FundScope:
        """The scope in force for `fund` on `date`, else the default."""
        key = (fund, date)
        if key not in self._memo:
            current = None
            for scope in self._by_fund.get(fund, ()):
                if scope.date <= date:
                    current = scope
            self._memo[key] = current or FundScope(
                datetime.date.min, fund, DEFAULT_FUND_LEVELS[fund], self.categories, None
            )
        return self._memo[key]
