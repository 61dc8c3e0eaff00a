"""The plugin entry point: entries, options, config -> entries, errors.

The plugin reads the ledger into its typed view once (ledger/view.py), runs
every check over it, and returns the entries unchanged with the errors found.
It also leaves the view in the options map, so that `bangfu check`, the
reports, Fava's extension and the importers use this very view instead of
reading the ledger again (and so that beancount's pickle cache knows which
code made its results).

Config (optional) is a Python literal dict, e.g.
    plugin "fund_rules" "{'disable': ['R13']}"
to switch off rules by code.
"""

from __future__ import annotations

import ast
import contextlib
import gc
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from fund_rules import eligibility, evidence, files, limits, money, sealed
from fund_rules.archive_rules import ARCHIVE_CHECKS
from fund_rules.caps import exceeded_with
from fund_rules.codes import R03, R04, R05, R07, R08, R09, R16, S17, S19
from fund_rules.structural import STRUCTURAL_CHECKS
from ledger.errors import CODES, S06, LedgerError
from ledger.view import LedgerView, attach, build_view

Check = Callable[[LedgerView], Iterator[LedgerError]]

# The fund rules in the order of their codes; the cap rules are the ledger's
# cap declarations (fund_rules/caps.py `rules_of`), run by code.
RULES: tuple[Check, ...] = (
    eligibility.archived_and_active,  # R01
    eligibility.fund_scope,  # R02
    partial(exceeded_with, code=R03),  # R03
    limits.one_out_of_pocket_per_bill,  # R04
    partial(exceeded_with, code=R04),  # R04
    partial(exceeded_with, code=R05),  # R05
    limits.student_is_member,  # R06
    partial(exceeded_with, code=R07),  # R07
    partial(exceeded_with, code=R08),  # R08
    partial(exceeded_with, code=R09),  # R09
    money.no_overdraw,  # R10
    evidence.cash_evidence,  # R11
    evidence.card_on_archive,  # R12
    money.year_end_unspent,  # R13
    evidence.bank_confirmed,  # R14
    evidence.reported_in_time,  # R15
    partial(exceeded_with, code=R16),  # R16: caps declared beyond the built-in six
    evidence.noticed_before_payment,  # R17
)
CHECKS: tuple[Check, ...] = (*STRUCTURAL_CHECKS, *ARCHIVE_CHECKS, *RULES)
CONFIG_SOURCE = {"filename": "<fund_rules config>", "lineno": 0}
# The packages whose code decides this plugin's results (beancount caches them).
CODE = ("ledger", "fund_rules")


def parse_config(config: str | None) -> tuple[frozenset[str], list[LedgerError]]:
    """The codes to disable, and an error if the config cannot be read."""
    if not config:
        return frozenset(), []
    try:
        value = ast.literal_eval(config)
        disabled = frozenset(value.get("disable", ())) if isinstance(value, dict) else None
    except (ValueError, SyntaxError):
        disabled = None
    if disabled is None or not disabled <= set(CODES):
        text = "fund_rules 插件配置应写作 \"{'disable': ['R13']}\"，代码须为 docs/rules.md 中列出的代码"
        return frozenset(), [S06.at(None, text, source=CONFIG_SOURCE)]
    return disabled, []


def fund_rules(
    entries: list[Any], options_map: dict[str, Any], config: str | None = None
) -> tuple[list[Any], list[LedgerError]]:
    """Read the typed view once, run every check over it, return the entries
    unchanged with the errors found."""
    disabled, found = parse_config(config)
    with _ledger_out_of_gc():
        view = build_view(entries)
        attach(options_map, view, CODE)
        found.extend(view.problems)
        for check in CHECKS:
            found.extend(error for error in check(view) if error.code not in disabled)
        if S17.code not in disabled:  # the folder's files, not the entries: no walk when switched off
            found.extend(files.forgotten_files(options_map))
        if S19.code not in disabled:  # closed periods (with the ledger's folder: documents' paths are relative)
            found.extend(sealed.sealed_periods(view, options_map))
    return entries, found


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


def check_entries(
    entries: list[Any], options_map: dict[str, Any], config: str | None = None
) -> list[LedgerError]:
    """The plugin's errors for already-loaded entries (for ledgers that do not
    name the plugin); the view it builds is left in `options_map`."""
    return fund_rules(entries, options_map, config)[1]
