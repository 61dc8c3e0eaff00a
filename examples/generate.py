"""Generate the example ledger of a fictional county union (青松县总工会).

    python examples/generate.py [OUT_DIR]   # default: rewrites examples/county/

Seeded, so the output is the same on every run. The county, its people,
ID and card numbers are fictional (ID and card numbers are well-formed but
made up). The generator follows every rule bangfu checks, so the result
passes `bangfu check`; `planted-violations.beancount` holds one deliberate
violation per error code, each marked by a `; 预期 <CODE>` comment on the
line before it.
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ledger.skeleton import Donor, LedgerPlan, accounts_text, main_text, settings_header  # noqa: E402
from ledger.vocab import Category, SchoolLevel  # noqa: E402

OUT = Path(__file__).resolve().parent / "county"
YEARS = (2023, 2024, 2025)
START = datetime.date(2023, 1, 1)
D = Decimal
rng = random.Random(20231105)

PLAN = LedgerPlan(
    unit="青松县总工会",
    start=START,
    bank="ICBC",
    donors=[Donor("QsPower", "青松电力有限公司（助学定向）")],
    title="青松县总工会困难职工帮扶资金账（示例）",
)

# Localities with their monthly 低保 standards; 城区 changes mid-year.
LOCALITIES = {
    "城区": {"full": "青松县城区", "area": "220183", "dibao": [(START, 620), (datetime.date(2024, 7, 1), 650), (datetime.date(2025, 7, 1), 680)]},
    "白桦镇": {"full": "青松县白桦镇", "area": "220182", "dibao": [(START, 430), (datetime.date(2024, 1, 1), 460)]},
    "柳河乡": {"full": "青松县柳河乡", "area": "220122", "dibao": [(START, 400), (datetime.date(2025, 1, 1), 420)]},
}
# Monthly basic living cost for education aid (cap = 10 x this), by school level.
EDUCATION = {"城区": (500, 800), "白桦镇": (400, 600), "柳河乡": (400, 600)}  # (general, university)
TRADES = {"焊工": 1800, "电工": 1600, "家政服务员": 1200}
LEGAL_PER_CASE = 3000
FESTIVAL = {"Central": 3000, "*": 2000}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹"
MALE = ["伟", "强", "军", "勇", "磊", "涛", "明", "刚", "建国", "志强", "海峰", "立新", "国庆", "长江", "福林"]
FEMALE = ["芳", "娜", "敏", "静", "丽", "艳", "秀英", "桂兰", "玉梅", "淑华", "春燕", "红霞"]
CHILD = ["子涵", "浩然", "雨萱", "梓轩", "思彤", "宇航", "欣怡", "俊杰", "佳琪", "博文", "诗雨", "天宇"]
UNITS = {
    "城区": ["青松县机械厂", "青松县纺织有限公司", "青松县环卫处", "青松县客运站", "青松县建筑工程公司", "城关街道社区（灵活就业）"],
    "白桦镇": ["白桦镇粮库", "白桦镇卫生院", "青松县木材加工厂"],
    "柳河乡": ["柳河乡供销社", "柳河乡中心校", "柳河乡农机站"],
}
HARDSHIP_CAUSES = {
    "深度困难": ["无劳动能力", "重特大疾病", "下岗失业", "社保待遇不到位"],
    "相对困难": ["子女上学", "有劳动能力未就业", "重特大疾病", "未参保"],
    "意外致困": ["意外事故", "自然灾害"],
}


def id_number(area: str, birth: datetime.date, male: bool) -> str:
    """A well-formed GB 11643 number (fictional)."""
    seq = rng.randrange(10, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def card_number() -> str:
    """A 19-digit UnionPay-style number with a valid Luhn digit (fictional)."""
    body = "622202" + "".join(str(rng.randrange(10)) for _ in range(12))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def birth(year_lo: int, year_hi: int) -> datetime.date:
    return datetime.date(rng.randint(year_lo, year_hi), rng.randint(1, 12), rng.randint(1, 28))


def school_level(born: datetime.date, year: int) -> SchoolLevel | None:
    age = year - born.year - (1 if born.month > 8 else 0)
    for hi, level in ((5, SchoolLevel.PRESCHOOL), (11, SchoolLevel.PRIMARY), (14, SchoolLevel.JUNIOR),
                      (17, SchoolLevel.SENIOR), (21, SchoolLevel.UNIVERSITY)):
        if 3 <= age <= hi:
            return level
    return None


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


def dibao_at(locality: str, day: datetime.date) -> int:
    series = LOCALITIES[locality]["dibao"]
    amount = series[0][1]  # archives older than the ledger: the first known standard
    for since, value in series:
        if since <= day:
            amount = value
    return amount


def dibao_year_sum(locality: str, year: int) -> int:
    return sum(dibao_at(locality, datetime.date(year, m, 1)) for m in range(1, 13))


# Households left without aid, so the example has archives due for return (2
# years without aid) and cancellation (3 years) at its as-of date (seed 000).
NO_AID_SINCE = {33: datetime.date(2022, 12, 31), 34: datetime.date(2023, 6, 30)}
AGED = 35
AS_OF = datetime.date(2025, 12, 31)


def make_households() -> list[HH]:
    households = []
    localities = ["城区"] * 18 + ["白桦镇"] * 12 + ["柳河乡"] * 10
    levels = ["全国级"] * 26 + ["省级"] * 4 + ["区县级"] * 6 + ["基层"] * 4
    rng.shuffle(levels)
    for i, locality in enumerate(localities):
        archived = datetime.date(rng.choice([2021, 2022, 2022, 2023, 2024]), rng.choice([3, 4, 5, 9]), rng.randint(3, 25))
        if archived.year == 2021 and i % 3 == 0:
            archived = archived.replace(year=2022)
        if i in NO_AID_SINCE:
            archived = datetime.date(2022, 5, 10 + i - 33)
        male = rng.random() < 0.6
        born = birth(1967, 1988)
        if i == AGED:  # reaches 60 in 2025: due for cancellation (seed 003 四(一)4)
            male, born = True, datetime.date(1965, 3, 10)
        surname = SURNAMES[i % len(SURNAMES)]
        worker = Person(surname + rng.choice(MALE if male else FEMALE), id_number(LOCALITIES[locality]["area"], born, male), born, male)
        hardship = rng.choice(["深度困难"] * 5 + ["相对困难"] * 4 + ["意外致困"])
        dibao = dibao_at(locality, archived)
        hh = HH(
            no=f"QS-{archived.year}-{i + 1:03d}",
            worker=worker,
            locality=locality,
            level=levels[i],
            nature="临时" if hardship == "意外致困" else "长期",
            hardship=hardship,
            cause=rng.choice(HARDSHIP_CAUSES[hardship]),
            card=card_number(),
            archived=archived,
        )
        worker.unit = rng.choice(UNITS[locality])
        size = rng.choice([2, 3, 3, 4])
        if size >= 3 or rng.random() < 0.5:
            spouse_male = not male
            spouse_born = birth(born.year - 3, min(born.year + 3, 1990))
            hh.members.append(Person(SURNAMES[(i + 7) % len(SURNAMES)] + rng.choice(MALE if spouse_male else FEMALE),
                                     id_number(LOCALITIES[locality]["area"], spouse_born, spouse_male), spouse_born,
                                     spouse_male, "配偶"))
        while len(hh.members) + 1 < size:
            child_male = rng.random() < 0.5
            child_born = birth(max(born.year + 22, 2001), 2019)
            hh.members.append(Person(surname + rng.choice(CHILD), id_number(LOCALITIES[locality]["area"], child_born, child_male),
                                     child_born, child_male, "子" if child_male else "女"))
        # Income such that per-capita income fits the hardship type (seed 000 一1, seed 004 art. 3-5).
        ceiling = {"深度困难": 0.85, "相对困难": 1.35, "意外致困": 2.4}[hardship] * dibao * (1 + len(hh.members))
        earners = [worker] + [m for m in hh.members if m.relation == "配偶"]
        for person in earners:
            person.income = int(ceiling / len(earners) * rng.uniform(0.5, 0.95) / 10) * 10
        if hardship != "深度困难":
            # Necessary expenses bring (income - expenses) / size within 低保 (seed 004 art. 5).
            total = sum(p.income for p in earners)
            size = 1 + len(hh.members)
            needed = max(100, -(-int(total - 0.95 * dibao * size) // 10) * 10)
            key = "expense-accident" if hardship == "意外致困" else (
                "expense-schooling" if hh.cause == "子女上学" else "expense-illness")
            hh.expense = (key, needed)
        hh.aid_until = NO_AID_SINCE.get(i)
        households.append(hh)
    # Lifecycle: exits, cancellations, a return, card changes.
    households[4].closed = (datetime.date(2024, 11, 20), "exited", "子女毕业就业，家庭人均收入超过建档标准")
    households[11].closed = (datetime.date(2025, 6, 18), "exited", "本人再就业，家庭收入稳定")
    households[17].closed = (datetime.date(2025, 9, 9), "exited", "大病治愈，恢复劳动能力")
    households[22].closed = (datetime.date(2024, 6, 25), "cancelled", "户籍迁出本县，不常住本区域（沐川办法 四(一)1）")
    households[29].closed = (datetime.date(2025, 11, 26), "cancelled", "劳动关系已不在本单位（沐川办法 四(一)2）")
    return households


# ---------------------------------------------------------------- payments


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


def fund_for(hh: HH, preferred: list[str]) -> str:
    for fund in preferred:
        if fund in ("Central", "Provincial") and hh.level != "全国级":
            continue
        return fund
    return "Local"


def plan_payments(households: list[HH]) -> list[Pay]:
    pays: list[Pay] = []
    for year in YEARS:
        # 元旦春节送温暖 (festival): every active household, one fund each.
        spring = {2023: datetime.date(2023, 1, 12), 2024: datetime.date(2024, 1, 25), 2025: datetime.date(2025, 1, 15)}[year]
        for hh in households:
            if not hh.payable(spring):
                continue
            fund = fund_for(hh, ["Central"]) if hh.level == "全国级" else "UnionDues"
            amount = rng.choice([1000, 1500, 2000]) if fund == "Central" else rng.choice([500, 800, 1000])
            elderly = hh.worker.born.year <= 1969 and hh.locality == "柳河乡"
            pays.append(Pay(spring, hh, fund, Category.FESTIVAL, amount, f"{year}年元旦春节送温暖",
                            {"batch": f"PC{year}-01"}, cash=elderly))
        # 生活救助 in spring and autumn for deep / relative hardship, within 低保 x 12.
        for hh in households:
            if hh.hardship == "意外致困" or hh.nature == "临时":
                continue
            cap = dibao_year_sum(hh.locality, year)
            used = 0
            for month, label, funds in ((4, "春季", ["Central", "Local"]), (9, "秋季", ["Provincial", "UnionDues"])):
                day = datetime.date(year, month, rng.randint(8, 20))
                if not hh.payable(day) or (month == 4 and (hh.hardship == "相对困难" or rng.random() < 0.3)):
                    continue
                amount = min(rng.choice([1000, 1200, 1500, 2000]), (cap - used) // 100 * 100)
                if amount <= 0:
                    continue
                used += amount
                pays.append(Pay(day, hh, fund_for(hh, funds), Category.LIVING, amount, f"{year}年{label}生活救助",
                                {"batch": f"PC{year}-{month:02d}"}))
        # 医疗救助: bills with out-of-pocket share; some bills shared by two funds.
        sick = [hh for hh in households if hh.cause in ("重特大疾病", "意外事故", "无劳动能力")]
        for n, hh in enumerate(rng.sample(sick, min(len(sick), 9))):
            day = datetime.date(year, rng.choice([3, 5, 6, 7, 10, 11]), rng.randint(3, 26))
            if not hh.payable(day):
                continue
            oop = rng.randrange(30, 400) * 100
            bill = f"{'ZY' if oop > 10000 else 'MZ'}{year}{rng.randrange(100000, 999999)}"
            first = min(oop // 2 // 100 * 100, 8000)
            extra = {"bill": bill, "out-of-pocket": f"{oop:.2f} CNY", "document": f"{day}.bill-{bill}.txt"}
            fund = fund_for(hh, ["Central", "Local"])
            pays.append(Pay(day, hh, fund, Category.MEDICAL, first, f"{year}年医疗救助（票据 {bill}）", extra))
            if n % 3 == 0:  # the same bill, partly paid by donations
                second = min((oop - first) // 2 // 100 * 100, 5000)
                pays.append(Pay(day + datetime.timedelta(days=14), hh, "Donations", Category.MEDICAL, second,
                                f"{year}年医疗救助（票据 {bill}，社会捐助补助）",
                                {"bill": bill, "out-of-pocket": f"{oop:.2f} CNY"}))
        # 金秋助学 in August: students within 10 months of basic living cost.
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
                general, university = EDUCATION[hh.locality]
                cap = 10 * (university if level is SchoolLevel.UNIVERSITY else general)
                amount = min({SchoolLevel.PRIMARY: 1000, SchoolLevel.JUNIOR: 1500, SchoolLevel.SENIOR: 2500,
                              SchoolLevel.UNIVERSITY: 5000}[level], cap)
                if year >= 2024 and level in (SchoolLevel.SENIOR, SchoolLevel.UNIVERSITY):
                    fund, asset = "Donations", "Donations:QsPower"
                else:
                    fund, asset = fund_for(hh, ["Central", "Local"]), ""
                pays.append(Pay(day, hh, fund, Category.EDUCATION, amount, f"{year}年金秋助学（{student.name}）",
                                {"student": student.id, "school-level": level.label}, asset=asset))
        # 培训: unemployed but able to work.
        for hh in [h for h in households if h.cause in ("有劳动能力未就业", "下岗失业")][:3]:
            day = datetime.date(year, 6, rng.randint(5, 25))
            if not hh.payable(day):
                continue
            trade = rng.choice(list(TRADES))
            pays.append(Pay(day, hh, fund_for(hh, ["Local"]), Category.TRAINING, TRADES[trade],
                            f"{year}年职业技能培训补贴（{trade}）", {"trade": trade}))
        # 法律援助: wage arrears and injury cases.
        for k, hh in enumerate(rng.sample(households, 2)):
            day = datetime.date(year, rng.choice([4, 7, 10]), rng.randint(3, 25))
            if not hh.payable(day):
                continue
            case = f"QS-FY-{year}-{k + 1:03d}"
            pays.append(Pay(day, hh, "UnionDues", Category.LEGAL, rng.choice([1500, 2000, 3000]),
                            f"{year}年法律援助补贴（{case}）", {"case": case}))
    pays.sort(key=lambda p: (p.date, p.hh.no, p.category.value))
    return pays


def add_bank_returns(pays: list[Pay]) -> list[Pay]:
    """Two bank payments bounce on closed cards: reversed, the card changed on
    the archive, then paid again to the new card."""
    out = list(pays)
    picked: set[str] = set()
    for year, month in ((2023, 9), (2024, 4)):
        original = next(
            p for p in pays
            if p.date.year == year and p.date.month == month and p.category is Category.LIVING
            and not p.cash and p.hh.no not in picked and p.hh.active(p.date + datetime.timedelta(days=60))
        )
        hh = original.hh
        picked.add(hh.no)
        back = original.date + datetime.timedelta(days=9)
        changed = original.date + datetime.timedelta(days=16)
        hh.card_changes.append((changed, card_number()))
        reversal = Pay(back, hh, original.fund, original.category, -original.amount,
                       f"{original.narration}：银行退回", reason="原银行卡已销户，银行退回", asset=original.asset)
        reversal.original = original  # type: ignore[attr-defined]
        out.append(reversal)
        repay = Pay(changed + datetime.timedelta(days=3), hh, original.fund, original.category, original.amount,
                    f"{original.narration}（换卡后重新发放）", dict(original.extra), asset=original.asset)
        repay.repay = True  # type: ignore[attr-defined]
        out.append(repay)
    out.sort(key=lambda p: (p.date, p.hh.no, p.category.value))
    return out


# ---------------------------------------------------------------- rendering


def q(text: str) -> str:
    return f'"{text}"'


def render_archive(households: list[HH]) -> str:
    blocks: list[tuple[datetime.date, str]] = []
    for hh in households:
        w = hh.worker
        notice_start = hh.archived - datetime.timedelta(days=16)
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
            f"  address: {q(LOCALITIES[hh.locality]['full'] + rng.choice(['幸福', '光明', '友谊', '胜利']) + '街' + str(rng.randint(1, 99)) + '号')}",
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
            blocks.append((refresh, f'{refresh} custom "household" "{hh.no}" "refreshed"\n  note: {q("年度集中清理，核实无变化")}'))
        if hh.closed is not None:
            when, event, reason = hh.closed
            blocks.append((when, f'{when} custom "household" "{hh.no}" "{event}"\n  reason: {q(reason)}'))
    blocks.sort(key=lambda b: b[0])
    header = "; 困难职工档案：建档、变更、脱困、注销事件与家庭成员（人物与证件号均为虚构）。\n"
    return header + "\n" + "\n\n".join(text for _, text in blocks) + "\n"


SAVED_QUERIES = (
    ("本年帮扶金额最多的家庭",
     "SELECT entry_meta('household') AS household, payee, sum(number) AS total "
     "WHERE account ~ '^Expenses:Aid:' AND year = 2025 GROUP BY household, payee ORDER BY total DESC LIMIT 20"),
    ("现金发放",
     "SELECT date, payee, account, number, entry_meta('approval') AS approval, entry_meta('receipt') AS receipt "
     "WHERE account ~ '^Expenses:Aid:' AND entry_meta('method') = '现金' ORDER BY date"),
    ("医疗救助与个人自付（按票据）",
     "SELECT entry_meta('household') AS household, entry_meta('bill') AS bill, "
     "first(entry_meta('out-of-pocket')) AS out_of_pocket, sum(number) AS paid "
     "WHERE account ~ ':Medical$' GROUP BY household, bill ORDER BY household, bill"),
    ("无审批编号的付款",
     "SELECT date, payee, account, number, entry_meta('household') AS household "
     "WHERE account ~ '^Expenses:Aid:' AND entry_meta('approval') IS NULL AND entry_meta('reverses') IS NULL"),
    ("各资金各类别支出",
     "SELECT root(account, 3) AS fund, leaf(account) AS category, sum(number) AS total "
     "WHERE account ~ '^Expenses:Aid:' GROUP BY fund, category ORDER BY fund, category"),
)


def render_settings() -> str:
    out = [settings_header(PLAN)]
    for name, info in LOCALITIES.items():
        out += [f'{START} custom "locality" "{name}"', f"  full-name: {q(info['full'])}", ""]
    out.append("; 低保标准（月人均），自生效日起至下一条同地区标准前有效。")
    for name, info in LOCALITIES.items():
        for since, amount in info["dibao"]:
            out += [f'{since} custom "standard" "dibao" "{name}" {amount} CNY', ""]
    out.append("; 助学：当地月基本生活费标准（上限为 10 个月之和）；大学按学段另定。")
    for name, (general, university) in EDUCATION.items():
        out += [f'{START} custom "standard" "education" "{name}" {general} CNY', ""]
        out += [f'{START} custom "standard" "education" "{name}" {university} CNY', '  school-level: "本科"', ""]
    out.append("; 培训：人社部门同类工种补贴标准；法律援助：司法行政部门每件补贴标准。")
    for trade, amount in TRADES.items():
        out += [f'{START} custom "standard" "training" "{trade}" {amount} CNY', ""]
    out += [f'{START} custom "standard" "legal" "*" {LEGAL_PER_CASE} CNY', ""]
    out.append("; 送温暖：中央财政资金每户每年 3000 元；其他资金每户每年 2000 元。")
    for scope, amount in FESTIVAL.items():
        out += [f'{START} custom "standard" "festival" "{scope}" {amount} CNY', ""]
    out.append("; 审计常用查询（Fava 的“查询”页可直接选用）。")
    for name, bql in SAVED_QUERIES:
        out += [f'{AS_OF} query "{name}" "{bql}"', ""]
    out.append("; 资金使用范围：中央、省级财政资金只帮扶全国级档案（安阳办法 第二条）。")
    for fund in ("Central", "Provincial"):
        out += [f'{START} custom "fund" "{fund}"', '  levels: "全国级"', ""]
    return "\n".join(out)


APPROPRIATION_NOTICE = {
    "Central": "吉工帮〔{y}〕3号 中央财政专项帮扶资金下达通知",
    "Provincial": "吉财社〔{y}〕15号 省级财政专项帮扶资金下达通知",
    "Local": "青财预〔{y}〕8号 县财政配套帮扶资金拨付通知",
    "UnionDues": "青工字〔{y}〕2号 县总工会经费留成帮扶资金安排",
    "Donations": "青工字〔{y}〕5号 社会捐助帮扶资金入账",
}


RECEIPTS: list[tuple[datetime.date, str, str, D, str]] = []
BATCH_COLUMNS = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额", "资金来源", "发放日期", "发放方式", "银行卡号",
                 "审批编号", "票据号", "个人自付金额", "学生身份证号", "学段", "工种", "案件号", "批次号"]


def write_sheets(pays: list[Pay], folder: Path) -> None:
    """The sheets an office would have kept for the same money: appropriation
    notices, payment rolls (发放名册) and bank results (回盘), from which
    `examples/rebuild.py` rebuilds the receipts and payments with bangfu import."""
    from reports.workbook import new_workbook, save

    shutil.rmtree(folder, ignore_errors=True)

    def sheet(name: str, title: str, header: list[str], rows: list[list]) -> None:
        book = new_workbook(title, START)
        ws = book.active
        ws.title = title[:31]
        ws.append([title])
        ws.append(header)
        for row in rows:
            ws.append(row)
        save(book, folder / name)

    for year in YEARS:
        rows = [[FUND_LABELS[f], notice, float(amount), day, payer] for day, f, notice, amount, payer in RECEIPTS if day.year == year]
        sheet(f"{year}-01-资金下达.xlsx", f"{year}年帮扶资金下达", ["资金来源", "文号", "金额", "下达日期", "下达单位"], rows)
    groups: dict[tuple[int, int, str], list[list]] = defaultdict(list)
    for p in pays:
        if p.amount < 0:
            continue
        batch, seq = p.link.split("-")
        extra = p.extra
        oop = extra.get("out-of-pocket", "").replace(" CNY", "")
        label = p.category.label + ("-补发" if getattr(p, "repay", False) else "")
        groups[(p.date.year, p.date.month, label)].append([
            seq, p.hh.worker.name, "", p.hh.no, p.category.label, float(p.amount), FUND_LABELS[p.fund], p.date,
            "现金" if p.cash else "银行卡", "" if p.cash else p.hh.card_at(p.date), "SP" + p.link[2:],
            extra.get("bill", ""), float(oop) if oop else "", extra.get("student", ""), extra.get("school-level", ""),
            extra.get("trade", ""), extra.get("case", ""), batch,
        ])
    for (year, month, label), rows in sorted(groups.items()):
        sheet(f"{year}-{month:02d}-发放名册-{label}.xlsx", f"{year}年{month}月{label}发放名册", BATCH_COLUMNS, rows)
    for p in pays:
        if p.amount < 0:
            original = p.original  # type: ignore[attr-defined]
            row = [original.hh.card_at(original.date), p.hh.worker.name, float(original.amount), "失败", p.reason, p.date]
            sheet(f"{p.date:%Y-%m}-银行回盘.xlsx", f"{p.date.year}年{p.date.month}月银行代发回盘",
                  ["银行卡号", "户名", "交易金额", "处理结果", "失败原因", "交易日期"], [row])


FUND_LABELS = {"Central": "中央财政", "Provincial": "省级财政", "Local": "市县配套", "UnionDues": "工会经费", "Donations": "社会捐助"}


def render_year(year: int, pays: list[Pay], balances: dict[str, D], documents: list[tuple[str, str]]) -> str:
    """Receipts first, then payments in date order; balance assertions on 1 Jan of next year."""
    spend: dict[str, int] = defaultdict(int)
    for p in pays:
        key = p.asset or p.fund
        spend[key] += p.amount
    lines = [f"; {year} 年度：资金下达与帮扶资金发放。", ""]
    receipt_day = datetime.date(year, 1, 6)
    for fund in ("Central", "Provincial", "Local", "UnionDues", "Donations", "Donations:QsPower"):
        need = spend.get(fund, 0)
        if fund.startswith("Donations:") and need == 0 and year < 2024:
            continue
        have = balances[fund]
        if fund in ("Central", "Provincial"):
            amount = D(need) - have  # finance money is granted for the year's plan (spent within the year)
        else:
            amount = max(D(0), D((need * 12 // 10 + 9999) // 10000 * 10000) - have)
        if amount <= 0:
            continue
        base = fund.split(":")[0]
        notice = APPROPRIATION_NOTICE[base].format(y=year) if ":" not in fund else f"青电捐〔{year}〕1号 定向助学捐赠协议"
        doc = f"{receipt_day}.notice-{fund.replace(':', '-')}.txt"
        documents.append((f"Income/Fund/{fund.replace(':', '/')}/{doc}", notice))
        payer = {"Central": "吉林省总工会", "Provincial": "吉林省财政厅", "Local": "青松县财政局",
                 "UnionDues": "青松县总工会", "Donations": "社会各界"}.get(fund, "青松电力有限公司")
        lines += [
            f'{receipt_day} * "{payer}" "{year}年{notice.split(" ", 1)[1]}"',
            f"  notice: {q(notice.split(' ')[0])}",
            f"  document: {q(doc)}",
            f"  Assets:Bank:ICBC:{fund}  {amount:.2f} CNY",
            f"  Income:Fund:{fund}",
            "",
        ]
        balances[fund] += amount
        RECEIPTS.append((receipt_day, fund.split(":")[0], notice.split(" ")[0], amount, payer))
    for p in pays:
        lines += render_payment(p, documents)
        balances[p.asset or p.fund] -= p.amount
    next_day = datetime.date(year + 1, 1, 1)
    lines.append(f"; {year} 年末各资金结存（与银行对账单核对）。")
    for fund in ("Central", "Provincial", "Local", "UnionDues"):
        lines.append(f"{next_day} balance Assets:Bank:ICBC:{fund}  {balances[fund]:.2f} CNY")
    total_donations = balances["Donations"] + balances["Donations:QsPower"]
    lines.append(f"{next_day} balance Assets:Bank:ICBC:Donations  {total_donations:.2f} CNY")
    return "\n".join(lines) + "\n"


def render_payment(p: Pay, documents: list[tuple[str, str]]) -> list[str]:
    category = p.category.value
    account = f"Expenses:Aid:{p.fund}:{category}"
    asset = f"Assets:Bank:ICBC:{p.asset or p.fund}"
    out = [f'{p.date} * "{p.hh.worker.name}" "{p.narration}" ^{p.link}', f"  household: {q(p.hh.no)}"]
    if p.reverses:
        out += [f"  reverses: {q(p.reverses)}", f"  reason: {q(p.reason)}"]
    else:
        out += [f"  approval: {q('SP' + p.link[2:])}"]
        if p.cash:
            receipt = f"{p.date}.receipt-{p.link}.txt"
            out += ['  method: "现金"', "  id-checked: TRUE", f"  receipt: {q(receipt)}", f"  document: {q(receipt)}"]
            documents.append((f"Expenses/Aid/{p.fund}/{category}/{receipt}",
                              f"现金发放签收单 {p.link}：{p.hh.worker.name}（已核验身份证），金额 {p.amount:.2f} 元，本人签字并按手印。"))
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


def assign_links(pays: list[Pay]) -> None:
    counters: dict[int, int] = defaultdict(int)
    for p in pays:
        if p.amount < 0:
            continue
        counters[p.date.year] += 1
        p.link = f"QS{p.date.year}-{counters[p.date.year]:04d}"
    for p in pays:
        if p.amount < 0:
            p.link = p.original.link  # type: ignore[attr-defined]
            p.reverses = p.original.link  # type: ignore[attr-defined]


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



def planted_text(households: list[HH]) -> str:
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
        return id_number("220183", datetime.date(year, 6, 15), male)

    worker = national.worker
    values.update({f"id_a{n:02d}": fresh_id(1970 + n) for n in (3, 4, 5, 7, 9, 10, 11, 12, 14)})
    values["id_a02"] = id_number("999999", datetime.date(1972, 6, 15), True)
    values["id_a08"] = next(
        i for i in (id_number("220183", worker.born, worker.male) for _ in range(20)) if i != worker.id
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


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main() -> None:
    global OUT
    if len(sys.argv) > 1:
        OUT = Path(sys.argv[1]).resolve()
    households = make_households()
    pays = add_bank_returns(plan_payments(households))
    assign_links(pays)
    documents: list[tuple[str, str]] = []
    balances: dict[str, D] = defaultdict(D)
    year_files = []
    for year in YEARS:
        name = f"{year}.beancount"
        write(OUT / name, render_year(year, [p for p in pays if p.date.year == year], balances, documents))
        year_files.append(name)
    write(OUT / "accounts.beancount", accounts_text(PLAN))
    write(OUT / "settings.beancount", render_settings())
    write(OUT / "archive.beancount", render_archive(households))
    includes = ("accounts.beancount", "settings.beancount", "archive.beancount", *year_files)
    write(OUT / "main.beancount", main_text(PLAN, includes))
    planted_plan = LedgerPlan(PLAN.unit, PLAN.start, PLAN.bank, PLAN.donors, PLAN.title + "（植入违规，供测试）")
    write(OUT / "planted.beancount", main_text(planted_plan, (*includes, "planted-violations.beancount")))
    write(OUT / "planted-violations.beancount", planted_text(households))
    write_sheets(pays, OUT / "sheets")
    docs = OUT / "documents"
    shutil.rmtree(docs, ignore_errors=True)  # documents of an earlier run must not linger
    for relative, text in documents:
        write(docs / relative, f"【示例文档，代替扫描件】\n{text}\n")
    print(f"{len(households)} households, {len(pays)} payments, {len(documents)} documents -> {OUT}")


if __name__ == "__main__":
    main()
