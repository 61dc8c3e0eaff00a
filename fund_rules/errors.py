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
register("R14", "warning", "银行发放未经回盘确认", "bank payment not confirmed by a bank result")
register("R13", "warning", "财政资金年末结余未用", "central/provincial money unspent at year end")

# Archive rules (fund_rules/archive_rules.py).
register("A01", "error", "身份证号无效", "resident ID number invalid (format, birth date, check digit)")
register("A02", "warning", "身份证地区代码未知", "ID area code not in GB/T 2260")
register("A03", "error", "性别或出生日期与身份证号不符", "sex or birth date inconsistent with the ID")
register("A04", "error", "银行卡号位数错误", "bank card not 16-19 digits")
register("A05", "warning", "银行卡号未通过校验", "bank card fails the Luhn check")
register("A06", "error", "一人多档", "the same person in two active archives")
register("A07", "error", "黑名单人员再次建档", "blacklisted person archived again")
register("A08", "warning", "疑似重复建档", "same name (pinyin) and birth date in two archives")
register("A09", "error", "收入不符合建档条件", "household income above its hardship type's threshold")
register("A10", "error", "属于不建档情形", "an exclusion applies (homes, business, vehicles...)")
register("A11", "error", "公示不足 5 个工作日", "public notice shorter than 5 working days or not before approval")
register("A12", "warning", "未记录公示日期", "no public-notice dates on the archive")
register("A13", "error", "档案事件不合规", "impossible lifecycle transition")
register("A14", "warning", "节假日未知", "holidays unknown for the year; Monday-Friday assumed")
