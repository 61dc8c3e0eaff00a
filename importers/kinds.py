"""The sheets officers keep (and the bank's statement), each declared once.

A `SheetKind` names its parts (the roster has a household sheet and a
member sheet), each part its columns (importers/sheets.py `Column`: header
and aliases, field, cell reader, required, text format) and the record a
parsed row becomes (with the checks that span columns), and the converter
that turns the records into ledger entries (importers/convert.py). The
beangulp importer, `bangfu import`, `bangfu template` and docs/import.md all
follow from these declarations.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from importers.convert import (
    BankRow,
    Context,
    Converted,
    MemberRow,
    PaymentRow,
    ReceiptRow,
    RosterRow,
    StatementRow,
    convert_appropriation,
    convert_bank,
    convert_batch,
    convert_roster,
    convert_statement,
)
from importers.sheets import (
    CellError,
    Choice,
    Column,
    Row,
    RowProblem,
    RowProblems,
    amount,
    batch_number,
    card,
    date,
    digits,
    either,
    id_number,
    income,
    label_of,
    one_of,
    parse_row,
    text,
    value_of,
    yes_no,
)
from ledger.fields import kebab
from ledger.generated import regenerate
from ledger.vocab import Category, Fund, Level, Method, SchoolLevel


@dataclass(frozen=True)
class Part:
    """One table of a sheet: its columns and the record a row becomes."""

    name: str  # what the converter calls this part's records
    sheet: str  # the worksheet's name in the template
    columns: tuple[Column, ...]
    record: Callable[[Row, dict[str, Any]], Any]
    example: tuple[tuple[str, Any], ...] = ()  # (header, value): the template's example row

    def parse(self, row: Row) -> Any:
        """The row's record, or RowProblems naming every cell at fault and its fix."""
        values, problems = parse_row(row, self.columns)
        try:
            record = self.record(row, values)
        except RowProblems as more:
            problems += more.problems
        except RowProblem as one:
            problems.append(one)
        if problems:
            raise RowProblems(problems)
        return record


@dataclass(frozen=True)
class SheetKind:
    name: str  # roster, batch, appropriation, bank, statement
    label: str  # its Chinese name
    parts: tuple[Part, ...]  # the first one tells the sheet's kind
    convert: Callable[[Context, Path, dict[str, list[Any]], Any], Converted]


# ---------------------------------------------------------------- payment batch

# Category fields (ledger/payments.py CategoryFields) and their columns.
BATCH_COLUMNS = (
    Column("序号", ("编号",), "seq", required=False),
    Column("姓名", ("职工姓名", "收款人"), "name"),
    Column("身份证号", ("身份证号码", "公民身份号码", "身份证"), "id_number", id_number, required=False, as_text=True),
    Column("档案编号", ("建档号", "档案号"), "archive_no", required=False, as_text=True),
    Column("帮扶类别", ("帮扶项目", "救助类别", "类别"), "category", one_of(Category)),
    Column("金额", ("金额(元)", "发放金额", "帮扶金额"), "amount", amount),
    Column("资金来源", ("资金", "资金渠道"), "fund", one_of(Fund)),
    Column("发放日期", ("日期", "发放时间"), "date", date),
    Column("发放方式", ("方式",), "method", one_of(Method), required=False),
    Column("银行卡号", ("卡号", "银行账号"), "card", card, required=False, as_text=True),
    Column("审批编号", ("审批表编号", "审批号"), "approval"),
    Column("票据号", ("医疗票据号", "发票号"), "bill", required=False),
    Column("个人自付金额", ("个人自付", "自付金额"), "out_of_pocket", amount, required=False),
    Column("学生身份证号", ("学生身份证号码",), "student", id_number, required=False, as_text=True),
    Column("学段", ("就读学段",), "school_level", one_of(SchoolLevel), required=False),
    Column("工种", ("培训工种",), "trade", required=False),
    Column("案件号", ("案件编号",), "case", required=False),
    Column("受助人身份证号", ("受助人身份证号码",), "person", id_number, required=False, as_text=True),
    Column("批次号", ("批次", "发放批次"), "batch", batch_number, required=False),
    # Cash (seed 003 三(四)): the ID shown and checked, the receipt signed; written only as the sheet says.
    Column("身份证已核验", ("已核验身份证", "核验身份证"), "id_checked", yes_no, required=False),
    Column("签收单", ("签收", "签收单号", "签收凭证"), "receipt", required=False),
    Column("备注", (), "note", required=False),
)
DETAILS = ("bill", "out_of_pocket", "student", "school_level", "trade", "case", "person")


