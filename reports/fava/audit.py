"""Fava extension "帮扶资金审计": the audit department's page.

Enable it in the ledger (bangfu init and the example do):

    2023-01-01 custom "fava-extension" "reports.fava_audit"

The page reads the typed view the fund_rules plugin built while Fava loaded
the ledger; the tables derived from it (payments, money, the clean-up list)
are built on the first request that needs them after each load, not in
`after_load_file`, so that Fava's own pages do not wait for them after a
reload. A request only filters those by Fava's time filter and renders.
Downloads are the workbooks `bangfu report` writes, built in memory from
this same load.
"""

from __future__ import annotations

import datetime
import io
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, NoReturn, SupportsInt, cast
from urllib.parse import urlencode

import pandas as pd
from fava.context import g
from fava.core.filters import FavaAPIError
from fava.ext import FavaExtensionBase, extension_endpoint
from flask import Response, abort, request, send_file
from openpyxl import Workbook
from pypinyin import lazy_pinyin

from fund_rules.caps import CAP_CODES
from fund_rules.codes import R10, R13, S19
from fund_rules.headroom import headroom
from ledger.errors import CODES
from ledger.identity import mask_id
from ledger.loader import Loaded, Problem, problem_of
from ledger.money import from_fen, money
from ledger.seal import seals_of
from ledger.vocab import Fund
from reports.forms import forms
from reports.forms.cli import KINDS as FORM_KINDS
from reports.frames import SOURCE, movements_table, payments_table
from reports.tables import funds, publicity, realname
from reports.tables.cleanup import DueAction, due_actions
from reports.tables.report import ReportError, made
from reports.workbook import to_bytes

Download = Callable[["BangfuAudit"], Response]


def endpoint(name: str) -> Callable[[Download], Download]:
    """Fava's `extension_endpoint(name)`, typed (Fava types its result as a
    union of the two ways it can be used)."""
    return cast(Callable[[Download], Download], extension_endpoint(name))


@dataclass(frozen=True)
class _Load:
    """One load of the ledger, as the page reads it."""

    loaded: Loaded
    problems: list[Problem]
    span: tuple[datetime.date, datetime.date]  # every entry's dates: no time filter filters nothing out
    as_of: datetime.date  # the default day of figures, searches and downloads: the last payment's
    cleanup: dict[datetime.date, list[DueAction]] = field(default_factory=dict)  # as-of date -> due actions

    @classmethod
    def of(cls, ledger: Any) -> _Load:
        loaded = Loaded(Path(ledger.beancount_file_path), ledger.all_entries, list(ledger.errors), ledger.options)
        dates = [e.date for e in loaded.entries] or [datetime.date.today()]
        as_of = loaded.view.last_payment_date or max(dates)  # not today's, nor a document's or stray entry's date
        return cls(loaded, [problem_of(error) for error in loaded.errors], (min(dates), max(dates)), as_of)

    @property
    def payments(self) -> pd.DataFrame:
        return payments_table(self.loaded)


CLEANUP_PAGE = 50  # households per page of the clean-up list
CAPS = tuple(code.code for code in CAP_CODES)  # the cap rules' codes (fund_rules/caps.py)


def refuse(text: str) -> NoReturn:
    """Answer a bad request with 400 and a Chinese explanation (never a 500)."""
    abort(Response(text, status=400, mimetype="text/plain; charset=utf-8"))


def _filtered() -> Any:
    """Fava's filtered ledger for this request; a time or filter Fava cannot
    read answers 400 with how to write it."""
    try:
        return getattr(g, "filtered", None)
    except (FavaAPIError, ValueError, OverflowError):
        refuse("筛选条件无效：时间请写作 2025、2025-03、2025-01-01 - 2025-06-30 或 2025-Q1；"
               "高级筛选请用 Fava 的写法（如 #标签 或 ^付款编号）")


def _is_warning(code: str) -> bool:
    known = CODES.get(code)
    return known is not None and known.severity == "warning"


