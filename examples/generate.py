"""The example ledger of a fictional county union (青松县总工会).

    python examples/generate.py [OUT_DIR]   # default: rewrites examples/county/

The county is a scenario of the one generator (examples/generator.py, which
the benchmarks use too): three localities, forty households, special cases
for the clean-up list (archives left without aid, a worker reaching 60),
exits and cancellations, two bank returns. Seeded, so the output is the same
on every run; the people, ID and card numbers are fictional (well-formed
but made up). The ledger passes `bangfu check`; `planted-violations.beancount`
holds one deliberate violation per error code, each marked by a
`; 预期 <CODE>` comment on the line before it. The sheets folder holds the
appropriation notices, payment rolls and bank results an office would have
kept for the same money, from which examples/rebuild.py rebuilds it.
"""

from __future__ import annotations

import datetime
import re
import shutil
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from examples.generator import HH, YEARS, Generator, Locality, Scenario
from ledger.skeleton import Donor, LedgerPlan, accounts_text, main_text

OUT = Path(__file__).resolve().parent / "county"
START = datetime.date(2023, 1, 1)

COUNTY = Scenario(
    seed=20231105,
    prefix="QS",
    plan=LedgerPlan(
        unit="青松县总工会",
        start=START,
        bank="ICBC",
        donors=[Donor("QsPower", "青松电力有限公司（助学定向）")],
        title="青松县总工会困难职工帮扶资金账（示例）",
    ),
    # 城区 changes its 低保 standard in the middle of a year.
    localities={
        "城区": Locality("青松县城区", "220183", (
            (START, 620), (datetime.date(2024, 7, 1), 650), (datetime.date(2025, 7, 1), 680)), (500, 800),
            ("青松县机械厂", "青松县纺织有限公司", "青松县环卫处", "青松县客运站", "青松县建筑工程公司", "城关街道社区（灵活就业）")),
        "白桦镇": Locality("青松县白桦镇", "220182", ((START, 430), (datetime.date(2024, 1, 1), 460)), (400, 600),
                        ("白桦镇粮库", "白桦镇卫生院", "青松县木材加工厂")),
        "柳河乡": Locality("青松县柳河乡", "220122", ((START, 400), (datetime.date(2025, 1, 1), 420)), (400, 600),
                        ("柳河乡供销社", "柳河乡中心校", "柳河乡农机站")),
    },
    shares={"城区": 18, "白桦镇": 12, "柳河乡": 10},
    levels={"全国级": 26, "省级": 4, "区县级": 6, "基层": 4},
    households=40,
    surnames="王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹",
    male=("伟", "强", "军", "勇", "磊", "涛", "明", "刚", "建国", "志强", "海峰", "立新", "国庆", "长江", "福林"),
    female=("芳", "娜", "敏", "静", "丽", "艳", "秀英", "桂兰", "玉梅", "淑华", "春燕", "红霞"),
    child=("子涵", "浩然", "雨萱", "梓轩", "思彤", "宇航", "欣怡", "俊杰", "佳琪", "博文", "诗雨", "天宇"),
    trades={"焊工": 1800, "电工": 1600, "家政服务员": 1200},
    bank_returns={(2023, 9): 1, (2024, 4): 1},
    # Archives left without aid: due for return (2 years) and cancellation
    # (3 years) on the example's as-of date (seed 000 三(二)1(2)).
    archived_on={33: datetime.date(2022, 5, 10), 34: datetime.date(2022, 5, 11)},
    aid_until={33: datetime.date(2022, 12, 31), 34: datetime.date(2023, 6, 30)},
    # A worker reaching 60 in 2025: due for cancellation (seed 003 四(一)4).
    born={35: (True, datetime.date(1965, 3, 10))},
    closed={
        4: (datetime.date(2024, 11, 20), "exited", "子女毕业就业，家庭人均收入超过建档标准"),
        11: (datetime.date(2025, 6, 18), "exited", "本人再就业，家庭收入稳定"),
        17: (datetime.date(2025, 9, 9), "exited", "大病治愈，恢复劳动能力"),
        22: (datetime.date(2024, 6, 25), "cancelled", "户籍迁出本县，不常住本区域（沐川办法 四(一)1）"),
        29: (datetime.date(2025, 11, 26), "cancelled", "劳动关系已不在本单位（沐川办法 四(一)2）"),
    },
    cash_locality="柳河乡",
    notices={
        "Central": "吉工帮〔{y}〕3号 中央财政专项帮扶资金下达通知",
        "Provincial": "吉财社〔{y}〕15号 省级财政专项帮扶资金下达通知",
        "Local": "青财预〔{y}〕8号 县财政配套帮扶资金拨付通知",
        "UnionDues": "青工字〔{y}〕2号 县总工会经费留成帮扶资金安排",
        "Donations": "青工字〔{y}〕5号 社会捐助帮扶资金入账",
        "Donations:QsPower": "青电捐〔{y}〕1号 定向助学捐赠协议",
    },
    payers={"Central": "吉林省总工会", "Provincial": "吉林省财政厅", "Local": "青松县财政局",
            "UnionDues": "青松县总工会", "Donations": "社会各界", "Donations:QsPower": "青松电力有限公司"},
)


