"""Archive rules A01-A14 and `bangfu archive`, on real loads. Each rule
test's docstring is its ledger; every ID number in them has its real check
digit (220183198001011232: male, born 1980-01-01, area 220183)."""

from __future__ import annotations

import datetime
import shutil

import pytest

from ledger import load, problem_of

from conftest import EXAMPLE, ROOT, run_bangfu

D = datetime.date


# ---- A01-A05 identity


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("22018319800101103x", "22018319800101103X"),  # lowercase check letter
        ("220183800101123", "220183198001011232"),  # legacy 15 digits
    ],
)
def test_ids_are_normalised(doc, written, stored):
    """
    ; A lowercase x and a legacy 15-digit number are valid and stored as 18
    ; digits with a capital X.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "$id"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc(id=written)
    assert result.codes == []
    assert result.loaded.view.household("H3", D(2023, 3, 1)).fields.id_number == stored


@pytest.mark.parametrize(
    ("number", "code", "needle"),
    [
        ("11010519491231003X", "A01", "校验位应为 8"),
        ("110105194902300021", "A01", "不是真实日期"),
        ("1101051949123100", "A01", "18 位"),
        ("999999198001011233", "A02", "999999"),  # right check digit, no such area
    ],
)
def test_bad_ids(doc, number, code, needle):
    """
    ; A wrong check digit, date or length is an error; an unknown area code
    ; only a warning.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "$number"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc(number=number)
    assert result.codes == [code] and needle in result.messages(code)[0]
    assert problem_of(result.loaded.errors[0]).severity == ("error" if code == "A01" else "warning")


@pytest.mark.parametrize(
    ("sex", "birth", "codes"),
    [("女", "1980-01-01", []), ("男", "1980-01-02", ["A03", "A03"])],
)
def test_sex_and_birth_must_match_the_id(doc, sex, birth, codes):
    """
    ; 220183198001011224: an even 17th digit (female), born 1980-01-01.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王芳"
      id-number: "220183198001011224"
      sex: "$sex"
      birth-date: $birth
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    assert doc(sex=sex, birth=birth).codes == codes


@pytest.mark.parametrize(
    ("card", "codes"),
    [("6222021234567890128", []), ("622202123456789", ["A04"]), ("6222021234567890123", ["A05"])],
)
def test_bank_cards(doc, card, codes):
    """
    ; A card number has 16 to 19 digits (A04) and a Luhn check digit (A05).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      card: "$card"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    assert doc(card=card).codes == codes


def test_member_ids_are_checked_too(doc):
    """
    ; A member's number ends in 4 where its check digit is 7.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    2023-03-01 custom "member" "H3" "220183201001011234"
      name: "王小红"
      relation: "女"
    """
    result = doc()
    assert result.codes == ["A01"] and "校验位应为 7" in result.messages("A01")[0]


# ---- A06-A08 one household, one archive


def test_member_archived_twice(doc):
    """
    ; H1's son is also written as a member of H3; once H1 has left hardship
    ; (extra), he may belong to H3.
    option "operating_currency" "CNY"
    plugin "fund_rules"

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
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    2023-03-01 custom "member" "H3" "360426199101010071"
      name: "张小明"
      relation: "子"
    """
    result = doc()
    assert result.codes == ["A06"]
    assert "H3" in result.messages("A06")[0] and "H1" in result.messages("A06")[0]
    exited = """
    2023-02-20 custom "household" "H1" "exited"
      reason: "脱困"
    """
    assert doc(exited).codes == []


