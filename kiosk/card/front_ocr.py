"""Read the printed card front: find the card in the frame, find its lines, OCR them.

1. ``locate_card``: the card is the large bright quadrilateral of the card's proportions (85.6
   x 54 mm) on a darker reader tray or desk; its four corners give a flat 856 x 540 image
   (perspective correction undoes tilt and rotation) and the way back to the frame. The photo
   is the card's largest dark region, on the LEFT of the current card: a card whose opposite
   corner is darker is turned. A glare spot on the photo can hide that, so when nothing reads
   one way up the other is tried (upside-down text never reads as a date line).
2. Lines, not fixed boxes (``text_lines``): a ``Layout`` says only in which band of the card
   to look (the current card's: the date line right of the photo, the serial + code line under
   it); the band's text lines are found by their rows of ink, and the date line is the one that
   reads as 「…生 …まで有効」 — anchored on those printed labels. Another generation of the
   front (FY2028) is another Layout.
3. ``read_line``: each line is cut from the frame's own pixels at the height Tesseract reads best
   and shown to Tesseract (Debian's jpn model, in-process through tesserocr) by up to five
   readers (its grey, CLAHE, Otsu, unsharp-masked Otsu, a local threshold), with the line's
   characters only. Every character comes with Tesseract's confidence; a field whose digits
   fall below its floor cannot be read by that reader. A field is read on a frame when two
   readers read it alike and no reader reads it otherwise (``_consensus``); the date line's two
   dates must be one card's (``number_b.check_expiry_day``); the code is the 4 digits after the
   serial, left of the 臓器提供 panel. docs/card.md says why and what it measured.
4. ``kiosk.card.front`` tallies the frames (two agreeing) and ``kiosk.card.number_b`` checks the
   whole number; nothing implausible goes further.

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
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.card.number_b import (
    FrontValues,
    Implausible,
    PrintedDate,
    check_expiry_day,
    parse_printed,
)

Image = npt.NDArray[np.uint8]
CARD_SIZE = (856, 540)
CARD_ASPECT = CARD_SIZE[0] / CARD_SIZE[1]
MIN_CARD_AREA = 0.08  # of the frame
CARD_CONTRAST = 1.6  # the card's mean grey over the tray's, at least
TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


Box = tuple[float, float, float, float]  # left, top, right, bottom as fractions of the card


@dataclass(frozen=True)
class Layout:
    """Where one generation of the card front prints what 照合番号B is made of, as fractions of
    the card's width and height. The OCR does not read fixed boxes: it finds the text lines in
    a generous band and takes the one that reads as a date line (anchored on its printed
    labels, 生 and まで有効); the band and the photo only say where to look, so a front of
    another generation (the FY2028 card) is another Layout."""

    name: str
    photo: Box  # the holder's photo: the card's largest dark region, deciding which way up
    date_band: Box  # where the line 「…生　…まで有効」 is
    code_band: Box  # where the serial + security code line is
    donor: Box  # the 臓器提供 panel, whose digits 1 2 3 are never the code
    birth: Box  # the birth date and the expiry within the date line, for glare
    expiry: Box
    fields: tuple[str, ...] = ("birth", "expiry", "code")  # what this front gives
    check_band: Box | None = None  # the next card's 6-digit 照合番号, where it is printed


# The current card (../shared/spec/mynacard.md, "The card front (current card)").
CURRENT = Layout(
    name="current",
    photo=(0.03, 0.35, 0.28, 0.85),
    date_band=(0.30, 0.25, 0.995, 0.52),
    code_band=(0.005, 0.905, 0.34, 0.997),  # stops short of the donor panel
    donor=(0.35, 0.83, 0.97, 0.95),
    birth=(0.33, 0.31, 0.64, 0.41),
    expiry=(0.62, 0.31, 0.97, 0.41),
)
# The next-generation card (次期個人番号カード; research/field-2026-12.md §1.2): 西暦 dates on
# lines of their own, no 性別, and the easy-to-read 6-digit 照合番号 that alone opens the face
# data. [U] where it is printed: bottom right here (kiosk.sim.card_front's drawing), where the
# current front has the 臓器提供 panel (moved to the back). Only the 照合番号 is read.
NEXT = Layout(
    name="next",
    photo=CURRENT.photo,
    date_band=(0.30, 0.35, 0.995, 0.58),
    code_band=(0.50, 0.82, 0.995, 0.99),
    donor=(0.995, 0.82, 0.995, 0.99),  # none: the panel is on the back
    birth=(0.33, 0.38, 0.80, 0.46),
    expiry=(0.33, 0.48, 0.80, 0.56),
    fields=("check",),
    check_band=(0.50, 0.82, 0.995, 0.99),
)
# Tried in this order on each frame: a front of the other generation reads as nothing in a
# layout (no date line anchored on 生/まで有効; no line labelled 照合番号), so the two numbers
# are never confused.
LAYOUTS = (CURRENT, NEXT)


def px(box: Box) -> tuple[int, int, int, int]:
    """A fractional box in pixels of the flat card."""
    w, h = CARD_SIZE
    return round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)


@dataclass(frozen=True)
class Field:
    box: tuple[int, int, int, int]  # left, top, right, bottom on the flat card (glare)
    chars: str  # what Tesseract may read on the field's line


ERA_CHARS = "令和平成昭和大正明治元"
DATE_CHARS = "0123456789年月日生まで有効" + ERA_CHARS
CODE_CHARS = "0123456789ABCDEF"
CHECK_CHARS = "0123456789照合番号"
CHECK_DIGITS = 6
FIELDS = {
    "birth": Field(px(CURRENT.birth), DATE_CHARS),
    "expiry": Field(px(CURRENT.expiry), DATE_CHARS),
    "code": Field(px(CURRENT.code_band), CODE_CHARS),
    "check": Field(px(NEXT.code_band), CHECK_CHARS),  # the next card's 照合番号
}
CURRENT_FIELDS = CURRENT.fields
PHOTO = px(CURRENT.photo)
BINARISATIONS = ("grey", "clahe", "otsu", "sharpened", "local")
AGREEING = 2  # readers of one frame that must read a field alike (and none otherwise)
UNANIMOUS = 3  # readers all alike: the others are not asked
# Tesseract's confidence (0-100) in every digit of a field, at least: below it a reader's read
# of the field cannot count towards reading it (it still vetoes another value). Measured on
# our real-layout fronts and the 見本 (docs/card.md): 明朝 digits read right often score 20-50
# (a serif 2, the 見本's bold 1) and one reader's misreads scored up to 99, so the floors drop
# only the truly unsure; what stops misreads is the readers' agreement (AGREEING, no reader
# disagreeing), the cross-checks (kiosk.card.number_b) and the frames' tally.
FLOORS = {"birth": 20.0, "expiry": 20.0, "code": 20.0, "check": 20.0}
SERIAL_MIN = 12  # of the 16-character serial before the code: its own misreads do not matter
LINE_PX = 44  # a text line's height Tesseract reads best at: lines are scaled to it
# Glare: where the card, with its ink filled in, is saturated or far brighter than the card's
# usual background. A field with this much of its box under glare is "under glare".
GLARE_SATURATED = 250
GLARE_RATIO = 1.25
GLARE_SHARE = 0.12
Value = PrintedDate | date | str
MISMATCHED = "mismatched"  # a date line whose two dates cannot be one card's: a vote against


@dataclass(frozen=True)
class Vote:
    """One reader's value for a field, and whether its digits cleared the field's floor: an
    unsure vote cannot carry a field, but it still vetoes another value."""

    value: Value = field(repr=False)
    sure: bool


Votes = dict[str, Vote]


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


@dataclass(frozen=True)
class Card:
    """The card found in a frame: its flat image (CARD_SIZE, upright) for finding things, and
    the way back to the frame, so a line is cut from the frame's own pixels at the scale
    Tesseract reads best (a 1920 x 1080 camera's detail is not lost to the flat image)."""

    frame: Image = field(repr=False)
    to_frame: npt.NDArray[np.float64] = field(repr=False)  # flat (x, y, 1) -> frame
    flat: Image = field(repr=False)

    def turned(self) -> Card:
        """The card the other way up."""
        w, h = CARD_SIZE
        flip = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], np.float64)
        return Card(self.frame, self.to_frame @ flip, turned(self.flat))

    def cut(self, box: tuple[int, int, int, int], scale: float) -> Image:
        """A box of the flat card, from the frame, ``scale`` frame-free pixels per flat one."""
        left, top, right, bottom = box
        size = (round((right - left) * scale), round((bottom - top) * scale))
        to_flat = np.array([[1 / scale, 0, left], [0, 1 / scale, top], [0, 0, 1]], np.float64)
        out = cv2.warpPerspective(self.frame, self.to_frame @ to_flat, size,
                                  flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP)  # fmt: skip
        return np.asarray(out, np.uint8)


