"""`bangfu policy show LEDGER [--date D]`: the policy this ledger applies on a
date - each cap with how it is computed, per what, and its citation; the
standards and fund-specific standards in force and since when; which fund
may pay which archives; the settings - so an auditor can compare it with the
notice it implements."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
from pathlib import Path

from beancount.parser.parser import parse_string

from fund_rules.caps import rules_of
from ledger.cli import date_argument
from ledger.generated import regenerate
from ledger.loader import load
from ledger.money import money
from ledger.options import FIELDS
from ledger.policy import STANDARDS_FOR, CapFields, CategoryDeclarationFields, Per
from ledger.presets import PRESETS
from ledger.view import LedgerView, build_view
from ledger.vocab import Fund, StandardKind


def policy_lines(view: LedgerView, day: datetime.date) -> list[str]:
    preset = PRESETS[view.options.policy]
    lines = [f"帮扶政策（截至 {day}）", f"政策预设：{preset.name} {preset.title}（{preset.source}）", "", "一、帮扶上限"]
    for rule in rules_of(view):
        declared = sorted(
            (d for d in view.caps.in_force(day) if d.category.value == rule.category.value and d.per is rule.per),
            key=lambda d: (d.fields.fund is not None, d.fields.hardship is not None, d.fields.school_level is not None,
                           str(d.fields.hardship or d.fields.school_level or d.fields.fund or "")),
        )
        for d in declared:
            who = f"（{d.scope}）" if d.scope else ""
            since = d.where if d.preset is not None else f"自 {d.date}，{d.where}"
            citation = f"。依据：{d.fields.citation}" if d.fields.citation else ""
            lines.append(f"  [{rule.code.code}] {d.category.label}·{d.per.label}{who}：{d.limit}（{since}）{citation}")
    own = [c for c in view.categories if not c.builtin]
    if own:
        lines += ["", "  账本声明的帮扶类别："]
        for category in own:
            required = "、".join(n.replace("_", "-") for n in category.required) or "无"
            lines.append(f"  {category.label}（Expenses:Aid:<资金>:{category.value}；必填字段：{required}）")
    lines += ["", "二、在用的标准（custom \"standard\"）"]
    standards = sorted(view.standards.in_force(day), key=lambda s: (s.kind.value, s.scope, str(s.school_level or s.category or "")))
    if not standards:
        lines.append("  （无）")
    for standard in standards:
        qualifier = standard.school_level or standard.category
        where = "各资金通用" if standard.scope == "*" else _scope(standard.kind, standard.scope)
        extra = f"·{qualifier.label}" if qualifier is not None else ""
        meta = standard.entry.meta if standard.entry is not None else {}
        source = f"，{Path(str(meta['filename'])).name}:{meta['lineno']}" if "filename" in meta else ""
        lines.append(f"  {standard.kind.label}　{where}{extra}：{money(standard.amount)} 元（自 {standard.date}{source}）")
    lines += ["", "三、资金使用范围（custom \"fund\"）"]
    for fund in Fund:
        scope = view.fund_scopes.at(fund, day)
        since = "默认" if scope.entry is None else f"自 {scope.date}"
        levels = "、".join(level.label for level in scope.levels) or "不限"
        lines.append(f"  {fund.label}：档案级别 {levels}（{since}）")
    lines += ["", "四、设置（custom \"bangfu-option\"）"]
    options = view.options
    for name, found in FIELDS.items():
        value = getattr(options, found.name)
        shown = "、".join(map(str, value)) if isinstance(value, tuple) else str(value)
        default = found.default if found.default is not dataclasses.MISSING else None
        mark = "" if value == default else "（本账本设置）"
        lines.append(f"  {name}：{shown or '（空）'}{mark}　{found.metadata['title']}")
    return lines


def _scope(kind: StandardKind, scope: str) -> str:
    """A standard's scope as the officer knows it: a fund's name for fund
    standards, else the locality or trade as written."""
    if kind in (StandardKind.FUND_CAP, StandardKind.FESTIVAL):
        try:
            return Fund.parse(scope).label
        except ValueError:
            return scope
    return scope


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("policy", help="显示账本执行的帮扶政策（上限、标准、资金范围、设置）",
                                   description="列出某日在用的帮扶政策，便于与政策文件逐条核对。")
    actions = parser.add_subparsers(title="操作", dest="action", metavar="<操作>")
    show = actions.add_parser("show", help="显示某日在用的政策")
    show.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
    show.add_argument("--date", type=date_argument, metavar="日期", help="日期（默认账本最后一笔付款的日期）")
    show.set_defaults(func=run)
    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run(args: argparse.Namespace) -> int:
    loaded = load(args.ledger)
    view = loaded.view
    day = args.date or view.last_payment_date or view.last_date or datetime.date.today()
    print("\n".join(policy_lines(view, day)))
    return 0


# ---------------------------------------------------------------- docs/policy.md's generated parts


def fields_doc() -> str:
    """The fields of `custom "cap"` and `custom "category"`, from their models."""
    lines = ["| 指令 | 字段 | 含义 |", "|---|---|---|"]
    for directive, model in (('custom "cap"', CapFields), ('custom "category"', CategoryDeclarationFields)):
        for name, info in model.model_fields.items():
            lines.append(f"| {directive} | `{name.replace('_', '-')}` | {info.title} |")
    return "\n".join(lines) + "\n"


def units_doc() -> str:
    """The units a cap may be summed over, and the standards each may count."""
    lines = ["| 单位 | 中文 | 可依据的标准（`of:`） |", "|---|---|---|"]
    for per in Per:
        standards = "、".join(f"`{k.value}` {k.label}" for k in STANDARDS_FOR[per]) or "—（写 `percent` 或 `amount`）"
        lines.append(f"| `{per.value}` | {per.label} | {standards} |")
    return "\n".join(lines) + "\n"


def presets_doc() -> str:
    """Each preset's categories and caps, as a ledger choosing it gets them."""
    out: list[str] = []
    for preset in PRESETS.values():
        entries, _errors, _options = parse_string(f'2000-01-01 custom "bangfu-option" "policy" "{preset.name}"\n')
        view = build_view(entries)
        out += [f"#### `{preset.name}` {preset.title}", "", f"依据：{preset.source}", ""]
        own = [c for c in view.categories if not c.builtin]
        if own:
            out += ["另设类别：" + "、".join(f"{c.label}（`{c.value}`）" for c in own), ""]
        out += ["| 类别 | 单位 | 适用 | 上限 | 依据 |", "|---|---|---|---|---|"]
        for rule in rules_of(view):
            for d in view.caps:
                if d.category.value == rule.category.value and d.per is rule.per:
                    out.append(f"| {d.category.label} | {d.per.label} | {d.scope or '全部'} | {d.limit} | {d.fields.citation} |")
        out.append("")
    return "\n".join(out)


# The settings of the procedure deadlines (docs/policy.md §4), as the
# ledger writes them.
DEADLINE_SETTINGS = ("report-days", "archive-sync-days", "notice-days", "retire-age-male", "retire-age-female")


def deadlines_doc() -> str:
    """Each deadline setting with its default and meaning, from ledger/options.py."""
    lines = ["| 设置 | 默认 | 含义 |", "|---|---:|---|"]
    for name in DEADLINE_SETTINGS:
        option = FIELDS[name]
        lines.append(f"| `{name}` | {option.default} | {option.metadata['title']} |")
    return "\n".join(lines) + "\n"


DOC_BLOCKS = {"fields": fields_doc, "units": units_doc, "presets": presets_doc, "deadlines": deadlines_doc}

if __name__ == "__main__":  # rewrite the generated parts of docs/policy.md
    for block, make in DOC_BLOCKS.items():
        regenerate(Path(__file__).resolve().parents[1] / "docs" / "policy.md", block, make())
