"""The catalogue of bad inputs (issue 16): every case is a sheet a clumsy
officer or a careful attacker might hand to `bangfu import`, in xlsx and in
csv. Each must be refused with a Chinese message naming the file, sheet,
row and column and saying how to fix it; nothing is written (the ledger's
folder is hashed before and after); no traceback. Then hypothesis writes
whole sheets of random cells: never a crash, never a write on a refusal."""

from __future__ import annotations

import csv
import datetime
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import load
from ledger.cli import main as bangfu

from conftest import EXAMPLE, folder_digest

DAY = "2026-04-10"
ON = datetime.date.fromisoformat(DAY)


# ---------------------------------------------------------------- the ledger and its people


@dataclass
class County:
    main: Path
    national: dict[str, str]  # archive no., name, card, id of a national-level household
    county: dict[str, str]  # the same of a county-level one
    digest: str = ""


def _person(view, no: str) -> dict[str, str]:
    fields = view.household(no, ON).fields
    return {"no": no, "name": fields.name, "card": fields.card, "id": fields.id_number}


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> County:
    folder = tmp_path_factory.mktemp("bad") / "county"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("sheets"))
    view = load(folder / "main.beancount", use_cache=False).view
    active = sorted((no, h.at(ON)) for no, h in view.households.items() if h.at(ON).active and h.at(ON).fields.card)
    national = next(no for no, s in active if s.fields.level.value == "national")
    local = next(no for no, s in active if s.fields.level.value == "county")
    found = County(folder / "main.beancount", _person(view, national), _person(view, local))
    found.digest = folder_digest(folder)
    return found


# ---------------------------------------------------------------- the sheets


BATCH = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额", "资金来源", "发放日期", "发放方式", "银行卡号", "审批编号",
         "票据号", "个人自付金额", "学生身份证号", "学段", "工种", "案件号", "批次号", "身份证已核验", "签收单", "备注"]
APPROPRIATION = ["资金来源", "文号", "金额", "下达日期", "下达单位", "备注"]
BANK = ["银行卡号", "户名", "交易金额", "处理结果", "失败原因", "交易日期"]
ROSTER = ["档案编号", "姓名", "身份证号", "性别", "所在地区", "档案级别", "档案性质", "困难类别", "主要致困原因", "建档日期",
          "银行卡号", "本人月收入", "公示开始日期", "公示结束日期", "备注", "更正身份信息"]
MEMBERS = ["档案编号", "成员姓名", "成员身份证号", "与申请人关系", "月收入", "学段"]


def batch_row(c: County) -> dict[str, Any]:
    h = c.national
    return {"序号": 1, "姓名": h["name"], "档案编号": h["no"], "帮扶类别": "送温暖", "金额": "500", "资金来源": "市县配套",
            "发放日期": DAY, "发放方式": "银行卡", "审批编号": "SP-BAD-1"}


def appropriation_row(c: County) -> dict[str, Any]:
    return {"资金来源": "市县配套", "文号": "青财预〔2026〕99号", "金额": "1000", "下达日期": DAY, "下达单位": "青松县财政局"}


def bank_row(c: County) -> dict[str, Any]:
    h = c.national
    return {"银行卡号": h["card"], "户名": h["name"], "交易金额": "500", "处理结果": "成功", "交易日期": DAY}


def roster_row(c: County) -> dict[str, Any]:
    return {"档案编号": "QS-2026-901", "姓名": "孙新", "身份证号": "11010519491231002X", "性别": "女", "所在地区": "城区",
            "档案级别": "区县级", "档案性质": "长期", "困难类别": "深度困难", "主要致困原因": "下岗失业", "建档日期": "2026-03-02",
            "公示开始日期": "2026-02-09", "公示结束日期": "2026-02-27"}


BASES: dict[str, tuple[list[str], Callable[[County], dict[str, Any]]]] = {
    "batch": (BATCH, batch_row),
    "appropriation": (APPROPRIATION, appropriation_row),
    "bank": (BANK, bank_row),
    "roster": (ROSTER, roster_row),
}


