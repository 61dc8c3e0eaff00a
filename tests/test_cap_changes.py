"""Caps that change during the year (issue 19 item 6, docs/policy.md): each
payment is checked against the cap in force on its own date, with the
bucket's total up to and including it; the headroom on a date is that
date's cap less what was paid until then. Each cap kind is checked at
exactly the cap and one fen over, on either side of the change."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from fund_rules.headroom import headroom
from ledger import problem_of

D = datetime.date
CENT = Decimal("0.01")


def over_cap(result, code: str) -> list:
    """The ledger's errors of `code`, with the entry and payment they name."""
    return [e for e in result.loaded.errors if problem_of(e).code == code]


@pytest.mark.parametrize("later", ["", "2023-08-01"], ids=["alone", "with-a-later-payment"])
def test_a_cap_raised_mid_year_still_reports_a_payment_over_the_earlier_cap(doc, later):
    """
    ; Living aid is capped at 1000 a household a year from 1 January and at
    ; 3000 from 1 July; 1500 paid in March was over the cap in force then,
    ; whether or not 100 more is paid in August, when the year's 1600 is
    ; within the raised cap.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:UnionDues CNY
    2023-01-01 open Income:Fund:UnionDues CNY
    2023-01-01 open Expenses:Aid:UnionDues:Living CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "cap" "生活救助" "household-year"
      amount: 1000.00 CNY
    2023-07-01 custom "cap" "生活救助" "household-year"
      amount: 3000.00 CNY
    2023-01-05 * "工会" "经费"
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
      Expenses:Aid:UnionDues:Living  1500.00 CNY
      Assets:Bank:ICBC:UnionDues
    """
    extra = "" if not later else f"""
        {later} * "张伟" "生活救助" ^P2
          household: "H1"
          approval: "SP-P2"
          method: "银行卡"
          Expenses:Aid:UnionDues:Living  100.00 CNY
          Assets:Bank:ICBC:UnionDues
        """
    result = doc(extra)
    assert result.codes == ["R03"]
    (problem,) = over_cap(result, "R03")
    assert problem.payment == "P1" and problem.entry.date == D(2023, 3, 1)
    assert "累计 1,500.00 元，超过上限 1,000.00 元（生活救助每户每年上限 1,000.00 元：定额 1,000.00 元）" in problem.detail
    # The headroom of 1 July is the raised cap less what was paid until then.
    (room,) = [r for r in headroom(result.loaded.view, "H1", D(2023, 7, 1)).rooms if r.category.value == "Living"]
    assert (room.cap, room.used) == (Decimal("3000.00"), Decimal("1500.00"))
