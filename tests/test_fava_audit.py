"""The 帮扶资金审计 Fava extension, in a real Fava application (test client);
the headless-browser test of the same page is the next step of issue 7."""

from __future__ import annotations

import datetime
import re
import urllib.parse
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core.data import Query
from beanquery import query
from fava.application import create_app

from ledger import load
from ledger.vocab import Fund

from conftest import EXAMPLE, PLANTED, check_json, ledger_path_of, run_bangfu


def client_for(path):
    app = create_app([str(path.resolve())], read_only=True)
    client = app.test_client()
    base = ledger_path_of(client.get("/").headers["Location"])
    return client, base + "/extension/BangfuAudit/"


@pytest.fixture(scope="module")
def planted():
    return client_for(PLANTED)


def test_page_lists_every_violation_code(planted):
    client, page = planted
    response = client.get(page)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "帮扶资金审计" in html
    _status, report = check_json(PLANTED)
    expected = sorted({p["code"] for p in report["problems"]})
    assert sorted(re.findall(r'data-code="(\w+)"', html)) == expected


def test_fund_totals_follow_the_time_filter(planted):
    client, page = planted
    html = client.get(page + "?time=2024").get_data(as_text=True)
    loaded = load(EXAMPLE)
    _cols, rows = query.run_query(
        loaded.entries, loaded.options,
        "SELECT root(account, 3) AS fund, sum(number) WHERE account ~ '^Expenses:Aid:' AND year = 2024 GROUP BY fund",
    )
    spent = {fund.split(":")[2]: total for fund, total in rows}
    shown = re.findall(r'data-fund-spent="中央财政专项帮扶资金">([^<]+)', html)
    assert [Decimal(s.replace(",", "")) for s in shown] == [spent["Central"]]
    assert 'data-code="R' not in html  # the planted violations are all dated 2026


def test_household_search_shows_headroom(planted):
    from fund_rules.headroom import headroom

    client, page = planted
    html = client.get(page + "?q=QS-2021-003&time=2025").get_data(as_text=True)
    assert 'data-archive="QS-2021-003"' in html
    loaded = load(EXAMPLE)
    import datetime

    room = headroom(loaded.view, "QS-2021-003", datetime.date(2025, 12, 31))
    living = next(r for r in room.rooms if r.category.value == "Living")
    assert re.findall(r'data-remaining="Living">([^<]+)', html)[0] == f"{living.remaining:,.2f}"


def test_download_is_the_report_file(planted, tmp_path):
    client, page = planted
    response = client.get(page + "realname?year=2024")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    output = tmp_path / "realname.xlsx"
    assert run_bangfu("report", "realname", PLANTED, "--year", 2024, "-o", output, "--allow-errors").returncode == 0
    assert response.data == output.read_bytes()


def test_saved_queries_answer_auditors_questions():
    loaded = load(PLANTED)
    queries = {e.name: e.query_string for e in loaded.entries if isinstance(e, Query)}
    assert len(queries) >= 5
    assert "year(today())" in queries["本年帮扶金额最多的家庭"]  # the current year, never a year written in
    latest = str(loaded.view.last_payment_date.year)  # what "this year" is for this ledger
    for name, text in queries.items():
        columns, rows = query.run_query(loaded.entries, loaded.options, text.replace("year(today())", latest))
        assert rows, name
        assert all(not column.name.isascii() for column in columns), (name, columns)  # Chinese column names
    _cols, missing = query.run_query(loaded.entries, loaded.options, queries["无审批编号的付款"])
    assert [row[0].isoformat() for row in missing] == ["2026-03-04"]  # the planted S04 payment


