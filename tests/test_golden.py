"""Every bundled sample sheet extracts to exactly its golden file, compared
the way beangulp's own importer tests compare them (tests/golden.py says how
the golden files are made)."""

from __future__ import annotations

from pathlib import Path

import pytest
from beangulp.testing import compare_expected

import golden


@pytest.mark.parametrize("sheet", golden.sheets(), ids=lambda p: p.name)
def test_sheet_extracts_to_its_golden_file(sheet: Path) -> None:
    expected = golden.golden(sheet)
    assert expected.is_file(), "no golden file: run .venv/bin/python tests/golden.py"
    diff = compare_expected(str(expected), *golden.run(sheet))
    assert not diff, "".join(diff)


def test_every_golden_file_has_its_sheet() -> None:
    assert sorted(p.name for p in golden.GOLDEN.glob("*.beancount")) == sorted(
        golden.golden(s).name for s in golden.sheets()
    )