def _payment(row: Row, values: dict[str, Any]) -> PaymentRow:
    category: Category = values["category"]  # None when the cell was refused (reported with the row)
    problems = []
    for name in getattr(category, "required", ()):  # S05's fields, so the ledger would accept it
        column = next(c for c in BATCH_COLUMNS if c.field == name)
        if row.values.get(column.header) in (None, "") or not str(row.values.get(column.header)).strip():
            problems.append(RowProblem(row.at(column.header), f"“{column.header}”为空：{category.label}须填写"))
    if values["id_number"] is None and values["archive_no"] is None and not row.values.get("身份证号"):
        problems.append(RowProblem(row.at("档案编号"), "须填写“档案编号”或“身份证号”之一，以确定帮扶对象"))
    if problems:
        raise RowProblems(problems)
    return PaymentRow(
        place=row.place,
        seq=values["seq"] or str(row.place.row),
        name=values["name"],
        id_number=values["id_number"],
        archive_no=values["archive_no"],
        category=category,
        amount=values["amount"],
        fund=values["fund"],
        date=values["date"],
        method=values["method"] or Method.BANK,
        card=values["card"],
        approval=values["approval"],
        details={name: values[name] for name in DETAILS},
        batch=values["batch"],
        note=values["note"],
        id_checked=values["id_checked"],
        receipt=values["receipt"],
    )


BATCH = SheetKind("batch", "帮扶资金发放名册", (Part("payments", "帮扶资金发放名册", BATCH_COLUMNS, _payment, (
    ("序号", 1), ("姓名", "张伟"), ("身份证号", "11010519491231002X"), ("档案编号", "QS-2025-001"), ("帮扶类别", "生活救助"),
    ("金额", 1500), ("资金来源", "中央财政"), ("发放日期", "2025-04-10"), ("发放方式", "银行卡"),
    ("银行卡号", "6222021234567890128"), ("审批编号", "SP2025-001"), ("批次号", "PC2025-04"),
)),), convert_batch)


# ---------------------------------------------------------------- appropriation notice


def _receipt(row: Row, values: dict[str, Any]) -> ReceiptRow:
    return ReceiptRow(row.place, **values)


APPROPRIATION = SheetKind("appropriation", "资金下达通知", (Part("receipts", "资金下达通知", (
    Column("资金来源", ("资金", "资金名称"), "fund", one_of(Fund)),
    Column("文号", ("下达文号", "文件号", "通知文号"), "notice"),
    Column("金额", ("金额(元)", "下达金额"), "amount", amount),
    Column("下达日期", ("日期", "到账日期"), "date", date),
    Column("下达单位", ("拨款单位", "付款单位"), "payer", required=False),
    Column("备注", (), "note", required=False),
), _receipt, (
    ("资金来源", "中央财政"), ("文号", "吉工帮〔2025〕3号"), ("金额", 50000), ("下达日期", "2025-01-06"), ("下达单位", "吉林省总工会"),
)),), convert_appropriation)


# ---------------------------------------------------------------- bank result

_outcome = either(("成功", "交易成功", "已成功", "success"), ("失败", "交易失败", "退回", "failed", "failure"))


BANK_COLUMNS = (
    Column("银行卡号", ("卡号", "账号", "收款账号"), "card", card, as_text=True),
    Column("姓名", ("户名", "收款人"), "name"),
    Column("金额", ("交易金额", "金额(元)"), "amount", amount),
    Column("处理结果", ("状态", "结果", "交易状态"), "success", _outcome),
    Column("失败原因", ("原因", "备注"), "reason", required=False),
    Column("交易日期", ("日期",), "date", date, required=False),
)


def _result(row: Row, values: dict[str, Any]) -> BankRow:
    if values["success"] is False:
        value_of(row, BANK_COLUMNS[4], required=True)  # a failure says why
    return BankRow(row.place, **values)


BANK = SheetKind("bank", "银行代发回盘", (Part("results", "银行代发回盘", BANK_COLUMNS, _result, (
    ("银行卡号", "6222021234567890128"), ("姓名", "张伟"), ("金额", 1500), ("处理结果", "成功"), ("交易日期", "2025-04-12"),
)),), convert_bank)


# ---------------------------------------------------------------- bank statement (银行对账单)

