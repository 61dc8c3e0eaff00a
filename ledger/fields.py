"""Field types shared by the directive models, and Chinese validation messages.

Metadata keys in the ledger are kebab-case (`id-number`, `out-of-pocket`);
model attributes are snake_case. Every field carries a Chinese `title`, so a
validation error can say which field, in the officer's words, and what was
expected.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, TypeVar, cast, get_args

from beancount.core.amount import Amount
from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainValidator, ValidationError

from ledger.identity import normalise_id
from ledger.money import CURRENCY
from ledger.vocab import Category, Cause, Fund, Hardship, Labeled, Level, Method, Nature, SchoolLevel, Sex

# Metadata beancount or Fava add by themselves; never user fields.
_SYSTEM_KEYS = frozenset({"filename", "lineno"})


def kebab(name: str) -> str:
    return name.replace("_", "-")


class MetaModel(BaseModel):
    """Base of all metadata models: kebab-case keys, unknown keys rejected
    (a typo like `out-of-pocke` must not silently drop a cap input)."""

    model_config = ConfigDict(
        alias_generator=kebab,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        # Schemas are built on first full validation: the hot paths use
        # fast_validate, and building ten schemas costs ~0.3 s per process.
        defer_build=True,
    )


def user_meta(meta: dict[str, Any] | None) -> dict[str, Any]:
    """Metadata written by the user: no filename/lineno, no `__x__` keys, and no
    `document*` keys (those belong to Fava's link_documents plugin)."""
    if not meta:
        return {}
    return {
        key: value
        for key, value in meta.items()
        if key not in _SYSTEM_KEYS and not key.startswith("__") and not key.startswith("document")
    }


def _to_money(value: Any) -> Any:
    if isinstance(value, Amount):
        if value.currency != CURRENCY:
            raise ValueError(f"币种应为 {CURRENCY}，实为 {value.currency}")
        return value.number
    if isinstance(value, bool):
        raise ValueError("应为金额，如 1500.00 或 1500.00 CNY")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    raise ValueError("应为金额数字（不加引号），如 1500.00 或 1500.00 CNY")


def _to_decimal(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("应为数字（不加引号），如 45.5")
    return Decimal(value)


def _to_int(value: Any) -> Any:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError("应为整数（不加引号），如 2")


def _to_date(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value
    raise ValueError("应为日期（不加引号），如 2024-03-15")


def _to_text(value: Any) -> Any:
    if isinstance(value, str):
        return value
    raise ValueError('应为加引号的文本，如 "某某"')


def _to_id_number(value: Any) -> Any:
    """Quoted text, normalised (X upper-case, 15 digits -> 18); whether it is a
    valid number is checked by the archive rules (A01), which can say why."""
    if not isinstance(value, str):
        raise ValueError('身份证号须加引号书写，如 "11010519491231002X"')
    return normalise_id(value)


def _to_card(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError('银行卡号须加引号书写，如 "6222021234567890128"')
    text = re.sub(r"[\s-]", "", value)
    if not text.isdigit():
        raise ValueError(f"银行卡号“{value}”只能包含数字")
    return text


E = TypeVar("E", bound=Labeled | Category)


def list_of(cls: type[E]) -> Callable[[Any], tuple[E, ...]]:
    """Parser of a comma/、-separated list of enum values (or categories) in one string."""

    def parse(value: Any) -> tuple[E, ...]:
        if not isinstance(value, str):
            raise ValueError('应为加引号的列表，如 "生活救助,医疗救助"')
        return tuple(cast(E, cls.parse(part)) for part in re.split(r"[,，、\s]+", value) if part)

    return parse


Money = Annotated[Decimal, BeforeValidator(_to_money)]
Number = Annotated[Decimal, BeforeValidator(_to_decimal)]
Count = Annotated[int, BeforeValidator(_to_int)]
Day = Annotated[datetime.date, BeforeValidator(_to_date)]
Text = Annotated[str, BeforeValidator(_to_text)]
IdNumber = Annotated[str, BeforeValidator(_to_id_number)]
CardNumber = Annotated[str, BeforeValidator(_to_card)]

# Enum fields accept the code or any Chinese name (`"全国级"` or `"national"`).
SexValue = Annotated[Sex, BeforeValidator(Sex.parse)]
LevelValue = Annotated[Level, BeforeValidator(Level.parse)]
NatureValue = Annotated[Nature, BeforeValidator(Nature.parse)]
HardshipValue = Annotated[Hardship, BeforeValidator(Hardship.parse)]
CauseValue = Annotated[Cause, BeforeValidator(Cause.parse)]
SchoolLevelValue = Annotated[SchoolLevel, BeforeValidator(SchoolLevel.parse)]
# A category is parsed against the categories in use (the ledger's own while
# its view is read: ledger/vocab.py `reading_categories`).
CategoryValue = Annotated[Category, PlainValidator(Category.parse)]
FundValue = Annotated[Fund, BeforeValidator(Fund.parse)]
MethodValue = Annotated[Method, BeforeValidator(Method.parse)]
CauseList = Annotated[tuple[Cause, ...], BeforeValidator(list_of(Cause))]
LevelList = Annotated[tuple[Level, ...], BeforeValidator(list_of(Level))]
CategoryList = Annotated[tuple[Category, ...], PlainValidator(list_of(Category))]


def _strict_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("not a bool")


_FAST_TABLES: dict[type, dict[str, tuple[str, Callable[[Any], Any]]] | None] = {}
_AFTER: dict[type, list[Callable[[Any], Any]]] = {}


def _fast_table(model: type[MetaModel]) -> dict[str, tuple[str, Callable[[Any], Any]]] | None:
    """metadata key -> (attribute, converter), taken from the fields' own
    BeforeValidators; None if some field has no such converter."""
    table: dict[str, tuple[str, Callable[[Any], Any]]] = {}
    for name, info in model.model_fields.items():
        converter: Callable[[Any], Any] | None = None
        for arg in (info.annotation, *get_args(info.annotation)):
            for meta in getattr(arg, "__metadata__", ()):
                if isinstance(meta, BeforeValidator | PlainValidator):
                    converter = meta.func  # type: ignore[assignment]  # ours take the value only
        if converter is None and bool in get_args(info.annotation):
            converter = _strict_bool
        if converter is None and isinstance(info.annotation, type) and issubclass(info.annotation, Labeled):
            converter = info.annotation.parse  # e.g. `event`, injected by the reader
        if converter is None:
            return None
        table[info.alias or name] = (name, converter)
    return table


def _after_validators(model: type[MetaModel]) -> list[Callable[[Any], Any]]:
    decorators = model.__pydantic_decorators__.model_validators.values()
    return [d.func for d in decorators if d.info.mode == "after"]


def fast_validate(model: type[M], data: dict[str, Any]) -> M | None:
    """The validated model for well-formed `data`, built with the very same
    converters pydantic would run, without pydantic's per-call overhead;
    None when anything is unusual, so the caller runs full validation (which
    also produces the precise error). Used on the hot path: one call per
    payment, 100k payments a year in a large ledger."""
    if model not in _FAST_TABLES:
        _FAST_TABLES[model] = _fast_table(model)
        _AFTER[model] = _after_validators(model)
    table = _FAST_TABLES[model]
    if table is None:
        return None
    values = {}
    for key, raw in data.items():
        spec = table.get(key)
        if spec is None:
            return None
        try:
            value = spec[1](raw)
        except (ValueError, TypeError):
            return None
        values[spec[0]] = value.strip() if type(value) is str else value
    instance = construct(model, values)
    for check in _AFTER[model]:
        try:
            check(instance)
        except (ValueError, TypeError):
            return None
    return instance


_DEFAULTS: dict[type, dict[str, Any]] = {}


def construct(model: type[M], values: dict[str, Any]) -> M:
    """What `model_construct` does for our all-optional, default-None models,
    minus its per-field default machinery (a third of the plugin's time)."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {name: info.default for name, info in model.model_fields.items()}
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", {**defaults, **values})
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


M = TypeVar("M", bound=MetaModel)

_TYPE_HINTS = {
    "missing": "缺少必填字段",
    "bool_type": "应为 TRUE 或 FALSE（不加引号）",
    "bool_parsing": "应为 TRUE 或 FALSE（不加引号）",
    "string_type": '应为加引号的文本，如 "某某"',
}


def describe_validation(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """Turn a pydantic error into Chinese lines: field key, its title, what to fix."""
    lines = []
    fields = model.model_fields
    for err in exc.errors():
        loc = [str(part) for part in err["loc"]]
        name = loc[0] if loc else ""
        key = kebab(name)
        field = fields.get(name) or fields.get(name.replace("-", "_"))
        title = f"（{field.title}）" if field is not None and field.title else ""
        if err["type"] == "extra_forbidden":
            allowed = sorted(kebab(n) for n in fields)
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"是否应为 `{close[0]}`？" if close else f"可用字段：{', '.join(allowed)}"
            lines.append(f"未知字段 `{name}`：{hint}")
            continue
        if err["type"] in _TYPE_HINTS:
            text = _TYPE_HINTS[err["type"]]
        elif err["type"] == "value_error":
            text = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
        else:
            text = err["msg"]
        where = f"字段 `{key}`{title}" if key else "指令"
        lines.append(f"{where}：{text}")
    return lines
