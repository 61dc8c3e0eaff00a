"""Named policy presets shipped with bangfu, in ledger text.

A preset is the caps (and any categories) of one published set of rules,
written as the very `custom "cap"` / `custom "category"` directives a ledger
would write, dated 1900-01-01 so that any declaration of the ledger's own for
the same cap takes over from its date. A ledger chooses one with
`custom "bangfu-option" "policy" "<name>"` (default `muchuan`); `bangfu
policy show` prints what is in force and where each declaration comes from.
docs/policy.md lists the presets (generated from here).
"""

from __future__ import annotations

from dataclasses import dataclass

PRESET_DATE = "1900-01-01"


@dataclass(frozen=True)
class Preset:
    name: str
    title: str  # Chinese, as `bangfu policy show` and docs/policy.md print it
    source: str  # the notice(s) it implements
    text: str  # ledger text: custom "category" and custom "cap" directives


# Seed 003 二 1-5 (沐川县困难职工帮扶资金管理使用办法): today's rules.
MUCHUAN = Preset(
    "muchuan",
    "沐川办法（默认）",
    "seed 003 二 1-5；元旦春节送温暖按年度通知标准",
    f"""
{PRESET_DATE} custom "cap" "Living" "household-year"
  months: 12
  of: "dibao"
  citation: "seed 003 二 1：每户每年不得超过当地低保标准年度总和"

{PRESET_DATE} custom "cap" "Medical" "bill"
  percent: 100
  citation: "seed 003 二 2：不得超过医疗费用个人自付部分"

{PRESET_DATE} custom "cap" "Education" "student-year"
  months: 10
  of: "education"
  citation: "seed 003 二 3：每人每年不得超过十个月基本生活费总和"

{PRESET_DATE} custom "cap" "Training" "household-trade-year"
  of: "training"
  citation: "seed 003 二 4：执行人力资源和社会保障部门制定的同类工种标准"

{PRESET_DATE} custom "cap" "Legal" "case"
  of: "legal"
  citation: "seed 003 二 5：每件案例补助标准不超过司法行政部门制定的法律援助补贴标准"

{PRESET_DATE} custom "cap" "Festival" "household-year"
  of: "festival"
  citation: "seed 003 二：元旦、春节送温暖，明确规定了标准的按规定标准执行"
""",
)

# The stricter variants published by other unions (domain.md "Local
# variants": Hubei-style rules and the school-level notices), with the 2022
# central rules' one-off emergency aid as a category of its own.
HUBEI = Preset(
    "hubei",
    "湖北式细则（较严）",
    "domain.md “Local variants”：湖北等地实施细则；2022 年《职工困难帮扶资金管理办法》一次性救助",
    f"""
{PRESET_DATE} custom "category" "Emergency" "临时救助"
  aliases: "一次性救助、临时性救助、突发困难救助"
  code: "50404"

{PRESET_DATE} custom "cap" "Living" "household-year"
  months: 12
  of: "dibao"
  citation: "湖北式细则：深度困难户等每户每年不超过 12 个月低保标准"

{PRESET_DATE} custom "cap" "Living" "household-year"
  hardship: "相对困难"
  months: 10
  of: "dibao"
  citation: "湖北式细则：相对困难户每户每年不超过 10 个月低保标准"

{PRESET_DATE} custom "cap" "Medical" "bill"
  percent: 80
  citation: "湖北式细则：不超过医疗费用个人自付部分的 80%"

{PRESET_DATE} custom "cap" "Medical" "household-year"
  amount: 20000.00 CNY
  citation: "湖北式细则：医疗救助每户每年不超过 20000 元"

{PRESET_DATE} custom "cap" "Education" "student-year"
  months: 10
  of: "education"
  citation: "湖北式细则：大学每人每年不超过 10 个月基本生活费"

{PRESET_DATE} custom "cap" "Education" "student-year"
  school-level: "高中"
  months: 6
  of: "education"
  citation: "湖北式细则：高中每人每年不超过 6 个月基本生活费"

{PRESET_DATE} custom "cap" "Education" "student-year"
  school-level: "中职"
  months: 6
  of: "education"
  citation: "湖北式细则：中职每人每年不超过 6 个月基本生活费"

{PRESET_DATE} custom "cap" "Education" "student-year"
  school-level: "学前"
  amount: 3000.00 CNY
  citation: "按学段定额的助学通知：学前教育每人每年 3000 元"

{PRESET_DATE} custom "cap" "Education" "student-year"
  school-level: "小学"
  amount: 3000.00 CNY
  citation: "按学段定额的助学通知：义务教育每人每年 3000 元"

{PRESET_DATE} custom "cap" "Education" "student-year"
  school-level: "初中"
  amount: 3000.00 CNY
  citation: "按学段定额的助学通知：义务教育每人每年 3000 元"

{PRESET_DATE} custom "cap" "Training" "household-trade-year"
  of: "training"
  citation: "seed 003 二 4：执行人力资源和社会保障部门制定的同类工种标准"

{PRESET_DATE} custom "cap" "Legal" "case"
  of: "legal"
  citation: "seed 003 二 5：每件案例补助标准不超过司法行政部门制定的法律援助补贴标准"

{PRESET_DATE} custom "cap" "Festival" "household-year"
  of: "festival"
  citation: "seed 003 二：元旦、春节送温暖，明确规定了标准的按规定标准执行"

{PRESET_DATE} custom "cap" "Emergency" "person-year"
  amount: 3000.00 CNY
  citation: "湖北式细则：一次性临时救助每人每年不超过 3000 元"
""",
)

PRESETS: dict[str, Preset] = {preset.name: preset for preset in (MUCHUAN, HUBEI)}
ALIASES: dict[str, str] = {"沐川": "muchuan", "沐川办法": "muchuan", "湖北": "hubei", "湖北式细则": "hubei"}
DEFAULT_PRESET = MUCHUAN.name


def preset_named(text: str) -> Preset:
    """The preset called `text` (its name or a Chinese alias); ValueError
    in Chinese otherwise."""
    name = ALIASES.get(text.strip(), text.strip().lower())
    found = PRESETS.get(name)
    if found is None:
        names = "、".join(f"{p.name}（{p.title}）" for p in PRESETS.values())
        raise ValueError(f"没有名为“{text}”的政策预设，可选：{names}")
    return found
