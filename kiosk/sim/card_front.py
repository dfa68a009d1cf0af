"""Virtual card fronts: each persona's printed My Number Card front, and a camera looking at it.

Our own drawing (Pillow, Noto Sans CJK), in the layout of the real card front: name and address
top left, the birth date (和暦 for Japanese nationals, 西暦 for foreign residents) with the sex,
the expiry "まで有効" in its box bottom left, the photo on the right with the security code below
it. No third-party card image is used. ``capture`` puts the card on a desk in front of a camera
with the variation a real capture has: position, rotation (upside down too), perspective tilt,
blur, glare, low light, sensor noise and JPEG compression.

``SyntheticCardFront`` is the ``kiosk.card_fronts`` entry point (``card_front.source =
"synthetic:PERSONA[:VARIATION[:still]]"``): the real kiosk reads 照合番号B from its frames
through the OCR path, as it would from a real front camera. Its patient answers the kiosk's
``card_glare`` prompt by tilting and shifting the card, which moves the glare spot over the
card; a ``still`` patient leaves it lying as it is.
"""

from __future__ import annotations

import io
import math
import random
import threading
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from kiosk.card.number_b import era_of
from kiosk.face.detect import Image
from kiosk.sim import photos
from kiosk.sim.card import CJK_FONT
from kiosk.sim.personas import Persona, load_personas
from kiosk.sim.pki import DEMO_ADDRESS

CARD_SIZE = (856, 540)  # 85.6 x 54 mm at 10 px/mm
FRAME_SIZE = (1280, 960)
SEX = {"1": "男", "2": "女"}


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(CJK_FONT), size)


def wareki(day: date) -> str:
    """'昭和60年 9月30日' (元年 for an era's first year)."""
    era, n = era_of(day)
    return f"{era}{'元' if n == 1 else n}年{day.month:2d}月{day.day:2d}日"


def seireki(day: date) -> str:
    return f"{day.year}年{day.month:2d}月{day.day:2d}日"


def _portrait(persona: Persona, size: tuple[int, int]) -> PILImage.Image:
    try:
        photo = photos.load_photo(persona.photo)
    except (photos.PhotoError, photos.PhotoUnavailable):
        photo = np.full((size[1], size[0], 3), 200, np.uint8)
    h, w = photo.shape[:2]
    # Crop to the frame's proportions around the centre, then scale.
    target = size[0] / size[1]
    if w / h > target:
        cw = round(h * target)
        photo = photo[:, (w - cw) // 2 : (w - cw) // 2 + cw]
    else:
        ch = round(w / target)
        photo = photo[:ch, :]
    return PILImage.fromarray(np.ascontiguousarray(photo)).resize(size)


def render_front(persona: Persona) -> Image:
    """The card front, flat, RGB uint8 of CARD_SIZE."""
    w, h = CARD_SIZE
    card = PILImage.new("RGB", (w, h), (246, 243, 240))
    draw = ImageDraw.Draw(card)
    for i in range(0, w + h, 18):  # a faint guilloche-like background pattern
        draw.line([(i, 0), (i - h, h)], fill=(238, 233, 236), width=2)
    draw.rounded_rectangle([1, 1, w - 2, h - 2], radius=28, outline=(200, 200, 205), width=2)
    ink, label = (25, 25, 30), (90, 90, 100)
    draw.text((620, 30), "個人番号カード", font=_font(26), fill=(40, 60, 120))
    draw.text((30, 48), "氏名", font=_font(20), fill=label)
    draw.text((90, 34), persona.name, font=_font(44), fill=ink)
    draw.text((30, 122), "住所", font=_font(20), fill=label)
    draw.text((90, 116), DEMO_ADDRESS, font=_font(26), fill=ink)
    printed = seireki if persona.card.calendar == "seireki" else wareki
    draw.text((90, 200), f"{printed(persona.birth_date)}生", font=_font(32), fill=ink)
    draw.text((440, 208), "性別", font=_font(20), fill=label)
    draw.text((495, 200), SEX.get(persona.sex, ""), font=_font(32), fill=ink)
    draw.rectangle([24, 430, 440, 500], fill=(222, 232, 246))
    expiry = f"{seireki(persona.card.card_expiry)}まで有効"
    draw.text((36, 446), expiry, font=_font(30), fill=ink)
    card.paste(_portrait(persona, (210, 270)), (610, 110))
    draw.text((612, 396), "セキュリティコード", font=_font(16), fill=label)
    draw.text((655, 420), persona.card.security_code, font=_font(40), fill=ink)
    return np.asarray(card, np.uint8).copy()


@dataclass(frozen=True)
class Variation:
    """How one capture differs from a perfect scan."""

    width: float = 760  # the card's width in the frame, pixels
    angle: float = 0.0  # degrees
    upside_down: bool = False
    tilt: float = 0.0  # corner jitter, share of the card size
    blur: float = 0.0  # Gaussian sigma, pixels
    glare: float = 0.0  # 0: none; up to 1: a washed-out spot
    glare_at: tuple[float, float] = (0.5, 0.5)  # where on the card, fractions
    light: float = 1.0  # gain
    noise: float = 2.0  # sensor noise sigma
    jpeg: int = 90
    shift: tuple[float, float] = (0.0, 0.0)  # the card's centre off the frame centre, fractions


def random_variation(rng: random.Random) -> Variation:
    """A capture as the bench draws them: mostly good, often tilted, sometimes hard."""
    return Variation(
        width=rng.uniform(640, 900),
        angle=rng.uniform(-12, 12),
        upside_down=rng.random() < 0.15,
        tilt=rng.uniform(0, 0.05),
        blur=rng.choice((0.0, 0.0, 0.6, 1.0, 1.5)),
        glare=rng.choice((0.0, 0.0, 0.0, 0.5, 0.8)),
        glare_at=(rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)),
        light=rng.choice((1.0, 1.0, 0.8, 0.55, 0.4)),
        noise=rng.uniform(1.5, 7.0),
        jpeg=rng.randint(45, 92),
        shift=(rng.uniform(-0.08, 0.08), rng.uniform(-0.06, 0.06)),
    )


