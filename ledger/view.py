"""The typed view of a loaded ledger, built once per load.

`build_view(entries)` reads every bangfu directive (households, members,
standards, localities, fund scopes, options, holidays) and every payment in
one pass, counts each payment line against the caps it falls under
(reversals with the line they reverse), and keeps the problems it met.

The fund_rules plugin builds the view while beancount loads the ledger and
leaves it in the options map (`attach`); `bangfu check`, the reports, Fava's
extension and the importers take it from there (`view_of`) instead of reading
the ledger again. beancount's pickle cache stores the options map keyed on
file times only; a cached view is stored as a stamp of the code that built
it (`CodeStamp`), and a cache written by other code is discarded on load, so
upgrading bangfu never shows results of the old rules.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import importlib.util
import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from beancount.core.amount import Amount
from beancount.core.data import Custom, Transaction
from beancount.parser.parser import parse_string
from pydantic import ValidationError

from ledger.archive import Household, HouseholdSnapshot
from ledger.errors import S01, S02, S03, S06, S07, Code, LedgerError
from ledger.fields import MetaModel, describe_validation, fast_validate, user_meta
from ledger.models import (
    BatchFields,
    BatchNotice,
    FundFields,
    FundScope,
    HouseholdEvent,
    HouseholdEventFields,
    Locality,
    LocalityFields,
    MemberEvent,
    MemberEventFields,
    MemberRecord,
    Standard,
    StandardFields,
)
from ledger.money import CURRENCY
from ledger.options import Options
from ledger.payments import Counted, Payment, read_payment, touches_aid
from ledger.policy import (
    CapBook,
    CapDeclaration,
    CapFields,
    CategoryDeclarationFields,
    Per,
    aliases_of,
    cap_problem,
)
from ledger.presets import DEFAULT_PRESET, PRESETS, preset_named
from ledger.seal import SEAL_TYPES
from ledger.standards import FundScopes, StandardBook
from ledger.vocab import BUILTIN_CATEGORIES, Categories, Category, Event, Fund, StandardKind, reading_categories
from ledger.workdays import WorkCalendar

ACCOUNT_LEAF = re.compile(r"[A-Z][A-Za-z0-9-]*")  # a category code is an account component
VIEW_KEY = "bangfu_view"  # where the view waits in beancount's options map
M = TypeVar("M", bound=MetaModel)


@dataclass(eq=False)
class LedgerView:
    """Everything bangfu reads from a ledger, typed."""

    entries: list[Any]  # the entries it was read from, date-sorted
    households: dict[str, Household] = field(default_factory=dict)  # archived households only
    orphan_members: list[MemberRecord] = field(default_factory=list)  # members of unknown archives (S10)
    standards: StandardBook = field(default_factory=StandardBook)
    fund_scopes: FundScopes = field(default_factory=FundScopes)
    localities: dict[str, Locality] = field(default_factory=dict)
    options: Options = field(default_factory=Options)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    payments: list[Payment] = field(default_factory=list)  # payments and reversals, in ledger order
    by_link: dict[str, Payment] = field(default_factory=dict)  # payments proper by payment number
    counted: dict[Category, list[Counted]] = field(default_factory=dict)
    categories: Categories = BUILTIN_CATEGORIES  # the built-in six, then the ledger's (and its preset's)
    caps: CapBook = field(default_factory=CapBook)  # cap declarations: the preset's, then the ledger's
    bank_results: frozenset[str] = frozenset()  # payment numbers a bank result confirmed
    batches: dict[str, BatchNotice] = field(default_factory=dict)  # declared payment batches: public notice, national-system report date
    problems: list[LedgerError] = field(default_factory=list)
    stamp: CodeStamp | None = None  # set when attached by a plugin: the code that built it
    # What other packages compute from the view, kept for as long as the
    # view (e.g. the cap rules' index of lines by bucket).
    derived: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @property
    def last_date(self) -> datetime.date | None:
        """The date of the ledger's last entry; a closing or reopening is the
        date a period was sealed, not a date of the books (ledger/seal.py)."""
        for entry in reversed(self.entries):
            if not (isinstance(entry, Custom) and entry.type in SEAL_TYPES):
                return entry.date  # type: ignore[no-any-return]
        return None

    @property
    def last_payment_date(self) -> datetime.date | None:
        """The date of the last aid payment: the default period of reports and
        of Fava's audit page (never today's date, nor a document's or a stray
        later entry's)."""
        return max((p.date for p in self.payments if not p.is_reversal), default=None)

    def household(self, archive_no: str, date: datetime.date) -> HouseholdSnapshot | None:
        """The archived household on `date`; None for an unknown archive number."""
        record = self.households.get(archive_no)
        return record.at(date) if record is not None else None

    def original(self, payment: Payment) -> Payment | None:
        """The payment a reversal reverses, if the ledger has it."""
        return self.by_link.get(payment.fields.reverses) if payment.fields.reverses is not None else None

    def aid_payments(self) -> Iterator[Payment]:
        """Payments proper (not reversals) to archived households."""
        for payment in self.payments:
            if not payment.is_reversal and payment.household in self.households:
                yield payment

    def __repr__(self) -> str:  # Fava's options page prints the options map
        return f"<bangfu 账本视图：{len(self.households)} 户档案，{len(self.payments)} 笔付款>"

    def __reduce__(self) -> tuple[Any, ...]:
        """In a pickle (beancount's cache) the view is only the stamp of the
        code that built it: restoring it under other code raises, so beancount
        discards the cache and loads again; the view itself is rebuilt."""
        return (_restore, (self.stamp,))


