"""Nothing forgotten: a ledger file in the ledger's folder that the ledger
does not include is never checked nor counted, so it is reported (S17).

The folder is walked once per load. What the walk saw is left in the load's
options as a `FolderStamp`; beancount's pickle cache only notices changes to
the files a ledger includes, so when a cached load is read the stamp walks
the folder again and, if a file appeared, went or changed outside the
ledger, raises and beancount loads the ledger again (with the right S17s).
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fund_rules.codes import S17
from ledger.errors import LedgerError
from ledger.view import StaleCache

FOLDER_KEY = "bangfu_folder"  # where the stamp of the walk waits in beancount's options map
_INCLUDE = re.compile(r'^[ \t]*include[ \t]+"([^"\n]+)"', re.M)


def forgotten_files(options_map: dict[str, Any]) -> Iterator[LedgerError]:
    """S17 (warning): a `.beancount` file in the main file's folder or below
    that this ledger does not include - a payment file left out of
    main.beancount is silently ignored otherwise. Hidden files and folders
    (bangfu's own temporary files among them) are not looked at; nor are
    other ledgers built on this one: a file that includes this ledger's
    files, directly or through others, and what it includes (like the
    example's planted.beancount)."""
    main = _main_file(options_map)
    if main is None:
        return  # loaded from a string
    loaded = frozenset({_real(main), *map(_real, options_map.get("include") or ())})
    stray = {path: found for path, found in ledger_files(main.parent).items() if path not in loaded}
    options_map[FOLDER_KEY] = FolderStamp(str(main.parent), loaded, _stamps(stray))
    forgotten = sorted(stray.keys() - _built_on(loaded, stray.keys()), key=lambda path: stray[path][0])
    where = {"filename": str(main), "lineno": _include_line(main)} if forgotten else {}
    for path in forgotten:  # told where the fix goes: the main file's include lines
        name = stray[path][0]
        yield S17.at(
            None,
            f"账本目录中的 {name} 没有被账本包含，其中的付款、档案不会被检查和统计："
            f'请在 {main.name} 中加一行 include "{name}"，或把它移出账本目录',
            source=where,
        )


def ledger_files(root: Path) -> dict[str, tuple[str, int]]:
    """Every `.beancount` file in `root` and its subfolders: by real path, its
    path relative to `root` (as an include line names it) and modification
    time. One walk; hidden files and folders (names starting with ".") are
    left out, links to folders not followed."""
    found: dict[str, tuple[str, int]] = {}
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if name.endswith(".beancount") and not name.startswith("."):
                path = os.path.join(folder, name)
                try:
                    found[_real(path)] = (Path(os.path.relpath(path, root)).as_posix(), os.stat(path).st_mtime_ns)
                except OSError:
                    continue  # removed while walking, or a broken link
    return found


def _stamps(stray: dict[str, tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((path, modified) for path, (_name, modified) in stray.items()))


def _built_on(loaded: frozenset[str], stray: Iterable[str]) -> set[str]:
    """The stray files that are other ledgers built on this one: those that
    include a file of this ledger (the main file or one it includes),
    directly or through other stray files, and every file they include."""
    includes = {path: _includes(path) for path in stray}
    reaching = set(loaded)
    grew = True
    while grew:  # a handful of files: repeat until no file joins
        joining = {path for path, named in includes.items() if path not in reaching and named & reaching}
        reaching |= joining
        grew = bool(joining)
    on_top: set[str] = set()
    todo = [path for path in reaching if path in includes]
    while todo:
        path = todo.pop()
        if path not in on_top:
            on_top.add(path)
            todo.extend(includes.get(path, ()))
    return on_top


def _includes(path: str) -> set[str]:
    """The files a ledger file's `include` lines name (relative to its folder;
    glob patterns expanded, as beancount does)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return set()
    folder = os.path.dirname(path)
    named: set[str] = set()
    for name in _INCLUDE.findall(text):
        pattern = os.path.join(folder, os.path.expanduser(name))
        if glob.has_magic(pattern):
            named.update(_real(found) for found in glob.glob(pattern, recursive=True))
        else:
            named.add(_real(pattern))
    return named


def _include_line(main: Path) -> int:
    """The line of the main file's last `include` (1 if it has none)."""
    try:
        text = main.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    found = list(_INCLUDE.finditer(text))
    return text.count("\n", 0, found[-1].start()) + 1 if found else 1


def _main_file(options_map: dict[str, Any]) -> Path | None:
    filename = options_map.get("filename")
    if not isinstance(filename, str) or not os.path.isfile(filename):
        return None
    return Path(filename)


def _real(path: str | Path) -> str:
    return os.path.realpath(path)


# ---------------------------------------------------------------- beancount's cache


class FolderChanged(StaleCache):
    """The ledger folder's files outside the ledger are not what a cached load saw."""


@dataclass(frozen=True)
class FolderStamp:
    """What the walk of a load saw outside the ledger: in a pickle (beancount's
    cache) restoring it walks the folder again and raises if that changed."""

    root: str
    loaded: frozenset[str]
    stray: tuple[tuple[str, int], ...]  # (real path, modification time), sorted

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.root, self.loaded, self.stray))

    def __repr__(self) -> str:  # Fava's options page prints the options map
        return f"<bangfu 账本目录：{len(self.stray)} 个未包含的文件>"


def _restore(root: str, loaded: frozenset[str], stray: tuple[tuple[str, int], ...]) -> FolderStamp:
    now = _stamps({path: found for path, found in ledger_files(Path(root)).items() if path not in loaded})
    if now != stray:
        raise FolderChanged("账本目录中未被包含的 .beancount 文件有变化，缓存中的检查结果作废，重新载入")
    return FolderStamp(root, loaded, stray)