def locate(frame: Image) -> Image:
    """The flat card (RGB, CARD_SIZE), upright; Unreadable when there is no card."""
    return locate_card(frame).flat


def locate_card(frame: Image) -> Card:
    """The card in the frame, upright; Unreadable when there is no card."""
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
    to_flat = cv2.getPerspectiveTransform(corners, target)
    flat = np.asarray(cv2.warpPerspective(frame, to_flat, CARD_SIZE), np.uint8)
    card = Card(frame, np.linalg.inv(to_flat).astype(np.float64), flat)
    return card.turned() if upside_down(flat) else card


def turned(flat: Image) -> Image:
    """The flat card the other way up."""
    return np.ascontiguousarray(flat[::-1, ::-1])


def glare_over(flat: Image, names: Iterable[str]) -> frozenset[str]:
    """The fields with a glare spot over them: the card's background (its ink filled in by a
    max filter) saturated, or far brighter than the card's usual background. Under glare the
    ink fades into the card and no binarisation brings it back; another frame of a card that
    has not moved has the spot in the same place."""
    grey = np.asarray(cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY), np.uint8)
    # Smoothed first: the max filter would otherwise pick the sensor noise's brightest pixel.
    smooth = cv2.blur(grey, (5, 5))
    background = cv2.blur(cv2.dilate(smooth, np.ones((15, 15), np.uint8)), (15, 15))
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


