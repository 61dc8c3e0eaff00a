"""Ledger-wide settings written as `custom "bangfu-option" "<name>" <value>`.

These are directives, not `option` lines, because beancount ignores `option`
lines in included files and a union keeps its settings in a settings file.
Later issues add options here; an unknown name is an error (S06) so that a
misspelt setting never silently falls back to a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ledger.vocab import Fund


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
    if spec.choices is not None and value not in spec.choices:
        return f"选项 “{name}” 的值应为：{'、'.join(map(str, spec.choices))}"
    if spec.validate is not None:
        try:
            spec.validate(value)
        except ValueError as exc:
            return f"选项 “{name}” 的值有误：{exc}"
    return None