@pytest.mark.parametrize(("event", "code", "needle"), [("exited", "A06", "H1"), ("blacklisted", "A07", "黑名单")])
def test_worker_archived_twice_or_after_blacklisting(doc, event, code, needle):
    """
    ; H1's worker is archived again as H3 while H1 is still active: a
    ; duplicate. A blacklisted person may never be archived again.
    option "operating_currency" "CNY"
    plugin "fund_rules"

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
    $closed
    2023-03-01 custom "household" "H3" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    closed = '2023-02-20 custom "household" "H1" "blacklisted"\n  reason: "伪造收入证明骗取建档"'
    result = doc(closed=closed if event == "blacklisted" else "")
    assert result.codes == [code] and needle in result.messages(code)[0]


def test_blacklisted_archive_is_never_reopened(doc):
    """
    ; H1 is blacklisted and then archived again under the same number.
    option "operating_currency" "CNY"
    plugin "fund_rules"

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
    2023-02-20 custom "household" "H1" "blacklisted"
      reason: "伪造收入证明骗取建档"
    2023-03-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc()
    assert result.codes == ["A13"] and "黑名单" in result.messages("A13")[0]


@pytest.mark.parametrize(("number", "codes"), [("220183194912310059", ["A08"]), ("220183194912300053", [])])
def test_likely_duplicate_by_pinyin_and_birth(doc, number, codes):
    """
    ; 章伟 sounds like H1's 张伟 (zhang wei); under another ID number he is a
    ; likely duplicate only if born on the same day, 1949-12-31.
    option "operating_currency" "CNY"
    plugin "fund_rules"

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
    2023-03-01 custom "household" "H3" "archived"
      name: "章伟"
      id-number: "$number"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc(number=number)
    assert result.codes == codes
    if codes:
        assert "H1" in result.messages("A08")[0]


# ---- A09 income thresholds (per-capita disposable income against 低保 620)


@pytest.mark.parametrize(
    ("hardship", "income", "expense", "ok"),
    [
        ("深度困难", "620.00", "", True),
        ("深度困难", "620.01", "", False),
        ("享受低保", "700.00", "social-security: 80.00 CNY", True),
        ("享受低保", "700.00", "social-security: 79.99 CNY", False),
        ("相对困难", "930.00", "expense-illness: 310.00 CNY", True),
        ("相对困难", "930.01", "expense-illness: 400.00 CNY", False),
        ("相对困难", "900.00", "expense-schooling: 279.99 CNY", False),
        ("相对困难", "700.00", "", False),  # above 低保 with no special reason
        ("意外致困", "1860.00", "expense-accident: 1240.00 CNY", True),
        ("意外致困", "1860.01", "expense-accident: 1860.00 CNY", False),
    ],
)
def test_hardship_thresholds(doc, hardship, income, expense, ok):
    """
    ; A one-person household: its monthly income (less social security or
    ; the special expense the hardship type allows) against 低保 620 (深度困难,
    ; 享受低保), 1.5 times it (相对困难) or twice it (意外致困).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "$hardship"
      cause: "下岗失业"
      monthly-income: $income CNY
      $expense
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc(hardship=hardship, income=income, expense=expense)
    assert result.codes == ([] if ok else ["A09"])
    if not ok:
        assert "620.00" in result.messages("A09")[0]


def test_income_computation_uses_household_size(doc):
    """
    ; (641 + 600) ÷ 2 persons = 620.50, one fen over 低保 per person.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      monthly-income: 641.00 CNY
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    2023-03-01 custom "member" "H3" "220183198001011224"
      name: "李芳"
      relation: "配偶"
      monthly-income: 600.00 CNY
    """
    result = doc()
    assert result.codes == ["A09"] and "÷ 2 人 = 620.50 元" in result.messages("A09")[0]


def test_locality_multiple_setting(doc):
    """
    ; 渝中 sets the 相对困难 ceiling at 1.2 times 低保 (744.00), not 1.5:
    ; 800 a month for one person is over it.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "渝中"
      multiple: 1.2
    2023-01-01 custom "standard" "dibao" "渝中" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "渝中"
      level: "区县级"
      nature: "长期"
      hardship: "相对困难"
      cause: "下岗失业"
      monthly-income: 800.00 CNY
      expense-illness: 200 CNY
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc()
    assert result.codes == ["A09"] and "1.2 倍即 744.00 元" in result.messages("A09")[0]


# ---- A10 exclusions


@pytest.mark.parametrize(
    ("exclusion", "needle"),
    [
        ("homes: 2", "2 套住宅"),
        ("housing-area: 50.5", "人均住房面积"),
        ("commercial: TRUE", "商业店铺"),
        ("employs: TRUE", "雇佣他人"),
        ("private-school: TRUE", "私立学校"),
        ("abroad: TRUE", "出国留学"),
        ("vehicle: TRUE", "机动车辆"),
        ("socialised-retiree: TRUE", "退休人员"),
    ],
)
def test_each_exclusion(doc, exclusion, needle):
    """
    ; Each circumstance that rules a household out of the archive.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      $exclusion
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    result = doc(exclusion=exclusion)
    assert result.codes == ["A10"] and needle in result.messages("A10")[0]