def upside_down(flat: Image, layout: Layout = CURRENT) -> bool:
    """The photo is the card's largest dark region, on the LEFT of the current card: a card
    whose opposite corner is darker lies upside down."""
    grey = np.asarray(cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY), np.uint8)
    w, h = CARD_SIZE
    left, top, right, bottom = px(layout.photo)
    mirrored = (w - right, h - bottom, w - left, h - top)
    return _ink(grey, mirrored) > _ink(grey, (left, top, right, bottom))


@dataclass(frozen=True)
class Glyph:
    """One character Tesseract read, its confidence (0-100) and where it is (flat card x).
    Part of a birth date or a code: never in a repr, so never in a log."""

    text: str = field(repr=False)
    conf: float
    x: float


@dataclass(frozen=True)
class LineRead:
    """A line's characters, one Glyph per character of ``text``."""

    glyphs: tuple[Glyph, ...] = field(repr=False)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    def conf(self, start: int, end: int) -> float:
        """The lowest confidence of the digits in text[start:end] (a field is as sure as its
        least sure digit)."""
        digits = [g.conf for g in self.glyphs[start:end] if g.text.isdigit()]
        return min(digits, default=0.0)


def _binarise(grey: Image, how: str) -> Image:
    """The line as one reader shows it to Tesseract: its grey as is ("grey": Tesseract's own
    thresholding, the truest to thin 明朝 strokes), contrast-stretched locally ("clahe": glare
    and shadow), or ink black on white by Otsu ("otsu"), Otsu after an unsharp mask
    ("sharpened": a small, soft card magnified by the warp) or a local threshold ("local")."""
    if how == "grey":
        return grey
    if how == "clahe":
        return np.asarray(cv2.createCLAHE(2.0, (4, 4)).apply(grey), np.uint8)
    if how == "sharpened":
        soft = cv2.GaussianBlur(grey, (0, 0), 2.0)
        grey = np.asarray(cv2.addWeighted(grey, 1.8, soft, -0.8, 0), np.uint8)
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    if how == "local":
        out = cv2.adaptiveThreshold(
            smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 41, 12
        )
    else:
        out = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    return np.asarray(out, np.uint8)


