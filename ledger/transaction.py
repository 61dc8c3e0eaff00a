"""One ledger transaction: the only way bangfu writes a ledger.

    with transaction(main, "bangfu import") as tx:
        loaded = tx.load()                  # under the lock
        ...validate, pre-check...
        tx.append(archive_file, text)       # staged, nothing written yet
        tx.create(new_file, text)
        tx.include(new_file)                # an include line in main
        tx.commit()

**Lock.** An exclusive `flock` on `.<main>.lock` beside the main file, held
from before the load to after the commit. The file records who holds it
(process id, host, command, start time). The operating system releases the
lock when its process dies, however it dies, so a crashed writer never
blocks the next one: the next writer finds the record left behind, says that
it takes the lock over, and goes on. A live holder makes the next writer wait
(bounded, naming the holder), then refuse.

**Commit.** Every file of the transaction is staged whole into a temporary
file beside its target, then the journal `.<main>.journal` is marked
"committing" (the commit point), the temporaries are renamed over their
targets (new files first, main last), and the journal is removed. Whoever
next takes the lock (a writer, or `bangfu check`) finds a journal left by a
crash and finishes it: before the commit point it deletes the temporaries
(the ledger is as it was), after it renames the rest (the ledger holds the
whole transaction). Existing files only ever grow: new text is appended to
their bytes as they were read under the lock.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import signal
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from beancount.parser import parser

from ledger.writer import LedgerWriteError, check_parses

try:  # POSIX; on Windows msvcrt locks a byte of the file the same way
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


DEFAULT_WAIT = 120.0  # seconds a writer waits for another one to finish
Say = Callable[[str], None]


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def failpoint(stage: str) -> None:
    """Crash tests: `BANGFU_FAILPOINT=<stage>` kills this process with SIGKILL
    at that stage of a write (the stages are named in FAILPOINTS);
    `<stage>:wait=<file>` pauses there until <file> exists instead."""
    wanted = os.environ.get("BANGFU_FAILPOINT", "")
    name, _, action = wanted.partition(":")
    if name != stage:
        return
    if action.startswith("wait="):
        gate = Path(action.removeprefix("wait="))
        _say(f"[failpoint] {stage}：等待 {gate}")
        while not gate.exists():
            time.sleep(0.001)
        return
    os.kill(os.getpid(), signal.SIGKILL)


FAILPOINTS = ("locked", "staging", "staged", "committing", "renamed-one", "renamed", "done")


# ---------------------------------------------------------------- the lock


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the lock."""

    pid: int
    host: str
    command: str
    started: str

    @classmethod
    def me(cls, command: str) -> Holder:
        started = datetime.datetime.now().isoformat(timespec="seconds")
        return cls(os.getpid(), socket.gethostname(), command, started)

    def __str__(self) -> str:
        return f"进程 {self.pid}，主机 {self.host}，“{self.command}”，开始于 {self.started}"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            values = json.loads(text)
            return cls(int(values["pid"]), str(values["host"]), str(values["command"]), str(values["started"]))
        except (ValueError, KeyError, TypeError):
            return None


def lock_path(main: Path) -> Path:
    return main.with_name(f".{main.name}.lock")


def journal_path(main: Path) -> Path:
    return main.with_name(f".{main.name}.journal")


@contextlib.contextmanager
def ledger_lock(main: Path, command: str, wait: float = DEFAULT_WAIT, say: Say = _say) -> Iterator[Holder]:
    """Hold the ledger's lock for the block; see the module docstring."""
    path = lock_path(main)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        if not _try_lock(handle):
            handle.seek(0)
            other = Holder.parse(handle.read())
            who = str(other) if other else "另一进程"
            if wait <= 0:
                raise LedgerWriteError(f"账本 {main} 正由另一进程写入（{who}），未写入任何内容；请待其结束后重试")
            say(f"账本 {main} 正由另一进程写入（{who}），等待其结束（最多 {wait:g} 秒）…")
            deadline = time.monotonic() + wait
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    raise LedgerWriteError(
                        f"账本 {main} 已等待 {wait:g} 秒仍由另一进程写入（{who}），未写入任何内容；"
                        f"请待其结束后重试，或确认该进程已卡住后结束它（锁随进程结束自动释放，不要删除 {path.name}）"
                    )
                time.sleep(0.05)
        handle.seek(0)
        left = Holder.parse(handle.read())
        if left is not None:  # a holder that released normally leaves nothing behind
            say(f"上次写入账本的进程已不在运行（{left}），已接管写入锁")
        me = Holder.me(command)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(me.__dict__, ensure_ascii=False))
        handle.flush()
        os.fsync(handle.fileno())
        try:
            yield me
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
    finally:
        handle.close()


