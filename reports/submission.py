"""The export layout a unit files with the level above (备案 copy): six
Parquet files and a JSON manifest, written atomically into one directory.

Seed 001 art. 12 and seed 000 二(二): the original archives stay with the
archiving union; a copy is filed (备案) with the county/city aid centre,
which reviews it strictly. The manifest lets the receiving level check that
the copy is complete and unaltered: row counts, payment totals per fund and
per category, the SHA-256 of every file and of the ledger text it came from.

The export is internal: ID and card numbers are stored whole, because the
level above needs them to find one person archived by two units (seed 001
art. 11). Every public sheet made from it masks them. docs/consolidation.md
describes each column.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ledger.vocab import Category, Fund

FORMAT = "bangfu-export"
VERSION = 1
MANIFEST = "manifest.json"

_S, _D, _I16, _I64, _B = pa.string(), pa.date32(), pa.int16(), pa.int64(), pa.bool_()


def _schema(*columns: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([("unit_code", _S), *columns])


SCHEMAS: dict[str, pa.Schema] = {
    # The archive as of the period's last day: one row per household.
    "households": _schema(
        ("archive_no", _S), ("name", _S), ("id_number", _S), ("sex", _S), ("birth_date", _D), ("locality", _S),
        ("level", _S), ("nature", _S), ("hardship", _S), ("cause", _S), ("work_unit", _S), ("card", _S),
        ("state", _S), ("state_label", _S), ("archived_on", _D), ("since", _D), ("size", _I16),
    ),
    # Members of each household as of the period's last day.
    "members": _schema(
        ("archive_no", _S), ("id_number", _S), ("name", _S), ("relation", _S), ("sex", _S), ("birth_date", _D),
        ("school_level", _S), ("since", _D),
    ),
    # Every archive event, household and member, in ledger order.
    "events": _schema(
        ("archive_no", _S), ("date", _D), ("kind", _S), ("event", _S), ("event_label", _S), ("id_number", _S),
        ("reason", _S), ("fields", _S),
    ),
    # Per household and calendar year: state and size on 31 December, and the
    # living-aid cap the unit computed (seed 003 二 1), so the level above can
    # check caps without the ledger.
    "household_years": _schema(
        ("archive_no", _S), ("year", _I16), ("id_number", _S), ("state", _S), ("size", _I16),
        ("living_cap_fen", _I64), ("living_cap_why", _S),
    ),
    # Every aid posting of every payment and reversal (reports/table.py).
    "payments": _schema(
        ("date", _D), ("year", _I16), ("month", _I16), ("payment_no", _S), ("household", _S), ("name", _S),
        ("id_number", _S), ("work_unit", _S), ("locality", _S), ("level", _S), ("hardship", _S), ("fund", _S),
        ("fund_label", _S), ("category", _S), ("category_label", _S), ("fen", _I64), ("method", _S), ("card", _S),
        ("approval", _S), ("reversal", _B), ("reverses", _S), ("note", _S), ("fund_standard", _B),
    ),
    # Every change of a fund's money (receipts, aid, reversals, other).
    "movements": _schema(("date", _D), ("year", _I16), ("month", _I16), ("fund", _S), ("kind", _S), ("fen", _I64)),
}
FILES = {name: f"{name}.parquet" for name in SCHEMAS}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ledger_digest(root: Path, paths: Iterable[str]) -> dict[str, Any]:
    """SHA-256 of each ledger file in load order and of their concatenated
    bytes (`cat` the files in this order | sha256sum gives the same)."""
    whole = hashlib.sha256()
    files = []
    for path in paths:
        data = Path(path).read_bytes()
        whole.update(data)
        files.append({"path": os.path.relpath(path, root), "sha256": hashlib.sha256(data).hexdigest()})
    return {"files": files, "sha256": whole.hexdigest()}


def payment_totals(payments: pa.Table) -> dict[str, Any]:
    """Totals in fen (integers): all lines, per fund, per category; every
    fund and category listed, zeros included."""
    def by(column: str, keys: Iterable[str]) -> dict[str, int]:
        sums = payments.group_by(column).aggregate([("fen", "sum")]).to_pydict()
        found = dict(zip(sums[column], sums["fen_sum"]))
        return {key: int(found.get(key) or 0) for key in keys}

    return {
        "lines": payments.num_rows,
        "fen": int(pc.sum(payments["fen"]).as_py() or 0),
        "by_fund": by("fund", (f.value for f in Fund)),
        "by_category": by("category", (c.value for c in Category)),
    }


def write_submission(out: Path, tables: dict[str, pa.Table], header: dict[str, Any]) -> dict[str, Any]:
    """Write every table and the manifest into a fresh temporary directory
    beside `out`, then swap it in; `out` is replaced only if it is empty or an
    earlier export. Returns the manifest."""
    out = Path(out)
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        files = {}
        for name, schema in SCHEMAS.items():
            table = tables[name].select(schema.names).cast(schema)
            path = staging / FILES[name]
            pq.write_table(table, path, compression="zstd")
            files[FILES[name]] = {"rows": table.num_rows, "sha256": sha256_file(path)}
        manifest = {"format": FORMAT, "version": VERSION, **header, "files": files,
                    "totals": payment_totals(tables["payments"])}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ValueError(f"输出位置 {out} 是一个文件：请指定一个目录")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise ValueError(f"输出目录 {out} 不是空目录，也不是以前的导出：请另指定一个新目录")


def _swap(staging: Path, out: Path) -> None:
    """Move the finished directory into place; an earlier export is removed
    only after the new one is complete."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of an export directory; ValueError (Chinese, naming the
    file and the fix) when it is missing or not a bangfu export."""
    path = Path(directory) / MANIFEST
    if not Path(directory).is_dir():
        raise ValueError(f"找不到目录 {directory}：请指定 bangfu export 的输出目录")
    if not path.is_file():
        raise ValueError(f"{path} 不存在：{directory} 不是 bangfu export 的输出目录，请让该单位用 bangfu export 重新导出")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} 不是有效的 JSON（{exc}）：请让该单位重新导出") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"{path} 不是 bangfu 导出清单（缺少 \"format\": \"{FORMAT}\"）：请让该单位用 bangfu export 重新导出")
    if manifest.get("version") != VERSION:
        raise ValueError(f"{path} 的格式版本为 {manifest.get('version')}，本程序只读版本 {VERSION}：请用同一版本的 bangfu 导出")
    for key, kind in (("unit", str), ("unit_code", str), ("period", dict), ("files", dict), ("totals", dict)):
        if not isinstance(manifest.get(key), kind):
            raise ValueError(f"{path} 缺少 “{key}” 或其格式不对：请让该单位用 bangfu export 重新导出")
    return manifest
