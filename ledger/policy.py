"""Caps and categories declared in the ledger (docs/policy.md).

    2025-07-01 custom "cap" "生活救助" "household-year"
      hardship: "相对困难"
      months: 10
      of: "dibao"
      citation: "某县实施细则第五条"

A cap declaration names a category, what its payments are summed over (`Per`)
and how the cap is computed: `months` of a standard (`of`), the standard
itself (`of` alone), a `percent` of a bill's out-of-pocket cost, an `amount`,
or several (the smallest binds); `off: TRUE` lifts a cap from its date. It
may be limited to households of one hardship type, to students of one school
level, or to one fund's payments. It is in force from its date until the
next declaration with the same key; the most specific declaration in force
wins (hardship or school level over none). The fund_rules plugin
(fund_rules/caps.py) computes and checks every cap from these.

    2025-01-01 custom "category" "Emergency" "临时救助"
      aliases: "一次性救助"
      required: "person"

declares a category beyond the six built in (ledger/vocab.py): its account
leaf (`Expenses:Aid:<Fund>:Emergency`), Chinese name, other names, and the
payment fields each of its payments must carry.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from ledger.fields import Count, FundValue, HardshipValue, MetaModel, Money, Number, SchoolLevelValue, Text
from ledger.money import money
from ledger.vocab import Category, Fund, Hardship, Labeled, SchoolLevel, StandardKind


class Per(Labeled):
    """What a cap's payments are summed over."""

    HOUSEHOLD_YEAR = "household-year", "每户每年"
    BILL = "bill", "每张票据"
    STUDENT_YEAR = "student-year", "每名学生每年"
    PERSON_YEAR = "person-year", "每人每年"
    CASE = "case", "每件案例"
    HOUSEHOLD_TRADE_YEAR = "household-trade-year", "每户每工种每年"


# Which standards a cap may be computed from, per unit (the standard's scope
# is the household's locality, the bill's -, the trade, the case's locality).
STANDARDS_FOR: dict[Per, tuple[StandardKind, ...]] = {
    Per.HOUSEHOLD_YEAR: (StandardKind.DIBAO, StandardKind.FESTIVAL),
    Per.BILL: (),
    Per.STUDENT_YEAR: (StandardKind.EDUCATION,),
    Per.PERSON_YEAR: (StandardKind.DIBAO,),
    Per.CASE: (StandardKind.LEGAL,),
    Per.HOUSEHOLD_TRADE_YEAR: (StandardKind.TRAINING,),
}
MONTHLY = (StandardKind.DIBAO, StandardKind.EDUCATION)  # standards that are monthly amounts


def _standard_kind(value: Any) -> StandardKind:
    return StandardKind.parse(value)


class CapFields(MetaModel):
    months: Count | None = Field(None, title="月数（按月标准计的上限）")
    of: Annotated[StandardKind, BeforeValidator(_standard_kind)] | None = Field(None, title="依据的标准种类")
    percent: Number | None = Field(None, title="占票据个人自付金额的百分比")
    amount: Money | None = Field(None, title="定额上限")
    off: bool | None = Field(None, title="自此日起不设此上限")
    hardship: HardshipValue | None = Field(None, title="只适用于此困难类别的家庭")
    school_level: SchoolLevelValue | None = Field(None, title="只适用于此学段的学生")
    fund: FundValue | None = Field(None, title="只适用于此资金的付款")
    name: Text | None = Field(None, title="上限名称（违规提示中显示）")
    citation: Text | None = Field(None, title="政策依据（文件与条款）")
    note: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _some_limit(self) -> CapFields:
        if self.off:
            if any(v is not None for v in (self.months, self.of, self.percent, self.amount)):
                raise ValueError("off: TRUE 表示不设上限，不能同时写 months、of、percent 或 amount")
            return self
        if self.months is None and self.of is None and self.percent is None and self.amount is None:
            raise ValueError("须写上限：months（配合 of）、of、percent 或 amount 至少一项，或 off: TRUE")
        if self.months is not None and not 1 <= self.months <= 12:
            raise ValueError(f"months 应为 1 到 12 的整数，实为 {self.months}")
        if self.months is not None and self.of is not None and self.of not in MONTHLY:
            raise ValueError(f"months 只能配合按月的标准（低保、基本生活费），{self.of.label}不是按月的")
        if self.percent is not None and not 0 < self.percent <= 100:
            raise ValueError(f"percent 应大于 0、不超过 100，实为 {self.percent}")
        if self.amount is not None and self.amount < 0:
            raise ValueError("amount 不能为负")
        return self


