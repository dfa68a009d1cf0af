"""照合番号B from the printed values: 和暦 and 西暦, and nothing implausible gets through."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.card.number_b import FrontValues, Implausible, check, number_b, parse_printed_date

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


def test_number_b_is_gregorian_yymmdd_expiry_year_and_code() -> None:
    values = FrontValues(date(1985, 9, 30), date(2031, 9, 30), "1139")
    assert number_b(values, TODAY) == "850930" + "2031" + "1139"


@pytest.mark.parametrize(
    "values",
    [
        FrontValues(date(2027, 1, 1), date(2031, 1, 1), "1234"),  # born in the future
        FrontValues(date(1985, 9, 30), date(2015, 9, 30), "1234"),  # before the first cards
        FrontValues(date(1985, 9, 30), date(2039, 9, 30), "1234"),  # longer than cards last
        FrontValues(date(1985, 9, 30), date(2031, 9, 30), "123"),
        FrontValues(date(1985, 9, 30), date(2031, 9, 30), "12a4"),
        FrontValues(date(1985, 9, 30), date(2031, 9, 30), "１２３４"),  # not ASCII
    ],
)
def test_implausible_values_never_make_a_number(values: FrontValues) -> None:
    with pytest.raises(Implausible):
        check(values, TODAY)
    with pytest.raises(Implausible):
        number_b(values, TODAY)


def test_values_have_no_revealing_repr() -> None:
    values = FrontValues(date(1985, 9, 30), date(2031, 9, 30), "1139")
    assert "1139" not in repr(values) and "1985" not in repr(values)
