"""照合番号B read from rendered card fronts by OCR, and never a bad read at the card."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kiosk.card import myna
from kiosk.card.front import FileFront, OcrCardFront, open_front_camera
from kiosk.card.front_ocr import FrontOcr, Image, Unreadable, locate
from kiosk.card.number_b import number_b
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.runtime import Answer, Devices, Reception, ReceptionData
from kiosk.sim.card import Counter, InProcessReader, VirtualCard, number_b_of
from kiosk.sim.card_front import (
    VARIATIONS,
    SyntheticCardFront,
    capture,
    encode_png,
    random_variation,
    render_front,
)
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.pki import MockPki

TODAY = date(2026, 12, 1)
WAREKI = get_persona("takahashi_kenji")  # 昭和60年 on the front
SEIREKI = get_persona("kato_daisuke")  # a foreign resident's card: 1980年


@pytest.fixture(scope="module")
def ocr() -> Iterator[FrontOcr]:
    engine = FrontOcr()
    yield engine
    engine.close()


@pytest.mark.parametrize("persona", [WAREKI, SEIREKI], ids=["wareki", "seireki"])
@pytest.mark.parametrize("variation", ["good", "tilted", "upside_down", "dark"])
def test_a_front_is_read_to_its_number_b(ocr: FrontOcr, persona: Persona, variation: str) -> None:
    front = SyntheticCardFront(persona, VARIATIONS[variation], seed=1)
    reader = OcrCardFront(front, lambda: TODAY, ocr=ocr)
    assert reader.number_b() == number_b_of(persona)


def test_an_empty_tray_gives_nothing(ocr: FrontOcr) -> None:
    reader = OcrCardFront(SyntheticCardFront(WAREKI, VARIATIONS["blank"]), lambda: TODAY, ocr=ocr)
    assert reader.number_b() is None
    frame = SyntheticCardFront(WAREKI, VARIATIONS["blank"]).grab()
    assert frame is not None
    with pytest.raises(Unreadable):
        locate(frame)


class _Frames:
    """A card-front camera showing the given frames in turn."""

    def __init__(self, frames: list[Image]) -> None:
        self.frames, self.grabs = frames, 0

    def grab(self) -> Image | None:
        self.grabs += 1
        return self.frames[(self.grabs - 1) % len(self.frames)]

    def close(self) -> None:
        return


def test_two_reads_that_disagree_give_nothing(ocr: FrontOcr) -> None:
    # A card swapped under the camera, or an OCR that misreads one capture: neither is trusted.
    a = capture(render_front(WAREKI), VARIATIONS["good"], 1)
    b = capture(render_front(SEIREKI), VARIATIONS["good"], 2)
    camera = _Frames([a, b])
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b() is None
    assert camera.grabs == 2


def test_one_read_is_not_enough(ocr: FrontOcr) -> None:
    good = capture(render_front(WAREKI), VARIATIONS["good"], 1)
    blank = np.full_like(good, 60)
    camera = _Frames([good, *[blank] * 20])
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr, max_frames=8).number_b() is None
    assert camera.grabs == 8


def test_an_implausible_front_is_never_a_number(ocr: FrontOcr) -> None:
    # A front printed with an expiry year no card has: read, refused by the plausibility check.
    odd = replace(WAREKI, card=replace(WAREKI.card, card_expiry=date(2045, 9, 30)))
    reader = OcrCardFront(SyntheticCardFront(odd, VARIATIONS["good"]), lambda: TODAY, ocr=ocr)
    assert reader.number_b() is None
    values = ocr.read_values(capture(render_front(odd), VARIATIONS["good"], 3))
    assert values.expiry == date(2045, 9, 30)  # the OCR read it; the check refuses it


def test_file_camera_reads_a_folder_of_fronts_in_turn(ocr: FrontOcr, tmp_path: Path) -> None:
    for i in range(2):
        frame = capture(render_front(SEIREKI), VARIATIONS["tilted"], i)
        (tmp_path / f"{i}.png").write_bytes(encode_png(frame))
    camera = open_front_camera(f"file:{tmp_path}")
    assert isinstance(camera, FileFront)
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b() == number_b_of(SEIREKI)


def test_no_card_front_camera_configured() -> None:
    assert open_front_camera("none") is None


# --- the card's 照合番号B counter ------------------------------------------------------


@pytest.fixture
def virtual(tmp_path: Path, pki_dir: Path) -> VirtualCard:
    return VirtualCard(WAREKI, tmp_path / "cards", pki=MockPki(pki_dir))


def _prepare(card: VirtualCard, front: OcrCardFront) -> object:
    """The runtime's PrepareFace step for a reception holding this card; its flow event."""
    from kiosk.flow.clock import SystemClock
    from kiosk.flow.model import FlowSettings

    reader = InProcessReader(card)
    devices = Devices(reader=reader, eligibility=None, store=None,  # type: ignore[arg-type]
                      card_front=front)  # fmt: skip
    reception = Reception(FlowSettings(), devices, SystemClock(), "kiosk-test")
    rec = ReceptionData(card=reader.connect())
    answer = reception._prepare_face(fx.PrepareFace(), rec)
    if isinstance(answer, Answer):
        assert answer.apply is not None
        answer.apply(rec)
        assert rec.session.chip_photo_jp2  # the chip photo came with the answer
        return answer.event
    return answer


