"""Fund rules R01-R14 and the headroom on real loaded ledgers, each passing
and failing. Each test's docstring is its ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from fund_rules.headroom import headroom
from ledger import problem_of
from ledger.vocab import Category

D = datetime.date


# ---- R01 archived and active


def test_paid_on_exit_eve_passes_and_day_after_exit_fails(doc):
    """
    ; The household leaves hardship (脱困) on 30 June: it may be paid up to the
    ; day before, not after.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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
    2023-06-30 custom "household" "H1" "exited"
      reason: "再就业"

    $date * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(date="2023-06-29").codes == []
    result = doc(date="2023-07-01")
    assert result.codes == ["R01"]
    assert "已脱困" in result.messages("R01")[0] and "2023-06-30" in result.messages("R01")[0]


def test_paid_before_archiving_fails(doc):
    """
    ; 先建档、后帮扶: a payment dated before the household is archived.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-01-20 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc()
    assert result.codes == ["R01"] and "尚未建档" in result.messages("R01")[0]


@pytest.mark.parametrize("event", ["cancelled", "returned", "blacklisted"])
def test_closed_archives_may_not_be_paid(doc, event):
    """
    ; The archive is closed ($event) on 1 May and paid on 2 May.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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
    2023-05-01 custom "household" "H1" "$event"
      reason: "清理"

    2023-05-02 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(event=event).codes == ["R01"]


def test_returned_then_archived_again_may_be_paid(doc):
    """
    ; An archive returned (退档) in May and archived again in September, after
    ; a new public notice, may be paid again.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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
    2023-05-01 custom "household" "H1" "returned"
      reason: "两年未帮扶"
    2023-09-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "全国级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      notice-start: 2023-08-14
      notice-end: 2023-08-25

    2023-09-02 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc().codes == []


# ---- R02 fund scope


def test_central_money_only_for_national_archives(doc):
    """
    ; 李娟's archive is county level (区县级): local money may aid her,
    ; central money may not.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 open Expenses:Aid:Local:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-03-01 * "李娟" "生活救助" ^P1
      household: "H2"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:$fund:Living  500.00 CNY
      Assets:Bank:ICBC:$fund
    """
    assert doc(fund="Local").codes == []
    result = doc(fund="Central")
    assert result.codes == ["R02"] and "区县级" in result.messages("R02")[0]


def test_fund_scope_is_configurable(doc):
    """
    ; Central money is declared for county-level archives too, but for
    ; living aid only: 李娟 (区县级) may have central living aid, 张伟 may
    ; not have central medical aid.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-01 custom "fund" "Central"
      levels: "全国级,区县级"
      categories: "生活救助"
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "李娟" "生活救助" ^P1
      household: "H2"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc().codes == []
    medical = """
        2023-03-01 * "张伟" "医疗救助" ^P2
          household: "H1"
          approval: "SP-P2"
          method: "银行卡"
          bill: "B1"
          out-of-pocket: 900 CNY
          Expenses:Aid:Central:Medical  500.00 CNY
          Assets:Bank:ICBC:Central
    """
    result = doc(medical)
    assert result.codes == ["R02"] and "不得用于医疗救助" in result.messages("R02")[0]


# ---- R03 living aid


def test_living_cap_exact_passes_one_fen_over_fails(doc):
    """
    ; Living aid per household per year is at most 12 months of 低保
    ; (620 x 12 = 7440).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  $amount CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(amount="7440.00").codes == []
    result = doc(amount="7440.01")
    assert result.codes == ["R03"]
    assert result.messages("R03")[0] == (
        "档案 H1（张伟）2023 年生活救助累计 7,440.01 元，超过上限 7,440.00 元（城区低保 620 元 × 12 个月）"
    )


def test_mid_year_standard_change_counts_month_by_month(doc):
    """
    ; 低保 rises from 620 to 650 on $raised: the year's cap counts each month
    ; at the standard in force in it (6 x 620 + 6 x 650 = 7620; a rise in
    ; mid-July counts July at the new standard).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    $raised custom "standard" "dibao" "城区" 650 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  $amount CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(raised="2023-07-01", amount="7620.00").codes == []
    result = doc(raised="2023-07-01", amount="7620.01")
    assert "城区低保 620 元 × 6 个月 + 650 元 × 6 个月" in result.messages("R03")[0]
    assert doc(raised="2023-07-15", amount="7620.00").codes == []