# ---------------------------------------------------------------- planted violations


PLANTED = """\
; 植入违规：每条违规前一行以“; 预期 <代码>”标注，测试据此核对 bangfu check 的输出。
; 本文件只由 planted.beancount 引入，示例主账本不含这些内容。

; 预期 S06
2026-01-01 custom "bangfu-option" "school_year" "true"

; 预期 S07
2026-01-01 custom "locality" "城区"

; 预期 S02
2026-01-01 custom "standard" "dibao" "城区"

; 预期 S01
2026-02-10 custom "household" "QS-2026-901" "archived"
  name: "测试甲"
  id-number: "220183198001011234X"
  locality: "城区"
  level: "国家级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"

; 预期 S11
2026-02-11 custom "household" "QS-2026-902" "archived"
  name: "测试乙"
  id-number: "11010519491231002X"
  locality: "青松镇"
  level: "区县级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"
  notice-start: 2026-01-26
  notice-end: 2026-02-06

; 预期 S03
2026-02-12 custom "household" "QS-2026-903" "changed"
  phone: "13900000000"

; 预期 S10
2026-03-03 * "不存在" "生活救助" ^QS2026-9001
  household: "QS-2026-999"
  approval: "SP2026-9001"
  method: "银行卡"
  Expenses:Aid:Local:Living  800.00 CNY
  Assets:Bank:ICBC:Local

; 预期 S04
2026-03-04 * "{name}" "生活救助（缺审批表编号）" ^QS2026-9002
  household: "{no}"
  method: "银行卡"
  Expenses:Aid:Local:Living  300.00 CNY
  Assets:Bank:ICBC:Local

; 预期 S05
2026-03-05 * "{name}" "医疗救助（缺票据）" ^QS2026-9003
  household: "{no}"
  approval: "SP2026-9003"
  method: "银行卡"
  Expenses:Aid:Local:Medical  500.00 CNY
  Assets:Bank:ICBC:Local

; 预期 S12
2026-03-06 * "{name}" "培训补贴（无此工种标准）" ^QS2026-9004
  household: "{no}"
  approval: "SP2026-9004"
  method: "银行卡"
  trade: "美容美发"
  Expenses:Aid:Local:Training  800.00 CNY
  Assets:Bank:ICBC:Local

2026-01-01 open Expenses:Office CNY
  name: "办公费"

; 预期 S13
2026-03-07 * "青松文具店" "帮扶中心办公用品"
  Expenses:Office  300.00 CNY
  Assets:Bank:ICBC:UnionDues

; 预期 S14
2026-03-08 * "{name}" "生活救助（科目与付款资金不一致）" ^QS2026-9005
  household: "{no}"
  approval: "SP2026-9005"
  method: "银行卡"
  Expenses:Aid:Local:Living  200.00 CNY
  Assets:Bank:ICBC:UnionDues

; 预期 S15
2026-03-09 * "{name}" "银行退回（原付款编号有误）" ^QS2026-9006
  household: "{no}"
  reverses: "QS2026-8888"
  reason: "银行退回"
  Expenses:Aid:Local:Living  -200.00 CNY
  Assets:Bank:ICBC:Local

; 预期 S16
2026-03-10 * "{name}" "生活救助（付款编号重复）" ^QS2026-9005
  household: "{no}"
  approval: "SP2026-9007"
  method: "银行卡"
  Expenses:Aid:Local:Living  100.00 CNY
  Assets:Bank:ICBC:Local
"""

