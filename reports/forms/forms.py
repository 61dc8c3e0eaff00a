"""The four forms of a household's paper archive, filled from the ledger as
of a date. Field labels are the archive model's own titles (ledger/models.py),
so a form and the ledger format cannot name a field differently.

- 困难职工档案表 (seed 000 二(三), seed 003): every archive field, members,
  立卡信息, housing, the income computation, evidence, sign-off;
- 建档申请表 (seed 003's layout): the applicant, 申请帮扶类别, aid already
  received from the ledger, 致困原因, 证明材料, 审核意见 and 审批意见;
- 帮扶审批表 (seed 003), one per approval number: the payment(s) approved,
  aid received before them, the union opinions;
- 困难职工解困脱困联系卡 (seed 002 7): the card, helping unit and person.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from ledger.archive import HouseholdSnapshot
from ledger.loader import Loaded
from ledger.models import HouseholdFields, MemberFields
from ledger.money import money
from ledger.payments import Payment
from reports.forms.layout import Form
from reports.tables.report import ReportError

# The attachments of an archive (seed 002 二 and seed 000 二(三)), ticked by hand.
EVIDENCE = "□ 身份证、户口簿复印件　□ 收入证明　□ 医疗费用票据、诊断证明　□ 残疾证　□ 子女就读证明　□ 民主评议记录　□ 公示材料"


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return money(value)
    if hasattr(value, "number") and hasattr(value, "currency"):  # an Amount
        return money(value.number)
    return getattr(value, "label", value)


def _title(model: type[Any], name: str) -> str:
    return str(model.model_fields[name].title)


def _pairs(fields: HouseholdFields, names: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(_title(HouseholdFields, name), _shown(getattr(fields, name))) for name in names]


def snapshot_of(loaded: Loaded, archive_no: str, as_of: datetime.date) -> HouseholdSnapshot:
    snapshot = loaded.view.household(archive_no, as_of)
    if snapshot is None:
        raise ReportError(f"账本中没有档案 {archive_no}：请核对档案编号")
    if snapshot.state is None:
        raise ReportError(f"档案 {archive_no} 在 {as_of} 尚未建档：请用 --as-of 指定建档之后的日期")
    return snapshot


def aid_received(loaded: Loaded, archive_no: str, before: datetime.date | None = None) -> list[tuple[Any, ...]]:
    """(date, category, fund, amount) of each payment to the household, net
    of its reversals, fully returned ones left out."""
    view = loaded.view
    returned: dict[str, Decimal] = {}
    for payment in view.payments:
        if payment.household == archive_no and payment.is_reversal and payment.fields.reverses:
            returned[payment.fields.reverses] = returned.get(payment.fields.reverses, Decimal(0)) + payment.total
    rows = []
    for payment in view.payments:
        if payment.household != archive_no or payment.is_reversal or (before is not None and payment.date >= before):
            continue
        net = payment.total + returned.get(payment.number or "", Decimal(0))
        if net > 0:
            line = payment.lines[0]
            rows.append((payment.date, line.category.label, line.fund.short, money(net)))
    return rows


def _members(snapshot: HouseholdSnapshot) -> list[tuple[Any, ...]]:
    rows = []
    for member in snapshot.members:
        fields: MemberFields = member.fields
        rows.append((fields.name or "", fields.relation or "", member.id_number, _shown(fields.monthly_income),
                     " ".join(str(_shown(v)) for v in (fields.school, fields.school_level, fields.health) if v)))
    return rows


def _income(snapshot: HouseholdSnapshot) -> str:
    """The archive's per-capita income, as rule A09 computes it."""
    fields = snapshot.fields
    monthly = fields.monthly_income or Decimal(0)
    monthly += sum((m.fields.monthly_income or Decimal(0) for m in snapshot.members), Decimal(0))
    if fields.annual_income:
        monthly = max(monthly, fields.annual_income / 12)
    less = sum((v or Decimal(0) for v in (fields.income_tax, fields.social_security)), Decimal(0))
    per_person = (monthly - less) / snapshot.size
    return f"（家庭月收入 {money(monthly)} − 所得税与社保 {money(less)}）÷ {snapshot.size} 人 = {money(per_person)} 元/人·月"


def archive_form(loaded: Loaded, archive_no: str, as_of: datetime.date) -> Workbook:
    """困难职工档案表."""
    snapshot = snapshot_of(loaded, archive_no, as_of)
    fields = snapshot.fields
    form = Form("困难职工档案表", as_of)
    form.line(f"档案编号：{archive_no}　　建档日期：{snapshot.archived_on}　　档案状态：{_shown(snapshot.state)}　　截至 {as_of}")
    form.section("基本情况")
    form.pairs(_pairs(fields, ("name", "sex", "id_number", "birth_date", "ethnicity", "political_status", "health",
                               "disability", "marital_status", "phone", "work_unit", "work_status")))
    form.wide(_title(HouseholdFields, "address"), _shown(fields.address))
    form.section("建档与困难情况")
    form.pairs(_pairs(fields, ("archiving_union", "locality", "level", "nature", "hardship", "cause", "causes",
                               "key_group", "dibao", "insurance")))
    form.section("立卡信息")
    form.pairs(_pairs(fields, ("bank", "card", "helper_unit", "contact_person")))
    form.wide(_title(HouseholdFields, "measures"), _shown(fields.measures))
    form.wide(_title(HouseholdFields, "plan"), _shown(fields.plan), height=30)
    form.section("住房与收入")
    form.pairs(_pairs(fields, ("housing_area", "homes", "housing_ownership", "housing_use", "monthly_income",
                               "annual_income", "income_tax", "social_security")))
    form.wide("人均收入", _income(snapshot))
    form.section("家庭成员")
    form.table(("姓名", "关系", "身份证号", "月收入", "学校、学段、健康"), (1, 1, 2, 1, 3), _members(snapshot), empty=3)
    form.wide("证明材料", EVIDENCE, height=30)
    form.wide("公示", f"{_shown(fields.notice_start)} 至 {_shown(fields.notice_end)}")
    form.box("基层工会意见", lines=3)
    form.box("县总工会审批意见", lines=3)
    form.line("困难职工（签字）：　　　　　　　　填表人：　　　　　　　　填表日期：　　　年　　月　　日")
    return form.book