# A text line in the flat card: rows where at least this share of the band is ink, this many
# pixels high (the date line's glyphs are ~18-24 px, the code's ~16; a photo or a panel's edge
# is taller, the guilloche's specks lower).
ROW_INK = 0.02
LINE_MIN, LINE_MAX = 9, 42
DATE_LINE_MIN = 0.3  # of the card's width: the date line is long


def text_lines(flat: Image, band: Box) -> list[tuple[int, int, int, int]]:
    """The text lines in a band of the flat card, top to bottom, as pixel boxes: runs of rows
    with ink (connected-component-free: a row profile of the Otsu-binarised band), each cut to
    the columns its ink spans."""
    left, top, right, bottom = px(band)
    grey = np.asarray(cv2.cvtColor(flat[top:bottom, left:right], cv2.COLOR_RGB2GRAY), np.uint8)
    ink = _binarise(grey, "otsu") == 0
    ink = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)) > 0
    rows = ink.mean(axis=1) >= ROW_INK
    lines = []
    for start, end in _runs(rows, gap=2):
        if not LINE_MIN <= end - start <= LINE_MAX:
            continue
        cols = np.flatnonzero(ink[start:end].any(axis=0))
        lines.append((left + int(cols[0]), top + start, left + int(cols[-1]) + 1, top + end))
    return lines


