"""Error type and codes of the fund_rules plugin (docs/rules.md lists them)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ledger.errors import coded, register, source_of


class FundRuleError(NamedTuple):
    """A rule violation. The type name must equal this module attribute's
    name, or beancount's pickle cache cannot restore it."""

    source: dict[str, Any] | None
    message: str
    entry: Any


def violation(code: str, entry: Any, text: str) -> FundRuleError:
    return FundRuleError(source_of(entry), coded(code, text), entry)


# Structural cross-reference checks (this package, fund_rules/structural.py).
register("S10", "error", "未知档案编号", "payment or member names an unknown household")
register("S11", "error", "未知地区", "household or standard names an undeclared locality")
register("S12", "error", "缺少适用标准", "no standard in force for the payment's category")
register("S13", "error", "非法支出科目", "expense account outside Expenses:Aid:<Fund>:<Category>")
register("S14", "error", "资金来源不一致", "postings move money between funds")
register("S15", "error", "冲销无对应原付款", "reversal does not match an original payment")
register("S16", "error", "付款编号重复", "two payments share a payment number (link)")