@dataclass(frozen=True)
class CapDeclaration:
    """One `custom "cap"` (the ledger's, or a preset's)."""

    date: datetime.date
    category: Category
    per: Per
    fields: CapFields
    entry: Any
    preset: str | None = None  # the preset it came from; None: the ledger's own

    @property
    def months(self) -> int | None:
        """Months of a monthly standard (default of: dibao / education)."""
        return self.fields.months

    @property
    def standard(self) -> StandardKind | None:
        """The standard the cap is computed from, if any."""
        if self.fields.of is not None:
            return self.fields.of
        if self.fields.months is not None:
            return StandardKind.EDUCATION if self.per is Per.STUDENT_YEAR else StandardKind.DIBAO
        return None

    @property
    def key(self) -> CapKey:
        f = self.fields
        return (self.category.value, self.per, f.fund, f.hardship, f.school_level)

    @property
    def scope(self) -> str:
        """Whom it applies to, in Chinese ("相对困难户", "高中学生", "中央财政资金")."""
        f = self.fields
        parts = []
        if f.hardship is not None:
            parts.append(f"{f.hardship.label}户")
        if f.school_level is not None:
            parts.append(f"{f.school_level.label}学生")
        if f.fund is not None:
            parts.append(f"{f.fund.short}付款")
        return "、".join(parts)

    @property
    def limit(self) -> str:
        """The limit in words: "低保 × 10 个月", "个人自付 × 80%", "20000.00 元"."""
        f = self.fields
        if f.off:
            return "不设上限"
        parts = []
        standard = self.standard
        if standard is not None:
            parts.append(f"{standard.short} × {f.months} 个月" if f.months is not None else standard.label)
        if f.percent is not None:
            parts.append(f"个人自付的 {f.percent.normalize():f}%")
        if f.amount is not None:
            parts.append(f"{money(f.amount)} 元")
        return "，且不超过 ".join(parts)

    @property
    def title(self) -> str:
        """How a violation names it: its `name:`, else e.g.
        "相对困难户生活救助上限 10 个月" / "医疗救助每户每年上限 20000.00 元"."""
        if self.fields.name:
            return self.fields.name
        f = self.fields
        only_months = f.months is not None and f.percent is None and f.amount is None
        per = "" if only_months else self.per.label  # N months: of a year, per household or student
        limit = f"{f.months} 个月" if only_months else self.limit
        return f"{self.scope.replace('、', '')}{self.category.label}{per}上限 {limit}"

    @property
    def where(self) -> str:
        """Where it is written: "预设 hubei" or "settings.beancount:12"."""
        if self.preset is not None:
            return f"预设 {self.preset}"
        meta = getattr(self.entry, "meta", None) or {}
        if "filename" in meta:
            return f"{Path(str(meta['filename'])).name}:{meta['lineno']}"
        return ""


CapKey = tuple[str, Per, Fund | None, Hardship | None, SchoolLevel | None]


def cap_problem(declaration: CapDeclaration) -> str:
    """What does not fit the declaration's unit, in Chinese; "" if fine."""
    f, per = declaration.fields, declaration.per
    standard = declaration.standard
    if standard is not None and standard not in STANDARDS_FOR[per]:
        allowed = "、".join(k.label for k in STANDARDS_FOR[per]) or "无（请写 percent 或 amount）"
        return f"{per.label}的上限不能按{standard.label}计，可用的标准：{allowed}"
    if standard in MONTHLY and f.months is None:
        return f"按月的标准（{standard.label}）须写 months（几个月）"
    festival = declaration.category.value == "Festival"
    if (standard is StandardKind.FESTIVAL) != festival and not f.off:
        return "送温暖的上限按送温暖标准计（of: \"festival\"），送温暖标准也只用于送温暖"
    if f.percent is not None and per is not Per.BILL:
        return "percent（占个人自付的百分比）只用于每张票据（bill）的上限"
    if f.hardship is not None and per not in (Per.HOUSEHOLD_YEAR, Per.PERSON_YEAR):
        return "hardship（困难类别）只用于每户每年或每人每年的上限"
    if f.school_level is not None and per is not Per.STUDENT_YEAR:
        return "school-level（学段）只用于每名学生每年（student-year）的上限"
    if standard is StandardKind.FESTIVAL and (f.fund is not None or f.hardship is not None):
        return '送温暖标准已按资金区分（custom "standard" "festival" "<资金>"），不能再写 fund 或 hardship'
    return ""


