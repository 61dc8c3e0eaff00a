"""Sealed periods: a closing records a digest of every entry of the period,
so that any later addition, removal or change is found (issue 20 item 5).

The notices forbid altering records (seed 001 第十九条, seed 004 第二十二条:
擅自损毁、涂改、伪造档案); the 会计基础工作规范 forbids altering books once
reported. A union seals a period with `bangfu close`, which appends

    2026-07-05 custom "close" 2026-06-30 "sha256:<64 hex>"
      entries: 1234
      months: "2026-01:9f2c61d0a4b3 2026-02:… "

dated the day it was closed, naming the last day of the period and the
digest of every entry dated up to it. `bangfu close --reopen` appends

    2026-07-20 custom "reopen" 2026-06-30 "更正 3 月医疗救助票据号"

A reopening lifts the closings through that day made before it; closing the
period again records a new digest. The fund_rules plugin recomputes every
closing still in force (S19).

**The canonical form** is independent of file layout and formatting: each
entry is written as its type and fields, with amounts as plain decimals
(1500 and 1500.00 are the same), metadata sorted by key without file name
and line number, tags, links and postings sorted, and a document's path
relative to the ledger's folder; the lines are sorted, so moving entries
between files or within a file, reformatting them or adding comments keeps
the digest. Entries made by plugins (file names like `<auto_accounts>`),
padding transactions (made from `pad` after the plugins run), balance checks'
computed differences and the closings themselves are not part of it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beancount.core import flags
from beancount.core.amount import Amount
from beancount.core.data import Custom, Document, Posting, Transaction

from ledger.build import STAGED

if TYPE_CHECKING:  # ledger/view.py imports this module
    from ledger.view import LedgerView

CLOSE, REOPEN = "close", "reopen"
SEAL_TYPES = frozenset({CLOSE, REOPEN})
ALGORITHM = "sha256"
MONTH_DIGEST = 12  # hex digits kept per month: enough to say which month changed
SKIPPED_FIELDS = frozenset({"meta", "diff_amount"})  # diff_amount: computed by the balance check


# ---------------------------------------------------------------- the canonical form


@functools.lru_cache(maxsize=65536)  # amounts repeat; 1500 and 1500.00 are equal keys with one text
def _number(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _text(value: str) -> str:
    """A string, quoted so that no separator inside it is read as one."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _value(value: Any, root: Path | None) -> str:
    """One field's canonical text."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is Decimal:
        return _number(value)
    if kind is Amount:
        return f"{_number(value.number) if value.number is not None else '~'} {value.currency}"
    if value is None:
        return "~"
    if kind is bool:
        return "true" if value else "false"
    if kind is datetime.date:
        return str(value.isoformat())
    if kind is frozenset or kind is set:
        return "{" + ",".join(sorted(_value(v, root) for v in value)) + "}"
    if kind is Posting:
        return "(" + _fields(value, root) + ")"
    if kind is list or kind is tuple:
        items = [_value(v, root) for v in value]
        if value and all(type(v) is Posting for v in value):
            items.sort()  # the order postings are written in says nothing
        return "[" + ",".join(items) + "]"
    if isinstance(value, (int, float)):
        return _number(Decimal(str(value)))
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "_fields"):  # Cost, CostSpec, a custom directive's typed value...
        if kind.__name__ == "ValueType":
            return _value(value.value, root)
        return kind.__name__ + "(" + _fields(value, root) + ")"
    return _text(str(value))


def _meta(meta: dict[str, Any] | None, root: Path | None) -> str:
    if not meta:
        return ""
    kept = sorted((k, v) for k, v in meta.items() if k not in ("filename", "lineno") and not k.startswith("__"))
    return ";".join(f"{k}={_value(v, root)}" for k, v in kept)


def _fields(item: Any, root: Path | None) -> str:
    parts, meta = [], None
    for name, value in zip(item._fields, item, strict=True):
        if name == "meta":
            meta = value
        elif name not in SKIPPED_FIELDS:
            parts.append(_value(value, root))
    if "meta" in item._fields:
        parts.append(_meta(meta, root))
    return "|".join(parts)


def canonical(entry: Any, root: Path | None = None) -> str:
    """The entry as one line, whatever file, place or formatting it had."""
    if isinstance(entry, Document) and root is not None:
        try:
            relative = Path(entry.filename).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            relative = entry.filename
        entry = entry._replace(filename=relative)
    return type(entry).__name__ + "|" + _fields(entry, root)


def sealable(entry: Any) -> bool:
    """Whether the entry is part of a period's digest: written in the
    ledger's files or about to be written there (not made by a plugin), not a padding transaction, not a
    closing or reopening."""
    meta = getattr(entry, "meta", None) or {}
    filename = str(meta.get("filename", "<"))
    if filename.startswith("<") and filename not in STAGED:
        return False
    if isinstance(entry, Transaction) and entry.flag == flags.FLAG_PADDING:
        return False
    return not (isinstance(entry, Custom) and entry.type in SEAL_TYPES)


@dataclass(frozen=True)
class Digest:
    """The digest of the entries dated up to a day: the whole and each month's."""

    total: str  # "sha256:<64 hex>"
    count: int
    months: dict[str, str]  # "2026-03" -> its first MONTH_DIGEST hex digits

    def months_text(self) -> str:
        return " ".join(f"{month}:{value}" for month, value in sorted(self.months.items()))


def digest(entries: Iterable[Any], through: datetime.date, root: Path | None = None) -> Digest:
    """The digest of every sealable entry dated on or before `through`."""
    return digests(entries, [through], root)[through]


