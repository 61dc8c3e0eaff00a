"""Fava extension "帮扶资金审计": the audit department's page.

Enable it in the ledger (bangfu init and the example do):

    2023-01-01 custom "fava-extension" "reports.fava_audit"

Everything heavy is computed once per load of the ledger: the typed archive,
the payment and money tables, the rule context and the violations - on the
first request that needs them, not in `after_load_file`, so that Fava's own
pages do not wait for them after each reload (seconds on a 100k-payment
ledger). A request only filters those by Fava's time filter and renders.
"""

from __future__ import annotations

import datetime
import tempfile
import threading
from argparse import Namespace
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import request, send_file
from fava.ext import FavaExtensionBase, extension_endpoint
from fava.context import g

import fund_rules.errors  # noqa: F401  (registers the codes)
from fund_rules.cleanup import due_actions
from fund_rules.headroom import context_for, headroom
from ledger.archive import read_archive
from ledger.errors import CODES
from ledger.loader import Loaded, problem_of
from ledger.vocab import Category, Fund
from ledger.identity import mask_id
from reports.table import from_fen, movements_table, payments_table


@dataclass(frozen=True)
class _Tables:
    """What the page is built from, read from one load of the ledger."""

    loaded: Loaded
    payments: Any  # pandas DataFrame, reports.table.payments_table
    moves: Any  # reports.table.movements_table
    context: Any  # fund_rules.headroom.context_for
    problems: list
    span: tuple[datetime.date, datetime.date]
    cleanup: dict[datetime.date, list] = field(default_factory=dict)  # as-of date -> due actions

    @classmethod
    def of(cls, ledger: Any) -> _Tables:
        archive, _ = read_archive(ledger.all_entries)
        loaded = Loaded(Path(ledger.beancount_file_path), list(ledger.all_entries), list(ledger.errors),
                        dict(ledger.options), archive)
        dates = [e.date for e in loaded.entries] or [datetime.date.today()]
        return cls(loaded, payments_table(loaded), movements_table(loaded), context_for(archive, loaded.entries),
                   [problem_of(error) for error in ledger.errors], (min(dates), max(dates)))