def test_three_funds_share_one_living_cap(doc):
    """
    ; Central, provincial and union-dues money together pay 张伟 exactly the
    ; year's living cap (3000 + 3000 + 1440 = 7440).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Provincial CNY
    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Provincial CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 open Expenses:Aid:Provincial:Living CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Provincial  50000 CNY
      Income:Fund:Provincial
    2023-01-05 * "工会" "经费安排"
      Assets:Bank:ICBC:UnionDues  50000 CNY
      Income:Fund:UnionDues
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  3000.00 CNY
      Assets:Bank:ICBC:Central
    2023-06-01 * "张伟" "生活救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      Expenses:Aid:Provincial:Living  3000.00 CNY
      Assets:Bank:ICBC:Provincial
    2023-09-01 * "张伟" "生活救助" ^P3
      household: "H1"
      approval: "SP-P3"
      method: "银行卡"
      Expenses:Aid:UnionDues:Living  1440.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    assert doc().codes == []
    one_fen_more = """
        2023-12-01 * "张伟" "生活救助" ^P4
          household: "H1"
          approval: "SP-P4"
          method: "银行卡"
          Expenses:Aid:UnionDues:Living  0.01 CNY
          Assets:Bank:ICBC:UnionDues
    """
    result = doc(one_fen_more)
    assert result.codes == ["R03"]
    assert "7,440.01" in result.messages("R03")[0]


def test_reversal_brings_household_back_under_cap(doc):
    """
    ; 5000 + 3000 is over the 7440 cap until the bank returns the 3000.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  5000.00 CNY
      Assets:Bank:ICBC:Central
    2023-09-01 * "张伟" "生活救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      Expenses:Aid:Central:Living  3000.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc().codes == ["R03"]
    reversal = """
        2023-09-20 * "张伟" "银行退回" ^P2
          household: "H1"
          reverses: "P2"
          reason: "卡已销户"
          Expenses:Aid:Central:Living  -3000.00 CNY
          Assets:Bank:ICBC:Central
    """
    assert doc(reversal).codes == []


def test_living_cap_is_per_calendar_year(doc):
    """
    ; 7000 in December 2023 and 7000 in January 2024 are each within their
    ; own year's cap.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-12-20 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  7000.00 CNY
      Assets:Bank:ICBC:Central
    2024-01-05 * "张伟" "生活救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      Expenses:Aid:Central:Living  7000.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc().codes == []


def test_explicit_fund_standard_replaces_the_default(doc):
    """
    ; Central money has its own living standard (2000 a year); it leaves the
    ; shared 7440 cap, so local money may still pay all of 7440.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 open Expenses:Aid:Local:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "standard" "fund-cap" "Central" 2000 CNY
      category: "生活救助"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  $amount CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(amount="2000.00").codes == []
    result = doc(amount="2000.01")
    assert result.codes == ["R03"] and "专项标准 2000 元" in result.messages("R03")[0]
    local = """
        2023-04-01 * "张伟" "生活救助" ^P2
          household: "H1"
          approval: "SP-P2"
          method: "银行卡"
          Expenses:Aid:Local:Living  7440.00 CNY
          Assets:Bank:ICBC:Local
    """
    assert doc(local, amount="2000.00").codes == []


# ---- R04 medical aid


def test_bill_paid_partly_by_two_funds(doc):
    """
    ; Central and local money together pay at most the bill's out-of-pocket
    ; cost (6000 + 4000 = 10000).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-01 open Expenses:Aid:Local:Medical CNY
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-03-01 * "张伟" "医疗救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 10000.00 CNY
      Expenses:Aid:Central:Medical  6000.00 CNY
      Assets:Bank:ICBC:Central
    2023-03-15 * "张伟" "医疗救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 10000.00 CNY
      Expenses:Aid:Local:Medical  $amount CNY
      Assets:Bank:ICBC:Local
    """
    assert doc(amount="4000.00").codes == []
    result = doc(amount="4000.01")
    assert result.codes == ["R04"]
    assert "票据 ZY1" in result.messages("R04")[0] and "10,000.01" in result.messages("R04")[0]


