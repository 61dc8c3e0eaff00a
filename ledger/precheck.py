"""The errors new entries would add to a loaded ledger, found before they
are written: every writing command runs this under the ledger's lock."""

from __future__ import annotations

from typing import Any

from beancount import loader
from beancount.core import data
from beancount.ops import validation

from ledger.loader import Loaded, Problem, problem_of


def precheck(loaded: Loaded, new_entries: list[Any]) -> list[tuple[Problem, Any]]:
    """The errors that the new entries add to the ledger. Runs the ledger's
    own plugins (its `plugin` lines, so the fund rules run as configured),
    beancount's balance assertions and its open-account check over the
    loaded entries plus the new ones - in memory, without parsing the
    ledger again. Returns (problem, entry) pairs."""
    entries = sorted([*loaded.entries, *new_entries], key=data.entry_sortkey)
    plugins = [*loaded.options.get("plugin", []), ("beancount.ops.balance", None)]
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
