"""Ledger-wide settings written as `custom "bangfu-option" "<name>" <value>`.

These are directives, not `option` lines, because beancount ignores `option`
lines in included files and a union keeps its settings in a settings file.
Later issues add options here; an unknown name is an error (S06) so that a
misspelt setting never silently falls back to a default.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from dataclasses import dataclass
from typing import Any, Callable

from ledger.vocab import Fund


def month_days(value: str) -> list[tuple[int, int]]:
    """"06-30,11-30" -> [(6, 30), (11, 30)]."""
    days = []
    for part in re.split(r"[,，、\s]+", value):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", part)
        if match is None:
            raise ValueError(f"“{part}”应写作 月-日，如 06-30")
        month, day = int(match.group(1)), int(match.group(2))
        datetime.date(2024, month, day)  # raises ValueError for impossible days
        days.append((month, day))
    return days


@dataclass(frozen=True)
class OptionSpec:
    name: str
    kind: type
    default: Any
    title: str  # Chinese description for docs and errors
    choices: tuple[Any, ...] | None = None
    validate: Callable[[Any], None] | None = None  # raises ValueError with Chinese text


def fund_list(value: str) -> tuple[Fund, ...]:
    """"Central,Provincial" (or Chinese names) -> funds; "" -> ()."""
    return tuple(Fund.parse(part) for part in re.split(r"[,，、\s]+", value) if part)


OPTION_SPECS: dict[str, OptionSpec] = {
    spec.name: spec
    for spec in (
        OptionSpec("unit", str, "", "填报单位（帮扶中心所属工会全称）"),
        OptionSpec("unit-code", str, "", "单位代码"),
        OptionSpec(
            "education-year",
            str,
            "calendar",
            "助学上限的计算年度：calendar 自然年，school 学年（9月至次年8月）",
            ("calendar", "school"),
        ),
        OptionSpec("retire-age-male", Decimal, Decimal(60), "男职工应注销年龄（沐川办法 四(一)4）"),
        OptionSpec("retire-age-female", Decimal, Decimal(55), "女职工应注销年龄（沐川办法 四(一)4）"),
        OptionSpec("relative-multiple", Decimal, Decimal("1.5"), "相对困难建档收入上限（低保标准的倍数，地区可另设 multiple:）"),
        OptionSpec("accident-multiple", Decimal, Decimal(3), "意外致困建档收入上限（低保标准的倍数）"),
        OptionSpec("area-per-person", Decimal, Decimal(50), "人均住房面积上限（平方米，安阳办法第六条）"),
        OptionSpec(
            "cleanup-dates", str, "06-30,11-30", "每年集中清理的截止日（月-日，逗号分隔；长春通知 三(二)2）",
            validate=month_days,
        ),
        OptionSpec(
            "bank-match-days", Decimal, Decimal(0),
            "银行卡发放须在多少天内由银行回盘确认（0 表示不要求；R14）",
        ),
        OptionSpec(
            "year-end-funds",
            str,
            "Central,Provincial",
            "年末结余须提示的资金（逗号分隔的资金代码；空字符串关闭年末检查）",
            validate=fund_list,
        ),
    )
}


class Options(dict[str, Any]):
    """Option values by name, defaults filled in."""

    @classmethod
    def defaults(cls) -> Options:
        return cls({name: spec.default for name, spec in OPTION_SPECS.items()})


def check_option(name: str, value: Any) -> str | None:
    """Chinese problem text for a bad option, or None if it is fine."""
    spec = OPTION_SPECS.get(name)
    if spec is None:
        known = "、".join(OPTION_SPECS)
        return f"未知选项 “{name}”，可用选项：{known}"
    if spec.kind is str and not isinstance(value, str):
        return f"选项 “{name}” 的值应为加引号的文本"
    if spec.kind is Decimal and (isinstance(value, bool) or not isinstance(value, (int, Decimal))):
        return f"选项 “{name}” 的值应为数字（不加引号）"
    if spec.choices is not None and value not in spec.choices:
        return f"选项 “{name}” 的值应为：{'、'.join(map(str, spec.choices))}"
    if spec.validate is not None:
        try:
            spec.validate(value)
        except ValueError as exc:
            return f"选项 “{name}” 的值有误：{exc}"
    return None
