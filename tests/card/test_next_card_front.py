"""The two fronts through the OCR: the next card's front (西暦 birth date, no 性別, フリガナ,
ローマ字, the 6-digit 照合番号) gives its 照合番号, the current front its 14-digit 照合番号B, and
neither is ever read as the other; staff's typed number follows the same rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kiosk.card import front as front_module
from kiosk.card.front import OcrCardFront
from kiosk.card.front_ocr import CURRENT_FIELDS, FrontOcr, Unreadable, locate_card
from kiosk.card.number_b import Implausible, check_check_number, check_digits
from kiosk.sim.card import number_b_of
from kiosk.sim.card_front import (
    VARIATIONS,
    SyntheticCardFront,
    capture,
    render_front,
    render_next_front,
    romaji_of,
)
from kiosk.sim.personas import Persona, get_persona

AOI = get_persona("nishimura_aoi")
KEI = get_persona("morita_kei")
HANAKO = get_persona("sato_hanako")
TODAY = date(2026, 12, 8)


@pytest.fixture(scope="module")
def ocr() -> Iterator[FrontOcr]:
    engine = FrontOcr()
    yield engine
    engine.close()


def _read(ocr: FrontOcr, persona_id: str, variation: str) -> str | None:
    camera = SyntheticCardFront(get_persona(persona_id), VARIATIONS[variation], moves=True)
    return OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b()


@pytest.mark.parametrize("variation", ["good", "tilted", "upside_down", "dark"])
@pytest.mark.parametrize("persona", [AOI, KEI], ids=lambda p: p.id)
def test_the_next_front_gives_its_six_digit_number(
    ocr: FrontOcr, persona: Persona, variation: str
) -> None:
    assert _read(ocr, persona.id, variation) == persona.card.check_number == number_b_of(persona)


@pytest.mark.parametrize("variation", ["good", "tilted"])
def test_the_current_front_still_gives_its_fourteen_digits(ocr: FrontOcr, variation: str) -> None:
    assert _read(ocr, HANAKO.id, variation) == number_b_of(HANAKO)


def test_neither_front_reads_as_the_other(ocr: FrontOcr) -> None:
    """A next front has no date line and no code for the current layout; a current front no
    line labelled 照合番号 for the next one."""
    new = locate_card(capture(render_front(AOI), VARIATIONS["good"]))
    old = locate_card(capture(render_front(HANAKO), VARIATIONS["good"]))
    assert ocr.fields(new, CURRENT_FIELDS) == {}
    assert ocr.fields(old, ["check"]) == {}
    assert ocr.fields(new, ["check"]) == {"check": AOI.card.check_number}
    with pytest.raises(Unreadable):
        ocr.read_values(capture(render_front(AOI), VARIATIONS["good"]))


def test_reads_of_both_fronts_in_one_capture_give_nothing() -> None:
    """The card moved under another between frames: fields of both fronts, nothing trusted."""
    tally = front_module._Tally()
    for _ in range(2):
        tally.add({"check": "381947", "code": "6260"})
    assert tally.conflicting() == frozenset({"check", "code"})
    alone = front_module._Tally()
    alone.add({"check": "381947"})
    assert alone.settled() is None  # one read is not two agreeing
    alone.add({"check": "381947"})
    assert alone.settled() == "381947" and not alone.conflicting()


def test_the_next_front_prints_what_the_sources_say() -> None:
    """西暦, no 性別, フリガナ and ローマ字: drawn from the persona, not the current layout."""
    assert romaji_of(AOI) == "NISHIMURA AOI" and romaji_of(KEI) == "MORITA KEI"
    new, old = render_next_front(AOI), render_front(HANAKO)
    assert new.shape == old.shape
    assert (render_front(AOI) == new).all()
    # The current front's 性別 box (top right, under the mark) has ink; the next one has none.
    h, w = new.shape[:2]
    box = (slice(int(0.25 * h), int(0.31 * h)), slice(int(0.86 * w), int(0.99 * w)))
    assert old[box].min() < 120 and new[box].min() > 150


@pytest.mark.parametrize("digits", ["381947", "000000"])
def test_staff_may_type_a_six_digit_number(digits: str) -> None:
    check_digits(digits, TODAY)
    assert check_check_number(digits) == digits


@pytest.mark.parametrize("digits", ["38194", "3819470", "38194a", "３８１９４７"])
def test_a_number_that_is_neither_kind_is_refused_before_the_card(digits: str) -> None:
    with pytest.raises(Implausible):
        check_digits(digits, TODAY)


def test_the_fourteen_digits_keep_their_checks() -> None:
    check_digits(number_b_of(HANAKO), TODAY)
    with pytest.raises(Implausible):
        check_digits("99999999999999", TODAY)