# ---------------------------------------------------------------- the journal


@dataclass
class Staged:
    """One file of a transaction: its whole new content, where it is staged."""

    target: Path
    data: bytes
    existed: bool
    old_digest: str | None  # sha256 of the bytes the new content extends
    temp: Path = field(init=False)

    def __post_init__(self) -> None:
        self.temp = self.target.with_name(f".{self.target.name}.bangfu-tx.tmp")

    def as_json(self, root: Path) -> dict[str, Any]:
        return {
            "target": os.path.relpath(self.target, root),
            "temp": os.path.relpath(self.temp, root),
            "existed": self.existed,
            "old": self.old_digest,
            "new": _digest(self.data),
        }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):  # persist renames and unlinks (POSIX)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_durably(path: Path, data: bytes, mode: int | None = None) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if mode is not None:
        os.chmod(path, mode & 0o7777)


def _write_journal(main: Path, state: str, txid: str, holder: Holder, files: list[Staged]) -> None:
    journal = journal_path(main)
    record = {
        "state": state,
        "id": txid,
        "holder": holder.__dict__,
        "files": [f.as_json(main.parent) for f in files],
    }
    temp = journal.with_name(journal.name + ".tmp")
    _write_durably(temp, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(temp, journal)
    _fsync_dir(main.parent)


def recover(main: Path, say: Say = _say) -> str | None:
    """Finish a transaction a crash interrupted (call under the lock).
    Returns what was done, or None when there was nothing to do."""
    journal = journal_path(main)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal.with_name(journal.name + ".tmp"))  # a journal never written whole
    if not journal.exists():
        return None
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        files = record["files"]
        state = record["state"]
    except (ValueError, KeyError, TypeError):
        raise LedgerWriteError(f"写入日志 {journal} 已损坏，无法判断上次写入是否完成：请联系管理员核对后处理") from None
    holder = Holder.parse(json.dumps(record.get("holder", {})))
    who = f"（{holder}）" if holder else ""
    root = main.parent
    if state == "committing":
        for item in files:
            temp, target = root / item["temp"], root / item["target"]
            if temp.exists():
                os.replace(temp, target)
                _fsync_dir(target.parent)
        done = f"上次写入{who}在提交途中中断，已按写入日志补完（{len(files)} 个文件）"
    else:
        for item in files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(root / item["temp"])
        done = f"上次写入{who}在提交前中断，已撤销（账本未改动）"
    os.unlink(journal)
    _fsync_dir(root)
    say(done)
    return done


# ---------------------------------------------------------------- the transaction


