"""Archive rules A01-A14, the clean-up list and `bangfu archive`, on real loads."""

from __future__ import annotations

import datetime

import pytest
from stdnum.cn import ric

from conftest import EXAMPLE, ROOT, run_bangfu

D = datetime.date


def make_id(birth: str = "19800101", seq: int = 123, area: str = "220183") -> str:
    """A valid 18-digit number: its check digit computed, not typed."""
    body = f"{area}{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def household(no: str, id_number: str, date: str = "2023-03-01", **fields: str) -> str:
    """An archived household in 城区 (低保 620), notice well before approval."""
    values = {
        "name": '"王五"',
        "id-number": f'"{id_number}"',
        "locality": '"城区"',
        "level": '"区县级"',
        "nature": '"长期"',
        "hardship": '"深度困难"',
        "cause": '"下岗失业"',
        "notice-start": "2023-02-06",
        "notice-end": "2023-02-17",
    }
    values.update({key.replace("_", "-"): value for key, value in fields.items()})
    lines = [f'{date} custom "household" "{no}" "archived"'] + [f"  {k}: {v}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


# ---- A01-A05 identity


def test_valid_ids_pass_and_lowercase_x_is_normalised(ledger):
    with_x = next(n for n in (make_id(seq=s) for s in range(100, 200)) if n.endswith("X"))
    result = ledger(household("H3", with_x.lower()))
    assert result.codes == []
    assert result.loaded.view.household("H3", D(2023, 3, 1)).fields.id_number == with_x


def test_legacy_15_digit_id_is_accepted_and_normalised(ledger):
    result = ledger(household("H3", "220183800101123"))
    assert result.codes == []
    assert result.loaded.view.household("H3", D(2023, 3, 1)).fields.id_number == make_id("19800101", 123)


@pytest.mark.parametrize(
    ("number", "needle"),
    [("11010519491231003X", "校验位应为 8"), ("110105194902300021", "不是真实日期"), ("1101051949123100", "18 位")],
)
def test_bad_ids_are_errors(ledger, number, needle):
    result = ledger(household("H3", number))
    assert result.codes == ["A01"] and needle in result.messages("A01")[0]


def test_unknown_area_code_is_a_warning(ledger):
    result = ledger(household("H3", make_id(area="999999")))
    assert result.codes == ["A02"]
    from ledger import problem_of

    assert problem_of(result.loaded.errors[0]).severity == "warning"


def test_sex_and_birth_must_match_the_id(ledger):
    female = make_id(seq=122)  # even 17th digit: female
    assert ledger(household("H3", female, sex='"女"', birth_date="1980-01-01")).codes == []
    result = ledger(household("H3", female, sex='"男"', birth_date="1980-01-02"))
    assert result.codes == ["A03", "A03"]


def test_bank_cards(ledger):
    assert ledger(household("H3", make_id(), card='"6222021234567890128"')).codes == []
    assert ledger(household("H3", make_id(), card='"622202123456789"')).codes == ["A04"]
    assert ledger(household("H3", make_id(), card='"6222021234567890123"')).codes == ["A05"]


def test_member_ids_are_checked_too(ledger):
    bad = '2023-03-01 custom "member" "H1" "220183201001011234"\n  name: "张小红"\n  relation: "女"\n'
    assert ledger(bad).codes == ["A01"]


# ---- A06-A08 one household, one archive


def test_member_archived_twice(ledger):
    son = "360426199101010071"  # already a member of H1
    twice = household("H3", make_id()) + f'2023-03-01 custom "member" "H3" "{son}"\n  name: "张小明"\n  relation: "子"\n'
    result = ledger(twice)
    assert result.codes == ["A06"]
    assert "H3" in result.messages("A06")[0] and "H1" in result.messages("A06")[0]
    after_exit = '2023-02-20 custom "household" "H1" "exited"\n  reason: "脱困"\n'
    assert ledger(after_exit + twice).codes == []  # H1 no longer active


def test_worker_archived_twice(ledger):
    assert ledger(household("H3", "11010519491231002X")).codes == ["A06"]  # H1's worker


def test_blacklisted_person_never_archived_again(ledger):
    blacklist = '2023-02-20 custom "household" "H1" "blacklisted"\n  reason: "伪造收入证明骗取建档"\n'
    result = ledger(blacklist + household("H3", "11010519491231002X"))
    assert result.codes == ["A07"] and "黑名单" in result.messages("A07")[0]
    again = blacklist + '2023-03-01 custom "household" "H1" "archived"\n'
    assert "A13" in ledger(again).codes or "S01" in ledger(again).codes


def test_likely_duplicate_by_pinyin_and_birth(ledger):
    # 章伟 sounds like H1's 张伟 and shares the birth date 1949-12-31, under another ID
    same_birth = make_id(birth="19491231", seq=5)
    result = ledger(household("H3", same_birth, name='"章伟"'))
    assert result.codes == ["A08"] and "H1" in result.messages("A08")[0]
    other_birth = make_id(birth="19491230", seq=5)
    assert ledger(household("H3", other_birth, name='"章伟"')).codes == []


# ---- A09 income thresholds (per-capita disposable income vs 620)


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"hardship": '"深度困难"', "monthly_income": "620.00 CNY"}, True),
        ({"hardship": '"深度困难"', "monthly_income": "620.01 CNY"}, False),
        ({"hardship": '"享受低保"', "monthly_income": "700.00 CNY", "social_security": "80.00 CNY"}, True),
        ({"hardship": '"享受低保"', "monthly_income": "700.00 CNY", "social_security": "79.99 CNY"}, False),
        ({"hardship": '"相对困难"', "monthly_income": "930.00 CNY", "expense_illness": "310.00 CNY"}, True),
        ({"hardship": '"相对困难"', "monthly_income": "930.01 CNY", "expense_illness": "400.00 CNY"}, False),
        ({"hardship": '"相对困难"', "monthly_income": "900.00 CNY", "expense_schooling": "279.99 CNY"}, False),
        ({"hardship": '"相对困难"', "monthly_income": "700.00 CNY"}, False),  # above 低保 with no special reason
        ({"hardship": '"意外致困"', "monthly_income": "1860.00 CNY", "expense_accident": "1240.00 CNY"}, True),
        ({"hardship": '"意外致困"', "monthly_income": "1860.01 CNY", "expense_accident": "1860.00 CNY"}, False),
    ],
)
def test_hardship_thresholds(ledger, fields, ok):
    result = ledger(household("H3", make_id(), **fields))
    assert result.codes == ([] if ok else ["A09"])
    if not ok:
        assert "620.00" in result.messages("A09")[0]


