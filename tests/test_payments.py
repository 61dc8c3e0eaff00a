"""Payments and the structural checks (S04-S05, S10-S16), each passing and
failing. Each test's docstring is its ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.vocab import Category, Fund, Method, SchoolLevel


def test_valid_payment_is_typed(doc):
    """
    ; A living-aid payment to an archived household, read into its typed form.
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
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc()
    assert result.codes == []
    (payment,) = result.loaded.view.payments
    assert payment.household == "H1" and payment.fields.method is Method.BANK
    (line,) = payment.lines
    assert (line.fund, line.category, line.amount) == (Fund.CENTRAL, Category.LIVING, Decimal("1500.00"))
    assert payment.links == frozenset({"P1"}) and not payment.is_reversal and payment.number == "P1"


@pytest.mark.parametrize("drop", ["approval", "method"])
def test_missing_payment_field(doc, drop):
    """
    ; A payment names its approval form and how it was paid.
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
      $approval
      $method
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    """
    fields = {"approval": 'approval: "SP-1"', "method": 'method: "银行卡"'}
    result = doc(**{**fields, drop: ""})
    assert result.codes == ["S04"]
    assert f"`{drop}`" in result.messages("S04")[0]


def test_missing_household_drops_the_payment(doc):
    """
    ; Without `household` a payment cannot be read at all.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central

    2023-03-01 * "张伟" "生活救助" ^P1
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc()
    assert result.codes == ["S04"] and result.loaded.view.payments == []


def test_bad_method_and_typo_key(doc):
    """
    ; An unknown payment method and a misspelt key are named in one message.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      aproval: "SP-1"
      method: "支付宝"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    """
    (message,) = doc().messages("S04")
    assert "支付宝" in message and "`approval`" in message


CATEGORY_CASES = {
    "Medical": ("Central", 'bill: "ZY2023001"\n  out-of-pocket: 5000.00 CNY', ["bill", "out-of-pocket"]),
    "Education": ("Central", 'student: "360426199101010071"\n  school-level: "高中"', ["student", "school-level"]),
    "Training": ("Local", 'trade: "焊工"', ["trade"]),
    "Legal": ("Local", 'case: "FY-2023-01"', ["case"]),
}


@pytest.mark.parametrize("category", sorted(CATEGORY_CASES))
def test_category_fields_required(doc, category):
    """
    ; Medical aid names its bill and out-of-pocket cost, education aid its
    ; student and school level, training its trade, legal aid its case.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:$fund CNY
    2023-01-01 open Income:Fund:$fund CNY
    2023-01-01 open Expenses:Aid:$fund:$category CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2023-01-01 custom "standard" "education" "城区" 500 CNY
    2023-01-01 custom "standard" "training" "焊工" 1800 CNY
    2023-01-01 custom "standard" "legal" "*" 3000 CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:$fund  50000 CNY
      Income:Fund:$fund
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

    2023-03-01 * "张伟" "帮扶" ^P1
      household: "H1"
      approval: "SP-1"
      method: "银行卡"
      $fields
      Expenses:Aid:$fund:$category  1500.00 CNY
      Assets:Bank:ICBC:$fund
    """
    fund, fields, keys = CATEGORY_CASES[category]
    result = doc(fund=fund, category=category, fields="")
    assert result.codes == ["S05"]
    assert all(f"`{k}`" in result.messages("S05")[0] for k in keys)
    assert doc(fund=fund, category=category, fields=fields).codes == []


def test_posting_level_fields_for_mixed_categories(doc):
    """
    ; One transaction paying medical and education aid carries each line's
    ; fields on its posting.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-01 open Expenses:Aid:Central:Education CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
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
    result = doc()
    assert result.codes == []
    medical, education = result.loaded.view.payments[0].lines
    assert medical.details.bill == "ZY1" and medical.details.out_of_pocket == Decimal(3000)
    assert education.details.school_level is SchoolLevel.SENIOR and education.details.bill is None


def test_out_of_pocket_must_be_cny(doc):
    """
    ; Amounts are in the ledger's one currency.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Medical CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Central  50000 CNY
      Income:Fund:Central

    2023-03-01 * "张伟" "医疗救助" ^P1
      household: "H1"
      approval: "SP-1"
      method: "银行卡"
      bill: "B1"
      out-of-pocket: 300 USD
      Expenses:Aid:Central:Medical  100.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc()
    assert result.codes == ["S04"] and "CNY" in result.messages("S04")[0]


def test_unknown_household(doc):
    """
    ; A payment names an archived household (先建档、后帮扶).
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
      household: "$household"
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(household="H404").codes == ["S10"]
    assert doc(household="H1").codes == []


def test_member_of_unknown_household(doc):
    """
    ; A member belongs to an archived household.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-03-01 custom "member" "H404" "220183201001011237"
      name: "某"
      relation: "女"
    """
    assert doc().codes == ["S10"]