# ---------------------------------------------------------------- sharing one view per load


def attach(options_map: dict[str, Any], view: LedgerView, code: tuple[str, ...]) -> None:
    """Leave the view in the options map, stamped with the packages whose
    code built it (a plugin's results depend on them)."""
    view.stamp = CodeStamp(code, fingerprint(code))
    options_map[VIEW_KEY] = view


def view_of(entries: list[Any], options_map: dict[str, Any]) -> LedgerView:
    """The view of this load: the one the plugin left, else built now (a
    ledger without the plugin line, or a load from beancount's cache)."""
    found = options_map.get(VIEW_KEY)
    if isinstance(found, LedgerView):
        return found
    view = build_view(entries)
    options_map[VIEW_KEY] = view
    return view


class StaleCache(Exception):
    """A load in beancount's pickle cache no longer holds. Raised while the
    cache is read (by a stamp left in the options map), so beancount discards
    the cache and loads the ledger again."""


class CodeChanged(StaleCache):
    """A cached load was made by other code than the one running now."""


@dataclass(frozen=True)
class CodeStamp:
    packages: tuple[str, ...]
    digest: str


def _restore(stamp: CodeStamp | None) -> None:
    if stamp is not None and fingerprint(stamp.packages) != stamp.digest:
        raise CodeChanged("bangfu 已更新，缓存中旧版本的检查结果作废，重新载入")


@functools.cache
def fingerprint(packages: tuple[str, ...]) -> str:
    """SHA-256 of the source of the named packages (found, not imported)."""
    digest = hashlib.sha256()
    for package in packages:
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(folder).rglob("*.py")):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------- reading


def build_view(entries: list[Any]) -> LedgerView:
    """Read every bangfu directive and payment; entries must be date-sorted
    (as beancount's loader returns them)."""
    reader = _Reader(LedgerView(entries))
    reader.declare_policy()
    with reading_categories(reader.view.categories):
        for entry in entries:
            if isinstance(entry, Transaction):
                reader.transaction(entry)
            elif isinstance(entry, Custom):
                handler = _CUSTOM_HANDLERS.get(entry.type)
                if handler is not None:
                    handler(reader, entry)
        return reader.finish()


@functools.cache
def preset_entries(name: str) -> tuple[Custom, ...]:
    """A preset's directives, parsed from its ledger text (ledger/presets.py)."""
    entries, errors, _options = parse_string(PRESETS[name].text)
    assert not errors, errors  # the presets are tested to parse
    return tuple(e for e in entries if isinstance(e, Custom))


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