def test_exclusions_not_triggered_at_the_limit(doc):
    """
    ; One home of 50 m² per person and no shop are allowed.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      homes: 1
      housing-area: 50
      commercial: FALSE
      notice-start: 2023-02-06
      notice-end: 2023-02-17
    """
    assert doc().codes == []


# ---- A11/A12/A14 public notice


@pytest.mark.parametrize(("start", "codes"), [("2024-09-26", []), ("2024-09-27", ["A11"])])
def test_notice_across_national_day(doc, start, codes):
    """
    ; 2024-09-26 (Thu) to 2024-10-08 (Tue) holds Thu 26, Fri 27, Sun 29 (a
    ; make-up working day), Mon 30 and Tue 8: five working days; starting a
    ; day later leaves four.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2024-10-10 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: $start
      notice-end: 2024-10-08
    """
    result = doc(start=start)
    assert result.codes == codes
    if codes:
        assert "仅 4 个工作日" in result.messages("A11")[0]


@pytest.mark.parametrize(
    ("notice", "codes"),
    [
        ("notice-start: 2023-02-20\n  notice-end: 2023-03-01", ["A11"]),  # ends on the approval day
        ("", ["A12"]),  # no notice recorded: a warning
    ],
)
def test_notice_must_end_before_approval(doc, notice, codes):
    """
    ; The notice must end before the archive is approved on 1 March.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-03-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      $notice
    """
    assert doc(notice=notice).codes == codes


def test_unknown_holiday_year_falls_back_with_a_warning(doc):
    """
    ; chinese-calendar knows holidays up to 2026; for 2027 the ledger may
    ; declare them (extra), otherwise weekdays count with a warning.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2027-02-01 custom "household" "H3" "archived"
      name: "王五"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
      notice-start: 2027-01-04
      notice-end: 2027-01-15
    """
    assert doc().codes == ["A14"]
    declared = """
    2027-01-01 custom "holiday" "元旦"
    2027-01-10 custom "workday" "调休"
    """
    assert doc(declared).codes == []


# ---- A13 lifecycle


@pytest.mark.parametrize(
    ("first", "then", "needle"),
    [
        ('"exited"\n  reason: "脱困"', '"exited"\n  reason: "脱困"', "已脱困"),
        ('"cancelled"\n  reason: "迁出"', '"changed"\n  phone: "13900000000"', "已注销"),
        ('"returned"\n  reason: "两年未帮扶"', '"cancelled"\n  reason: "三年未帮扶"', ""),
    ],
)
def test_lifecycle_transitions(doc, first, then, needle):
    """
    ; Leaving hardship twice or changing a cancelled archive is impossible; a
    ; returned archive may be cancelled.
    option "operating_currency" "CNY"
    plugin "fund_rules"

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
    2023-05-01 custom "household" "H1" $first
    2023-09-01 custom "household" "H1" $then
    """
    result = doc(first=first, then=then)
    assert result.codes == (["A13"] if needle else [])
    if needle:
        assert needle in result.messages("A13")[0]


# ---- bangfu archive


def test_archive_command_appends_allowed_events_only(tmp_path):
    shutil.copytree(EXAMPLE.parent, tmp_path / "county")
    main = tmp_path / "county" / "main.beancount"
    archive_file = tmp_path / "county" / "archive.beancount"
    before = archive_file.read_bytes()
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