def test_income_computation_uses_household_size(ledger):
    spouse = f'2023-03-01 custom "member" "H3" "{make_id(seq=122)}"\n  name: "李芳"\n  relation: "配偶"\n'
    spouse += "  monthly-income: 600.00 CNY\n"
    result = ledger(household("H3", make_id(), monthly_income="641.00 CNY") + spouse)
    assert result.codes == ["A09"]
    assert "÷ 2 人 = 620.50 元" in result.messages("A09")[0]


def test_locality_multiple_setting(ledger):
    chongqing = '2023-01-01 custom "locality" "渝中"\n  multiple: 1.2\n2023-01-01 custom "standard" "dibao" "渝中" 620 CNY\n'
    fields = {"locality": '"渝中"', "hardship": '"相对困难"', "monthly_income": "800.00 CNY", "expense_illness": "200 CNY"}
    result = ledger(chongqing + household("H3", make_id(), **fields))
    assert result.codes == ["A09"] and "1.2 倍即 744.00 元" in result.messages("A09")[0]


# ---- A10 exclusions


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"homes": "2"}, "2 套住宅"),
        ({"housing_area": "50.5"}, "人均住房面积"),
        ({"commercial": "TRUE"}, "商业店铺"),
        ({"employs": "TRUE"}, "雇佣他人"),
        ({"private_school": "TRUE"}, "私立学校"),
        ({"abroad": "TRUE"}, "出国留学"),
        ({"vehicle": "TRUE"}, "机动车辆"),
        ({"socialised_retiree": "TRUE"}, "退休人员"),
    ],
)
def test_each_exclusion(ledger, fields, needle):
    result = ledger(household("H3", make_id(), **fields))
    assert result.codes == ["A10"] and needle in result.messages("A10")[0]


