"""Directive models: every error path on real loads, and the typed view.
Each test's docstring is its ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ledger.vocab import Event, Level, SchoolLevel, StandardKind, State

D = datetime.date


def test_valid_household_is_typed(doc):
    """
    ; An archived household with one member, read into its typed form.
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    """
    result = doc()
    assert result.codes == []
    household = result.loaded.view.household("H1", D(2023, 3, 1))
    assert household.active and household.state is State.ACTIVE
    assert household.fields.level is Level.NATIONAL
    assert household.fields.id_number == "11010519491231002X"
    assert [m.fields.name for m in household.members] == ["张小明"]
    assert household.members[0].fields.school_level is SchoolLevel.SENIOR
    assert household.size == 2


def test_archived_household_missing_fields_names_each_field(doc):
    """
    ; Archiving names the fields it lacks, each by its key and Chinese title.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-03-01 custom "household" "H2" "archived"
      name: "李四"
    """
    result = doc()
    assert result.codes == ["S01"]
    (message,) = result.messages("S01")
    for key in ("id-number", "locality", "level", "nature", "hardship", "cause"):
        assert f"`{key}`" in message
    assert "身份证号" in message and "H2" in message


def test_unquoted_id_number_and_bad_enum(doc):
    """
    ; An ID number must be quoted; an archive level must be one of the known ones.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-03-01 custom "household" "H2" "archived"
      name: "李四"
      id-number: 110105194912310021
      locality: "城区"
      level: "国家级"
      nature: "长期"
      hardship: "深度困难"
      cause: "下岗失业"
    """
    result = doc()
    (message,) = result.messages("S01")
    assert "加引号" in message
    assert "“国家级”不是有效取值" in message and "全国级" in message


def test_unknown_key_suggests_the_right_one(doc):
    """
    ; A misspelt key is refused, with the key it probably meant.
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    2023-03-01 custom "household" "H1" "changed"
      phnoe: "13900000000"
    """
    result = doc()
    (message,) = result.messages("S01")
    assert "`phnoe`" in message and "`phone`" in message


def test_error_points_at_file_and_line(doc, tmp_path):
    """
    ; An exit must say why; the error names the directive's file and line.
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    2023-03-01 custom "household" "H1" "exited"
    """
    result = doc()
    from ledger import problem_of

    (problem,) = [problem_of(e) for e in result.loaded.errors]
    assert problem.code == "S01" and "原因" in problem.message
    lines = (tmp_path / "main.beancount").read_text(encoding="utf-8").splitlines()
    assert '"exited"' in lines[problem.lineno - 1]


def test_event_before_archiving(doc):
    """
    ; No event before a household is archived (S03).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-03-01 custom "household" "H9" "changed"
      phone: "13900000000"
    """
    result = doc()
    assert result.codes == ["S03"]


@pytest.mark.parametrize(
    "directive",
    [
        '2023-03-01 custom "household" "H1"',
        '2023-03-01 custom "household" "H1" "moved"',
        '2023-03-01 custom "member" "H1"',
        '2023-03-01 custom "standard" "dibao" "城区"',
        '2023-03-01 custom "standard" "wages" "城区" 100 CNY',
        '2023-03-01 custom "standard" "dibao" "城区" 100 USD',
        '2023-03-01 custom "locality"',
        '2023-03-01 custom "fund" "Lottery"',
        '2023-03-01 custom "bangfu-option" "unit"',
    ],
)
def test_wrong_directive_arguments(doc, directive):
    """
    ; Each bangfu directive takes its own arguments (S02).
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    $directive
    """
    codes = doc(directive=directive).codes
    assert [c for c in codes if c != "BC"] == ["S02"]  # beancount may add its own syntax error


def test_unknown_and_bad_options(doc):
    """
    ; An unknown option and a value outside its choices are refused (S06); a good one is read.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "bangfu-option" "school_year" "true"
    2023-01-01 custom "bangfu-option" "education-year" "weekly"
    2023-01-01 custom "bangfu-option" "unit" "青松县总工会"
    """
    result = doc()
    assert result.codes == ["S06", "S06"]
    assert result.loaded.view.options.unit == "青松县总工会"


def test_duplicate_locality_and_bad_standard_meta(doc):
    """
    ; A locality is declared once; a standard's school level must be a known one (S07).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 800 CNY
      school-level: "博士后"
    """
    result = doc()
    assert result.codes == ["S07", "S07"]


def test_member_errors(doc):
    """
    ; A member needs a name; a member event must be a known one; an income is a number.
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    2023-03-01 custom "member" "H1" "220183201001011234"
      relation: "女"
    2023-03-01 custom "member" "H1" "220183201001011234" "left"
    2023-03-01 custom "member" "H1" "220183201001011239"
      name: "张某"
      relation: "女"
      monthly-income: "800"
    """
    result = doc()
    assert result.codes == ["S01", "S01", "S02"]
    assert any("`name`" in m for m in result.messages("S01"))
    assert any("金额" in m for m in result.messages("S01"))


def test_state_follows_dated_events(doc):
    """
    ; A household's state and fields on any date follow from its dated events:
    ; a new card, returned to the archiving union, archived again, exited.
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    2023-06-01 custom "household" "H1" "changed"
      card: "6222029999999999992"
    2023-09-01 custom "household" "H1" "returned"
      reason: "两年未帮扶，退回建档工会"
    2024-03-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "相对困难"
      cause: "子女上学"
      notice-start: 2024-02-05
      notice-end: 2024-02-23
    2024-12-01 custom "household" "H1" "exited"
      reason: "脱困"
    """
    result = doc()
    assert result.codes == []
    archive = result.loaded.view
    assert archive.household("H1", D(2023, 1, 31)).state is None
    assert archive.household("H1", D(2023, 2, 1)).state is State.ACTIVE
    assert archive.household("H1", D(2023, 5, 31)).fields.card == "6222021234567890128"
    assert archive.household("H1", D(2023, 6, 1)).fields.card == "6222029999999999992"
    assert archive.household("H1", D(2023, 9, 1)).state is State.RETURNED
    again = archive.household("H1", D(2024, 3, 1))
    assert again.active and again.fields.level is Level.COUNTY and again.archived_on == D(2024, 3, 1)
    assert again.fields.card == "6222029999999999992"  # fields carry over unless changed
    assert archive.household("H1", D(2024, 12, 1)).state is State.EXITED
    assert [e.event for e in archive.households["H1"].events][-1] is Event.EXITED


def test_members_join_change_and_leave(doc):
    """
    ; Members join, change and leave on their dates; a change keeps what it does not name.
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
      card: "6222021234567890128"
      notice-start: 2023-01-09
      notice-end: 2023-01-16
    2023-02-01 custom "member" "H1" "360426199101010071"
      name: "张小明"
      relation: "子"
      school-level: "高中"
    2023-05-01 custom "member" "H1" "220183201001011237"
      name: "张小红"
      relation: "女"
    2023-09-01 custom "member" "H1" "360426199101010071" "changed"
      school-level: "本科"
    2024-01-01 custom "member" "H1" "360426199101010071" "removed"
      reason: "参加工作，迁出户口"
    """
    result = doc()
    assert result.codes == []
    archive = result.loaded.view
    assert len(archive.household("H1", D(2023, 4, 30)).members) == 1
    autumn = archive.household("H1", D(2023, 9, 1))
    son = next(m for m in autumn.members if m.id_number == "360426199101010071")
    assert son.fields.school_level is SchoolLevel.UNIVERSITY and son.fields.name == "张小明"
    assert son.since == D(2023, 2, 1)
    assert [m.fields.name for m in archive.household("H1", D(2024, 1, 1)).members] == ["张小红"]


def test_standard_in_force_by_date_and_school_level(doc):
    """
    ; A standard is in force from its date until the next; a school level's
    ; education standard wins over the locality's general one.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2024-07-01 custom "standard" "dibao" "城区" 650 CNY
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-01 custom "standard" "education" "城区" 800 CNY
      school-level: "本科"
    """
    result = doc()
    book = result.loaded.view.standards
    assert book.at(StandardKind.DIBAO, "城区", D(2022, 12, 31)) is None
    assert book.at(StandardKind.DIBAO, "城区", D(2024, 6, 30)).amount == Decimal(620)
    assert book.at(StandardKind.DIBAO, "城区", D(2024, 7, 1)).amount == Decimal(650)
    assert book.at(StandardKind.EDUCATION, "城区", D(2024, 1, 1), SchoolLevel.UNIVERSITY).amount == 800
    assert book.at(StandardKind.EDUCATION, "城区", D(2024, 1, 1), SchoolLevel.SENIOR).amount == 500


def test_fund_scope_defaults_and_declared(doc):
    """
    ; Central and provincial money pay national-level archives by default;
    ; a ledger declares other scopes; an unknown category is refused (S07).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2024-01-01 custom "fund" "Provincial"
      levels: "全国级、省级"
      categories: "生活救助,医疗救助"
    2024-01-01 custom "fund" "Local"
      categories: "生活救助,储蓄"
    """
    result = doc()
    assert result.codes == ["S07"]
    archive = result.loaded.view
    from ledger.vocab import Category, Fund

    assert archive.fund_scopes.at(Fund.CENTRAL, D(2024, 6, 1)).levels == (Level.NATIONAL,)
    assert archive.fund_scopes.at(Fund.PROVINCIAL, D(2023, 6, 1)).levels == (Level.NATIONAL,)
    declared = archive.fund_scopes.at(Fund.PROVINCIAL, D(2024, 6, 1))
    assert declared.levels == (Level.NATIONAL, Level.PROVINCIAL)
    assert declared.categories == (Category.LIVING, Category.MEDICAL)


def test_fast_path_equals_pydantic_on_real_and_broken_metadata():
    """fast_validate (the hot path) builds exactly what pydantic builds, and
    gives way (None) whenever pydantic would reject: checked on every
    directive of the example ledger, then on each with one value broken."""
    from pathlib import Path

    from pydantic import ValidationError

    from ledger.fields import fast_validate, user_meta
    from ledger.loader import load
    from ledger.models import FundFields, HouseholdEventFields, LocalityFields, MemberEvent, MemberEventFields, StandardFields
    from ledger.payments import PaymentFields

    loaded = load(Path(__file__).resolve().parents[1] / "examples" / "county" / "main.beancount")
    samples: list[tuple[type, dict]] = []
    for entry in loaded.entries:
        meta = user_meta(getattr(entry, "meta", None))
        kind = type(entry).__name__
        if kind == "Transaction" and "household" in meta:
            samples.append((PaymentFields, meta))
        elif kind == "Custom" and entry.type == "household":
            samples.append((HouseholdEventFields, {**meta, "event": Event.parse(entry.values[1].value)}))
        elif kind == "Custom" and entry.type == "member":
            event = MemberEvent.parse(entry.values[2].value) if len(entry.values) > 2 else MemberEvent.ADDED
            samples.append((MemberEventFields, {**meta, "event": event}))
        elif kind == "Custom" and entry.type in ("standard", "locality", "fund"):
            model = {"standard": StandardFields, "locality": LocalityFields, "fund": FundFields}[entry.type]
            samples.append((model, meta))
    assert {m for m, _ in samples} >= {PaymentFields, HouseholdEventFields, MemberEventFields, StandardFields}
    broken_values = (12345, "", "  ", True, Decimal("1.5"), datetime.date(2024, 1, 1), "不存在的值")
    checked = 0
    for model, meta in samples:
        variants = [meta] + [{**meta, key: bad} for key in list(meta)[:6] for bad in broken_values]
        variants.append({k: v for k, v in meta.items() if k not in ("name", "household", "reason")})
        for data in variants:
            fast = fast_validate(model, data)
            try:
                slow = model.model_validate(data)
            except ValidationError:
                assert fast is None, (model.__name__, data)
                continue
            if fast is not None:
                assert fast == slow and fast.model_fields_set == slow.model_fields_set, (model.__name__, data)
            checked += 1
    assert checked > 300
