"""The plugin entry point: pure function entries, options, config -> entries, errors.

Config (optional) is a Python literal dict, e.g.
    plugin "fund_rules" "{'disable': ['R13']}"
to switch off rules by code.
"""

from __future__ import annotations

import ast
import contextlib
import gc
from typing import Any, Callable, Iterable, Iterator

from fund_rules import eligibility, evidence, limits, money
from fund_rules.archive_rules import ARCHIVE_CHECKS
from fund_rules.context import RuleContext
from fund_rules.errors import FundRuleError
from fund_rules.structural import STRUCTURAL_CHECKS
from ledger.archive import read_archive
from ledger.errors import CODES, split_code

Rule = Callable[[RuleContext], Iterable[FundRuleError]]

# One rule = one function; the code is checked against the registry below.
RULES: tuple[tuple[str, Rule], ...] = (
    ("R01", eligibility.archived_and_active),
    ("R02", eligibility.fund_scope),
    ("R03", limits.living_aid_cap),
    ("R04", limits.medical_aid_cap),
    ("R05", limits.education_aid_cap),
    ("R06", limits.student_is_member),
    ("R07", limits.training_aid_cap),
    ("R08", limits.legal_aid_cap),
    ("R09", limits.festival_aid_cap),
    ("R10", money.no_overdraw),
    ("R11", evidence.cash_evidence),
    ("R12", evidence.card_on_archive),
    ("R13", money.year_end_unspent),
    ("R14", evidence.bank_confirmed),
)
CONFIG_SOURCE = {"filename": "<fund_rules config>", "lineno": 0}


def parse_config(config: str | None) -> tuple[frozenset[str], list[FundRuleError]]:
    """The codes to disable, and an error if the config cannot be read."""
    if not config:
        return frozenset(), []
    try:
        value = ast.literal_eval(config)
        disabled = frozenset(value.get("disable", ())) if isinstance(value, dict) else None
    except (ValueError, SyntaxError):
        disabled = None
    if disabled is None or not disabled <= set(CODES):
        text = "[S06] fund_rules 插件配置应写作 \"{'disable': ['R13']}\"，代码须为 docs/rules.md 中列出的代码"
        return frozenset(), [FundRuleError(CONFIG_SOURCE, text, None)]
    return disabled, []


def fund_rules(entries: list[Any], options_map: dict[str, Any], config: str | None = None):
    """Read the typed archive once, run every check over it, return the
    entries unchanged with the errors found."""
    with _ledger_out_of_gc():
        return entries, _check(entries, config)


@contextlib.contextmanager
def _ledger_out_of_gc() -> Iterator[None]:
    """Keep the objects beancount has just parsed out of the cyclic garbage
    collector while the rules run: the rules allocate a few objects per
    payment, which would otherwise set off full collections that walk every
    parsed entry again (seconds on a 100k-payment ledger). Nothing the
    collector could free is among them. Left alone if the host application
    froze objects itself."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _check(entries: list[Any], config: str | None) -> list[Any]:
    disabled, found = parse_config(config)
    archive, errors = read_archive(entries)
    found.extend(errors)
    for check in (*STRUCTURAL_CHECKS, *ARCHIVE_CHECKS):
        found.extend(e for e in check(archive, entries) if split_code(e.message)[0] not in disabled)
    context = RuleContext.build(archive, entries, disabled)
    for code, rule in RULES:
        if code not in disabled:
            found.extend(rule(context))
    return found


def check_entries(entries: list[Any], config: str | None = None) -> list[Any]:
    """The plugin's errors for already-loaded entries (for ledgers that do not
    name the plugin, and for the importers' pre-check)."""
    return fund_rules(entries, {}, config)[1]
