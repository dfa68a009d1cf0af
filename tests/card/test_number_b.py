"""照合番号B from the printed values: the birth year as printed (the era year on a 和暦 front,
西暦 YY on a foreign resident's front), and nothing implausible gets through."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.card.number_b import (
    FrontValues,
    Implausible,
    PrintedDate,
    check,
    check_card_dates,
    check_digits,
    check_expiry_day,
    number_b,
    parse_printed,
    parse_printed_date,
    typed_number_b,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("昭和60年 9月30日生", date(1985, 9, 30)),
        ("平成元年 1月 8日生", date(1989, 1, 8)),
        ("昭和64年 1月 7日生", date(1989, 1, 7)),
        ("令和元年 5月 1日", date(2019, 5, 1)),
        ("平成31年 4月30日", date(2019, 4, 30)),
        ("大正15年12月24日生", date(1926, 12, 24)),
        ("1980年 8月 8日生", date(1980, 8, 8)),
        ("２０３１年　９月３０日まで有効", date(2031, 9, 30)),  # full-width digits and space
    ],
)
def test_printed_dates_in_both_calendars(text: str, day: date) -> None:
    assert parse_printed_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "昭和65年 1月 1日生",  # 昭和 ended in its 64th year
        "平成元年 1月 7日生",  # the day before 平成 began
        "令和元年 4月30日",  # still 平成
        "平成 3年 2月30日生",  # no such day
        "1980年13月 1日生",
        "元年 1月 1日",  # 元年 without an era
        "年月日生",
    ],
)
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(Implausible):
        parse_printed_date(text)


def _wareki(day: date) -> PrintedDate:
    return PrintedDate(day, wareki=True)


def test_the_number_confirmed_on_a_real_card() -> None:
    """research/real-card-evidence.md: born 1980-02-17 (昭和55年), card expiring 2035, code
    2285 → 55021720352285. The Gregorian 80021720352285 is what a real card refuses."""
    values = FrontValues(_wareki(date(1980, 2, 17)), date(2035, 2, 17), "2285")
    assert number_b(values, TODAY) == "55021720352285"


def test_the_specimen_card() -> None:
    """The government's specimen front (番号 花子): 平成元年 3月31日生, 2025, 1234."""
    birth = parse_printed("平成元年 3月31日生")
    values = FrontValues(birth, date(2025, 3, 31), "1234")
    assert number_b(values, date(2024, 12, 1)) == "01033120251234"


@pytest.mark.parametrize(
    ("born", "yy"),
    [
        (date(1989, 1, 7), "64"),  # 昭和64年, the last day of 昭和
        (date(1989, 1, 8), "01"),  # 平成元年, its first day
        (date(2019, 4, 30), "31"),  # 平成31年
        (date(2019, 5, 1), "01"),  # 令和元年
        (date(1926, 12, 24), "15"),  # 大正15年
        (date(1926, 12, 25), "01"),  # 昭和元年
        (date(2000, 2, 29), "12"),  # 平成12年
    ],
)
def test_era_year_across_era_boundaries(born: date, yy: str) -> None:
    # Expiring on the 2030 birthday (28 February for one born on the 29th).
    day = 28 if (born.month, born.day) == (2, 29) else born.day
    values = FrontValues(_wareki(born), date(2030, born.month, day), "1234")
    assert number_b(values, TODAY)[:2] == yy
    assert number_b(values, TODAY)[2:6] == f"{born.month:02d}{born.day:02d}"


def test_a_foreign_residents_front_gives_the_gregorian_year() -> None:
    """[U] 西暦 YY for a 西暦 front (the 住基カード's published rule, not yet confirmed for the My
    Number Card)."""
    values = FrontValues(PrintedDate(date(1980, 8, 8), wareki=False), date(2029, 8, 8), "8529")
    assert number_b(values, TODAY) == "80080820298529"


def test_the_printed_calendar_is_read_with_the_date() -> None:
    assert parse_printed("昭和55年 2月17日生") == PrintedDate(date(1980, 2, 17), wareki=True)
    assert parse_printed("1980年 2月17日生") == PrintedDate(date(1980, 2, 17), wareki=False)


@pytest.mark.parametrize(
    ("era", "year", "digits"),
    [
        ("昭和", 55, "55021720352285"),
        (None, 1980, "80021720352285"),  # what a 西暦 front prints, typed as printed
    ],
)
def test_staff_type_what_is_printed(era: str | None, year: int, digits: str) -> None:
    assert typed_number_b(era, year, 2, 17, 2035, "2285", TODAY) == digits