class _Reader:
    """One pass over the entries, dispatching on directive type."""

    def __init__(self, view: LedgerView) -> None:
        self.view = view
        self.members: dict[str, list[MemberRecord]] = {}
        self.bank_results: set[str] = set()

    def problem(self, code: Code, entry: Any, text: str, **subject: Any) -> None:
        self.view.problems.append(code.at(entry, text, **subject))

    def validate(
        self, model: type[M], data: dict[str, Any], entry: Custom, code: Code, what: str, **subject: Any
    ) -> M | None:
        fast = fast_validate(model, data)
        if fast is not None:
            return fast
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problem(code, entry, f"{what}：" + "；".join(describe_validation(exc, model)), **subject)
            return None

    # ------------------------------------------------------------ policy

    def declare_policy(self) -> None:
        """Before the payments are read: the categories (built in, the
        preset's, the ledger's own, whatever their dates) - a payment's
        account names one - and the preset's caps."""
        name, declared = DEFAULT_PRESET, []
        for entry in self.view.entries:
            if not isinstance(entry, Custom):
                continue
            if entry.type == "category":
                declared.append(entry)
            elif entry.type == "bangfu-option":
                values = _values(entry)
                if len(values) == 2 and values[0] == "policy" and isinstance(values[1], str):
                    with contextlib.suppress(ValueError):  # the option's own check reports it (S06)
                        name = preset_named(values[1]).name
        preset = preset_entries(name)
        own: dict[str, tuple[Custom, str | None]] = {}
        for entry in [e for e in preset if e.type == "category"] + declared:
            self.category(entry, own, name if entry in preset else None)
        self.view.fund_scopes.categories = tuple(self.view.categories)
        for entry in preset:
            if entry.type == "cap":
                self.cap(entry, preset=name)

    def category(self, entry: Custom, own: dict[str, tuple[Custom, str | None]], preset: str | None) -> None:
        """`custom "category" "<Code>" "<中文名>"`: a category beyond the six."""
        args = _strings(entry, 2)
        if args is None:
            self.problem(S02, entry, '类别指令应写作 custom "category" "账户末级名（英文字母开头）" "中文名称"')
            return
        code, label = args
        if not ACCOUNT_LEAF.fullmatch(code):
            text = f"类别代码“{code}”须以大写字母开头、只含字母数字与连字符（用作账户 Expenses:Aid:<资金>:{code}）"
            self.problem(S07, entry, text)
            return
        if BUILTIN_CATEGORIES.get(code) is not None:
            self.problem(S07, entry, f"“{code}”是内置类别，不需声明")
            return
        if preset is None and code in own and own[code][1] is None:  # a preset's may be redeclared
            first = own[code][0].meta
            self.problem(S07, entry, f"类别“{code}”重复声明（首次见 {first['filename']}:{first['lineno']}）")
            return
        fields = self.validate(CategoryDeclarationFields, user_meta(entry.meta), entry, S07, f"类别 {label}")
        if fields is None:
            return
        category = Category(code, label, *aliases_of(fields), required=fields.required or (), book_code=fields.code)
        existing = [c for c in self.view.categories if c.value != code]
        clash = next((c for c in existing for n in category.aliases if Categories((c,)).find(n)), None)
        if clash is not None:
            self.problem(S07, entry, f"类别“{label}”的名称与已有类别“{clash.label}”重名：请换一个名称或别名")
            return
        own[code] = (entry, preset)
        self.view.categories = Categories((*existing, category))

    def cap(self, entry: Custom, preset: str | None = None) -> None:
        args = _strings(entry, 2)
        if args is None:
            self.problem(S02, entry, '上限指令应写作 custom "cap" "帮扶类别" "计算单位"，如 "household-year"')
            return
        try:
            category = self.view.categories.parse(args[0])
            per = Per.parse(args[1])
        except ValueError as exc:
            self.problem(S02, entry, f"上限指令：{exc}")
            return
        what = f"{category.label}{per.label}上限"
        fields = self.validate(CapFields, user_meta(entry.meta), entry, S07, what)
        if fields is None:
            return
        declaration = CapDeclaration(entry.date, category, per, fields, entry, preset)
        problem = cap_problem(declaration)
        if problem:
            self.problem(S07, entry, f"{what}：{problem}")
            return
        self.view.caps.add(declaration)

    def read_before(self, entry: Custom) -> None:
        """Read before the payments (declare_policy)."""

    def household(self, entry: Custom) -> None:
        args = _strings(entry, 2)
        if args is None:
            self.problem(S02, entry, '档案指令应写作 custom "household" "档案编号" "事件"')
            return
        archive_no, event_text = args
        try:
            event = Event.parse(event_text)
        except ValueError as exc:
            self.problem(S02, entry, f"档案 {archive_no} 的事件{exc}", household=archive_no)
            return
        data = {**user_meta(entry.meta), "event": event}
        what = f"档案 {archive_no}（{event.label}）"
        fields = self.validate(HouseholdEventFields, data, entry, S01, what, household=archive_no)
        if fields is None:
            return
        record = self.view.households.get(archive_no)
        if record is None:
            if event is not Event.ARCHIVED:
                text = f"档案 {archive_no} 尚未建档就出现“{event.label}”事件：请先写建档（archived）事件"
                self.problem(S03, entry, text, household=archive_no)
                return
            record = self.view.households[archive_no] = Household(archive_no)
        record.events.append(HouseholdEvent(entry.date, archive_no, event, fields, entry))

    def member(self, entry: Custom) -> None:
        args = _strings(entry, 2, optional=1)
        if args is None:
            self.problem(S02, entry, '成员指令应写作 custom "member" "档案编号" "成员身份证号" ["removed"]')
            return
        archive_no, id_text = args[0], args[1]
        try:
            event = MemberEvent.parse(args[2]) if len(args) == 3 else MemberEvent.ADDED
        except ValueError as exc:
            self.problem(S02, entry, f"成员事件{exc}", household=archive_no)
            return
        data = {**user_meta(entry.meta), "event": event}
        what = f"档案 {archive_no} 成员 {id_text}"
        fields = self.validate(MemberEventFields, data, entry, S01, what, household=archive_no)
        if fields is None:
            return
        record = MemberRecord(entry.date, archive_no, id_text.upper(), event, fields, entry)
        self.members.setdefault(archive_no, []).append(record)

    def standard(self, entry: Custom) -> None:
        values = _values(entry)
        shape_ok = (
            len(values) == 3
            and isinstance(values[0], str)
            and isinstance(values[1], str)
            and isinstance(values[2], Amount)
        )
        if not shape_ok:
            self.problem(S02, entry, '标准指令应写作 custom "standard" "种类" "适用范围" 金额 CNY')
            return
        kind_text, scope, amount = values
        try:
            kind = StandardKind.parse(kind_text)
        except ValueError as exc:
            self.problem(S02, entry, f"标准种类{exc}")
            return
        if amount.currency != CURRENCY or amount.number is None or amount.number < 0:
            self.problem(S02, entry, f"标准金额应为非负的 {CURRENCY} 金额，实为 {amount}")
            return
        fields = self.validate(StandardFields, user_meta(entry.meta), entry, S07, f"{kind.label}")
        if fields is None:
            return
        if (kind is StandardKind.FUND_CAP) != (fields.category is not None):
            text = (
                "资金专项标准须写 `category:`（帮扶类别）"
                if kind is StandardKind.FUND_CAP
                else "只有资金专项标准（fund-cap）可写 `category:`"
            )
            self.problem(S07, entry, text)
            return
        if fields.category is Category.FESTIVAL:
            self.problem(S07, entry, '送温暖的资金标准请写作 custom "standard" "festival" "<资金>" 金额 CNY')
            return
        self.view.standards.add(
            Standard(
                entry.date, kind, scope.strip(), Decimal(amount.number),
                fields.school_level, fields.locality, fields.category, entry,
            )
        )

    def locality(self, entry: Custom) -> None:
        args = _strings(entry, 1)
        if args is None:
            self.problem(S02, entry, '地区指令应写作 custom "locality" "地区名称"')
            return
        fields = self.validate(LocalityFields, user_meta(entry.meta), entry, S07, f"地区 {args[0]}")
        if fields is None:
            return
        declared = self.view.localities.get(args[0])
        if declared is not None:
            first = declared.entry.meta
            self.problem(S07, entry, f"地区 “{args[0]}” 重复声明（首次见 {first['filename']}:{first['lineno']}）")
            return
        self.view.localities[args[0]] = Locality(entry.date, args[0], fields, entry)

    def fund(self, entry: Custom) -> None:
        args = _strings(entry, 1)
        if args is None:
            self.problem(S02, entry, '资金指令应写作 custom "fund" "资金代码"，如 "Central"')
            return
        try:
            fund = Fund.parse(args[0])
        except ValueError as exc:
            self.problem(S02, entry, f"资金代码{exc}")
            return
        fields = self.validate(FundFields, user_meta(entry.meta), entry, S07, f"资金 {fund.label}", fund=fund)
        if fields is None:
            return
        default = self.view.fund_scopes.at(fund, entry.date)
        self.view.fund_scopes.add(
            FundScope(
                entry.date,
                fund,
                fields.levels if fields.levels is not None else default.levels,
                fields.categories if fields.categories is not None else default.categories,
                entry,
            )
        )

    def option(self, entry: Custom) -> None:
        values = _values(entry)
        if len(values) != 2 or not isinstance(values[0], str):
            self.problem(S02, entry, '选项指令应写作 custom "bangfu-option" "名称" 值')
            return
        try:
            self.view.options = self.view.options.with_value(*values)
        except ValueError as exc:
            self.problem(S06, entry, str(exc))

    def day_off(self, entry: Custom) -> None:
        """`custom "holiday" "名称"` / `custom "workday" "调休"` for years the
        calendar library does not know."""
        if _strings(entry, 1) is None:
            self.problem(S02, entry, f'应写作 custom "{entry.type}" "名称"')
            return
        calendar = self.view.calendar
        (calendar.holidays if entry.type == "holiday" else calendar.workdays).add(entry.date)

    def bank_result(self, entry: Custom) -> None:
        """`custom "bank-result" "<payment number>" "success"`, written by
        `bangfu import` of a bank's result file."""
        values = _values(entry)
        if values and isinstance(values[0], str):
            self.bank_results.add(values[0])

    def batch(self, entry: Custom) -> None:
        """`custom "batch" "<batch>"` with `notice-start:`/`notice-end:` (the
        public notice of a payment batch, R17) and/or `reported:` (the date
        the batch was entered into the national system, R15)."""
        args = _strings(entry, 1)
        if args is None:
            self.problem(
                S02, entry, '批次指令应写作 custom "batch" "批次号"，并写 notice-start 与 notice-end，或 reported'
            )
            return
        fields = self.validate(BatchFields, user_meta(entry.meta), entry, S07, f"批次 {args[0]} 的声明")
        if fields is None:
            return
        declared = self.view.batches.get(args[0])
        if declared is not None:
            first = declared.entry.meta
            self.problem(S07, entry, f"批次 “{args[0]}” 重复声明（首次见 {first['filename']}:{first['lineno']}）")
            return
        self.view.batches[args[0]] = BatchNotice(
            entry.date, args[0], fields.notice_start, fields.notice_end, entry, fields.reported
        )

    def transaction(self, entry: Transaction) -> None:
        if not touches_aid(entry):
            return
        payment, problems = read_payment(entry, self.view.categories)
        self.view.problems.extend(problems)
        if payment is not None:
            self.view.payments.append(payment)

    def finish(self) -> LedgerView:
        view = self.view
        view.standards.finish()
        view.caps.finish()
        for archive_no, records in self.members.items():
            household = view.households.get(archive_no)
            if household is None:
                view.orphan_members.extend(records)
            else:
                household.members.extend(records)
        view.bank_results = frozenset(self.bank_results)
        view.by_link, view.counted = _count(view.payments, view.categories)
        return view


