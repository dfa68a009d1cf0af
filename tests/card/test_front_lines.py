"""The card-front OCR's field finding and its guards, without Tesseract: lines found by their
ink in the layout's bands, the photo deciding which way up, and what makes a reader's read a
vote and votes a read (two sure votes alike, none otherwise)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.card.front_ocr import (
    CARD_SIZE,
    CURRENT,
    FLOORS,
    MISMATCHED,
    Glyph,
    LineRead,
    Vote,
    _code_line,
    _consensus,
    _date_line,
    px,
    text_lines,
    turned,
    upside_down,
)
from kiosk.card.number_b import PrintedDate
from kiosk.sim.card_front import CODE_LINE_Y, DATE_LINE, date_line, render_front
from kiosk.sim.personas import get_persona

HANAKO = get_persona("sato_hanako")
DONOR_LEFT = px(CURRENT.donor)[0]


def _line(text: str, conf: float = 99.0, gap_before: int = -1) -> LineRead:
    """A line as Tesseract would give it, 10 px a character, a 50 px gap before character
    ``gap_before``."""
    x, glyphs = 20.0, []
    for i, ch in enumerate(text):
        x += 50 if i == gap_before else 10
        glyphs.append(Glyph(ch, conf, x))
    return LineRead(tuple(glyphs))


def test_the_date_line_and_the_code_line_are_found_in_their_bands() -> None:
    flat = render_front(HANAKO)
    dates = [b for b in text_lines(flat, CURRENT.date_band) if b[2] - b[0] > 0.3 * CARD_SIZE[0]]
    assert len(dates) >= 1
    top, bottom = dates[0][1], dates[0][3]
    assert top < DATE_LINE[1] * CARD_SIZE[1] < bottom
    code = text_lines(flat, CURRENT.code_band)[-1]
    assert code[1] < CODE_LINE_Y * CARD_SIZE[1] < code[3]
    assert code[2] <= DONOR_LEFT  # the serial and the code, never the donor panel's 1 2 3


def test_the_photo_on_the_left_says_which_way_up() -> None:
    flat = render_front(HANAKO)
    assert not upside_down(flat)
    assert upside_down(turned(flat))


def test_a_date_line_gives_both_dates_with_their_calendar() -> None:
    votes = _date_line(_line(date_line(HANAKO).replace("\u3000", "").replace(" ", "")))
    assert votes["birth"] == Vote(PrintedDate(HANAKO.birth_date, wareki=True), True)
    assert votes["expiry"] == Vote(HANAKO.card.card_expiry, True)


def test_dates_that_cannot_be_one_cards_vote_against_both() -> None:
    # The 見本's 3月31日 read as 3月3日: a 和暦 card expires on a birthday.
    votes = _date_line(_line("平成元年3月31日生2025年3月3日まで有効"))
    assert votes == {"birth": Vote(MISMATCHED, False), "expiry": Vote(MISMATCHED, False)}


@pytest.mark.parametrize(
    "text",
    [
        "1平成元年3月31日生",  # no expiry: not the date line
        "11989年3月31日生2025年3月31日まで有効",  # a stray digit glued to the year
        "3月31日生2025年3月31日まで有効",  # the year lost
    ],
)
def test_what_is_not_a_date_line_gives_no_vote(text: str) -> None:
    assert _date_line(_line(text)) == {}


def test_an_unsure_digit_makes_an_unsure_vote() -> None:
    votes = _date_line(_line("平成元年3月31日生2025年3月31日まで有効", FLOORS["birth"] - 1))
    assert not votes["birth"].sure and not votes["expiry"].sure


def test_the_code_is_the_four_digits_after_the_serial() -> None:
    assert _code_line(_line("0123456789ABCDEF1234", gap_before=16), DONOR_LEFT) == {
        "code": Vote("1234", True)
    }


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("0123456789ABCDEF123", 16),  # a digit dropped
        ("0123456789ABCDEF12345", 16),  # one too many
        ("1234", 0),  # no serial before it: not the code line
        ("0123456789ABCDEF12A4", 16),
    ],
)
def test_a_code_read_short_or_long_is_no_vote(text: str, gap: int) -> None:
    assert _code_line(_line(text, gap_before=gap), DONOR_LEFT) == {}


def test_a_code_right_of_the_donor_panels_edge_is_no_vote() -> None:
    assert _code_line(_line("0123456789ABCDEF1234", gap_before=16), 200) == {}


BIRTH = PrintedDate(date(1989, 3, 31), wareki=True)
OTHER = PrintedDate(date(1989, 3, 3), wareki=True)


@pytest.mark.parametrize(
    ("votes", "read"),
    [
        ([Vote(BIRTH, True), Vote(BIRTH, True)], True),
        ([Vote(BIRTH, True), Vote(BIRTH, True), Vote(OTHER, True)], False),  # one disagrees
        ([Vote(BIRTH, True), Vote(BIRTH, True), Vote(OTHER, False)], False),  # even unsure
        ([Vote(BIRTH, True), Vote(BIRTH, False)], False),  # one sure vote is not two
        ([Vote(BIRTH, True)], False),
        ([Vote(MISMATCHED, False), Vote(BIRTH, True), Vote(BIRTH, True)], False),
    ],
)
def test_two_sure_votes_alike_and_none_otherwise_make_a_read(votes: list[Vote], read: bool) -> None:
    got = _consensus([{"birth": v} for v in votes])
    assert ("birth" in got) is read
    if read:
        assert got["birth"] == BIRTH
