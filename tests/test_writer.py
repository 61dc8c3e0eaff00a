"""The append-only writer: keeps every existing byte, refuses bad text, atomic."""

from __future__ import annotations

import datetime
import os
import threading

import pytest

from ledger import load
from ledger.build import custom
from ledger.writer import LedgerWriteError, add_include, append_entries, append_text

ORIGINAL = 'option "operating_currency" "CNY"\n2023-01-01 open Assets:Bank:ICBC:Local CNY\n  name: "市县配套"'


def test_append_keeps_existing_bytes_and_adds_text(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_bytes(ORIGINAL.encode("utf-8"))  # no trailing newline, on purpose
    append_text(path, '2023-02-01 custom "locality" "城区"\n')
    after = path.read_bytes()
    assert after.startswith(ORIGINAL.encode("utf-8"))
    assert after.endswith(b'2023-02-01 custom "locality" "\xe5\x9f\x8e\xe5\x8c\xba"\n')
    assert load(path, use_cache=False).view.localities.keys() == {"城区"}


def test_unparsable_text_writes_nothing(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text(ORIGINAL, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(LedgerWriteError, match="无法解析"):
        append_text(path, "2023-02-01 custom locality 城区\n")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["main.beancount"]  # no temp or lock left


def test_missing_file_needs_create(tmp_path):
    path = tmp_path / "2025.beancount"
    with pytest.raises(LedgerWriteError, match="不存在"):
        append_text(path, '2023-02-01 custom "locality" "城区"\n')
    append_text(path, '2023-02-01 custom "locality" "城区"\n', create=True)
    assert path.read_text(encoding="utf-8") == '2023-02-01 custom "locality" "城区"\n'


def test_append_entries_round_trips(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text(ORIGINAL + "\n", encoding="utf-8")
    entry = custom(datetime.date(2023, 2, 1), "locality", ["城区"], {"full-name": "青松县城区"})
    append_entries(path, [entry])
    loaded = load(path, use_cache=False)
    assert loaded.errors == []
    assert loaded.view.localities["城区"].fields.full_name == "青松县城区"
    assert "<bangfu>" not in path.read_text(encoding="utf-8")


def test_failed_rename_leaves_original_untouched(tmp_path, monkeypatch):
    path = tmp_path / "main.beancount"
    path.write_text(ORIGINAL, encoding="utf-8")
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        append_text(path, '2023-02-01 custom "locality" "城区"\n')
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["main.beancount"]


def test_concurrent_appends_all_land(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text(ORIGINAL + "\n", encoding="utf-8")
    names = [f"地区{i}" for i in range(12)]
    threads = [threading.Thread(target=append_text, args=(path, f'2023-02-01 custom "locality" "{n}"\n')) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(load(path, use_cache=False).view.localities) == set(names)
    assert path.read_text(encoding="utf-8").startswith(ORIGINAL)


def test_add_include_once(tmp_path):
    main = tmp_path / "main.beancount"
    main.write_text(ORIGINAL + "\n", encoding="utf-8")
    batch = tmp_path / "imports" / "batch-01.beancount"
    batch.parent.mkdir()
    append_text(batch, '2023-02-01 custom "locality" "城区"\n', create=True)
    assert add_include(main, batch) is True
    assert add_include(main, batch) is False
    assert main.read_text(encoding="utf-8").count('include "imports/batch-01.beancount"') == 1
    assert "城区" in load(main, use_cache=False).view.localities