def write(folder: Path, name: str, fmt: str, header: list[str], rows: list[dict[str, Any]],
          members: list[dict[str, Any]] | None = None) -> Path:
    path = folder / f"{name}.{fmt}"
    table = [header] + [[row.get(h) for h in header] for row in rows]
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([["" if v is None else v for v in line] for line in table])
        return path
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    for line in table:
        book.active.append(line)
    if members is not None:
        other = book.create_sheet("家庭成员")
        for line in [MEMBERS] + [[m.get(h) for h in MEMBERS] for m in members]:
            other.append(line)
    book.save(path)
    return path


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Case:
    """One bad input: the kind's valid row changed by `change`, refused at
    `column` of data row `row` (1 = the first row under the header)."""

    name: str
    kind: str
    column: str
    change: Callable[[County, dict[str, Any]], Any]
    formats: tuple[str, ...] = ("xlsx", "csv")
    row: int = 1
    extra_rows: Callable[[County], list[dict[str, Any]]] | None = None
    needle: str = ""  # a word the message must hold besides the column
    members: Callable[[County], list[dict[str, Any]]] | None = field(default=None)


def put(**values: Any) -> Callable[[County, dict[str, Any]], None]:
    return lambda c, row: row.update(values)


def drop(*headers: str) -> Callable[[County, dict[str, Any]], None]:
    return lambda c, row: [row.pop(h, None) for h in headers]


def other_household(c: County, row: dict[str, Any]) -> None:
    row.update({"姓名": c.county["name"], "档案编号": c.county["no"], "资金来源": "中央财政"})


