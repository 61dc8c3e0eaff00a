"""Fund rules R01-R13 on real loaded ledgers, each passing and failing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from conftest import pay
from ledger.vocab import Category

D = datetime.date

LIVING = "Expenses:Aid:Central:Living"

H2 = """
2023-02-01 custom "household" "H2" "archived"
  name: "李娟"
  id-number: "220183198001011232"
  locality: "城区"
  level: "区县级"
  nature: "长期"
  hardship: "相对困难"
  cause: "子女上学"
  card: "6222020000000000018"
  notice-start: 2023-01-09
  notice-end: 2023-01-16
"""


# ---- R01 archived and active


def test_paid_on_exit_eve_passes_and_day_after_exit_fails(ledger):
    exit_ = '2023-06-30 custom "household" "H1" "exited"\n  reason: "再就业"\n'
    assert ledger(exit_ + pay("2023-06-29", LIVING, "500.00")).codes == []
    result = ledger(exit_ + pay("2023-07-01", LIVING, "500.00"))
    assert result.codes == ["R01"]
    assert "已脱困" in result.messages("R01")[0] and "2023-06-30" in result.messages("R01")[0]


def test_paid_before_archiving_fails(ledger):
    result = ledger(pay("2023-01-20", LIVING, "500.00"))
    assert result.codes == ["R01"] and "尚未建档" in result.messages("R01")[0]


@pytest.mark.parametrize("event", ["cancelled", "returned", "blacklisted"])
def test_closed_archives_may_not_be_paid(ledger, event):
    closing = f'2023-05-01 custom "household" "H1" "{event}"\n  reason: "清理"\n'
    assert ledger(closing + pay("2023-05-02", LIVING, "500.00")).codes == ["R01"]


def test_returned_then_archived_again_may_be_paid(ledger):
    body = (
        '2023-05-01 custom "household" "H1" "returned"\n  reason: "两年未帮扶"\n'
        '2023-09-01 custom "household" "H1" "archived"\n  name: "张伟"\n  id-number: "11010519491231002X"\n'
        '  locality: "城区"\n  level: "全国级"\n  nature: "长期"\n  hardship: "深度困难"\n  cause: "重特大疾病"\n'
        "  notice-start: 2023-08-14\n  notice-end: 2023-08-25\n"
    )
    assert ledger(body + pay("2023-09-02", LIVING, "500.00")).codes == []


# ---- R02 fund scope


def test_central_money_only_for_national_archives(ledger):
    assert ledger(H2 + pay("2023-03-01", "Expenses:Aid:Local:Living", "500.00", household="H2")).codes == []
    result = ledger(H2 + pay("2023-03-01", LIVING, "500.00", household="H2"))
    assert result.codes == ["R02"] and "区县级" in result.messages("R02")[0]


def test_fund_scope_is_configurable(ledger):
    widened = '2023-01-01 custom "fund" "Central"\n  levels: "全国级,区县级"\n  categories: "生活救助"\n'
    assert ledger(widened + H2 + pay("2023-03-01", LIVING, "500.00", household="H2")).codes == []
    medical = pay("2023-03-01", "Expenses:Aid:Central:Medical", "500.00", 'bill: "B1"\nout-of-pocket: 900 CNY')
    result = ledger(widened + medical)
    assert result.codes == ["R02"] and "不得用于医疗救助" in result.messages("R02")[0]


# ---- R03 living aid


def test_living_cap_exact_passes_one_fen_over_fails(ledger):
    assert ledger(pay("2023-03-01", LIVING, "7440.00")).codes == []
    result = ledger(pay("2023-03-01", LIVING, "7440.01"))
    assert result.codes == ["R03"]
    assert result.messages("R03")[0] == (
        "档案 H1（张伟）2023 年生活救助累计 7,440.01 元，超过上限 7,440.00 元（城区低保 620 元 × 12 个月）"
    )


def test_mid_year_standard_change_counts_month_by_month(ledger):
    raise_ = '2023-07-01 custom "standard" "dibao" "城区" 650 CNY\n'  # 6 x 620 + 6 x 650 = 7620
    assert ledger(raise_ + pay("2023-03-01", LIVING, "7620.00")).codes == []
    result = ledger(raise_ + pay("2023-03-01", LIVING, "7620.01"))
    assert "城区低保 620 元 × 6 个月 + 650 元 × 6 个月" in result.messages("R03")[0]
    mid_month = '2023-07-15 custom "standard" "dibao" "城区" 650 CNY\n'  # July counts at the new standard
    assert ledger(mid_month + pay("2023-03-01", LIVING, "7620.00")).codes == []


def test_three_funds_share_one_living_cap(ledger):
    body = (
        pay("2023-03-01", LIVING, "3000.00")
        + pay("2023-06-01", "Expenses:Aid:Provincial:Living", "3000.00")
        + pay("2023-09-01", "Expenses:Aid:UnionDues:Living", "1440.00")
    )
    assert ledger(body).codes == []
    over = body + pay("2023-12-01", "Expenses:Aid:UnionDues:Living", "0.01")
    result = ledger(over)
    assert result.codes == ["R03"]
    assert "7,440.01" in result.messages("R03")[0]


def test_reversal_brings_household_back_under_cap(ledger):
    body = pay("2023-03-01", LIVING, "5000.00", link="P1") + pay("2023-09-01", LIVING, "3000.00", link="P2")
    assert ledger(body).codes == ["R03"]
    reversal = (
        '2023-09-20 * "张伟" "银行退回" ^P2\n  household: "H1"\n  reverses: "P2"\n  reason: "卡已销户"\n'
        f"  {LIVING}  -3000.00 CNY\n  Assets:Bank:ICBC:Central\n"
    )
    assert ledger(body + reversal).codes == []


def test_living_cap_is_per_calendar_year(ledger):
    body = pay("2023-12-20", LIVING, "7000.00") + pay("2024-01-05", LIVING, "7000.00")
    assert ledger(body).codes == []


def test_explicit_fund_standard_replaces_the_default(ledger):
    explicit = '2023-01-01 custom "standard" "fund-cap" "Central" 2000 CNY\n  category: "生活救助"\n'
    assert ledger(explicit + pay("2023-03-01", LIVING, "2000.00")).codes == []
    result = ledger(explicit + pay("2023-03-01", LIVING, "2000.01"))
    assert result.codes == ["R03"] and "专项标准 2000 元" in result.messages("R03")[0]
    # central money left the default sum: local money may still use the whole 7440
    both = explicit + pay("2023-03-01", LIVING, "2000.00") + pay("2023-04-01", "Expenses:Aid:Local:Living", "7440.00")
    assert ledger(both).codes == []


# ---- R04 medical aid


MEDICAL = 'bill: "ZY1"\nout-of-pocket: 10000.00 CNY'


def test_bill_paid_partly_by_two_funds(ledger):
    body = pay("2023-03-01", "Expenses:Aid:Central:Medical", "6000.00", MEDICAL) + pay(
        "2023-03-15", "Expenses:Aid:Local:Medical", "4000.00", MEDICAL
    )
    assert ledger(body).codes == []
    over = pay("2023-03-01", "Expenses:Aid:Central:Medical", "6000.00", MEDICAL) + pay(
        "2023-03-15", "Expenses:Aid:Local:Medical", "4000.01", MEDICAL
    )
    result = ledger(over)
    assert result.codes == ["R04"]
    assert "票据 ZY1" in result.messages("R04")[0] and "10,000.01" in result.messages("R04")[0]


def test_different_bills_have_their_own_caps(ledger):
    other = 'bill: "ZY2"\nout-of-pocket: 10000.00 CNY'
    body = pay("2023-03-01", "Expenses:Aid:Central:Medical", "10000.00", MEDICAL) + pay(
        "2023-04-01", "Expenses:Aid:Local:Medical", "10000.00", other
    )
    assert ledger(body).codes == []


def test_inconsistent_out_of_pocket_is_reported(ledger):
    body = pay("2023-03-01", "Expenses:Aid:Central:Medical", "100.00", MEDICAL) + pay(
        "2023-03-15", "Expenses:Aid:Local:Medical", "100.00", 'bill: "ZY1"\nout-of-pocket: 9000.00 CNY'
    )
    result = ledger(body)
    assert result.codes == ["R04"] and "前后不一致" in result.messages("R04")[0]


# ---- R05 / R06 education aid


EDU = 'student: "360426199101010071"\nschool-level: "高中"'


def test_education_cap_per_student_per_year(ledger):
    assert ledger(pay("2023-09-01", "Expenses:Aid:Central:Education", "5000.00", EDU)).codes == []
    result = ledger(pay("2023-09-01", "Expenses:Aid:Central:Education", "5000.01", EDU))
    assert result.codes == ["R05"]
    assert "城区基本生活费 500 元 × 10 个月" in result.messages("R05")[0]
    assert "360426199101010071" not in result.messages("R05")[0]  # ID masked in messages


def test_school_level_standard_applies(ledger):
    university = '2023-01-01 custom "standard" "education" "城区" 800 CNY\n  school-level: "本科"\n'
    edu = 'student: "360426199101010071"\nschool-level: "本科"'
    assert ledger(university + pay("2023-09-01", "Expenses:Aid:Central:Education", "8000.00", edu)).codes == []
    assert ledger(university + pay("2023-09-01", "Expenses:Aid:Central:Education", "8000.01", edu)).codes == ["R05"]


def test_student_aided_in_two_households(ledger):
    """The cap is per student, whichever household the aid goes through."""
    member_too = '2023-02-01 custom "member" "H2" "360426199101010071"\n  name: "张小明"\n  relation: "子"\n'
    both = (
        H2
        + member_too
        + pay("2023-03-01", "Expenses:Aid:Central:Education", "3000.00", EDU)
        + pay("2023-09-01", "Expenses:Aid:Local:Education", "2000.00", EDU, household="H2")
    )
    assert ledger(both).codes == ["A06"]  # one child in two active archives is itself an error
    result = ledger(both + pay("2023-10-01", "Expenses:Aid:Local:Education", "0.01", EDU, household="H2"))
    assert result.codes == ["A06", "R05"] and "5,000.01" in result.messages("R05")[0]


def test_student_must_be_a_member(ledger):
    result = ledger(H2 + pay("2023-09-01", "Expenses:Aid:Donations:Education", "500.00", EDU, household="H2"))
    assert result.codes == ["R06"]
    assert "不是档案 H2 的家庭成员" in result.messages("R06")[0]


def test_school_year_setting(ledger):
    school_year = '2023-01-01 custom "bangfu-option" "education-year" "school"\n'
    body = pay("2023-03-01", "Expenses:Aid:Central:Education", "3000.00", EDU) + pay(
        "2023-09-01", "Expenses:Aid:Central:Education", "3000.00", EDU
    )
    assert ledger(body).codes == ["R05"]  # calendar year 2023: 6000
    assert ledger(school_year + body).codes == []  # two school years: 3000 each


# ---- R07 training, R08 legal aid


def test_training_cap(ledger):
    trade = 'trade: "焊工"'
    assert ledger(pay("2023-05-01", "Expenses:Aid:Local:Training", "1800.00", trade)).codes == []
    result = ledger(pay("2023-05-01", "Expenses:Aid:Local:Training", "1800.01", trade))
    assert result.codes == ["R07"] and "焊工培训标准 1800 元" in result.messages("R07")[0]


def test_legal_aid_cap_per_case(ledger):
    case = 'case: "FY-1"'
    body = pay("2023-05-01", "Expenses:Aid:Local:Legal", "2000.00", case) + pay(
        "2023-06-01", "Expenses:Aid:Local:Legal", "1000.00", case
    )
    assert ledger(body).codes == []
    result = ledger(body + pay("2023-07-01", "Expenses:Aid:Local:Legal", "0.01", case))
    assert result.codes == ["R08"]
    other_case = pay("2023-07-01", "Expenses:Aid:Local:Legal", "3000.00", 'case: "FY-2"')
    assert ledger(body + other_case).codes == []


# ---- R09 festival aid


FESTIVAL = """
2023-01-01 custom "standard" "festival" "Central" 3000 CNY
2023-01-01 custom "standard" "festival" "*" 2000 CNY
"""


def test_explicit_central_festival_standard_wins(ledger):
    assert ledger(FESTIVAL + pay("2023-02-01", "Expenses:Aid:Central:Festival", "3000.00")).codes == []
    result = ledger(FESTIVAL + pay("2023-02-01", "Expenses:Aid:Central:Festival", "3000.01"))
    assert result.codes == ["R09"] and "中央财政专项帮扶资金送温暖标准" in result.messages("R09")[0]
    local = FESTIVAL + pay("2023-02-01", "Expenses:Aid:Local:Festival", "2000.01")
    assert ledger(local).codes == ["R09"]
    both = FESTIVAL + pay("2023-02-01", "Expenses:Aid:Central:Festival", "3000.00") + pay(
        "2023-02-02", "Expenses:Aid:Local:Festival", "2000.00"
    )
    assert ledger(both).codes == []


def test_no_festival_standard_no_cap(ledger):
    assert ledger(pay("2023-02-01", "Expenses:Aid:Local:Festival", "9000.00")).codes == []


# ---- R10 overdraw


def test_overdraw(ledger):
    medical = 'bill: "B1"\nout-of-pocket: 5000 CNY'
    assert ledger(pay("2023-03-01", "Expenses:Aid:Donations:Medical", "1000.00", medical)).codes == []
    result = ledger(pay("2023-03-01", "Expenses:Aid:Donations:Medical", "1000.01", medical))
    assert result.codes == ["R10"] and "-0.01" in result.messages("R10")[0]


def test_same_day_receipt_covers_payment(ledger):
    medical = 'bill: "B1"\nout-of-pocket: 5000 CNY'
    receipt = '2023-03-01 * "捐赠" "捐款"\n  Assets:Bank:ICBC:Donations  500 CNY\n  Income:Fund:Donations\n'
    assert ledger(pay("2023-03-01", "Expenses:Aid:Donations:Medical", "1500.00", medical) + receipt).codes == []


# ---- R11 cash, R12 card


def test_cash_needs_id_check_and_receipt(ledger):
    body = pay("2023-03-01", LIVING, "500.00", method="现金")
    result = ledger(body)
    assert result.codes == ["R11"] and "id-checked" in result.messages("R11")[0]
    ok = pay("2023-03-01", LIVING, "500.00", 'id-checked: TRUE\nreceipt: "签收单001"', method="现金")
    assert ledger(ok).codes == []


def test_bank_payment_to_archived_card(ledger):
    assert ledger(pay("2023-03-01", LIVING, "500.00", 'card: "6222021234567890128"')).codes == []
    result = ledger(pay("2023-03-01", LIVING, "500.00", 'card: "6222029999999999992"'))
    assert result.codes == ["R12"]
    assert "尾号 9992" in result.messages("R12")[0] and "6222029999999999992" not in result.messages("R12")[0]
    changed = '2023-02-20 custom "household" "H1" "changed"\n  card: "6222029999999999992"\n'
    assert ledger(changed + pay("2023-03-01", LIVING, "500.00", 'card: "6222029999999999992"')).codes == []


def test_bank_payment_without_card_on_archive(ledger):
    no_card = H2.replace('  card: "6222020000000000018"\n', "")
    result = ledger(no_card + pay("2023-03-01", "Expenses:Aid:Local:Living", "500.00", household="H2"))
    assert result.codes == ["R12"] and "没有登记银行卡号" in result.messages("R12")[0]


# ---- R13 year-end


def test_year_end_unspent_central_money_is_a_warning(ledger):
    on = '2023-01-01 custom "bangfu-option" "year-end-funds" "Central,Provincial"\n'
    next_year = '2024-01-02 * "x" "y"\n  Assets:Bank:ICBC:Local  1 CNY\n  Income:Fund:Local\n'
    result = ledger(on + next_year)  # the shared header turns the check off; `on` turns it back on
    assert sorted(result.codes) == ["R13", "R13"]
    assert any("2023 年末中央财政专项帮扶资金结余 50,000.00 元" in m for m in result.messages("R13"))
    from ledger import problem_of

    assert {problem_of(e).severity for e in result.loaded.errors} == {"warning"}
    assert ledger(on).codes == []  # 2023 is not over yet


def test_rules_can_be_disabled_by_plugin_config(ledger):
    from conftest import HEADER

    header = HEADER.replace('plugin "fund_rules"', "plugin \"fund_rules\" \"{'disable': ['R12']}\"")
    assert ledger(pay("2023-03-01", LIVING, "500.00", 'card: "6222029999999999992"'), header=header).codes == []
    bad = HEADER.replace('plugin "fund_rules"', 'plugin "fund_rules" "disable R12"')
    assert ledger("", header=bad).codes == ["S06"]


# ---- headroom


def test_headroom_shows_what_may_still_be_paid(ledger):
    body = (
        FESTIVAL
        + pay("2023-03-01", LIVING, "3000.00", link="P1")
        + pay("2023-04-01", "Expenses:Aid:Central:Medical", "4000.00", MEDICAL, link="P2")
        + pay("2023-09-01", "Expenses:Aid:Central:Education", "1500.00", EDU, link="P3")
        + pay("2023-12-01", LIVING, "1000.00", link="P4")
    )
    result = ledger(body)
    assert result.codes == []
    from fund_rules.headroom import headroom

    context = result.loaded.view
    room = headroom(context, "H1", D(2023, 10, 1))
    (living,) = room.of(Category.LIVING)
    assert (living.cap, living.used, living.remaining) == (Decimal(7440), Decimal(3000), Decimal(4440))
    assert living.why == "城区低保 620 元 × 12 个月"
    (medical,) = room.of(Category.MEDICAL)
    assert medical.subject == "票据 ZY1" and medical.remaining == Decimal(6000)
    (education,) = room.of(Category.EDUCATION)
    assert education.remaining == Decimal(3500) and "360426********0071" in education.subject
    festival = {r.subject: r.remaining for r in room.of(Category.FESTIVAL)}
    assert festival == {"本户 2023 年·中央财政专项帮扶资金": Decimal(3000), "本户 2023 年": Decimal(2000)}
    assert room.may_be_paid
    later = headroom(context, "H1", D(2023, 12, 31)).of(Category.LIVING)[0]
    assert later.used == Decimal(4000)  # the December payment counts from its date on


def test_headroom_agrees_with_the_rule(ledger):
    """Paying exactly the remaining headroom passes; one fen more fails."""
    from fund_rules.headroom import headroom

    base = pay("2023-03-01", LIVING, "2345.67", link="P1")
    loaded = ledger(base).loaded
    remaining = headroom(loaded.view, "H1", D(2023, 6, 1)).of(Category.LIVING)[0].remaining
    assert ledger(base + pay("2023-06-01", LIVING, f"{remaining:.2f}", link="P2")).codes == []
    assert ledger(base + pay("2023-06-01", LIVING, f"{remaining + Decimal('0.01'):.2f}", link="P2")).codes == ["R03"]


def test_bank_payments_need_a_bank_result_when_required(ledger):
    on = '2023-01-01 custom "bangfu-option" "bank-match-days" 30\n'
    later = '2023-05-01 * "x" "y"\n  Assets:Bank:ICBC:Local  1 CNY\n  Income:Fund:Local\n'
    body = pay("2023-03-01", LIVING, "500.00", link="P1") + later
    assert ledger(body).codes == []  # not required by default
    assert ledger(on + body).codes == ["R14"]
    confirmed = '2023-03-05 custom "bank-result" "P1" "success"\n'
    assert ledger(on + body + confirmed).codes == []
    recent = pay("2023-04-20", LIVING, "500.00", link="P2") + later
    assert ledger(on + recent).codes == []  # within 30 days of the ledger's last date
