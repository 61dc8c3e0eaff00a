"""The clean-up list (reports/tables/cleanup.py): the archives due for
action at a date, as a query and as the printed list."""

from __future__ import annotations

import datetime
import textwrap

from python_calamine import CalamineWorkbook

from ledger import load
from reports.tables.cleanup import ACTIONS, due_actions

from conftest import EXAMPLE, run_bangfu

D = datetime.date

def test_due_actions_follow_the_dates(doc):
    """
    ; 张伟 (born 1949, archived 2023-02-01) and 王五 (born 1980, archived
    ; 2023-01-20 and refreshed 2023-03-01); neither ever aided.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "bangfu-option" "cleanup-dates" "$dates"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY

    2023-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-01-20 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-01-03
      notice-end: 2023-01-10
    2023-03-01 custom "household" "H3" "refreshed"
"""
    view = doc(dates="06-30,11-30").loaded.view

    def actions(no, day):
        return [d.action for d in due_actions(view, day) if d.archive_no == no]

    assert actions("H3", D(2024, 2, 29)) == []
    assert actions("H3", D(2024, 3, 1)) == ["refresh"]  # a year after the refresh
    assert actions("H3", D(2025, 2, 1)) == ["return", "refresh"]  # two years archived, never aided
    assert actions("H3", D(2026, 2, 1)) == ["cancel", "refresh"]  # three years
    assert actions("H1", D(2024, 3, 1)) == ["cancel", "refresh"]  # aged 74
    (aged,) = [d.reason for d in due_actions(view, D(2024, 3, 1)) if d.archive_no == "H1" and d.action == "cancel"]
    assert aged == "女职工已满 55 周岁（现 74 周岁）（沐川办法 四(一)4）"  # reads naturally
    view = doc('2023-01-01 custom "bangfu-option" "retire-age-female" 74\n', dates="06-30,11-30").loaded.view
    (aged,) = [d.reason for d in due_actions(view, D(2024, 3, 1)) if d.archive_no == "H1" and d.action == "cancel"]
    assert aged == "女职工已满 74 周岁（沐川办法 四(一)4）"  # exactly the age: no "现"


def test_cleanup_dates_may_be_separated_by_a_chinese_comma(tmp_path):
    """The setting's value is parsed once, when the ledger is read; the list
    uses that value (with 、 it used to be accepted by the check and then
    crash the report)."""
    path = tmp_path / "main.beancount"
    ledger = textwrap.dedent(test_due_actions_follow_the_dates.__doc__ or "")
    path.write_text(ledger.replace("$dates", "06-30、11-30"), encoding="utf-8")
    assert run_bangfu("check", path, "--no-cache").returncode == 0
    done = run_bangfu("report", "cleanup", path, "--as-of", "2024-05-01", "-o", tmp_path / "list.xlsx")
    assert done.returncode == 0, done.stderr
    assert "本年集中清理截止日 2024-06-30" in done.stdout
    late = run_bangfu("report", "cleanup", path, "--as-of", "2024-07-01", "-o", tmp_path / "late.xlsx")
    assert "本年集中清理截止日 2024-11-30" in late.stdout
    bad = path.read_text(encoding="utf-8").replace("06-30、11-30", "06-31")
    path.write_text(bad, encoding="utf-8")
    refused = run_bangfu("check", path, "--no-cache")
    assert refused.returncode == 1 and "[S06]" in refused.stdout and "cleanup-dates" in refused.stdout


def test_example_has_households_due_for_every_action():
    due = due_actions(load(EXAMPLE, use_cache=False).view, D(2025, 12, 31))
    assert {d.action for d in due} == set(ACTIONS)
    reasons = " ".join(d.reason for d in due)
    assert "3 年未获帮扶" in reasons and "2 年未获帮扶" in reasons and "职工已满" in reasons and "未刷新" in reasons
    assert "已达" not in reasons


def test_cleanup_report_xlsx(tmp_path):
    output = tmp_path / "cleanup.xlsx"
    done = run_bangfu("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", output)
    assert done.returncode == 0, done.stderr
    assert "应注销" in done.stdout and "应退回建档工会" in done.stdout
    rows = CalamineWorkbook.from_path(str(output)).get_sheet_by_name("清理名单").to_python()
    assert rows[0][0].endswith("困难职工档案清理名单")
    assert list(rows[2][:4]) == ["序号", "档案编号", "姓名", "地区"]
    assert {row[6] for row in rows[3:]} == {"应注销", "应退回建档工会", "应刷新"}
    again = tmp_path / "again.xlsx"
    run_bangfu("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", again)
    assert again.read_bytes() == output.read_bytes()  # same ledger in, same bytes out


def test_an_earlier_as_of_date_sees_the_aid_before_it():
    """At the end of 2024 a household paid in 2023 and 2024 (and again in
    2025) was aided: a later payment must not make it look never aided."""
    import datetime

    from ledger import load
    from reports.tables.cleanup import due_actions

    view = load(EXAMPLE, use_cache=False).view
    paid = {p.household for p in view.payments if p.date.year == 2024 and not p.is_reversal}
    due = due_actions(view, datetime.date(2024, 12, 31))
    wrongly = [d for d in due if d.archive_no in paid and "未获帮扶" in d.reason]
    assert not wrongly, wrongly[:3]
    assert all(d.last_aid is not None for d in due if d.archive_no in paid)
