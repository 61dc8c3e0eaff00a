"""Text of a new ledger's fixed files: main file, chart of accounts, settings.

Used by `bangfu init` and by the example generator, so both start from the
same layout (docs/ledger-format.md, "文件组织").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ledger.accounts import aid_account
from ledger.books import book_account
from ledger.vocab import BUILTIN_CATEGORIES, Fund

BANK_NAMES = {
    "ICBC": "中国工商银行",
    "ABC": "中国农业银行",
    "BOC": "中国银行",
    "CCB": "中国建设银行",
    "BOCOM": "交通银行",
    "PSBC": "中国邮政储蓄银行",
    "RCC": "农村信用社/农商银行",
}


@dataclass
class Donor:
    key: str  # account component, e.g. "QsPower"
    name: str  # Chinese name, e.g. "青松电力公司"


@dataclass
class LedgerPlan:
    unit: str  # 填报单位, e.g. "青松县总工会"
    start: datetime.date
    bank: str = "ICBC"
    donors: list[Donor] = field(default_factory=list)
    title: str = ""


MAIN_INCLUDES = ("accounts.beancount", "settings.beancount", "archive.beancount")


def main_text(plan: LedgerPlan, includes: tuple[str, ...] = MAIN_INCLUDES) -> str:
    title = plan.title or f"{plan.unit}困难职工帮扶资金账"
    lines = [
        f"; {title}",
        "; 主账本文件：option 与 plugin 行只在本文件中有效（被 include 的文件中的会被忽略）。",
        f'option "title" "{title}"',
        'option "operating_currency" "CNY"',
        'option "documents" "documents"',
        "",
        'plugin "fund_rules"',
        'plugin "fava.plugins.link_documents"',
        "",
        *(f'include "{name}"' for name in includes),
        "",
    ]
    return "\n".join(lines)


def accounts_text(plan: LedgerPlan) -> str:
    day = plan.start.isoformat()
    bank = plan.bank
    bank_name = BANK_NAMES.get(bank, bank)
    out = [
        "; 科目表：一个银行账户，每项资金一个子账户；收入按资金，支出按资金×帮扶类别。",
        "; code: 为工会会计制度（财会〔2021〕7号）科目编码，支出另记预算项目、经济分类与资金性质（docs/books.md）。",
        f"{day} open Assets:Bank:{bank}",
        f'  name: "{bank_name}帮扶资金专户"',
        *_tags(f"Assets:Bank:{bank}"),
        "",
    ]
    for fund in Fund:
        out += [f"{day} open Assets:Bank:{bank}:{fund.value} CNY", f'  name: "{fund.label}"']
        out += [*_tags(f"Assets:Bank:{bank}:{fund.value}"), ""]
        out += [f"{day} open Income:Fund:{fund.value} CNY", f'  name: "{fund.label}收入"']
        out += [*_tags(f"Income:Fund:{fund.value}"), ""]
    for donor in plan.donors:
        out += [
            f"{day} open Assets:Bank:{bank}:Donations:{donor.key} CNY",
            f'  name: "定向捐助：{donor.name}"',
            *_tags(f"Assets:Bank:{bank}:Donations:{donor.key}"),
            "",
            f"{day} open Income:Fund:Donations:{donor.key} CNY",
            f'  name: "定向捐助收入：{donor.name}"',
            *_tags(f"Income:Fund:Donations:{donor.key}"),
            "",
        ]
    for fund in Fund:
        for category in BUILTIN_CATEGORIES:
            account = aid_account(fund, category)
            out += [f"{day} open {account} CNY", f'  name: "{fund.label}·{category.label}"', *_tags(account), ""]
    out += [f"{day} open Equity:Opening-Balances CNY", '  name: "期初结存"', *_tags("Equity:Opening-Balances"), ""]
    return "\n".join(out)


def _tags(account: str) -> list[str]:
    """The account's code in the union's books, and an expense's budget tags,
    written out so that the officer sees (and may change) them."""
    booked = book_account(None, account, BUILTIN_CATEGORIES)
    lines = [f'  code: "{booked.code}"'] if booked.code else []
    if booked.budget:
        lines += [f'  budget: "{booked.budget}"', f'  economic: "{booked.economic}"', f'  source: "{booked.source}"']
    return lines


def settings_header(plan: LedgerPlan) -> str:
    day = plan.start.isoformat()
    return "\n".join(
        [
            "; 设置：界面语言、填报单位、地区、标准与资金范围。",
            f'{day} custom "fava-option" "language" "zh"',
            f'{day} custom "fava-option" "locale" "zh_CN"',  # thousands separators
            f'{day} custom "fava-option" "invert-income-liabilities-equity" "true"',  # income shown positive
            f'{day} custom "fava-option" "default-page" "extension/BangfuAudit/"',  # auditors land on the audit page
            f'{day} custom "fava-extension" "reports.fava_audit"',
            f'{day} custom "bangfu-option" "unit" "{plan.unit}"',
            "",
        ]
    )