class Transaction:
    """The files one command writes, staged until `commit()`."""

    def __init__(self, main: Path, holder: Holder) -> None:
        self.main = main
        self.holder = holder
        self._files: dict[Path, Staged] = {}
        self._includes: list[Path] = []
        self.committed: list[Path] = []

    def load(self) -> Any:
        """The ledger as it is now, read under the lock."""
        from ledger.loader import load  # the loader runs plugins; keep this module light

        return load(self.main, use_cache=False)

    def _staged(self, path: Path, *, create: bool) -> Staged:
        path = path.resolve()
        if path in self._files:
            return self._files[path]
        if path.exists() and not create:
            old = path.read_bytes()
            staged = Staged(path, old, True, _digest(old))
        elif path.exists():
            raise LedgerWriteError(f"文件已存在，bangfu 不会覆盖：{path}")
        elif not create:
            raise LedgerWriteError(f"账本文件不存在：{path}")
        else:
            staged = Staged(path, b"", False, None)
        self._files[path] = staged
        return staged

    def append(self, path: Path, text: str) -> None:
        """Append `text` (checked to parse) to the existing ledger file `path`."""
        if not text.strip():
            return
        check_parses(text, str(path))
        staged = self._staged(path, create=False)
        old = staged.data
        separator = b"" if not old or old.endswith(b"\n") else b"\n"
        if old and not old.endswith(b"\n\n"):
            separator += b"\n"  # a blank line between the old text and the new
        new = text if text.endswith("\n") else text + "\n"
        staged.data = old + separator + new.encode("utf-8")

    def create(self, path: Path, content: str | bytes, *, replace: bool = False) -> None:
        """A new file (ledger text is checked to parse). `replace` lets it
        stand in for a file the ledger does not use (a leftover)."""
        if isinstance(content, str):
            check_parses(content, str(path))
            content = content.encode("utf-8")
        if replace and path.exists():
            self._files[path.resolve()] = Staged(path.resolve(), content, True, _digest(path.read_bytes()))
            return
        self._staged(path, create=True).data = content

    def include(self, path: Path) -> None:
        """An include line for `path` in the main file, unless it has one."""
        relative = os.path.relpath(path.resolve(), self.main.resolve().parent).replace(os.sep, "/")
        if path.resolve() in included_files(self.main) or path.resolve() in self._includes:
            return
        self._includes.append(path.resolve())
        self.append(self.main, f'include "{relative}"\n')

    @property
    def files(self) -> list[Path]:
        return list(self._files)

    def commit(self) -> list[Path]:
        """Write every staged file so that a crash at any instant leaves all
        of them or none (see the module docstring)."""
        if not self._files:
            return []
        main = self.main.resolve()
        # new files first, then existing ones, the main file (include lines) last
        files = sorted(self._files.values(), key=lambda s: (s.existed, s.target == main))
        txid = uuid.uuid4().hex[:12]
        for staged in files:
            staged.target.parent.mkdir(parents=True, exist_ok=True)
        _write_journal(main, "staging", txid, self.holder, files)
        failpoint("staging")
        try:
            for staged in files:
                if staged.existed and _digest(staged.target.read_bytes()) != staged.old_digest:
                    raise LedgerWriteError(f"{staged.target} 在本次写入期间被其他程序修改，未写入任何内容：请重试")
                mode = staged.target.stat().st_mode if staged.existed else None
                _write_durably(staged.temp, staged.data, mode)
            failpoint("staged")
            _write_journal(main, "committing", txid, self.holder, files)
        except BaseException:
            recover(main, say=lambda text: None)
            raise
        failpoint("committing")
        for index, staged in enumerate(files):
            os.replace(staged.temp, staged.target)
            _fsync_dir(staged.target.parent)
            if index == 0:
                failpoint("renamed-one")
        failpoint("renamed")
        os.unlink(journal_path(main))
        _fsync_dir(main.parent)
        failpoint("done")
        self.committed = [s.target for s in files]
        self._files.clear()
        return self.committed


def included_files(main: Path) -> set[Path]:
    """The files `main` includes directly (resolved)."""
    _entries, _errors, options = parser.parse_file(str(main))
    return {(main.resolve().parent / p).resolve() for p in options.get("include", [])}


@contextlib.contextmanager
def transaction(main: Path, command: str, wait: float = DEFAULT_WAIT, say: Say = _say) -> Iterator[Transaction]:
    """Lock the ledger, finish any interrupted transaction, and give the
    block a Transaction. Whatever the block does not commit is not written."""
    main = Path(main).resolve()
    if not main.parent.is_dir():
        raise LedgerWriteError(f"目录不存在：{main.parent}")
    with ledger_lock(main, command, wait, say) as holder:
        failpoint("locked")
        recover(main, say)
        yield Transaction(main, holder)


def recover_if_interrupted(main: Path, say: Say = _say) -> str | None:
    """For readers (`bangfu check`): finish a transaction a crash left
    behind, when there is one and no writer is at work. Touches nothing
    (not even the lock file) otherwise."""
    main = Path(main).resolve()
    if not journal_path(main).exists():
        return None
    try:
        with ledger_lock(main, "bangfu check", wait=0, say=say):
            return recover(main, say)
    except LedgerWriteError:  # a live writer: it will finish its own transaction
        say(f"账本 {main} 正在写入中，本次检查的是写入前的内容")
        return None
    except OSError as exc:  # e.g. a read-only copy of the ledger
        say(f"账本 {main} 有未完成的写入（{journal_path(main).name}），但无法处理：{exc}")
        return None