def test_different_bills_have_their_own_caps(doc):
    """
    ; Two bills of 10000 each are each paid in full.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-01 open Expenses:Aid:Local:Medical CNY
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-03-01 * "张伟" "医疗救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 10000.00 CNY
      Expenses:Aid:Central:Medical  10000.00 CNY
      Assets:Bank:ICBC:Central
    2023-04-01 * "张伟" "医疗救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      bill: "ZY2"
      out-of-pocket: 10000.00 CNY
      Expenses:Aid:Local:Medical  10000.00 CNY
      Assets:Bank:ICBC:Local
    """
    assert doc().codes == []


def test_inconsistent_out_of_pocket_is_reported(doc):
    """
    ; Two payments on bill ZY1 disagree on its out-of-pocket cost.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-01 open Expenses:Aid:Local:Medical CNY
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-03-01 * "张伟" "医疗救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 10000.00 CNY
      Expenses:Aid:Central:Medical  100.00 CNY
      Assets:Bank:ICBC:Central
    2023-03-15 * "张伟" "医疗救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 9000.00 CNY
      Expenses:Aid:Local:Medical  100.00 CNY
      Assets:Bank:ICBC:Local
    """
    result = doc()
    assert result.codes == ["R04"] and "前后不一致" in result.messages("R04")[0]


# ---- R05 / R06 education aid


def test_education_cap_per_student_per_year(doc):
    """
    ; A student's education aid per year is at most 10 months of the 城区
    ; basic living cost (500 x 10 = 5000); the message masks the ID number.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-09-01 * "张伟" "助学" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Central:Education  $amount CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(amount="5000.00").codes == []
    result = doc(amount="5000.01")
    assert result.codes == ["R05"]
    assert "城区基本生活费 500 元 × 10 个月" in result.messages("R05")[0]
    assert "360426199101010071" not in result.messages("R05")[0]


def test_school_level_standard_applies(doc):
    """
    ; University (本科) students in 城区 have their own standard (800 x 10).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-01 custom "standard" "education" "城区" 800 CNY
      school-level: "本科"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-09-01 * "张伟" "助学" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "本科"
      Expenses:Aid:Central:Education  $amount CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(amount="8000.00").codes == []
    assert doc(amount="8000.01").codes == ["R05"]


def test_student_aided_in_two_households(doc):
    """
    ; The cap is per student, whichever household the aid goes through:
    ; 张小明 is listed in both 张伟's and 李娟's archives (itself an error,
    ; A06) and aided 3000 through one and 2000 through the other.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Education CNY
    2023-01-01 open Expenses:Aid:Local:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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
    2023-02-01 custom "member" "H2" "360426199101010071"
      name: "张小明"
      relation: "子"

    2023-03-01 * "张伟" "助学" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Central:Education  3000.00 CNY
      Assets:Bank:ICBC:Central
    2023-09-01 * "李娟" "助学" ^P2
      household: "H2"
      approval: "SP-P2"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Local:Education  2000.00 CNY
      Assets:Bank:ICBC:Local
    """
    assert doc().codes == ["A06"]
    one_fen_more = """
        2023-10-01 * "李娟" "助学" ^P3
          household: "H2"
          approval: "SP-P3"
          method: "银行卡"
          student: "360426199101010071"
          school-level: "高中"
          Expenses:Aid:Local:Education  0.01 CNY
          Assets:Bank:ICBC:Local
    """
    result = doc(one_fen_more)
    assert result.codes == ["A06", "R05"] and "5,000.01" in result.messages("R05")[0]


def test_student_must_be_a_member(doc):
    """
    ; 张小明 is 张伟's son (H1), not a member of 李娟's household (H2), so
    ; he may not be aided through H2.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Donations CNY
    2023-01-01 open Income:Fund:Donations CNY
    2023-01-01 open Expenses:Aid:Donations:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-05 * "捐赠" "捐款"
      Assets:Bank:ICBC:Donations  1000 CNY
      Income:Fund:Donations
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

    2023-09-01 * "李娟" "助学" ^P1
      household: "H2"
      approval: "SP-P1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Donations:Education  500.00 CNY
      Assets:Bank:ICBC:Donations
    """
    result = doc()
    assert result.codes == ["R06"]
    assert "不是档案 H2 的家庭成员" in result.messages("R06")[0]


