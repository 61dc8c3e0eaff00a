#!/usr/bin/env python3
"""Two-command setup: `python3 dev.py demo` and `python3 dev.py test`.

Needs only Python 3.11+. Creates .venv beside this file, installs bangfu
into it (again only when pyproject.toml changed), then runs:

  demo  rebuild the example ledger from its sheets with `bangfu import`
        (into out/county), check it, write the reports to out/, serve Fava
        read-only on http://127.0.0.1:5000 (Ctrl+C stops; --no-serve skips)
  test  ruff and mypy (the gates), then the test suite (extra arguments
        go to pytest)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".bangfu-installed"
EXAMPLE = ROOT / "examples" / "county" / "main.beancount"
AS_OF = "2025-12-31"  # the example ledger's as-of date


def _bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def ensure_installed() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  (says so on the older Pythons people run this with)
        sys.exit(f"需要 Python 3.11 或更高版本，当前为 {sys.version.split()[0]}")
    if not _bin("python").exists():
        print("创建虚拟环境 .venv …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # e.g. Debian without python3-venv
            sys.exit(f"无法创建虚拟环境（{exc}）。Debian/Ubuntu 请先安装 python3-venv。")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("安装 bangfu 及依赖（首次约需一两分钟）…", flush=True)
    pip = [str(_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run(*command: object) -> int:
    printable = " ".join(str(c) for c in command)
    print(f"$ {printable}", flush=True)
    return subprocess.run([str(c) for c in command], cwd=ROOT).returncode


def demo(args: list[str]) -> int:
    """Rebuild the example county's receipts and payments from its Excel
    sheets with `bangfu import` (into out/county), check it, write reports."""
    bangfu = _bin("bangfu")
    status = run(_bin("python"), Path("examples") / "rebuild.py", Path("out") / "county")
    if status != 0:
        return status
    example = Path("out") / "county" / "main.beancount"
    out = Path("out")
    reports = [
        ("realname", "--year", "2025", "-o", out / "实名制汇总表-2025.xlsx"),
        ("funds", "--year", "2025", "-o", out / "资金使用台账-2025.xlsx"),
        ("household", "QS-2021-003", "--as-of", AS_OF, "-o", out / "帮扶台账-QS-2021-003.xlsx"),
        ("publicity", "--from", "2025-01-01", "--to", AS_OF, "-o", out / "公示名单-2025.xlsx"),
        ("analysis", "--year", "2025", "-o", out / "年度分析-2025.xlsx"),
        ("cleanup", "--as-of", AS_OF, "-o", out / f"清理名单-{AS_OF}.xlsx"),
        ("bank-reconciliation", "--month", "2025-11", "-o", out / "银行存款余额调节表-2025-11.xlsx"),
    ]
    for kind, *rest in reports:
        status = run(bangfu, "report", kind, example, *rest, "--force")  # the demo rewrites its own outputs
        if status != 0:
            return status
    if "--no-serve" in args:
        return status
    port = args[args.index("--port") + 1] if "--port" in args else "5000"
    return run(bangfu, "serve", example, "--port", port)


# The gates (pyproject.toml says which rules and why), then the tests.
GATES = (
    ("ruff", "check", "."),
    ("mypy", "ledger", "fund_rules", "importers", "reports"),
)


def test(args: list[str]) -> int:
    for gate in GATES:
        status = run(_bin("python"), "-m", *gate)
        if status != 0:
            return status
    return run(_bin("python"), "-m", "pytest", *args)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        print(__doc__)
        return 2
    ensure_installed()
    command, rest = sys.argv[1], sys.argv[2:]
    return demo(rest) if command == "demo" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
