"""Vocabularies of the ledger: funds, aid categories, archive fields.

Every term has a stable English code (used in account names and code) and the
Chinese label officers write and read. Ledger text may use either; `parse`
accepts both, so `level: "全国级"` and `level: "national"` mean the same.
Aid categories are open: the six of seed 003 二 are built in and a ledger may
declare more (`Categories`); the other vocabularies are closed.
Sources: domain.md "Funds", "Aid categories and caps", "Archives"; seed 003 一, 二.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import Any, ClassVar, Self


class Labeled(StrEnum):
    """A StrEnum whose members carry a Chinese label and optional aliases."""

    label: str
    _aliases: tuple[str, ...]

    def __new__(cls, code: str, label: str, *aliases: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member._aliases = (label, *aliases)
        return member

    @classmethod
    def parse(cls, text: object) -> Self:
        """Return the member named by `text` (code, Chinese label or alias)."""
        if isinstance(text, cls):
            return text
        lookup: dict[str, Self] | None = cls.__dict__.get("_lookup_table")
        if lookup is None:
            lookup = {}
            for member in cls:
                for name in (member.value, member.value.lower(), *member._aliases):
                    lookup.setdefault(name, member)
            type.__setattr__(cls, "_lookup_table", lookup)
        key = str(text).strip()
        found = lookup.get(key) or lookup.get(key.lower())
        if found is None:
            raise ValueError(f"“{key}”不是有效取值，应为：{cls.choices()}")
        return found

    @property
    def aliases(self) -> tuple[str, ...]:
        """The label, then the other names officers write."""
        return self._aliases

    @property
    def short(self) -> str:
        """The shortest common name (中央财政 for 中央财政专项帮扶资金)."""
        return self._aliases[1] if len(self._aliases) > 1 else self.label

    @classmethod
    def choices(cls) -> str:
        return "、".join(f"{m.label}（{m.value}）" for m in cls)


class Fund(Labeled):
    """The five sources of special aid funds (seed 003 一)."""

    # How officers write them (docs/import.md lists these, generated from here).
    CENTRAL = "Central", "中央财政专项帮扶资金", "中央财政", "中央", "中央资金", "中央专项", "中央专项资金", "中央财政资金"
    PROVINCIAL = "Provincial", "省级财政专项帮扶资金", "省级财政", "省级", "省财政", "省级资金", "省级专项", "省专项资金"
    LOCAL = (
        "Local", "市县财政配套资金", "市县配套", "市、县财政配套资金", "地方配套", "县级配套", "市级配套", "市县配套资金",
        "配套资金", "县财政", "市财政", "地方财政",
    )
    UNION_DUES = "UnionDues", "工会经费留成", "工会经费", "工会资金", "经费留成", "工会"
    DONATIONS = "Donations", "社会捐助资金", "社会捐助", "社会捐赠", "捐款", "捐赠", "社会捐款", "捐助"


class Category(str):
    """An aid category: the six of seed 003 二 are built in (`Category.LIVING`
    ...); a ledger may declare more (`custom "category"`, e.g. 临时救助), which
    the ledger's `Categories` holds. Like a `Labeled` member it is its code (the
    account leaf, `Expenses:Aid:<Fund>:<Category>`) and carries a Chinese
    label, aliases, and the payment fields every payment of it must carry."""

    LIVING: ClassVar[Category]
    MEDICAL: ClassVar[Category]
    EDUCATION: ClassVar[Category]
    TRAINING: ClassVar[Category]
    LEGAL: ClassVar[Category]
    FESTIVAL: ClassVar[Category]

    label: str
    _aliases: tuple[str, ...]
    required: tuple[str, ...]  # PaymentFields names (S05)
    builtin: bool
    book_code: str | None  # its expense code in the union's books (declared categories; ledger/books.py)

    def __new__(
        cls, code: str, label: str, *aliases: str, required: tuple[str, ...] = (), builtin: bool = False,
        book_code: str | None = None,
    ) -> Self:
        member = str.__new__(cls, code)
        member.label = label
        member._aliases = (label, *aliases)
        member.required = required
        member.builtin = builtin
        member.book_code = book_code
        return member

    @property
    def value(self) -> str:
        return str.__str__(self)

    @property
    def aliases(self) -> tuple[str, ...]:
        return self._aliases

    @property
    def short(self) -> str:
        return self._aliases[1] if len(self._aliases) > 1 else self.label

    def __repr__(self) -> str:
        return f"Category({self.value!r}, {self.label!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # A built-in category unpickles as itself, so `is Category.LIVING` holds.
        return (_category, (self.value, self.label, self._aliases[1:], self.required, self.builtin, self.book_code))

    @classmethod
    def parse(cls, text: object) -> Category:
        """The category named by `text` (code, label or alias) among the
        categories in use: the ledger's own while its view is read, else the
        built-in six."""
        return categories_in_use().parse(text)

    @classmethod
    def choices(cls) -> str:
        return categories_in_use().choices()


def _category(
    code: str, label: str, aliases: tuple[str, ...], required: tuple[str, ...], builtin: bool, book_code: str | None
) -> Category:
    if builtin:
        found = BUILTIN_CATEGORIES.get(code)
        if found is not None:
            return found
    return Category(code, label, *aliases, required=required, builtin=builtin, book_code=book_code)


Category.LIVING = Category("Living", "生活救助", "生活补助", "生活困难补助", "生活", builtin=True)
Category.MEDICAL = Category(
    "Medical", "医疗救助", "医疗补助", "医疗", required=("bill", "out_of_pocket"), builtin=True
)
Category.EDUCATION = Category(
    "Education", "助学", "助学救助", "子女助学", "金秋助学", "助学金", "教育救助",
    required=("student", "school_level"), builtin=True,
)
Category.TRAINING = Category(
    "Training", "培训", "职业培训", "培训帮扶", "技能培训", "就业培训", required=("trade",), builtin=True
)
Category.LEGAL = Category("Legal", "法律援助", "法援", required=("case",), builtin=True)
Category.FESTIVAL = Category("Festival", "送温暖", "元旦春节送温暖", "春节送温暖", "节日慰问", builtin=True)


class Categories:
    """The categories of one ledger, in order: the built-in six, then those it
    declares. Immutable; `with_category` returns a new one."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self._all = tuple(categories)
        # Equal only when every category is declared alike: a category is a
        # str equal to its code, and caches keyed by Categories (e.g.
        # parse_aid_account) must not hand one ledger's 职业介绍 to another's.
        self._key = tuple(
            (c.value, c.label, c.aliases, c.required, c.builtin, c.book_code) for c in self._all
        )
        self._lookup: dict[str, Category] = {}
        for category in self._all:
            for name in (category.value, category.value.lower(), *category.aliases):
                self._lookup.setdefault(name, category)

    def __iter__(self) -> Iterator[Category]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def __contains__(self, item: object) -> bool:
        return item in self._all

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Categories) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Categories, (self._all,))

    def get(self, code: str) -> Category | None:
        """The category whose code (account leaf) is `code`, exactly."""
        found = self._lookup.get(code)
        return found if found is not None and found.value == code else None

    def find(self, text: object) -> Category | None:
        key = str(text).strip()
        return self._lookup.get(key) or self._lookup.get(key.lower())

    def parse(self, text: object) -> Category:
        if isinstance(text, Category) and text in self._all:
            return text
        found = self.find(text)
        if found is None:
            raise ValueError(f"“{str(text).strip()}”不是有效取值，应为：{self.choices()}")
        return found

    def choices(self) -> str:
        return "、".join(f"{c.label}（{c.value}）" for c in self._all)

    def with_category(self, category: Category) -> Categories:
        return Categories((*self._all, category))


