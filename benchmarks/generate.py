"""Large county ledgers for the benchmarks: a scenario of the one generator
(examples/generator.py, which writes the example too), sized by payments.

    python -m benchmarks.generate --payments 10000 --out benchmarks/data/10k

A county union over three years (2023-2025): households with members across
twelve localities whose 低保 standards change mid-year, five funds (and one
directed donor), every aid category, exits, bank returns paid again to a
new card. The ledger follows every rule, so a load has no errors and the
measured cost is the checking itself, not formatting thousands of messages.

Written to OUT:
  main.beancount         plugin "fund_rules" + all files
  bare.beancount         the same files with no plugin (the baseline)
  accounts/settings/archive/receipts/2023-2025 .beancount
  target.beancount       plugin "fund_rules" + accounts, settings, archive and
                         receipts only: the ledger a batch is imported into
  batch.xlsx             every payment (not the bank returns and what was
                         paid again after them) as one 发放名册 in the import
                         template's layout
"""

from __future__ import annotations

import argparse
import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from examples.generator import YEARS, Generator, Locality, Scenario
from ledger.skeleton import Donor, LedgerPlan, accounts_text

START = datetime.date(2023, 1, 1)
# Real GB/T 2260 codes, so area checks pass; 低保 changes on 1 July in some.
LOCALITIES = {
    "城区": ("220183", ((START, 620), (datetime.date(2024, 7, 1), 650), (datetime.date(2025, 7, 1), 680))),
    "南关": ("220102", ((START, 640), (datetime.date(2024, 7, 1), 670))),
    "宽城": ("220103", ((START, 630), (datetime.date(2025, 1, 1), 660))),
    "朝阳": ("220104", ((START, 650), (datetime.date(2023, 7, 1), 680))),
    "二道": ("220105", ((START, 600), (datetime.date(2024, 1, 1), 630))),
    "绿园": ("220106", ((START, 610), (datetime.date(2025, 7, 1), 640))),
    "双阳": ("220112", ((START, 520), (datetime.date(2024, 7, 1), 545))),
    "九台": ("220113", ((START, 510), (datetime.date(2023, 7, 1), 530), (datetime.date(2025, 1, 1), 560))),
    "农安": ("220122", ((START, 400), (datetime.date(2025, 1, 1), 420))),
    "榆树": ("220182", ((START, 430), (datetime.date(2024, 1, 1), 460))),
    "德惠镇": ("220183", ((START, 450), (datetime.date(2024, 7, 1), 470))),
    "公主岭": ("220381", ((START, 440), (datetime.date(2025, 7, 1), 465))),
}
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆"
            "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤")
FUNDS = ("Central", "Provincial", "Local", "UnionDues", "Donations")
PER_HOUSEHOLD = 8  # payments per household over the three years, roughly (for sizing)


def scenario(payments: int, seed: int, prefix: str, unit: str, unit_code: str) -> Scenario:
    households = max(12, payments // PER_HOUSEHOLD)
    per_month = max(1, payments // 300 // (len(YEARS) * 2))  # about one bank payment in 300 bounces
    return Scenario(
        seed=seed,
        prefix=prefix,
        plan=LedgerPlan(unit=unit or "松原市某县总工会（基准测试）", start=START, bank="ICBC",
                        donors=[Donor("Power", "某电力公司（助学定向）")], title="基准测试账本"),
        localities={name: Locality(f"基准市{name}", area, series, (500, 800), (f"{name}某厂", f"{name}某公司"))
                    for name, (area, series) in LOCALITIES.items()},
        shares=dict.fromkeys(LOCALITIES, 1),
        levels={"全国级": 7, "省级": 1, "区县级": 1, "基层": 1},
        households=households,
        surnames=SURNAMES,
        male=("伟", "强", "军", "勇", "磊", "涛", "明", "刚", "建国", "志强", "海峰", "立新", "国庆", "长江", "福林",
              "德胜", "振华", "晓东"),
        female=("芳", "娜", "敏", "静", "丽", "艳", "秀英", "桂兰", "玉梅", "淑华", "春燕", "红霞", "凤英", "丽娟"),
        child=("子涵", "浩然", "雨萱", "梓轩", "思彤", "宇航", "欣怡", "俊杰", "佳琪", "博文", "诗雨", "天宇"),
        trades={"焊工": 1800, "电工": 1600, "家政服务员": 1200, "育婴员": 1500},
        unit_code=unit_code,
        medical=households // 5,
        trainees=households // 10,
        cases=max(2, households // 50),
        bank_returns={(year, month): per_month for year in YEARS for month in (4, 9)},
        closed={i: (datetime.date(2025, 1 + i % 11, 1 + i % 27), "exited", "家庭收入稳定，脱困")
                for i in range(7, households, 25)},
        documents=False,
        cash_locality="农安",
        donations_cover_directed=True,
        notices={fund: f"下达〔{{y}}〕{n}号 {fund}帮扶资金下达" for n, fund in enumerate((*FUNDS, "Donations:Power"), 1)},
        payers=dict.fromkeys((*FUNDS, "Donations:Power"), "上级拨付"),
    )


def main_file(includes: list[str], plugin: bool) -> str:
    lines = ['option "title" "基准测试账本"', 'option "operating_currency" "CNY"', ""]
    if plugin:
        lines += ['plugin "fund_rules"', ""]
    return "\n".join(lines + [f'include "{name}"' for name in includes]) + "\n"


def generate(out: Path, payments: int, seed: int = 1, prefix: str = "BJ", batch: bool = True, unit: str = "",
             unit_code: str = "") -> int:
    """Write a ledger of about `payments` payments to `out`; returns the count.
    `prefix` starts archive numbers and payment numbers; `unit` names the union."""
    generator = Generator(scenario(payments, seed, prefix, unit, unit_code))
    households = generator.households()
    pays = generator.payments(households)
    out.mkdir(parents=True, exist_ok=True)
    balances: dict[str, Decimal] = defaultdict(Decimal)
    receipts: list[str] = ["; 资金下达（基准测试）。", ""]
    years: dict[str, str] = {}
    for year in YEARS:
        received, paid, ends = generator.year(year, [p for p in pays if p.date.year == year], balances, [])
        receipts += received
        years[f"{year}.beancount"] = "\n".join([f"; {year} 年帮扶资金发放（基准测试）。", "", *paid, *ends]) + "\n"
    files = {"accounts.beancount": accounts_text(generator.s.plan), "settings.beancount": generator.settings(),
             "archive.beancount": generator.archive(households), "receipts.beancount": "\n".join(receipts) + "\n",
             **years}
    names = list(files)
    files["main.beancount"] = main_file(names, plugin=True)
    files["bare.beancount"] = main_file(names, plugin=False)
    files["target.beancount"] = main_file(names[:4], plugin=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    if batch:
        generator.batch(pays, out / "batch.xlsx")
    return len(pays)


def main() -> None:
    parser = argparse.ArgumentParser(description="生成基准测试账本与发放名册")
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="BJ", help="档案编号与付款编号的前缀")
    parser.add_argument("--unit", default="", help="填报单位名称")
    parser.add_argument("--unit-code", default="", help="单位代码")
    parser.add_argument("--no-batch", action="store_true", help="不写 batch.xlsx")
    args = parser.parse_args()
    count = generate(args.out, args.payments, args.seed, args.prefix, not args.no_batch, args.unit, args.unit_code)
    print(f"{args.out}: {count} 笔付款")


if __name__ == "__main__":
    main()
