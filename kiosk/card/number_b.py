"""照合番号B from the dates and the security code printed on the card front, in one place.

照合番号B = birth date YYMMDD + expiry year YYYY + the 4-digit security code (14 ASCII digits,
spec/mynacard.md). YY is the birth year *as printed on the card*: the card prints the birth date
in 和暦 for Japanese nationals (令和/平成/昭和/大正, 元年 for the first year) and then YY is the era
year (昭和55年2月17日 → ``550217``; 平成元年 → ``01``), as a number confirmed on a real card
shows (research/real-card-evidence.md: born 1980-02-17, expiring 2035, code 2285 →
``55021720352285``). A foreign resident's card prints 西暦 and YY is then the Gregorian year's
last two digits — [U]: the 住基カード's published rule says so (「外国人西暦下2桁」); no My Number
Card source confirms it yet. The expiry is 西暦 on current cards (和暦 on some older ones) and
always enters as the 4-digit Gregorian year. ``birth_yy`` is the one place that decides YY.

Nothing is submitted that is not plausible: real calendar dates, a birth date not in the future
and not before the oldest era, an expiry year in the range cards are issued for (the first cards
were issued in 2016, valid at most 10 years plus the time to the next birthday).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

FIRST_ISSUE_YEAR = 2016
LONGEST_VALIDITY_YEARS = 11  # 10 years from issue, to the holder's next birthday
MAX_AGE = 120
# A Japanese national's card is valid to the 10th birthday after issue, or the 5th for one
# under 18 on the day of application (under 20 when applied for before 2022-04-01, the age of
# majority's change); a foreign resident's to the end of the stay (在留期間) when that is sooner
# (city FAQs quoting J-LIS: city.minato.tokyo.jp kikaku/faq/mainannba8, help.city.kobe.lg.jp
# 4488216315151; ../shared/research/field-2026-12.md: the next card keeps it, plus a month).
VALIDITY_YEARS = (5, 10)
ADULT_AT = 18  # the lowest age at issue of a 10-year card
MINOR_UNTIL = 20  # the highest age at issue of a 5-year card: 19 at application, made after

# (era, first day): the era's year N is first_day.year + N - 1.
ERAS = (
    ("令和", date(2019, 5, 1)),
    ("平成", date(1989, 1, 8)),
    ("昭和", date(1926, 12, 25)),
    ("大正", date(1912, 7, 30)),
    ("明治", date(1868, 1, 25)),
)
OLDEST = ERAS[-1][1]
_DATE = re.compile(
    r"(?P<era>令和|平成|昭和|大正|明治)?\s*(?P<year>元|\d{1,4})\s*年\s*(?P<month>\d{1,2})\s*月"
    r"\s*(?P<day>\d{1,2})\s*日"
)


class Implausible(ValueError):
    """What was read cannot be this card's: a clear reason, and nothing reaches the card.
    ``part`` names the value at fault ("birth", "expiry", "code") for a screen that asks again."""

    def __init__(self, reason: str, part: str = "") -> None:
        super().__init__(reason)
        self.part = part


@dataclass(frozen=True)
class PrintedDate:
    """A date as the card prints it: the day and whether it is printed in an era (和暦) or in
    西暦. The calendar matters: 照合番号B takes the birth year as printed."""

    day: date
    wareki: bool

    def __repr__(self) -> str:
        return "PrintedDate(…)"  # a birth date: sensitive, never in a log


@dataclass(frozen=True)
class FrontValues:
    """The three printed values 照合番号B is made of. Secret like a PIN: no repr."""

    birth: PrintedDate = field(repr=False)
    expiry: date = field(repr=False)
    security_code: str = field(repr=False)

    def __repr__(self) -> str:
        return "FrontValues(…)"


def era_of(day: date) -> tuple[str, int]:
    """The era a day falls in and its year in that era (1 is 元年): 1989-01-07 is 昭和64,
    1989-01-08 平成1; 2019-04-30 平成31, 2019-05-01 令和1."""
    for era, first in ERAS:
        if day >= first:
            return era, day.year - first.year + 1
    raise Implausible("before 明治", "birth")


def era_to_gregorian(era: str, year: int) -> int:
    for name, first in ERAS:
        if name == era:
            return first.year + year - 1
    raise Implausible(f"unknown era {era!r}")


def parse_printed_date(text: str) -> date:
    """'昭和60年 9月30日生', '平成元年1月8日', '1985年9月30日', full-width digits too."""
    return parse_printed(text).day


def parse_printed(text: str) -> PrintedDate:
    """The date in the text and the calendar it is printed in."""
    norm = unicodedata.normalize("NFKC", text).replace(" ", "")
    m = _DATE.search(norm)
    if m is None:
        raise Implausible("no date in the text")
    year = 1 if m["year"] == "元" else int(m["year"])
    if m["era"] is None and m["year"] == "元":
        raise Implausible("元年 without an era")
    day = printed_date(m["era"], year, int(m["month"]), int(m["day"]))
    return PrintedDate(day, wareki=m["era"] is not None)


def printed_date(era: str | None, year: int, month: int, day: int) -> date:
    """A date as the card prints it: in an era (和暦, year 1 = 元年) or, without one, 西暦."""
    gregorian = era_to_gregorian(era, year) if era else year
    try:
        value = date(gregorian, month, day)
    except ValueError as exc:
        raise Implausible("not a calendar date") from exc
    if era is not None:
        _check_in_era(era, year, value)
    return value


def _check_in_era(era: str, year: int, value: date) -> None:
    names = [name for name, _ in ERAS]
    i = names.index(era)
    first = ERAS[i][1]
    end = ERAS[i - 1][1] if i > 0 else None
    if year < 1 or value < first or (end is not None and value >= end):
        raise Implausible(f"{era}{year}年 is outside the era")


def check(values: FrontValues, today: date) -> None:
    """Raise Implausible unless the values could be printed on a valid card today: each value
    plausible, and the two dates those of one card (``check_card_dates``)."""
    check_birth(values.birth.day, today)
    check_expiry_year(values.expiry.year, today)
    if values.expiry <= values.birth.day:
        raise Implausible("expiry before birth", "expiry")
    check_card_dates(values.birth, values.expiry, today)
    check_code(values.security_code)


def check_birth(birth: date, today: date) -> None:
    if not (OLDEST <= birth <= today):
        raise Implausible("birth date in the future or before 明治", "birth")
    if today.year - birth.year > MAX_AGE:
        raise Implausible(f"a holder over {MAX_AGE}", "birth")


def check_expiry_day(birth: PrintedDate, expiry: date) -> None:
    """A Japanese national's card (和暦 birth date) expires on a birthday: an expiry on any
    other day means one of the two dates was misread. A foreign resident's card (西暦) runs to
    the end of the stay (在留期間), any day, so nothing is checked there. Born on 29 February:
    28 February in a common year too ([U]: the card's rule for it is not published)."""
    if not birth.wareki:
        return
    day = birth.day
    if (expiry.month, expiry.day) == (day.month, day.day):
        return
    if (day.month, day.day) == (2, 29) and (expiry.month, expiry.day) == (2, 28):
        return
    raise Implausible("a 和暦 card that does not expire on a birthday", "expiry")


def check_card_dates(birth: PrintedDate, expiry: date, today: date) -> None:
    """Raise Implausible unless a Japanese national's card with this birth date could expire
    then: on a birthday (``check_expiry_day``), 5 or 10 birthdays after an issue between 2016
    and today at an age that gives that validity."""
    check_expiry_day(birth, expiry)
    if not birth.wareki:
        return
    if not any(_issued_for(birth.day.year, expiry.year, years, today) for years in VALIDITY_YEARS):
        raise Implausible("no issue date gives this expiry for this birth date", "expiry")


def _issued_for(born: int, expires: int, years: int, today: date) -> bool:
    """Whether a card valid ``years`` birthdays could expire in ``expires``: issued between its
    birthdays in years ``expires - years`` and ``+ 1`` (either end counted: the rule's day of
    issue is not published), within 2016..today, at an age that gives ``years``."""
    first, last = expires - years, expires - years + 1
    if first > today.year or last < FIRST_ISSUE_YEAR or last < born:
        return False
    if years == 10:
        return last - born >= ADULT_AT
    return first - born <= MINOR_UNTIL


def check_expiry_year(year: int, today: date) -> None:
    if not FIRST_ISSUE_YEAR <= year <= today.year + LONGEST_VALIDITY_YEARS:
        raise Implausible("expiry year outside the range cards are issued for", "expiry")


def check_code(code: str) -> None:
    if len(code) != 4 or not code.isascii() or not code.isdigit():
        raise Implausible("the security code is not 4 digits", "code")


def birth_yy(birth: PrintedDate) -> str:
    """YY of 照合番号B, the birth year as the card prints it (the module docstring): the era
    year for a 和暦 card, the Gregorian year's last two digits for a 西暦 one ([U])."""
    year = era_of(birth.day)[1] if birth.wareki else birth.day.year % 100
    return f"{year:02d}"


def _digits(birth: PrintedDate, expiry_year: int, code: str) -> str:
    day = birth.day
    return f"{birth_yy(birth)}{day.month:02d}{day.day:02d}{expiry_year:04d}{code}"


def number_b(values: FrontValues, today: date) -> str:
    """The 14 digits, only for plausible values."""
    check(values, today)
    return _digits(values.birth, values.expiry.year, values.security_code)


# --- typed by staff (kiosk/ui/screens/number_b.py; checked again by the runtime) ----------


def typed_number_b(
    era: str | None, year: int, month: int, day: int, expiry_year: int, code: str, today: date
) -> str:
    """照合番号B from what staff read off the card: the birth date as printed (``era`` None for
    西暦), the expiry year (西暦) and the security code; Implausible for what no card prints."""
    try:
        birth = PrintedDate(printed_date(era, year, month, day), wareki=era is not None)
    except Implausible as exc:
        raise Implausible(str(exc), "birth") from exc
    check_birth(birth.day, today)
    check_expiry_year(expiry_year, today)
    if expiry_year < birth.day.year:
        raise Implausible("expiry before birth", "expiry")
    check_code(code)
    return _digits(birth, expiry_year, code)


CHECK_NUMBER_DIGITS = 6  # the next card's 照合番号 (kiosk.card.next_card)


def check_check_number(digits: str) -> str:
    """The next card's printed 照合番号 as typed or read: exactly 6 ASCII digits (it carries no
    date, so nothing more can be checked before the card does); Implausible otherwise."""
    if len(digits) != CHECK_NUMBER_DIGITS or not digits.isascii() or not digits.isdigit():
        raise Implausible("照合番号 is 6 digits", "code")
    return digits


def check_digits(digits: str, today: date) -> None:
    """Raise Implausible unless the digits could open some card's face data: the 6 of a next
    card's 照合番号, or the 14 of a current card's 照合番号B — YYMMDD a real birth date as some
    card prints it (an era year, or a 西暦 year in some century: two digits do not say which), a
    possible expiry year, and the code. The same rules as the printed values, so a mistyped
    digit costs no card try (and the card layer refuses a number of the other generation's
    kind before it reaches the card)."""
    if len(digits) == CHECK_NUMBER_DIGITS:
        check_check_number(digits)
        return
    if len(digits) != 14 or not digits.isascii() or not digits.isdigit():
        raise Implausible("照合番号B is 14 digits", "code")
    yy, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if not any(OLDEST <= b <= today for b in _births(yy, month, day)):
        raise Implausible("no birth date in YYMMDD", "birth")
    check_expiry_year(int(digits[6:10]), today)
    check_code(digits[10:14])


def _births(yy: int, month: int, day: int) -> list[date]:
    """Every birth date YYMMDD can print: in each era (year YY of it) and in 西暦."""
    found = []
    for era, _ in ERAS:
        with contextlib.suppress(Implausible):
            found.append(printed_date(era, yy, month, day))
    for century in (1800, 1900, 2000):
        try:
            found.append(date(century + yy, month, day))
        except ValueError:
            continue
    return found
