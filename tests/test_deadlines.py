"""Procedure deadlines (issue 19 item 4), each a warning with a setting,
off by default: the paper and electronic archives kept in step (A15,
`archive-sync-days`), a batch publicly noticed before payment (R17,
`notice-days`), and a worker archived (or refreshed) at or past the age of
cancellation, said by the commands that write it. Working days are counted
by the ledger's calendar: in 2025, 1-8 October are off and Sunday 28
September and Saturday 11 October are worked."""

from __future__ import annotations

import textwrap

import openpyxl
import pytest

from ledger import load

from conftest import run_bangfu, xlsx

# ---- A15 paper and electronic archives synchronised in time


@pytest.mark.parametrize(
    ("setting", "synced", "last", "codes"),
    [
        ("", "  synced: 2025-10-22", "2025-12-01", []),  # off by default
        ("10", "  synced: 2025-10-21", "2025-12-01", []),  # the 10th working day after 30 September: in time
        ("10", "  synced: 2025-10-22", "2025-12-01", ["A15"]),  # a working day late
        ("10", "  synced: 2025-09-29", "2025-12-01", ["A15"]),  # before the change itself: a slip
        ("10", "", "2025-10-21", []),  # not synced, but the deadline has not passed at the ledger's last date
        ("10", "", "2025-10-22", ["A15"]),  # not synced, and the deadline passed
    ],
)
def test_archive_change_is_synchronised_within_the_set_working_days(doc, setting, synced, last, codes):
    """
    ; archive-sync-days 10: the archive changes on 2025-09-30; the other form
    ; of the archive is due by 2025-10-21 (1-8 October off, 11 October worked).
    ; The archiving itself was synced at once.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    $setting
    2025-01-01 custom "locality" "城区"
    2025-01-01 custom "standard" "dibao" "城区" 680 CNY
    2025-02-03 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      notice-start: 2025-01-06
      notice-end: 2025-01-17
      synced: 2025-02-05
    2025-09-30 custom "household" "H1" "changed"
      phone: "13800000000"
    $synced
    $last custom "locality" "乡镇"
    """
    option = f'2025-01-01 custom "bangfu-option" "archive-sync-days" {setting}' if setting else ""
    result = doc(setting=option, synced=synced, last=last)
    assert result.codes == codes
    if codes:
        (message,) = result.messages("A15")
        assert "档案 H1 2025-09-30“变更”" in message and "最迟 2025-10-21" in message
        assert "长春通知 三(二)2" in message


def test_archive_sync_counts_every_event_at_the_recommended_thirty_days(doc):
    """
    ; archive-sync-days 30 (the seeds' 30 working days): an exit on
    ; 2025-09-01 is synced in time on 2025-10-17 (Sunday 28 September worked);
    ; the archiving, never synced, was due on 2025-03-17, long before the
    ; ledger's end.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2025-01-01 custom "bangfu-option" "archive-sync-days" 30
    2025-01-01 custom "locality" "城区"
    2025-01-01 custom "standard" "dibao" "城区" 680 CNY
    2025-02-03 custom "household" "H1" "archived"
      name: "张伟"
      id-number: "11010519491231002X"
      locality: "城区"
      level: "区县级"
      nature: "长期"
      hardship: "深度困难"
      cause: "重特大疾病"
      notice-start: 2025-01-06
      notice-end: 2025-01-17
    2025-09-01 custom "household" "H1" "exited"
      reason: "再就业"
      synced: $synced
    2025-12-01 custom "locality" "乡镇"
    """
    (archiving,) = doc(synced="2025-10-17").messages("A15")  # the archiving only
    assert "“建档”" in archiving and "最迟 2025-03-17" in archiving and "仍未同步" in archiving
    result = doc(synced="2025-10-20")  # the next working day
    assert result.codes == ["A15", "A15"]
    assert any("“脱困”" in m and "最迟 2025-10-17" in m and "2025-10-20 才同步" in m for m in result.messages("A15"))


# ---- R17 a batch is publicly noticed before payment


def notice(start: str, end: str) -> str:
    return f'2025-09-20 custom "batch" "PC2025-10"\n  notice-start: {start}\n  notice-end: {end}'


BATCH = '  batch: "PC2025-10"'