def test_exclusions_not_triggered_at_the_limit(ledger):
    assert ledger(household("H3", make_id(), homes="1", housing_area="50", commercial="FALSE")).codes == []


# ---- A11/A12/A14 public notice


def test_notice_across_national_day(ledger):
    """2024-09-26 (Thu) to 2024-10-08 (Tue) has Thu, Fri, Sun 29 (make-up day),
    Mon 30 and Tue 8: five working days; starting a day later leaves four."""
    five = household("H3", make_id(), date="2024-10-10", notice_start="2024-09-26", notice_end="2024-10-08")
    assert ledger(five).codes == []
    four = household("H3", make_id(), date="2024-10-10", notice_start="2024-09-27", notice_end="2024-10-08")
    result = ledger(four)
    assert result.codes == ["A11"] and "仅 4 个工作日" in result.messages("A11")[0]


def test_notice_must_end_before_approval(ledger):
    late = household("H3", make_id(), notice_start="2023-02-20", notice_end="2023-03-01")
    assert ledger(late).codes == ["A11"]


def test_missing_notice_is_a_warning(ledger):
    text = household("H3", make_id()).replace("  notice-start: 2023-02-06\n", "").replace("  notice-end: 2023-02-17\n", "")
    assert ledger(text).codes == ["A12"]


def test_unknown_holiday_year_falls_back_with_a_warning(ledger):
    future = household("H3", make_id(), date="2027-02-01", notice_start="2027-01-04", notice_end="2027-01-15")
    assert ledger(future).codes == ["A14"]
    declared = '2027-01-01 custom "holiday" "元旦"\n2027-01-10 custom "workday" "调休"\n'
    assert ledger(declared + future).codes == []


# ---- A13 lifecycle


def test_impossible_transitions(ledger):
    exit_twice = (
        '2023-05-01 custom "household" "H1" "exited"\n  reason: "脱困"\n'
        '2023-06-01 custom "household" "H1" "exited"\n  reason: "脱困"\n'
    )
    result = ledger(exit_twice)
    assert result.codes == ["A13"] and "已脱困" in result.messages("A13")[0]
    change_cancelled = (
        '2023-05-01 custom "household" "H1" "cancelled"\n  reason: "迁出"\n'
        '2023-06-01 custom "household" "H1" "changed"\n  phone: "13900000000"\n'
    )
    result = ledger(change_cancelled)
    assert result.codes == ["A13"] and "已注销" in result.messages("A13")[0]


def test_returned_may_be_cancelled_or_archived_again(ledger):
    returned = '2023-05-01 custom "household" "H1" "returned"\n  reason: "两年未帮扶"\n'
    cancel = '2023-09-01 custom "household" "H1" "cancelled"\n  reason: "三年未帮扶"\n'
    assert ledger(returned + cancel).codes == []


# ---- clean-up list


def test_example_has_households_due_for_every_action():
    from reports.tables.cleanup import ACTIONS, due_actions
    from ledger import load

    archive = load(EXAMPLE, use_cache=False).view
    due = due_actions(archive, D(2025, 12, 31))
    assert {d.action for d in due} == set(ACTIONS)
    reasons = " ".join(d.reason for d in due)
    assert "3 年未获帮扶" in reasons and "2 年未获帮扶" in reasons and "周岁" in reasons and "未刷新" in reasons