def held_up_variation(rng: random.Random) -> Variation:
    """A card held up close to a 640 x 480 face camera (one camera for both): the bench's
    variation, with the card 460-600 px wide and nearer the centre."""
    v = random_variation(rng)
    return replace(v, width=rng.uniform(460, 600), shift=(v.shift[0] / 2, v.shift[1] / 2))


def _desk(rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE) -> Image:
    w, h = size
    base = rng.normal(0, 6, (h // 8, w // 8, 1)).astype(np.float32)
    grain = cv2.resize(base, (w, h), interpolation=cv2.INTER_CUBIC)[:, :, None]
    desk = np.array([62, 58, 54], np.float32) + grain
    out: Image = np.clip(desk, 0, 255).astype(np.uint8)
    return out


def capture(front: Image, v: Variation, seed: int = 0, size: tuple[int, int] = FRAME_SIZE) -> Image:
    """The front as a camera above the desk sees it (RGB uint8 of ``size``, FRAME_SIZE unless
    told; ``v.width`` is in pixels of that frame)."""
    rng = np.random.default_rng(seed)
    cw, ch = CARD_SIZE
    fw, fh = size
    scale = v.width / cw
    corners = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    if v.upside_down:
        corners = corners[[2, 3, 0, 1]]
    a = math.radians(v.angle)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], np.float32)
    centred = (corners - [cw / 2, ch / 2]) * scale
    placed = centred @ rot.T + [fw / 2 + v.shift[0] * fw, fh / 2 + v.shift[1] * fh]
    placed += rng.uniform(-1, 1, (4, 2)) * v.tilt * v.width
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    m = cv2.getPerspectiveTransform(src, placed.astype(np.float32))
    frame = _desk(rng, size)
    warped = cv2.warpPerspective(front, m, (fw, fh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), m, (fw, fh))
    frame[mask > 127] = warped[mask > 127]
    out = frame.astype(np.float32)
    if v.glare > 0:
        gx, gy = v.glare_at
        spot = cv2.perspectiveTransform(np.array([[[gx * cw, gy * ch]]], np.float32), m)[0, 0]
        ys, xs = np.indices((fh, fw), dtype=np.float32)
        radius = 0.12 * v.width
        blob = np.exp(-((xs - spot[0]) ** 2 + (ys - spot[1]) ** 2) / (2 * radius**2))
        out += (255 * v.glare * blob)[:, :, None] * (mask[:, :, None] > 127)
    if v.blur > 0:
        out = np.asarray(cv2.GaussianBlur(out, (0, 0), v.blur), np.float32)
    lit = out * v.light + rng.normal(0, v.noise, out.shape)
    rgb = np.clip(lit, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", rgb[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, v.jpeg])
    assert ok
    decoded = np.asarray(cv2.imdecode(jpg, cv2.IMREAD_COLOR), np.uint8)
    return np.ascontiguousarray(decoded[:, :, ::-1])


VARIATIONS = {
    "good": Variation(),
    "tilted": Variation(angle=9, tilt=0.04, shift=(0.05, -0.03)),
    "upside_down": Variation(upside_down=True, angle=-4),
    "glare": Variation(glare=0.8, glare_at=(0.3, 0.45)),
    "dark": Variation(light=0.45, noise=6),
    "blurred": Variation(blur=1.5),
    "blank": Variation(width=0),  # nothing on the reader: an empty desk
}
# The card held up close to a 640 x 480 face camera (one camera for both), a dark coat behind.
HELD_UP = Variation(width=540, angle=-3, tilt=0.02, noise=3.0, jpeg=85)


def moved(v: Variation, rng: random.Random) -> Variation:
    """The card after the patient tilted and shifted it a little: the lamp's reflection lands
    elsewhere on the card (often off it); the card itself turns and moves a few degrees and
    millimetres."""
    heading = rng.uniform(0, 2 * math.pi)
    reach = rng.uniform(0.35, 0.6)
    gx, gy = v.glare_at
    return replace(
        v,
        glare_at=(gx + reach * math.cos(heading), gy + reach * math.sin(heading)),
        angle=v.angle + rng.uniform(-5, 5),
        shift=(v.shift[0] + rng.uniform(-0.03, 0.03), v.shift[1] + rng.uniform(-0.03, 0.03)),
        tilt=min(0.05, v.tilt + rng.uniform(0, 0.01)),
    )


class SyntheticCardFront:
    """A card-front camera over a persona's card: each grab is a new frame of the same card
    lying still, with fresh noise and a little hand jitter. Asked to (``prompt``), a patient
    who ``moves`` tilts and shifts the card (``moved``); one who does not leaves it."""

    held_up = False

    def __init__(
        self,
        persona: Persona,
        variation: Variation,
        seed: int = 0,
        *,
        moves: bool = True,
        size: tuple[int, int] = FRAME_SIZE,
    ) -> None:
        self._front = render_front(persona) if variation.width > 0 else None
        self._size = size
        self._variation = variation
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.moves = moves
        self.prompts: list[str] = []

    def prompt(self, hint: str) -> None:
        with self._lock:
            self.prompts.append(hint)
            if self.moves and hint in ("card_glare", "card_glare_tray"):
                self._variation = moved(self._variation, self._rng)

    def grab(self) -> Image | None:
        with self._lock:
            seed = self._rng.randrange(2**31)
            jitter = (self._rng.uniform(-0.3, 0.3), self._rng.uniform(-2, 2))
            now = self._variation
        if self._front is None:
            return _desk(np.random.default_rng(seed), self._size)
        v = replace(now, angle=now.angle + jitter[0], width=now.width + jitter[1])
        return capture(self._front, v, seed, self._size)

    def close(self) -> None:
        return


def open_synthetic_front(arg: str) -> SyntheticCardFront:
    """The ``kiosk.card_fronts`` entry point: ``synthetic:PERSONA[:VARIATION[:still]]``."""
    persona_id, _, rest = arg.partition(":")
    variation, _, patient = rest.partition(":")
    people = load_personas()
    if persona_id not in people:
        raise ValueError(f"unknown persona {persona_id!r}")
    if (variation or "good") not in VARIATIONS:
        raise ValueError(f"unknown card-front variation {variation!r}: {', '.join(VARIATIONS)}")
    if patient not in ("", "still"):
        raise ValueError(f"unknown card-front patient {patient!r}: say 'still' or nothing")
    return SyntheticCardFront(
        people[persona_id], VARIATIONS[variation or "good"], moves=patient != "still"
    )


def encode_png(image: Image) -> bytes:
    """For writing fronts as image files (the ``file:`` card-front camera in tests)."""
    buf = io.BytesIO()
    PILImage.fromarray(image).save(buf, format="PNG")
    return buf.getvalue()
