"""Birth dates as receptionists type them: 和暦 (令和/平成/昭和/大正/明治, R/H/S/T/M, 元年) or
西暦 with / - . 年月日 or no separator, full-width digits included. Pure: no I/O, no clock."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

EXAMPLES = "例：平成3年6月3日、H3.6.3、1991/6/3、19910603"
OLDEST = date(1868, 10, 23)  # the first day of 明治: no living patient is older


class DateInputError(ValueError):
    """What was typed is not a usable birth date; the message says why, in Japanese."""


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    first: date  # the era's first day
    last: date | None  # its last day (None: the current era)


ERAS = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("明治", "M", OLDEST, date(1912, 7, 29)),
)
_ERA_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter)}

_SEP = r"(?:年|[./\-])"
_SEP2 = r"(?:月|[./\-])"
_ERA_NAME = r"(令和|平成|昭和|大正|明治|[RHSTM])"
_ERA_FORM = re.compile(rf"{_ERA_NAME}(元|\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP2}(\d{{1,2}})日?")
_ERA_COMPACT = re.compile(r"([RHSTM])(\d{2})(\d{2})(\d{2})")  # H030603
_WESTERN_FORM = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP2}(\d{{1,2}})日?")
_WESTERN_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _plain(text: str) -> str:
    # NFKC: full-width digits, letters and ／ as a Japanese keyboard types them; no spaces.
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(f"{month}月{day}日という日はありません（{year}年）") from None


def _era_date(era: Era, year_text: str, month: int, day: int) -> date:
    year = 1 if year_text == "元" else int(year_text)
    if year < 1:
        raise DateInputError(f"{era.name}は元年（1年）からです")
    found = _day(era.first.year + year - 1, month, day)
    if found < era.first:
        raise DateInputError(
            f"{era.name}は{era.first.year}年{era.first.month}月{era.first.day}日からです"
            f"（{era.name}元年{month}月{day}日はありません）"
        )
    if era.last is not None and found > era.last:
        last = era.last
        raise DateInputError(
            f"{era.name}は{last.year - era.first.year + 1}年{last.month}月{last.day}日"
            f"（{last.year}年）までです"
        )
    return found


def parse_birth_date(text: str, today: date) -> date:
    """The date ``text`` names; DateInputError (a Japanese message with examples) otherwise.
    ``today`` refuses dates in the future."""
    plain = _plain(text)
    if not plain:
        raise DateInputError(f"生年月日を入力してください（{EXAMPLES}）")
    found = _parse(plain)
    if found > today:
        raise DateInputError("生年月日が今日より後になっています")
    if found < OLDEST:
        raise DateInputError("生年月日が古すぎます（明治より前）")
    return found


def _parse(plain: str) -> date:
    if m := _ERA_FORM.fullmatch(plain):
        return _era_date(_ERA_BY_KEY[m[1]], m[2], int(m[3]), int(m[4]))
    if m := _ERA_COMPACT.fullmatch(plain):
        return _era_date(_ERA_BY_KEY[m[1]], m[2], int(m[3]), int(m[4]))
    if m := _WESTERN_FORM.fullmatch(plain) or _WESTERN_COMPACT.fullmatch(plain):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    raise DateInputError(f"生年月日を読めません（{EXAMPLES}）")


def wareki(day: date) -> str:
    """``平成3年6月3日``: how the desk shows a date back, so staff can check what was read."""
    for era in ERAS:
        if day >= era.first:
            year = day.year - era.first.year + 1
            return f"{era.name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"
