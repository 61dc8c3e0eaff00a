"""The union's books: each account of a bangfu ledger in the chart of the
工会会计制度 (财政部 财会〔2021〕7号, in force 2022-01-01; domain.md "Union
accounting"), with the budget tags every expense carries.

An account's code is its `open` directive's `code:` metadata, else the
documented default below (docs/books.md): a union overrides any of it on the
`open` line. A category a ledger declares (`custom "category"`) has no
default: its accounts, or the declaration, say their code (`code:`), and the
fund_rules plugin reports an aid account without one (S18).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from beancount.core.data import Open

from ledger.accounts import AID_ROOT, INCOME_ROOT, parse_aid_account
from ledger.view import LedgerView
from ledger.vocab import Categories, Category, Fund

# The accounts of the chart that aid money passes through at county level and
# above (县级以上工会; first-level accounts may not be merged or renamed).
CHART: dict[str, str] = {
    "101": "库存现金",
    "102": "银行存款",
    "111": "零余额账户用款额度",
    "121": "财政应返还额度",
    "131": "应收上级经费",
    "13101": "应收上级补助",
    "212": "应付下级经费",
    "21201": "应付下级补助",
    "221": "代管经费",
    "321": "工会资金结转",
    "322": "工会资金结余",
    "331": "财政拨款结转",
    "332": "财政拨款结余",
    "402": "拨缴经费收入",
    "403": "上级补助收入",
    "40302": "专项转移支付补助",
    "404": "政府补助收入",
    "40401": "财政拨款收入",
    "40402": "非同级财政拨款收入",
    "408": "其他收入",
    "504": "维权支出",
    "50403": "法律援助支出",
    "50404": "困难职工帮扶支出",
    "50405": "送温暖支出",
    "50406": "其他维权支出",
    "508": "补助下级支出",
    "50802": "专项转移支付补助",
}
CODE = re.compile(r"\d{3}(\d{2})*")  # 102, 40302, 1020101 (a union's own sub-account below a chart code)

# Income by fund: the upper union's special transfer (central and provincial
# money passes down through it), same-level finance, the union's own dues,
# donations (domain.md "Typical postings").
INCOME_CODE: dict[Fund, str] = {
    Fund.CENTRAL: "40302",
    Fund.PROVINCIAL: "40302",
    Fund.LOCAL: "40401",
    Fund.UNION_DUES: "402",
    Fund.DONATIONS: "408",
}
# Aid by category: 50404 困难职工帮扶支出, except 送温暖 (50405) and 法律援助 (50403).
# 金秋助学 is booked under 50405 where the union says so (option `education-code`).
EXPENSE_CODE: dict[str, str] = {
    Category.LIVING.value: "50404",
    Category.MEDICAL.value: "50404",
    Category.EDUCATION.value: "50404",
    Category.TRAINING.value: "50404",
    Category.LEGAL.value: "50403",
    Category.FESTIVAL.value: "50405",
}
# 部门预算支出经济分类 at 款 level, by category (对个人和家庭的补助).
ECONOMIC: dict[str, str] = {
    Category.LIVING.value: "30305 生活补助",
    Category.MEDICAL.value: "30306 救济费",
    Category.EDUCATION.value: "30308 助学金",
    Category.TRAINING.value: "30399 其他对个人和家庭的补助",
    Category.LEGAL.value: "30399 其他对个人和家庭的补助",
    Category.FESTIVAL.value: "30306 救济费",
}
OTHER_ECONOMIC = "30399 其他对个人和家庭的补助"


@dataclass(frozen=True)
class BookAccount:
    """An account as the union's books show it."""

    account: str
    code: str | None  # None: no code (S18 for an aid account)
    name: str  # the chart's name of the code, then the account's own name ("银行存款—中国工商银行帮扶资金专户")
    explicit: bool  # written on the open line (else the default)
    budget: str | None = None  # 项目支出 / 基本支出 (expenses)
    economic: str | None = None  # 经济分类 款级 (expenses)
    source: str | None = None  # 财政拨款 / 工会资金 (expenses)


