"""Cross-unit checks only the level above can make: each unit's own rules
(fund_rules A06, A07, R03) see one ledger; a person archived or aided by two
units shows only when their exports meet (seed 000 二(二), seed 001 art. 12:
copies are filed with the aid centre above; seed 002 二(一)3: the city and
province spot-check the electronic archives).

Each check is one function over the DuckDB views of the verified exports
(units, households, members, household_years, payments) returning findings.
Findings are listed, not errors: the units concerned must resolve them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from ledger.identity import mask_id

# Everyone in an active archive: the worker and the household's members.
PERSONS = """
    SELECT h.unit_code, h.archive_no, h.id_number, h.name, '户主' AS role FROM households h WHERE h.state = 'active'
    UNION ALL
    SELECT m.unit_code, m.archive_no, m.id_number, m.name, coalesce(m.relation, '成员') AS role
    FROM members m JOIN households h ON h.unit_code = m.unit_code AND h.archive_no = m.archive_no
    WHERE h.state = 'active'
"""


@dataclass(frozen=True)
class Finding:
    kind: str
    id_number: str
    name: str
    year: int | None
    where: tuple[str, ...]  # "甲县总工会（220183）档案 XA-2021-000010（户主）"
    detail: str
    basis: str

    def line(self) -> str:
        """Console text; the ID number masked (ledger/identity.py)."""
        year = f"{self.year} 年 " if self.year else ""
        return f"[{self.kind}] {year}{self.name} {mask_id(self.id_number)}：{'；'.join(self.where)}。{self.detail}"


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def duplicate_archives(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """The same ID number, as worker or member, in active archives of two
    units: one household, one archive (seed 001 art. 11: 坚持一户一档案，避免
    重复建档、重复统计; seed 002 二: 夫妻双方都是困难职工且不在同一单位的，原则上
    以户主为主建立档案). The unit-level rule A06 sees one ledger only."""
    rows = con.execute(f"""
        WITH persons AS ({PERSONS}),
        twice AS (SELECT id_number FROM persons GROUP BY id_number HAVING count(DISTINCT unit_code) > 1)
        SELECT p.id_number, p.name, u.unit, p.unit_code, p.archive_no, p.role
        FROM persons p JOIN twice USING (id_number) JOIN units u USING (unit_code)
        ORDER BY p.id_number, p.unit_code, p.archive_no
    """).fetchall()
    findings = []
    for (id_number,), group in _grouped(rows, 1).items():
        where = tuple(f"{unit}（{code}）档案 {no}（{role}，在档）" for _id, _name, unit, code, no, role in group)
        findings.append(Finding("重复建档", id_number, group[0][1], None, where,
                                "同一人在两个单位在档：一户一档，请相关单位核实后注销或更正其中一份",
                                "重庆办法第十一条；河北通知 二"))
    return findings


def combined_living_aid(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Living aid to the same ID number from two or more units in one year,
    together above the cap: at most the year's sum of the monthly 低保
    standard (seed 003 二 1: 每户每年不得超过当地低保标准年度总和), counted over
    all units (seed 001 art. 11: 避免重复统计). The units' caps may differ by
    locality; the higher one is used, so every finding is over every unit's
    cap. Lines held to a fund's own explicit standard are left out, as in
    the unit-level rule R03."""
    rows = con.execute("""
        WITH living AS (
            SELECT unit_code, household AS archive_no, id_number, year, any_value(name) AS name, sum(fen) AS fen
            FROM payments WHERE category = 'Living' AND NOT fund_standard AND id_number <> ''
            GROUP BY ALL
        ),
        several AS (SELECT id_number, year FROM living GROUP BY ALL HAVING count(DISTINCT unit_code) > 1)
        SELECT l.id_number, l.year, l.name, u.unit, l.unit_code, l.archive_no, l.fen::BIGINT,
               y.living_cap_fen, y.living_cap_why
        FROM living l JOIN several USING (id_number, year) JOIN units u USING (unit_code)
        LEFT JOIN household_years y ON y.unit_code = l.unit_code AND y.archive_no = l.archive_no AND y.year = l.year
        ORDER BY l.id_number, l.year, l.unit_code, l.archive_no
    """).fetchall()
    findings = []
    for (id_number, year), group in _grouped(rows, 2).items():
        total = sum(r[6] for r in group)
        caps = [(r[7], r[3], r[8]) for r in group if r[7]]
        if not caps:
            continue  # no 低保 standard anywhere: the units' own S12 says so
        cap, unit, why = max(caps, key=lambda c: c[0])
        if total <= cap:
            continue
        parts = " + ".join(f"{r[3]} {_yuan(r[6])} 元" for r in group)
        where = tuple(f"{r[3]}（{r[4]}）档案 {r[5]}" for r in group)
        detail = (f"生活救助合计 {parts} = {_yuan(total)} 元，超过较高的单位上限 {_yuan(cap)} 元（{unit}：{why}）")
        findings.append(Finding("生活救助超上限", id_number, group[0][2], year, where, detail, "沐川办法 二 1；重庆办法第十一条"))
    return findings


def blacklisted_elsewhere(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """A worker blacklisted for fraud by one unit is in an active archive of
    another: never archived again (seed 003 五(三): 载入黑名单，以后不再建立与
    该职工有关的困难职工档案). The unit-level rule A07 sees one ledger only."""
    rows = con.execute(f"""
        WITH persons AS ({PERSONS})
        SELECT b.id_number, b.name, ub.unit, b.unit_code, b.archive_no, u.unit, p.unit_code, p.archive_no, p.role
        FROM households b JOIN persons p ON p.id_number = b.id_number AND p.unit_code <> b.unit_code
        JOIN units ub ON ub.unit_code = b.unit_code JOIN units u ON u.unit_code = p.unit_code
        WHERE b.state = 'blacklisted'
        ORDER BY b.id_number, b.unit_code, p.unit_code, p.archive_no
    """).fetchall()
    findings = []
    for row in rows:
        where = (f"{row[2]}（{row[3]}）档案 {row[4]}（黑名单）", f"{row[5]}（{row[6]}）档案 {row[7]}（{row[8]}，在档）")
        findings.append(Finding("黑名单人员在他处建档", row[0], row[1], None, where,
                                "列入黑名单者不得再建档：请在档单位核实后注销", "沐川办法 五(三)"))
    return findings


CHECKS: tuple[Callable[[duckdb.DuckDBPyConnection], list[Finding]], ...] = (
    duplicate_archives, combined_living_aid, blacklisted_elsewhere,
)


def cross_check(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(con)]


def _grouped(rows: list[tuple], width: int) -> dict[tuple, list[tuple]]:
    """Rows grouped by their first `width` columns, in order."""
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for row in rows:
        groups[row[:width]].append(row)
    return groups
