"""The receiving level verifies each unit's 备案 copy against its manifest
before using it: seed 001 art. 12 and seed 000 二(二) (the aid centre reviews
the filed copies strictly and returns those that do not meet the
requirements), seed 001 art. 19 (altering or forging archives is punished).

One check = one function returning Chinese problem texts. A unit with any
problem is left out of the consolidated views and makes `bangfu consolidate`
exit 1; the unit is asked to export again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from reports.consolidation.submission import FILES, read_manifest, sha256_file


@dataclass
class Submission:
    directory: Path
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return str(self.manifest["unit"])

    @property
    def code(self) -> str:
        return str(self.manifest["unit_code"])

    @property
    def ok(self) -> bool:
        return not self.problems

    def path(self, name: str) -> Path:
        return self.directory / FILES[name]

    def label(self) -> str:
        return f"{self.unit}（{self.code}，{self.directory}）"


def open_submissions(directories: Iterable[Path]) -> list[Submission]:
    """Read every manifest; ValueError (Chinese) for input that is not a set
    of exports: a missing or foreign manifest, or one unit given twice."""
    submissions = [Submission(Path(d).resolve(), read_manifest(Path(d))) for d in directories]
    seen: dict[str, Submission] = {}
    for sub in submissions:
        if sub.code in seen:
            raise ValueError(f"{seen[sub.code].directory} 与 {sub.directory} 的单位代码都是 {sub.code}："
                             "同一单位只能给一份导出，请去掉其中一个目录")
        seen[sub.code] = sub
    return sorted(submissions, key=lambda s: s.code)


def files_unaltered(con: duckdb.DuckDBPyConnection, subs: list[Submission]) -> None:
    """Every file the manifest lists is present and has the SHA-256 written
    in the manifest: the copy is complete and unaltered since export."""
    for sub in subs:
        for name, filename in FILES.items():
            listed = sub.manifest["files"].get(filename)
            path = sub.path(name)
            if listed is None:
                sub.problems.append(f"清单未列出 {filename}：导出不完整")
            elif not path.is_file():
                sub.problems.append(f"缺少文件 {filename}：报送不完整")
            elif sha256_file(path) != listed.get("sha256"):
                sub.problems.append(f"{filename} 的 SHA-256 与清单不符：文件在导出后被改动或损坏")


def row_counts(con: duckdb.DuckDBPyConnection, subs: list[Submission]) -> None:
    """Each file holds as many rows as the manifest says."""
    for name, filename in FILES.items():
        found = _per_file(con, "SELECT file_name, num_rows FROM parquet_file_metadata(?)", subs, name)
        for sub, rows in found:
            listed = sub.manifest["files"].get(filename, {}).get("rows")
            if not rows:
                sub.problems.append(f"{filename} 无法读取（不是有效的 Parquet 文件）")
            elif listed != rows[0][1]:
                sub.problems.append(f"{filename} 有 {rows[0][1]} 行，清单写的是 {listed} 行")


def payment_totals(con: duckdb.DuckDBPyConnection, subs: list[Submission]) -> None:
    """The payment totals per fund and per category in the manifest equal
    the sums of payments.parquet (fen, exact)."""
    sql = ("SELECT filename, fund, category, sum(fen)::BIGINT, count(*) FROM read_parquet(?, filename=true) "
           "GROUP BY ALL")
    for sub, rows in _per_file(con, sql, subs, "payments"):
        if rows is None:
            continue  # unreadable: row_counts said so
        listed = sub.manifest["totals"]
        computed = {"by_fund": _sums(rows, 1), "by_category": _sums(rows, 2)}
        for key, title in (("by_fund", "资金"), ("by_category", "帮扶类别")):
            for item in sorted(set(listed.get(key, {})) | set(computed[key])):
                want, got = int(listed.get(key, {}).get(item, 0)), computed[key].get(item, 0)
                if want != got:
                    sub.problems.append(f"{title} {item} 的付款合计：清单 {want / 100:,.2f} 元，文件 {got / 100:,.2f} 元")
        got_fen, got_lines = sum(r[3] for r in rows), sum(r[4] for r in rows)
        if (listed.get("fen"), listed.get("lines")) != (got_fen, got_lines):
            sub.problems.append(f"付款总计：清单 {listed.get('lines')} 行 {int(listed.get('fen') or 0) / 100:,.2f} 元，"
                                f"文件 {got_lines} 行 {got_fen / 100:,.2f} 元")


def unit_codes(con: duckdb.DuckDBPyConnection, subs: list[Submission]) -> None:
    """Every row carries the manifest's unit code (rows copied in from
    another unit's export would not)."""
    for name, filename in FILES.items():
        sql = "SELECT filename, list(DISTINCT unit_code) FROM read_parquet(?, filename=true) GROUP BY ALL"
        for sub, rows in _per_file(con, sql, subs, name):
            codes = sorted({c for r in rows or () for c in r[1]}, key=str)
            if rows and codes != [sub.code]:
                sub.problems.append(f"{filename} 中的单位代码为 {'、'.join(map(str, codes))}，清单为 {sub.code}")


CHECKS: tuple[Callable[[duckdb.DuckDBPyConnection, list[Submission]], None], ...] = (
    files_unaltered, row_counts, payment_totals, unit_codes,
)


def verify(con: duckdb.DuckDBPyConnection, subs: list[Submission]) -> None:
    for check in CHECKS:
        check(con, subs)


def _per_file(con, sql: str, subs: list[Submission], name: str):
    """Run `sql` (one `?` for the file list, first column the file name) over
    every present file of kind `name` in one scan; if some file cannot be
    read, file by file. Yields (submission, rows or None if unreadable)."""
    present = {str(s.path(name)): s for s in subs if s.path(name).is_file()}
    if not present:
        return
    try:
        rows = con.execute(sql, [list(present)]).fetchall()
    except duckdb.Error:
        for path, sub in present.items():
            try:
                yield sub, con.execute(sql, [[path]]).fetchall()
            except duckdb.Error:
                yield sub, None
        return
    by_file: dict[str, list] = {path: [] for path in present}
    for row in rows:
        by_file[row[0]].append(row)
    for path, sub in present.items():
        yield sub, by_file[path]


def _sums(rows: list[tuple], column: int) -> dict[str, int]:
    sums: dict[str, int] = {}
    for row in rows:
        sums[row[column]] = sums.get(row[column], 0) + int(row[3])
    return sums