@pytest.mark.parametrize(
    ("setting", "declared", "date", "batch", "needle"),
    [
        (None, "", "2025-10-13", BATCH, None),  # off by default: no notice declared, none required
        (5, "", "2025-10-13", BATCH, "没有发放前公示的记录"),  # required, none declared
        (5, "", "2025-10-13", "", None),  # a payment without a batch is not checked
        (5, notice("2025-09-28", "2025-10-10"), "2025-10-11", BATCH, None),  # 5 working days, paid the day after
        (5, notice("2025-09-28", "2025-10-10"), "2025-10-10", BATCH, "不晚于公示结束日"),  # paid on its last day
        (5, notice("2025-09-29", "2025-10-10"), "2025-10-13", BATCH, "仅 4 个工作日"),  # a working day short
        (5, notice("2025-09-29", "2025-10-11"), "2025-10-13", BATCH, None),  # Saturday 11 October worked: 5
        (None, notice("2025-09-28", "2025-10-10"), "2025-10-10", BATCH, "不晚于公示结束日"),  # declared: checked
        (None, notice("2025-09-29", "2025-10-10"), "2025-10-13", BATCH, None),  # its length only with the setting
    ],
)
def test_a_batch_is_paid_only_after_its_public_notice(doc, setting, declared, date, batch, needle):
    """
    ; Batch PC2025-10 paid to one household. notice-days 5: the notice runs at
    ; least 5 working days (1-8 October off, Sunday 28 September and Saturday
    ; 11 October worked) and the batch is paid after its last day.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2025-01-01 open Assets:Bank:ICBC:Local CNY
    2025-01-01 open Income:Fund:Local CNY
    2025-01-01 open Expenses:Aid:Local:Living CNY
    $setting
    2025-01-01 custom "locality" "城区"
    2025-01-01 custom "standard" "dibao" "城区" 680 CNY
    2025-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2025-02-03 custom "household" "H1" "archived"
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
    $declared
    $date * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
    $batch
      Expenses:Aid:Local:Living  500.00 CNY
      Assets:Bank:ICBC:Local
    """
    option = f'2025-01-01 custom "bangfu-option" "notice-days" {setting}' if setting is not None else ""
    result = doc(setting=option, declared=declared, date=date, batch=batch)
    assert result.codes == (["R17"] if needle else [])
    if needle:
        (message,) = result.messages("R17")
        assert needle in message and "批次 PC2025-10" in message and "沐川办法 三(二)" in message


def test_a_batch_notice_is_said_once_per_batch_and_declared_once(doc):
    """
    ; Two payments of batch PC2025-10 before its notice ended: one warning
    ; naming both. A notice without its end, one ending before it starts and
    ; a second notice of the same batch are refused (S07).
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2025-01-01 open Assets:Bank:ICBC:Local CNY
    2025-01-01 open Income:Fund:Local CNY
    2025-01-01 open Expenses:Aid:Local:Living CNY
    2025-01-01 custom "locality" "城区"
    2025-01-01 custom "standard" "dibao" "城区" 680 CNY
    2025-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2025-02-03 custom "household" "H1" "archived"
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
    2025-03-01 custom "batch" "PC2025-03"
      notice-start: 2025-03-03
      notice-end: 2025-03-07
    2025-03-01 custom "batch" "PC2025-03"
      notice-start: 2025-03-03
      notice-end: 2025-03-10
    2025-03-01 custom "batch" "PC2025-04"
      notice-start: 2025-04-01
    2025-03-01 custom "batch" "PC2025-05"
      notice-start: 2025-05-10
      notice-end: 2025-05-09
    2025-03-06 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      batch: "PC2025-03"
      Expenses:Aid:Local:Living  500.00 CNY
      Assets:Bank:ICBC:Local
    2025-03-07 * "张伟" "生活救助" ^P2
      household: "H1"
      approval: "SP-P2"
      method: "银行卡"
      batch: "PC2025-03"
      Expenses:Aid:Local:Living  300.00 CNY
      Assets:Bank:ICBC:Local
    """
    result = doc()
    assert result.codes == ["R17", "S07", "S07", "S07"]
    (paid,) = result.messages("R17")
    assert "2025-03-06 即已发放（2 笔付款不晚于公示结束日）" in paid
    refused = " ".join(result.messages("S07"))
    assert "重复声明" in refused and "notice-end" in refused and "早于开始日期" in refused


# ---- R15 a batch's reported: date counts for its payments


def batch(*lines: str) -> str:
    return '2025-09-26 custom "batch" "PC2025-10"' + "".join(f"\n  {line}" for line in lines)


