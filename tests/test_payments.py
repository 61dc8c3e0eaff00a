"""Payments and the structural checks (S04-S05, S10-S16), each passing and failing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.vocab import Category, Fund, Method, SchoolLevel

PAY = """
2023-03-01 * "张伟" "生活救助" ^P1
  household: "H1"
  approval: "SP-1"
  method: "银行卡"
  Expenses:Aid:Central:Living  1500.00 CNY
  Assets:Bank:ICBC:Central
"""


def test_valid_payment_is_typed(ledger):
    result = ledger(PAY)
    assert result.codes == []
    (payment,) = result.loaded.view.payments
    assert payment.household == "H1" and payment.fields.method is Method.BANK
    (line,) = payment.lines
    assert (line.fund, line.category, line.amount) == (Fund.CENTRAL, Category.LIVING, Decimal("1500.00"))
    assert payment.links == frozenset({"P1"}) and not payment.is_reversal


@pytest.mark.parametrize("drop", ["approval", "method"])
def test_missing_payment_field(ledger, drop):
    body = "\n".join(line for line in PAY.splitlines() if not line.strip().startswith(drop + ":"))
    result = ledger(body)
    assert result.codes == ["S04"]
    assert f"`{drop}`" in result.messages("S04")[0]


def test_missing_household_drops_the_payment(ledger):
    body = PAY.replace('  household: "H1"\n', "")
    result = ledger(body)
    assert result.codes == ["S04"] and result.loaded.view.payments == []


def test_bad_method_and_typo_key(ledger):
    result = ledger(PAY.replace('"银行卡"', '"支付宝"').replace("approval:", "aproval:"))
    (message,) = result.messages("S04")
    assert "支付宝" in message and "`approval`" in message


CATEGORY_CASES = {
    "Medical": ('  bill: "ZY2023001"\n  out-of-pocket: 5000.00 CNY\n', ["bill", "out-of-pocket"]),
    "Education": ('  student: "360426199101010071"\n  school-level: "高中"\n', ["student", "school-level"]),
    "Training": ('  trade: "焊工"\n', ["trade"]),
    "Legal": ('  case: "FY-2023-01"\n', ["case"]),
}


@pytest.mark.parametrize("category", sorted(CATEGORY_CASES))
def test_category_fields_required(ledger, category):
    fields, keys = CATEGORY_CASES[category]
    fund = "Central" if category in ("Medical", "Education") else "Local"
    body = PAY.replace("Central:Living", f"{fund}:{category}").replace("Bank:ICBC:Central", f"Bank:ICBC:{fund}")
    assert ledger(body).codes == ["S05"]
    missing_message = ledger(body).messages("S05")[0]
    assert all(f"`{k}`" in missing_message for k in keys)
    with_fields = body.replace('  method: "银行卡"\n', '  method: "银行卡"\n' + fields)
    assert ledger(with_fields).codes == []


def test_posting_level_fields_for_mixed_categories(ledger):
    result = ledger(
        """
        2023-03-01 * "张伟" "医疗与助学" ^P1
          household: "H1"
          approval: "SP-1"
          method: "bank"
          Expenses:Aid:Central:Medical  1000.00 CNY
            bill: "ZY1"
            out-of-pocket: 3000 CNY
          Expenses:Aid:Central:Education  2000.00 CNY
            student: "360426199101010071"
            school-level: "高中"
          Assets:Bank:ICBC:Central
        """
    )
    assert result.codes == []
    medical, education = result.loaded.view.payments[0].lines
    assert medical.details.bill == "ZY1" and medical.details.out_of_pocket == Decimal(3000)
    assert education.details.school_level is SchoolLevel.SENIOR and education.details.bill is None


def test_out_of_pocket_must_be_cny(ledger):
    result = ledger(
        PAY.replace("Central:Living", "Central:Medical").replace(
            '  method: "银行卡"\n', '  method: "银行卡"\n  bill: "B1"\n  out-of-pocket: 300 USD\n'
        )
    )
    assert result.codes == ["S04"] and "CNY" in result.messages("S04")[0]


def test_unknown_household(ledger):
    assert ledger(PAY.replace('"H1"', '"H404"')).codes == ["S10"]
    assert ledger(PAY).codes == []


def test_member_of_unknown_household(ledger):
    result = ledger('2023-03-01 custom "member" "H404" "220183201001011237"\n  name: "某"\n  relation: "女"\n')
    assert result.codes == ["S10"]


def test_unknown_locality(ledger):
    result = ledger(
        """
        2023-03-01 custom "household" "H1" "changed"
          locality: "郊区"
        2023-03-01 custom "standard" "dibao" "郊区" 400 CNY
        2023-03-01 custom "standard" "festival" "Lottery" 400 CNY
        """
    )
    assert result.codes == ["S11", "S11", "S11"]
    declared = ledger('2023-03-01 custom "locality" "郊区"\n2023-03-01 custom "standard" "dibao" "郊区" 400 CNY\n')
    assert declared.codes == []


def test_missing_standard(ledger):
    training = PAY.replace("Central:Living", "Local:Training").replace("ICBC:Central", "ICBC:Local")
    with_trade = training.replace('  method: "银行卡"\n', '  method: "银行卡"\n  trade: "美发"\n')
    assert ledger(with_trade).codes == ["S12"]
    assert ledger(with_trade.replace("美发", "焊工")).codes == []
    moved = """