def chart_name(code: str) -> str:
    """The chart's name of a code or of the chart code it sits below."""
    for length in range(len(code), 2, -2):
        found = CHART.get(code[:length])
        if found:
            return found
    return ""


def default_code(account: str, categories: Categories, education_code: str = "50404") -> str | None:
    parts = account.split(":")
    if parts[0] == "Assets" and len(parts) > 1:
        return {"Bank": "102", "Cash": "101"}.get(parts[1])
    if account.startswith(INCOME_ROOT + ":"):
        try:
            return INCOME_CODE[Fund.parse(parts[2])]
        except (ValueError, IndexError):
            return None
    if account.startswith(AID_ROOT + ":"):
        aid = parse_aid_account(account, categories)
        if aid is None:
            return None
        if aid.category is Category.EDUCATION:
            return education_code
        return EXPENSE_CODE.get(aid.category.value)
    if account.startswith("Equity:"):
        return "321"
    return None


def book_account(
    entry: Open | None, account: str, categories: Categories, education_code: str = "50404",
    declared_codes: dict[str, str] | None = None,
) -> BookAccount:
    """The account's code and name in the books: its own `code:`, else the
    code its declared category gives, else the default; named by the chart,
    then by the account's own `name:` (for a declared category's account
    without one, its fund's and category's: "困难职工帮扶支出—市县财政配套资金·职业介绍")."""
    meta: dict[str, Any] = entry.meta if entry is not None and entry.meta else {}
    own = meta.get("code")
    code = str(own).strip() if own is not None else None
    explicit = code is not None
    if code is None and account.startswith(AID_ROOT + ":"):
        aid = parse_aid_account(account, categories)
        if aid is not None and declared_codes and aid.category.value in declared_codes:
            code = declared_codes[aid.category.value]
    if code is None:
        code = default_code(account, categories, education_code)
    own_name = str(meta.get("name") or "")
    name = chart_name(code) if code else ""
    if not own_name and account.startswith(AID_ROOT + ":"):
        # A declared category shares a code of the chart with others (most
        # often 50404): without a name: of its own, its account is named as
        # the example names every aid account ("市县财政配套资金·职业介绍").
        aid = parse_aid_account(account, categories)
        if aid is not None and not aid.category.builtin:
            own_name = f"{aid.fund.label}·{aid.category.label}"
    if own_name and own_name != name:
        name = f"{name}—{own_name}" if name else own_name
    budget = economic = source = None
    if account.startswith(AID_ROOT + ":"):
        aid = parse_aid_account(account, categories)
        budget = str(meta.get("budget") or "项目支出")
        economic = str(meta.get("economic") or (ECONOMIC.get(aid.category.value, OTHER_ECONOMIC) if aid else OTHER_ECONOMIC))
        source = str(meta.get("source") or ("财政拨款" if aid is not None and aid.fund is Fund.LOCAL else "工会资金"))
    return BookAccount(account, code, name or account, explicit, budget, economic, source)


def code_problem(code: str) -> str:
    """What is wrong with a code written on an account, in Chinese; "" if fine."""
    if not CODE.fullmatch(code):
        return f"会计科目编码“{code}”应为 3 位一级科目编码，后接每级 2 位，如 102、50404"
    if not chart_name(code):
        known = "、".join(f"{c} {n}" for c, n in CHART.items() if len(c) == 3)
        return f"会计科目编码“{code}”不在工会会计制度（2021）帮扶资金涉及的科目中（{known}）"
    return ""


def book_accounts(view: LedgerView) -> dict[str, BookAccount]:
    """Every opened account of the ledger as the books show it (once per view)."""
    found: dict[str, BookAccount] | None = view.derived.get("book-accounts")
    if found is None:
        opens = {e.account: e for e in view.entries if isinstance(e, Open)}
        declared = {c.value: c.book_code for c in view.categories if c.book_code}
        education = view.options.education_code
        found = {a: book_account(opens[a], a, view.categories, education, declared) for a in sorted(opens)}
        view.derived["book-accounts"] = found
    return found
