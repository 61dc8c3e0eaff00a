"""The one generator of realistic county ledgers, for the example
(examples/generate.py) and for the benchmarks (benchmarks/generate.py).

A `Scenario` says what county: its union and accounts, localities with
their changing 低保 standards, the other standards, how many households and
how they are spread, names, the households' special fates (exits,
cancellations, archives left without aid) and how often the occasional kinds
of aid happen. `Generator` draws everything from one seeded random number
generator, so the same scenario always gives the same files: households with
members, incomes that fit their hardship type (seed 004 art. 3-5), every aid
category within its cap, bank returns paid again to a new card, receipts
that keep every fund in credit (central and provincial money spent within
its year), and the payment rolls an office would have kept. People, ID and
card numbers are fictional but well-formed, and never drawn twice. The
ledger follows every rule bangfu checks, so it loads without errors.
"""

from __future__ import annotations

import datetime
import os
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from ledger.skeleton import LedgerPlan, settings_header
from ledger.vocab import Category, SchoolLevel

D = Decimal
YEARS = (2023, 2024, 2025)
AS_OF = datetime.date(2025, 12, 31)
HARDSHIP_CAUSES = {
    "深度困难": ["无劳动能力", "重特大疾病", "下岗失业", "社保待遇不到位"],
    "相对困难": ["子女上学", "有劳动能力未就业", "重特大疾病", "未参保"],
    "意外致困": ["意外事故", "自然灾害"],
}
FUND_LABELS = {"Central": "中央财政", "Provincial": "省级财政", "Local": "市县配套", "UnionDues": "工会经费",
               "Donations": "社会捐助"}
BATCH_COLUMNS = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额", "资金来源", "发放日期", "发放方式", "银行卡号",
                 "审批编号", "票据号", "个人自付金额", "学生身份证号", "学段", "工种", "案件号", "批次号", "身份证已核验", "签收单"]
SAVED_QUERIES = (  # column names in Chinese; "本年" is the current year, not a year written in
    ("本年帮扶金额最多的家庭",
     'SELECT entry_meta(\'household\') AS "档案编号", payee AS "姓名", sum(number) AS "金额" '
     "WHERE account ~ '^Expenses:Aid:' AND year = year(today()) GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20"),
    ("现金发放",
     'SELECT date AS "日期", payee AS "姓名", account AS "科目", number AS "金额", entry_meta(\'approval\') AS "审批编号", '
     'entry_meta(\'receipt\') AS "签收单" '
     "WHERE account ~ '^Expenses:Aid:' AND entry_meta('method') = '现金' ORDER BY date"),
    ("医疗救助与个人自付（按票据）",
     'SELECT entry_meta(\'household\') AS "档案编号", entry_meta(\'bill\') AS "票据号", '
     'first(entry_meta(\'out-of-pocket\')) AS "个人自付", sum(number) AS "已救助" '
     "WHERE account ~ ':Medical$' GROUP BY 1, 2 ORDER BY 1, 2"),
    ("无审批编号的付款",
     'SELECT date AS "日期", payee AS "姓名", account AS "科目", number AS "金额", entry_meta(\'household\') AS "档案编号" '
     "WHERE account ~ '^Expenses:Aid:' AND entry_meta('approval') IS NULL AND entry_meta('reverses') IS NULL"),
    ("各资金各类别支出",
     'SELECT root(account, 3) AS "资金", leaf(account) AS "类别", sum(number) AS "金额" '
     "WHERE account ~ '^Expenses:Aid:' GROUP BY 1, 2 ORDER BY 1, 2"),
)


@dataclass(frozen=True)
class Locality:
    full: str  # full name
    area: str  # its GB/T 2260 code (ID numbers begin with it)
    dibao: tuple[tuple[datetime.date, int], ...]  # monthly 低保 standard from each date
    education: tuple[int, int]  # monthly basic living cost: general, university
    units: tuple[str, ...]  # work units of its households


