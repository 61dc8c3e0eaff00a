"""The four sheets officers keep, as column specs and row parsers.

Each parser turns one Row into a typed record or raises RowProblem naming
the sheet, row, column and the fix. Parsers never touch the ledger; the
converters in importers/convert.py do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from importers.sheets import CellError, Column, Place, Row, amount, date, digits, income, text
from ledger.identity import check_id
from ledger.vocab import Category, Fund, Labeled, Level, Method, SchoolLevel


class RowProblem(ValueError):
    def __init__(self, place: Place, message: str):
        super().__init__(f"{place}：{message}")
        self.place = place
        self.text = message


def _cell(row: Row, column: str, convert: Callable[[Any], Any], required: bool = True) -> Any:
    value = row.values.get(column)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowProblem(row.at(column), f"“{column}”为空：请填写")
        return None
    try:
        return convert(value)
    except CellError as exc:
        raise RowProblem(row.at(column), str(exc)) from None
    except ValueError as exc:  # Labeled.parse and friends explain themselves
        raise RowProblem(row.at(column), str(exc)) from None


def _enum(cls: type[Labeled]) -> Callable[[Any], Labeled]:
    return lambda value: cls.parse(text(value))


def _id(value: Any) -> str:
    checked = check_id(digits(value, "身份证号"))
    if checked.errors:
        raise CellError(checked.errors[0])
    return checked.number


def _card(value: Any) -> str:
    number = digits(value, "银行卡号")
    if not number.isdigit():
        raise CellError(f"银行卡号“{number}”只能包含数字")
    return number


# ---------------------------------------------------------------- payment batch


BATCH = (
    Column("序号", ("编号",), required=False),
    Column("姓名", ("职工姓名", "收款人")),
    Column("身份证号", ("身份证号码", "公民身份号码", "身份证"), required=False),
    Column("档案编号", ("建档号", "档案号"), required=False),
    Column("帮扶类别", ("帮扶项目", "救助类别", "类别")),
    Column("金额", ("金额(元)", "发放金额", "帮扶金额")),
    Column("资金来源", ("资金", "资金渠道")),
    Column("发放日期", ("日期", "发放时间")),
    Column("发放方式", ("方式",), required=False),
    Column("银行卡号", ("卡号", "银行账号"), required=False),
    Column("审批编号", ("审批表编号", "审批号")),
    Column("票据号", ("医疗票据号", "发票号"), required=False),
    Column("个人自付金额", ("个人自付", "自付金额"), required=False),
    Column("学生身份证号", ("学生身份证号码",), required=False),
    Column("学段", ("就读学段",), required=False),
    Column("工种", ("培训工种",), required=False),
    Column("案件号", ("案件编号",), required=False),
    Column("批次号", ("批次",), required=False),
    Column("备注", (), required=False),
)


@dataclass(frozen=True)
class PaymentRow:
    place: Place
    seq: str
    name: str
    id_number: str | None
    archive_no: str | None
    category: Category
    amount: Decimal
    fund: Fund
    date: datetime.date
    method: Method
    card: str | None
    approval: str
    details: dict[str, Any]  # bill, out_of_pocket, student, school_level, trade, case
    batch: str | None
    note: str | None


def parse_payment(row: Row) -> PaymentRow:
    category = _cell(row, "帮扶类别", _enum(Category))
    details = {
        "bill": _cell(row, "票据号", text, required=False),
        "out_of_pocket": _cell(row, "个人自付金额", amount, required=False),
        "student": _cell(row, "学生身份证号", _id, required=False),
        "school_level": _cell(row, "学段", _enum(SchoolLevel), required=False),
        "trade": _cell(row, "工种", text, required=False),
        "case": _cell(row, "案件号", text, required=False),
    }
    needed = {
        Category.MEDICAL: ("票据号", "个人自付金额"),
        Category.EDUCATION: ("学生身份证号", "学段"),
        Category.TRAINING: ("工种",),
        Category.LEGAL: ("案件号",),
    }.get(category, ())
    for column in needed:
        _cell(row, column, lambda v: v)  # raises "为空" naming the column
    id_number = _cell(row, "身份证号", _id, required=False)
    archive_no = _cell(row, "档案编号", text, required=False)
    if id_number is None and archive_no is None:
        raise RowProblem(row.at("档案编号"), "须填写“档案编号”或“身份证号”之一，以确定帮扶对象")
    method = _cell(row, "发放方式", _enum(Method), required=False) or Method.BANK
    return PaymentRow(
        place=row.place,
        seq=_cell(row, "序号", text, required=False) or str(row.place.row),
        name=_cell(row, "姓名", text),
        id_number=id_number,
        archive_no=archive_no,
        category=category,
        amount=_cell(row, "金额", amount),
        fund=_cell(row, "资金来源", _enum(Fund)),
        date=_cell(row, "发放日期", date),
        method=method,
        card=_cell(row, "银行卡号", _card, required=False),
        approval=_cell(row, "审批编号", text),
        details=details,
        batch=_cell(row, "批次号", text, required=False),
        note=_cell(row, "备注", text, required=False),
    )


# ---------------------------------------------------------------- appropriation notice


APPROPRIATION = (
    Column("资金来源", ("资金", "资金名称")),
    Column("文号", ("下达文号", "文件号", "通知文号")),
    Column("金额", ("金额(元)", "下达金额")),
    Column("下达日期", ("日期", "到账日期")),
    Column("下达单位", ("拨款单位", "付款单位"), required=False),
    Column("备注", (), required=False),
)


@dataclass(frozen=True)
class ReceiptRow:
    place: Place
    fund: Fund
    notice: str
    amount: Decimal
    date: datetime.date
    payer: str | None
    note: str | None


def parse_receipt(row: Row) -> ReceiptRow:
    return ReceiptRow(
        place=row.place,
        fund=_cell(row, "资金来源", _enum(Fund)),
        notice=_cell(row, "文号", text),
        amount=_cell(row, "金额", amount),
        date=_cell(row, "下达日期", date),
        payer=_cell(row, "下达单位", text, required=False),
        note=_cell(row, "备注", text, required=False),
    )


# ---------------------------------------------------------------- bank result


BANK = (
    Column("银行卡号", ("卡号", "账号", "收款账号")),
    Column("姓名", ("户名", "收款人")),
    Column("金额", ("交易金额", "金额(元)")),
    Column("处理结果", ("状态", "结果", "交易状态")),
    Column("失败原因", ("原因", "备注"), required=False),
    Column("交易日期", ("日期",), required=False),
)

_SUCCESS = {"成功", "交易成功", "已成功", "success"}
_FAILURE = {"失败", "交易失败", "退回", "failed", "failure"}


@dataclass(frozen=True)
class BankRow:
    place: Place
    card: str
    name: str
    amount: Decimal
    success: bool
    reason: str | None
    date: datetime.date | None


def _outcome(value: Any) -> bool:
    word = text(value).lower()
    if word in _SUCCESS:
        return True
    if word in _FAILURE:
        return False
    raise CellError(f"处理结果“{value}”应为“成功”或“失败”")


def parse_bank(row: Row) -> BankRow:
    success = _cell(row, "处理结果", _outcome)
    return BankRow(
        place=row.place,
        card=_cell(row, "银行卡号", _card),
        name=_cell(row, "姓名", text),
        amount=_cell(row, "金额", amount),
        success=success,
        reason=_cell(row, "失败原因", text, required=not success),
        date=_cell(row, "交易日期", date, required=False),
    )


# ---------------------------------------------------------------- archive roster


ROSTER = (
    Column("档案编号", ("建档号", "档案号")),
    Column("姓名", ("职工姓名",)),
    Column("身份证号", ("身份证号码", "公民身份号码")),
    Column("性别", (), required=False),
    Column("所在地区", ("地区",)),
    Column("档案级别", ("级别",)),
    Column("档案性质", ("性质",)),
    Column("困难类别", ("困难类型",)),
    Column("主要致困原因", ("致困原因",)),
    Column("建档日期", ("审批日期",)),
    Column("工作单位", ("单位",), required=False),
    Column("开户银行", ("银行",), required=False),
    Column("银行卡号", ("卡号",), required=False),
    Column("联系电话", ("电话",), required=False),
    Column("家庭住址", ("住址",), required=False),
    Column("本人月收入", ("月收入",), required=False),
    # The income test at archiving (seed 004 art. 4-5, rule A09) reads these.
    Column("家庭年度总收入", ("家庭年收入", "年度总收入"), required=False),
    Column("家庭每月缴纳所得税", ("每月缴纳所得税", "所得税"), required=False),
    Column("家庭每月社会保障支出", ("每月社会保障支出", "社会保障支出", "社保支出"), required=False),
    Column("每月患病必要支出", ("患病必要支出", "患病支出"), required=False),
    Column("每月子女上学必要支出", ("子女上学必要支出", "上学支出"), required=False),
    Column("每月残疾必要支出", ("残疾必要支出", "残疾支出"), required=False),
    Column("每月意外致困必要支出", ("意外致困必要支出", "意外致困支出"), required=False),
    Column("公示开始日期", ("公示开始",), required=False),
    Column("公示结束日期", ("公示结束",), required=False),
)

MEMBERS = (
    Column("档案编号", ("建档号", "档案号")),
    Column("成员姓名", ("姓名",)),
    Column("成员身份证号", ("身份证号", "身份证号码")),
    Column("与申请人关系", ("关系",)),
    Column("月收入", (), required=False),
    Column("单位或学校", ("学校",), required=False),
    Column("学段", (), required=False),
)

# roster column -> household metadata key, converter
ROSTER_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "姓名": ("name", text),
    "身份证号": ("id-number", _id),
    "性别": ("sex", text),
    "所在地区": ("locality", text),
    "档案级别": ("level", lambda v: _enum(Level)(v).label),
    "档案性质": ("nature", text),
    "困难类别": ("hardship", text),
    "主要致困原因": ("cause", text),
    "工作单位": ("work-unit", text),
    "开户银行": ("bank", text),
    "银行卡号": ("card", _card),
    "联系电话": ("phone", text),
    "家庭住址": ("address", text),
    "本人月收入": ("monthly-income", income),
    "家庭年度总收入": ("annual-income", income),
    "家庭每月缴纳所得税": ("income-tax", income),
    "家庭每月社会保障支出": ("social-security", income),
    "每月患病必要支出": ("expense-illness", income),
    "每月子女上学必要支出": ("expense-schooling", income),
    "每月残疾必要支出": ("expense-disability", income),
    "每月意外致困必要支出": ("expense-accident", income),
    "公示开始日期": ("notice-start", date),
    "公示结束日期": ("notice-end", date),
}


@dataclass(frozen=True)
class RosterRow:
    place: Place
    archive_no: str
    archived_on: datetime.date
    fields: dict[str, Any]  # metadata key -> value


def parse_roster(row: Row) -> RosterRow:
    fields = {}
    for column, (key, convert) in ROSTER_FIELDS.items():
        required = column in ("姓名", "身份证号", "所在地区", "档案级别", "档案性质", "困难类别", "主要致困原因")
        value = _cell(row, column, convert, required=required)
        if value is not None:
            fields[key] = value
    return RosterRow(row.place, _cell(row, "档案编号", text), _cell(row, "建档日期", date), fields)


@dataclass(frozen=True)
class MemberRow:
    place: Place
    archive_no: str
    id_number: str
    fields: dict[str, Any]


def parse_member(row: Row) -> MemberRow:
    fields = {"name": _cell(row, "成员姓名", text), "relation": _cell(row, "与申请人关系", text)}
    for column, key, convert in (("月收入", "monthly-income", income), ("单位或学校", "school", text),
                                 ("学段", "school-level", lambda v: _enum(SchoolLevel)(v).label)):
        value = _cell(row, column, convert, required=False)
        if value is not None:
            fields[key] = value
    return MemberRow(row.place, _cell(row, "档案编号", text), _cell(row, "成员身份证号", _id), fields)