def digests(entries: Iterable[Any], throughs: Iterable[datetime.date], root: Path | None = None) -> dict[datetime.date, Digest]:
    """The digest up to each of several days, each entry written out once."""
    days = sorted(set(throughs))
    if not days:
        return {}
    last = days[-1]
    by_month: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
    for entry in entries:
        if entry.date <= last and sealable(entry):
            by_month[entry.date.strftime("%Y-%m")].append((entry.date, canonical(entry, root)))
    whole_month: dict[str, str] = {}  # a month's hash over all its entries

    def month_hash(month: str, through: datetime.date) -> tuple[str, int]:
        items = by_month[month]
        if month < through.strftime("%Y-%m") or all(day <= through for day, _ in items):
            if month not in whole_month:
                whole_month[month] = hashlib.sha256("\n".join(sorted(t for _, t in items)).encode("utf-8")).hexdigest()
            return whole_month[month], len(items)
        lines = sorted(t for day, t in items if day <= through)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest(), len(lines)

    found = {}
    for through in days:
        whole = hashlib.sha256()
        months: dict[str, str] = {}
        count = 0
        for month in sorted(m for m in by_month if m <= through.strftime("%Y-%m")):
            value, size = month_hash(month, through)
            if not size:
                continue
            count += size
            months[month] = value[:MONTH_DIGEST]
            whole.update(f"{month}:{value}\n".encode())
        whole.update(f"entries:{count}".encode())
        found[through] = Digest(f"{ALGORITHM}:{whole.hexdigest()}", count, months)
    return found


def parse_months(text: str) -> dict[str, str]:
    found = {}
    for part in text.split():
        month, _, value = part.partition(":")
        if month and value:
            found[month] = value
    return found


# ---------------------------------------------------------------- closings and reopenings


@dataclass
class Reopening:
    entry: Custom
    through: datetime.date
    reason: str


@dataclass
class Closing:
    entry: Custom
    through: datetime.date
    digest: str
    count: int | None
    months: dict[str, str]
    reopened: Reopening | None = None  # the reopening that lifted it
    notes: dict[str, str] = field(default_factory=dict)  # what was said at closing (bank check, warnings)

    @property
    def active(self) -> bool:
        return self.reopened is None

    @property
    def closed_on(self) -> datetime.date:
        return self.entry.date


@dataclass
class Seals:
    closings: list[Closing] = field(default_factory=list)  # in ledger order
    reopenings: list[Reopening] = field(default_factory=list)
    malformed: list[tuple[Custom, str]] = field(default_factory=list)  # (entry, Chinese text)

    @property
    def active(self) -> list[Closing]:
        return [c for c in self.closings if c.active]

    def last_active(self) -> Closing | None:
        """The closing in force that seals the latest day."""
        return max(self.active, key=lambda c: c.through, default=None)

    def sealed_through(self) -> datetime.date | None:
        """The last day sealed by a closing in force."""
        last = self.last_active()
        return last.through if last is not None else None


CLOSE_FORM = '结账指令应写作 custom "close" 截止日期 "sha256:…"（由 bangfu close 写入）'
REOPEN_FORM = '重新开账指令应写作 custom "reopen" 截止日期 "原因"（由 bangfu close --reopen 写入）'


def seals(entries: Iterable[Any]) -> Seals:
    """The ledger's closings, each with the reopening that lifted it, if any.
    Entries must be in ledger order (beancount's): a reopening lifts the
    closings through its day written before it."""
    found = Seals()
    for entry in entries:
        if not isinstance(entry, Custom) or entry.type not in SEAL_TYPES:
            continue
        values = [v.value for v in entry.values or ()]
        day = values[0] if values else None
        text = values[1] if len(values) > 1 else None
        if len(values) != 2 or not isinstance(day, datetime.date) or not isinstance(text, str) or not text.strip():
            found.malformed.append((entry, CLOSE_FORM if entry.type == CLOSE else REOPEN_FORM))
            continue
        if entry.type == REOPEN:
            reopening = Reopening(entry, day, text.strip())
            found.reopenings.append(reopening)
            for closing in found.closings:
                if closing.active and closing.through == day:
                    closing.reopened = reopening
            continue
        if not text.startswith(ALGORITHM + ":"):
            found.malformed.append((entry, CLOSE_FORM))
            continue
        meta = entry.meta or {}
        count = meta.get("entries")
        notes = {k: str(v) for k, v in meta.items() if k in ("bank-check", "unreconciled", "warnings")}
        found.closings.append(Closing(
            entry, day, text, int(count) if isinstance(count, (int, Decimal)) else None,
            parse_months(str(meta.get("months") or "")), notes=notes,
        ))
    return found


def seals_of(view: LedgerView) -> Seals:
    """The view's closings and reopenings, read once per load (the plugin's
    check, the import's date check, `bangfu close` and Fava's page share them)."""
    found: Seals | None = view.derived.get("seals")
    if found is None:
        found = view.derived["seals"] = seals(view.entries)
    return found


def changed_months(closing: Closing, now: Digest) -> list[str]:
    """The months whose entries differ from those sealed (as far as the
    closing recorded its months)."""
    months = set(closing.months) | set(now.months)
    return sorted(m for m in months if closing.months.get(m) != now.months.get(m))


def ledger_root(options_map: dict[str, Any]) -> Path | None:
    filename = options_map.get("filename")
    return Path(filename).resolve().parent if filename and not str(filename).startswith("<") else None
