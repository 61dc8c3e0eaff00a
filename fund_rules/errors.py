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

# Fund rules (fund_rules/eligibility.py, limits.py, money.py, evidence.py).
register("R01", "error", "档案未在档", "household not archived and active on the payment date")
register("R02", "error", "超出资金使用范围", "fund may not pay this archive level or category")
register("R03", "error", "生活救助超过上限", "living aid over the yearly 低保 sum")
register("R04", "error", "医疗救助超过个人自付", "medical aid over the bill's out-of-pocket cost")
register("R05", "error", "助学超过上限", "education aid over ten months' basic living cost")
register("R06", "error", "受助学生不是本户成员", "student is not a member of the household")
register("R07", "error", "培训补贴超过标准", "training aid over the trade's standard")
register("R08", "error", "法律援助超过标准", "legal aid over the per-case standard")
register("R09", "error", "送温暖超过标准", "festival aid over the year's standard")
register("R10", "error", "资金透支", "a fund's balance below zero")
register("R11", "error", "现金发放凭证不全", "cash payment without ID check or signed receipt")
register("R12", "error", "收款卡号不在档案中", "bank payment to a card not on the household's archive")
register("R13", "warning", "财政资金年末结余未用", "central/provincial money unspent at year end")
