"""The audit page in a real headless browser: Debian's chromium driven by
Playwright through `executable_path` (no downloaded browser), against a real
`bangfu serve` of the planted ledger. Screenshots go to out/screenshots/."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import openpyxl
import pytest

from conftest import PLANTED, ROOT, check_json, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)")
SHOTS = ROOT / "out" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page():
    with serve(PLANTED) as (_base, ledger_url), playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        tab = context.new_page()
        tab.ledger_url = ledger_url  # type: ignore[attr-defined]
        yield tab
        browser.close()


def test_audit_page_shows_funds_and_violations(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(page.ledger_url + "/extension/BangfuAudit/?time=2024")
    page.wait_for_selector("table.bangfu-funds")
    spent = page.locator('[data-fund-spent="中央财政专项帮扶资金"]').inner_text()
    from beanquery import query

    from ledger import load

    loaded = load(PLANTED)
    _cols, rows = query.run_query(loaded.entries, loaded.options,
                                  "SELECT sum(number) WHERE account ~ '^Expenses:Aid:Central:' AND year = 2024")
    assert Decimal(spent.replace(",", "")) == rows[0][0]
    page.screenshot(path=str(SHOTS / "audit-2024.png"), full_page=True)
    page.goto(page.ledger_url + "/extension/BangfuAudit/")
    page.wait_for_selector("details.bangfu-violation")
    codes = page.locator("details.bangfu-violation").evaluate_all("els => els.map(e => e.dataset.code)")
    _status, report = check_json(PLANTED)
    assert sorted(codes) == sorted({p["code"] for p in report["problems"]})
    page.locator('details[data-code="R03"] summary').click()
    assert "超过上限" in page.locator('details[data-code="R03"] li').first.inner_text()
    page.screenshot(path=str(SHOTS / "audit-violations.png"), full_page=True)


def test_household_search_and_headroom(page):
    page.goto(page.ledger_url + "/extension/BangfuAudit/?time=2025")
    page.fill('input[name="q"]', "QS-2021-003")
    page.click('form button[type="submit"]')
    page.wait_for_selector('[data-archive="QS-2021-003"]')
    remaining = page.locator('[data-archive="QS-2021-003"] [data-remaining="Living"]').first.inner_text()
    assert re.fullmatch(r"[\d,]+\.\d\d", remaining)
    page.screenshot(path=str(SHOTS / "audit-household.png"), full_page=True)


def test_download_realname_from_the_page(page, tmp_path):
    page.goto(page.ledger_url + "/extension/BangfuAudit/?time=2024")
    with page.expect_download() as waiting:
        page.click("a.bangfu-download >> nth=0")
    path = tmp_path / "download.xlsx"
    waiting.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "中央财政专项帮扶资金"
    # the page serves the planted ledger, whose check fails: the title says so
    assert book.active["A1"].value == "2024年度中央财政专项帮扶资金实名制汇总表（账本检查未通过，仅供核对）"


def test_source_writes_are_refused(page):
    page.goto(page.ledger_url + "/extension/BangfuAudit/")
    status = page.evaluate(
        """async (url) => (await fetch(url, {method: 'PUT', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({file_path: 'x', source: '', sha256sum: ''})})).status""",
        page.ledger_url + "/api/source",
    )
    assert status == 401


def test_front_page_is_the_audit_page(page):
    page.goto(page.ledger_url.rsplit("/", 1)[0] + "/")  # the server's root redirects to the default page
    page.wait_for_selector("p.bangfu-glance")
    assert "/extension/BangfuAudit/" in page.url


@pytest.mark.parametrize("kind", ["archive", "application", "approval", "card"])
def test_household_forms_download_from_the_page(page, tmp_path, kind):
    page.goto(page.ledger_url + "/extension/BangfuAudit/?q=QS-2021-003")
    with page.expect_download() as waiting:
        page.click(f'a[href*="form?kind={kind}&no=QS-2021-003"]')
    path = tmp_path / f"{kind}.xlsx"
    waiting.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert "QS-2021-003" in " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)


def test_violation_opens_a_read_only_source_view(page):
    page.goto(page.ledger_url + "/extension/BangfuAudit/")
    page.locator('details[data-code="R03"] summary').click()
    page.locator('details[data-code="R03"] li a').first.click()
    page.wait_for_selector("tr.hit")
    assert "（只读）" in page.content() and page.locator("button").count() == 0
    page.screenshot(path=str(SHOTS / "audit-source.png"), full_page=True)


def test_closings_and_reopenings_on_the_audit_page(page, tmp_path):
    """A ledger closed twice and reopened once, one closed entry then altered
    by hand: the audit page names the altered closings in red and lists the
    reopening with its reason (screenshot out/screenshots/audit-closings.png)."""
    from conftest import EXAMPLE, run_bangfu

    folder = tmp_path / "county"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    main = folder / "main.beancount"
    for args in (["--through", "2024-12-31"], ["--through", "2025-06-30"],
                 ["--reopen", "2025-03-01", "--reason", "更正 3 月医疗救助票据号"], ["--through", "2025-06-30"]):
        reason = [] if "--reopen" in args else ["--unreconciled", "示例账本未导入银行对账单"]
        assert run_bangfu("close", main, *args, *reason).returncode == 0
    year = folder / "2024.beancount"
    year.write_text(year.read_text(encoding="utf-8").replace('"2024年', '"2024 年', 1), encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(main) as (_base, ledger_url):
        browser = page.context.browser  # the module's browser: one Playwright per process
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        tab = context.new_page()
        tab.goto(ledger_url + "/extension/BangfuAudit/?time=2025")
        tab.wait_for_selector("table.bangfu-closings")
        states = tab.locator("table.bangfu-closings td[data-state]").all_inner_texts()
        assert states == ["结账后被改动（S19）", "已于 " + __import__("datetime").date.today().isoformat() + " 重新开账",
                          "结账后被改动（S19）"]
        assert "更正 3 月医疗救助票据号" in tab.locator("table.bangfu-reopenings").inner_text()
        assert tab.locator('[data-sealed-altered="2"]').is_visible()
        color = tab.locator("table.bangfu-closings td.bangfu-over").first.evaluate("e => getComputedStyle(e).color")
        assert color == "rgb(176, 0, 32)"
        tab.locator("#closings").scroll_into_view_if_needed()
        tab.screenshot(path=str(SHOTS / "audit-closings.png"), full_page=True)
        tab.locator("table.bangfu-closings a").first.click()
        tab.wait_for_selector("tr.hit")
        assert 'custom "close" 2024-12-31' in tab.locator("tr.hit").inner_text()
        context.close()