@pytest.mark.parametrize(
    ("declared", "own", "notice_days", "codes", "needle"),
    [
        (batch("reported: 2025-10-27"), "", 0, [], None),  # the batch entered on the 10th working day: in time
        (batch("reported: 2025-10-28"), "", 0, ["R15"], "批次 PC2025-10 2025-10-28 才录入"),  # a day late
        (batch("reported: 2025-10-28"), "  reported: 2025-10-27", 0, [], None),  # the payment's own date wins
        (batch("reported: 2025-10-27"), "  reported: 2025-10-28", 0, ["R15"], "，2025-10-28 才录入"),
        (batch("notice-start: 2025-09-28", "notice-end: 2025-10-10", "reported: 2025-10-27"), "", 5, [], None),
        (batch("notice-start: 2025-09-28", "notice-end: 2025-10-10"), "", 0, ["R15"], "批次 PC2025-10 也未写"),
        # only reported: - a valid batch, but without a notice (R17 with notice-days)
        (batch("reported: 2025-10-27"), "", 5, ["R17"], "没有发放前公示的记录"),
        (batch('note: "第十批"'), "", 0, ["R15", "S07"], "须写公示日期"),
    ],
)
def test_a_batch_reported_date_counts_for_its_payments(doc, declared, own, notice_days, codes, needle):
    """
    ; report-days 10: batch PC2025-10 paid on 2025-10-13 (after a notice
    ; ending 10 October, when declared) is due in the national system by
    ; 2025-10-27, the 10th working day after it. The ledger runs on to
    ; 2025-12-01.
    option "operating_currency" "CNY"
    plugin "fund_rules"

    2025-01-01 open Assets:Bank:ICBC:Local CNY
    2025-01-01 open Income:Fund:Local CNY
    2025-01-01 open Expenses:Aid:Local:Living CNY
    2025-01-01 custom "bangfu-option" "report-days" 10
    2025-01-01 custom "bangfu-option" "notice-days" $notice_days
    2025-01-01 custom "locality" "城区"
    2025-01-01 custom "standard" "dibao" "城区" 680 CNY
    2025-01-05 * "财政" "下达"
      Assets:Bank:ICBC:Local  50000 CNY
      Income:Fund:Local
    2025-02-03 custom "household" "H1" "archived"
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
    $declared
    2025-10-13 * "张伟" "生活救助" ^P1
      household: "H1"
      approval: "SP-P1"
      method: "银行卡"
      batch: "PC2025-10"
    $own
      Expenses:Aid:Local:Living  500.00 CNY
      Assets:Bank:ICBC:Local
    2025-12-01 note Assets:Bank:ICBC:Local "年末核对"
    """
    result = doc(declared=declared, own=own, notice_days=notice_days)
    assert result.codes == codes
    if needle:
        messages = [m for code in sorted(set(codes)) for m in result.messages(code)]
        assert any(needle in m for m in messages), messages


# ---- age at archiving, said by the commands that write the archive


ROSTER = ["档案编号", "姓名", "身份证号", "所在地区", "档案级别", "档案性质", "困难类别", "主要致困原因", "建档日期",
          "公示开始日期", "公示结束日期"]


def roster_row(no: str, name: str, id_number: str, archived: str) -> list[str]:
    return [no, name, id_number, "城区", "区县级", "长期", "深度困难", "下岗失业", archived, "2026-02-02", "2026-02-13"]


def test_roster_import_warns_of_a_worker_archived_at_the_age_of_cancellation(county, tmp_path):
    """Women born 2 March 1971 are 55 on 2 March 2026 (warned, still
    written) and 54 the day before (not warned); a man born 2 March 1966 is
    60 on 2 March 2026, one born a day later is not. The setting moves it."""
    rows = [ROSTER,
            roster_row("QS-2026-811", "孙芳", "220183197103021226", "2026-03-02"),
            roster_row("QS-2026-812", "钱丽", "220183197103021242", "2026-03-01"),
            roster_row("QS-2026-813", "赵刚", "220183196603021236", "2026-03-02"),
            roster_row("QS-2026-814", "周强", "220183196603031258", "2026-03-02")]
    sheet = xlsx(tmp_path / "档案.xlsx", rows)
    done = run_bangfu("import", sheet, "--ledger", county, "--date", "2026-03-02", "--dry-run")
    assert done.returncode == 0, done.stdout
    warned = [line for line in done.stdout.splitlines() if "应注销年龄" in line]
    assert len(warned) == 2, done.stdout
    assert "档案 QS-2026-811 的女职工建档时已满 55 周岁，已达应注销年龄 55 周岁（设置 retire-age-female；沐川办法 四(一)4）" in warned[0]
    assert "档案 QS-2026-813 的男职工建档时已满 60 周岁，已达应注销年龄 60 周岁（设置 retire-age-male" in warned[1]

    settings = county.parent / "settings.beancount"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n2023-01-01 custom "bangfu-option" "retire-age-female" 56\n',
                        encoding="utf-8")
    done = run_bangfu("import", sheet, "--ledger", county, "--date", "2026-03-02")
    assert done.returncode == 0, done.stdout
    warned = [line for line in done.stdout.splitlines() if "应注销年龄" in line]
    assert len(warned) == 1 and "QS-2026-813" in warned[0]  # the women are under 56
    assert {"QS-2026-811", "QS-2026-812", "QS-2026-813", "QS-2026-814"} <= set(load(county, use_cache=False).view.households)