def _matches(query: str, archive_no: str, name: str, id_number: str) -> bool:
    """An archive number or name containing the query, its name's pinyin
    (zhangwei) or initials (zw), or four or more digits of its ID number."""
    if query in archive_no.upper() or (name and query in name.upper()):
        return True
    if len(query) >= 4 and query in id_number.upper():
        return True
    if query.isascii() and query.isalpha() and name:
        spelled = lazy_pinyin(name)
        return query in "".join(spelled).upper() or query == "".join(s[:1] for s in spelled).upper()
    return False


def year_of(text: str | None, default: int) -> int:
    """The ?year= of a download: a year between 1900 and 2999, else 400."""
    if not text:
        return default
    if not text.isdigit() or not 1900 <= int(text) <= 2999:
        refuse(f"年度“{text}”无效：请写四位数的年份，如 2025")
    return int(text)


class BangfuAudit(FavaExtensionBase):
    """帮扶资金审计: fund overview, violations by rule, household search,
    clean-up actions and downloads of the official tables."""

    report_title = "帮扶资金审计"

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        self._lock = threading.Lock()  # Fava may serve two first requests at once
        self._load: _Load | None = None

    def after_load_file(self) -> None:
        with self._lock:
            self._load = None

    @property
    def current(self) -> _Load:
        with self._lock:
            if self._load is None:
                self._load = _Load.of(self.ledger)
                payments_table(self._load.loaded)  # built here, under the lock
                movements_table(self._load.loaded)
            return self._load

    # ---- time filter

    def period(self) -> tuple[datetime.date, datetime.date]:
        """Fava's time filter as (first day, last day); the whole ledger if none."""
        filtered = _filtered()
        date_range = getattr(filtered, "date_range", None) if filtered is not None else None
        if date_range is None:
            return self.current.span
        return date_range.begin, date_range.end_inclusive

    def as_of(self) -> datetime.date:
        """The day figures are given for: the time filter's last day, else the
        ledger's last payment (the latest year with aid, never today)."""
        filtered = _filtered()
        return self.period()[1] if getattr(filtered, "date_range", None) is not None else self.current.as_of

    # ---- sections

    def visible_payments(self) -> pd.DataFrame:
        """Payment lines inside Fava's time filter and, when an account or
        advanced filter is set, only those of the entries Fava shows."""
        first, last = self.period()
        pay = self.current.payments
        if (first, last) != self.current.span:
            pay = pay[(pay["date"] >= first) & (pay["date"] <= last)]
        filtered = _filtered()
        if filtered is not None and (request.args.get("account") or request.args.get("filter")):
            shown = {f"{e.meta.get('filename')}:{e.meta.get('lineno')}" for e in filtered.entries}
            pay = pay[pay[SOURCE].isin(shown)]
        return pay

    def by_locality(self) -> list[tuple[str, int, str]]:
        """Aid per locality (households aided, net amount) in the filter."""
        pay = self.visible_payments()
        rows = []
        for locality, part in pay.groupby("locality", sort=True):
            net = part.groupby("household")["fen"].sum()
            rows.append((str(locality) or "未填", int((net > 0).sum()), self.yuan(part["fen"].sum())))
        return rows

    def fund_overview(self) -> list[dict[str, Any]]:
        first, last = self.period()
        pay = self.visible_payments()
        moves = movements_table(self.current.loaded)
        codes_by_fund: dict[tuple[Fund, str], int] = defaultdict(int)
        for error in self.current.loaded.errors:
            day = getattr(getattr(error, "entry", None), "date", None)
            fund = getattr(error, "fund", None)
            if day is not None and first <= day <= last and fund is not None and error.code in (R10.code, R13.code):
                codes_by_fund[(fund, error.code)] += 1
        in_period = moves[(moves["date"] >= first) & (moves["date"] <= last)]
        received = in_period[in_period["kind"] == "receipt"].groupby("fund")["fen"].sum()
        opening = moves[moves["date"] < first].groupby("fund")["fen"].sum()
        balance = moves[moves["date"] <= last].groupby("fund")["fen"].sum()
        spent = pay.groupby(["fund", "category"])["fen"].sum()
        rows = []
        for fund in Fund:
            by_category = [int(spent.get((fund.value, c.value), 0)) for c in self.current.loaded.view.categories]
            rows.append({
                "fund": fund.label,
                "opening": from_fen(opening.get(fund.value, 0)),
                "received": from_fen(received.get(fund.value, 0)),
                "categories": [from_fen(fen) for fen in by_category],
                "spent": from_fen(sum(by_category)),
                # everything else the fund's bank accounts saw (opening balances, transfers, aid booked
                # against another fund's account): 期初 + 收到 − 支出 + 其他 = 期末, whatever the filter
                "other": from_fen(int(balance.get(fund.value, 0)) - int(opening.get(fund.value, 0))
                                  - int(received.get(fund.value, 0)) + sum(by_category)),
                "balance": from_fen(balance.get(fund.value, 0)),
                "overdrawn": codes_by_fund.get((fund, R10.code), 0),
                "unspent": codes_by_fund.get((fund, R13.code), 0),
            })
        return rows

    def categories(self) -> list[str]:
        return [c.label for c in self.current.loaded.view.categories]

    def at_risk(self) -> dict[str, int]:
        """What an auditor asks first, for the period: overdrawn funds (R10),
        finance money left unspent at a year end (R13), households over a cap
        (R03-R09, R16)."""
        groups = {g["code"]: g for g in self.violations()}
        over = {h for code in CAPS for h in groups.get(code, {}).get("households", []) if h}
        return {
            "透支": len(groups.get(R10.code, {}).get("items", [])),
            "年末结余未用": len(groups.get(R13.code, {}).get("items", [])),
            "超上限户数": len(over),
        }

    def unspent_near_year_end(self) -> list[tuple[str, str]]:
        """In the year's last quarter, the finance funds that the setting
        `year-end-funds` says must be spent within the year (R13) and that
        still hold money: (fund, balance), for the auditor to chase before
        31 December."""
        day = self.as_of()
        if day.month < 10:
            return []
        moves = movements_table(self.current.loaded)
        balance = moves[moves["date"] <= day].groupby("fund")["fen"].sum()
        funds = self.current.loaded.view.options.year_end_funds
        return [(fund.label, self.yuan(balance.get(fund.value, 0))) for fund in funds if balance.get(fund.value, 0) > 0]

    def severity_counts(self) -> dict[str, int]:
        """Errors and warnings in the period, for the page's first line."""
        counts = {"错误": 0, "警告": 0}
        for group in self.violations():
            counts[group["severity"]] += len(group["items"])
        return counts

    def violations(self) -> list[dict[str, Any]]:
        """Problems grouped by rule code, errors first, then the largest
        groups, each with a link to its source line. Grouped once per request
        (the page, the counts and the risks all read them)."""
        known = request.environ.get("bangfu.violations")
        if known is None:
            known = request.environ["bangfu.violations"] = self._violations()
        return cast(list[dict[str, Any]], known)

    def _violations(self) -> list[dict[str, Any]]:
        first, last = self.period()
        groups: dict[str, list[Problem]] = defaultdict(list)
        households: dict[str, list[str]] = defaultdict(list)  # the household each problem is about, or ""
        for error, problem in zip(self.current.loaded.errors, self.current.problems, strict=True):
            day = getattr(getattr(error, "entry", None), "date", None)
            if day is not None and not (first <= day <= last) and problem.code != S19.code:
                continue  # a closed period altered (S19) sits on its closing, dated when it was closed: always shown
            groups[problem.code].append(problem)
            households[problem.code].append(getattr(error, "household", None) or "")
        result = []
        for code in sorted(groups, key=lambda c: (_is_warning(c), -len(groups[c]), c)):
            known = CODES.get(code)
            result.append({
                "code": code,
                "title": known.title if known else "beancount 错误",
                "severity": "警告" if known is not None and known.severity == "warning" else "错误",
                "items": groups[code],
                "households": households[code],
            })
        return result

    def closings(self) -> dict[str, Any]:
        """The ledger's closings (each with its state: in force, reopened, or
        altered since: S19) and reopenings with their reasons, whatever the
        time filter: auditors see every sealing of the books."""
        loaded = self.current.loaded
        found = seals_of(loaded.view)
        altered = {(p.filename, p.lineno) for p in self.current.problems if p.code == S19.code}

        def where(entry: Any) -> dict[str, Any]:
            meta = entry.meta or {}
            return {"file": str(meta.get("filename", "")), "line": int(meta.get("lineno", 0) or 0)}

        rows = []
        for closing in found.closings:
            at = where(closing.entry)
            if closing.reopened is not None:
                state = f"已于 {closing.reopened.entry.date} 重新开账"
            elif (at["file"], at["line"]) in altered:
                state = "结账后被改动（S19）"
            else:
                state = "有效"
            rows.append({
                "through": closing.through, "closed_on": closing.closed_on, "count": closing.count, "state": state,
                "bank": closing.notes.get("bank-check", "未记录"), "unreconciled": closing.notes.get("unreconciled", ""),
                "warnings": closing.notes.get("warnings", "0"), "url": "source?" + urlencode(at),
            })
        reopenings = [{"date": r.entry.date, "through": r.through, "reason": r.reason,
                       "url": "source?" + urlencode(where(r.entry))} for r in found.reopenings]
        return {"closings": rows, "reopenings": reopenings, "through": found.sealed_through(), "altered": len(altered)}

    def search(self) -> list[dict[str, Any]]:
        """Households matching ?q= (archive no., name or ID number)."""
        query = (request.args.get("q") or "").strip().upper().replace(" ", "")
        if not query:
            return []
        last = self.as_of()
        view = self.current.loaded.view
        payments = self.current.payments
        found = []
        for no, record in sorted(view.households.items()):
            snapshot = record.at(last)
            fields = snapshot.fields
            if not _matches(query, no, fields.name or "", fields.id_number or ""):
                continue
            found.append({
                "archive_no": no,
                "events": [(e.date, e.event.label, e.entry.meta.get("reason") or "") for e in record.events
                           if e.date <= last],
                "members": snapshot.members,
                "name": fields.name,
                "id": mask_id(fields.id_number or ""),
                "state": snapshot.state.label if snapshot.state else "未建档",
                "payments": payments[payments["household"] == no].to_dict("records"),
                "rooms": headroom(view, no, last).rooms,
            })
            if len(found) >= 20:
                break
        return found

    def cleanup_groups(self) -> list[dict[str, Any]]:
        """The clean-up list grouped by action (with counts), one row per
        household holding all its due actions, a page of 50 at a time
        (?cleanup_page=N)."""
        by_household: dict[str, list[DueAction]] = defaultdict(list)
        for due in self.cleanup():
            by_household[due.archive_no].append(due)
        groups: dict[str, list[list[DueAction]]] = defaultdict(list)
        for actions in by_household.values():
            groups[actions[0].action_label].append(actions)  # the first due action leads: cancel before refresh
        page = request.args.get("cleanup_page", "1")
        if not page.isdigit() or int(page) < 1:
            refuse(f"页码“{page}”无效：请写 1 或更大的整数")
        start = (int(page) - 1) * CLEANUP_PAGE
        return [{"action": action, "count": len(rows), "rows": rows[start:start + CLEANUP_PAGE],
                 "pages": -(-len(rows) // CLEANUP_PAGE), "page": int(page)} for action, rows in groups.items()]

    def cleanup(self) -> list[DueAction]:
        as_of, known = self.as_of(), self.current.cleanup
        if as_of not in known:  # once per load and date, not per request
            known[as_of] = due_actions(self.current.loaded.view, as_of)
        return known[as_of]

    def money(self, amount: Any) -> str:
        return money(amount)

    def yuan(self, fen: SupportsInt) -> str:
        return money(from_fen(fen))

    def source_url(self, problem: Problem) -> str:
        """A read-only view of the source line (Fava's editor would offer a
        保存 button that read-only serving then refuses)."""
        return "source?" + urlencode({"file": problem.filename, "line": problem.lineno})

    def ledger_files(self) -> set[str]:
        options = self.current.loaded.options
        return {str(Path(f).resolve()) for f in options.get("include", [])} | {str(self.current.loaded.path.resolve())}

    @endpoint("source")
    def source(self) -> Response:
        """Lines around `line` of a file of this ledger (no other file), read only."""
        name, line = request.args.get("file", ""), request.args.get("line", "0")
        if not name or str(Path(name).resolve()) not in self.ledger_files():
            refuse("只能查看本账本包含的文件")
        if not line.isdigit():
            refuse(f"行号“{line}”无效")
        number = int(line)
        lines = Path(name).read_text(encoding="utf-8").splitlines()
        first, last = max(1, number - 15), min(len(lines), number + 15)
        rows = "".join(
            f'<tr{" class=hit" if n == number else ""}><td>{n}</td><td><pre>{escape(lines[n - 1])}</pre></td></tr>'
            for n in range(first, last + 1)
        )
        page = (f"<!doctype html><meta charset=utf-8><title>{escape(Path(name).name)}:{number}</title>"
                "<style>body{font-family:sans-serif} td{vertical-align:top} pre{margin:0} .hit{background:#fff3b0}"
                "td:first-child{color:#888;text-align:right;padding-right:1em}</style>"
                f"<h3>{escape(Path(name).name)} 第 {number} 行（只读）</h3><table>{rows}</table>")
        return Response(page, mimetype="text/html; charset=utf-8")

    # ---- downloads: the workbooks `bangfu report` writes, from this load

    def _download(self, build: Callable[[Loaded], Workbook], name: str) -> Response:
        data = to_bytes(build(self.current.loaded))
        return send_file(io.BytesIO(data), as_attachment=True, download_name=name,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @endpoint("realname")
    def download_realname(self) -> Response:
        parameters = realname.Parameters(year_of(request.args.get("year"), self.as_of().year))
        return self._download(lambda loaded: made(realname, loaded, parameters),
                              f"实名制汇总表-{parameters.year}.xlsx")

    @endpoint("funds")
    def download_funds(self) -> Response:
        parameters = funds.Parameters(year_of(request.args.get("year"), self.as_of().year))
        return self._download(lambda loaded: made(funds, loaded, parameters), f"资金使用台账-{parameters.year}.xlsx")

    @endpoint("publicity")
    def download_publicity(self) -> Response:
        first, last = self.period()
        parameters = publicity.Parameters(None, first, last)
        return self._download(lambda loaded: made(publicity, loaded, parameters), f"公示名单-{first}-{last}.xlsx")

    @endpoint("form")
    def download_form(self) -> Response:
        """A paper-archive form of one household (?kind=archive|application|approval|card&no=…)."""
        kind, no, as_of = request.args.get("kind", ""), request.args.get("no", ""), self.as_of()
        builders = {"archive": forms.archive_form, "application": forms.application_form, "card": forms.card_form}
        if kind not in (*builders, "approval") or no not in self.current.loaded.view.households:
            refuse("表格种类或档案编号无效：种类为 archive、application、approval、card，档案编号须是账本中的档案")
        name = f"{FORM_KINDS[kind].split('（')[0]}-{no}.xlsx"
        try:
            if kind == "approval":
                return self._download(lambda loaded: forms.approval_form(loaded, no, as_of, request.args.get("approval")),
                                      name)
            return self._download(lambda loaded: builders[kind](loaded, no, as_of), name)
        except ReportError as exc:
            refuse(str(exc))
