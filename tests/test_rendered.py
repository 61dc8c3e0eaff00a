"""What is printed is tested as printed: every report of the example is
converted to PDF by LibreOffice (Debian's libreoffice-calc-nogui, installed
by .ci/run) and read back with pdftotext: titles, headers, totals and page
numbers present, no clipped cells (###), every page A4."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import EXAMPLE, run_bangfu

REPORTS = {
    "realname": (("--year", "2025"), ["2025年度中央财政专项帮扶资金实名制汇总表", "合计金额（大写）", "负责人"]),
    "funds": (("--year", "2025"), ["2025年度帮扶资金使用情况统计台账", "期间：2025-01-01 至 2025-12-31", "合计", "财务负责人"]),
    "household": (("QS-2021-003", "--as-of", "2025-12-31"), ["困难职工帮扶台账", "可用"]),
    "analysis": (("--year", "2025"), ["困难类别"]),
    "publicity": (("--from", "2025-01-01", "--to", "2025-12-31"), ["公示名单", "公示期：", "如有异议"]),
    "cleanup": (("--as-of", "2025-12-31"), ["档案清理名单"]),
    "vouchers": (("--month", "2025-03"), ["记账凭证", "凭证号：记-001", "科目编码", "50404", "困难职工帮扶支出", "附单据",
                                         "会计主管", "审核"]),
    "statement": (("--year", "2025"), ["收入支出表（工会02表）", "本年累计数", "50404 困难职工帮扶支出", "科目余额表",
                                      "期末贷方", "帮扶资金结转情况", "财务负责人"]),
}
A4 = {(595, 842), (842, 595)}  # points, either orientation


def render(folder, commands: dict[str, tuple[object, ...]]):
    """Write each workbook with the real command, then convert them all to
    PDF with LibreOffice in one run; returns the folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to test what is printed (.ci/run installs libreoffice-calc-nogui)"
    books = []
    for name, command in commands.items():
        path = folder / f"{name}.xlsx"
        done = run_bangfu(*command, "-o", path)
        assert done.returncode == 0, done.stderr
        books.append(str(path))
    profile = folder / "profile"  # a profile of its own: no clash with a running LibreOffice
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *books], check=True, capture_output=True, timeout=600)
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    commands = {report: ("report", report, EXAMPLE, *args) for report, (args, _needles) in REPORTS.items()}
    return render(tmp_path_factory.mktemp("rendered"), commands)


def pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_report_prints_whole_on_a4_with_page_numbers(rendered, report):
    pdf = rendered / f"{report}.pdf"
    assert pdf.exists()
    printed = pages(pdf)
    whole = "".join(printed).replace(" ", "")
    for needle in REPORTS[report][1]:
        assert needle.replace(" ", "") in whole, needle
    assert "###" not in whole  # no clipped number
    for n, page in enumerate(printed, start=1):
        assert re.search(rf"第\s*{n}\s*页\s*共\s*\d+\s*页", page), f"page {n} has no page number"
        if report == "publicity":  # each posted page names its notice period; no page without names
            assert "公示期" in page and re.search(r"\d{6}\*{8}", page), f"page {n}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and (round(float(size.group(1))), round(float(size.group(2)))) in A4


FORMS = {
    "archive": ["困难职工档案表", "立卡信息", "家庭成员", "人均收入", "县总工会审批意见", "盖章"],
    "application": ["困难职工建档申请表", "申请帮扶类别", "已受帮扶情况", "审核意见", "审批意见"],
    "approval": ["困难职工帮扶审批表", "审批编号", "本次帮扶", "帮扶中心审核意见"],
    "card": ["困难职工解困脱困联系卡", "帮扶责任人", "联系记录"],
}


@pytest.fixture(scope="module")
def forms_rendered(tmp_path_factory):
    commands = {kind: ("form", kind, EXAMPLE, "QS-2021-003") for kind in FORMS}
    return render(tmp_path_factory.mktemp("forms"), commands)


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_form_prints_on_one_a4_page(forms_rendered, kind):
    pdf = forms_rendered / f"{kind}.pdf"
    printed = pages(pdf)
    assert len(printed) == 1, f"{kind} takes {len(printed)} pages"
    whole = re.sub(r"\s+", "", printed[0])  # a label wrapped in its cell reads across the line break
    for needle in FORMS[kind]:
        assert needle in whole, needle
    assert "###" not in whole and "张桂兰" in whole
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and (round(float(size.group(1))), round(float(size.group(2)))) in A4


def test_form_refusals_are_chinese(tmp_path):
    done = run_bangfu("form", "archive", EXAMPLE, "QS-0000-000", "-o", tmp_path / "x.xlsx")
    assert done.returncode == 2 and "没有档案 QS-0000-000" in done.stderr and "Traceback" not in done.stderr
    done = run_bangfu("form", "approval", EXAMPLE, "QS-2021-003", "--approval", "SP-NONE", "-o", tmp_path / "y.xlsx")
    assert done.returncode == 2 and "审批编号" in done.stderr and "SP2025" in done.stderr
