"""A Chinese command line: argparse's own words, errors and placeholders in
Chinese, one date spelling, no silent overwrite of an output, a busy port
said plainly. Real `bangfu` processes."""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import shutil
import socket
from importlib.metadata import entry_points

import pytest

from ledger.archive_cmd import ACTIONS
from ledger.cli import ARGPARSE_ZH, ARGPARSE_ZH_PLURAL
from reports.tables.cli import KINDS

from conftest import EXAMPLE, run_bangfu

# argparse's English, and Python's: none of it may reach an officer ("invalid"
# as a word, not in the option --skip-invalid).
ENGLISH = re.compile(r"usage:|error:|warning:|the following arguments are required|(?<!-)\binvalid\b|unrecognized|expected one"
                     r"|expected at|ambiguous option|positional arguments|options:|subcommands|show this help|Traceback")


def said(*args: object) -> tuple[int, str]:
    done = run_bangfu(*args)
    text = done.stdout + done.stderr
    assert not ENGLISH.findall(text), text
    return done.returncode, text


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        # A missing required argument, or a missing value.
        (("import",), ["bangfu import：错误：缺少必需的参数：表格, --ledger"]),
        (("import", "x.xlsx", "--ledger"), ["参数 --ledger：需要一个值"]),
        (("report", "realname", EXAMPLE), ["缺少必需的参数：--year"]),
        # Dates: one spelling, a Chinese error naming what was typed.
        (("import", "x.xlsx", "--ledger", EXAMPLE, "--date", "2025-13-01"), ["参数 --date：日期“2025-13-01”无效，应写作 2025-04-10"]),
        (("archive", "exit", EXAMPLE, "QS-2021-003", "--date", "昨天"), ["日期“昨天”无效"]),
        (("archive", "exit", EXAMPLE, "QS-2021-003", "--date", "2025-02-30"), ["日期“2025-02-30”无效"]),
        (("report", "cleanup", EXAMPLE, "--as-of", "2025/12/31"), ["应写作 2025-04-10"]),
        (("policy", "show", EXAMPLE, "--date", "20250410"), ["日期“20250410”无效"]),
        (("form", "archive", EXAMPLE, "QS-2021-003", "--as-of", "2025-W15-4"), ["日期“2025-W15-4”无效"]),
        (("consolidate", "x", "-o", "y", "--filed-on", "12/31"), ["参数 --filed-on：日期“12/31”无效"]),
        # An unknown option: said by the subcommand that read it, with its own usage.
        (("check", EXAMPLE, "--bogus"), ["bangfu check：错误：无法识别的参数：--bogus", "用法：bangfu check [-h]"]),
        (("report", "funds", EXAMPLE, "--year", "2025", "--bogus", "x"), ["bangfu report funds：错误：无法识别的参数：--bogus x"]),
        (("--bogus",), ["bangfu：错误：无法识别的参数：--bogus"]),
        (("check", EXAMPLE, "--json=1"), ["参数 --json：不需要值"]),
        # An invalid choice.
        (("report", "nonsuch"), ["参数 <报表>：没有“nonsuch”这一项，可选：", "realname"]),
        (("nonsuch",), ["bangfu：错误：参数 <子命令>：没有“nonsuch”这一项", "check"]),
        (("form", "nonsuch", EXAMPLE, "QS-2021-003"), ["参数 表格：没有“nonsuch”这一项"]),
        (("report", "realname", EXAMPLE, "--year", "2025", "--fund", "nonsuch"), ["参数 --fund：“nonsuch”不是有效取值", "中央财政"]),
        # An invalid value of a type.
        (("report", "realname", EXAMPLE, "--year", "abc"), ["参数 --year：年度“abc”无效，应写作 2025"]),
        (("serve", EXAMPLE, "--port", "abc"), ["参数 --port：取值“abc”无效"]),
    ],
)
def test_argument_errors_are_chinese(args, needles):
    code, text = said(*args)
    assert code == 2 and "用法：bangfu" in text, text
    assert [needle for needle in needles if needle not in text] == [], text


COMMANDS = sorted(ep.name for ep in entry_points(group="bangfu.commands"))
NESTED = [f"archive {action}" for action in ACTIONS] + [f"report {kind}" for kind in KINDS] + ["policy show"]


