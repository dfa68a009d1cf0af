"""Birth dates as receptionists type them."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.desk.dates import DateInputError, parse_birth_date, wareki

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    "typed",
    ["平成3年6月3日", "H3.6.3", "h3.6.3", "H03.06.03", "H030603", "H3/6/3", "H3-6-3",
     "平成3.6.3", "Ｈ３．６．３", "平成３年６月３日", "1991/6/3", "1991-06-03", "1991.6.3",
     "19910603", "1991年6月3日", " 1991 / 6 / 3 ", "１９９１０６０３"],
)  # fmt: skip
def test_the_same_day_in_every_way_it_is_typed(typed: str) -> None:
    assert parse_birth_date(typed, TODAY) == date(1991, 6, 3)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("昭和64年1月7日", date(1989, 1, 7)),  # the last day of 昭和
        ("S64.1.7", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),  # the first day of 平成
        ("H1.1.8", date(1989, 1, 8)),
        ("平成31年4月30日", date(2019, 4, 30)),  # the last day of 平成
        ("令和元年5月1日", date(2019, 5, 1)),  # the first day of 令和
        ("R1.5.1", date(2019, 5, 1)),
        ("R2.2.29", date(2020, 2, 29)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("T1.7.30", date(1912, 7, 30)),
        ("M45.7.29", date(1912, 7, 29)),
    ],
)
def test_era_boundaries(typed: str, day: date) -> None:
    assert parse_birth_date(typed, TODAY) == day


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("平成元年1月7日", "平成は1989年1月8日から"),  # still 昭和
        ("H1.1.7", "平成は1989年1月8日から"),
        ("昭和64年1月8日", "昭和は64年1月7日（1989年）まで"),  # already 平成
        ("平成31年5月1日", "平成は31年4月30日（2019年）まで"),
        ("令和元年4月30日", "令和は2019年5月1日から"),
        ("R1.4.30", "令和は2019年5月1日から"),
        ("平成0年1月1日", "元年（1年）から"),
        ("1991/2/30", "2月30日という日はありません"),
        ("R3.2.29", "2月29日という日はありません"),
        ("19911301", "13月1日という日はありません"),
        ("2027/1/1", "今日より後"),
        ("R9.1.1", "今日より後"),
        ("1800/1/1", "古すぎます"),
        ("", "入力してください"),
        ("abc", "読めません"),
        ("1991/6", "読めません"),
        ("X3.6.3", "読めません"),
        ("910603", "読めません"),
    ],
)
def test_what_cannot_be_a_birth_date_is_refused_with_a_reason(typed: str, says: str) -> None:
    with pytest.raises(DateInputError) as err:
        parse_birth_date(typed, TODAY)
    assert says in str(err.value)
    assert "例：" in str(err.value) or says not in ("読めません", "入力してください")


def test_the_desk_shows_the_date_back_in_wareki() -> None:
    assert wareki(date(1991, 6, 3)) == "平成3年6月3日"
    assert wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki(date(1989, 1, 7)) == "昭和64年1月7日"
