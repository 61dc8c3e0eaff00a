"""Seeded generator of large, realistic county ledgers for the benchmarks.

    python -m benchmarks.generate --payments 10000 --out benchmarks/data/10k

A county union over three years (2023-2025): households with members across
twelve localities whose 低保 standards change mid-year, five funds (and one
directed donor), every aid category, exits and card changes, bank returns
(reversals) followed by a payment to the new card. The ledger follows every
rule, so a load has no errors and the measured cost is the checking itself,
not formatting thousands of messages.

Written to OUT:
  main.beancount         plugin "fund_rules" + all files
  bare.beancount         the same files with no plugin (the baseline)
  accounts/settings/archive/receipts/2023-2025 .beancount
  target.beancount       plugin "fund_rules" + accounts, settings, archive and
                         receipts only: the ledger a batch is imported into
  batch.xlsx             every payment (not the bank returns and repayments)
                         as one 发放名册
                         in the import template's layout
"""

from __future__ import annotations

import argparse
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ledger.skeleton import Donor, LedgerPlan, accounts_text
from ledger.vocab import Category, SchoolLevel

YEARS = (2023, 2024, 2025)
START = datetime.date(2023, 1, 1)
PLAN = LedgerPlan(unit="松原市某县总工会（基准测试）", start=START, bank="ICBC",
                  donors=[Donor("Power", "某电力公司（助学定向）")], title="基准测试账本")
# Real GB/T 2260 codes, so area checks pass; 低保 changes on 1 July in some.
LOCALITIES = {
    "城区": ("220183", [(START, 620), (datetime.date(2024, 7, 1), 650), (datetime.date(2025, 7, 1), 680)]),
    "南关": ("220102", [(START, 640), (datetime.date(2024, 7, 1), 670)]),
    "宽城": ("220103", [(START, 630), (datetime.date(2025, 1, 1), 660)]),
    "朝阳": ("220104", [(START, 650), (datetime.date(2023, 7, 1), 680)]),
    "二道": ("220105", [(START, 600), (datetime.date(2024, 1, 1), 630)]),
    "绿园": ("220106", [(START, 610), (datetime.date(2025, 7, 1), 640)]),
    "双阳": ("220112", [(START, 520), (datetime.date(2024, 7, 1), 545)]),
    "九台": ("220113", [(START, 510), (datetime.date(2023, 7, 1), 530), (datetime.date(2025, 1, 1), 560)]),
    "农安": ("220122", [(START, 400), (datetime.date(2025, 1, 1), 420)]),
    "榆树": ("220182", [(START, 430), (datetime.date(2024, 1, 1), 460)]),
    "德惠镇": ("220183", [(START, 450), (datetime.date(2024, 7, 1), 470)]),
    "公主岭": ("220381", [(START, 440), (datetime.date(2025, 7, 1), 465)]),
}
EDUCATION = (500, 800)  # monthly basic living cost: general, university
TRADES = {"焊工": 1800, "电工": 1600, "家政服务员": 1200, "育婴员": 1500}
LEGAL = 3000
FUNDS = ("Central", "Provincial", "Local", "UnionDues", "Donations")
FUND_LABELS = {"Central": "中央财政", "Provincial": "省级财政", "Local": "市县配套", "UnionDues": "工会经费",
               "Donations": "社会捐助"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
GIVEN = ["伟", "强", "军", "勇", "磊", "涛", "明", "刚", "建国", "志强", "海峰", "立新", "国庆", "长江", "福林", "芳",
         "娜", "敏", "静", "丽", "艳", "秀英", "桂兰", "玉梅", "淑华", "春燕", "红霞", "子涵", "浩然", "雨萱", "梓轩",
         "思彤", "宇航", "欣怡", "俊杰", "佳琪", "博文", "诗雨", "天宇", "德胜", "凤英", "振华", "晓东", "丽娟"]
CAUSES = {"深度困难": ["无劳动能力", "重特大疾病", "下岗失业"], "相对困难": ["子女上学", "重特大疾病", "有劳动能力未就业"],
          "意外致困": ["意外事故", "自然灾害"]}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
BATCH_COLUMNS = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额", "资金来源", "发放日期", "发放方式", "银行卡号",
                 "审批编号", "票据号", "个人自付金额", "学生身份证号", "学段", "工种", "案件号", "批次号"]
