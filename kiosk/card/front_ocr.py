"""Read the printed card front: find the card in the frame, straighten it, OCR three fields.

1. ``locate``: the card is the large bright quadrilateral of the card's proportions (85.6 x 54
   mm) on a darker reader tray or desk; its four corners are warped to a flat 856 x 540 image
   (perspective correction undoes tilt and rotation). An upside-down card is turned by where
   the photo is (the darkest region: it sits on the right of the real card's front); a glare
   spot on the photo can hide that, so when nothing reads one way up the other is tried
   (upside-down text never reads as a date line ending in 生 or まで有効).
2. ``read_fields``: each field is a known region of the flat card (the layout of the real
   front), binarised by Otsu, then by a local threshold for shadows; Tesseract (Debian's
   tesseract-ocr with its jpn model, in-process through tesserocr) reads each as one line
   with a field-specific character set: the birth date (和暦 or 西暦) + 生, the expiry + まで
   有効, the 4 digits. A field that does not read is checked for glare (a washed-out spot over
   it): the caller can ask the patient to tilt the card. docs/card.md says why Tesseract and
   what it measured.
3. ``kiosk.card.number_b`` parses and checks the values; nothing implausible goes further.

Frames and crops stay in memory; nothing is logged but reasons.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.card.number_b import FrontValues, Implausible, PrintedDate, parse_printed

Image = npt.NDArray[np.uint8]
CARD_SIZE = (856, 540)
CARD_ASPECT = CARD_SIZE[0] / CARD_SIZE[1]
MIN_CARD_AREA = 0.08  # of the frame
CARD_CONTRAST = 1.6  # the card's mean grey over the tray's, at least
TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


@dataclass(frozen=True)
class Field:
    box: tuple[int, int, int, int]  # left, top, right, bottom on the flat card
    lang: str
    chars: str


ERA_CHARS = "令和平成昭和大正明治元"
FIELDS = {
    "birth": Field((78, 186, 432, 252), "jpn", "0123456789年月日生 " + ERA_CHARS),
    "expiry": Field((26, 434, 438, 498), "jpn", "0123456789年月日まで有効 "),
    "code": Field((600, 412, 832, 476), "jpn", "0123456789"),
}
PHOTO = (610, 110, 820, 380)
BINARISATIONS = ("otsu", "local", "sharpened")
# Glare: where the card, with its ink filled in, is saturated or far brighter than the card's
# usual background. A field with this much of its box under glare is "under glare".
GLARE_SATURATED = 250
GLARE_RATIO = 1.25
GLARE_SHARE = 0.12
T = TypeVar("T")
Value = PrintedDate | date | str


class Unreadable(ValueError):
    """This frame gave no usable read (no card, a field washed out, garbage)."""


@dataclass(frozen=True)
class FrameRead:
    """What one frame gave: the fields it read, and those with a glare spot over them (read
    or not: a digit under glare can read as another)."""

    values: dict[str, Value] = field(repr=False)
    glare: frozenset[str] = frozenset()


def _order(corners: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Top-left, top-right, bottom-right, bottom-left, with the long side horizontal."""
    centre = corners.mean(axis=0)
    angles = np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0])
    ordered = corners[np.argsort(angles)]  # clockwise from the left-most-up in image coords
    start = int(np.argmin(ordered.sum(axis=1)))
    ordered = np.roll(ordered, -start, axis=0)
    if np.linalg.norm(ordered[1] - ordered[0]) < np.linalg.norm(ordered[3] - ordered[0]):
        ordered = np.roll(ordered, -1, axis=0)  # a card standing on its short side
    return ordered.astype(np.float32)


