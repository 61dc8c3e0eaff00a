"""Account naming of a bangfu ledger.

    Assets:Bank:<Bank>:<Fund>[:<Donor>]   one real bank account, a sub-account per fund
    Assets:Cash:<Fund>                     cash drawn for cash payments (optional)
    Income:Fund:<Fund>[:<Donor>]           appropriations and donations received
    Expenses:Aid:<Fund>:<Category>         aid paid, fund x category

Account components must start with A-Z or a digit, so Chinese names live in
`name:` metadata on the `open` directive (docs/ledger-format.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ledger.vocab import BUILTIN_CATEGORIES, Categories, Category, Fund

AID_ROOT = "Expenses:Aid"
INCOME_ROOT = "Income:Fund"
_FUND_KEYS = {fund.value: fund for fund in Fund}


class AidAccount(NamedTuple):
    fund: Fund
    category: Category


def is_aid_account(account: str) -> bool:
    return account.startswith(AID_ROOT + ":") or account == AID_ROOT


@lru_cache(maxsize=4096)
def parse_aid_account(account: str, categories: Categories = BUILTIN_CATEGORIES) -> AidAccount | None:
    """`Expenses:Aid:Central:Living` -> (Central, Living); None if malformed
    or not a category of `categories` (the ledger's own, declared ones too)."""
    parts = account.split(":")
    if len(parts) != 4 or parts[0] != "Expenses" or parts[1] != "Aid":
        return None
    fund = _FUND_KEYS.get(parts[2])
    category = categories.get(parts[3])
    if fund is None or category is None:
        return None
    return AidAccount(fund, category)


def aid_account(fund: Fund, category: Category) -> str:
    return f"{AID_ROOT}:{fund.value}:{category.value}"


@lru_cache(maxsize=4096)
def income_fund(account: str) -> Fund | None:
    """The fund of an `Income:Fund:<Fund>[:<Donor>]` account, else None."""
    parts = account.split(":")
    if len(parts) < 3 or parts[0] != "Income" or parts[1] != "Fund":
        return None
    return _FUND_KEYS.get(parts[2])


class Pot(NamedTuple):
    """Money of one fund (and, for earmarked donations, one donor)."""

    fund: Fund
    donor: str | None

    def label(self) -> str:
        return self.fund.label + (f"（定向：{self.donor}）" if self.donor else "")


BANK_ROOT = "Assets:Bank"


@lru_cache(maxsize=4096)
def real_bank_account(account: str) -> str | None:
    """The real bank account an account belongs to: `Assets:Bank:ICBC:Central`
    -> `Assets:Bank:ICBC` (fund sub-accounts are parts of one bank account);
    None for an account off the bank."""
    parts = account.split(":")
    return ":".join(parts[:3]) if len(parts) >= 3 and ":".join(parts[:2]) == BANK_ROOT else None


@lru_cache(maxsize=4096)
def asset_pot(account: str) -> Pot | None:
    """`Assets:Bank:ICBC:Donations:QsPower` -> (Donations, "QsPower");
    `Assets:Bank:ICBC:Central` -> (Central, None); non-fund accounts -> None."""
    if not account.startswith("Assets:"):
        return None
    parts = account.split(":")
    for index in range(2, len(parts)):
        fund = _FUND_KEYS.get(parts[index])
        if fund is not None:
            donor = parts[index + 1] if index + 1 < len(parts) else None
            return Pot(fund, donor)
    return None


@lru_cache(maxsize=4096)
def asset_fund(account: str) -> Fund | None:
    """The fund an asset account holds: the first component that is a fund key.

    `Assets:Bank:ICBC:Central` -> Central; `Assets:Bank:ICBC:Donations:QsPower`
    -> Donations; `Assets:Bank:ICBC` (the parent) -> None.
    """
    if not account.startswith("Assets:"):
        return None
    for part in account.split(":")[2:]:
        fund = _FUND_KEYS.get(part)
        if fund is not None:
            return fund
    return None
