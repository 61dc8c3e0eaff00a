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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ledger.generated import regenerate
from ledger.vocab import BUILTIN_CATEGORIES, Fund
from reports.frames import I16, I64, MOVEMENTS, PAYMENTS, B, Column, D, Frame, S

FORMAT = "bangfu-export"
VERSION = 1
MANIFEST = "manifest.json"

# The export's tables: the payments and movements tables every report reads
# (reports/frames.py), and the archive as the level above needs it.
HOUSEHOLDS = Frame("households", "一户档案在期末（导出期间最后一天）的状态", (
    Column("archive_no", S, "档案编号"),
    Column("name", S, "姓名"),
    Column("id_number", S, "身份证号"),
    Column("sex", S, "性别"),
    Column("birth_date", D, "出生日期"),
    Column("locality", S, "地区"),
    Column("level", S, "档案级别"),
    Column("nature", S, "档案性质"),
    Column("hardship", S, "困难类别"),
    Column("cause", S, "主要致困原因"),
    Column("work_unit", S, "工作单位"),
    Column("card", S, "银行卡号"),
    Column("state", S, "状态代码", "active/exited/cancelled/returned/blacklisted"),
    Column("state_label", S, "状态"),
    Column("archived_on", D, "建档日期"),
    Column("since", D, "最近一次变动日期"),
    Column("size", I16, "家庭人口"),
))
MEMBERS = Frame("members", "期末的一名家庭成员", (
    Column("archive_no", S, "档案编号"),
    Column("id_number", S, "身份证号"),
    Column("name", S, "姓名"),
    Column("relation", S, "与申请人关系"),
    Column("sex", S, "性别"),
    Column("birth_date", D, "出生日期"),
    Column("school_level", S, "学段"),
    Column("since", D, "加入日期"),
))
EVENTS = Frame("events", "一条档案事件（户的建档、变更、脱困等，成员的加入、变更、移出），按账本顺序", (
    Column("archive_no", S, "档案编号"),
    Column("date", D, "日期"),
    Column("kind", S, "种类", "household/member"),
    Column("event", S, "事件代码"),
    Column("event_label", S, "事件"),
    Column("id_number", S, "身份证号"),
    Column("reason", S, "原因"),
    Column("fields", S, "该事件写入的全部字段", "JSON 文本，键名同账本"),
))
HOUSEHOLD_YEARS = Frame("household_years", "一户一个自然年：当年 12 月 31 日的状态与人口，本单位算出的生活救助上限", (
    Column("archive_no", S, "档案编号"),
    Column("year", I16, "年度"),
    Column("id_number", S, "身份证号", "当年 12 月 31 日"),
    Column("state", S, "状态代码"),
    Column("size", I16, "当年 12 月 31 日的家庭人口"),
    Column("living_cap_fen", I64, "本单位算出的生活救助年度上限", "分；沐川办法 二 1：当地低保标准年度总和"),
    Column("living_cap_why", S, "算式", "如“城区低保 620 元 × 6 个月 + 650 元 × 6 个月”"),
))
FRAMES: tuple[Frame, ...] = (HOUSEHOLDS, MEMBERS, EVENTS, HOUSEHOLD_YEARS, PAYMENTS, MOVEMENTS)
UNIT_CODE = Column("unit_code", S, "单位代码")
SCHEMAS: dict[str, pa.Schema] = {
    frame.name: pa.schema([(c.name, c.type) for c in (UNIT_CODE, *frame.columns)]) for frame in FRAMES
}
FILES = {name: f"{name}.parquet" for name in SCHEMAS}


TYPE_NAMES = {D: "date", I16: "int16", I64: "int64", B: "bool"}


def columns_doc() -> str:
    """The file table of docs/consolidation.md, from the declarations."""
    lines = ["| 文件 | 每行 | 列（类型） |", "|---|---|---|"]
    for frame in FRAMES:
        columns = "、".join(
            f"`{c.name}` {c.header}" + (f"（{c.note}）" if c.note else "")
            + (f" ({TYPE_NAMES[c.type]})" if c.type in TYPE_NAMES else "")
            for c in frame.columns
        )
        lines.append(f"| `{FILES[frame.name]}` | {frame.row} | {columns} |")
    return "\n".join(lines) + "\n"


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
        found = dict(zip(sums[column], sums["fen_sum"], strict=True))
        return {key: int(found.get(key) or 0) for key in keys}

    return {
        "lines": payments.num_rows,
        "fen": int(pc.sum(payments["fen"]).as_py() or 0),
        "by_fund": by("fund", (f.value for f in Fund)),
        "by_category": by("category", sorted({*(c.value for c in BUILTIN_CATEGORIES), *payments["category"].to_pylist()})),
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


if __name__ == "__main__":  # rewrite the column tables of docs/consolidation.md
    regenerate(Path(__file__).resolve().parents[2] / "docs" / "consolidation.md", "columns", columns_doc())
