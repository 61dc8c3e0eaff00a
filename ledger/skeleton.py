"""Text of a new ledger's fixed files: main file, chart of accounts, settings.

Used by `bangfu init` and by the example generator, so both start from the
same layout (docs/ledger-format.md, "文件组织").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ledger.accounts import aid_account
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
        f"{day} open Assets:Bank:{bank}",
        f'  name: "{bank_name}帮扶资金专户"',
        "",
    ]
    for fund in Fund:
        out += [f"{day} open Assets:Bank:{bank}:{fund.value} CNY", f'  name: "{fund.label}"', ""]
        out += [f"{day} open Income:Fund:{fund.value} CNY", f'  name: "{fund.label}收入"', ""]
    for donor in plan.donors:
        out += [
            f"{day} open Assets:Bank:{bank}:Donations:{donor.key} CNY",
            f'  name: "定向捐助：{donor.name}"',
            "",
            f"{day} open Income:Fund:Donations:{donor.key} CNY",
            f'  name: "定向捐助收入：{donor.name}"',
            "",
        ]
    for fund in Fund:
        for category in BUILTIN_CATEGORIES:
            out += [f"{day} open {aid_account(fund, category)} CNY", f'  name: "{fund.label}·{category.label}"', ""]
    out += [f"{day} open Equity:Opening-Balances CNY", '  name: "期初结存"', ""]
    return "\n".join(out)


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