PLANTED_RULES = """\

; ---- 资金规则 fund rules (docs/rules.md R01-R13)

2026-01-08 * "吉林省总工会" "2026年中央财政专项帮扶资金下达通知"
  notice: "吉工帮〔2026〕3号"
  Assets:Bank:ICBC:Central  18000.01 CNY
  Income:Fund:Central

; 预期 R01
2026-03-11 * "{exited_name}" "生活救助（已脱困）" ^QS2026-9101
  household: "{exited_no}"
  approval: "SP2026-9101"
  method: "银行卡"
  Expenses:Aid:Local:Living  500.00 CNY
  Assets:Bank:ICBC:Local

; 预期 R02
2026-03-12 * "{name}" "中央资金帮扶区县级档案" ^QS2026-9102
  household: "{no}"
  approval: "SP2026-9102"
  method: "银行卡"
  bill: "MZ2026000001"
  out-of-pocket: 2000.00 CNY
  Expenses:Aid:Central:Medical  500.00 CNY
  Assets:Bank:ICBC:Central

; 预期 R03
2026-03-13 * "{nat_name}" "生活救助（超过全年低保总和）" ^QS2026-9103
  household: "{nat_no}"
  approval: "SP2026-9103"
  method: "银行卡"
  Expenses:Aid:Central:Living  8500.00 CNY
  Assets:Bank:ICBC:Central

; 预期 R04
2026-03-14 * "{name}" "医疗救助（超过个人自付）" ^QS2026-9104
  household: "{no}"
  approval: "SP2026-9104"
  method: "银行卡"
  bill: "ZY2026000002"
  out-of-pocket: 1000.00 CNY
  Expenses:Aid:Local:Medical  1500.00 CNY
  Assets:Bank:ICBC:Local

; 预期 R05
2026-03-15 * "{nat_name}" "助学（超过十个月基本生活费）" ^QS2026-9105
  household: "{nat_no}"
  approval: "SP2026-9105"
  method: "银行卡"
  student: "{nat_student}"
  school-level: "高中"
  Expenses:Aid:Central:Education  6000.00 CNY
  Assets:Bank:ICBC:Central

; 预期 R06
2026-03-16 * "{name}" "助学（学生不是本户成员）" ^QS2026-9106
  household: "{no}"
  approval: "SP2026-9106"
  method: "银行卡"
  student: "{other_student}"
  school-level: "初中"
  Expenses:Aid:Local:Education  1000.00 CNY
  Assets:Bank:ICBC:Local

; 预期 R07
2026-03-17 * "{name}" "焊工培训补贴（超过标准）" ^QS2026-9107
  household: "{no}"
  approval: "SP2026-9107"
  method: "银行卡"
  trade: "焊工"
  Expenses:Aid:Local:Training  2000.00 CNY
  Assets:Bank:ICBC:Local

; 预期 R08
2026-03-18 * "{name}" "法律援助（超过每件标准）" ^QS2026-9108
  household: "{no}"
  approval: "SP2026-9108"
  method: "银行卡"
  case: "QS-FY-2026-009"
  Expenses:Aid:UnionDues:Legal  3500.00 CNY
  Assets:Bank:ICBC:UnionDues

; 预期 R09
2026-03-19 * "{nat_name}" "送温暖（超过中央资金标准）" ^QS2026-9109
  household: "{nat_no}"
  approval: "SP2026-9109"
  method: "银行卡"
  Expenses:Aid:Central:Festival  3000.01 CNY
  Assets:Bank:ICBC:Central

; 预期 R10
2026-02-15 * "{nat_name}" "送温暖（省级资金尚未下达）" ^QS2026-9110
  household: "{nat_no}"
  approval: "SP2026-9110"
  method: "银行卡"
  Expenses:Aid:Provincial:Festival  800.00 CNY
  Assets:Bank:ICBC:Provincial

; 预期 R11
2026-03-20 * "{name}" "送温暖（现金，无签收单）" ^QS2026-9111
  household: "{no}"
  approval: "SP2026-9111"
  method: "现金"
  Expenses:Aid:Local:Festival  500.00 CNY
  Assets:Bank:ICBC:Local

; 预期 R12
2026-03-21 * "{name}" "生活救助（卡号不在档案中）" ^QS2026-9112
  household: "{no}"
  approval: "SP2026-9112"
  method: "银行卡"
  card: "6222020000000000000"
  Expenses:Aid:Local:Living  100.00 CNY
  Assets:Bank:ICBC:Local

; 预期 R13
2026-06-01 * "吉林省财政厅" "2026年省级财政专项帮扶资金下达通知"
  notice: "吉财社〔2026〕15号"
  Assets:Bank:ICBC:Provincial  5000.00 CNY
  Income:Fund:Provincial

2027-01-01 balance Assets:Bank:ICBC:Provincial  4200.00 CNY
"""