2023-01-01 custom "locality" "郊区"
2024-01-01 custom "standard" "dibao" "郊区" 400 CNY
2023-02-15 custom "household" "H1" "changed"
  locality: "郊区"
"""
    small = PAY.replace("1500.00", "500.00")  # within January's 城区 standard, so no cap error
    assert ledger(moved + small).codes == ["S12"]  # 郊区 has no 低保 standard until 2024
    assert ledger(moved + PAY.replace("2023-03-01", "2024-01-01")).codes == []


def test_aid_accounts(ledger):
    result = ledger(
        """
        2023-01-01 open Expenses:Aid:Central:Food CNY
        2023-01-01 open Expenses:Rent CNY
        2023-03-01 * "房东" "帮扶中心房租"
          Expenses:Rent  800 CNY
          Assets:Bank:ICBC:Local
        """
    )
    assert result.codes == ["S13", "S13"]


def test_fund_consistency(ledger):
    wrong = PAY.replace("Assets:Bank:ICBC:Central", "Assets:Bank:ICBC:Local")
    result = ledger(wrong)
    assert result.codes == ["S14"]
    assert "中央财政" in result.messages("S14")[0]
    receipt_into_wrong_fund = ledger(
        """
        2023-03-01 * "财政" "下达"
          Assets:Bank:ICBC:Local  100 CNY
          Income:Fund:Central
        """
    )
    assert receipt_into_wrong_fund.codes == ["S14"]
    opening = ledger(
        """
        2023-01-01 open Equity:Opening-Balances CNY
        2023-01-01 * "期初" "期初结存"
          Assets:Bank:ICBC:Local  100 CNY
          Equity:Opening-Balances
        """
    )
    assert opening.codes == []


REVERSAL = """
2023-03-10 * "张伟" "银行退回" ^P1
  household: "H1"
  reverses: "{target}"
  reason: "卡已销户"
  Expenses:Aid:Central:Living  {amount} CNY
  Assets:Bank:ICBC:Central
"""


@pytest.mark.parametrize(
    ("target", "amount", "codes"),
    [
        ("P1", "-1500.00", []),
        ("P1", "-1000.00", []),
        ("P9", "-1500.00", ["S15"]),
        ("P1", "-1500.01", ["S15"]),
        ("P1", "1500.00", ["S15"]),
    ],
)
def test_reversals(ledger, target, amount, codes):
    result = ledger(PAY + REVERSAL.format(target=target, amount=amount))
    assert result.codes == codes
    reversal = [p for p in result.loaded.view.payments if p.is_reversal]
    assert len(reversal) == 1


def test_reversal_of_another_household(ledger):
    other = REVERSAL.format(target="P1", amount="-100").replace('"H1"', '"H2"')
    household = """
2023-02-01 custom "household" "H2" "archived"
  name: "李四"
  id-number: "220183198001011232"
  locality: "城区"
  level: "全国级"
  nature: "长期"
  hardship: "深度困难"
  cause: "下岗失业"
  notice-start: 2023-01-09
  notice-end: 2023-01-16
"""
    assert ledger(PAY + household + other).codes == ["S15"]


def test_duplicate_payment_number(ledger):
    second = PAY.replace("2023-03-01", "2023-04-01").replace("SP-1", "SP-2")
    result = ledger(PAY + second)
    assert result.codes == ["S16"]
    assert ledger(PAY + second.replace("^P1", "^P2")).codes == []