# Payments per household over the three years, roughly (for sizing).
PER_HOUSEHOLD = 30


@dataclass
class Person:
    name: str
    id: str
    born: datetime.date
    male: bool
    relation: str = ""
    income: int = 0


@dataclass
class HH:
    no: str
    worker: Person
    locality: str
    level: str
    hardship: str
    cause: str
    card: str
    archived: datetime.date
    members: list[Person] = field(default_factory=list)
    expense: int = 0
    exited: datetime.date | None = None
    cards: list[tuple[datetime.date, str]] = field(default_factory=list)

    def payable(self, day: datetime.date) -> bool:
        return self.archived <= day and (self.exited is None or day < self.exited)

    def card_at(self, day: datetime.date) -> str:
        card = self.card
        for when, new in self.cards:
            if when <= day:
                card = new
        return card


@dataclass
class Pay:
    date: datetime.date
    hh: HH
    fund: str
    category: Category
    amount: int
    narration: str
    extra: dict[str, str] = field(default_factory=dict)
    cash: bool = False
    asset: str = ""
    link: str = ""
    reverses: str = ""


def dibao_at(locality: str, day: datetime.date) -> int:
    amount = 0
    for since, value in LOCALITIES[locality][1]:
        if since <= day:
            amount = value
    return amount or LOCALITIES[locality][1][0][1]


def school_level(born: datetime.date, year: int) -> SchoolLevel | None:
    age = year - born.year - (1 if born.month > 8 else 0)
    for hi, level in ((5, SchoolLevel.PRESCHOOL), (11, SchoolLevel.PRIMARY), (14, SchoolLevel.JUNIOR),
                      (17, SchoolLevel.SENIOR), (21, SchoolLevel.UNIVERSITY)):
        if 3 <= age <= hi:
            return level
    return None