def _runs(on: npt.NDArray[np.bool_], gap: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True, runs closer than ``gap`` merged."""
    runs: list[tuple[int, int]] = []
    idx = np.flatnonzero(on)
    for i in idx.tolist():
        if runs and i - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


class FrontOcr:
    """The Tesseract engine (jpn), kept for the kiosk's life (loading it takes a few hundred
    milliseconds). One read at a time: tesserocr's API objects are not thread-safe."""

    def __init__(self, tessdata: Path = TESSDATA, layouts: tuple[Layout, ...] = LAYOUTS) -> None:
        import tesserocr  # deferred: the kiosk without a card-front camera never loads it

        self._tesserocr = tesserocr
        self._lock = threading.Lock()
        self.layouts = layouts
        self._api = tesserocr.PyTessBaseAPI(
            path=str(tessdata), lang="jpn", psm=tesserocr.PSM.SINGLE_LINE
        )
        self._warm_up()

    def _warm_up(self) -> None:
        """Tesseract sets up its recogniser on the first line it reads (~1 s): pay that at
        start-up, not on the first patient's card."""
        blank = np.full((40, 200), 255, np.uint8)
        self._api.SetImageBytes(blank.tobytes(), 200, 40, 1, 200)
        self._api.GetUTF8Text()

    def close(self) -> None:
        with self._lock:
            self._api.End()

    def line_image(
        self, card: Card, box: tuple[int, int, int, int], binarise: str = "grey"
    ) -> tuple[Image, float, int]:
        """A line of the card, padded, cut from the frame LINE_PX high and shown as
        ``binarise`` says; the scale and the padded line's left edge on the flat card."""
        left, top, right, bottom = box
        pad = max(3, (bottom - top) // 4)
        padded = (max(0, left - 2 * pad), max(0, top - pad),
                  min(CARD_SIZE[0], right + 2 * pad), min(CARD_SIZE[1], bottom + pad))  # fmt: skip
        scale = min(4.0, max(1.0, LINE_PX / (bottom - top)))
        grey = cv2.cvtColor(card.cut(padded, scale), cv2.COLOR_RGB2GRAY)
        return _binarise(np.asarray(grey, np.uint8), binarise), scale, padded[0]

    def read_line(
        self, card: Card, box: tuple[int, int, int, int], chars: str, binarise: str = "grey"
    ) -> LineRead:
        """The line's characters with Tesseract's confidence in each."""
        image, scale, left = self.line_image(card, box, binarise)
        with self._lock:
            api = self._api
            api.SetVariable("tessedit_char_whitelist", chars)
            api.SetImageBytes(image.tobytes(), image.shape[1], image.shape[0], 1, image.shape[1])
            api.Recognize()
            glyphs = _glyphs(api.GetIterator(), self._tesserocr.RIL.SYMBOL)
        return LineRead(tuple(Glyph(g.text, g.conf, left + g.x / scale) for g in glyphs))

    def _dates(self, card: Card, layout: Layout, binarise: str) -> Votes:
        """Birth date and expiry from the band's first line that reads as a date line; each
        only when its digits clear their floor."""
        for box in text_lines(card.flat, layout.date_band):
            if box[2] - box[0] < DATE_LINE_MIN * CARD_SIZE[0]:
                continue  # 性別 and other short lines: not the date line, not worth a read
            line = self.read_line(card, box, DATE_CHARS, binarise)
            if _DATE_LINE.search(line.text):
                return _date_line(line)
        return {}

    def _code(self, card: Card, layout: Layout, binarise: str) -> Votes:
        """The security code: the 4 digits right after the 16-character serial, on the lowest
        line of the band, left of the 臓器提供 panel (whose 1 2 3 are no code)."""
        lines = text_lines(card.flat, layout.code_band)
        if not lines:
            return {}
        line = self.read_line(card, lines[-1], CODE_CHARS, binarise)
        return _code_line(line, px(layout.donor)[0])

    def fields(self, card: Card, names: Iterable[str]) -> dict[str, Value]:
        """The named fields read on this flat card: a field is read when AGREEING readers
        (the ways of showing the line to Tesseract, BINARISATIONS) read the same value and
        none reads another; the misreads one reader makes, at any confidence, the others
        rarely make alike. The others are left out. The layouts are tried in turn, each for
        the fields its front prints; the first that gives any is the card's."""
        for layout in self.layouts:
            wanted = set(names) & set(layout.fields)
            if not wanted:
                continue
            reads: list[Votes] = []
            for binarise in BINARISATIONS:
                reads.append(self._read(card, layout, binarise, wanted))
                if _unanimous(reads, wanted):
                    break
            values = _consensus(reads)
            if values:
                return {k: v for k, v in values.items() if k in wanted}
        return {}

    def _check_number(self, card: Card, layout: Layout, binarise: str) -> Votes:
        """The next card's 照合番号: the line in its band labelled 照合番号, exactly 6 digits
        after the label (a dropped or an extra digit is no read)."""
        assert layout.check_band is not None
        for box in text_lines(card.flat, layout.check_band):
            line = self.read_line(card, box, CHECK_CHARS, binarise)
            votes = _check_line(line)
            if votes:
                return votes
        return {}

    def _read(self, card: Card, layout: Layout, binarise: str, wanted: set[str]) -> Votes:
        if layout.check_band is not None:
            return self._check_number(card, layout, binarise) if "check" in wanted else {}
        read: Votes = {}
        if wanted & {"birth", "expiry"}:
            read.update(self._dates(card, layout, binarise))
        if "code" in wanted:
            read.update(self._code(card, layout, binarise))
        return read

    def read_fields(self, frame: Image, names: Iterable[str] = FIELDS) -> FrameRead:
        """The named fields this frame gives (Unreadable when there is no card in it)."""
        wanted = [n for n in FIELDS if n in set(names)]
        card = locate_card(frame)
        values = self.fields(card, wanted)
        if not values:
            # Nothing read this way up: a glare spot on the photo can turn the card wrongly.
            other = self.fields(card.turned(), wanted)
            if other:
                card, values = card.turned(), other
        return FrameRead(values, glare_over(card.flat, wanted))

    def read_values(self, frame: Image) -> FrontValues:
        """A current front's three fields from one frame; Unreadable when any is missing."""
        got = self.read_fields(frame, CURRENT_FIELDS).values
        if len(got) < len(CURRENT_FIELDS):
            raise Unreadable("a field not read")
        birth, expiry, code = got["birth"], got["expiry"], got["code"]
        assert isinstance(birth, PrintedDate) and isinstance(expiry, date)
        assert isinstance(code, str)
        return FrontValues(birth, expiry, code)


def _consensus(reads: list[Votes]) -> dict[str, Value]:
    """Each field's value when AGREEING sure votes give it and no vote gives another."""
    out: dict[str, Value] = {}
    for name in FIELDS:
        votes = [read[name] for read in reads if name in read]
        sure = sum(vote.sure for vote in votes)
        values = {vote.value for vote in votes}
        if sure >= AGREEING and len(values) == 1 and MISMATCHED not in values:
            out[name] = votes[0].value
    return out


def _unanimous(reads: list[Votes], wanted: set[str]) -> bool:
    """Every wanted field read alike and surely by the UNANIMOUS readers so far: the rest
    would only be asked to veto what three agree on, so a good frame costs three reads."""
    if len(reads) < UNANIMOUS:
        return False
    for name in wanted:
        votes = [read.get(name) for read in reads]
        if any(vote is None or not vote.sure for vote in votes):
            return False
        if len({vote.value for vote in votes if vote is not None}) != 1:
            return False
    return True


def _glyphs(it: Any, level: Any) -> list[Glyph]:
    """Tesseract's characters, NFKC-normalised (full-width digits), spaces left out."""
    out: list[Glyph] = []
    if it is None:
        return out
    while True:
        try:
            raw, box = it.GetUTF8Text(level), it.BoundingBox(level)
        except RuntimeError:  # tesserocr's "No text returned": an empty line
            return out
        if raw and box is not None:
            for ch in unicodedata.normalize("NFKC", raw).replace(" ", ""):
                out.append(Glyph(ch, float(it.Confidence(level)), float(box[0])))
        if not it.Next(level):
            return out


# The date line: the birth date (an era and its year, or a 4-digit 西暦 year) + 生, then the
# expiry + まで有効. Nothing but a digit-free start may come before: a stray digit glued to the
# year is a misread, not a year.
_DATE = r"(?:(?:令和|平成|昭和|大正|明治)(?:元|\d{1,2})|\d{4})年\d{1,2}月\d{1,2}日"
_DATE_LINE = re.compile(rf"(?<!\d)(?P<birth>{_DATE})生(?P<expiry>{_DATE})まで有効")


def _date_line(line: LineRead) -> Votes:
    """Birth date and expiry votes from a line that reads as the date line; a line whose two
    dates cannot be one card's votes against both (one of them is misread)."""
    m = _DATE_LINE.search(line.text)
    if m is None:
        return {}
    try:
        birth = parse_printed(m["birth"])
        expiry = parse_printed(m["expiry"]).day
    except Implausible:
        return {}
    try:
        check_expiry_day(birth, expiry)
    except Implausible:
        return {"birth": Vote(MISMATCHED, False), "expiry": Vote(MISMATCHED, False)}
    return {
        "birth": Vote(birth, line.conf(*m.span("birth")) >= FLOORS["birth"]),
        "expiry": Vote(expiry, line.conf(*m.span("expiry")) >= FLOORS["expiry"]),
    }


_CHECK_LINE = re.compile(r"照合番号(?P<number>\d+)$")


def _check_line(line: LineRead) -> Votes:
    """The 照合番号 vote from its line: the label, then exactly CHECK_DIGITS digits."""
    m = _CHECK_LINE.search(line.text)
    if m is None or len(m["number"]) != CHECK_DIGITS:
        return {}
    sure = line.conf(*m.span("number")) >= FLOORS["check"]
    return {"check": Vote(m["number"], sure)}


def _code_line(line: LineRead, donor_left: int) -> Votes:
    """The code vote from the serial + code line: the glyphs after the widest gap between two
    glyphs must be exactly 4 digits (a dropped or an extra digit is no vote), after at least
    SERIAL_MIN of the serial (the line is that line), and left of the 臓器提供 panel."""
    glyphs = line.glyphs
    if len(glyphs) < SERIAL_MIN + 4:
        return {}
    gaps = [glyphs[i + 1].x - glyphs[i].x for i in range(len(glyphs) - 1)]
    split = int(np.argmax(gaps)) + 1
    serial, code = glyphs[:split], glyphs[split:]
    text = "".join(g.text for g in code)
    if len(serial) < SERIAL_MIN or not re.fullmatch(r"\d{4}", text):
        return {}
    if any(g.x >= donor_left for g in code):
        return {}
    return {"code": Vote(text, LineRead(code).conf(0, 4) >= FLOORS["code"])}


# Kept for callers that parse one printed field's text (tests, the bench).
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