@dataclass(frozen=True)
class Scenario:
    seed: int
    prefix: str  # archive numbers QS-2021-001, payment numbers QS2023-0001
    plan: LedgerPlan
    localities: dict[str, Locality]
    shares: dict[str, int]  # households per locality, in proportion
    levels: dict[str, int]  # archive levels, in proportion
    households: int
    surnames: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    child: tuple[str, ...]
    trades: dict[str, int]
    legal_per_case: int = 3000
    festival: tuple[tuple[str, int], ...] = (("Central", 3000), ("*", 2000))
    unit_code: str = ""
    # Per year: households with a medical bill, trainees, legal-aid cases.
    medical: int = 9
    trainees: int = 3
    cases: int = 2
    # Bank payments that bounce on a closed card, per (year, month).
    bank_returns: dict[tuple[int, int], int] = field(default_factory=dict)
    # Special fates by household index: archived on, (male, born), no aid
    # after, and (date, event, reason) closing the archive.
    archived_on: dict[int, datetime.date] = field(default_factory=dict)
    born: dict[int, tuple[bool, datetime.date]] = field(default_factory=dict)
    aid_until: dict[int, datetime.date] = field(default_factory=dict)
    closed: dict[int, tuple[datetime.date, str, str]] = field(default_factory=dict)
    documents: bool = True  # scanned notices, bills and receipts as document files
    cash_locality: str = ""  # where elderly workers are paid their festival aid in cash
    # A payment roll names the fund, not the donor: when its payments are
    # imported, directed donations are paid from the general pot, which then
    # receives enough for them too.
    donations_cover_directed: bool = False
    # Each fund's (or a donor's account's) appropriation notice, "{y}" the
    # year, and who pays it in.
    notices: dict[str, str] = field(default_factory=dict)
    payers: dict[str, str] = field(default_factory=dict)

    @property
    def start(self) -> datetime.date:
        return self.plan.start


@dataclass
class Person:
    name: str
    id: str
    born: datetime.date
    male: bool
    relation: str = ""
    income: int = 0
    unit: str = ""


@dataclass
class HH:
    no: str
    worker: Person
    locality: str
    level: str
    nature: str
    hardship: str
    cause: str
    card: str
    archived: datetime.date
    members: list[Person] = field(default_factory=list)
    closed: tuple[datetime.date, str, str] | None = None  # (date, event, reason)
    expense: tuple[str, int] | None = None  # necessary monthly expense (key, amount)
    aid_until: datetime.date | None = None  # no aid after this date (clean-up cases)
    card_changes: list[tuple[datetime.date, str]] = field(default_factory=list)

    def active(self, day: datetime.date) -> bool:
        return self.archived <= day and (self.closed is None or day < self.closed[0])

    def payable(self, day: datetime.date) -> bool:
        return self.active(day) and (self.aid_until is None or day <= self.aid_until)

    def card_at(self, day: datetime.date) -> str:
        card = self.card
        for when, new in self.card_changes:
            if when <= day:
                card = new
        return card

    @property
    def students(self) -> list[Person]:
        return [m for m in self.members if m.relation in ("子", "女")]


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
    link: str = ""
    asset: str = ""
    reverses: str = ""
    reason: str = ""
    original: Pay | None = None  # of a bank return
    repay: bool = False  # paid again after a bank return


def school_level(born: datetime.date, year: int) -> SchoolLevel | None:
    age = year - born.year - (1 if born.month > 8 else 0)
    for hi, level in ((5, SchoolLevel.PRESCHOOL), (11, SchoolLevel.PRIMARY), (14, SchoolLevel.JUNIOR),
                      (17, SchoolLevel.SENIOR), (21, SchoolLevel.UNIVERSITY)):
        if 3 <= age <= hi:
            return level
    return None