ZERO = Decimal("0.00")
_MONEY_JUNK = re.compile(r"[¥￥,，\s元]")


def _money(value: Any) -> Decimal:
    """A figure of a bank export: ¥ and thousands separators allowed, at most
    two decimals (a balance may be zero or negative)."""
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是金额：请只填数字，如 1500.00")
    try:
        number = Decimal(str(value)) if isinstance(value, (int, float)) else Decimal(
            _MONEY_JUNK.sub("", unicodedata.normalize("NFKC", str(value))))
    except InvalidOperation:
        raise CellError(f"“{value}”不是金额：请只填数字，如 1500.00") from None
    if not number.is_finite() or abs(number) >= Decimal("1e13"):
        raise CellError(f"“{value}”不是合理的金额：请核对")
    if number != number.quantize(Decimal("0.01")):
        raise CellError(f"金额“{value}”最多两位小数：请核对")
    return number.quantize(Decimal("0.01"))


def _flow(value: Any) -> Decimal:
    """收入金额 or 支出金额: blank, 0 or "-" is nothing; otherwise a positive amount."""
    if text(value) in ("", "-", "—", "--"):
        return Decimal("0.00")
    number = _money(value)
    if number < 0:
        raise CellError(f"金额“{value}”为负数：收入、支出分列填写正数（支出填在“支出金额”列）")
    return number


def _day(value: Any) -> datetime.date:
    """A 交易日期, also written with its time (2025-04-12 10:23:45)."""
    if isinstance(value, str) and re.match(r"^\s*\d{4}[-/.年]\S*\s+\d{1,2}:\d{2}", value):
        value = value.split()[0]
    return date(value)


def _account_no(value: Any) -> str:
    number = digits(value, "本方账号")
    if not number.isdigit():
        raise CellError(f"本方账号“{number}”只能包含数字：请核对")
    return number


STATEMENT_COLUMNS = (
    Column("交易日期", ("日期", "记账日期", "入账日期", "交易时间", "记账时间", "交易日"), "date", _day),
    Column("收入金额", ("贷方发生额", "贷方金额", "收入", "存入金额", "存入", "贷方", "收入金额(元)", "贷方发生额(元)",
                      "来账金额"), "amount_in", _flow, blank=True),
    Column("支出金额", ("借方发生额", "借方金额", "支出", "支取金额", "支取", "借方", "支出金额(元)", "借方发生额(元)",
                      "往账金额"), "amount_out", _flow, blank=True),
    Column("余额", ("账户余额", "交易后余额", "当前余额", "余额(元)", "账户余额(元)", "联机余额"), "balance", _money),
    Column("对方户名", ("对方账户名称", "对方名称", "对方户名称", "对方账户名", "对方单位名称", "对方单位"), "counterparty",
           required=False),
    Column("摘要", ("交易摘要", "摘要说明"), "summary", required=False),
    Column("用途", ("附言", "交易附言", "交易用途", "备注"), "purpose", required=False),
    Column("流水号", ("交易流水号", "凭证号", "交易序号", "流水号码", "凭证号码"), "serial", required=False, as_text=True),
    Column("本方账号", ("账号", "本方账户", "账户", "本方账户账号"), "account_no", _account_no, required=False, as_text=True),
)


def _line(row: Row, values: dict[str, Any]) -> StatementRow:
    money_in, money_out = values["amount_in"], values["amount_out"]
    if money_in is not None and money_out is not None and (money_in == 0) == (money_out == 0):
        header = STATEMENT_COLUMNS[1].header if money_in == 0 else STATEMENT_COLUMNS[2].header
        shown_in, shown_out = (row.labels.get(c.header, c.header) for c in STATEMENT_COLUMNS[1:3])
        why = (f"“{shown_in}”与“{shown_out}”都为空或为 0：每行应恰有一个金额" if money_in == 0
               else f"“{shown_in}”{money_in} 与“{shown_out}”{money_out} 都有金额：每行只能有其一，请核对")
        raise RowProblem(row.at(header), why)
    summary = "；".join(dict.fromkeys(v for v in (values["summary"], values["purpose"]) if v)) or None
    return StatementRow(row.place, values["date"], (money_in or ZERO) - (money_out or ZERO), values["balance"],
                        values["counterparty"], summary, values["serial"], values["account_no"])


