"""Bank result files (银行代发回盘): each line matched to exactly one
payment, and importing anything again adds nothing - the same file, the
same lines in another file, the same file under another --date."""

from __future__ import annotations

import datetime
from pathlib import Path

from ledger import load

from conftest import EXAMPLE, run_bangfu, xlsx

D = datetime.date
ROLL = ["序号", "姓名", "身份证号", "档案编号", "帮扶类别", "金额(元)", "资金来源", "发放日期", "发放方式", "银行卡号", "审批编号"]
RESULT = ["银行卡号", "户名", "交易金额", "处理结果", "失败原因"]


def pay(main: Path, folder: Path, *days: str, amount: str = "300") -> tuple[str, str, str]:
    """Import one living-aid payment from the Local fund per day to the same
    household; returns its archive number, name and card."""
    view = load(main, use_cache=False).view
    on = D(2026, 4, 1)
    no = sorted(no for no, h in view.households.items() if h.at(on).active and h.at(on).fields.card)[0]
    fields = view.household(no, on).fields  # type: ignore[union-attr]
    rows = [ROLL] + [
        [n, fields.name, "", no, "生活救助", amount, "市县配套", day, "银行卡", "", f"SP-B-{n}"] for n, day in enumerate(days, 1)
    ]
    repeat = ("--allow-repeat",) if len(days) > 1 else ()  # same amount twice in a month: intended here
    done = run_bangfu("import", xlsx(folder / "roll.xlsx", rows), "--ledger", main, *repeat)
    assert done.returncode == 0, done.stdout
    return no, fields.name, fields.card  # type: ignore[return-value]


def bank(main: Path, *files: Path, date: str = "") -> tuple[int, str]:
    done = run_bangfu("import", *files, "--ledger", main, *(("--date", date) if date else ()))
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, done.stdout


def outcomes(main: Path) -> tuple[set[str], set[str]]:
    """(payment numbers confirmed, payment numbers reversed)"""
    view = load(main, use_cache=False).view
    return set(view.bank_results), {p.fields.reverses for p in view.payments if p.fields.reverses}


def test_the_same_lines_again_add_nothing(county, tmp_path):
    _no, name, card = pay(county, tmp_path, "2026-04-01")
    lines = [[card, name, "300.00", "成功", "", "2026-04-03"]]
    first = xlsx(tmp_path / "回盘.xlsx", [[*RESULT, "交易日期"], *lines])
    assert bank(county, first)[0] == 0
    confirmed, _reversed = outcomes(county)
    ledger_files = sorted(p.name for p in (county.parent / "imports").iterdir())
    code, said = bank(county, first)
    assert code == 0 and "已导入过" in said and "没有需要写入的新内容" in said
    other = xlsx(tmp_path / "回盘-重发.xlsx", [["4月回盘（重发）"], [*RESULT, "交易日期"], *lines])  # other bytes
    code, said = bank(county, other)
    assert code == 0 and "没有需要写入的新内容" in said
    assert outcomes(county)[0] == confirmed and len(confirmed) == len(load(county).view.bank_results)
    assert sorted(p.name for p in (county.parent / "imports").iterdir()) == ledger_files


def test_an_undated_file_is_not_redated_by_another_date(county, tmp_path):
    """A file without dates takes --date; imported again under another
    --date (when another payment would fall in the window) it adds nothing."""
    _no, name, card = pay(county, tmp_path, "2026-03-02", "2026-04-01")
    undated = xlsx(tmp_path / "回盘.xlsx", [RESULT, [card, name, "300.00", "成功", ""]])
    code, said = bank(county, undated)
    assert code == 1 and "交易日期" in said and "--date" in said  # which day? refused, not guessed
    assert bank(county, undated, date="2026-03-05")[0] == 0
    confirmed = outcomes(county)[0]
    code, said = bank(county, undated, date="2026-04-03")
    assert code == 0 and "已导入过" in said and outcomes(county)[0] == confirmed


def test_several_candidates_are_refused_and_listed(county, tmp_path):
    _no, name, card = pay(county, tmp_path, "2026-04-01", "2026-04-08")
    before = outcomes(county)
    failed = xlsx(tmp_path / "回盘.xlsx", [[*RESULT, "交易日期"], [card, name, "300.00", "失败", "账户冻结", "2026-04-10"]])
    code, said = bank(county, failed)
    assert code == 1 and "有 2 笔付款都可能对应" in said and said.count("待回盘") == 2
    assert outcomes(county) == before


def test_a_result_contradicting_the_ledger_is_refused(county, tmp_path):
    _no, name, card = pay(county, tmp_path, "2026-04-01")
    ok = xlsx(tmp_path / "成功.xlsx", [[*RESULT, "交易日期"], [card, name, "300.00", "成功", "", "2026-04-03"]])
    assert bank(county, ok)[0] == 0
    (link,) = outcomes(county)[0] - outcomes(EXAMPLE)[0]
    failed = xlsx(tmp_path / "失败.xlsx", [[*RESULT, "交易日期"], [card, name, "300.00", "失败", "户名不符", "2026-04-05"]])
    code, said = bank(county, failed)
    assert code == 1 and f"^{link}" in said and "已确认成功" in said and "矛盾" in said
    assert link not in outcomes(county)[1]