def test_unknown_locality(doc):
    """
    ; Households and standards name a declared locality; a festival standard
    ; names a fund (or "*").
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
    """
    undeclared = """
        2023-03-01 custom "household" "H1" "changed"
          locality: "郊区"
        2023-03-01 custom "standard" "dibao" "郊区" 400 CNY
        2023-03-01 custom "standard" "festival" "Lottery" 400 CNY
    """
    assert doc(undeclared).codes == ["S11", "S11", "S11"]
    declared = '2023-03-01 custom "locality" "郊区"\n2023-03-01 custom "standard" "dibao" "郊区" 400 CNY\n'
    assert doc(declared).codes == []


def test_missing_training_standard(doc):
    """
    ; A training payment needs the standard of its trade in force (S12).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Local:Training CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
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

    2023-03-01 * "张伟" "培训" ^P1
      household: "H1"
      approval: "SP-1"
      method: "银行卡"
      trade: "$trade"
      Expenses:Aid:Local:Training  1500.00 CNY
      Assets:Bank:ICBC:Local
    """
    assert doc(trade="美发").codes == ["S12"]
    assert doc(trade="焊工").codes == []


def test_missing_dibao_standard_after_a_move(doc):
    """
    ; The household moves to 郊区 in February; 郊区 has a 低保 standard only
    ; from 2024, so living aid paid in 2023 has no cap to check (S12).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 custom "bangfu-option" "year-end-funds" ""
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "locality" "郊区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
    2024-01-01 custom "standard" "dibao" "郊区" 400 CNY
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
    2023-02-15 custom "household" "H1" "changed"
      locality: "郊区"

    $date * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  500.00 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc(date="2023-03-01").codes == ["S12"]  # 500 is within January's 城区 standard: no cap error
    assert doc(date="2024-01-01").codes == []


def test_aid_accounts(doc):
    """
    ; Aid is booked on Expenses:Aid:<Fund>:<Category>, and fund money pays
    ; nothing but aid (S13).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Food CNY
    2023-01-01 open Expenses:Rent CNY
    2023-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2023-03-01 * "房东" "帮扶中心房租"
      Expenses:Rent  800 CNY
      Assets:Bank:ICBC:Local
    """
    assert doc().codes == ["S13", "S13"]


def test_fund_consistency(doc):
    """
    ; Each fund's money stays in that fund (专款专用, S14); an opening
    ; balance from equity names no fund.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 open Assets:Bank:ICBC:Central CNY
    2023-01-01 open Assets:Bank:ICBC:Local CNY
    2023-01-01 open Income:Fund:Central CNY
    2023-01-01 open Income:Fund:Local CNY
    2023-01-01 open Expenses:Aid:Central:Living CNY
    2023-01-01 open Equity:Opening-Balances CNY
    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "dibao" "城区" 620 CNY
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
    """
    wrong_bank = """
        2023-03-01 * "张伟" "生活救助" ^P1
          household: "H1"
          approval: "SP-1"
          method: "银行卡"
          Expenses:Aid:Central:Living  1500.00 CNY
          Assets:Bank:ICBC:Local
    """
    result = doc(wrong_bank)
    assert result.codes == ["S14"] and "中央财政" in result.messages("S14")[0]
    receipt_into_wrong_fund = '2023-03-01 * "财政" "下达"\n  Assets:Bank:ICBC:Local  100 CNY\n  Income:Fund:Central\n'
    assert doc(receipt_into_wrong_fund).codes == ["S14"]
    opening = '2023-01-01 * "期初" "期初结存"\n  Assets:Bank:ICBC:Local  100 CNY\n  Equity:Opening-Balances\n'
    assert doc(opening).codes == []


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
def test_reversals(doc, target, amount, codes):
    """
    ; A reversal names its payment, is negative, and reverses no more than
    ; was paid (S15).
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
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    2023-03-10 * "张伟" "银行退回" ^P1
      household: "H1"
      reverses: "$target"
      reason: "卡已销户"
      Expenses:Aid:Central:Living  $amount CNY
      Assets:Bank:ICBC:Central
    """
    result = doc(target=target, amount=amount)
    assert result.codes == codes
    assert len([p for p in result.loaded.view.payments if p.is_reversal]) == 1


def test_reversal_of_another_household(doc):
    """
    ; A reversal is of a payment to the same household.
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

    2023-03-01 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    2023-03-10 * "李四" "银行退回" ^P1
      household: "H2"
      reverses: "P1"
      reason: "卡已销户"
      Expenses:Aid:Central:Living  -100 CNY
      Assets:Bank:ICBC:Central
    """
    assert doc().codes == ["S15"]


def test_duplicate_payment_number(doc):
    """
    ; A payment number identifies one payment (S16).
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
      approval: "SP-1"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    2023-04-01 * "张伟" "生活救助" ^$second
      household: "H1"
      approval: "SP-2"
      method: "银行卡"
      Expenses:Aid:Central:Living  1500.00 CNY
      Assets:Bank:ICBC:Central
    """
    result = doc(second="P1")
    assert result.codes == ["S16"]
    assert doc(second="P2").codes == []