PLANTED_ARCHIVE = """\

; ---- 档案规则 archive rules (docs/rules.md A01-A14)

; 预期 A01
{household:QS-2026-911:甲一:11010519491231003X}
; 预期 A02
{household:QS-2026-912:乙二:{id_a02}}
; 预期 A03
{household:QS-2026-913:丙三:{id_a03}}
  sex: "女"

; 预期 A04
{household:QS-2026-914:丁四:{id_a04}}
  card: "622202123456789"

; 预期 A05
{household:QS-2026-915:戊五:{id_a05}}
  card: "6222021234567890123"

; 预期 A06
{household:QS-2026-916:己六:{nat_id}}
{household:QS-2026-917:庚七:{id_a07}}
2026-02-01 custom "household" "QS-2026-917" "blacklisted"
  reason: "伪造收入证明骗取建档"

; 预期 A07
{household:QS-2026-918:庚七:{id_a07}}
; 预期 A08
{household:QS-2026-919:{nat_name_alike}:{id_a08}}
; 预期 A09
{household:QS-2026-920:辛九:{id_a09}}
  monthly-income: 900.00 CNY

; 预期 A10
{household:QS-2026-921:壬十:{id_a10}}
  homes: 2

; 预期 A11
2026-03-10 custom "household" "QS-2026-922" "archived"
  name: "癸十一"
  id-number: "{id_a11}"
  locality: "城区"
  level: "区县级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"
  notice-start: 2026-03-02
  notice-end: 2026-03-04

; 预期 A12
2026-03-10 custom "household" "QS-2026-923" "archived"
  name: "子十二"
  id-number: "{id_a12}"
  locality: "城区"
  level: "区县级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"

; 预期 A13
2026-01-05 custom "household" "{exited_no}" "exited"
  reason: "再次脱困（重复记录）"

; 预期 A14
2027-02-01 custom "household" "QS-2026-924" "archived"
  name: "丑十三"
  id-number: "{id_a14}"
  locality: "城区"
  level: "区县级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"
  notice-start: 2027-01-04
  notice-end: 2027-01-15
"""



def planted_text(generator: Generator, households: list[HH]) -> str:
    """The planted violations, aimed at suitable households of the example."""
    day = datetime.date(2026, 3, 1)
    county = next(hh for hh in households if hh.active(day) and hh.level == "区县级")
    national = next(
        hh for hh in households
        if hh.active(day) and hh.level == "全国级" and hh.locality == "城区" and hh.students
    )
    exited = next(hh for hh in households if hh.closed and hh.closed[1] == "exited")
    other = next(hh for hh in households if hh not in (county, national) and hh.students)
    values = {
        "name": county.worker.name, "no": county.no,
        "nat_name": national.worker.name, "nat_no": national.no, "nat_student": national.students[0].id,
        "exited_name": exited.worker.name, "exited_no": exited.no,
        "other_student": other.students[0].id,
    }
    def fresh_id(year: int, male: bool = True) -> str:
        return generator.id_number("220183", datetime.date(year, 6, 15), male)

    worker = national.worker
    values.update({f"id_a{n:02d}": fresh_id(1970 + n) for n in (3, 4, 5, 7, 9, 10, 11, 12, 14)})
    values["id_a02"] = generator.id_number("999999", datetime.date(1972, 6, 15), True)
    values["id_a08"] = next(
        i for i in (generator.id_number("220183", worker.born, worker.male) for _ in range(20)) if i != worker.id
    )
    values["nat_id"] = worker.id
    values["nat_name_alike"] = worker.name  # same name and birth date, another ID
    text = PLANTED + PLANTED_RULES + PLANTED_ARCHIVE
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return re.sub(r"\{household:([^:]+):([^:]+):([^}]+)\}", _planted_household, text)


