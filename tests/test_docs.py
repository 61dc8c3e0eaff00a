"""The docs are the contract: their example loads clean and rules.md lists
exactly the codes bangfu can raise."""

from __future__ import annotations

import re

import fund_rules.codes  # noqa: F401  (declares the fund_rules codes)
from ledger.errors import CODES
from ledger.generated import generated

from conftest import ROOT, check_json

DOCS = ROOT / "docs"


def complete_example() -> str:
    text = (DOCS / "ledger-format.md").read_text(encoding="utf-8")
    block = text.split("<!-- complete-example:start -->", 1)[1].split("<!-- complete-example:end -->", 1)[0]
    return block.split("```beancount\n", 1)[1].rsplit("```", 1)[0]


def test_format_doc_example_is_a_clean_ledger(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text(complete_example(), encoding="utf-8")
    status, report = check_json(path)
    assert status == 0, report["problems"]
    assert report["problems"] == []


def test_format_doc_example_covers_every_directive():
    example = complete_example()
    for needle in ('custom "household"', 'custom "member"', 'custom "standard"', 'custom "locality"',
                   'custom "fund"', 'custom "bangfu-option"', 'custom "batch"', "reverses:", "out-of-pocket:", "student:",
                   'method: "现金"', "Income:Fund:", "Expenses:Aid:"):
        assert needle in example, needle


def test_rules_doc_lists_exactly_the_registered_codes():
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| ([A-Z]+\d+) \| (错误|警告) \|", text, flags=re.MULTILINE)
    assert sorted(code for code, _ in documented) == sorted(CODES)
    for code, severity in documented:
        assert CODES[code].severity == {"错误": "error", "警告": "warning"}[severity], code


def test_consolidation_doc_lists_the_declared_columns():
    from reports.consolidation.submission import columns_doc

    table = generated(DOCS / "consolidation.md", "columns")
    assert table == columns_doc(), "run: .venv/bin/python -m reports.consolidation.submission"


def test_format_doc_lists_exactly_the_options():
    from ledger.options import FIELDS

    text = (DOCS / "ledger-format.md").read_text(encoding="utf-8")
    section = text.split("### 3.1", 1)[1].split("###", 1)[0]
    documented = set(re.findall(r"`([a-z][a-z-]+)`", "".join(line.split("|")[1] for line in section.splitlines()
                                                                  if line.startswith("| `"))))
    assert documented == set(FIELDS)


def test_import_doc_names_every_required_column():
    from importers.kinds import KINDS

    text = (DOCS / "import.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        row = next(line for line in text.splitlines() if line.startswith(f"| {kind.label} `{kind.name}`"))
        for part in kind.parts:
            for column in part.columns:
                if column.required:
                    assert column.header in row, (kind.name, column.header)


def test_import_doc_lists_exactly_the_accepted_words():
    from importers.kinds import aliases_doc

    table = generated(DOCS / "import.md", "aliases")
    assert table == aliases_doc(), "run: .venv/bin/python -m importers.kinds"
    assert "| 资金来源 | 市县财政配套资金 |" in table and "县级配套" in table


def test_policy_doc_shows_exactly_the_declared_vocabulary_and_presets():
    from fund_rules.policy import DOC_BLOCKS

    for block, make in DOC_BLOCKS.items():
        assert generated(DOCS / "policy.md", block) == make(), "run: .venv/bin/python -m fund_rules.policy"