def application_form(loaded: Loaded, archive_no: str, as_of: datetime.date) -> Workbook:
    """建档申请表 in seed 003's layout."""
    snapshot = snapshot_of(loaded, archive_no, as_of)
    fields = snapshot.fields
    form = Form("困难职工建档申请表", as_of)
    form.pairs([("建档编号", archive_no), *_pairs(fields, ("name", "sex", "id_number", "work_unit", "phone")),
                ("建档日期", snapshot.archived_on), *_pairs(fields, ("archiving_union", "nature", "hardship", "level"))])
    form.wide("申请帮扶类别", "　".join(f"□ {c.label}" for c in loaded.view.categories))
    form.section("已受帮扶情况（账本记录）")
    form.table(("帮扶时间", "帮扶类别", "资金来源", "金额（元）"), (2, 2, 2, 2), aid_received(loaded, archive_no), empty=2)
    form.wide("致困原因", "；".join(str(_shown(v)) for v in (fields.cause, fields.causes) if v), height=36)
    form.wide("证明材料", EVIDENCE, height=30)
    form.box("申请人", "本人承诺以上情况属实。", lines=3, signature="（签字）　　　　年　　月　　日")
    form.box("审核意见", lines=4)
    form.box("审批意见", lines=4)
    return form.book


def approval_form(loaded: Loaded, archive_no: str, as_of: datetime.date, approval: str | None) -> Workbook:
    """帮扶审批表 of one approval number (default: the household's latest)."""
    snapshot = snapshot_of(loaded, archive_no, as_of)
    fields = snapshot.fields
    mine = [p for p in loaded.view.payments if p.household == archive_no and not p.is_reversal]
    if not mine:
        raise ReportError(f"档案 {archive_no} 没有帮扶付款，没有可打印的审批表")
    approval = approval or mine[-1].fields.approval
    approved: list[Payment] = [p for p in mine if p.fields.approval == approval]
    if not approved:
        known = "、".join(sorted({str(p.fields.approval) for p in mine}))
        raise ReportError(f"档案 {archive_no} 没有审批编号为“{approval}”的付款：该户的审批编号有 {known}")
    first = min(p.date for p in approved)
    form = Form("困难职工帮扶审批表", first)
    form.line(f"审批编号：{approval}　　档案编号：{archive_no}（建档日期 {snapshot.archived_on}）")
    form.pairs(_pairs(fields, ("name", "id_number", "work_unit", "phone", "bank", "card")))
    form.wide(_title(HouseholdFields, "address"), _shown(fields.address))
    form.section("本次帮扶")
    rows = [(p.date, line.category.label, line.fund.short, money(line.amount)) for p in approved for line in p.lines]
    form.table(("发放日期", "帮扶类别", "资金来源", "金额（元）"), (2, 2, 2, 2), rows)
    form.section("已受帮扶情况（本次之前，账本记录）")
    form.table(("帮扶时间", "帮扶类别", "资金来源", "金额（元）"), (2, 2, 2, 2), aid_received(loaded, archive_no, first), empty=1)
    form.wide("致困原因", "；".join(str(_shown(v)) for v in (fields.hardship, fields.cause, fields.causes) if v), height=30)
    form.wide("证明材料", EVIDENCE, height=30)
    form.box("基层工会意见", lines=3)
    form.box("帮扶中心审核意见", lines=3)
    form.box("县总工会审批意见", lines=3)
    return form.book


def card_form(loaded: Loaded, archive_no: str, as_of: datetime.date) -> Workbook:
    """困难职工解困脱困联系卡 (seed 002 7)."""
    snapshot = snapshot_of(loaded, archive_no, as_of)
    fields = snapshot.fields
    form = Form("困难职工解困脱困联系卡", as_of)
    form.section("困难职工")
    form.pairs([("档案编号", archive_no), *_pairs(fields, ("name", "work_unit", "phone", "hardship", "cause"))])
    form.wide(_title(HouseholdFields, "address"), _shown(fields.address))
    form.section("帮扶单位与责任人")
    form.pairs(_pairs(fields, ("helper_unit", "contact_person")))
    form.wide(_title(HouseholdFields, "measures"), _shown(fields.measures), height=30)
    form.wide(_title(HouseholdFields, "plan"), _shown(fields.plan), height=48)
    form.section("联系记录")
    form.table(("日期", "联系方式", "情况与需求", "帮扶责任人签字"), (1, 1, 4, 2), [], empty=8)
    form.line("困难职工（签字）：　　　　　　　　帮扶责任人（签字）：　　　　　　　　年　　月　　日")
    return form.book