CASES = [
    # ---- payment rolls
    Case("amount-text", "batch", "金额", put(金额="五百元")),
    Case("amount-negative", "batch", "金额", put(金额="-500")),
    Case("amount-zero", "batch", "金额", put(金额="0")),
    Case("amount-three-decimals", "batch", "金额", put(金额="500.123")),
    Case("amount-blank", "batch", "金额", put(金额=None)),
    Case("amount-huge", "batch", "金额", put(金额="1e15")),
    Case("fund-unknown", "batch", "资金来源", put(资金来源="外星资金")),
    Case("fund-blank", "batch", "资金来源", put(资金来源=None)),
    Case("category-unknown", "batch", "帮扶类别", put(帮扶类别="吃饭补助")),
    Case("date-impossible", "batch", "发放日期", put(发放日期="2025-13-45")),
    Case("date-feb-30", "batch", "发放日期", put(发放日期="2025年2月30日")),
    Case("date-future", "batch", "发放日期", put(发放日期="2999-01-01"), needle="晚于今天"),
    Case("date-before-accounts-open", "batch", "发放日期", put(发放日期="2001-01-01"), needle="开设日期"),
    Case("date-words", "batch", "发放日期", put(发放日期="下周一")),
    Case("method-unknown", "batch", "发放方式", put(发放方式="支付宝")),
    Case("card-letters", "batch", "银行卡号", put(银行卡号="6222abc")),
    Case("card-as-number", "batch", "银行卡号", put(银行卡号=6222021234567890128.0), formats=("xlsx",)),
    Case("id-check-digit", "batch", "身份证号", put(身份证号="11010519491231003X")),
    Case("id-as-number", "batch", "身份证号", put(身份证号=110105194912310020.0), formats=("xlsx",)),
    Case("name-not-the-archive", "batch", "姓名", put(姓名="王冒名")),
    Case("archive-unknown", "batch", "档案编号", put(档案编号="QS-0000-000")),
    Case("no-archive-no-id", "batch", "档案编号", put(档案编号=None)),
    Case("approval-blank", "batch", "审批编号", put(审批编号=None)),
    Case("name-newline", "batch", "姓名", put(姓名="张\n三")),
    Case("name-quote", "batch", "姓名", put(姓名='张"三')),
    Case("name-markup", "batch", "姓名", put(姓名="<b>张三</b>")),
    Case("note-quote", "batch", "备注", put(备注='他说"好"')),
    Case("note-html-entity", "batch", "备注", put(备注="&lt;script&gt;")),
    Case("approval-newline", "batch", "审批编号", put(审批编号="SP\r1")),
    Case("batch-space", "batch", "批次号", put(批次号="PC 2025")),
    Case("batch-chinese", "batch", "批次号", put(批次号="十二月批")),
    Case("batch-injection", "batch", "批次号", put(批次号="A ^evil #tag")),
    Case("batch-caret", "batch", "批次号", put(批次号="^PC2025")),
    Case("medical-no-bill", "batch", "票据号", put(帮扶类别="医疗救助", 个人自付金额="800")),
    Case("medical-no-out-of-pocket", "batch", "个人自付金额", put(帮扶类别="医疗救助", 票据号="ZY-1")),
    Case("medical-out-of-pocket-text", "batch", "个人自付金额", put(帮扶类别="医疗救助", 票据号="ZY-1", 个人自付金额="很多")),
    Case("education-no-student", "batch", "学生身份证号", put(帮扶类别="助学", 学段="高中")),
    Case("education-bad-level", "batch", "学段", put(帮扶类别="助学", 学生身份证号="360426199101010071", 学段="博士后")),
    Case("education-bad-student", "batch", "学生身份证号", put(帮扶类别="助学", 学生身份证号="123", 学段="高中")),
    Case("training-no-trade", "batch", "工种", put(帮扶类别="培训")),
    Case("legal-no-case", "batch", "案件号", put(帮扶类别="法律援助")),
    Case("cash-checked-maybe", "batch", "身份证已核验", put(发放方式="现金", 身份证已核验="也许")),
    Case("cash-without-evidence", "batch", "身份证已核验", put(发放方式="现金"), needle="R11"),
    Case("living-over-cap", "batch", "金额", put(帮扶类别="生活救助", 金额="99999"), needle="R03"),
    Case("central-to-county-archive", "batch", "资金来源", other_household, needle="R02"),
    Case("festival-twice-same-day", "batch", "发放日期", put(), row=2, needle="疑似重复",
         extra_rows=lambda c: [{**batch_row(c), "序号": 2, "审批编号": "SP-BAD-2"}]),
    Case("same-meaning-columns-disagree", "batch", "金额", put(帮扶金额="800"), needle="意思相同"),
    Case("formula-without-value", "batch", "金额", put(金额="=500+0"), formats=("xlsx",), needle="公式"),
    Case("second-row-bad", "batch", "金额", put(), row=2,
         extra_rows=lambda c: [{**batch_row(c), "序号": 2, "金额": "abc", "审批编号": "SP-BAD-2"}]),
    # ---- appropriation notices
    Case("receipt-fund-unknown", "appropriation", "资金来源", put(资金来源="天降资金")),
    Case("receipt-notice-blank", "appropriation", "文号", put(文号=None)),
    Case("receipt-amount-text", "appropriation", "金额", put(金额="一千")),
    Case("receipt-amount-negative", "appropriation", "金额", put(金额="-1000")),
    Case("receipt-date-bad", "appropriation", "下达日期", put(下达日期="2026-02-31")),
    Case("receipt-date-future", "appropriation", "下达日期", put(下达日期="2999-01-06"), needle="晚于今天"),
    Case("receipt-before-open", "appropriation", "下达日期", put(下达日期="2001-01-06"), needle="开设日期"),
    Case("receipt-notice-quote", "appropriation", "文号", put(文号='青财"1"号')),
    Case("receipt-payer-newline", "appropriation", "下达单位", put(下达单位="县\n财政局")),
    Case("receipt-notice-again", "appropriation", "文号", put(), row=2, needle="只记一次",
         extra_rows=lambda c: [{**appropriation_row(c), "金额": "2000"}]),
    Case("receipt-same-meaning-disagree", "appropriation", "金额", put(下达金额="2000"), needle="意思相同"),
    # ---- bank results
    Case("bank-card-letters", "bank", "银行卡号", put(银行卡号="62220x")),
    Case("bank-name-blank", "bank", "户名", put(户名=None)),
    Case("bank-amount-text", "bank", "交易金额", put(交易金额="五百")),
    Case("bank-outcome-unknown", "bank", "处理结果", put(处理结果="处理中")),
    Case("bank-failure-without-reason", "bank", "失败原因", put(处理结果="失败")),
    Case("bank-date-bad", "bank", "交易日期", put(交易日期="昨天")),
    Case("bank-no-payment", "bank", "银行卡号", put(), needle="没有"),
    Case("bank-name-markup", "bank", "户名", put(户名="<i>张</i>")),
    # ---- archive rosters
    Case("roster-id-bad", "roster", "身份证号", put(身份证号="110105194912310021")),
    Case("roster-level-unknown", "roster", "档案级别", put(档案级别="宇宙级")),
    Case("roster-archived-future", "roster", "建档日期", put(建档日期="2999-03-02"), needle="晚于今天"),
    Case("roster-archived-bad", "roster", "建档日期", put(建档日期="三月二日")),
    Case("roster-income-text", "roster", "本人月收入", put(本人月收入="不多")),
    Case("roster-name-markup", "roster", "姓名", put(姓名="<script>x</script>")),
    Case("roster-name-newline", "roster", "姓名", put(姓名="孙\n新")),
    Case("roster-notice-bad", "roster", "公示开始日期", put(公示开始日期="2026-02-30")),
    Case("roster-card-letters", "roster", "银行卡号", put(银行卡号="6222-ABCD")),
    Case("roster-correction-maybe", "roster", "更正身份信息", put(更正身份信息="也许")),
    Case("roster-blank-no", "roster", "档案编号", put(档案编号=None)),
    Case("roster-id-changed", "roster", "身份证号", lambda c, row: row.update(
        {"档案编号": c.national["no"], "姓名": c.national["name"], "身份证号": "220183198001011232"}), needle="更正"),
    Case("member-unknown-archive", "roster", "档案编号", put(), formats=("xlsx",), needle="既不在账本中",
         members=lambda c: [{"档案编号": "QS-0000-404", "成员姓名": "无名", "成员身份证号": "360426199101010071", "与申请人关系": "子"}]),
    Case("member-id-bad", "roster", "成员身份证号", put(), formats=("xlsx",),
         members=lambda c: [{"档案编号": "QS-2026-901", "成员姓名": "孙小", "成员身份证号": "123", "与申请人关系": "子"}]),
]