@cache
def sound(name: str) -> str:
    """A name's pinyin without tones, as rule A08 compares names."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")  # as fund_rules/archive_rules.py reads names
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


def q(text: str) -> str:
    return f'"{text}"'


def spread(shares: dict[str, int], count: int) -> list[str]:
    """`count` items in the proportions of `shares`, in its order."""
    total = sum(shares.values())
    out: list[str] = []
    for index, (name, share) in enumerate(shares.items()):
        wanted = count - len(out) if index == len(shares) - 1 else round(share * count / total)
        out += [name] * wanted
    return out


class Generator:
    """One county's ledger, drawn from the scenario's seed."""

    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.rng = random.Random(scenario.seed)
        self.ids: set[str] = set()
        self.cards: set[str] = set()
        self.people: set[tuple[str, datetime.date]] = set()
        self.receipts: list[tuple[datetime.date, str, str, Decimal, str]] = []
        # What the general donations pot has paid for directed donations when
        # a payment roll is imported (see Scenario.donations_cover_directed).
        self.covered: dict[str, Decimal] = defaultdict(Decimal)

    # ------------------------------------------------------------ people

    def id_number(self, area: str, born: datetime.date, male: bool) -> str:
        """A well-formed GB 11643 number (fictional), never drawn twice."""
        while True:
            seq = self.rng.randrange(10, 99) * 10 + self.rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
            body = f"{area}{born:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.ids:
                self.ids.add(number)
                return number

    def card_number(self) -> str:
        """A 19-digit UnionPay-style number with a valid Luhn digit (fictional)."""
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

    def birth(self, year_lo: int, year_hi: int) -> datetime.date:
        return datetime.date(self.rng.randint(year_lo, year_hi), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def name(self, surname: str, given: Iterable[str], born: datetime.date) -> str:
        """A name that sounds like no other of someone born that day (else
        rule A08 would ask whether the two are one person archived twice)."""
        pool = list(given)
        for _ in range(200):
            name = surname + self.rng.choice(pool)
            if (sound(name), born) not in self.people:
                break
        self.people.add((sound(name), born))
        return name

    # ------------------------------------------------------------ households

    def households(self) -> list[HH]:
        s, rng = self.s, self.rng
        households = []
        localities = spread(s.shares, s.households)
        levels = spread(s.levels, s.households)
        rng.shuffle(levels)
        for i, locality in enumerate(localities):
            place = s.localities[locality]
            archived = datetime.date(rng.choice([2021, 2022, 2022, 2023, 2024]), rng.choice([3, 4, 5, 9]),
                                     rng.randint(3, 25))
            if archived.year == 2021 and i % 3 == 0:
                archived = archived.replace(year=2022)
            archived = s.archived_on.get(i, archived)
            male = rng.random() < 0.6
            born = self.birth(1967, 1988)
            male, born = s.born.get(i, (male, born))
            surname = s.surnames[i % len(s.surnames)]
            name = self.name(surname, s.male if male else s.female, born)
            worker = Person(name, self.id_number(place.area, born, male), born, male)
            hardship = rng.choice(["深度困难"] * 5 + ["相对困难"] * 4 + ["意外致困"])
            dibao = self.dibao_at(locality, archived)
            hh = HH(
                no=f"{s.prefix}-{archived.year}-{i + 1:03d}",
                worker=worker,
                locality=locality,
                level=levels[i],
                nature="临时" if hardship == "意外致困" else "长期",
                hardship=hardship,
                cause=rng.choice(HARDSHIP_CAUSES[hardship]),
                card=self.card_number(),
                archived=archived,
            )
            worker.unit = rng.choice(place.units)
            size = rng.choice([2, 3, 3, 4])
            if size >= 3 or rng.random() < 0.5:
                spouse_male = not male
                spouse_born = self.birth(born.year - 3, min(born.year + 3, 1990))
                spouse = self.name(s.surnames[(i + 7) % len(s.surnames)], s.male if spouse_male else s.female,
                                   spouse_born)
                hh.members.append(Person(spouse, self.id_number(place.area, spouse_born, spouse_male), spouse_born,
                                         spouse_male, "配偶"))
            while len(hh.members) + 1 < size:
                child_male = rng.random() < 0.5
                child_born = self.birth(max(born.year + 22, 2001), 2019)
                child = self.name(surname, s.child, child_born)
                hh.members.append(Person(child, self.id_number(place.area, child_born, child_male), child_born,
                                         child_male, "子" if child_male else "女"))
            # Income such that per-capita income fits the hardship type (seed 000 一1, seed 004 art. 3-5).
            ceiling = {"深度困难": 0.85, "相对困难": 1.35, "意外致困": 2.4}[hardship] * dibao * (1 + len(hh.members))
            earners = [worker] + [m for m in hh.members if m.relation == "配偶"]
            for person in earners:
                person.income = int(ceiling / len(earners) * rng.uniform(0.5, 0.95) / 10) * 10
            if hardship != "深度困难":
                # Necessary expenses bring (income - expenses) / size within 低保 (seed 004 art. 5).
                total = sum(p.income for p in earners)
                people = 1 + len(hh.members)
                needed = max(100, -(-int(total - 0.95 * dibao * people) // 10) * 10)
                key = "expense-accident" if hardship == "意外致困" else (
                    "expense-schooling" if hh.cause == "子女上学" else "expense-illness")
                hh.expense = (key, needed)
            hh.aid_until = s.aid_until.get(i)
            households.append(hh)
        for i, closing in s.closed.items():  # exits and cancellations (seed 003 四(一))
            households[i].closed = closing
        return households

    def dibao_at(self, locality: str, day: datetime.date) -> int:
        series = self.s.localities[locality].dibao
        amount = series[0][1]  # archives older than the ledger: the first known standard
        for since, value in series:
            if since <= day:
                amount = value
        return amount

    def dibao_year_sum(self, locality: str, year: int) -> int:
        return sum(self.dibao_at(locality, datetime.date(year, m, 1)) for m in range(1, 13))

    # ------------------------------------------------------------ payments

    @staticmethod
    def fund_for(hh: HH, preferred: list[str]) -> str:
        for fund in preferred:
            if fund in ("Central", "Provincial") and hh.level != "全国级":
                continue
            return fund
        return "Local"

    def payments(self, households: list[HH]) -> list[Pay]:
        """Every aid of the three years, within every cap, with bank returns
        paid again to a new card, numbered."""
        pays = self._bank_returns(self._plan(households))
        counters: dict[int, int] = defaultdict(int)
        for p in pays:
            if p.amount < 0:
                continue
            counters[p.date.year] += 1
            p.link = f"{self.s.prefix}{p.date.year}-{counters[p.date.year]:04d}"
        for p in pays:
            if p.original is not None:
                p.link = p.reverses = p.original.link
        return pays

    def _plan(self, households: list[HH]) -> list[Pay]:
        s, rng = self.s, self.rng
        pays: list[Pay] = []
        for year in YEARS:
            # 元旦春节送温暖 (festival): every active household, one fund each.
            spring = {2023: datetime.date(2023, 1, 12), 2024: datetime.date(2024, 1, 25),
                      2025: datetime.date(2025, 1, 15)}[year]
            for hh in households:
                if not hh.payable(spring):
                    continue
                fund = self.fund_for(hh, ["Central"]) if hh.level == "全国级" else "UnionDues"
                amount = rng.choice([1000, 1500, 2000]) if fund == "Central" else rng.choice([500, 800, 1000])
                elderly = hh.worker.born.year <= 1969 and hh.locality == s.cash_locality
                pays.append(Pay(spring, hh, fund, Category.FESTIVAL, amount, f"{year}年元旦春节送温暖",
                                {"batch": f"PC{year}-01"}, cash=elderly))
            # 生活救助 in spring and autumn for deep / relative hardship, within 低保 x 12.
            for hh in households:
                if hh.hardship == "意外致困" or hh.nature == "临时":
                    continue
                cap = self.dibao_year_sum(hh.locality, year)
                used = 0
                for month, label, funds in ((4, "春季", ["Central", "Local"]), (9, "秋季", ["Provincial", "UnionDues"])):
                    day = datetime.date(year, month, rng.randint(8, 20))
                    if not hh.payable(day) or (month == 4 and (hh.hardship == "相对困难" or rng.random() < 0.3)):
                        continue
                    amount = min(rng.choice([1000, 1200, 1500, 2000]), (cap - used) // 100 * 100)
                    if amount <= 0:
                        continue
                    used += amount
                    pays.append(Pay(day, hh, self.fund_for(hh, funds), Category.LIVING, amount,
                                    f"{year}年{label}生活救助", {"batch": f"PC{year}-{month:02d}"}))
            # 医疗救助: bills with out-of-pocket share; some bills shared by two funds.
            sick = [hh for hh in households if hh.cause in ("重特大疾病", "意外事故", "无劳动能力")]
            for n, hh in enumerate(rng.sample(sick, min(len(sick), s.medical))):
                day = datetime.date(year, rng.choice([3, 5, 6, 7, 10, 11]), rng.randint(3, 26))
                if not hh.payable(day):
                    continue
                oop = rng.randrange(30, 400) * 100
                bill = f"{'ZY' if oop > 10000 else 'MZ'}{year}{rng.randrange(100000, 999999)}"
                first = min(oop // 2 // 100 * 100, 8000)
                extra = {"bill": bill, "out-of-pocket": f"{oop:.2f} CNY"}
                if s.documents:
                    extra["document"] = f"{day}.bill-{bill}.txt"
                fund = self.fund_for(hh, ["Central", "Local"])
                pays.append(Pay(day, hh, fund, Category.MEDICAL, first, f"{year}年医疗救助（票据 {bill}）", extra))
                if n % 3 == 0 and hh.payable(day + datetime.timedelta(days=14)):  # the same bill, partly by donations
                    second = min((oop - first) // 2 // 100 * 100, 5000)
                    pays.append(Pay(day + datetime.timedelta(days=14), hh, "Donations", Category.MEDICAL, second,
                                    f"{year}年医疗救助（票据 {bill}，社会捐助补助）",
                                    {"bill": bill, "out-of-pocket": f"{oop:.2f} CNY"}))
            # 金秋助学 in August: students within 10 months of basic living cost.
            donor = s.plan.donors[0].key if s.plan.donors else ""
            for hh in households:
                day = datetime.date(year, 8, rng.randint(10, 28))
                if not hh.payable(day):
                    continue
                for student in hh.students:
                    level = school_level(student.born, year)
                    if level is None or level is SchoolLevel.PRESCHOOL:
                        continue
                    if level in (SchoolLevel.PRIMARY, SchoolLevel.JUNIOR) and rng.random() < 0.6:
                        continue  # 金秋助学 favours senior high and university students
                    general, university = s.localities[hh.locality].education
                    cap = 10 * (university if level is SchoolLevel.UNIVERSITY else general)
                    amount = min({SchoolLevel.PRIMARY: 1000, SchoolLevel.JUNIOR: 1500, SchoolLevel.SENIOR: 2500,
                                  SchoolLevel.UNIVERSITY: 5000}[level], cap)
                    if year >= 2024 and level in (SchoolLevel.SENIOR, SchoolLevel.UNIVERSITY) and donor:
                        fund, asset = "Donations", f"Donations:{donor}"
                    else:
                        fund, asset = self.fund_for(hh, ["Central", "Local"]), ""
                    pays.append(Pay(day, hh, fund, Category.EDUCATION, amount, f"{year}年金秋助学（{student.name}）",
                                    {"student": student.id, "school-level": level.label}, asset=asset))
            # 培训: unemployed but able to work.
            for hh in [h for h in households if h.cause in ("有劳动能力未就业", "下岗失业")][:s.trainees]:
                day = datetime.date(year, 6, rng.randint(5, 25))
                if not hh.payable(day):
                    continue
                trade = rng.choice(list(s.trades))
                pays.append(Pay(day, hh, self.fund_for(hh, ["Local"]), Category.TRAINING, s.trades[trade],
                                f"{year}年职业技能培训补贴（{trade}）", {"trade": trade}))
            # 法律援助: wage arrears and injury cases.
            for k, hh in enumerate(rng.sample(households, s.cases)):
                day = datetime.date(year, rng.choice([4, 7, 10]), rng.randint(3, 25))
                if not hh.payable(day):
                    continue
                case = f"{s.prefix}-FY-{year}-{k + 1:03d}"
                pays.append(Pay(day, hh, "UnionDues", Category.LEGAL, rng.choice([1500, 2000, 3000]),
                                f"{year}年法律援助补贴（{case}）", {"case": case}))
        pays.sort(key=lambda p: (p.date, p.hh.no, p.category.value))
        return pays

    def _bank_returns(self, pays: list[Pay]) -> list[Pay]:
        """Bank payments that bounce on closed cards: reversed, the card
        changed on the archive, then paid again to the new card."""
        out = list(pays)
        picked: set[str] = set()
        for (year, month), count in self.s.bank_returns.items():
            originals = [
                p for p in pays
                if p.date.year == year and p.date.month == month and p.category is Category.LIVING and not p.cash
                and p.hh.active(p.date + datetime.timedelta(days=60))
            ]
            for original in originals:
                if count <= 0:
                    break
                hh = original.hh
                if hh.no in picked:
                    continue
                picked.add(hh.no)
                count -= 1
                back = original.date + datetime.timedelta(days=9)
                changed = original.date + datetime.timedelta(days=16)
                hh.card_changes.append((changed, self.card_number()))
                out.append(Pay(back, hh, original.fund, original.category, -original.amount,
                               f"{original.narration}：银行退回", reason="原银行卡已销户，银行退回",
                               asset=original.asset, original=original))
                out.append(Pay(changed + datetime.timedelta(days=3), hh, original.fund, original.category,
                               original.amount, f"{original.narration}（换卡后重新发放）", dict(original.extra),
                               asset=original.asset, repay=True))
        out.sort(key=lambda p: (p.date, p.hh.no, p.category.value))
        return out

    # ------------------------------------------------------------ rendering

    def archive(self, households: list[HH]) -> str:
        rng = self.rng
        blocks: list[tuple[datetime.date, str]] = []
        for hh in households:
            w = hh.worker
            notice_start = hh.archived - datetime.timedelta(days=16)
            place = self.s.localities[hh.locality]
            lines = [
                f'{hh.archived} custom "household" "{hh.no}" "archived"',
                f"  name: {q(w.name)}",
                f"  id-number: {q(w.id)}",
                f"  sex: {q('男' if w.male else '女')}",
                f"  birth-date: {w.born}",
                f"  locality: {q(hh.locality)}",
                f"  level: {q(hh.level)}",
                f"  nature: {q(hh.nature)}",
                f"  hardship: {q(hh.hardship)}",
                f"  cause: {q(hh.cause)}",
                f"  work-unit: {q(w.unit)}",
                f"  archiving-union: {q(w.unit + '工会' if '社区' not in w.unit else '城关街道总工会')}",
                f"  bank: {q('中国工商银行')}",
                f"  card: {q(hh.card)}",
                f"  phone: {q('139' + ''.join(str(rng.randrange(10)) for _ in range(8)))}",
                f"  address: {q(place.full + rng.choice(['幸福', '光明', '友谊', '胜利']) + '街' + str(rng.randint(1, 99)) + '号')}",
                f"  monthly-income: {w.income:.2f} CNY",
                f"  homes: {1}",
                f"  housing-area: {rng.randint(28, 75)}",
                f"  notice-start: {notice_start}",
                f"  notice-end: {hh.archived - datetime.timedelta(days=2)}",
            ]
            if hh.expense is not None:
                lines.insert(-5, f"  {hh.expense[0]}: {hh.expense[1]:.2f} CNY")
            blocks.append((hh.archived, "\n".join(lines)))
            for m in hh.members:
                member = [
                    f'{hh.archived} custom "member" "{hh.no}" "{m.id}"',
                    f"  name: {q(m.name)}",
                    f"  relation: {q(m.relation)}",
                    f"  sex: {q('男' if m.male else '女')}",
                    f"  birth-date: {m.born}",
                    f"  monthly-income: {m.income:.2f} CNY",
                ]
                level = school_level(m.born, hh.archived.year)
                if m.relation != "配偶" and level is not None:
                    member.append(f"  school-level: {q(level.label)}")
                blocks.append((hh.archived, "\n".join(member)))
            for when, card in hh.card_changes:
                blocks.append((when, "\n".join([f'{when} custom "household" "{hh.no}" "changed"', f"  card: {q(card)}",
                                                f"  note: {q('原银行卡销户，更换收款卡')}"])))
            refresh = datetime.date(2025, 11, 20)  # the November clean-up (seed 000 三(二)2)
            if hh.active(refresh) and int(hh.no[-3:]) % 2 == 0:
                text = f'{refresh} custom "household" "{hh.no}" "refreshed"\n  note: {q("年度集中清理，核实无变化")}'
                blocks.append((refresh, text))
            if hh.closed is not None:
                when, event, reason = hh.closed
                blocks.append((when, f'{when} custom "household" "{hh.no}" "{event}"\n  reason: {q(reason)}'))
        blocks.sort(key=lambda b: b[0])
        header = "; 困难职工档案：建档、变更、脱困、注销事件与家庭成员（人物与证件号均为虚构）。\n"
        return header + "\n" + "\n\n".join(text for _, text in blocks) + "\n"

    def settings(self) -> str:
        s, start = self.s, self.s.start
        out = [settings_header(s.plan)]
        if s.unit_code:
            out += [f'{start} custom "bangfu-option" "unit-code" "{s.unit_code}"', ""]
        for name, place in s.localities.items():
            out += [f'{start} custom "locality" "{name}"', f"  full-name: {q(place.full)}", ""]
        out.append("; 低保标准（月人均），自生效日起至下一条同地区标准前有效。")
        for name, place in s.localities.items():
            for since, amount in place.dibao:
                out += [f'{since} custom "standard" "dibao" "{name}" {amount} CNY', ""]
        out.append("; 助学：当地月基本生活费标准（上限为 10 个月之和）；大学按学段另定。")
        for name, place in s.localities.items():
            general, university = place.education
            out += [f'{start} custom "standard" "education" "{name}" {general} CNY', ""]
            out += [f'{start} custom "standard" "education" "{name}" {university} CNY', '  school-level: "本科"', ""]
        out.append("; 培训：人社部门同类工种补贴标准；法律援助：司法行政部门每件补贴标准。")
        for trade, amount in s.trades.items():
            out += [f'{start} custom "standard" "training" "{trade}" {amount} CNY', ""]
        out += [f'{start} custom "standard" "legal" "*" {s.legal_per_case} CNY', ""]
        out.append("; 送温暖：中央财政资金每户每年 3000 元；其他资金每户每年 2000 元。")
        for scope, amount in s.festival:
            out += [f'{start} custom "standard" "festival" "{scope}" {amount} CNY', ""]
        out.append("; 审计常用查询（Fava 的“查询”页可直接选用）。")
        for name, bql in SAVED_QUERIES:
            escaped = bql.replace('"', '\\"')
            out += [f'{AS_OF} query "{name}" "{escaped}"', ""]
        out.append("; 资金使用范围：中央、省级财政资金只帮扶全国级档案（安阳办法 第二条）。")
        for fund in ("Central", "Provincial"):
            out += [f'{start} custom "fund" "{fund}"', '  levels: "全国级"', ""]
        return "\n".join(out)

    def year(self, year: int, pays: list[Pay], balances: dict[str, Decimal],
             documents: list[tuple[str, str]]) -> tuple[list[str], list[str], list[str]]:
        """The year's receipts (enough for its spending: central and provincial
        money exactly, spent within the year), payments in date order, and
        balance assertions on 1 January of the next year."""
        s = self.s
        spend: dict[str, int] = defaultdict(int)
        for p in pays:
            spend[p.asset or p.fund] += p.amount
            if p.asset and s.donations_cover_directed:
                spend[p.fund] += p.amount
        receipts: list[str] = []
        receipt_day = datetime.date(year, 1, 6)
        donors = [f"Donations:{d.key}" for d in s.plan.donors]
        for fund in ("Central", "Provincial", "Local", "UnionDues", "Donations", *donors):
            need = spend.get(fund, 0)
            if fund.startswith("Donations:") and need == 0 and year < 2024:
                continue
            have = balances[fund] - self.covered[fund]
            if fund in ("Central", "Provincial"):
                amount = D(need) - have  # finance money is granted for the year's plan (spent within the year)
            else:
                amount = max(D(0), D((need * 12 // 10 + 9999) // 10000 * 10000) - have)
            if amount <= 0:
                continue
            base = fund.split(":")[0]
            notice, payer = s.notices[fund].format(y=year), s.payers[fund]
            receipts += [
                f'{receipt_day} * "{payer}" "{year}年{notice.split(" ", 1)[1]}"',
                f"  notice: {q(notice.split(' ')[0])}",
            ]
            if s.documents:
                doc = f"{receipt_day}.notice-{fund.replace(':', '-')}.txt"
                documents.append((f"Income/Fund/{fund.replace(':', '/')}/{doc}", notice))
                receipts.append(f"  document: {q(doc)}")
            receipts += [f"  Assets:Bank:ICBC:{fund}  {amount:.2f} CNY", f"  Income:Fund:{fund}", ""]
            balances[fund] += amount
            self.receipts.append((receipt_day, base, notice.split(" ")[0], amount, payer))
        lines: list[str] = []
        for p in pays:
            lines += self.payment(p, documents)
            balances[p.asset or p.fund] -= p.amount
            if p.asset and s.donations_cover_directed:
                self.covered[p.fund] += p.amount
        next_day = datetime.date(year + 1, 1, 1)
        ends = [f"; {year} 年末各资金结存（与银行对账单核对）。"]
        for fund in ("Central", "Provincial", "Local", "UnionDues"):
            ends.append(f"{next_day} balance Assets:Bank:ICBC:{fund}  {balances[fund]:.2f} CNY")
        total_donations = balances["Donations"] + sum((balances[d] for d in donors), D(0))
        ends.append(f"{next_day} balance Assets:Bank:ICBC:Donations  {total_donations:.2f} CNY")
        return receipts, lines, ends

    def payment(self, p: Pay, documents: list[tuple[str, str]]) -> list[str]:
        category = p.category.value
        account = f"Expenses:Aid:{p.fund}:{category}"
        asset = f"Assets:Bank:ICBC:{p.asset or p.fund}"
        out = [f'{p.date} * "{p.hh.worker.name}" "{p.narration}" ^{p.link}', f"  household: {q(p.hh.no)}"]
        if p.reverses:
            out += [f"  reverses: {q(p.reverses)}", f"  reason: {q(p.reason)}"]
        else:
            out += [f"  approval: {q('SP' + p.link[len(self.s.prefix):])}"]
            if p.cash:
                receipt = f"{p.date}.receipt-{p.link}.txt"
                out += ['  method: "现金"', "  id-checked: TRUE", f"  receipt: {q(receipt)}"]
                if self.s.documents:
                    out.append(f"  document: {q(receipt)}")
                    documents.append((f"Expenses/Aid/{p.fund}/{category}/{receipt}",
                                      f"现金发放签收单 {p.link}：{p.hh.worker.name}（已核验身份证），"
                                      f"金额 {p.amount:.2f} 元，本人签字并按手印。"))
            else:
                out += ['  method: "银行卡"', f"  card: {q(p.hh.card_at(p.date))}"]
        for key, value in p.extra.items():
            if key == "document":
                documents.append((f"Expenses/Aid/{p.fund}/{category}/{value}",
                                  f"医疗费用票据（扫描件代替文本）：{p.extra['bill']}，个人自付 {p.extra['out-of-pocket']}。"))
            if key == "out-of-pocket":
                out.append(f"  {key}: {value}")
            else:
                out.append(f"  {key}: {q(value)}")
        out += [f"  {account}  {p.amount:.2f} CNY", f"  {asset}", ""]
        return out

    # ------------------------------------------------------------ the office's sheets

    def batch_row(self, p: Pay) -> list[Any]:
        """A payment as a row of the 发放名册 (BATCH_COLUMNS)."""
        batch, seq = p.link.split("-")
        extra = p.extra
        oop = extra.get("out-of-pocket", "").replace(" CNY", "")
        return [
            seq, p.hh.worker.name, "", p.hh.no, p.category.label, float(p.amount), FUND_LABELS[p.fund], p.date,
            "现金" if p.cash else "银行卡", "" if p.cash else p.hh.card_at(p.date), "SP" + p.link[len(self.s.prefix):],
            extra.get("bill", ""), float(oop) if oop else "", extra.get("student", ""), extra.get("school-level", ""),
            extra.get("trade", ""), extra.get("case", ""), batch,
            "是" if p.cash else "", f"{p.date}.receipt-{p.link}.txt" if p.cash else "",
        ]

    def sheets(self, pays: list[Pay], folder: Path) -> None:
        """The sheets an office would have kept for the same money:
        appropriation notices, payment rolls (发放名册) per month and kind,
        and bank results (回盘); `bangfu import` rebuilds the receipts and
        payments from them (examples/rebuild.py)."""
        import shutil

        from reports.workbook import new_workbook, save

        shutil.rmtree(folder, ignore_errors=True)

        def sheet(name: str, title: str, header: list[str], rows: list[list[Any]]) -> None:
            book = new_workbook(title, self.s.start)
            ws = book.active
            ws.title = title[:31]
            ws.append([title])
            ws.append(header)
            for row in rows:
                ws.append(row)
            save(book, folder / name)

        for year in YEARS:
            rows = [[FUND_LABELS[f], notice, float(amount), day, payer]
                    for day, f, notice, amount, payer in self.receipts if day.year == year]
            sheet(f"{year}-01-资金下达.xlsx", f"{year}年帮扶资金下达", ["资金来源", "文号", "金额", "下达日期", "下达单位"], rows)
        groups: dict[tuple[int, int, str], list[list[Any]]] = defaultdict(list)
        for p in pays:
            if p.amount < 0:
                continue
            label = p.category.label + ("-补发" if p.repay else "")
            groups[(p.date.year, p.date.month, label)].append(self.batch_row(p))
        for (year, month, label), rows in sorted(groups.items()):
            sheet(f"{year}-{month:02d}-发放名册-{label}.xlsx", f"{year}年{month}月{label}发放名册", BATCH_COLUMNS, rows)
        for p in pays:
            if p.original is not None:
                original = p.original
                row = [original.hh.card_at(original.date), p.hh.worker.name, float(original.amount), "失败", p.reason,
                       p.date]
                sheet(f"{p.date:%Y-%m}-银行回盘.xlsx", f"{p.date.year}年{p.date.month}月银行代发回盘",
                      ["银行卡号", "户名", "交易金额", "处理结果", "失败原因", "交易日期"], [row])

    def batch(self, pays: list[Pay], path: Path) -> None:
        """Every payment as one 发放名册 (openpyxl write-only: 100k rows fast);
        bank returns and what was paid again after them come in bank results,
        not in the roll."""
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("发放名册")
        sheet.append(["帮扶资金发放名册"])
        sheet.append(BATCH_COLUMNS)
        for p in pays:
            if p.amount > 0 and not p.repay:
                sheet.append(self.batch_row(p))
        book.save(path)
