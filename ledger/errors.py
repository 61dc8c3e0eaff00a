"""Error type and the registry of stable error codes.

Every problem bangfu reports is a beancount-style error NamedTuple
(`source, message, entry`) whose message starts with `[CODE] `, so bean-check
and Fava show the code and `bangfu check` can group by it. Each package
registers its codes here; docs/rules.md lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple


class LedgerError(NamedTuple):
    """A problem found in ledger text. The type name must equal this module
    attribute's name, or beancount's pickle cache cannot restore it."""

    source: dict[str, Any] | None
    message: str
    entry: Any


@dataclass(frozen=True)
class Code:
    code: str
    severity: str  # "error" | "warning"
    title: str  # Chinese, shown to officers and auditors
    title_en: str


CODES: dict[str, Code] = {}
_CODE_IN_MESSAGE = re.compile(r"^\[([A-Z]+[0-9]*)\]\s*")


def register(code: str, severity: str, title: str, title_en: str) -> Code:
    if severity not in ("error", "warning"):
        raise ValueError(severity)
    entry = Code(code, severity, title, title_en)
    existing = CODES.get(code)
    if existing is not None and existing != entry:
        raise ValueError(f"error code {code} registered twice with different meaning")
    CODES[code] = entry
    return entry


def coded(code: str, text: str) -> str:
    """Message text with its code prefix, e.g. "[S01] ..."."""
    if code not in CODES:
        raise KeyError(f"unregistered error code {code}")
    return f"[{code}] {text}"


def split_code(message: str) -> tuple[str | None, str]:
    """("S01", "rest") for "[S01] rest"; (None, message) when uncoded."""
    match = _CODE_IN_MESSAGE.match(message)
    if match is None:
        return None, message
    return match.group(1), message[match.end() :]


def source_of(entry: Any) -> dict[str, Any] | None:
    meta = getattr(entry, "meta", None)
    if not meta:
        return None
    return {"filename": meta.get("filename", "<unknown>"), "lineno": meta.get("lineno", 0)}


def error(code: str, entry: Any, text: str) -> LedgerError:
    return LedgerError(source_of(entry), coded(code, text), entry)


# Codes raised while reading directives into typed models (ledger/models.py).
register("S01", "error", "指令字段缺失或格式错误", "malformed or missing directive metadata")
register("S02", "error", "未知指令类型或参数错误", "unknown custom directive or wrong arguments")
register("S03", "error", "档案事件顺序错误", "household event before the household is archived")
register("S04", "error", "付款字段缺失或格式错误", "malformed or missing payment metadata")
register("S05", "error", "类别必填字段缺失", "category-specific payment field missing")
register("S06", "error", "未知选项", "unknown bangfu-option")
register("S07", "error", "未知地区或地区声明重复", "unknown or duplicate locality")
