"""`bangfu policy show`: the policy a ledger applies on a date, as an auditor
compares it with the notice."""

from __future__ import annotations

import datetime

from fund_rules.policy import policy_lines
from ledger.presets import MUCHUAN

from conftest import EXAMPLE, run_bangfu


def test_policy_in_force_follows_the_date():
    before = run_bangfu("policy", "show", EXAMPLE, "--date", "2024-06-30")
    after = run_bangfu("policy", "show", EXAMPLE)  # the last payment's date
    assert before.returncode == after.returncode == 0, before.stderr
    assert "低保标准　城区：620.00 元（自 2023-01-01" in before.stdout
    assert "低保标准　城区：680.00 元（自 2025-07-01" in after.stdout
    assert "政策预设：muchuan 沐川办法（默认）" in after.stdout
    for code, cap in (("R03", "生活救助·每户每年：低保 × 12 个月"), ("R04", "医疗救助·每张票据：个人自付的 100%"),
                      ("R05", "助学·每名学生每年：基本生活费 × 10 个月"), ("R07", "培训·每户每工种每年：培训标准"),
                      ("R08", "法律援助·每件案例：法律援助补贴标准"), ("R09", "送温暖·每户每年：送温暖标准")):
        assert f"[{code}] {cap}（预设 muchuan）" in after.stdout
    for line in MUCHUAN.text.splitlines():  # every cap's citation
        if "citation:" in line:
            assert line.split('"')[1] in after.stdout
    assert "中央财政专项帮扶资金：档案级别 全国级（自 2023-01-01）" in after.stdout
    assert "unit：青松县总工会（本账本设置）" in after.stdout


def test_fund_standards_are_listed_with_their_fund(doc):
    """
    ; The Local fund pays welders' training at its own standard of 1000.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2023-01-01 custom "locality" "城区"
    2023-01-01 custom "standard" "training" "焊工" 1800 CNY
    2023-03-01 custom "standard" "fund-cap" "Local" 1000 CNY
      category: "培训"
    """
    lines = policy_lines(doc().loaded.view, datetime.date(2023, 6, 30))
    assert any(line.startswith("  培训标准　焊工：1,800.00 元（自 2023-01-01，main.beancount:") for line in lines), lines
    assert any(line.startswith("  资金专项标准　市县财政配套资金·培训：1,000.00 元（自 2023-03-01") for line in lines)
    assert not [line for line in policy_lines(doc().loaded.view, datetime.date(2023, 2, 1)) if "资金专项标准" in line]