def test_school_year_setting(doc):
    """
    ; 3000 in March and 3000 in September: 6000 in calendar year 2023 (over
    ; the 5000 cap), but 3000 in each of two school years.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "助学" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Central:Education  3000.00 CNY
      Assets:Bank:ICBC:Central
    2023-09-01 * "张伟" "助学" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Central:Education  3000.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc().codes == ["R05"]
    school_year = '2023-01-01 custom "bangfu-option" "education-year" "school"\n'
    assert doc(school_year).codes == []


# ---- R07 training, R08 legal aid


def test_training_cap(doc):
    """
    ; Training aid is at most the trade's standard (焊工 1800).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Training CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "training" "焊工" 1800 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-05-01 * "张伟" "培训" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      trade: "焊工"
      Expenses:Aid:Local:Training  $amount CNY
      Assets:Bank:ICBC:Local
    """
    assert doc(amount="1800.00").codes == []
    result = doc(amount="1800.01")
    assert result.codes == ["R07"] and "焊工培训标准 1800 元" in result.messages("R07")[0]


def test_legal_aid_cap_per_case(doc):
    """
    ; Legal aid is at most 3000 per case: case FY-1 is paid 2000 + 1000.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Legal CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "legal" "*" 3000 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-05-01 * "张伟" "法律援助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      case: "FY-1"
      Expenses:Aid:Local:Legal  2000.00 CNY
      Assets:Bank:ICBC:Local
    2023-06-01 * "张伟" "法律援助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      case: "FY-1"
      Expenses:Aid:Local:Legal  1000.00 CNY
      Assets:Bank:ICBC:Local
    """
    assert doc().codes == []
    same_case = """
        2023-07-01 * "张伟" "法律援助" ^P3
          household: "H1"
          approval: "SP-P3"
          method: "银行卡"
          case: "FY-1"
          Expenses:Aid:Local:Legal  0.01 CNY
          Assets:Bank:ICBC:Local
    """
    assert doc(same_case).codes == ["R08"]
    other_case = """
        2023-07-01 * "张伟" "法律援助" ^P3
          household: "H1"
          approval: "SP-P3"
          method: "银行卡"
          case: "FY-2"
          Expenses:Aid:Local:Legal  3000.00 CNY
          Assets:Bank:ICBC:Local
    """
    assert doc(other_case).codes == []


# ---- R09 festival aid


def test_explicit_central_festival_standard_wins(doc):
    """
    ; Central money's festival standard (3000) wins over the "*" standard
    ; (2000) that holds every other fund; the two caps are separate, so the
    ; household may have 3000 central and 2000 local festival aid.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Festival CNY
    2023-01-01 open Expenses:Aid:Local:Festival CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "festival" "Central" 3000 CNY
    2023-01-01 custom "standard" "festival" "*" 2000 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-02-01 * "张伟" "送温暖" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Festival  $central CNY
      Assets:Bank:ICBC:Central
    2023-02-02 * "张伟" "送温暖" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      Expenses:Aid:Local:Festival  $local CNY
      Assets:Bank:ICBC:Local
    """
    assert doc(central="3000.00", local="2000.00").codes == []
    result = doc(central="3000.01", local="2000.00")
    assert result.codes == ["R09"] and "中央财政专项帮扶资金送温暖标准" in result.messages("R09")[0]
    assert doc(central="3000.00", local="2000.01").codes == ["R09"]


def test_no_festival_standard_no_cap(doc):
    """
    ; Without a festival standard festival aid has no cap.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Festival CNY
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
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

    2023-02-01 * "张伟" "送温暖" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Local:Festival  9000.00 CNY
      Assets:Bank:ICBC:Local
    """
    assert doc().codes == []


# ---- R10 overdraw


def test_overdraw(doc):
    """
    ; 1000 of donations received: paying one fen more overdraws the fund.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Donations CNY
    2023-01-01 open Income:Fund:Donations CNY
    2023-01-01 open Expenses:Aid:Donations:Medical CNY
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "捐赠" "捐款"
      Assets:Bank:ICBC:Donations  1000 CNY
      Income:Fund:Donations
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

    2023-03-01 * "张伟" "医疗救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      bill: "B1"
      out-of-pocket: 5000 CNY
      Expenses:Aid:Donations:Medical  $amount CNY
      Assets:Bank:ICBC:Donations
    """
    assert doc(amount="1000.00").codes == []
    result = doc(amount="1000.01")
    assert result.codes == ["R10"] and "-0.01" in result.messages("R10")[0]


def test_same_day_receipt_covers_payment(doc):
    """
    ; 1500 paid from 1000 of donations, with 500 more received the same day
    ; (written after the payment): the day ends in balance.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Donations CNY
    2023-01-01 open Income:Fund:Donations CNY
    2023-01-01 open Expenses:Aid:Donations:Medical CNY
    2023-01-01 custom "locality" "城区"
    2023-01-05 * "捐赠" "捐款"
      Assets:Bank:ICBC:Donations  1000 CNY
      Income:Fund:Donations
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

    2023-03-01 * "张伟" "医疗救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      bill: "B1"
      out-of-pocket: 5000 CNY
      Expenses:Aid:Donations:Medical  1500.00 CNY
      Assets:Bank:ICBC:Donations
    2023-03-01 * "捐赠" "捐款"
      Assets:Bank:ICBC:Donations  500 CNY
      Income:Fund:Donations
    """
    assert doc().codes == []


# ---- R11 cash, R12 card


def test_cash_needs_id_check_and_receipt(doc):
    """
    ; Cash is paid only against a checked ID and a signed receipt.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "现金"
      $id_checked
      $receipt
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc(id_checked="", receipt="")
    assert result.codes == ["R11"] and "id-checked" in result.messages("R11")[0]
    assert doc(id_checked="id-checked: TRUE", receipt='receipt: "签收单001"').codes == []


