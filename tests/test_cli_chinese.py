"""A Chinese command line: argparse's own words, errors and placeholders in
Chinese, no silent overwrite of a report, a busy port said plainly. Real
processes."""

from __future__ import annotations

import socket

import pytest

from conftest import EXAMPLE, run_bangfu

ENGLISH = ("usage:", "error:", "the following arguments", "invalid choice", "invalid int", "unrecognized", "expected one", "Traceback",
           "positional arguments", "show this help")


def said(*args: object) -> tuple[int, str]:
    done = run_bangfu(*args)
    text = done.stdout + done.stderr
    assert not [word for word in ENGLISH if word in text], text
    return done.returncode, text


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("import",), "缺少必需的参数"),
        (("import", "x.xlsx", "--ledger"), "需要一个值"),
        (("import", "x.xlsx", "--ledger", EXAMPLE, "--date", "2025-13-01"), "日期“2025-13-01”无效，应写作 2025-04-10"),
        (("check", EXAMPLE, "--bogus"), "无法识别的参数"),
        (("report", "nonsuch"), "无效的选项"),
        (("report", "realname", EXAMPLE, "--year", "abc"), "取值 'abc' 无效"),
        (("archive", "exit", EXAMPLE, "QS-2021-003", "--date", "昨天"), "日期“昨天”无效"),
        (("report", "cleanup", EXAMPLE, "--as-of", "2025/12/31"), "应写作 2025-04-10"),
    ],
)
def test_argument_errors_are_chinese(args, needle):
    code, text = said(*args)
    assert code == 2 and needle in text and "用法：bangfu" in text


@pytest.mark.parametrize("command", ["import", "check", "archive exit", "report realname", "serve", "init", "export",
                                     "consolidate", "template"])
def test_help_is_chinese(command):
    code, text = said(*command.split(), "--help")
    assert code == 0 and "用法：" in text and "显示帮助并退出" in text and "选项" in text


def test_report_does_not_overwrite_without_force(tmp_path):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"the officer's own file")
    code, text = said("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", out)
    assert code == 2 and "已存在" in text and "--force" in text and out.read_bytes() == b"the officer's own file"
    code, text = said("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", out, "--force")
    assert code == 0 and out.read_bytes()[:2] == b"PK"


def test_serve_on_a_busy_port_says_so():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, text = said("serve", EXAMPLE, "--port", port)
    assert code == 2 and "已被其他程序占用" in text and "--port" in text and "已启动" not in text
    code, text = said("serve", EXAMPLE, "--host", "")
    assert code == 2 and "--host 不能为空" in text