class BangfuAudit(FavaExtensionBase):
    """帮扶资金审计: fund overview, violations by rule, household search,
    clean-up actions and downloads of the official tables."""

    report_title = "帮扶资金审计"

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        self._lock = threading.Lock()  # Fava may serve two first requests at once
        self._tables: _Tables | None = None

    def after_load_file(self) -> None:
        with self._lock:
            self._tables = None

    @property
    def tables(self) -> _Tables:
        with self._lock:
            if self._tables is None:
                self._tables = _Tables.of(self.ledger)
            return self._tables

    # ---- time filter

    def period(self) -> tuple[datetime.date, datetime.date]:
        """Fava's time filter as (first day, last day); the whole ledger if none."""
        filtered = getattr(g, "filtered", None)
        date_range = getattr(filtered, "date_range", None) if filtered is not None else None
        if date_range is None:
            return self.tables.span
        return date_range.begin, date_range.end_inclusive

    # ---- sections

    def visible_payments(self):
        """Payment lines inside Fava's time filter and, when an account or
        advanced filter is set, only those of the entries Fava shows."""
        first, last = self.period()
        pay = self.tables.payments
        if (first, last) != self.tables.span:
            pay = pay[(pay["date"] >= first) & (pay["date"] <= last)]
        filtered = getattr(g, "filtered", None)
        if filtered is not None and (request.args.get("account") or request.args.get("filter")):
            shown = {id(entry) for entry in filtered.entries}
            pay = pay[pay["entry_id"].isin(shown)]
        return pay

    def by_locality(self) -> list[tuple[str, int, str]]:
        """Aid per locality (households aided, net amount) in the filter."""
        pay = self.visible_payments()
        rows = []
        for locality, part in pay.groupby("locality", sort=True):
            net = part.groupby("household")["fen"].sum()
            rows.append((locality or "未填", int((net > 0).sum()), self.yuan(part["fen"].sum())))
        return rows

    def fund_overview(self) -> list[dict[str, Any]]:
        first, last = self.period()
        pay = self.visible_payments()
        moves = self.tables.moves
        codes_by_fund: dict[tuple[str, str], int] = defaultdict(int)
        for error, problem in zip(self.ledger.errors, self.tables.problems):
            day = getattr(getattr(error, "entry", None), "date", None)
            if day is None or not (first <= day <= last):
                continue
            if problem.code in ("R10", "R13"):
                for fund in Fund:
                    if fund.label in problem.message:
                        codes_by_fund[(fund.value, problem.code)] += 1
        in_period = moves[(moves["date"] >= first) & (moves["date"] <= last)]
        received = in_period[in_period["kind"] == "receipt"].groupby("fund")["fen"].sum()
        balance = moves[moves["date"] <= last].groupby("fund")["fen"].sum()
        spent = pay.groupby(["fund", "category"])["fen"].sum()
        rows = []
        for fund in Fund:
            by_category = [int(spent.get((fund.value, c.value), 0)) for c in Category]
            rows.append({
                "fund": fund.label,
                "received": from_fen(received.get(fund.value, 0)),
                "categories": [from_fen(fen) for fen in by_category],
                "spent": from_fen(sum(by_category)),
                "balance": from_fen(balance.get(fund.value, 0)),
                "overdrawn": codes_by_fund.get((fund.value, "R10"), 0),
                "unspent": codes_by_fund.get((fund.value, "R13"), 0),
            })
        return rows

    def categories(self) -> list[str]:
        return [c.label for c in Category]

    def violations(self) -> list[dict[str, Any]]:
        """Problems grouped by rule code, each with a link to its source line."""
        first, last = self.period()
        groups: dict[str, list] = defaultdict(list)
        for error, problem in zip(self.ledger.errors, self.tables.problems):
            entry = getattr(error, "entry", None)
            day = getattr(entry, "date", None)
            if day is not None and not (first <= day <= last):
                continue
            groups[problem.code].append(problem)
        result = []
        for code in sorted(groups):
            known = CODES.get(code)
            result.append({
                "code": code,
                "title": known.title if known else "beancount 错误",
                "severity": "警告" if known is not None and known.severity == "warning" else "错误",
                "items": groups[code],
            })
        return result

    def search(self) -> list[dict[str, Any]]:
        """Households matching ?q= (archive no., name or ID number)."""
        query = (request.args.get("q") or "").strip().upper()
        if not query:
            return []
        first, last = self.period()
        tables = self.tables
        found = []
        for no, record in sorted(tables.loaded.archive.households.items()):
            if not record.events:
                continue
            snapshot = record.at(last)
            fields = snapshot.fields
            if query not in no.upper() and query != (fields.id_number or "") and query not in (fields.name or "").upper():
                continue
            mine = tables.payments[tables.payments["household"] == no]
            found.append({
                "archive_no": no,
                "name": fields.name,
                "id": mask_id(fields.id_number or ""),
                "state": snapshot.state.label if snapshot.state else "未建档",
                "payments": mine.to_dict("records"),
                "rooms": headroom(tables.context, no, last).rooms,
            })
            if len(found) >= 20:
                break
        return found

    def cleanup(self) -> list:
        as_of, known = self.period()[1], self.tables.cleanup
        if as_of not in known:  # once per load and date, not per request
            known[as_of] = due_actions(self.tables.loaded.archive, as_of)
        return known[as_of]

    def money(self, fen_or_amount: Any) -> str:
        return f"{fen_or_amount:,.2f}"

    def yuan(self, fen: int) -> str:
        return f"{from_fen(fen):,.2f}"

    def source_url(self, problem) -> str:
        return f"../../editor/?file_path={problem.filename}&line={problem.lineno}"

    # ---- downloads: the same files `bangfu report` writes

    def _report(self, module, name: str, **options: Any):
        folder = Path(tempfile.mkdtemp(prefix="bangfu-"))
        output = folder / name
        module.run(Namespace(ledger=self.tables.loaded.path, output=output, **options))
        return send_file(output, as_attachment=True, download_name=name)

    @extension_endpoint("realname")
    def download_realname(self):
        from reports import realname

        year = int(request.args.get("year") or self.period()[1].year)
        return self._report(realname, f"实名制汇总表-{year}.xlsx", year=year, fund=None, filed_on=None)

    @extension_endpoint("funds")
    def download_funds(self):
        from reports import funds

        year = int(request.args.get("year") or self.period()[1].year)
        return self._report(funds, f"资金使用台帐-{year}.xlsx", year=year)

    @extension_endpoint("publicity")
    def download_publicity(self):
        from reports import publicity

        first, last = self.period()
        return self._report(publicity, f"公示名单-{first}-{last}.xlsx", batch=None, start=first, end=last)
