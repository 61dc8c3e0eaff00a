"""`bangfu consolidate DIR... -o OUT`: the level above reads many units'
exports with DuckDB (embedded, no server), verifies each against its
manifest (verify.py), and writes into OUT:

  实名制汇总表-<年>.xlsx     real-name summary per fund, per unit and category
  资金使用台账-<年>.xlsx     fund statement with a 单位 column, and per month
  跨单位核查.xlsx            the verification of each unit and the cross-unit
                             findings (cross_check.py), IDs masked (and
                             ID- or card-like runs in names and places)
  实名制明细-<年>.xlsx       with --detail: the per-payment real-name table of
                             the chosen units (reports/tables/realname.py + 单位)

Exit status: 0 when every unit's copy matches its manifest (cross-unit
findings are listed, not failures); 1 when some copy does not (it is left out
of the tables and must be exported again); 2 for input that is not a set of
exports, or for tables already in OUT without --force (nothing written).
Seeds 000 二(二), 001 art. 12, 002 二(一)3.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

import duckdb

from ledger.cli import date_argument, refuse_overwrite, year_argument
from ledger.identity import mask_id, mask_numbers
from reports.consolidation import rollup
from reports.consolidation.cross_check import Finding, cross_check
from reports.consolidation.verify import Submission, open_submissions, verify
from reports.workbook import new_workbook, save, write_table

CHECK_HEADERS = ("序号", "核查项", "年度", "姓名", "身份证号", "涉及单位与档案", "说明", "依据")
CHECK_WIDTHS = (6, 16, 8, 10, 21, 60, 70, 24)
UNIT_HEADERS = ("序号", "单位", "单位代码", "期间", "付款明细行数", "付款合计(元)", "核验结果", "说明")
UNIT_WIDTHS = (6, 24, 10, 24, 12, 16, 10, 80)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "上级汇总：核验各单位的导出，生成跨单位的实名制汇总表、资金使用台账与跨单位核查"
    parser = subparsers.add_parser("consolidate", help=text, description=text)
    parser.add_argument("directories", type=Path, nargs="+", metavar="目录", help="各单位 bangfu export 的输出目录")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="目录", help="输出目录")
    parser.add_argument("--year", type=year_argument, metavar="年度", help="报表年度（默认各单位数据中最晚的年度）")
    parser.add_argument("--filer", default="", metavar="单位", help="汇总单位名称（报表的填报单位），如 某某市总工会")
    parser.add_argument("--filed-on", type=date_argument, metavar="日期", help="填报日期（默认该年 12 月 31 日）")
    parser.add_argument("--detail", nargs="*", metavar="单位代码",
                        help="另写逐笔的实名制明细（可列出要抽查的单位代码；不列则全部单位，数据量大时较慢）")
    parser.add_argument("--force", action="store_true", help="输出目录中已有同名报表时覆盖它们（默认拒绝覆盖）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        subs = open_submissions(args.directories)
        _check_arguments(args, subs)
    except ValueError as exc:
        print(f"错误：{exc}。未写入任何文件。", file=sys.stderr)
        return 2
    con = duckdb.connect()
    verify(con, subs)
    good = [s for s in subs if s.ok]
    rollup.create_views(con, [(s.code, s.unit, s.directory) for s in good])
    year = args.year or max((int(s.manifest["period"]["last"][:4]) for s in good or subs), default=datetime.date.today().year)
    filed = args.filed_on or datetime.date(year, 12, 31)
    out: Path = args.output
    targets = [out / f"实名制汇总表-{year}.xlsx", out / f"资金使用台账-{year}.xlsx", out / "跨单位核查.xlsx"]
    if args.detail is not None:
        targets.append(out / f"实名制明细-{year}.xlsx")
    if refuse_overwrite(targets, args.force, "请换一个输出目录（-o）"):
        return 2
    findings = cross_check(con)
    written = [
        rollup.write_realname_summary(con, year, args.filer, filed, targets[0]),
        rollup.write_fund_statement(con, year, args.filer, targets[1]),
        write_checks(con, subs, findings, filed, targets[2]),
    ]
    if args.detail is not None:
        written.append(rollup.write_detail(con, year, args.detail, args.filer, filed, targets[3]))
    _print(subs, findings, year, written)
    return 0 if len(good) == len(subs) else 1


def _check_arguments(args: argparse.Namespace, subs: list[Submission]) -> None:
    if args.output.exists() and not args.output.is_dir():
        raise ValueError(f"输出位置 {args.output} 是一个文件：请用 -o 指定一个目录")
    unknown = sorted(set(args.detail or ()) - {s.code for s in subs})
    if unknown:
        raise ValueError(f"--detail 的单位代码 {'、'.join(unknown)} 不在所给的导出中：可用 {'、'.join(s.code for s in subs)}")


def write_checks(con, subs: list[Submission], findings: list[Finding], filed: datetime.date, output: Path) -> Path:
    book = new_workbook("跨单位核查", filed)
    sheet = book.active
    sheet.title = "核验"
    rows = []
    for n, sub in enumerate(subs, start=1):
        period = sub.manifest.get("period", {})
        totals = sub.manifest["totals"]
        rows.append((n, sub.unit, sub.code, f"{period.get('first', '')} 至 {period.get('last', '')}", totals.get("lines"),
                     int(totals.get("fen") or 0) / 100, "通过" if sub.ok else "不符", "；".join(sub.problems)))
    write_table(sheet, "各单位报送核验", f"共 {len(subs)} 个单位，{sum(not s.ok for s in subs)} 个与清单不符（不计入汇总，须重新导出）",
                UNIT_HEADERS, rows, UNIT_WIDTHS, text_columns=(3,))
    found: list[tuple[Any, ...]] = [
        (n, f.kind, f.year or "", mask_numbers(f.name), mask_id(f.id_number), mask_numbers("；".join(f.where)), f.detail,
         f.basis)
        for n, f in enumerate(findings, start=1)
    ]
    write_table(book.create_sheet("跨单位核查"), "跨单位核查", f"共 {len(findings)} 项（身份证号隐去中间位）",
                CHECK_HEADERS, found, CHECK_WIDTHS, text_columns=(5,))
    return save(book, output)


def _print(subs: list[Submission], findings: list[Finding], year: int, written: list[Path]) -> None:
    bad = [s for s in subs if not s.ok]
    print(f"核验 {len(subs)} 个单位：{len(subs) - len(bad)} 个通过，{len(bad)} 个与清单不符")
    for sub in bad:
        print(f"  {sub.label()}：" + "；".join(sub.problems) + "。该单位不计入汇总，请其重新导出报送")
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    summary = "、".join(f"{kind} {count} 项" for kind, count in kinds.items()) or "无"
    print(f"跨单位核查：{summary}")
    for finding in findings:
        print(f"  {finding.line()}")
    print(f"{year} 年度报表已写入：" + "、".join(str(p) for p in written))