def test_due_actions_follow_the_dates(ledger):
    from reports.tables.cleanup import due_actions

    body = household("H3", make_id(), date="2023-01-20") + '2023-03-01 custom "household" "H3" "refreshed"\n'
    archive = ledger(body.replace("2023-02-", "2023-01-0")).loaded.view

    def actions(day):
        return [d.action for d in due_actions(archive, day) if d.archive_no == "H3"]

    assert actions(D(2024, 2, 29)) == []
    assert actions(D(2024, 3, 1)) == ["refresh"]
    assert actions(D(2025, 2, 1)) == ["return", "refresh"]  # archived 2023-01-20, never aided
    assert actions(D(2026, 2, 1)) == ["cancel", "refresh"]
    assert [d.action for d in due_actions(archive, D(2024, 3, 1)) if d.archive_no == "H1"] == ["cancel", "refresh"]  # aged 74


def test_cleanup_report_xlsx(tmp_path):
    from python_calamine import CalamineWorkbook

    output = tmp_path / "cleanup.xlsx"
    done = run_bangfu("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", output)
    assert done.returncode == 0, done.stderr
    assert "应注销" in done.stdout and "应退回建档工会" in done.stdout
    rows = CalamineWorkbook.from_path(str(output)).get_sheet_by_name("清理名单").to_python()
    assert rows[0][0].endswith("困难职工档案清理名单")
    assert list(rows[2][:4]) == ["序号", "档案编号", "姓名", "地区"]
    actions = {row[6] for row in rows[3:]}
    assert actions == {"应注销", "应退回建档工会", "应刷新"}
    again = tmp_path / "again.xlsx"
    run_bangfu("report", "cleanup", EXAMPLE, "--as-of", "2025-12-31", "-o", again)
    assert again.read_bytes() == output.read_bytes()  # same ledger in, same bytes out


# ---- bangfu archive


def test_archive_command_appends_allowed_events_only(tmp_path):
    import shutil

    shutil.copytree(EXAMPLE.parent, tmp_path / "county")
    main = tmp_path / "county" / "main.beancount"
    archive_file = tmp_path / "county" / "archive.beancount"
    before = archive_file.read_bytes()
    from ledger import load

    record = next(
        h for h in load(main, use_cache=False).view.households.values()
        if h.at(D(2026, 1, 5)).active and all(e.date < D(2026, 1, 5) for e in h.events)
    )
    dry = run_bangfu("archive", "exit", main, record.archive_no, "--date", "2026-01-05", "--reason", "再就业", "--dry-run")
    assert dry.returncode == 0 and archive_file.read_bytes() == before
    no_reason = run_bangfu("archive", "exit", main, record.archive_no, "--date", "2026-01-05")
    assert no_reason.returncode == 2 and archive_file.read_bytes() == before
    done = run_bangfu("archive", "exit", main, record.archive_no, "--date", "2026-01-05", "--reason", "再就业")
    assert done.returncode == 0, done.stderr
    after = archive_file.read_bytes()
    assert after.startswith(before) and f'"{record.archive_no}" "exited"'.encode() in after
    assert load(main, use_cache=False).view.household(record.archive_no, D(2026, 1, 5)).state.value == "exited"
    twice = run_bangfu("archive", "exit", main, record.archive_no, "--date", "2026-01-06", "--reason", "再次")
    assert twice.returncode == 2 and "不能再" in twice.stderr and archive_file.read_bytes() == after
    unknown = run_bangfu("archive", "refresh", main, "QS-0000-000", "--date", "2026-01-06")
    assert unknown.returncode == 2 and archive_file.read_bytes() == after
    checked = run_bangfu("check", main, "--no-cache")
    assert checked.returncode == 0, checked.stdout
    assert ROOT.exists()