def test_bank_payment_to_archived_card(doc):
    """
    ; A bank payment goes to the card on the archive; the message names a
    ; card by its last four digits only.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      card: "$card"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(card="6222021234567890128").codes == []
    result = doc(card="6222029999999999992")
    assert result.codes == ["R12"]
    assert "尾号 9992" in result.messages("R12")[0] and "6222029999999999992" not in result.messages("R12")[0]
    changed = '2023-02-20 custom "household" "H1" "changed"\n  card: "6222029999999999992"\n'
    assert doc(changed, card="6222029999999999992").codes == []


def test_bank_payment_without_card_on_archive(doc):
    """
    ; 李娟's archive has no bank card, so she cannot be paid by bank.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2023-02-01 custom "household" "H2" "archived"
      name: "李娟"
      id-number: "220183198001011232"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "相对困难"
      cause: "子女上学"
      notice-start: 2023-01-09
      notice-end: 2023-01-16

    2023-03-01 * "李娟" "生活救助" ^P1
      household: "H2"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Local:Living  500.00 CNY
      Assets:Bank:ICBC:Local
    """
    result = doc()
    assert result.codes == ["R12"] and "没有登记银行卡号" in result.messages("R12")[0]


# ---- R13 year-end


def test_year_end_unspent_central_money_is_a_warning(doc):
    """
    ; Central and provincial money (50000 each) is unspent at the end of
    ; 2023: a warning for each, once the ledger goes on into 2024.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Provincial CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Provincial CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" "Central,Provincial"
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Provincial  50000 CNY
      Income:Fund:Provincial
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    """
    next_year = '2024-01-02 * "财政" "下达"\n  Assets:Bank:ICBC:Local  1 CNY\n  Income:Fund:Local\n'
    result = doc(next_year)
    assert sorted(result.codes) == ["R13", "R13"]
    assert any("2023 年末中央财政专项帮扶资金结余 50,000.00 元" in m for m in result.messages("R13"))
    assert {problem_of(e).severity for e in result.loaded.errors} == {"warning"}
    assert doc().codes == []  # 2023 is not over yet


def test_rules_can_be_disabled_by_plugin_config(doc):
    """
    ; The plugin's config turns rule R12 off, so a payment to a card not on
    ; the archive passes; a config that does not parse is itself an error
    ; (S06) and turns nothing off.
    option "operating_currency" "CNY"
    plugin "fund_rules" "$config"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      card: "6222029999999999992"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(config="{'disable': ['R12']}").codes == []
    assert doc(config="disable R12").codes == ["R12", "S06"]


# ---- headroom


