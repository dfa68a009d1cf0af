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
from kiosk.card.front import GLARE_TRAY, SHOW_FRONT, OcrCardFront
from kiosk.card.front_ocr import (
    FIELDS,
    PARSERS,
    FrontOcr,
    Image,
    Unreadable,
    glare_over,
    locate,
    turned,
)
from kiosk.card.number_b import PrintedDate, number_b
from kiosk.face.front_camera import FaceCameraFront, FileFront, open_front_camera
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.runtime import Answer, Devices, Reception, ReceptionData
from kiosk.sim.card import Counter, InProcessReader, VirtualCard, number_b_of
from kiosk.sim.card_front import (
    HELD_UP,
    VARIATIONS,
    SyntheticCardFront,
    Variation,
    capture,
    encode_png,
    open_synthetic_front,
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

    held_up = False

    def __init__(self, frames: list[Image]) -> None:
        self.frames, self.grabs = frames, 0

    def grab(self) -> Image | None:
        self.grabs += 1
        return self.frames[(self.grabs - 1) % len(self.frames)]

    def prompt(self, hint: str) -> None:
        return

    def close(self) -> None:
        return


def test_two_reads_that_disagree_give_nothing(ocr: FrontOcr) -> None:
    # Two values of every field read twice each: the OCR is not reliable here, nothing is taken.
    a = capture(render_front(WAREKI), VARIATIONS["good"], 1)
    b = capture(render_front(SEIREKI), VARIATIONS["good"], 2)
    camera = _Frames([a, b])
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b() is None
    assert camera.grabs == 4


def test_one_stray_misread_does_not_spoil_the_read(ocr: FrontOcr) -> None:
    # One frame reads other values (as a digit misread on one frame does): the card's own
    # values, read three times against one, still win; before, any two values gave up.
    own = [capture(render_front(WAREKI), VARIATIONS["good"], i) for i in range(3)]
    stray = capture(render_front(SEIREKI), VARIATIONS["good"], 7)
    camera = _Frames([own[0], stray, own[1], own[2]])
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b() == number_b_of(WAREKI)
    assert camera.grabs == 4


@pytest.mark.parametrize(
    "text", ["50年 8月19日生", "昭和50年 8月19日", "199年 8月19日生", "21年12月24日生"]
)
def test_a_birth_line_that_lost_its_era_or_a_digit_is_not_a_read(text: str) -> None:
    # "50年" (the era washed out) parsed as the year 50; now the next binarisation is tried.
    with pytest.raises(Unreadable):
        PARSERS["birth"](text)
    assert PARSERS["birth"]("昭和50年 8月19日生") == PrintedDate(date(1975, 8, 19), wareki=True)
    assert PARSERS["birth"]("1980年 4月 2日生") == PrintedDate(date(1980, 4, 2), wareki=False)


GLARE_ON_PHOTO = Variation(glare=1.0, glare_at=(0.155, 0.6), light=0.8)  # the photo: left


def _upright(flat: Image, front: Image) -> bool:
    """Whether the flat card is the right way up: it matches the front better than turned."""
    card, ref = flat.mean(axis=2).ravel(), front.mean(axis=2).ravel()
    return bool(
        np.corrcoef(card, ref)[0, 1] > np.corrcoef(turned(flat).mean(axis=2).ravel(), ref)[0, 1]
    )


def test_glare_on_the_photo_does_not_turn_the_card_upside_down(ocr: FrontOcr) -> None:
    front = render_front(WAREKI)
    frame = capture(front, GLARE_ON_PHOTO, 1)
    # The washed-out photo is lighter than the text opposite it: the card is turned wrongly ...
    assert not _upright(locate(frame), front)
    # ... and read all the same, the other way up.
    camera = SyntheticCardFront(WAREKI, GLARE_ON_PHOTO, seed=1)
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b() == number_b_of(WAREKI)


def test_glare_is_found_over_the_field_it_covers() -> None:
    glare = locate(capture(render_front(WAREKI), VARIATIONS["glare"], 1))
    assert "birth" in glare_over(glare, FIELDS)  # the spot is centred on it
    assert "code" not in glare_over(glare, FIELDS)  # the far side of the card
    good = locate(capture(render_front(WAREKI), VARIATIONS["good"], 1))
    assert glare_over(good, FIELDS) == frozenset()
    dark = locate(capture(render_front(WAREKI), VARIATIONS["dark"], 1))
    assert glare_over(dark, FIELDS) == frozenset()


def test_glare_over_a_field_asks_the_patient_to_move_the_card(ocr: FrontOcr) -> None:
    # A card lying still keeps its glare spot on every frame: asked, the patient tilts it.
    camera = SyntheticCardFront(WAREKI, VARIATIONS["glare"], seed=1, moves=True)
    hints: list[str] = []
    reader = OcrCardFront(camera, lambda: TODAY, ocr=ocr)
    assert reader.number_b(on_hint=hints.append) == number_b_of(WAREKI)
    assert hints == [GLARE_TRAY] and camera.prompts == [GLARE_TRAY]


def test_a_patient_who_does_not_move_the_card_gets_nothing_read(ocr: FrontOcr) -> None:
    camera = SyntheticCardFront(WAREKI, VARIATIONS["glare"], seed=1, moves=False)
    hints: list[str] = []
    reader = OcrCardFront(camera, lambda: TODAY, ocr=ocr, budget_s=60.0)
    assert reader.number_b(on_hint=hints.append) is None
    assert hints == [GLARE_TRAY, GLARE_TRAY]  # asked twice, then PIN or staff


def test_the_synthetic_patient_is_chosen_in_the_source() -> None:
    assert open_synthetic_front(f"{WAREKI.id}:glare").moves
    assert not open_synthetic_front(f"{WAREKI.id}:glare:still").moves
    with pytest.raises(ValueError, match="patient"):
        open_synthetic_front(f"{WAREKI.id}:glare:asleep")


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
    assert all(a == ev.FacePrepareFailed(Code.FRONT_UNREADABLE) for a in answers)
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
    assert _prepare(virtual, front) == ev.FacePrepareFailed(Code.NUMBER_B_GUARD)
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


# --- one camera for both (card_front.source = "face-camera") ------------------------------


def test_one_camera_for_both_reads_the_front_held_up_then_sees_the_face(ocr: FrontOcr) -> None:
    from kiosk.face.detect import detect
    from kiosk.sim.camera import SyntheticCamera

    camera = SyntheticCamera(WAREKI.photo, f"card:{WAREKI.id}")
    camera.start()
    try:
        hints: list[str] = []
        front = OcrCardFront(FaceCameraFront(camera), lambda: TODAY, ocr=ocr)
        assert front.number_b(on_hint=hints.append) == number_b_of(WAREKI)
        assert hints == [SHOW_FRONT]  # the screen asked for the card
        # Then asked to look at the camera: the card goes down, the face shows.
        frame = camera.wait_newer(camera.latest().index, 2.0)  # type: ignore[union-attr]
        assert frame is not None and len(detect(frame.image).faces) == 1
        with pytest.raises(Unreadable):
            locate(frame.image)
    finally:
        camera.stop()


def test_a_face_camera_nobody_holds_a_card_up_to_gives_nothing(ocr: FrontOcr) -> None:
    from kiosk.sim.camera import SyntheticCamera

    camera = SyntheticCamera(WAREKI.photo, "genuine")  # a patient who only shows the face
    camera.start()
    try:
        front = OcrCardFront(FaceCameraFront(camera), lambda: TODAY, ocr=ocr)
        assert front.number_b() is None
    finally:
        camera.stop()


def test_the_face_camera_is_a_card_front_source() -> None:
    from kiosk.config import load_config

    config = load_config(environ={}, overrides={"card_front": {"source": "face-camera"}})
    assert config.card_front.source == "face-camera"
    assert open_front_camera("face-camera") is None  # the kiosk wires it to its face camera


def test_a_small_soft_front_held_up_to_a_640_camera_is_not_read(ocr: FrontOcr) -> None:
    # Blur of 1.5 px on a card ~540 px wide: the real front's 明朝 digits (~12 px high here)
    # are beyond reading. Nothing is read, and nothing wrong: the kiosk offers the PIN or staff.
    soft = replace(HELD_UP, blur=1.5)
    camera = SyntheticCardFront(WAREKI, soft, seed=1, size=(640, 480))
    assert OcrCardFront(camera, lambda: TODAY, ocr=ocr).number_b() is None