def _planted_household(match: re.Match) -> str:
    no, name, id_text = match.groups()
    return "\n".join([
        f'2026-03-10 custom "household" "{no}" "archived"' if no != "QS-2026-917" else
        f'2026-01-10 custom "household" "{no}" "archived"',
        f'  name: "{name}"', f'  id-number: "{id_text}"', '  locality: "城区"', '  level: "区县级"',
        '  nature: "长期"', '  hardship: "深度困难"', '  cause: "下岗失业"',
        "  notice-start: 2025-12-22" if no == "QS-2026-917" else "  notice-start: 2026-02-24",
        "  notice-end: 2026-01-05" if no == "QS-2026-917" else "  notice-end: 2026-03-06",
    ])


STATEMENT_MONTH = (2025, 11)  # the month whose bank statement the office kept (bangfu report bank-reconciliation)
STATEMENT_INTEREST = Decimal("12.34")  # interest the bank credited and the ledger has not booked yet


def statement_sheet(out: Path) -> Path:
    """The bank's statement (银行对账单) of the example's bank account for
    STATEMENT_MONTH, as the bank exports it: a line per movement of the
    written ledger on the real account (sub-accounts together), plus a credit
    of interest the ledger has not booked: an outstanding item of the
    reconciliation, which still balances."""
    from ledger.bank import movements
    from ledger.loader import load
    from reports.workbook import new_workbook, save

    year, month = STATEMENT_MONTH
    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    every = movements(load(out / "main.beancount", use_cache=False), f"Assets:Bank:{COUNTY.plan.bank}")
    balance = sum((m.amount for m in every if m.date < first), start=Decimal(0))
    lines = [(m.date, m.amount, m.entry.payee or "", "代发" if m.amount < 0 else "来账") for m in every if first <= m.date <= last]
    lines.append((datetime.date(year, month, 21), STATEMENT_INTEREST, "", "结息"))
    book = new_workbook("中国工商银行 账户明细", last)
    sheet = book.active
    sheet.title = "账户明细"
    sheet.append(["中国工商银行 账户明细"])
    sheet.append(["交易日期", "摘要", "对方户名", "借方发生额", "贷方发生额", "余额", "交易流水号"])
    for n, (day, amount, who, summary) in enumerate(sorted(lines, key=lambda line: line[0]), 1):
        balance += amount
        sheet.append([day.isoformat(), summary, who, str(-amount) if amount < 0 else "", str(amount) if amount > 0 else "",
                      str(balance), f"{day:%Y%m%d}{n:05d}"])
    return save(book, out / "sheets" / f"{year}-{month:02d}-银行对账单.xlsx")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main() -> None:
    out = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else OUT
    generator = Generator(COUNTY)
    households = generator.households()
    pays = generator.payments(households)
    documents: list[tuple[str, str]] = []
    balances: dict[str, Decimal] = defaultdict(Decimal)
    year_files = []
    for year in YEARS:
        name = f"{year}.beancount"
        receipts, payments, ends = generator.year(year, [p for p in pays if p.date.year == year], balances, documents)
        text = "\n".join([f"; {year} 年度：资金下达与帮扶资金发放。", "", *receipts, *payments, *ends]) + "\n"
        write(out / name, text)
        year_files.append(name)
    plan = COUNTY.plan
    write(out / "accounts.beancount", accounts_text(plan))
    write(out / "settings.beancount", generator.settings())
    write(out / "archive.beancount", generator.archive(households))
    includes = ("accounts.beancount", "settings.beancount", "archive.beancount", *year_files)
    write(out / "main.beancount", main_text(plan, includes))
    planted_plan = LedgerPlan(plan.unit, plan.start, plan.bank, plan.donors, plan.title + "（植入违规，供测试）")
    write(out / "planted.beancount", main_text(planted_plan, (*includes, "planted-violations.beancount")))
    write(out / "planted-violations.beancount", planted_text(generator, households))
    generator.sheets(pays, out / "sheets")
    docs = out / "documents"
    shutil.rmtree(docs, ignore_errors=True)  # documents of an earlier run must not linger
    for relative, text in documents:
        write(docs / relative, f"【示例文档，代替扫描件】\n{text}\n")
    statement_sheet(out)  # read from the ledger just written
    print(f"{len(households)} households, {len(pays)} payments, {len(documents)} documents -> {out}")


if __name__ == "__main__":
    main()
