"""Shared helpers: write small real ledgers to disk, load them with beancount
(running the fund_rules plugin from the ledger's own plugin line), run the
real `bangfu` command."""

from __future__ import annotations

import os

# Tests never leave beancount pickle caches beside the example ledgers (set
# before beancount's loader is imported; child processes inherit it).
os.environ.setdefault("BEANCOUNT_DISABLE_LOAD_CACHE", "1")

import contextlib
import json
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

HEADER = """\
option "operating_currency" "CNY"
plugin "fund_rules"

2023-01-01 open Assets:Bank:ICBC:Central CNY
2023-01-01 open Assets:Bank:ICBC:Provincial CNY
2023-01-01 open Assets:Bank:ICBC:Local CNY
2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
2023-01-01 open Assets:Bank:ICBC:Donations CNY
2023-01-01 open Income:Fund:Central CNY
2023-01-01 open Income:Fund:Provincial CNY
2023-01-01 open Income:Fund:Local CNY
2023-01-01 open Income:Fund:UnionDues CNY
2023-01-01 open Income:Fund:Donations CNY
2023-01-01 open Expenses:Aid:Central:Festival CNY
2023-01-01 open Expenses:Aid:Provincial:Living CNY
2023-01-01 open Expenses:Aid:Donations:Medical CNY
2023-01-01 open Expenses:Aid:Donations:Education CNY
2023-01-01 open Expenses:Aid:UnionDues:Festival CNY
2023-01-01 open Expenses:Aid:Central:Living CNY
2023-01-01 open Expenses:Aid:Central:Medical CNY
2023-01-01 open Expenses:Aid:Central:Education CNY
2023-01-01 open Expenses:Aid:Local:Living CNY
2023-01-01 open Expenses:Aid:Local:Medical CNY
2023-01-01 open Expenses:Aid:Local:Education CNY
2023-01-01 open Expenses:Aid:Local:Training CNY
2023-01-01 open Expenses:Aid:Local:Legal CNY
2023-01-01 open Expenses:Aid:Local:Festival CNY
2023-01-01 open Expenses:Aid:UnionDues:Living CNY

2023-01-01 custom "bangfu-option" "year-end-funds" ""
2023-01-01 custom "locality" "城区"
2023-01-01 custom "standard" "dibao" "城区" 620 CNY
2023-01-01 custom "standard" "education" "城区" 500 CNY
2023-01-01 custom "standard" "training" "焊工" 1800 CNY
2023-01-01 custom "standard" "legal" "*" 3000 CNY

2023-01-05 * "财政" "下达"
  Assets:Bank:ICBC:Central  50000 CNY
  Income:Fund:Central

2023-01-05 * "财政" "下达"
  Assets:Bank:ICBC:Local  50000 CNY
  Income:Fund:Local

2023-01-05 * "财政" "下达"
  Assets:Bank:ICBC:Provincial  50000 CNY
  Income:Fund:Provincial

2023-01-05 * "工会" "经费安排"
  Assets:Bank:ICBC:UnionDues  50000 CNY
  Income:Fund:UnionDues

2023-01-05 * "捐赠" "捐款"
  Assets:Bank:ICBC:Donations  1000 CNY
  Income:Fund:Donations

2023-02-01 custom "household" "H1" "archived"
  name: "张伟"
  id-number: "11010519491231002X"
  locality: "城区"
  level: "全国级"
  nature: "长期"
  hardship: "深度困难"
  cause: "重特大疾病"
  card: "6222021234567890128"
  notice-start: 2023-01-09
  notice-end: 2023-01-16

2023-02-01 custom "member" "H1" "360426199101010071"
  name: "张小明"
  relation: "子"
  school-level: "高中"
"""


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


@pytest.fixture
def ledger(tmp_path: Path):
    """ledger(body, header=HEADER) writes main.beancount and loads it for real."""

    def write_and_load(body: str, header: str = HEADER) -> Result:
        path = tmp_path / "main.beancount"
        path.write_text(header + "\n" + textwrap.dedent(body), encoding="utf-8")
        return Result(load(path, use_cache=False))

    return write_and_load


def pay(
    date: str,
    account: str,
    amount: str,
    extra: str = "",
    link: str = "",
    household: str = "H1",
    method: str = "银行卡",
) -> str:
    """Text of one payment transaction paid from the fund of `account`."""
    fund = account.split(":")[2]
    link = link or "P" + date.replace("-", "") + account.split(":")[3][:3] + amount.replace(".", "")
    lines = [
        f'{date} * "张伟" "帮扶" ^{link}',
        f'  household: "{household}"',
        f'  approval: "SP-{link}"',
        f'  method: "{method}"',
        *(f"  {line.strip()}" for line in extra.strip().splitlines() if line.strip()),
        f"  {account}  {amount} CNY",
        f"  Assets:Bank:ICBC:{fund}",
        "",
    ]
    return "\n".join(lines) + "\n"


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
        yield base, ledger_url.rstrip("/").rsplit("/", 1)[0]
    finally:
        process.terminate()
        process.wait(timeout=30)
