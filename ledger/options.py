"""Ledger-wide settings written as `custom "bangfu-option" "<name>" <value>`.

Settings are directives, not `option` lines, because beancount ignores
`option` lines in included files and a union keeps its settings in a
settings file. They are read once per load into the typed `Options` (as Fava
reads its `fava-option` directives into `FavaOptions`): each field declares
its ledger name (the field name in kebab case), its Chinese description and
how its value is parsed, and every user reads the parsed value. An unknown
name or a value that does not parse is an error (S06), so that a misspelt
setting never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ledger.presets import DEFAULT_PRESET, preset_named
from ledger.vocab import Fund

_LIST = re.compile(r"[,，、\s]+")


# ---------------------------------------------------------------- value parsers
# Each takes the directive's raw value (a quoted string, or a number) and
# returns the typed value, or raises ValueError with Chinese text.


def text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("应为加引号的文本")
    return value.strip()


def number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError("应为数字（不加引号）")
    return Decimal(value)


def whole(value: object) -> int:
    amount = number(value)
    if amount != amount.to_integral_value() or amount < 0:
        raise ValueError("应为非负整数（不加引号）")
    return int(amount)


def month_days(value: object) -> tuple[tuple[int, int], ...]:
    """"06-30,11-30" (commas, 、 or spaces) -> ((6, 30), (11, 30)), sorted."""
    days = []
    for part in _LIST.split(text(value)):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", part)
        if match is None:
            raise ValueError(f"“{part}”应写作 月-日，如 06-30")
        month, day = int(match.group(1)), int(match.group(2))
        datetime.date(2024, month, day)  # raises ValueError for impossible days
        days.append((month, day))
    return tuple(sorted(days))


def fund_list(value: object) -> tuple[Fund, ...]:
    """"Central,Provincial" (or Chinese names) -> funds; "" -> ()."""
    return tuple(Fund.parse(part) for part in _LIST.split(text(value)) if part)


def one_of(*choices: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        chosen = text(value)
        if chosen not in choices:
            raise ValueError(f"应为：{'、'.join(choices)}")
        return chosen

    return parse


def preset(value: object) -> str:
    """A policy preset's name (ledger/presets.py), or its Chinese alias."""
    return preset_named(text(value)).name


def about(title: str, parse: Callable[[object], Any]) -> dict[str, Any]:
    """An option's Chinese description and how its value is parsed."""
    return {"title": title, "parse": parse}


# ---------------------------------------------------------------- the options


@dataclass(frozen=True)
class Options:
    """Every bangfu option, typed. The ledger name is the field name with
    dashes (`education_year` is written "education-year")."""

    unit: str = field(default="", metadata=about("填报单位（帮扶中心所属工会全称）", text))
    unit_code: str = field(default="", metadata=about("单位代码", text))
    contact: str = field(default="", metadata=about("受理异议的部门与电话（印在公示名单上），如 县总工会帮扶中心 0431-1234567", text))
    policy: str = field(
        default=DEFAULT_PRESET,
        metadata=about("政策预设：muchuan 沐川办法（默认）、hubei 湖北式细则；账本自己的 custom \"cap\" 优先（docs/policy.md）", preset),
    )
    education_code: str = field(
        default="50404",
        metadata=about(
            "助学（金秋助学）记入的支出科目：50404 困难职工帮扶支出，或 50405 送温暖支出（docs/books.md）",
            one_of("50404", "50405"),
        ),
    )
    voucher_per: str = field(
        default="transaction",
        metadata=about("记账凭证按 transaction 每笔交易一张，或 batch 每个发放批次（同日同 batch:）一张", one_of("transaction", "batch")),
    )
    education_year: str = field(
        default="calendar",
        metadata=about("助学上限的计算年度：calendar 自然年，school 学年（9月至次年8月）", one_of("calendar", "school")),
    )
    retire_age_male: int = field(default=60, metadata=about("男职工应注销年龄（沐川办法 四(一)4）", whole))
    retire_age_female: int = field(default=55, metadata=about("女职工应注销年龄（沐川办法 四(一)4）", whole))
    relative_multiple: Decimal = field(
        default=Decimal("1.5"), metadata=about("相对困难建档收入上限（低保标准的倍数，地区可另设 multiple:）", number)
    )
    accident_multiple: Decimal = field(
        default=Decimal(3), metadata=about("意外致困建档收入上限（低保标准的倍数）", number)
    )
    area_per_person: Decimal = field(
        default=Decimal(50), metadata=about("人均住房面积上限（平方米，安阳办法第六条）", number)
    )
    cleanup_dates: tuple[tuple[int, int], ...] = field(
        default=((6, 30), (11, 30)),
        metadata=about("每年集中清理的截止日（月-日，逗号分隔；长春通知 三(二)2）", month_days),
    )
    bank_match_days: int = field(
        default=0, metadata=about("银行卡发放须在多少天内由银行回盘确认（0 表示不要求；R14）", whole)
    )
    report_days: int = field(
        default=0,
        metadata=about("发放后须在多少个工作日内录入全国困难职工帮扶系统（付款或其批次写 reported: 日期；R15；0 表示不检查）", whole),
    )
    archive_sync_days: int = field(
        default=0,
        metadata=about(
            "档案变化后另一种档案（纸质或电子）须在多少个工作日内完成同步（档案事件写 synced: 日期；A15；"
            "0 表示不检查，长春、重庆、安阳规定 30）",
            whole,
        ),
    )
    notice_days: int = field(
        default=0,
        metadata=about(
            "发放前拟帮扶人员名单须公示的工作日数（custom \"batch\" 写 notice-start、notice-end；R17；"
            "0 表示不要求公示天数，建议 5）",
            whole,
        ),
    )
    future_days: int = field(
        default=0, metadata=about("导入时允许日期晚于今天的天数（发放、下达、建档；默认 0：不允许）", whole)
    )
    bank_result_days: int = field(
        default=15, metadata=about("银行回盘行对应付款的日期窗口：付款日在回盘交易日当天或之前多少天内", whole)
    )
    reconcile_days: int = field(
        default=15,
        metadata=about("银行存款余额调节：对账单行与账本收付款金额相同、日期相差不超过多少天视为同一笔（docs/books.md）", whole),
    )
    repeat_days: int = field(
        default=30,
        metadata=about("导入发放名册时，同户同类别同资金同金额的付款相隔少于多少天视为疑似重复（--allow-repeat 确认）", whole),
    )
    year_end_funds: tuple[Fund, ...] = field(
        default=(Fund.CENTRAL, Fund.PROVINCIAL),
        metadata=about("年末结余须提示的资金（逗号分隔的资金代码；空字符串关闭年末检查）", fund_list),
    )

    def with_value(self, name: str, value: object) -> Options:
        """These options with ledger option `name` set from its raw value;
        ValueError (Chinese) for an unknown name or a value that does not parse."""
        found = FIELDS.get(name)
        if found is None:
            raise ValueError(f"未知选项 “{name}”，可用选项：{'、'.join(FIELDS)}")
        try:
            parsed = found.metadata["parse"](value)
        except ValueError as exc:
            raise ValueError(f"选项 “{name}” 的值有误：{exc}") from None
        return dataclasses.replace(self, **{found.name: parsed})


FIELDS: dict[str, dataclasses.Field[Any]] = {f.name.replace("_", "-"): f for f in dataclasses.fields(Options)}
