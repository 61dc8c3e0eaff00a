"""Shared helpers: write small real ledgers to disk, load them with beancount
(running the fund_rules plugin from the ledger's own plugin line), run the
real `bangfu` command."""

from __future__ import annotations

import os

# Tests never leave beancount pickle caches beside the example ledgers (set
# before beancount's loader is imported; child processes inherit it).
os.environ.setdefault("BEANCOUNT_DISABLE_LOAD_CACHE", "1")

import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from string import Template

import pytest

from ledger import Loaded, load, problem_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "county" / "main.beancount"
PLANTED = ROOT / "examples" / "county" / "planted.beancount"

@dataclass
class Result:
    loaded: Loaded

    @property
    def codes(self) -> list[str]:
        return sorted(problem_of(e).code for e in self.loaded.errors)

    def messages(self, code: str) -> list[str]:
        return [p.message for p in map(problem_of, self.loaded.errors) if p.code == code]


@pytest.fixture
def doc(request: pytest.FixtureRequest, tmp_path: Path):
    """The test's docstring is its ledger, as with beancount's `load_doc`
    (say what the test shows in `;` comments). `doc(extra, **holes)` fills
    the docstring's `$holes` (a line that held only an empty hole is left
    out, as a blank line would end a transaction), appends `extra` ledger
    text, writes the result as main.beancount and loads it for real (its own
    `plugin` lines run)."""
    text = textwrap.dedent(request.function.__doc__ or "")

    def load_doc(extra: str = "", **holes: object) -> Result:
        lines = []
        for line in text.splitlines():
            filled = Template(line).substitute(holes)
            if filled.strip() or not line.strip():
                lines.append(filled)
        path = tmp_path / "main.beancount"
        path.write_text("\n".join(lines) + "\n" + textwrap.dedent(extra), encoding="utf-8")
        return Result(load(path, use_cache=False))

    return load_doc


def run_bangfu(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command line, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "ledger.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def ledger_path_of(location: str) -> str:
    """Fava's URL of a ledger ("/<slug>") from the address its front page
    redirects to (the default page, e.g. /<slug>/extension/BangfuAudit/)."""
    from urllib.parse import urlsplit

    return "/" + urlsplit(location).path.lstrip("/").split("/", 1)[0]


def check_json(path: Path) -> tuple[int, dict]:
    done = run_bangfu("check", path, "--json", "--no-cache")
    return done.returncode, json.loads(done.stdout)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(ledger_path: Path, *options: str):
    """A real `bangfu serve` process (with `options`, e.g. --edit) on a free
    loopback port; yields (base url, ledger url) once the server says it is
    listening (it loads the ledger first), and stops it afterwards."""
    import urllib.request

    from reports.fava.serve import READY

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ledger.cli", "serve", str(ledger_path), "--port", str(port), *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert process.stdout is not None
        said = []
        for line in process.stdout:  # ends when the process does
            said.append(line)
            if line.startswith(READY):
                break
        else:
            pytest.fail("bangfu serve did not start: " + "".join(said))
        # Keep reading what it says, so that a full pipe never blocks it.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        with urllib.request.urlopen(base + "/", timeout=60) as response:
            ledger_url = response.geturl()
        yield base, base + ledger_path_of(ledger_url.removeprefix(base))
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A copy of the example ledger (without its sheets); returns its main file."""
    shutil.copytree(EXAMPLE.parent, tmp_path / "county", ignore=shutil.ignore_patterns("sheets"))
    return tmp_path / "county" / "main.beancount"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a ledger folder but the lock file, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def folder_digest(folder: Path) -> str:
    """One digest of every file of a ledger folder but the lock file: equal
    before and after a refused write."""
    digest = hashlib.sha256()
    for name, data in files_of(folder).items():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def xlsx(path: Path, rows: list[list]) -> Path:
    """A workbook whose first sheet holds `rows`."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path