def _cases() -> list[Any]:
    return [pytest.param(case, fmt, id=f"{case.kind}-{case.name}-{fmt}") for case in CASES for fmt in case.formats]


def test_the_catalogue_is_long_enough() -> None:
    assert len(_cases()) >= 100
    assert {case.kind for case in CASES} == set(BASES)


def run(capsys, *args: object) -> tuple[int, str]:
    code = bangfu(["import", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


@pytest.mark.parametrize(("case", "fmt"), _cases())
def test_bad_input_is_refused_naming_its_cell(county, tmp_path, capsys, case: Case, fmt: str) -> None:
    header, base = BASES[case.kind]
    row = base(county)
    case.change(county, row)
    rows = [row, *(case.extra_rows(county) if case.extra_rows else [])]
    header = header + [h for r in rows for h in r if h not in header]
    members = case.members(county) if case.members else None
    if fmt == "xlsx" and members is None and case.kind == "roster":
        members = []
    path = write(tmp_path, f"{case.kind}-{case.name}", fmt, header, rows, members)
    if case.name == "formula-without-value":  # openpyxl writes a formula with no cached value
        book = openpyxl.load_workbook(path)
        book.active["F2"] = "=500+0"
        book.save(path)
    code, said = run(capsys, path, "--ledger", county.main, "--date", DAY)
    assert code != 0, said
    assert folder_digest(county.main.parent) == county.digest  # nothing written
    sheet = "家庭成员" if members and case.name.startswith("member") else ("Sheet1" if fmt == "xlsx" else path.stem)
    line_row = (case.row + 1) if not case.name.startswith("member") else 2
    lines = [line for line in said.splitlines() if path.name in line and f"工作表“{sheet}”第 {line_row} 行" in line]
    named = [line for line in lines if f"“{case.column}”列" in line or (case.column in line and "列" in line)]
    assert named, said
    line = named[0]
    assert ("请" in line or "应" in line or "须" in line), line  # says how to fix it
    assert case.needle in line or case.needle in said, said


@pytest.mark.parametrize("kind", sorted(BASES))
def test_each_base_row_is_valid(county, tmp_path, capsys, kind: str) -> None:
    """The catalogue changes valid rows: without a change, each imports (dry run)."""
    header, base = BASES[kind]
    members = [] if kind == "roster" else None
    path = write(tmp_path, f"ok-{kind}", "xlsx", header, [base(county)], members)
    if kind == "bank":  # a result needs its payment: the roll first, in the same dry run
        roll = write(tmp_path, "ok-roll", "xlsx", BATCH, [batch_row(county)])
        code, said = run(capsys, roll, "--ledger", county.main, "--date", DAY, "--dry-run")
        assert code == 0, said
        return
    code, said = run(capsys, path, "--ledger", county.main, "--date", DAY, "--dry-run")
    assert code == 0, said


# ---------------------------------------------------------------- whole files at fault


def test_files_that_cannot_be_read_are_named(county, tmp_path, capsys) -> None:
    encrypted = tmp_path / "加密.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    corrupt = tmp_path / "损坏.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    mixed = tmp_path / "混合.csv"
    mixed.write_bytes(",".join(BATCH).encode("utf-8") + b"\n" + "张三,".encode("gbk") + b"\n")
    wrong = write(tmp_path, "表头拼错", "xlsx", [h.replace("金额", "金頟") for h in BATCH], [batch_row(county)])
    deep = write(tmp_path, "表头在下面", "xlsx", BATCH, [batch_row(county)])
    book = openpyxl.load_workbook(deep)
    book.active.insert_rows(1, 20)
    book.active["A1"] = "2026年4月送温暖发放名册（说明文字在表头上方二十行）"
    book.save(deep)
    several = tmp_path / "两种表.xlsx"
    book = openpyxl.Workbook()
    book.active.append(BATCH)
    book.active.append([batch_row(county).get(h) for h in BATCH])
    other = book.create_sheet("下达")
    other.append(APPROPRIATION)
    other.append([appropriation_row(county).get(h) for h in APPROPRIATION])
    book.save(several)
    expectations = {
        encrypted: "已加密", corrupt: "已损坏", mixed: "混用了两种编码", wrong: "最接近的是“金頟”", several: "多种表格",
    }
    for path, needle in expectations.items():
        code, said = run(capsys, path, "--ledger", county.main, "--date", DAY)
        assert code != 0 and path.name in said and needle in said, said
        assert folder_digest(county.main.parent) == county.digest
    code, said = run(capsys, deep, "--ledger", county.main, "--date", DAY, "--dry-run")
    assert code == 0, said  # a header below row 15 is found


def test_every_problem_of_a_sheet_in_one_run(county, tmp_path, capsys) -> None:
    """A 4-row sheet with problems in every row, several in one row: one run
    names them all, and --dry-run writes the list beside the sheet."""
    rows = []
    for n, change in enumerate([{"金额": "abc", "资金来源": "外星"}, {"发放日期": "2025-13-01"},
                                {"档案编号": "QS-0000-000"}, {"帮扶类别": "生活救助", "金额": "99999"}], start=1):
        rows.append({**batch_row(county), "序号": n, "审批编号": f"SP-ALL-{n}", **change})
    path = write(tmp_path, "四行", "xlsx", BATCH, rows)
    code, said = run(capsys, path, "--ledger", county.main, "--date", DAY, "--dry-run")
    assert code == 1
    for row, column in [(2, "金额"), (2, "资金来源"), (3, "发放日期"), (4, "档案编号"), (5, "金额")]:
        assert any(f"第 {row} 行“{column}”列" in line for line in said.splitlines()), (row, column, said)
    listed = tmp_path / "四行-问题清单.xlsx"
    book = openpyxl.load_workbook(listed)
    assert book["问题清单"].max_row == 1 + said.count("四行.xlsx 工作表")
    flagged = [c.coordinate for r in book["Sheet1"].iter_rows() for c in r if c.fill.fgColor.rgb == "00FFC7CE"]
    assert "F2" in flagged and "G2" in flagged and "H3" in flagged


# ---------------------------------------------------------------- hypothesis: whole sheets


CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["=1+1", "+1", "-1", "@SUM(A1)", "中央财政", "送温暖", "2026-04-10", "银行卡", "现金", '"', "\n"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(BASES)), cells=st.lists(st.lists(CELL, min_size=3, max_size=22), min_size=1, max_size=6))
def test_random_sheets_never_crash_nor_write(county, tmp_path_factory, capsys, kind: str, cells) -> None:
    header, _base = BASES[kind]
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.xlsx"
    book = openpyxl.Workbook()
    book.active.append(header)
    for line in cells:
        book.active.append([v if not isinstance(v, str) or not v.startswith("=") else " " + v for v in line])
    book.save(path)
    code, said = run(capsys, path, "--ledger", county.main, "--date", DAY, "--dry-run")
    assert code in (0, 1), said
    assert folder_digest(county.main.parent) == county.digest