def _count(
    payments: Iterable[Payment], categories: Categories
) -> tuple[dict[str, Payment], dict[Category, list[Counted]]]:
    """Payments proper by number, and every line as counted against caps: a
    reversal's line counts with the original line of the same fund and
    category, carrying its details; a reversal that matches no original of
    the same household counts nowhere (S15 reports it)."""
    payments = list(payments)
    by_link: dict[str, Payment] = {}
    for payment in payments:
        if not payment.is_reversal:
            for link in payment.links:
                by_link.setdefault(link, payment)
    counted: dict[Category, list[Counted]] = {category: [] for category in categories}
    for order, payment in enumerate(payments):
        original = by_link.get(payment.fields.reverses) if payment.fields.reverses is not None else None
        if payment.is_reversal and (original is None or original.household != payment.household):
            continue
        counts_from = max(payment.date, original.date) if original is not None else payment.date
        for line in payment.lines:
            details = line.details
            if original is not None:
                match = next((o for o in original.lines if (o.fund, o.category) == (line.fund, line.category)), None)
                if match is None:
                    continue
                details = match.details
            counted[line.category].append(Counted(payment, line, details, order, counts_from))
    return by_link, counted


_CUSTOM_HANDLERS = {
    "household": _Reader.household,
    "member": _Reader.member,
    "standard": _Reader.standard,
    "locality": _Reader.locality,
    "fund": _Reader.fund,
    "bangfu-option": _Reader.option,
    "holiday": _Reader.day_off,
    "workday": _Reader.day_off,
    "bank-result": _Reader.bank_result,
    "batch": _Reader.batch,
    "cap": _Reader.cap,
    "category": _Reader.read_before,
}