BUILTIN_CATEGORIES = Categories(
    (Category.LIVING, Category.MEDICAL, Category.EDUCATION, Category.TRAINING, Category.LEGAL, Category.FESTIVAL)
)
_IN_USE: ContextVar[Categories] = ContextVar("bangfu_categories", default=BUILTIN_CATEGORIES)


def categories_in_use() -> Categories:
    """The categories text is parsed against (see `reading_categories`)."""
    return _IN_USE.get()


@contextmanager
def reading_categories(categories: Categories) -> Iterator[None]:
    """Parse category names against `categories` (a ledger's own) within the
    block: metadata validators have no other way to know them."""
    token = _IN_USE.set(categories)
    try:
        yield
    finally:
        _IN_USE.reset(token)


class Level(Labeled):
    """Archive level (domain.md "Archives")."""

    NATIONAL = "national", "全国级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "地市级", "市级"
    COUNTY = "county", "区县级", "县级"
    GRASSROOTS = "grassroots", "基层", "企业级"


class Nature(Labeled):
    """Archive nature: long-term or temporary (seed 003 审批表 说明)."""

    LONG_TERM = "long-term", "长期", "长期档案"
    TEMPORARY = "temporary", "临时", "临时档案"


class Hardship(Labeled):
    """Hardship type; the last three are the older national-system types."""

    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"
    DIBAO = "dibao", "享受低保"
    ABOVE_DIBAO = "above-dibao", "低保线以上"
    NO_DIBAO = "no-dibao", "未享受低保"


