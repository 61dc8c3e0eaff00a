"""Append-only, atomic writes to ledger files.

The ledger is the office's book of record: bangfu never rewrites an existing
line. Every write copies the file's current bytes unchanged, adds the new
text at the end, writes that to a temporary file in the same folder, flushes
it to disk and renames it over the original, so a crash leaves either the old
file or the new one, never half of it. Text that beancount cannot parse is
refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from beancount.core.data import Directive
from beancount.parser import parser, printer


class LedgerWriteError(Exception):
    """Raised when a write is refused; the message is Chinese and names the file."""


def format_entries(entries: Iterable[Directive]) -> str:
    """Beancount text of `entries`, one blank line between directives."""
    return "\n".join(printer.format_entry(entry) for entry in entries)


def check_parses(text: str, where: str) -> None:
    """Refuse text with syntax errors before it reaches a ledger file."""
    _entries, errors, _options = parser.parse_string(text)
    if errors:
        first = errors[0]
        line = (first.source or {}).get("lineno", "?")
        raise LedgerWriteError(f"拒绝写入 {where}：待写入内容第 {line} 行无法解析（{first.message}），未写入任何内容")


@contextlib.contextmanager
def _locked(path: Path, timeout: float = 30.0) -> Iterator[None]:
    """A lock file beside `path`, portable (O_EXCL works on every OS)."""
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise LedgerWriteError(f"{path} 正被其他程序写入（锁文件 {lock}）；若确认无人写入，请删除锁文件后重试") from None
            time.sleep(0.05)
    try:
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)


def _replace_atomically(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # persist the rename itself (POSIX)
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def append_text(path: str | Path, text: str, *, create: bool = False) -> None:
    """Append `text` to the ledger file `path`, atomically.

    The existing bytes are kept exactly; if the file does not end with a
    newline one is added before the new text. With `create=True` a missing
    file is created; otherwise a missing file is an error.
    """
    path = Path(path)
    if not text.strip():
        return
    check_parses(text, str(path))
    if not path.parent.is_dir():
        raise LedgerWriteError(f"目录不存在：{path.parent}")
    with _locked(path):
        if path.exists():
            old = path.read_bytes()
        elif create:
            old = b""
        else:
            raise LedgerWriteError(f"账本文件不存在：{path}")
        separator = b"" if not old or old.endswith(b"\n") else b"\n"
        if old and not old.endswith(b"\n\n"):
            separator += b"\n"  # a blank line between the old text and the new
        new = text if text.endswith("\n") else text + "\n"
        _replace_atomically(path, old + separator + new.encode("utf-8"))


def append_entries(path: str | Path, entries: Iterable[Directive], *, create: bool = False) -> None:
    append_text(path, format_entries(entries), create=create)


def add_include(main: str | Path, included: str | Path) -> bool:
    """Make `main` include `included` (appending an include line) unless it
    already does. Returns True when a line was added."""
    main = Path(main)
    included = Path(included)
    relative = os.path.relpath(included.resolve(), main.resolve().parent).replace(os.sep, "/")
    _entries, _errors, options = parser.parse_file(str(main))
    already = {(main.resolve().parent / p).resolve() for p in options.get("include", [])}
    if included.resolve() in already:
        return False
    append_text(main, f'include "{relative}"\n')
    return True