@pytest.mark.parametrize("command", ["", *COMMANDS, *NESTED])
def test_help_is_chinese(command):
    code, text = said(*command.split(), "--help")
    assert code == 0 and text.startswith("用法：bangfu") and "显示帮助并退出" in text and "选项:" in text, text


def test_every_message_argparse_shows_an_officer_is_translated():
    """The messages of this Python's argparse (3.11 to 3.13 differ a little):
    each one an officer can see is in ledger/cli.py's table; the others say
    a bangfu developer declared a parser wrongly."""
    developer_only = {
        "%r is not callable", "'required' is an invalid argument for positionals", ".__call__() not defined",
        'argument "-" with mode %r', "cannot have multiple subparser arguments", "cannot merge actions - two groups are named %r",
        "conflicting subparser alias: %s", "conflicting subparser: %s", "dest= is required for options like %r",
        "invalid conflict_resolution value: %r", "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "mutually exclusive arguments must be optional", "unexpected option string: %s",
        "%(heading)s:",  # 3.13; kept as it is: 3.11 and 3.12 write the heading's colon outside gettext
    }
    shown = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"_", "ngettext"}:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                shown.add(first.value)
    assert shown - developer_only - ARGPARSE_ZH.keys() - ARGPARSE_ZH_PLURAL.keys() == set()


def test_report_and_form_do_not_overwrite_without_force(tmp_path):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"the officer's own file")
    code, text = said("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", out)
    assert code == 2 and f"{out} 已存在，未覆盖" in text and "--force" in text and out.read_bytes() == b"the officer's own file"
    code, text = said("form", "card", EXAMPLE, "QS-2021-003", "-o", out)
    assert code == 2 and f"{out} 已存在，未覆盖" in text and out.read_bytes() == b"the officer's own file"
    code, text = said("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", out, "--force")
    assert code == 0 and out.read_bytes()[:2] == b"PK" and "已写入" in text


def test_export_and_consolidate_do_not_overwrite_without_force(tmp_path):
    """An earlier export (perhaps already filed) and the consolidated tables
    are replaced only with --force; refused, nothing is written."""
    ledger = tmp_path / "county"
    shutil.copytree(EXAMPLE.parent, ledger, ignore=shutil.ignore_patterns("sheets"))
    with open(ledger / "settings.beancount", "a", encoding="utf-8") as settings:
        settings.write('\n2023-01-01 custom "bangfu-option" "unit-code" "220183"\n')
    export, out = tmp_path / "export", tmp_path / "city"
    code, text = said("export", ledger / "main.beancount", "-o", export)
    assert code == 0, text
    manifest = (export / "manifest.json").read_bytes()
    (export / "payments.parquet").write_bytes(b"tampered")  # so that a replacement would show
    code, text = said("export", ledger / "main.beancount", "-o", export)
    assert code == 2 and f"{export} 已存在，未覆盖" in text and "--force" in text
    assert (export / "payments.parquet").read_bytes() == b"tampered"
    code, text = said("export", ledger / "main.beancount", "-o", export, "--force")
    assert code == 0 and (export / "manifest.json").read_bytes() == manifest, text

    code, text = said("consolidate", export, "-o", out, "--year", "2025")
    assert code == 0, text
    table = out / "资金使用台账-2025.xlsx"
    table.write_bytes(b"edited by hand")
    code, text = said("consolidate", export, "-o", out, "--year", "2025", "--detail")
    assert code == 2 and str(table) in text and "已存在，未覆盖" in text and "--force" in text and "未写入任何文件" in text
    assert table.read_bytes() == b"edited by hand" and not (out / "实名制明细-2025.xlsx").exists()
    code, text = said("consolidate", export, "-o", out, "--year", "2025", "--force")
    assert code == 0 and table.read_bytes()[:2] == b"PK", text


def test_serve_on_a_busy_port_says_so():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, text = said("serve", EXAMPLE, "--port", port)
    assert code == 2 and f"端口 {port} 已被其他程序占用" in text and "--port" in text and "已启动" not in text, text
    code, text = said("serve", EXAMPLE, "--host", "")
    assert code == 2 and "--host 不能为空" in text
    code, text = said("serve", EXAMPLE, "--port", "70000")
    assert code == 2 and "端口 70000 无效" in text