class Cause(Labeled):
    """Main cause of hardship (archive form, domain.md)."""

    NO_CAPACITY = "no-capacity", "无劳动能力"
    UNEMPLOYED_ABLE = "unemployed-able", "有劳动能力未就业"
    LAID_OFF = "laid-off", "下岗失业"
    UNINSURED = "uninsured", "未参保"
    BENEFITS_SHORT = "benefits-short", "社保待遇不到位"
    GRAVE_ILLNESS = "grave-illness", "重特大疾病"
    DISASTER = "disaster", "自然灾害"
    ACCIDENT = "accident", "意外事故"
    SCHOOLING = "schooling", "子女上学"
    OTHER = "other", "其他"


class Event(Labeled):
    """Household lifecycle events (domain.md "States")."""

    ARCHIVED = "archived", "建档"
    CHANGED = "changed", "变更"
    REFRESHED = "refreshed", "刷新"
    EXITED = "exited", "脱困"
    CANCELLED = "cancelled", "注销"
    RETURNED = "returned", "退回"
    BLACKLISTED = "blacklisted", "黑名单", "列入黑名单"


class State(Labeled):
    """Household state that follows from its events."""

    ACTIVE = "active", "在档"
    EXITED = "exited", "已脱困"
    CANCELLED = "cancelled", "已注销"
    RETURNED = "returned", "已退回"
    BLACKLISTED = "blacklisted", "黑名单"


class Method(Labeled):
    """How a payment reached the household (seed 003 三(四))."""

    BANK = "bank", "银行卡", "银行", "转账"
    CASH = "cash", "现金"


class Sex(Labeled):
    MALE = "male", "男"
    FEMALE = "female", "女"


class SchoolLevel(Labeled):
    """School level of a student, for education aid standards."""

    PRESCHOOL = "preschool", "学前", "幼儿园"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    VOCATIONAL = "vocational", "中职", "中专"
    COLLEGE = "college", "大专", "高职"
    UNIVERSITY = "university", "本科", "大学"
    GRADUATE = "graduate", "研究生"


class StandardKind(Labeled):
    """Kinds of dated standards (domain.md caps table).

    The scope argument of `custom "standard"` is a locality for dibao,
    education and legal, a trade for training, a fund key (or "*") for
    festival, and a fund key for fund-cap (a fund's own explicit standard for
    one category, which replaces the default cap: seed 003 二 "明确规定了标准的
    专项帮扶资金，按规定标准执行").
    """

    DIBAO = "dibao", "低保标准", "低保"
    EDUCATION = "education", "基本生活费标准", "基本生活费"
    TRAINING = "training", "培训标准", "培训"
    LEGAL = "legal", "法律援助补贴标准", "法律援助"
    FESTIVAL = "festival", "送温暖标准", "送温暖"
    FUND_CAP = "fund-cap", "资金专项标准", "专项标准"


# Which standard kind a category needs before it may be paid at all.
CATEGORY_STANDARD: dict[Category, StandardKind] = {
    Category.LIVING: StandardKind.DIBAO,
    Category.EDUCATION: StandardKind.EDUCATION,
    Category.TRAINING: StandardKind.TRAINING,
    Category.LEGAL: StandardKind.LEGAL,
}

WILDCARD = "*"