STATEMENT = SheetKind("statement", "银行对账单", (Part("lines", "银行对账单", STATEMENT_COLUMNS, _line, (
    ("交易日期", "2025-04-12"), ("收入金额", ""), ("支出金额", 1500), ("余额", 98500), ("对方户名", "张伟"),
    ("摘要", "代发"), ("流水号", "20250412000123"), ("本方账号", "0712000109200012345"),
)),), convert_statement)


# ---------------------------------------------------------------- archive roster

# Each column after 档案编号 and 建档日期 is a HouseholdFields field (ledger/models.py).
ROSTER_COLUMNS = (
    Column("档案编号", ("建档号", "档案号"), "archive_no", as_text=True),
    Column("姓名", ("职工姓名",), "name"),
    Column("身份证号", ("身份证号码", "公民身份号码"), "id_number", id_number, as_text=True),
    Column("性别", (), "sex", required=False),
    Column("所在地区", ("地区",), "locality"),
    Column("档案级别", ("级别",), "level", label_of(Level)),
    Column("档案性质", ("性质",), "nature"),
    Column("困难类别", ("困难类型",), "hardship"),
    Column("主要致困原因", ("致困原因",), "cause"),
    Column("建档日期", ("审批日期",), "archived_on", date),
    Column("工作单位", ("单位",), "work_unit", required=False),
    Column("开户银行", ("银行",), "bank", required=False),
    Column("银行卡号", ("卡号",), "card", card, required=False, as_text=True),
    Column("联系电话", ("电话",), "phone", required=False),
    Column("家庭住址", ("住址",), "address", required=False),
    Column("本人月收入", ("月收入",), "monthly_income", income, required=False),
    # The income test at archiving (seed 004 art. 4-5, rule A09) reads these.
    Column("家庭年度总收入", ("家庭年收入", "年度总收入"), "annual_income", income, required=False),
    Column("家庭每月缴纳所得税", ("每月缴纳所得税", "所得税"), "income_tax", income, required=False),
    Column("家庭每月社会保障支出", ("每月社会保障支出", "社会保障支出", "社保支出"), "social_security", income,
           required=False),
    Column("每月患病必要支出", ("患病必要支出", "患病支出"), "expense_illness", income, required=False),
    Column("每月子女上学必要支出", ("子女上学必要支出", "上学支出"), "expense_schooling", income, required=False),
    Column("每月残疾必要支出", ("残疾必要支出", "残疾支出"), "expense_disability", income, required=False),
    Column("每月意外致困必要支出", ("意外致困必要支出", "意外致困支出"), "expense_accident", income, required=False),
    Column("公示开始日期", ("公示开始",), "notice_start", date, required=False),
    Column("公示结束日期", ("公示结束",), "notice_end", date, required=False),
    # 是: this row corrects the archive's ID number (and the sex and birth date it gives)
    Column("更正身份信息", ("身份更正", "更正"), "correction", yes_no, required=False),
)


def _household(row: Row, values: dict[str, Any]) -> RosterRow:
    archive_no, archived_on = values.pop("archive_no"), values.pop("archived_on")
    correction = bool(values.pop("correction"))
    fields = {kebab(k): v for k, v in values.items() if v is not None}
    return RosterRow(row.place, archive_no, archived_on, fields, correction)


# Each column after 档案编号 and 成员身份证号 is a MemberFields field.
MEMBER_COLUMNS = (
    Column("档案编号", ("建档号", "档案号"), "archive_no", as_text=True),
    Column("成员姓名", ("姓名",), "name"),
    Column("成员身份证号", ("身份证号", "身份证号码"), "id_number", id_number, as_text=True),
    Column("与申请人关系", ("关系",), "relation"),
    Column("月收入", (), "monthly_income", income, required=False),
    Column("单位或学校", ("学校",), "school", required=False),
    Column("学段", (), "school_level", label_of(SchoolLevel), required=False),
)


def _member(row: Row, values: dict[str, Any]) -> MemberRow:
    archive_no, number = values.pop("archive_no"), values.pop("id_number")
    return MemberRow(row.place, archive_no, number, {kebab(k): v for k, v in values.items() if v is not None})