def test_account_filter_and_localities(planted):
    client, page = planted
    everything = client.get(page + "?time=2024").get_data(as_text=True)
    central_only = client.get(page + "?time=2024&account=Expenses:Aid:Central").get_data(as_text=True)

    def spent(html, fund):
        return Decimal(re.findall(rf'data-fund-spent="{fund}">([^<]+)', html)[0].replace(",", ""))

    assert spent(central_only, "中央财政专项帮扶资金") == spent(everything, "中央财政专项帮扶资金") > 0
    assert spent(central_only, "市县财政配套资金") == 0 < spent(everything, "市县财政配套资金")
    localities = {name: Decimal(v.replace(",", "")) for name, v in re.findall(r'data-locality="([^"]+)">([^<]+)', everything)}
    funds = ("中央财政专项帮扶资金", "省级财政专项帮扶资金", "市县财政配套资金", "工会经费留成", "社会捐助资金")
    total = sum(spent(everything, f) for f in funds)
    assert set(localities) == {"城区", "白桦镇", "柳河乡"} and sum(localities.values()) == total


def test_page_follows_a_reload_of_the_ledger(tmp_path):
    """The page's tables are built on first use after each load: once a
    payment is appended to the ledger, the next request (Fava's poll watcher
    compares file times on each request) reloads it and the page shows the
    new violation."""
    import os
    import shutil

    folder = tmp_path / "county"
    shutil.copytree(EXAMPLE.parent, folder)
    main = folder / "main.beancount"
    client = create_app([str(main)], read_only=True, poll_watcher=True).test_client()
    page = ledger_path_of(client.get("/").headers["Location"]) + "/extension/BangfuAudit/"
    before = re.findall(r'data-code="(\w+)"', client.get(page).get_data(as_text=True))
    assert before == []  # the example ledger is clean
    year_file = folder / "2025.beancount"
    # later than every file and folder Fava watches, whatever the copies' own times
    stamp = max(p.stat().st_mtime_ns for p in [folder, *folder.rglob("*")])
    with year_file.open("a", encoding="utf-8") as ledger:
        ledger.write('\n2025-12-01 * "无档案者" "未建档的生活救助"\n  household: "QS-2099-999"\n'
                     '  approval: "SP2025-9999"\n  method: "现金"\n  id-checked: TRUE\n  receipt: "签收单"\n'
                     '  Expenses:Aid:UnionDues:Living  100.00 CNY\n  Assets:Bank:ICBC:UnionDues\n')
    os.utime(year_file, ns=(stamp + 10**9, stamp + 10**9))  # a later file time, whatever the clock's grain
    _status, report = check_json(main)
    expected = sorted({p["code"] for p in report["problems"]})
    assert "S10" in expected  # a payment to a household with no archive
    shown = sorted(re.findall(r'data-code="(\w+)"', client.get(page).get_data(as_text=True)))
    assert shown == expected


def test_the_page_reads_the_view_the_plugin_built():
    """Fava's load runs the ledger's plugins; the page uses the view the
    fund_rules plugin left in that load's options, not a second reading."""
    from ledger.view import VIEW_KEY

    app = create_app([str(PLANTED.resolve())], read_only=True)
    client = app.test_client()
    base = ledger_path_of(client.get("/").headers["Location"])
    assert client.get(base + "/extension/BangfuAudit/").status_code == 200
    ledger = app.config["LEDGERS"][urllib.parse.unquote(base.rsplit("/", 1)[-1])]
    extension = ledger.extensions.get_extension("BangfuAudit")
    assert extension.current.loaded.view is ledger.options[VIEW_KEY]


def test_downloads_are_built_in_memory(planted):
    """A download leaves no file behind (before, each one left a folder under
    /tmp holding full ID numbers)."""
    import tempfile

    client, page = planted
    folder = Path(tempfile.gettempdir())
    before = set(folder.iterdir())
    for name in ("realname?year=2024", "funds?year=2024", "publicity?time=2025"):
        response = client.get(page + name)
        assert response.status_code == 200 and response.data[:2] == b"PK"
    assert set(folder.iterdir()) == before


