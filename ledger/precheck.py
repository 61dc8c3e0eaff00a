"""The errors new entries would add to a loaded ledger, found before they
are written: every writing command runs this under the ledger's lock."""

from __future__ import annotations

from typing import Any

from beancount import loader
from beancount.core import data
from beancount.ops import validation

from ledger.loader import Loaded, Problem, problem_of
from ledger.view import VIEW_KEY, LedgerView


def precheck(loaded: Loaded, new_entries: list[Any]) -> list[tuple[Problem, Any]]:
    """The errors that the new entries add to the ledger. Runs the ledger's
    own plugins (its `plugin` lines, so the fund rules run as configured),
    beancount's balance assertions and its open-account check over the
    loaded entries plus the new ones - in memory, without parsing the
    ledger again. Returns (problem, entry) pairs.

    It starts from the entries the fund_rules plugin was given in the load
    (the view's) and runs that plugin and the ones after it, then padding and
    balances, so each plugin sees what it sees in a real load: a later
    plugin's changes (Fava's link_documents adds links and tags) are not fed
    to the rules, which seal closed periods with a digest (ledger/seal.py)."""
    plugins = list(loaded.options.get("plugin", []))
    start = next((i for i, (name, _config) in enumerate(plugins) if name == "fund_rules"), None)
    found = loaded.options.get(VIEW_KEY)
    if start is not None and isinstance(found, LedgerView) and found.stamp is not None:
        base, plugins = found.entries, [*plugins[start:], ("beancount.ops.pad", None)]
    else:
        base = loaded.entries
    entries = sorted([*base, *new_entries], key=data.entry_sortkey)
    plugins = [*plugins, ("beancount.ops.balance", None)]
    options = {**loaded.options, "plugin": plugins, "plugin_processing_mode": "raw"}
    entries, errors = loader.run_transformations(entries, [], options, None)
    errors = [*errors, *validation.validate_active_accounts(entries, options)]  # type: ignore[no-untyped-call]
    before = {(p.filename, p.lineno, p.message) for p in map(problem_of, loaded.errors)}
    added = []
    for error in errors:
        problem = problem_of(error)
        if (problem.filename, problem.lineno, problem.message) not in before:
            added.append((problem, error.entry))
    return added
