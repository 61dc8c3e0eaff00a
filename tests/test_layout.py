"""Imports flow one way: ledger imports none of our packages; fund_rules and
importers import ledger only; reports may also import fund_rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

OURS = {"ledger", "fund_rules", "importers", "reports"}
ALLOWED = {
    "ledger": set(),
    "fund_rules": {"ledger"},
    "importers": {"ledger"},
    "reports": {"ledger", "fund_rules"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_flow_one_way(package):
    offending = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        upward = imported_packages(path) - ALLOWED[package] - {package}
        if upward:
            offending[str(path.relative_to(ROOT))] = sorted(upward)
    assert offending == {}


def test_error_types_are_pickle_safe():
    """beancount's pickle cache needs each error type's name to equal its
    module attribute."""
    import pickle

    from fund_rules.codes import R10
    from ledger import errors
    from ledger.vocab import Fund

    assert errors.LedgerError.__name__ == "LedgerError" and errors.LedgerError.__module__ == errors.__name__
    value = R10.at(None, "测试", fund=Fund.CENTRAL, household="H1", payment="P1", source={"filename": "a", "lineno": 1})
    assert pickle.loads(pickle.dumps(value)) == value