def test_default_period_is_the_last_payment_not_a_later_entry(tmp_path):
    """A document dated today and a stray 2027 note do not move the page's
    default day: searches and downloads speak of the year of the last payment."""
    import shutil

    folder = tmp_path / "county"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    with (folder / "2025.beancount").open("a", encoding="utf-8") as year:
        year.write('\n2027-03-01 note Assets:Bank:ICBC:Local "以后再说"\n')
    client, page = client_for(folder / "main.beancount")
    last = load(folder / "main.beancount").view.last_payment_date
    assert last is not None and last.year == 2025
    html = client.get(page + "?q=QS-2021-003").get_data(as_text=True)
    assert "本户 2025 年" in html and "2027 年" not in html
    response = client.get(page + "funds")
    assert response.status_code == 200 and "2025" in urllib.parse.unquote(response.headers["Content-Disposition"])


@pytest.mark.parametrize("kind", ["archive", "application", "approval", "card"])
def test_household_forms_download_as_the_command_writes_them(planted, tmp_path, kind):
    client, page = planted
    html = client.get(page + "?q=QS-2021-003").get_data(as_text=True)
    assert f'form?kind={kind}&amp;no=QS-2021-003' in html
    response = client.get(page + f"form?kind={kind}&no=QS-2021-003")
    assert response.status_code == 200, response.get_data(as_text=True)
    output = tmp_path / "form.xlsx"
    done = run_bangfu("form", kind, PLANTED, "QS-2021-003", "-o", output)
    assert done.returncode == 0, done.stderr
    assert response.data == output.read_bytes()


def test_a_bad_form_request_is_refused_in_chinese(planted):
    client, page = planted
    for bad in ("form?kind=nonsense&no=QS-2021-003", "form?kind=archive&no=QS-0000-000",
                  "form?kind=approval&no=QS-2021-003&approval=SP-NONE"):
        response = client.get(page + bad)
        assert response.status_code == 400 and response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["realname?year=abc", "funds?year=-1", "realname?year=99999", "?time=abc",
                                   "?time=99999", "publicity?time=abc", "?filter=(((", "form?kind=x&no=1"])
def test_bad_parameters_answer_400_in_chinese(planted, query):
    client, page = planted
    response = client.get(page + query)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert not text.isascii() and "Traceback" not in text


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.fixture(scope="module")
def example_page():
    return client_for(EXAMPLE)


@pytest.mark.parametrize("time", ["", "2024", "2025-03", "2023-06-01 - 2024-05-31"])
def test_fund_overview_adds_up_under_any_filter(example_page, time):
    """期初 + 收到 − 支出 = 期末, fund by fund, whatever the time filter: on a
    clean ledger nothing is left for 其他变动 (the aid shown by category is
    exactly what left each fund's bank accounts)."""
    client, page = example_page
    html = client.get(page + (f"?time={urllib.parse.quote(time)}" if time else "")).get_data(as_text=True)
    for fund in ("中央财政专项帮扶资金", "市县财政配套资金", "社会捐助资金"):
        cells = {key: _money(re.search(rf'data-fund-{key}="{fund}">([^<]+)<', html).group(1))
                 for key in ("opening", "received", "spent", "other", "closing")}
        assert cells["other"] == 0, (fund, cells)
        assert cells["opening"] + cells["received"] - cells["spent"] == cells["closing"], (fund, cells)


def test_glance_counts_and_violations_sorted_by_severity(planted):
    client, page = planted
    html = client.get(page).get_data(as_text=True)
    _status, report = check_json(PLANTED)
    assert f'data-errors="{report["errors"]}"' in html and f'data-warnings="{report["warnings"]}"' in html
    codes = re.findall(r'data-code="(\w+)"', html)
    warnings = {p["code"] for p in report["problems"] if p["severity"] == "warning"}
    first_warning = next(i for i, code in enumerate(codes) if code in warnings)
    assert all(code not in warnings for code in codes[:first_warning])
    assert all(code in warnings for code in codes[first_warning:])  # errors first, then warnings


@pytest.mark.parametrize("query", ["QS-2021-003", "张桂兰", "zhangguilan", "ZGL", "678X", "0228678"])
def test_household_search_by_number_name_pinyin_or_part_of_the_id(planted, query):
    client, page = planted
    html = client.get(page + "?q=" + urllib.parse.quote(query)).get_data(as_text=True)
    assert 'data-archive="QS-2021-003"' in html, query