class CapBook:
    """Cap declarations by key, each in force from its date."""

    def __init__(self) -> None:
        self._by_key: dict[CapKey, list[CapDeclaration]] = defaultdict(list)
        self._dates: dict[CapKey, list[datetime.date]] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}  # answers, until a declaration is added

    def add(self, declaration: CapDeclaration) -> None:
        self._by_key[declaration.key].append(declaration)
        self._memo.clear()

    def finish(self) -> None:
        self._memo.clear()
        for key, series in self._by_key.items():
            # Same date: the ledger's own after a preset's, so it wins.
            series.sort(key=lambda d: (d.date, d.preset is None))
            self._dates[key] = [d.date for d in series]

    def _current(self, key: CapKey, date: datetime.date) -> CapDeclaration | None:
        dates = self._dates.get(key)
        if not dates:
            return None
        index = bisect.bisect_right(dates, date) - 1
        return self._by_key[key][index] if index >= 0 else None

    def at(
        self,
        category: Category,
        per: Per,
        date: datetime.date,
        fund: Fund | None = None,
        hardship: Hardship | None = None,
        school_level: SchoolLevel | None = None,
    ) -> CapDeclaration | None:
        """The declaration that caps a payment on `date` (None: no cap, or
        lifted by `off`): the most specific one in force for its household's
        hardship type and its student's school level."""
        question = (category.value, per, date, fund, hardship, school_level)
        if question not in self._memo:
            found = None
            for h in (hardship, None) if hardship is not None else (None,):
                for s in (school_level, None) if school_level is not None else (None,):
                    found = self._current((category.value, per, fund, h, s), date)
                    if found is not None:
                        break
                if found is not None:
                    break
            self._memo[question] = found if found is not None and not found.fields.off else None
        answer: CapDeclaration | None = self._memo[question]
        return answer

    def dates(self, category: Category, per: Per) -> list[datetime.date]:
        """Every date a declaration for (category, per) takes effect on, any
        fund, hardship type or school level, sorted."""
        return sorted({d.date for key, series in self._by_key.items() if key[:2] == (category.value, per) for d in series})

    def pers(self, category: Category) -> list[Per]:
        """The units any declaration (in force at any date) caps `category` over."""
        return [per for per in Per if any(k[0] == category.value and k[1] is per for k in self._by_key)]

    def funds(self, category: Category, per: Per, date: datetime.date) -> list[Fund]:
        """The funds with a declaration of their own for (category, per) in
        force on `date` (asked once per payment line: remembered)."""
        question = ("funds", category.value, per, date)
        if question not in self._memo:
            found = []
            for key in self._by_key:
                if key[0] == category.value and key[1] is per and key[2] is not None and key[2] not in found:
                    declaration = self._current(key, date)
                    if declaration is not None and not declaration.fields.off:
                        found.append(key[2])
            self._memo[question] = sorted(found, key=list(Fund).index)
        funds: list[Fund] = self._memo[question]
        return funds

    def in_force(self, date: datetime.date) -> Iterator[CapDeclaration]:
        """Each key's declaration in force on `date`."""
        for key in self._by_key:
            current = self._current(key, date)
            if current is not None:
                yield current

    def __iter__(self) -> Iterator[CapDeclaration]:
        for series in self._by_key.values():
            yield from series


PAYMENT_FIELD_NAMES = ("bill", "out_of_pocket", "student", "school_level", "trade", "case", "person")


def _field_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise ValueError('应为加引号的列表，如 "person" 或 "bill、out-of-pocket"')
    names = tuple(part.replace("-", "_") for part in re.split(r"[,，、\s]+", value) if part)
    unknown = [n for n in names if n not in PAYMENT_FIELD_NAMES]
    if unknown:
        allowed = "、".join(n.replace("_", "-") for n in PAYMENT_FIELD_NAMES)
        raise ValueError(f"“{'、'.join(unknown)}”不是付款的类别字段，可选：{allowed}")
    return names


class CategoryDeclarationFields(MetaModel):
    aliases: Text | None = Field(None, title="其他写法（逗号或顿号分隔）")
    required: Annotated[tuple[str, ...], BeforeValidator(_field_list)] | None = Field(
        None, title="每笔付款必填的字段"
    )
    code: Text | None = Field(None, title="工会会计制度支出科目编码（如 50404；docs/books.md）")
    citation: Text | None = Field(None, title="政策依据")
    note: Text | None = Field(None, title="备注")


def aliases_of(fields: CategoryDeclarationFields) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[,，、\s]+", fields.aliases or "") if part)


ZERO = Decimal(0)