class Generator:
    def __init__(self, seed: int, prefix: str = "BJ"):
        self.rng = random.Random(seed)
        self.prefix = prefix
        self.ids: set[str] = set()
        self.people: set[tuple[str, datetime.date]] = set()
        self.cards: set[str] = set()

    # ------------------------------------------------------------ people

    def id_number(self, area: str, born: datetime.date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(0, 100) * 10 + self.rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
            body = f"{area}{born:%Y%m%d}{seq:03d}"
            number = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]
            if number not in self.ids:
                self.ids.add(number)
                return number

    def card_number(self) -> str:
        while True:
            body = "622202" + "".join(str(self.rng.randrange(10)) for _ in range(12))
            total = 0
            for i, c in enumerate(reversed(body)):
                d = int(c) * (2 if i % 2 == 0 else 1)
                total += d - 9 if d > 9 else d
            card = body + str((10 - total % 10) % 10)
            if card not in self.cards:
                self.cards.add(card)
                return card

    def person(self, area: str, lo: int, hi: int, male: bool, surname: str = "") -> Person:
        # Name and birth date unique, so no pinyin-duplicate warnings (A08).
        while True:
            born = datetime.date(self.rng.randint(lo, hi), self.rng.randint(1, 12), self.rng.randint(1, 28))
            name = (surname or self.rng.choice(SURNAMES)) + self.rng.choice(GIVEN)
            if (name, born) not in self.people:
                self.people.add((name, born))
                return Person(name, self.id_number(area, born, male), born, male)

    def household(self, i: int) -> HH:
        rng = self.rng
        locality = list(LOCALITIES)[i % len(LOCALITIES)]
        area = LOCALITIES[locality][0]
        archived = datetime.date(rng.choice([2021, 2022, 2022, 2023]), rng.choice([3, 4, 5, 9]), rng.randint(3, 25))
        male = rng.random() < 0.6
        worker = self.person(area, 1968, 1988, male)
        hardship = rng.choice(["深度困难"] * 5 + ["相对困难"] * 4 + ["意外致困"])
        hh = HH(f"{self.prefix}-{archived.year}-{i + 1:06d}", worker, locality,
                rng.choice(["全国级"] * 7 + ["省级", "区县级", "基层"]), hardship, rng.choice(CAUSES[hardship]),
                self.card_number(), archived)
        if rng.random() < 0.8:
            hh.members.append(self.person(area, worker.born.year - 3, min(worker.born.year + 3, 1990), not male))
            hh.members[-1].relation = "配偶"
        for _ in range(rng.choice([0, 1, 1, 2])):
            child_male = rng.random() < 0.5
            child = self.person(area, max(worker.born.year + 22, 2003), 2019, child_male, worker.name[0])
            child.relation = "子" if child_male else "女"
            hh.members.append(child)
        # Per-capita income within the hardship type's threshold (seed 004 art. 3-5).
        dibao = dibao_at(locality, archived)
        size = 1 + len(hh.members)
        ceiling = {"深度困难": 0.85, "相对困难": 1.35, "意外致困": 2.4}[hardship] * dibao * size
        earners = [worker] + [m for m in hh.members if m.relation == "配偶"]
        for p in earners:
            p.income = int(ceiling / len(earners) * rng.uniform(0.5, 0.95) / 10) * 10
        if hardship != "深度困难":
            total = sum(p.income for p in earners)
            hh.expense = max(100, -(-int(total - 0.95 * dibao * size) // 10) * 10)
        if rng.random() < 0.04:
            hh.exited = datetime.date(rng.choice([2024, 2025]), rng.randint(1, 11), rng.randint(1, 28))
        return hh

    # ------------------------------------------------------------ payments

    def fund_for(self, hh: HH, preferred: tuple[str, ...]) -> str:
        for fund in preferred:
            if fund in ("Central", "Provincial") and hh.level != "全国级":
                continue
            return fund
        return "Local"

    def payments(self, households: list[HH]) -> list[Pay]:
        rng = self.rng
        pays: list[Pay] = []
        for year in YEARS:
            for hh in households:
                spring = datetime.date(year, 1, 10 + rng.randrange(10))
                if hh.payable(spring):
                    fund = "Central" if hh.level == "全国级" and rng.random() < 0.6 else "UnionDues"
                    amount = rng.choice([1000, 1500, 2000])
                    pays.append(Pay(spring, hh, fund, Category.FESTIVAL, amount, f"{year}年元旦春节送温暖",
                                    cash=rng.random() < 0.05))
                if hh.hardship == "深度困难":  # monthly living aid, half the 低保 standard
                    funds = ("Central", "Local") if rng.random() < 0.5 else ("Provincial", "UnionDues")
                    for month in range(1, 13):
                        day = datetime.date(year, month, 15)
                        if hh.payable(day):
                            amount = dibao_at(hh.locality, day) // 200 * 100
                            pays.append(Pay(day, hh, self.fund_for(hh, funds), Category.LIVING, amount,
                                            f"{year}年{month}月生活救助"))
                elif hh.hardship == "相对困难":  # quarterly
                    for month in (3, 6, 9, 12):
                        day = datetime.date(year, month, 20)
                        if hh.payable(day):
                            pays.append(Pay(day, hh, self.fund_for(hh, ("Local",)), Category.LIVING,
                                            rng.choice([500, 800, 1000]), f"{year}年第{month // 3}季度生活救助"))
                if rng.random() < 0.2 or hh.cause in ("重特大疾病", "意外事故"):
                    day = datetime.date(year, rng.randint(2, 11), rng.randint(1, 28))
                    if hh.payable(day):
                        oop = rng.randrange(30, 400) * 100
                        bill = f"{'ZY' if oop > 10000 else 'MZ'}{year}{rng.randrange(10**7, 10**8)}"
                        first = min(oop // 2 // 100 * 100, 8000)
                        extra = {"bill": bill, "out-of-pocket": f"{oop:.2f} CNY"}
                        pays.append(Pay(day, hh, self.fund_for(hh, ("Central", "Local")), Category.MEDICAL, first,
                                        f"{year}年医疗救助（票据 {bill}）", extra))
                        if rng.random() < 0.3 and hh.payable(day + datetime.timedelta(days=14)):
                            second = min((oop - first) // 2 // 100 * 100, 5000)
                            pays.append(Pay(day + datetime.timedelta(days=14), hh, "Donations", Category.MEDICAL,
                                            second, f"{year}年医疗救助（票据 {bill}，社会捐助）", dict(extra)))
                day = datetime.date(year, 8, rng.randint(10, 28))
                if hh.payable(day):
                    for student in hh.members:
                        level = school_level(student.born, year) if student.relation in ("子", "女") else None
                        if level is None or level is SchoolLevel.PRESCHOOL:
                            continue
                        cap = 10 * (EDUCATION[1] if level is SchoolLevel.UNIVERSITY else EDUCATION[0])
                        amount = min({SchoolLevel.PRIMARY: 1000, SchoolLevel.JUNIOR: 1500, SchoolLevel.SENIOR: 2500,
                                      SchoolLevel.UNIVERSITY: 5000}[level], cap)
                        directed = level is SchoolLevel.UNIVERSITY and rng.random() < 0.5
                        pays.append(Pay(day, hh, "Donations" if directed else self.fund_for(hh, ("Central", "Local")),
                                        Category.EDUCATION, amount, f"{year}年金秋助学（{student.name}）",
                                        {"student": student.id, "school-level": level.label},
                                        asset="Donations:Power" if directed else ""))
                if hh.cause in ("有劳动能力未就业", "下岗失业") and rng.random() < 0.3:
                    day = datetime.date(year, 6, rng.randint(5, 25))
                    if hh.payable(day):
                        trade = rng.choice(list(TRADES))
                        pays.append(Pay(day, hh, "Local", Category.TRAINING, TRADES[trade],
                                        f"{year}年职业技能培训补贴（{trade}）", {"trade": trade}))
                if rng.random() < 0.03:
                    day = datetime.date(year, rng.choice([4, 7, 10]), rng.randint(3, 25))
                    if hh.payable(day):
                        case = f"FY-{year}-{hh.no[-6:]}"
                        pays.append(Pay(day, hh, "UnionDues", Category.LEGAL, rng.choice([1500, 2000, LEGAL]),
                                        f"{year}年法律援助补贴（{case}）", {"case": case}))
        pays.sort(key=lambda p: (p.date, p.hh.no, p.category.value))
        counters: dict[int, int] = defaultdict(int)
        for p in pays:
            counters[p.date.year] += 1
            p.link = f"{self.prefix}{p.date.year}-{counters[p.date.year]:06d}"
        return self.bank_returns(pays)

    def bank_returns(self, pays: list[Pay]) -> list[Pay]:
        """About one bank payment in 300 bounces on a closed card: reversed
        nine days later, the card changed on the archive, then paid again."""
        out = list(pays)
        done: set[str] = set()
        for p in pays:
            if (p.cash or p.hh.no in done or p.category is not Category.FESTIVAL and p.category is not Category.LIVING
                    or self.rng.random() > 1 / 300 or p.date.month > 10 or p.hh.cards):
                continue
            later = p.date + datetime.timedelta(days=20)
            if not p.hh.payable(later):
                continue
            done.add(p.hh.no)
            back = p.date + datetime.timedelta(days=9)
            changed = p.date + datetime.timedelta(days=16)
            p.hh.cards.append((changed, self.card_number()))
            out.append(Pay(back, p.hh, p.fund, p.category, -p.amount, f"{p.narration}：银行退回", asset=p.asset,
                           link=p.link, reverses=p.link))
            out.append(Pay(changed + datetime.timedelta(days=3), p.hh, p.fund, p.category, p.amount,
                           f"{p.narration}（换卡后重新发放）", dict(p.extra), asset=p.asset, link=p.link + "R"))
        out.sort(key=lambda p: (p.date, p.hh.no, p.category.value))
        return out


# ---------------------------------------------------------------- rendering


def q(text: str) -> str:
    return f'"{text}"'


def render_archive(households: list[HH], rng: random.Random) -> str:
    blocks: list[tuple[datetime.date, str]] = []
    for hh in households:
        w = hh.worker
        lines = [
            f'{hh.archived} custom "household" "{hh.no}" "archived"',
            f"  name: {q(w.name)}", f"  id-number: {q(w.id)}", f"  sex: {q('男' if w.male else '女')}",
            f"  birth-date: {w.born}", f"  locality: {q(hh.locality)}", f"  level: {q(hh.level)}",
            f"  nature: {q('临时' if hh.hardship == '意外致困' else '长期')}", f"  hardship: {q(hh.hardship)}",
            f"  cause: {q(hh.cause)}", f"  work-unit: {q(hh.locality + '某厂')}", f"  bank: {q('中国工商银行')}",
            f"  card: {q(hh.card)}", f"  phone: {q('139' + str(rng.randrange(10**7, 10**8)))}",
            f"  address: {q(hh.locality + '幸福街' + str(rng.randint(1, 99)) + '号')}",
            f"  monthly-income: {w.income:.2f} CNY", "  homes: 1", f"  housing-area: {rng.randint(18, 40) * (1 + len(hh.members))}",
            f"  notice-start: {hh.archived - datetime.timedelta(days=16)}",
            f"  notice-end: {hh.archived - datetime.timedelta(days=2)}",
        ]
        if hh.expense:
            key = "expense-accident" if hh.hardship == "意外致困" else (
                "expense-schooling" if hh.cause == "子女上学" else "expense-illness")
            lines.insert(-5, f"  {key}: {hh.expense:.2f} CNY")
        blocks.append((hh.archived, "\n".join(lines)))
        for m in hh.members:
            member = [f'{hh.archived} custom "member" "{hh.no}" "{m.id}"', f"  name: {q(m.name)}",
                      f"  relation: {q(m.relation)}", f"  sex: {q('男' if m.male else '女')}",
                      f"  birth-date: {m.born}", f"  monthly-income: {m.income:.2f} CNY"]
            blocks.append((hh.archived, "\n".join(member)))
        for when, card in hh.cards:
            blocks.append((when, f'{when} custom "household" "{hh.no}" "changed"\n  card: {q(card)}\n'
                                 f'  note: "原银行卡销户，更换收款卡"'))
        if hh.exited is not None:
            blocks.append((hh.exited, f'{hh.exited} custom "household" "{hh.no}" "exited"\n  reason: "家庭收入稳定，脱困"'))
    blocks.sort(key=lambda b: b[0])
    return "; 困难职工档案（基准测试，虚构）。\n\n" + "\n\n".join(text for _, text in blocks) + "\n"


def render_settings(unit: str, unit_code: str = "") -> str:
    out = [f'{START} custom "fava-option" "language" "zh"', f'{START} custom "fava-extension" "reports.fava_audit"',
           f'{START} custom "bangfu-option" "unit" "{unit}"', ""]
    if unit_code:
        out += [f'{START} custom "bangfu-option" "unit-code" "{unit_code}"', ""]
    for name in LOCALITIES:
        out += [f'{START} custom "locality" "{name}"', ""]
    for name, (_area, series) in LOCALITIES.items():
        out += [f'{since} custom "standard" "dibao" "{name}" {amount} CNY\n' for since, amount in series]
    for name in LOCALITIES:
        out += [f'{START} custom "standard" "education" "{name}" {EDUCATION[0]} CNY', "",
                f'{START} custom "standard" "education" "{name}" {EDUCATION[1]} CNY', '  school-level: "本科"', ""]
    out += [f'{START} custom "standard" "training" "{t}" {a} CNY\n' for t, a in TRADES.items()]
    out += [f'{START} custom "standard" "legal" "*" {LEGAL} CNY', "",
            f'{START} custom "standard" "festival" "Central" 3000 CNY', "",
            f'{START} custom "standard" "festival" "*" 2000 CNY', ""]
    for fund in ("Central", "Provincial"):
        out += [f'{START} custom "fund" "{fund}"', '  levels: "全国级"', ""]
    return "\n".join(out)


def render_payment(p: Pay) -> str:
    account = f"Expenses:Aid:{p.fund}:{p.category.value}"
    asset = f"Assets:Bank:ICBC:{p.asset or p.fund}"
    out = [f'{p.date} * "{p.hh.worker.name}" "{p.narration}" ^{p.link}', f"  household: {q(p.hh.no)}"]
    if p.reverses:
        out += [f"  reverses: {q(p.reverses)}", '  reason: "原银行卡已销户，银行退回"']
    else:
        out.append(f"  approval: {q('SP' + p.link)}")
        if p.cash:
            out += ['  method: "现金"', "  id-checked: TRUE", f"  receipt: {q('签收单 ' + p.link)}"]
        else:
            out += ['  method: "银行卡"', f"  card: {q(p.hh.card_at(p.date))}"]
    for key, value in p.extra.items():
        out.append(f"  {key}: {value}" if key == "out-of-pocket" else f"  {key}: {q(value)}")
    out += [f"  {account}  {p.amount:.2f} CNY", f"  {asset}", ""]
    return "\n".join(out)


def receipts(pays: list[Pay]) -> tuple[str, dict[int, dict[str, int]]]:
    """Appropriations on 2 January of each year: finance money exactly the
    year's spending (R13), the rest with a margin. Returns the text and the
    year-end balances per bank sub-account."""
    spend: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in pays:
        spend[p.date.year][p.asset or p.fund] += p.amount
        if p.asset:  # a batch cannot name the donor: keep the general pot able to pay it too
            spend[p.date.year][p.fund] += p.amount
    balance: dict[str, int] = defaultdict(int)
    ends: dict[int, dict[str, int]] = {}
    lines = ["; 资金下达（基准测试）。", ""]
    for year in YEARS:
        for fund in (*FUNDS, "Donations:Power"):
            need = spend[year].get(fund, 0)
            exact = fund in ("Central", "Provincial")
            amount = need - balance[fund] if exact else max(0, (need * 12 // 10 // 10000 + 1) * 10000 - balance[fund])
            if amount > 0:
                lines += [f'{year}-01-02 * "上级拨付" "{year}年{FUND_LABELS[fund.split(":")[0]]}下达"',
                          f'  notice: "下达〔{year}〕{len(lines)}号"',
                          f"  Assets:Bank:ICBC:{fund}  {amount:.2f} CNY", f"  Income:Fund:{fund}", ""]
                balance[fund] += amount
            balance[fund] -= need
        ends[year] = dict(balance)
    return "\n".join(lines), ends


def write_batch(pays: list[Pay], path: Path) -> None:
    """All payments as one 发放名册 (write-only openpyxl: 100k rows fast)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("发放名册")
    sheet.append(["帮扶资金发放名册（基准测试）"])
    sheet.append(BATCH_COLUMNS)
    # Bank returns and the payments made again after them come in bank result
    # files, not in the roll.
    for n, p in enumerate((p for p in pays if p.amount > 0 and not p.link.endswith("R")), start=1):
        e = p.extra
        oop = e.get("out-of-pocket", "").replace(" CNY", "")
        sheet.append([n, p.hh.worker.name, "", p.hh.no, p.category.label, float(p.amount), FUND_LABELS[p.fund], p.date,
                      "现金" if p.cash else "银行卡", "" if p.cash else p.hh.card_at(p.date), "SP" + p.link,
                      e.get("bill", ""), float(oop) if oop else "", e.get("student", ""), e.get("school-level", ""),
                      e.get("trade", ""), e.get("case", ""), f"PC{p.date:%Y%m}"])
    book.save(path)


def main_file(includes: list[str], plugin: bool) -> str:
    lines = ['option "title" "基准测试账本"', 'option "operating_currency" "CNY"', ""]
    if plugin:
        lines += ['plugin "fund_rules"', ""]
    return "\n".join(lines + [f'include "{name}"' for name in includes]) + "\n"


def generate(out: Path, payments: int, seed: int = 1, prefix: str = "BJ", batch: bool = True, unit: str = "",
             unit_code: str = "") -> int:
    """Write a ledger of about `payments` payments to `out`; returns the count.
    `prefix` starts archive numbers and payment links; `unit` names the union."""
    gen = Generator(seed, prefix)
    households = [gen.household(i) for i in range(max(1, payments // PER_HOUSEHOLD))]
    pays = gen.payments(households)
    out.mkdir(parents=True, exist_ok=True)
    receipt_text, ends = receipts(pays)
    files = {"accounts.beancount": accounts_text(PLAN), "settings.beancount": render_settings(unit or PLAN.unit, unit_code),
             "archive.beancount": render_archive(households, gen.rng), "receipts.beancount": receipt_text}
    for year in YEARS:
        body = [render_payment(p) for p in pays if p.date.year == year]
        body += [f"{year + 1}-01-01 balance Assets:Bank:ICBC:{fund}  {ends[year].get(fund, 0):.2f} CNY"
                 for fund in ("Central", "Provincial", "Local", "UnionDues")]
        files[f"{year}.beancount"] = f"; {year} 年帮扶资金发放（基准测试）。\n\n" + "\n".join(body) + "\n"
    names = list(files)
    files["main.beancount"] = main_file(names, plugin=True)
    files["bare.beancount"] = main_file(names, plugin=False)
    files["target.beancount"] = main_file(names[:4], plugin=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    if batch:
        write_batch(pays, out / "batch.xlsx")
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
    count = generate(args.out, args.payments, args.seed, args.prefix, not args.no_batch, args.unit,
                     args.unit_code)
    print(f"{args.out}: {count} 笔付款")


if __name__ == "__main__":
    main()