def test_household_search_says_when_nothing_is_found(planted):
    client, page = planted
    html = client.get(page + "?q=" + urllib.parse.quote("无此人")).get_data(as_text=True)
    assert "未找到“无此人”" in html and "data-archive=" not in html


def test_violation_links_open_a_read_only_source_view(planted):
    client, page = planted
    html = client.get(page).get_data(as_text=True)
    links = re.findall(r'<li><a data-remote href="(source\?[^"]+)">([^<]+)</a>', html)
    assert links
    href, label = links[0]
    view = client.get(page + href.replace("&amp;", "&")).get_data(as_text=True)
    line = label.rsplit(":", 1)[1]
    assert "（只读）" in view and f"第 {line} 行" in view and "class=hit" in view and "保存" not in view
    assert client.get(page + "source?file=/etc/passwd&line=1").status_code == 400


def test_clean_up_list_is_grouped_by_action_one_row_per_household(planted):
    import datetime

    from reports.tables.cleanup import due_actions

    client, page = planted
    html = client.get(page + "?time=2025").get_data(as_text=True)
    counts = dict(re.findall(r"<summary>(应\w+)：(\d+) 户", html))
    rows = re.findall(r'data-cleanup="([^"]+)"', html)
    assert len(rows) == len(set(rows))  # one row per household, all its actions in it
    due = due_actions(load(PLANTED).view, datetime.date(2025, 12, 31))
    assert sum(map(int, counts.values())) == len({d.archive_no for d in due})
    assert client.get(page + "?cleanup_page=0").status_code == 400


def test_household_shows_its_timeline_members_and_payment_sources(planted):
    client, page = planted
    html = client.get(page + "?q=QS-2021-003").get_data(as_text=True)
    assert "档案事件：2021-03-08 建档" in html and "家庭成员：" in html
    assert html.count('class="bangfu-source"') == sum(1 for p in load(PLANTED).view.payments if p.household == "QS-2021-003")


def test_violations_link_to_their_household(planted):
    client, page = planted
    html = client.get(page).get_data(as_text=True)
    linked = set(re.findall(r'class="bangfu-to-household" href="\?q=([^"#]+)#search"', html))
    about = {e.household for e in load(PLANTED).errors if getattr(e, "household", None)}
    assert linked and linked <= about


def test_glance_names_the_funds_and_households_at_risk(planted):
    client, page = planted
    html = client.get(page).get_data(as_text=True)
    risk = dict(re.findall(r'data-risk="([^"]+)">[^<]*?(\d+)</a>', html))
    _status, report = check_json(PLANTED)
    codes = [p["code"] for p in report["problems"]]
    assert int(risk["透支"]) == codes.count("R10") and int(risk["年末结余未用"]) == codes.count("R13")
    over = {e.household for e in load(PLANTED).errors if getattr(e, "code", "") in ("R03", "R04", "R05", "R07", "R08", "R09")}
    assert int(risk["超上限户数"]) == len(over) > 0


def test_finance_money_left_near_year_end_is_flagged(example_page):
    """In the last quarter the page names the year-end funds that still hold
    money (to be spent by 31 December, R13); earlier in the year it does not."""
    from reports.frames import movements_table

    client, page = example_page
    late = client.get(page + "?time=2024-10").get_data(as_text=True)
    early = client.get(page + "?time=2024-06").get_data(as_text=True)
    assert "data-unspent=" not in early
    moves = movements_table(load(EXAMPLE))
    held = moves[moves["date"] <= datetime.date(2024, 10, 31)].groupby("fund")["fen"].sum()
    expected = {fund.label for fund in (Fund.CENTRAL, Fund.PROVINCIAL) if held.get(fund.value, 0) > 0}
    flagged = dict(re.findall(r'data-unspent="([^"]+)">[^<]*尚余 ([\d,.]+) 元', late))
    assert expected and set(flagged) == expected