def test_a_failure_reverses_its_own_payment_once(county, tmp_path):
    _no, name, card = pay(county, tmp_path, "2026-03-02", "2026-04-01")
    view = load(county, use_cache=False).view
    april = next(p.number for p in view.payments if p.payee == name and p.date == D(2026, 4, 1))
    failed = xlsx(tmp_path / "回盘.xlsx", [[*RESULT, "交易日期"], [card, name, "300.00", "失败", "账户冻结", "2026-04-02"]])
    assert bank(county, failed)[0] == 0
    assert outcomes(county)[1] - outcomes(EXAMPLE)[1] == {april}
    code, said = bank(county, failed)
    assert code == 0 and "已导入过" in said and outcomes(county)[1] - outcomes(EXAMPLE)[1] == {april}  # not March
    assert run_bangfu("check", county, "--no-cache").returncode == 0


# ---- the other kinds imported again: a 文号 once per fund, identity kept, no double payment


APPROPRIATION = ["资金来源", "文号", "金额", "下达日期", "下达单位"]


def test_a_notice_number_is_recorded_once_per_fund(county, tmp_path):
    first = xlsx(tmp_path / "下达.xlsx", [APPROPRIATION, ["中央财政", "吉工帮〔2026〕9号", "50000", "2026-04-01", "吉林省总工会"]])
    assert run_bangfu("import", first, "--ledger", county).returncode == 0
    again = run_bangfu("import", first, "--ledger", county)
    assert again.returncode == 0 and "没有需要写入的新内容" in again.stdout
    other = xlsx(tmp_path / "下达2.xlsx", [APPROPRIATION, ["中央财政", "吉工帮〔2026〕9号", "60000", "2026-04-02", "吉林省总工会"]])
    done = run_bangfu("import", other, "--ledger", county)
    assert done.returncode == 1 and "已记为 2026-04-01 下达 50000" in done.stdout and "imports/" in done.stdout
    local = xlsx(tmp_path / "下达3.xlsx", [APPROPRIATION, ["市县配套", "吉工帮〔2026〕9号", "60000", "2026-04-02", "县财政局"]])
    assert run_bangfu("import", local, "--ledger", county).returncode == 0  # another fund's 文号 may coincide


def test_a_roster_may_not_change_an_id_number_unless_marked_as_correction(county, tmp_path):
    view = load(county, use_cache=False).view
    no, record = next((no, h) for no, h in sorted(view.households.items()) if h.at(D(2026, 4, 1)).active)
    fields = record.at(D(2026, 4, 1)).fields
    new_id = "11010519491231002X"
    header = ["档案编号", "姓名", "身份证号", "所在地区", "档案级别", "档案性质", "困难类别", "主要致困原因", "建档日期", "更正身份信息"]
    row = [no, fields.name, new_id, fields.locality, fields.level.label, fields.nature, fields.hardship, fields.cause,
           record.events[0].date.isoformat()]
    sheet = xlsx(tmp_path / "档案.xlsx", [header, [*row, ""]])
    done = run_bangfu("import", sheet, "--ledger", county, "--date", "2026-04-01")
    assert done.returncode == 1 and f"由“{fields.id_number}”改为“{new_id}”" in done.stdout and "更正身份信息" in done.stdout
    marked = xlsx(tmp_path / "档案-更正.xlsx", [header, [*row, "是"]])
    done = run_bangfu("import", marked, "--ledger", county, "--date", "2026-04-01")
    assert done.returncode == 0, done.stdout
    assert load(county, use_cache=False).view.household(no, D(2026, 4, 2)).fields.id_number == new_id  # type: ignore[union-attr]


def test_a_probable_double_payment_is_refused_unless_confirmed(county, tmp_path):
    no, name, _card = pay(county, tmp_path, "2026-04-01")
    again = xlsx(tmp_path / "再发.xlsx", [ROLL, [1, name, "", no, "生活救助", "300", "市县配套", "2026-04-20", "银行卡", "", "SP-C-1"]])
    done = run_bangfu("import", again, "--ledger", county)
    assert done.returncode == 1 and "疑似重复发放" in done.stdout and "roll.xlsx" in done.stdout and "第 2 行" in done.stdout
    confirmed = run_bangfu("import", again, "--ledger", county, "--allow-repeat")
    assert confirmed.returncode == 0, confirmed.stdout
    later = xlsx(tmp_path / "下月.xlsx", [ROLL, [1, name, "", no, "生活救助", "300", "市县配套", "2026-05-20", "银行卡", "", "SP-D-1"]])
    assert run_bangfu("import", later, "--ledger", county).returncode == 0  # 30 days after the last: no longer a repeat


def test_a_worker_archived_past_the_age_of_cancellation_is_warned(county, tmp_path):
    """A woman of 59 archived today is due for cancellation at once: said at
    archiving (the archive is still written); a man of 59 is not."""
    header = ["档案编号", "姓名", "身份证号", "所在地区", "档案级别", "档案性质", "困难类别", "主要致困原因", "建档日期",
              "公示开始日期", "公示结束日期"]
    rows = [header,
            ["QS-2026-801", "孙芳", "220183196701011226", "城区", "区县级", "长期", "深度困难", "下岗失业", "2026-03-02",
             "2026-02-09", "2026-02-27"],
            ["QS-2026-802", "孙强", "220183196701011234", "城区", "区县级", "长期", "深度困难", "下岗失业", "2026-03-02",
             "2026-02-09", "2026-02-27"]]
    done = run_bangfu("import", xlsx(tmp_path / "档案.xlsx", rows), "--ledger", county, "--date", "2026-03-02")
    assert done.returncode == 0, done.stdout
    warned = [line for line in done.stdout.splitlines() if "建档时已满" in line]
    assert len(warned) == 1 and "QS-2026-801 的女职工建档时已满 59 周岁，已达应注销年龄 55 周岁" in warned[0]
