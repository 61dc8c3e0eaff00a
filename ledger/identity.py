"""Resident ID numbers (GB 11643-1999) and bank card numbers.

Uses python-stdnum for the check digit, birth date and the GB/T 2260 area
code table (which keeps retired codes, as real cards still carry them).
Source: domain.md "Validation specs".
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn
from stdnum.cn import ric

_DIGITS15 = re.compile(r"^\d{15}$")
_SHAPE18 = re.compile(r"^\d{17}[\dX]$")


def normalise_id(text: str) -> str:
    """Upper-case X, no spaces; a legacy 15-digit number becomes its
    18-digit form (century 19 inserted, check digit computed)."""
    number = re.sub(r"\s", "", text).upper()
    if _DIGITS15.match(number):
        body = number[:6] + "19" + number[6:]
        return body + ric.calc_check_digit(body + "0")
    return number


@dataclass(frozen=True)
class IdCheck:
    number: str
    birth: datetime.date | None = None
    male: bool | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def _area_codes() -> frozenset[str]:
    """Every 6-digit GB/T 2260 code, current or retired, from python-stdnum's
    table (cn/loc.dat: a province line `22 province=...`, then its counties
    `  0183 county=...`). Read directly: stdnum's generic numdb parser takes
    most of a second for this file, on every process start."""
    codes = set()
    province = ""
    with open(Path(ric.__file__).with_name("loc.dat"), encoding="utf-8") as table:
        for line in table:
            if line[:1].isdigit():
                province = line[:2]
            elif line.startswith("  ") and line[2:6].isdigit() and "county=" in line:
                codes.add(province + line[2:6])
    return frozenset(codes)


@functools.lru_cache(maxsize=65536)
def check_id(text: str) -> IdCheck:
    """Format, real birth date and check digit are errors; an area code
    unknown to GB/T 2260 (past or present) only a warning."""
    number = normalise_id(text)
    errors: list[str] = []
    if not _SHAPE18.match(number):
        errors.append(f"身份证号“{text}”应为 18 位（前 17 位为数字，末位为数字或 X）或旧式 15 位数字")
        return IdCheck(number, errors=tuple(errors))
    try:
        birth = ric.get_birth_date(number)
    except Exception:  # stdnum raises InvalidComponent for an impossible date
        errors.append(f"身份证号“{text}”中的出生日期 {number[6:14]} 不是真实日期")
        return IdCheck(number, errors=tuple(errors))
    if birth > datetime.date.today() or birth.year < 1900:
        errors.append(f"身份证号“{text}”中的出生日期 {birth} 不合理")
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        errors.append(f"身份证号“{text}”校验位应为 {expected}：请核对号码（常见为抄错一位）")
    warnings = []
    if number[:6] not in _area_codes():
        warnings.append(f"身份证号“{text}”的地区代码 {number[:6]} 不在行政区划代码表中，请核对")
    return IdCheck(number, birth, int(number[16]) % 2 == 1, tuple(errors), tuple(warnings))


def mask_id(number: str) -> str:
    """511123********123X: first six and last four digits only (public outputs
    and messages never show a whole ID number)."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else number


def mask_card(number: str) -> str:
    return "*" * (len(number) - 4) + number[-4:] if len(number) > 4 else number


_NUMBER_RUN = re.compile(r"(?<![0-9])(?:\d{17}[\dXx]|\d{15,19})(?![0-9Xx])")


def mask_numbers(text: str) -> str:
    """Free text (a name, a work unit, a note) with every run that looks like
    an ID number (15 or 18 characters) or a bank card (16-19 digits) masked,
    for public outputs: "身份证 220183198001011232" -> "身份证 220183********1232"."""

    def hide(match: re.Match[str]) -> str:
        run = match.group(0)
        return mask_id(run.upper()) if len(run) in (15, 18) else mask_card(run)

    return _NUMBER_RUN.sub(hide, text)


def card_tail(card: str | None) -> str:
    """A bank card as messages name it: by its last four digits only."""
    return f"尾号 {card[-4:]}" if card else "（无）"


def check_card(text: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) for a bank card number: 16-19 digits is an error;
    a Luhn failure only a warning (some real Chinese debit cards fail it)."""
    if not (text.isdigit() and 16 <= len(text) <= 19):
        return [f"银行卡号“{text[:4]}…{text[-4:]}”应为 16 至 19 位数字，实为 {len(text)} 位"], []
    if not luhn.is_valid(text):
        return [], [f"银行卡号（尾号 {text[-4:]}）未通过 Luhn 校验，请与银行核对（部分借记卡确实不符合）"]
    return [], []
