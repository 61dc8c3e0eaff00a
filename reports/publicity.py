"""`bangfu report publicity LEDGER`: 公示名单 of a batch or a period.

Public: name, masked ID (511123********123X), work unit, category, amount.
No bank card, and no option to unmask (publicity lists hang in the worker's
unit; seed 003 三(二), seed 004 art. 20 on confidentiality)."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from ledger.loader import load
from ledger.identity import mask_id
from reports.table import from_fen, payments_table
from reports.workbook import format_money, new_workbook, save, write_table

HEADERS = ("序号", "姓名", "身份证号", "工作单位", "帮扶类别", "金额(元)")
WIDTHS = (6, 10, 22, 26, 12, 12)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch", help="批次号（付款编号的前缀或 batch 字段），如 QS2025")
    parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat, help="起始日期")
    parser.add_argument("--to", dest="end", type=datetime.date.fromisoformat, help="截止日期")
    parser.add_argument("-o", "--output", type=Path, help="xlsx 输出文件（默认 out/公示名单.xlsx）")


def run(args: argparse.Namespace) -> int:
    loaded = load(args.ledger)
    table = payments_table(loaded)
    if args.batch:
        table = table[table["payment_no"].str.startswith(args.batch)]
    if args.start:
        table = table[table["date"] >= args.start]
    if args.end:
        table = table[table["date"] <= args.end]
    # Net each payment with its reversals; fully returned payments drop out.
    net = table.groupby(["payment_no", "household", "name", "id_number", "work_unit", "category_label"],
                        sort=False, as_index=False)["fen"].sum()
    net = net[net["fen"] > 0]
    rows = [(n, r.name, mask_id(r.id_number), r.work_unit, r.category_label, float(from_fen(r.fen)))
            for n, r in enumerate(net.itertuples(), start=1)]
    unit = loaded.archive.options.get("unit") or ""
    stamp = args.end or (max(table["date"]) if not table.empty else datetime.date(2000, 1, 1))
    period = f"批次 {args.batch}" if args.batch else f"{args.start or '起'} 至 {args.end or '今'}"
    book = new_workbook("困难职工帮扶资金发放公示名单", stamp)
    sheet = book.active
    sheet.title = "公示名单"
    last = write_table(sheet, f"{unit}困难职工帮扶资金发放公示名单", f"{period}　　共 {len(rows)} 人次", HEADERS, rows, WIDTHS,
                       text_columns=(3,))
    format_money(sheet, 6, 6, last)
    sheet.cell(last + 2, 1, f"公示期不少于 5 个工作日。如有异议，请向{unit}反映。")
    output = args.output or Path("out") / "公示名单.xlsx"
    print(f"公示名单：{len(rows)} 人次，合计 {from_fen(net['fen'].sum()):,.2f} 元；已写入 {save(book, output)}")
    return 0