@pytest.mark.parametrize(
    "digits",
    [
        "01050120301234",  # 令和元年5月1日 (also 2001)
        "64010720301234",  # 昭和64年1月7日
        "31043020301234",  # 平成31年4月30日
    ],
)
def test_era_year_numbers_pass_the_typed_check(digits: str) -> None:
    check_digits(digits, TODAY)


def test_no_era_and_no_century_has_this_day() -> None:
    with pytest.raises(Implausible):
        check_digits("55023020352285", TODAY)  # no 30 February in any year


@pytest.mark.parametrize(
    "values",
    [
        FrontValues(_wareki(date(2027, 1, 1)), date(2031, 1, 1), "1234"),  # born in the future
        FrontValues(_wareki(date(1985, 9, 30)), date(2015, 9, 30), "1234"),  # before any card
        FrontValues(_wareki(date(1985, 9, 30)), date(2039, 9, 30), "1234"),  # longer than cards
        FrontValues(_wareki(date(1985, 9, 30)), date(2031, 9, 30), "123"),
        FrontValues(_wareki(date(1985, 9, 30)), date(2031, 9, 30), "12a4"),
        FrontValues(_wareki(date(1985, 9, 30)), date(2031, 9, 30), "１２３４"),  # not ASCII
    ],
)
def test_implausible_values_never_make_a_number(values: FrontValues) -> None:
    with pytest.raises(Implausible):
        check(values, TODAY)
    with pytest.raises(Implausible):
        number_b(values, TODAY)


def test_values_have_no_revealing_repr() -> None:
    values = FrontValues(_wareki(date(1985, 9, 30)), date(2031, 9, 30), "1139")
    assert "1139" not in repr(values) and "1985" not in repr(values)


# --- cross-checks that catch misreads (issue 23) -------------------------------------------


@pytest.mark.parametrize(
    ("birth", "expiry"),
    [
        (date(1989, 3, 31), date(2025, 3, 3)),  # the specimen's 3月31日 misread as 3月3日
        (date(1989, 3, 31), date(2025, 3, 1)),
        (date(1985, 9, 30), date(2031, 8, 30)),
    ],
)
def test_a_wareki_card_expires_on_a_birthday(birth: date, expiry: date) -> None:
    with pytest.raises(Implausible, match="birthday"):
        check(FrontValues(_wareki(birth), expiry, "1234"), TODAY)
    with pytest.raises(Implausible):
        check_expiry_day(_wareki(birth), expiry)


def test_born_on_29_february_the_card_expires_on_28_february_of_a_common_year() -> None:
    check_expiry_day(_wareki(date(2000, 2, 29)), date(2030, 2, 28))
    check_expiry_day(_wareki(date(2000, 2, 29)), date(2032, 2, 29))


def test_a_foreign_residents_card_runs_to_the_end_of_the_stay() -> None:
    # 在留期間: any day, so the birthday check does not apply to a 西暦 front.
    values = FrontValues(PrintedDate(date(1980, 8, 8), wareki=False), date(2029, 3, 15), "8529")
    check(values, TODAY)


@pytest.mark.parametrize(
    ("birth", "expiry"),
    [
        (date(1989, 3, 31), date(2023, 3, 31)),  # 10 years back is 2013: no card then
        (date(2000, 5, 5), date(2039, 5, 5)),  # issued 2029 at the earliest: the future
        (date(2015, 5, 5), date(2034, 5, 5)),  # 10 years only from 18: a child has 5
        (date(2020, 5, 5), date(2036, 5, 5)),  # a child's card runs 5 years: issued 2031?
    ],
)
def test_a_wareki_expiry_year_no_issue_gives_is_refused(birth: date, expiry: date) -> None:
    with pytest.raises(Implausible, match="issue"):
        check_card_dates(_wareki(birth), expiry, TODAY)


@pytest.mark.parametrize(
    ("birth", "expiry"),
    [
        (date(1989, 3, 31), date(2025, 3, 31)),  # the specimen: issued 2015-16, aged 26
        (date(2019, 6, 15), date(2029, 6, 15)),  # 令和元年: 5 years from 2024
        (date(2012, 5, 5), date(2029, 5, 5)),  # issued at 12: 5 years
        (date(2004, 5, 5), date(2032, 5, 5)),  # issued at 18 in 2022: 10 years
        (date(1940, 10, 10), date(2033, 10, 10)),
    ],
)
def test_cards_as_issued_pass(birth: date, expiry: date) -> None:
    check_card_dates(_wareki(birth), expiry, TODAY)


def test_a_holder_over_120_is_a_misread() -> None:
    with pytest.raises(Implausible, match="120"):
        check(FrontValues(_wareki(date(1905, 1, 1)), date(2030, 1, 1), "1234"), TODAY)