ARCHIVE_LEDGER = """\
option "operating_currency" "CNY"
plugin "fund_rules"

2025-01-01 custom "locality" "城区"
2025-01-01 custom "standard" "dibao" "城区" 680 CNY
2025-02-03 custom "household" "H1" "archived"
  name: "王兰"
  id-number: "110105197011241024"
  sex: "女"
  locality: "城区"
  level: "区县级"
  nature: "长期"
  hardship: "深度困难"
  cause: "重特大疾病"
  notice-start: 2025-01-06
  notice-end: 2025-01-17
"""


def test_archive_refresh_warns_of_a_worker_at_the_age_of_cancellation(tmp_path):
    """`bangfu archive` records no archiving; its refresh keeps an archive in
    hardship, so a woman who turned 55 (born 24 November 1970) is warned
    about on 2025-11-24, not the day before; the event is written both times.
    `--synced` records when the other form of the archive caught up."""
    main = tmp_path / "main.beancount"
    main.write_text(textwrap.dedent(ARCHIVE_LEDGER), encoding="utf-8")
    before = run_bangfu("archive", "refresh", main, "H1", "--date", "2025-11-23")
    assert before.returncode == 0, before.stderr
    assert "警告" not in before.stdout
    on = run_bangfu("archive", "refresh", main, "H1", "--date", "2025-11-24", "--synced", "2025-11-25")
    assert on.returncode == 0, on.stderr
    assert ("警告：档案 H1 的女职工 2025-11-24 已满 55 周岁，已达应注销年龄 55 周岁（设置 retire-age-female；沐川办法 四(一)4）"
            in on.stdout)
    events = load(main, use_cache=False).view.households["H1"].events
    assert [(e.date.isoformat(), e.event.value, e.fields.synced) for e in events[1:]] == [
        ("2025-11-23", "refreshed", None),
        ("2025-11-24", "refreshed", __import__("datetime").date(2025, 11, 25)),
    ]
    early = run_bangfu("archive", "refresh", main, "H1", "--date", "2025-11-26", "--synced", "2025-11-25")
    assert early.returncode == 2 and "早于事件日期" in early.stderr


# ---- the publicity list of a batch states the batch's declared notice


def test_publicity_list_of_a_declared_batch_states_its_notice(county, tmp_path):
    """`--batch` names the payments' `batch:` (or their numbers' prefix); a
    batch with a declared notice prints that notice period, counted in
    working days; without one, the list's notice runs `notice-days` working
    days (at least 5) from the day after its last payment (Sunday 28
    September 2025 was worked)."""
    out = tmp_path / "公示.xlsx"

    def footer(*args: object) -> tuple[str, int]:
        done = run_bangfu("report", "publicity", county, "--batch", "PC2025-09", *args, "-o", out, "--force")
        assert done.returncode == 0, done.stderr
        sheet = openpyxl.load_workbook(out).active
        names = sum(1 for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int))
        return sheet.oddFooter.left.text, names

    text, names = footer()
    assert text.startswith("公示期：2025-09-20 至 2025-09-26（5 个工作日）") and names > 20
    settings = county.parent / "settings.beancount"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + '\n2023-01-01 custom "bangfu-option" "notice-days" 6\n', encoding="utf-8")
    assert footer()[0].startswith("公示期：2025-09-20 至 2025-09-28（6 个工作日）")
    declared = county.parent / "2025.beancount"
    declared.write_text(declared.read_text(encoding="utf-8")
                        + '\n2025-08-25 custom "batch" "PC2025-09"\n  notice-start: 2025-08-25\n  notice-end: 2025-09-02\n',
                        encoding="utf-8")
    assert footer()[0].startswith("公示期：2025-08-25 至 2025-09-02（7 个工作日）")
    assert footer("--posted", "2025-08-28")[0].startswith("公示期：2025-08-28 至 2025-09-04（6 个工作日）")
    warned = [line for line in run_bangfu("check", county, "--no-cache").stdout.splitlines() if "[R17]" in line]
    assert not any("PC2025-09" in line for line in warned)  # declared, 7 working days, paid after it
    assert len(warned) == 8 and all("没有发放前公示的记录" in line for line in warned)  # the other 8 batches