def test_headroom_shows_what_may_still_be_paid(doc):
    """
    ; 张伟 has living aid in March (3000) and December (1000), medical aid on
    ; a 10000 bill (4000) and education aid for his son (1500); festival
    ; standards are 3000 for central money and 2000 for any other.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-01 open Expenses:Aid:Central:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-01 custom "standard" "festival" "Central" 3000 CNY
    2023-01-01 custom "standard" "festival" "*" 2000 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  3000.00 CNY
      Assets:Bank:ICBC:Central
    2023-04-01 * "张伟" "医疗救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      bill: "ZY1"
      out-of-pocket: 10000.00 CNY
      Expenses:Aid:Central:Medical  4000.00 CNY
      Assets:Bank:ICBC:Central
    2023-09-01 * "张伟" "助学" ^P3
      household: "H1"
      approval: "SP-P3"
      method: "银行卡"
      student: "360426199101010071"
      school-level: "高中"
      Expenses:Aid:Central:Education  1500.00 CNY
      Assets:Bank:ICBC:Central
    2023-12-01 * "张伟" "生活救助" ^P4
      household: "H1"
      approval: "SP-P4"
      method: "银行卡"
      Expenses:Aid:Central:Living  1000.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc()
    assert result.codes == []
    view = result.loaded.view
    room = headroom(view, "H1", D(2023, 10, 1))
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
    later = headroom(view, "H1", D(2023, 12, 31)).of(Category.LIVING)[0]
    assert later.used == Decimal(4000)  # the December payment counts from its date on


def test_headroom_agrees_with_the_rule(doc):
    """
    ; Paying exactly the remaining living headroom on 1 June passes; one fen
    ; more fails.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  2345.67 CNY
      Assets:Bank:ICBC:Central
    2023-06-01 * "张伟" "生活救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      Expenses:Aid:Central:Living  $amount CNY
      Assets:Bank:ICBC:Central
    """
    loaded = doc(amount="0.00").loaded
    remaining = headroom(loaded.view, "H1", D(2023, 6, 1)).of(Category.LIVING)[0].remaining
    assert remaining == Decimal("5094.33")
    assert doc(amount=f"{remaining:.2f}").codes == []
    assert doc(amount=f"{remaining + Decimal('0.01'):.2f}").codes == ["R03"]


# ---- R14 bank results


def test_bank_payments_need_a_bank_result_when_required(doc):
    """
    ; A bank payment on $date; the ledger goes on to 1 May.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central
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

    $date * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    2023-05-01 * "财政" "下达"
      Assets:Bank:ICBC:Local  1 CNY
      Income:Fund:Local
    """
    assert doc(date="2023-03-01").codes == []  # not required by default
    required = '2023-01-01 custom "bangfu-option" "bank-match-days" 30\n'
    assert doc(required, date="2023-03-01").codes == ["R14"]
    confirmed = '2023-03-05 custom "bank-result" "P1" "success"\n'
    assert doc(required + confirmed, date="2023-03-01").codes == []
    assert doc(required, date="2023-04-20").codes == []  # within 30 days of the ledger's last date


# ---- R15 entered into the national system in time


@pytest.mark.parametrize(
    ("reported", "codes"),
    [
        ("  reported: 2025-10-21", []),  # the 10th working day after 30 September: in time
        ("  reported: 2025-10-22", ["R15"]),  # a day late
        ("", ["R15"]),  # never, and the deadline passed before the ledger's last date
    ],
)
def test_aid_is_reported_within_the_set_working_days(doc, reported, codes):
    """
    ; report-days 10: paid on 2025-09-30, the 10th working day after it is
    ; 2025-10-21 (1-8 October off, Saturday 11 October worked). The ledger runs
    ; on to 2025-12-01.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2025-01-01 open Assets:Bank:ICBC:Local CNY
    2025-01-01 open Income:Fund:Local CNY
    2025-01-01 open Expenses:Aid:Local:Living CNY
    2025-01-01 custom "bangfu-option" "report-days" 10
    2025-01-01 custom "locality" "城区"
    2025-01-01 custom "standard" "dibao" "城区" 680 CNY
    2025-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2025-02-01 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      card: "6222021234567890128"
      notice-start: 2025-01-06
      notice-end: 2025-01-17
    2025-09-30 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
    $reported
      Expenses:Aid:Local:Living  500.00 CNY
      Assets:Bank:ICBC:Local
    2025-12-01 note Assets:Bank:ICBC:Local "年末核对"
    """
    result = doc(reported=reported)
    assert result.codes == codes
    if codes:
        assert "最迟 2025-10-21" in result.messages("R15")[0]