def locate(frame: Image) -> Image:
    """The flat card (RGB, CARD_SIZE), upright; Unreadable when there is no card."""
    grey = np.asarray(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), np.uint8)
    small = cv2.GaussianBlur(grey, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        raise Unreadable("no card in view")
    outline = np.asarray(max(contours, key=cv2.contourArea), np.int32)
    if cv2.contourArea(outline) < MIN_CARD_AREA * grey.size:
        raise Unreadable("no card in view")
    hull = cv2.convexHull(outline)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    if len(quad) != 4:
        quad = cv2.boxPoints(cv2.minAreaRect(hull))
    corners = _order(np.asarray(quad, np.float32))
    _check_card_like(grey, outline, corners)
    width = float(np.linalg.norm(corners[1] - corners[0]))
    height = float(np.linalg.norm(corners[3] - corners[0]))
    if not 0.8 * CARD_ASPECT < width / max(height, 1.0) < 1.25 * CARD_ASPECT:
        raise Unreadable("not the card's proportions")
    target = np.array([[0, 0], [CARD_SIZE[0], 0], [CARD_SIZE[0], CARD_SIZE[1]],
                       [0, CARD_SIZE[1]]], np.float32)  # fmt: skip
    flat = cv2.warpPerspective(frame, cv2.getPerspectiveTransform(corners, target), CARD_SIZE)
    return _upright(np.asarray(flat, np.uint8))


def turned(flat: Image) -> Image:
    """The flat card the other way up."""
    return np.ascontiguousarray(flat[::-1, ::-1])


def glare_over(flat: Image, names: Iterable[str]) -> frozenset[str]:
    """The fields with a glare spot over them: the card's background (its ink filled in by a
    max filter) saturated, or far brighter than the card's usual background. Under glare the
    ink fades into the card and no binarisation brings it back; another frame of a card that
    has not moved has the spot in the same place."""
    grey = np.asarray(cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY), np.uint8)
    background = cv2.blur(cv2.dilate(grey, np.ones((15, 15), np.uint8)), (15, 15))
    left, top, right, bottom = PHOTO
    outside_photo = np.ones(grey.shape, bool)
    outside_photo[top:bottom, left:right] = False
    usual = float(np.median(background[outside_photo]))
    spot = (background >= GLARE_SATURATED) | (background >= GLARE_RATIO * usual)
    hit = []
    for name in names:
        left, top, right, bottom = FIELDS[name].box
        if spot[top:bottom, left:right].mean() >= GLARE_SHARE:
            hit.append(name)
    return frozenset(hit)


def _check_card_like(
    grey: Image, outline: npt.NDArray[np.int32], corners: npt.NDArray[np.float32]
) -> None:
    """A card fills its quadrilateral and is much lighter than the tray around it; Otsu on an
    empty tray's grain gives ragged blobs of barely different grey."""
    quad_area = cv2.contourArea(corners)
    if quad_area <= 0 or cv2.contourArea(outline) < 0.9 * quad_area:
        raise Unreadable("no card in view")
    inside = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(inside, corners.astype(np.int32), 255)
    around = grey[inside == 0]
    if around.size < 0.05 * grey.size:
        raise Unreadable("the card's edges are not in view")
    card, tray = float(grey[inside > 0].mean()), float(around.mean())
    if card < CARD_CONTRAST * tray or card - tray < 25:
        raise Unreadable("no card in view")


def _ink(grey: Image, box: tuple[int, int, int, int]) -> float:
    """How dark a region is on average: a photo is far darker than printed text on the card's
    light background, under any light (both scale with it)."""
    left, top, right, bottom = box
    return -float(grey[top:bottom, left:right].mean())


def _upright(flat: Image) -> Image:
    grey = np.asarray(cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY), np.uint8)
    w, h = CARD_SIZE
    left, top, right, bottom = PHOTO
    mirrored = (w - right, h - bottom, w - left, h - top)
    if _ink(grey, mirrored) > _ink(grey, PHOTO):
        return turned(flat)
    return flat


