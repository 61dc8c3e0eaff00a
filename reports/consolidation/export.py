"""`bangfu export LEDGER -o DIR`: the unit's 备案 copy for the level above.

Seed 001 art. 12, seed 000 二(二): archive copies are filed with the
county/city aid centre, which reviews them; seed 002 二(一)3: the city and
province spot-check the electronic archives. The copy is six Parquet files
and a manifest (reports/submission.py, docs/consolidation.md). Only a ledger
without errors is exported: the copy must be one the unit's own checks pass.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from beancount.core.data import Custom, Transaction

from fund_rules.caps import living_cap
from ledger.archive import Household
from ledger.cli import refuse_overwrite
from ledger.loader import Loaded, load, problem_of
from ledger.models import HouseholdEvent, MemberRecord
from ledger.money import to_fen
from ledger.view import LedgerView
from ledger.vocab import Labeled
from reports.consolidation.submission import MANIFEST, SCHEMAS, ledger_digest, sha256_file, write_submission
from reports.frames import movements_table, payments_table


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "导出本单位的档案与付款（Parquet 与校验清单），供上级备案、汇总与核查"
    parser = subparsers.add_parser("export", help=text, description=text)
    parser.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="目录", help="输出目录（新目录或空目录）")
    parser.add_argument("--force", action="store_true", help="输出目录中已有以前的导出时，用这次的导出替换它（默认拒绝）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    earlier = [args.output] if (args.output / MANIFEST).is_file() else []  # an earlier export, perhaps already filed
    if refuse_overwrite(earlier, args.force, "其中是以前的导出（可能已经报送），请换一个目录（-o）"):
        return 2
    loaded = load(args.ledger)
    errors = [p for p in map(problem_of, loaded.errors) if p.severity == "error"]
    if errors:
        print(f"错误：账本 {loaded.path} 有 {len(errors)} 个错误（第一个：{errors[0].line()}）。"
              f"备案副本须来自没有错误的账本：请先运行 bangfu check 并修正，再导出。未写入任何文件。", file=sys.stderr)
        return 1
    options = loaded.view.options
    unit, code = options.unit, options.unit_code
    if not unit or not code:
        print(f"错误：账本 {loaded.path} 未设置填报单位或单位代码：请在设置文件中写 "
              '`custom "bangfu-option" "unit" "某某县总工会"` 与 `custom "bangfu-option" "unit-code" "220183"`，'
              "上级靠单位代码区分各单位。未写入任何文件。", file=sys.stderr)
        return 1
    first, last = period(loaded)
    header = {"unit": unit, "unit_code": code, "period": {"first": first.isoformat(), "last": last.isoformat()},
              "ledger": ledger_digest(loaded.path.parent, loaded.options["include"])}
    try:
        manifest = write_submission(args.output, export_tables(loaded, code, first, last), header)
    except ValueError as exc:
        print(f"错误：{exc}。未写入任何文件。", file=sys.stderr)
        return 1
    totals = manifest["totals"]
    rows = "、".join(f"{name} {info['rows']} 行" for name, info in manifest["files"].items())
    digest = sha256_file(Path(args.output) / MANIFEST)
    print(f"{unit}（{code}）{first} 至 {last}：{rows}；付款合计 {totals['fen'] / 100:,.2f} 元")
    print(f"已写入 {args.output}；清单 manifest.json 的 SHA-256：{digest}（请填入报送单，上级据此确认收到的清单未被改动）")
    return 0


def period(loaded: Loaded) -> tuple[datetime.date, datetime.date]:
    """First and last date of the ledger's transactions and directives
    (opens and balance assertions left out)."""
    dates = [e.date for e in loaded.entries if isinstance(e, (Transaction, Custom))]
    if not dates:
        today = datetime.date.today()
        return today, today
    return min(dates), max(dates)


def export_tables(loaded: Loaded, code: str, first: datetime.date, last: datetime.date) -> dict[str, pa.Table]:
    view = loaded.view
    records = [view.households[no] for no in sorted(view.households)]
    frames = {
        "households": pd.DataFrame([_household_row(r, last) for r in records]),
        "members": pd.DataFrame([row for r in records for row in _member_rows(r, last)]),
        "events": pd.DataFrame([row for r in records for row in _event_rows(r)]),
        "household_years": pd.DataFrame(
            [row for r in records for row in _year_rows(view, r, range(first.year, last.year + 1))]),
        "payments": payments_table(loaded),
        "movements": movements_table(loaded),
    }
    return {name: _table(frame, code, SCHEMAS[name]) for name, frame in frames.items()}


def _table(frame: pd.DataFrame, code: str, schema: pa.Schema) -> pa.Table:
    frame = frame.reindex(columns=[c for c in schema.names if c != "unit_code"])
    frame.insert(0, "unit_code", code)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).replace_schema_metadata(None)


def _label(value: Any) -> str | None:
    return value.label if isinstance(value, Labeled) else value


def _household_row(record: Household, last: datetime.date) -> dict[str, Any]:
    snap = record.at(last)
    f = snap.fields
    return {
        "archive_no": record.archive_no, "name": f.name, "id_number": f.id_number, "sex": _label(f.sex),
        "birth_date": f.birth_date, "locality": f.locality, "level": _label(f.level), "nature": _label(f.nature),
        "hardship": _label(f.hardship), "cause": _label(f.cause), "work_unit": f.work_unit, "card": f.card,
        "state": snap.state.value if snap.state else None, "state_label": _label(snap.state),
        "archived_on": snap.archived_on, "since": snap.since, "size": snap.size,
    }


def _member_rows(record: Household, last: datetime.date):
    for member in record.at(last).members:
        f = member.fields
        yield {"archive_no": record.archive_no, "id_number": member.id_number, "name": f.name, "relation": f.relation,
               "sex": _label(f.sex), "birth_date": f.birth_date, "school_level": _label(f.school_level),
               "since": member.since}


def _event_rows(record: Household) -> Iterator[dict[str, Any]]:
    changes: list[tuple[datetime.date, int, int, HouseholdEvent | MemberRecord]] = [
        (e.date, 0, i, e) for i, e in enumerate(record.events)
    ]
    changes += [(m.date, 1, i, m) for i, m in enumerate(record.members)]
    for date, kind, _index, change in sorted(changes, key=lambda c: c[:3]):
        values = {k.replace("_", "-"): _json_value(v) for k, v in change.fields.__dict__.items()
                  if v is not None and k in type(change.fields).model_fields}
        id_number = change.fields.id_number if isinstance(change, HouseholdEvent) else change.id_number
        yield {"archive_no": record.archive_no, "date": date, "kind": "household" if kind == 0 else "member",
               "event": change.event.value, "event_label": change.event.label, "id_number": id_number,
               "reason": change.fields.reason, "fields": json.dumps(values, ensure_ascii=False, sort_keys=True)}


def _json_value(value: Any) -> Any:
    if isinstance(value, Labeled):
        return value.label
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (bool, int, str)):
        return value
    return str(value)  # dates, Decimals


def _year_rows(view: LedgerView, record: Household, years: range) -> Iterator[dict[str, Any]]:
    for year in years:
        december = datetime.date(year, 12, 31)
        snap = record.at(december)
        if snap.archived_on is None:
            continue
        cap = living_cap(view, record.archive_no, year)
        yield {"archive_no": record.archive_no, "year": year, "id_number": snap.fields.id_number,
               "state": snap.state.value if snap.state else None, "size": snap.size,
               "living_cap_fen": to_fen(cap.amount), "living_cap_why": cap.why}
