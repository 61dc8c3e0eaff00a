"""Nothing forgotten: a ledger file in the ledger's folder that the ledger
does not include is never checked nor counted, so it is reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fund_rules.codes import S17
from ledger.errors import LedgerError

_INCLUDE = re.compile(r'^\s*include\s+"([^"]+)"', re.M)


def forgotten_files(options_map: dict[str, Any]) -> Iterator[LedgerError]:
    """S17 (warning): a `.beancount` file in the main file's folder or below
    that this ledger does not include - a payment file left out of
    main.beancount is silently ignored otherwise. Hidden files and folders
    are not looked at; nor are other ledgers built on this one (a file that
    includes the main file, directly or through others, and what it
    includes, like the example's planted.beancount)."""
    main = options_map.get("filename")
    if not isinstance(main, str) or not Path(main).is_file():
        return  # loaded from a string
    root = Path(main).resolve().parent
    loaded = {Path(p).resolve() for p in options_map.get("include", [])} | {Path(main).resolve()}
    stray = sorted(
        path.resolve()
        for path in root.rglob("*.beancount")
        if not any(part.startswith(".") for part in path.relative_to(root).parts) and path.resolve() not in loaded
    )
    if not stray:
        return
    includes = {path: _includes(path) for path in stray}
    on_top = {path for path in stray if _reaches(path, loaded, includes)}
    for path in list(on_top):
        on_top |= _closure(path, includes)
    for path in stray:
        if path in on_top:
            continue
        name = path.relative_to(root).as_posix()
        yield S17.at(
            None,
            f"账本目录中的 {name} 没有被账本包含，其中的付款、档案不会被检查和统计："
            f'请在主账本文件中加一行 include "{name}"，或把它移出账本目录',
            source={"filename": str(path), "lineno": 0},
        )


def _includes(path: Path) -> set[Path]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {(path.parent / name).resolve() for name in _INCLUDE.findall(text)}


def _reaches(path: Path, loaded: set[Path], includes: dict[Path, set[Path]]) -> bool:
    """Whether `path` includes a file of this ledger, directly or through other stray files."""
    seen, todo = set(), [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        found = includes.get(current, set())
        if found & loaded:
            return True
        todo.extend(found)
    return False


def _closure(path: Path, includes: dict[Path, set[Path]]) -> set[Path]:
    seen, todo = set(), [path]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(includes.get(current, set()))
    return seen