class FrontOcr:
    """Tesseract engines, one per language, kept for the kiosk's life (loading jpn takes a few
    hundred milliseconds). One read at a time: tesserocr's API objects are not thread-safe."""

    def __init__(self, tessdata: Path = TESSDATA) -> None:
        import tesserocr  # deferred: the kiosk without a card-front camera never loads it

        self._tesserocr = tesserocr
        self._lock = threading.Lock()
        self._api = {
            lang: tesserocr.PyTessBaseAPI(
                path=str(tessdata), lang=lang, psm=tesserocr.PSM.SINGLE_LINE
            )
            for lang in {f.lang for f in FIELDS.values()}
        }
        self._warm_up()

    def _warm_up(self) -> None:
        """Tesseract sets up its recogniser on the first line it reads (~1 s): pay that at
        start-up, not on the first patient's card."""
        blank = np.full((40, 200), 255, np.uint8)
        for api in self._api.values():
            api.SetImageBytes(blank.tobytes(), 200, 40, 1, 200)
            api.GetUTF8Text()

    def close(self) -> None:
        with self._lock:
            for api in self._api.values():
                api.End()
            self._api.clear()

    def text(self, flat: Image, name: str, binarise: str = "otsu") -> str:
        """One field as Tesseract reads it, binarised by Otsu over the field (ink against card
        under any even light) or, for glare and shadows across it, by a local threshold."""
        field = FIELDS[name]
        left, top, right, bottom = field.box
        grey = cv2.cvtColor(flat[top:bottom, left:right], cv2.COLOR_RGB2GRAY)
        smooth = cv2.GaussianBlur(grey, (3, 3), 0)
        if binarise == "sharpened":
            # A small, soft card (held up to a 640 x 480 camera, magnified by the warp): an
            # unsharp mask brings the strokes back before Otsu.
            soft = cv2.GaussianBlur(grey, (0, 0), 2.0)
            sharp = cv2.addWeighted(grey, 1.8, soft, -0.8, 0)
            even = cv2.threshold(sharp, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        elif binarise == "otsu":
            even = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        else:
            even = cv2.adaptiveThreshold(
                smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 41, 12
            )
        with self._lock:
            api = self._api[field.lang]
            api.SetVariable("tessedit_char_whitelist", field.chars)
            api.SetImageBytes(even.tobytes(), even.shape[1], even.shape[0], 1, even.shape[1])
            raw: str = api.GetUTF8Text()
        return unicodedata.normalize("NFKC", raw).strip()

    def _field(self, flat: Image, name: str, parse: Callable[[str], T]) -> T:
        """The field parsed from the first binarisation that gives a well-formed text."""
        for binarise in BINARISATIONS:
            try:
                return parse(self.text(flat, name, binarise))
            except (Unreadable, Implausible):
                continue
        raise Unreadable(f"{name} not read")

    def _fields(self, flat: Image, names: Iterable[str]) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for name in names:
            try:
                values[name] = self._field(flat, name, PARSERS[name])
            except Unreadable:
                continue
        return values

    def read_fields(self, frame: Image, names: Iterable[str] = FIELDS) -> FrameRead:
        """The named fields this frame gives (Unreadable when there is no card in it)."""
        wanted = [n for n in FIELDS if n in set(names)]
        flat = locate(frame)
        values = self._fields(flat, wanted)
        if not values:
            # Nothing read this way up: a glare spot on the photo can turn the card wrongly.
            other = self._fields(turned(flat), wanted)
            if other:
                flat, values = turned(flat), other
        return FrameRead(values, glare_over(flat, wanted))

    def read_values(self, frame: Image) -> FrontValues:
        """All three fields from one frame; Unreadable when any is missing."""
        got = self.read_fields(frame).values
        if len(got) < len(FIELDS):
            raise Unreadable("a field not read")
        birth, expiry, code = got["birth"], got["expiry"], got["code"]
        assert isinstance(birth, PrintedDate) and isinstance(expiry, date)
        assert isinstance(code, str)
        return FrontValues(birth, expiry, code)


# An era name, or a 4-digit 西暦 year: a read that lost the era ("50年") or a digit of the
# year is not a date the card prints, so the next binarisation is tried.
_YEAR = re.compile(r"^(?:(?:令和|平成|昭和|大正|明治)(?:元|\d{1,2})|\d{4})年")


def _printed_date(text: str, suffix: str, what: str) -> PrintedDate:
    line = text.replace(" ", "")
    if not line.endswith(suffix) or not _YEAR.match(line):
        raise Unreadable(f"{what} line not read")
    return parse_printed(line)


def _birth(text: str) -> PrintedDate:
    """The birth date with its calendar: 照合番号B takes the year as printed."""
    return _printed_date(text, "生", "birth date")


def _expiry(text: str) -> date:
    return _printed_date(text, "まで有効", "expiry").day


def _code(text: str) -> str:
    code = re.sub(r"\s", "", text)
    if not re.fullmatch(r"\d{4}", code):
        raise Unreadable("security code not read")
    return code


PARSERS: dict[str, Callable[[str], Value]] = {"birth": _birth, "expiry": _expiry, "code": _code}
