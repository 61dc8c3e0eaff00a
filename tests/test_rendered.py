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
}
A4 = {(595, 842), (842, 595)}  # points, either orientation


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to test printed reports (.ci/run installs libreoffice-calc-nogui)"
    folder = tmp_path_factory.mktemp("rendered")
    books = []
    for report, (args, _needles) in REPORTS.items():
        path = folder / f"{report}.xlsx"
        done = run_bangfu("report", report, EXAMPLE, *args, "-o", path)
        assert done.returncode == 0, done.stderr
        books.append(str(path))
    profile = folder / "profile"  # a profile of its own: no clash with a running LibreOffice
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *books], check=True, capture_output=True, timeout=600)
    return folder


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
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and (round(float(size.group(1))), round(float(size.group(2)))) in A4
