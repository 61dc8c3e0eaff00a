"""The codes of the fund_rules plugin, each declared once (docs/rules.md
lists them; a test keeps the two equal). Rules raise them as `R03.at(...)`."""

from __future__ import annotations

from ledger.errors import Severity, declare

E, W = Severity.ERROR, Severity.WARNING

# Structural cross-reference checks (fund_rules/structural.py).
S10 = declare("S10", E, "未知档案编号", "payment or member names an unknown household")
S11 = declare("S11", E, "未知地区", "household or standard names an undeclared locality")
S12 = declare("S12", E, "缺少适用标准", "no standard in force for the payment's category")
S13 = declare("S13", E, "非法支出科目", "expense account outside Expenses:Aid:<Fund>:<Category>")
S14 = declare("S14", E, "资金来源不一致", "postings move money between funds")
S15 = declare("S15", E, "冲销无对应原付款", "reversal does not match an original payment")
S16 = declare("S16", E, "付款编号重复", "two payments share a payment number (link)")
S17 = declare("S17", W, "账本目录中有未包含的文件", "a .beancount file in the ledger's folder that the ledger does not include")
S18 = declare("S18", E, "会计科目编码缺失或无效", "an account's 工会会计制度 code missing (aid account) or not in the chart")
S19 = declare("S19", E, "已结账期间的记录被改动", "an entry of a closed period added, removed or changed after closing")

# Fund rules (eligibility.py, caps.py, limits.py, money.py, evidence.py).
R01 = declare("R01", E, "档案未在档", "household not archived and active on the payment date")
R02 = declare("R02", E, "超出资金使用范围", "fund may not pay this archive level or category")
R03 = declare("R03", E, "生活救助超过上限", "living aid over the yearly 低保 sum")
R04 = declare("R04", E, "医疗救助超过个人自付", "medical aid over the bill's out-of-pocket cost")
R05 = declare("R05", E, "助学超过上限", "education aid over ten months' basic living cost")
R06 = declare("R06", E, "受助学生不是本户成员", "student is not a member of the household")
R07 = declare("R07", E, "培训补贴超过标准", "training aid over the trade's standard")
R08 = declare("R08", E, "法律援助超过标准", "legal aid over the per-case standard")
R09 = declare("R09", E, "送温暖超过标准", "festival aid over the year's standard")
R10 = declare("R10", E, "资金透支", "a fund's balance below zero")
R11 = declare("R11", E, "现金发放凭证不全", "cash payment without ID check or signed receipt")
R12 = declare("R12", E, "收款卡号不在档案中", "bank payment to a card not on the household's archive")
R13 = declare("R13", W, "财政资金年末结余未用", "central/provincial money unspent at year end")
R14 = declare("R14", W, "银行发放未经回盘确认", "bank payment not confirmed by a bank result")
R15 = declare("R15", W, "未按时录入全国系统", "aid not entered into the national system within the set working days")
R16 = declare("R16", E, "超过本地规定的帮扶上限", "over a cap the ledger or its policy preset declares beyond the built-in six")
R17 = declare("R17", W, "发放前未按规定公示", "batch paid before its public notice ended, notice too short, or none declared")

# Archive rules (fund_rules/archive_rules.py).
A01 = declare("A01", E, "身份证号无效", "resident ID number invalid (format, birth date, check digit)")
A02 = declare("A02", W, "身份证地区代码未知", "ID area code not in GB/T 2260")
A03 = declare("A03", E, "性别或出生日期与身份证号不符", "sex or birth date inconsistent with the ID")
A04 = declare("A04", E, "银行卡号位数错误", "bank card not 16-19 digits")
A05 = declare("A05", W, "银行卡号未通过校验", "bank card fails the Luhn check")
A06 = declare("A06", E, "一人多档", "the same person in two active archives")
A07 = declare("A07", E, "黑名单人员再次建档", "blacklisted person archived again")
A08 = declare("A08", W, "疑似重复建档", "same name (pinyin) and birth date in two archives")
A09 = declare("A09", E, "收入不符合建档条件", "household income above its hardship type's threshold")
A10 = declare("A10", E, "属于不建档情形", "an exclusion applies (homes, business, vehicles...)")
A11 = declare("A11", E, "公示不足 5 个工作日", "public notice shorter than 5 working days or not before approval")
A12 = declare("A12", W, "未记录公示日期", "no public-notice dates on the archive")
A13 = declare("A13", E, "档案事件不合规", "impossible lifecycle transition")
A14 = declare("A14", W, "节假日未知", "holidays unknown for the year; Monday-Friday assumed")
A15 = declare("A15", W, "档案未按时同步", "paper and electronic archives not synchronised within the set working days")