ROSTER = SheetKind("roster", "困难职工档案表", (
    Part("households", "困难职工档案表", ROSTER_COLUMNS, _household, (
        ("档案编号", "QS-2025-001"), ("姓名", "张伟"), ("身份证号", "11010519491231002X"), ("性别", "女"), ("所在地区", "城区"),
        ("档案级别", "区县级"), ("档案性质", "长期"), ("困难类别", "深度困难"), ("主要致困原因", "重特大疾病"),
        ("建档日期", "2025-03-01"), ("银行卡号", "6222021234567890128"), ("联系电话", "13900000000"),
        ("本人月收入", 300), ("公示开始日期", "2025-02-10"), ("公示结束日期", "2025-02-21"),
    )),
    Part("members", "家庭成员", MEMBER_COLUMNS, _member, (
        ("档案编号", "QS-2025-001"), ("成员姓名", "张小明"), ("成员身份证号", "360426199101010071"), ("与申请人关系", "子"),
        ("学段", "高中"),
    )),
), convert_roster)

EXAMPLE_SHEET = "填写示例（不导入）"  # templates hold their example rows here; imports skip sheets so named

# What each rule's refusal is about, in the officer's terms: the column (the
# import pre-check names it and highlights that cell) and how to fix the row.
RULE_FIXES: dict[str, tuple[str, str]] = {
    "R01": ("档案编号", "请核对发放日期，或先办理建档、恢复在档"),
    "R02": ("资金来源", "请改用可以帮扶该档案级别和类别的资金"),
    "R03": ("金额", "请减少金额，使本户全年生活救助不超过上限"),
    "R04": ("个人自付金额", "请核对票据的个人自付金额，医疗救助不得超过它"),
    "R05": ("金额", "请减少金额，使该学生全年助学不超过上限"),
    "R06": ("学生身份证号", "请核对学生身份证号，或先在档案表中登记该家庭成员"),
    "R07": ("金额", "请按该工种的培训补贴标准填写金额"),
    "R08": ("金额", "请按法律援助每件标准填写金额"),
    "R09": ("金额", "请减少金额，使本户全年送温暖不超过标准"),
    "R10": ("金额", "请先导入资金下达，或改用有余额的资金"),
    "R11": ("身份证已核验", "现金发放请在“身份证已核验”填“是”，并在“签收单”填签收单编号"),
    "R12": ("银行卡号", "请核对卡号，或先在档案表中更新该户的银行卡号"),
    "S05": ("帮扶类别", "请补齐该类别必填的列"),
    "S10": ("档案编号", "请核对档案编号，或先导入档案"),
    "S16": ("批次号", "请换一个批次号或序号，使付款编号不重复"),
    "A01": ("身份证号", "请核对身份证号"),
    "A02": ("身份证号", "请核对身份证号的前六位地区代码"),
    "A03": ("性别", "请使性别、出生日期与身份证号一致"),
    "A04": ("银行卡号", "请核对银行卡号（16 至 19 位）"),
    "A05": ("银行卡号", "请核对银行卡号（末位校验不通过）"),
    "A06": ("身份证号", "一人只能在一个在档档案中：请核对，或先办理原档案脱困或注销"),
    "A07": ("身份证号", "黑名单人员不能再建档"),
    "A08": ("姓名", "请核对是否与已有档案为同一人"),
    "A09": ("本人月收入", "请核对家庭收入与困难类别"),
    "A10": ("困难类别", "请核对是否属于不建档情形"),
    "A11": ("公示结束日期", "请核对公示日期：公示应满 5 个工作日，并在建档日期之前结束"),
    "A12": ("公示开始日期", "请填写公示开始和结束日期"),
    "A13": ("建档日期", "请核对档案当前状态与建档日期"),
}


# In the order a file's kind is told by its header.
KINDS: dict[str, SheetKind] = {kind.name: kind for kind in (ROSTER, BATCH, BANK, STATEMENT, APPROPRIATION)}


def aliases_doc() -> str:
    """The words accepted for each closed vocabulary of the sheets, as the
    markdown table docs/import.md shows between its `aliases` markers."""
    lines = ["| 列 | 取值 | 也可以写作 |", "|---|---|---|"]
    seen: set[str] = set()
    for kind in sorted(KINDS.values(), key=lambda k: k.name != "batch"):  # the payment roll's words first
        for part in kind.parts:
            for column in part.columns:
                if not isinstance(column.read, Choice) or column.header in seen:
                    continue
                seen.add(column.header)
                for term in column.read.terms:
                    others = [a for a in term.aliases[1:] if a != term.label]
                    lines.append(f"| {column.header} | {term.label} | {'、'.join(others) or '—'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # rewrite the alias table of docs/import.md
    regenerate(Path(__file__).resolve().parents[1] / "docs" / "import.md", "aliases", aliases_doc())