def _bad_frames() -> list[Image]:
    """Every kind of bad capture: empty trays, noise, a misprinted date, two different cards."""
    rng = np.random.default_rng(0)
    blank = [np.full((960, 1280, 3), 60, np.uint8)] * 2
    noise = [rng.integers(0, 255, (960, 1280, 3), dtype=np.uint8)]
    odd = replace(WAREKI, card=replace(WAREKI.card, card_expiry=date(2045, 9, 30)))
    misprinted = [
        capture(render_front(odd), random_variation(random.Random(i)), i) for i in range(2)
    ]
    other = [capture(render_front(SEIREKI), VARIATIONS["good"], 5)]
    return [
        *blank,
        *noise,
        *misprinted,
        *other,
        capture(render_front(WAREKI), VARIATIONS["good"], 9),
    ]


@pytest.mark.slow
def test_a_hundred_bad_reads_never_reach_the_card(ocr: FrontOcr, virtual: VirtualCard) -> None:
    camera = _Frames(_bad_frames())
    front = OcrCardFront(camera, lambda: TODAY, ocr=ocr)
    answers = []
    while camera.grabs < 100:
        answers.append(_prepare(virtual, front))
    assert all(a == ev.FacePrepareFailed("front_unreadable") for a in answers)
    assert virtual.counters.load()[Counter.KENMEN_B] == myna.NUMBER_B_TRIES


def test_tries_are_read_without_consuming_one(virtual: VirtualCard) -> None:
    session = InProcessReader(virtual).connect()
    assert session.number_b_tries_left() == myna.NUMBER_B_TRIES
    assert session.number_b_tries_left() == myna.NUMBER_B_TRIES
    assert virtual.counters.load()[Counter.KENMEN_B] == myna.NUMBER_B_TRIES


def test_a_card_low_on_tries_is_not_risked(ocr: FrontOcr, virtual: VirtualCard) -> None:
    counters = virtual.counters.load()
    counters[Counter.KENMEN_B] = myna.NUMBER_B_MIN_TRIES - 1  # bad reads on other readers
    virtual.counters.save(counters)
    camera = _Frames([capture(render_front(WAREKI), VARIATIONS["good"], 1)])
    front = OcrCardFront(camera, lambda: TODAY, ocr=ocr)
    assert _prepare(virtual, front) == ev.FacePrepareFailed("number_b_guard")
    assert camera.grabs == 0  # not even read
    assert virtual.counters.load()[Counter.KENMEN_B] == myna.NUMBER_B_MIN_TRIES - 1


def test_a_good_read_opens_the_chip_photo(ocr: FrontOcr, virtual: VirtualCard) -> None:
    camera = _Frames([capture(render_front(WAREKI), VARIATIONS["tilted"], i) for i in range(2)])
    assert _prepare(virtual, OcrCardFront(camera, lambda: TODAY, ocr=ocr)) == ev.FacePrepared()
    assert number_b(ocr.read_values(camera.frames[0]), TODAY) == number_b_of(WAREKI)


def test_the_card_front_source_is_checked_at_start_up() -> None:
    from kiosk.config import ConfigError, load_config

    assert load_config(environ={}).card_front.source == "none"
    ok = load_config(environ={}, overrides={"card_front": {"source": "synthetic:sato_hanako"}})
    assert ok.card_front.source == "synthetic:sato_hanako"
    with pytest.raises(ConfigError, match="card_front"):
        load_config(environ={}, overrides={"card_front": {"source": "scanner:1"}})
