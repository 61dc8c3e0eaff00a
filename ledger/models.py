"""Typed models of bangfu's `custom` directives.

    custom "household" "<archive-no>" "<event>"        archive events (domain.md "Archives")
    custom "member" "<archive-no>" "<id-number>" ["removed"]
    custom "standard" "<kind>" "<scope>" <amount> CNY  dated standards, in force until the next
    custom "locality" "<locality>"                      a locality the union serves
    custom "fund" "<Fund>"                              a fund's scope (levels, categories)
    custom "bangfu-option" "<name>" <value>             ledger-wide settings
    custom "batch" "<batch>"                            a payment batch's public notice
    custom "close" <through> "sha256:..."               a sealed period (ledger/seal.py, read there)
    custom "reopen" <through> "<reason>"                a closing lifted

docs/ledger-format.md is the user-facing contract for all of these.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from ledger.fields import (
    CardNumber,
    CategoryList,
    CategoryValue,
    CauseList,
    CauseValue,
    Count,
    Day,
    HardshipValue,
    IdNumber,
    LevelList,
    LevelValue,
    MetaModel,
    Money,
    NatureValue,
    Number,
    SchoolLevelValue,
    SexValue,
    Text,
)
from ledger.vocab import (
    Category,
    Event,
    Fund,
    Labeled,
    Level,
    SchoolLevel,
    StandardKind,
)


class NoticeFields(MetaModel):
    """A public notice's dates (公示), on an archiving (seed 003 建档程序 三(三))
    and on a payment batch (seed 003 三(二))."""

    notice_start: Day | None = Field(None, title="公示开始日期")
    notice_end: Day | None = Field(None, title="公示结束日期")


class HouseholdFields(NoticeFields):
    """Archive-form fields (困难职工档案表, seed 003 and domain.md). All optional
    here; which are required depends on the event."""

    name: Text | None = Field(None, title="姓名")
    id_number: IdNumber | None = Field(None, title="身份证号")
    sex: SexValue | None = Field(None, title="性别")
    birth_date: Day | None = Field(None, title="出生日期")
    ethnicity: Text | None = Field(None, title="民族")
    political_status: Text | None = Field(None, title="政治面貌")
    health: Text | None = Field(None, title="健康状况")
    disability: Text | None = Field(None, title="残疾类别")
    marital_status: Text | None = Field(None, title="婚姻状况")
    single_parent: bool | None = Field(None, title="是否单亲")
    dibao: bool | None = Field(None, title="是否享受低保")
    insurance: Text | None = Field(None, title="医保类型")
    work_status: Text | None = Field(None, title="工作状态")
    locality: Text | None = Field(None, title="所在地区")
    level: LevelValue | None = Field(None, title="档案级别")
    nature: NatureValue | None = Field(None, title="档案性质")
    hardship: HardshipValue | None = Field(None, title="困难类别")
    cause: CauseValue | None = Field(None, title="主要致困原因")
    causes: CauseList | None = Field(None, title="次要致困原因")
    archiving_union: Text | None = Field(None, title="建档单位")
    work_unit: Text | None = Field(None, title="工作单位")
    phone: Text | None = Field(None, title="联系电话")
    address: Text | None = Field(None, title="家庭住址")
    hukou_type: Text | None = Field(None, title="户口性质")
    hukou_address: Text | None = Field(None, title="户籍地址")
    bank: Text | None = Field(None, title="开户银行")
    card: CardNumber | None = Field(None, title="银行卡号")
    monthly_income: Money | None = Field(None, title="本人月收入")
    annual_income: Money | None = Field(None, title="家庭年度总收入")
    income_tax: Money | None = Field(None, title="家庭每月缴纳所得税")
    social_security: Money | None = Field(None, title="家庭每月社会保障支出")
    expense_illness: Money | None = Field(None, title="每月患病必要支出")
    expense_schooling: Money | None = Field(None, title="每月子女上学必要支出")
    expense_disability: Money | None = Field(None, title="每月残疾必要支出")
    expense_accident: Money | None = Field(None, title="每月意外致困必要支出")
    housing_area: Number | None = Field(None, title="住房面积（平方米）")
    homes: Count | None = Field(None, title="住房套数")
    commercial: bool | None = Field(None, title="拥有商业店铺或经营性房产")
    employs: bool | None = Field(None, title="雇佣他人从事经营活动")
    private_school: bool | None = Field(None, title="子女就读高收费私立学校")
    abroad: bool | None = Field(None, title="子女自费出国留学")
    vehicle: bool | None = Field(None, title="非受雇佣经常使用机动车辆、船舶、工程机械或大型农机具")
    socialised_retiree: bool | None = Field(None, title="已实行社会化管理的退休人员")
    housing_ownership: Text | None = Field(None, title="住房产权性质")
    housing_use: Text | None = Field(None, title="住房使用方式")
    key_group: Text | None = Field(None, title="五类重点群体")
    measures: Text | None = Field(None, title="帮扶措施（四个一批）")
    helper_unit: Text | None = Field(None, title="帮扶单位")
    contact_person: Text | None = Field(None, title="帮扶责任人")
    plan: Text | None = Field(None, title="帮扶计划")
    synced: Day | None = Field(None, title="纸质档案与电子档案完成同步的日期")
    reason: Text | None = Field(None, title="原因")
    note: Text | None = Field(None, title="备注")
    import_key: Text | None = Field(None, title="导入键（bangfu import 自动写入）")


ARCHIVE_REQUIRED = ("name", "id_number", "locality", "level", "nature", "hardship", "cause")
# Closing events must say why (seed 003 四(一) lists the grounds for cancellation).
REASON_REQUIRED = frozenset({Event.EXITED, Event.CANCELLED, Event.RETURNED, Event.BLACKLISTED})


class HouseholdEventFields(HouseholdFields):
    """Fields of one household event; `event` is injected from the directive."""

    event: Event = Field(exclude=True)

    @model_validator(mode="after")
    def _required_for_event(self) -> HouseholdEventFields:
        if self.event is Event.ARCHIVED:
            missing = [n for n in ARCHIVE_REQUIRED if getattr(self, n) is None]
            if missing:
                names = "、".join(
                    f"`{n.replace('_', '-')}`（{type(self).model_fields[n].title}）" for n in missing
                )
                raise ValueError(f"建档事件缺少必填字段：{names}")
        if self.event in REASON_REQUIRED and self.reason is None:
            raise ValueError(f"{self.event.label}事件须写明原因 `reason`")
        return self


@dataclass(frozen=True, slots=True)
class HouseholdEvent:
    date: datetime.date
    archive_no: str
    event: Event
    fields: HouseholdFields
    entry: Any


class MemberEvent(Labeled):
    ADDED = "added", "加入", "新增"
    CHANGED = "changed", "变更"
    REMOVED = "removed", "移出", "退出"


class MemberFields(MetaModel):
    name: Text | None = Field(None, title="姓名")
    relation: Text | None = Field(None, title="与申请人关系")
    sex: SexValue | None = Field(None, title="性别")
    birth_date: Day | None = Field(None, title="出生日期")
    monthly_income: Money | None = Field(None, title="月收入")
    work_unit: Text | None = Field(None, title="单位")
    school: Text | None = Field(None, title="学校")
    school_level: SchoolLevelValue | None = Field(None, title="学段")
    dibao: bool | None = Field(None, title="是否享受低保")
    insurance: Text | None = Field(None, title="医保状况")
    health: Text | None = Field(None, title="健康状况")
    disability: Text | None = Field(None, title="残疾类别")
    disability_cert: Text | None = Field(None, title="残疾证号")
    reason: Text | None = Field(None, title="原因")
    note: Text | None = Field(None, title="备注")
    import_key: Text | None = Field(None, title="导入键（bangfu import 自动写入）")


class MemberEventFields(MemberFields):
    event: MemberEvent = Field(exclude=True)

    @model_validator(mode="after")
    def _required_for_event(self) -> MemberEventFields:
        if self.event is MemberEvent.ADDED:
            missing = [n for n in ("name", "relation") if getattr(self, n) is None]
            if missing:
                raise ValueError("加入成员须写明 " + "、".join(f"`{n}`" for n in missing))
        return self


@dataclass(frozen=True, slots=True)
class MemberRecord:
    date: datetime.date
    archive_no: str
    id_number: str
    event: MemberEvent
    fields: MemberFields
    entry: Any


class StandardFields(MetaModel):
    school_level: SchoolLevelValue | None = Field(None, title="学段")
    locality: Text | None = Field(None, title="地区")
    category: CategoryValue | None = Field(None, title="帮扶类别（资金专项标准）")
    note: Text | None = Field(None, title="备注")


@dataclass(frozen=True, slots=True)
class Standard:
    """A standard in force from `date` until the next one with the same key."""

    date: datetime.date
    kind: StandardKind
    scope: str
    amount: Decimal
    school_level: SchoolLevel | None
    locality: str | None
    category: Category | None
    entry: Any


class LocalityFields(MetaModel):
    full_name: Text | None = Field(None, title="全称")
    region_code: Text | None = Field(None, title="行政区划代码")
    multiple: Number | None = Field(None, title="相对困难建档收入上限（低保标准的倍数）")
    area_per_person: Number | None = Field(None, title="人均住房面积上限（平方米）")
    note: Text | None = Field(None, title="备注")


@dataclass(frozen=True, slots=True)
class Locality:
    date: datetime.date
    name: str
    fields: LocalityFields
    entry: Any


class FundFields(MetaModel):
    name: Text | None = Field(None, title="资金名称")
    levels: LevelList | None = Field(None, title="可帮扶的档案级别")
    categories: CategoryList | None = Field(None, title="可支出的帮扶类别")
    note: Text | None = Field(None, title="备注")


@dataclass(frozen=True, slots=True)
class FundScope:
    """Which archive levels and categories a fund may pay (seed 004 art. 2)."""

    date: datetime.date
    fund: Fund
    levels: tuple[Level, ...]
    categories: tuple[Category, ...]
    entry: Any


# Defaults when a ledger declares no `custom "fund"`: central and provincial
# money pays national-level archives only (seed 004 art. 2); all categories.
DEFAULT_FUND_LEVELS: dict[Fund, tuple[Level, ...]] = {
    Fund.CENTRAL: (Level.NATIONAL,),
    Fund.PROVINCIAL: (Level.NATIONAL,),
    Fund.LOCAL: tuple(Level),
    Fund.UNION_DUES: tuple(Level),
    Fund.DONATIONS: tuple(Level),
}


class BatchFields(NoticeFields):
    """`custom "batch" "<batch>"`: the public notice of a payment batch's
    proposed recipients in their units, before payment (seed 003 三(二)),
    and/or the date the batch was entered into the national system (seed
    003 三(五)), for its payments that carry no `reported:` of their own."""

    reported: Day | None = Field(None, title="本批录入全国困难职工帮扶系统的日期")
    note: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _both_dates(self) -> BatchFields:
        if (self.notice_start is None) != (self.notice_end is None):
            raise ValueError("批次公示须写明 `notice-start`（公示开始日期）与 `notice-end`（公示结束日期）")
        if self.notice_start is None and self.reported is None:
            raise ValueError(
                "批次指令须写公示日期 `notice-start` 与 `notice-end`，或录入系统的日期 `reported`，或都写"
            )
        if self.notice_start is not None and self.notice_end is not None and self.notice_end < self.notice_start:
            raise ValueError(f"公示结束日期 {self.notice_end} 早于开始日期 {self.notice_start}")
        return self


@dataclass(frozen=True, slots=True)
class BatchNotice:
    """A payment batch as declared: its public notice, from `notice_start`
    to `notice_end` (both included; None: no notice declared), and the date
    it was entered into the national system (`reported`); payments carry
    the batch in `batch:`."""

    date: datetime.date
    batch: str
    notice_start: datetime.date | None
    notice_end: datetime.date | None
    entry: Any
    reported: datetime.date | None = None
