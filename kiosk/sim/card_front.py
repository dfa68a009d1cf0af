"""Virtual card fronts: each persona's printed My Number Card front, and a camera looking at it.

Our own drawing (Pillow; Noto Sans CJK and, for the dates and the code, Noto Serif CJK — the
real card prints them in 明朝), in the layout of the real current card measured on the
government 見本 (../shared/spec/mynacard.md): name (and a foreign resident's 通称) and address
top left, 性別 right, the photo on the LEFT, right of it ONE line 「平成元年 3月31日生　2025年
3月31日まで有効」 (和暦 with 元年 for Japanese nationals, 西暦 for foreign residents; digits ~3.5 %
of the card's height), the mayor, the certificate's expiry box, the hatched 追記欄, the 臓器提供
panel with its digits 1 2 3, and at the bottom left a 16-character serial followed by the
security code; all over a pink/green guilloche drawn here from sine waves. No third-party card
image is used. ``capture`` puts the card on a desk in front of a camera with the variation a
real capture has: position, rotation (upside down too), perspective tilt, blur, glare, low
light, sensor noise and JPEG compression.

A persona whose card is of the next generation (次期個人番号カード) gets the next front
(``render_next_front``; research/field-2026-12.md §1.2): 「日本国 JAPAN」, the name with its
フリガナ above and its ローマ字 beside, no 性別, the birth date and the expiry each on its own line
in 西暦 (生年月日 …, 有効期限 …), and the easy-to-read 6-digit 照合番号 bottom right, where the
current front has its 臓器提供 panel (which moves to the back). [U] Every position and size:
no image of the next card's front is public; the photo stays on the left.

``SyntheticCardFront`` is the ``kiosk.card_fronts`` entry point (``card_front.source =
"synthetic:PERSONA[:VARIATION[:still]]"``): the real kiosk reads 照合番号B from its frames
through the OCR path, as it would from a real front camera. Its patient answers the kiosk's
``card_glare`` prompt by tilting and shifting the card, which moves the glare spot over the
card; a ``still`` patient leaves it lying as it is.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import threading
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
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
SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")  # fonts-noto-cjk
SERIF_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")

# Where the real card prints each thing, as fractions of the card's width and height
# (../shared/spec/mynacard.md, "The card front (current card)", measured on the 見本).
PHOTO_BOX = (0.03, 0.35, 0.28, 0.85)
DATE_LINE = (0.35, 0.36)  # left, vertical centre: 「…生　…まで有効」 right of the photo
CODE_LINE_Y = 0.955  # the serial, then the security code, under the photo
SERIAL_X = 0.03
CODE_X = 0.27
DONOR_BOX = (0.35, 0.83, 0.97, 0.95)  # 臓器提供意思, with its digits 1 2 3
DATE_LINE_END = 0.96
DATE_PX = 24  # 明朝 digits ~18 px high: 3.4 % of the card's height, half the name's size


@lru_cache(maxsize=16)
def _font(size: int, face: str = "sans") -> ImageFont.FreeTypeFont:
    path = {"sans": CJK_FONT, "serif": SERIF, "bold": SERIF_BOLD}[face]
    return ImageFont.truetype(str(path), size, index=0)  # index 0 of the .ttc: the JP face


def wareki(day: date) -> str:
    """'昭和60年 9月30日' (元年 for an era's first year)."""
    era, n = era_of(day)
    return f"{era}{'元' if n == 1 else n}年{day.month:2d}月{day.day:2d}日"


def seireki(day: date) -> str:
    return f"{day.year}年{day.month:2d}月{day.day:2d}日"


def serial_of(persona: Persona) -> str:
    """The 16-character serial printed before the security code (0-9, A-F): a stable made-up
    one per persona, so the OCR must tell it from the code on every card."""
    return hashlib.sha256(f"serial:{persona.id}".encode()).hexdigest()[:16].upper()


def date_line(persona: Persona) -> str:
    """「平成元年 3月31日生　2025年 3月31日まで有効」: the birth date as the card prints it
    (和暦 for Japanese nationals, 西暦 for foreign residents), then the card's expiry in 西暦."""
    printed = seireki if persona.card.calendar == "seireki" else wareki
    return f"{printed(persona.birth_date)}生\u3000{seireki(persona.card.card_expiry)}まで有効"


def _px(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    w, h = CARD_SIZE
    return round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)


def _portrait(persona: Persona, size: tuple[int, int]) -> PILImage.Image:
    """The holder's photo on the light blue backdrop card photos are taken on."""
    try:
        photo = photos.load_photo(persona.photo)
    except (photos.PhotoError, photos.PhotoUnavailable):
        photo = np.full((size[1], size[0], 3), (150, 190, 225), np.uint8)
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


def guilloche(seed: int = 0) -> Image:
    """The card's security background, drawn here: families of fine sine-wave lines, pink ones
    rising and green ones falling, crossing into the moiré of the printed card, a rosette top
    right, and rows of "JAPAN" microtext, all faint enough to read the ink over them."""
    w, h = CARD_SIZE
    rng = np.random.default_rng(seed)
    card = np.full((h, w, 3), (250, 231, 229), np.uint8)  # the 見本's pink paper
    xs = np.arange(0, w + 1, 2, dtype=np.float32)
    for k in range(0, h + 120, 9):  # pink: long waves, rising gently left to right
        phase = rng.uniform(0, 2 * math.pi)
        ys = k - 0.12 * xs + 14 * np.sin(xs / 37.0 + phase) + 6 * np.sin(xs / 11.0 + k)
        _polyline(card, xs, ys, (238, 200, 206))
    for k in range(-120, h + 120, 13):  # green: shorter waves, falling
        ys = k + 0.2 * xs + 9 * np.sin(xs / 23.0 + k / 17.0)
        _polyline(card, xs, ys, (212, 230, 196))
    centre = (0.8 * w, 0.2 * h)
    for r in range(30, 260, 11):  # the rosette: a wavy circle every few pixels
        t = np.linspace(0, 2 * math.pi, 400, dtype=np.float32)
        rr = r + 5 * np.sin(12 * t + r / 9.0)
        _polyline(card, centre[0] + rr * np.cos(t), centre[1] + rr * np.sin(t), (220, 232, 200))
    micro = PILImage.fromarray(card)
    draw = ImageDraw.Draw(micro)
    for y in range(160, h - 40, 46):
        draw.text((0.3 * w, y), "JAPAN " * 30, font=_font(7), fill=(236, 200, 206))
    return np.asarray(micro, np.uint8).copy()


def _polyline(card: Image, xs: npt.NDArray[np.float32], ys: npt.NDArray[np.float32],
              colour: tuple[int, int, int]) -> None:  # fmt: skip
    points = np.stack([xs, ys], axis=1).round().astype(np.int32)
    cv2.polylines(card, [points], False, colour, 1, cv2.LINE_AA)


def render_front(persona: Persona) -> Image:
    """The card front, flat, RGB uint8 of CARD_SIZE, in the real card's layout (the next
    card's for a next-generation persona)."""
    if persona.card.is_next:
        return render_next_front(persona)
    w, h = CARD_SIZE
    card = PILImage.fromarray(guilloche(seed=len(persona.id)))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle([1, 1, w - 2, h - 2], radius=28, outline=(200, 200, 205), width=2)
    _name_and_address(draw, persona)
    left, top, right, bottom = _px(PHOTO_BOX)
    card.paste(_portrait(persona, (right - left, bottom - top)), (left, top))
    _date_lines(draw, persona)
    _lower_panels(draw)
    _code_line(draw, persona)
    _mark(draw)
    return np.asarray(card, np.uint8).copy()


INK, LABEL = (25, 25, 30), (60, 60, 70)

# [U] The next front's positions, as fractions of the card (photo as on the current card).
NEXT_DATES_X = 0.35
NEXT_BIRTH_Y, NEXT_EXPIRY_Y = 0.42, 0.52
NEXT_CHECK = (0.56, 0.905)  # left, vertical centre of 「照合番号　123456」
NEXT_CHECK_PX = 34  # "easy to read": larger than any other digits on the card


def render_next_front(persona: Persona) -> Image:
    """The next-generation card's front, flat, RGB uint8 of CARD_SIZE."""
    w, h = CARD_SIZE
    card = PILImage.fromarray(guilloche(seed=len(persona.id)))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle([1, 1, w - 2, h - 2], radius=28, outline=(200, 200, 205), width=2)
    draw.text((0.70 * w, 0.05 * h), "日本国 JAPAN", font=_font(20), fill=LABEL)
    draw.text((75, 0.05 * h), persona.kana, font=_font(16), fill=LABEL)  # フリガナ
    draw.text((12, 0.14 * h - 10), "氏名", font=_font(19), fill=LABEL)
    draw.text((75, 0.14 * h - 24), persona.name, font=_font(38), fill=INK)
    draw.text((0.50 * w, 0.14 * h - 12), romaji_of(persona), font=_font(20), fill=INK)
    draw.text((12, 0.26 * h - 10), "住所", font=_font(19), fill=LABEL)
    draw.text((80, 0.26 * h - 16), DEMO_ADDRESS, font=_font(28), fill=INK)
    left, top, right, bottom = _px(PHOTO_BOX)
    card.paste(_portrait(persona, (right - left, bottom - top)), (left, top))
    font = _font(DATE_PX + 2, "serif")
    for y, label, day in ((NEXT_BIRTH_Y, "生年月日", persona.birth_date),
                          (NEXT_EXPIRY_Y, "有効期限", persona.card.card_expiry)):  # fmt: skip
        draw.text((NEXT_DATES_X * w, y * h), label, font=_font(18), fill=LABEL, anchor="lm")
        draw.text(((NEXT_DATES_X + 0.13) * w, y * h), seireki(day), font=font, fill=INK,
                  anchor="lm")  # fmt: skip
    draw.text((0.35 * w, 0.66 * h), "□□市長", font=font, fill=INK, anchor="lm")
    x, y = NEXT_CHECK[0] * w, NEXT_CHECK[1] * h
    draw.text((x, y), "照合番号", font=_font(20), fill=LABEL, anchor="lm")
    number = persona.card.check_number
    draw.text((x + 100, y), number, font=_font(NEXT_CHECK_PX), fill=INK, anchor="lm")
    _mark(draw)
    return np.asarray(card, np.uint8).copy()


_KANA_ROMAJI = {
    "ア": "A", "イ": "I", "ウ": "U", "エ": "E", "オ": "O", "カ": "KA", "キ": "KI", "ク": "KU",
    "ケ": "KE", "コ": "KO", "サ": "SA", "シ": "SHI", "ス": "SU", "セ": "SE", "ソ": "SO",
    "タ": "TA", "チ": "CHI", "ツ": "TSU", "テ": "TE", "ト": "TO", "ナ": "NA", "ニ": "NI",
    "ヌ": "NU", "ネ": "NE", "ノ": "NO", "ハ": "HA", "ヒ": "HI", "フ": "FU", "ヘ": "HE",
    "ホ": "HO", "マ": "MA", "ミ": "MI", "ム": "MU", "メ": "ME", "モ": "MO", "ヤ": "YA",
    "ユ": "YU", "ヨ": "YO", "ラ": "RA", "リ": "RI", "ル": "RU", "レ": "RE", "ロ": "RO",
    "ワ": "WA", "ン": "N", "ガ": "GA", "ギ": "GI", "グ": "GU", "ゲ": "GE", "ゴ": "GO",
    "ザ": "ZA", "ジ": "JI", "ズ": "ZU", "ゼ": "ZE", "ゾ": "ZO", "ダ": "DA", "デ": "DE",
    "ド": "DO", "バ": "BA", "ビ": "BI", "ブ": "BU", "ベ": "BE", "ボ": "BO", "パ": "PA",
    "ピ": "PI", "プ": "PU", "ペ": "PE", "ポ": "PO",
}  # fmt: skip


def romaji_of(persona: Persona) -> str:
    """The name in ローマ字 as a passport prints it, family name first ("NISHIMURA AOI"),
    from the persona's フリガナ (plain Hepburn for the kana our personas use; a long vowel's
    ウ is kept, as passports do; small kana are not handled: no persona has them)."""
    words = ["".join(_KANA_ROMAJI.get(ch, "") for ch in part) for part in persona.kana.split()]
    return " ".join(words)


def _name_and_address(draw: ImageDraw.ImageDraw, persona: Persona) -> None:
    w, h = CARD_SIZE
    draw.text((12, 0.10 * h - 10), "氏名", font=_font(19), fill=LABEL)
    draw.text((75, 0.10 * h - 24), persona.name, font=_font(40), fill=INK)
    if persona.card.alias:  # 通称 of a foreign resident, printed under the name
        draw.text((420, 0.10 * h - 8), f"通称　{persona.card.alias}", font=_font(22), fill=INK)
    draw.rectangle([70, 0.21 * h - 22, 0.82 * w, 0.21 * h + 24], fill=(250, 226, 230))
    draw.text((12, 0.21 * h - 10), "住所", font=_font(19), fill=LABEL)
    draw.text((80, 0.21 * h - 16), DEMO_ADDRESS, font=_font(28), fill=INK)
    draw.text((0.86 * w, 0.28 * h - 9), "性別", font=_font(18), fill=LABEL)
    draw.text((0.93 * w, 0.28 * h - 14), SEX.get(persona.sex, ""), font=_font(26), fill=INK)


def _date_lines(draw: ImageDraw.ImageDraw, persona: Persona) -> None:
    """The date line (birth date from the left, expiry to the right edge of the line), the
    issuing mayor under it, the certificate's expiry box beside."""
    w, h = CARD_SIZE
    birth, expiry = date_line(persona).split("\u3000")
    font = _font(DATE_PX, "serif")
    y = DATE_LINE[1] * h
    draw.text((DATE_LINE[0] * w, y), birth, font=font, fill=INK, anchor="lm")
    draw.text((DATE_LINE_END * w, y), expiry, font=font, fill=INK, anchor="rm")
    draw.text((0.50 * w, 0.44 * h), "□□市長", font=font, fill=INK, anchor="lm")
    draw.rectangle([0.63 * w, 0.42 * h, 0.72 * w, 0.50 * h], fill=(60, 60, 66))
    draw.text((0.635 * w, 0.445 * h), "電子証明書", font=_font(12), fill=(255, 255, 255),
              anchor="lm")  # fmt: skip
    draw.text((0.635 * w, 0.478 * h), "の有効期限", font=_font(12), fill=(255, 255, 255),
              anchor="lm")  # fmt: skip
    cert = persona.card.card_expiry.replace(year=persona.card.card_expiry.year - 5)
    draw.text((0.73 * w, 0.46 * h), seireki(cert), font=font, fill=INK, anchor="lm")


def _lower_panels(draw: ImageDraw.ImageDraw) -> None:
    """The hatched 追記欄 and the 臓器提供意思 panel, whose digits 1 2 3 are not the code."""
    left, top, right, bottom = _px((0.35, 0.51, 0.97, 0.81))
    draw.rectangle([left, top, right, bottom], fill=(236, 236, 240), outline=(170, 170, 180))
    for x in range(left, right, 6):
        draw.line([(x, top), (x + 40, bottom)], fill=(214, 214, 222))
    left, top, right, bottom = _px(DONOR_BOX)
    small = _font(13)
    draw.text((left, top), "●臓器提供意思【1 脳死後及び心停止した死後／2 心停止した死後のみ／"
              "3 提供せず】", font=small, fill=INK)  # fmt: skip
    draw.text((left, top + 18), "《1・2で提供したくない臓器があれば×》【心臓・肺・肝臓・腎臓】",
              font=small, fill=INK)  # fmt: skip
    draw.text((left, top + 36), "署名年月日　　　年　　月　　日　　署名", font=small, fill=INK)


def _code_line(draw: ImageDraw.ImageDraw, persona: Persona) -> None:
    """The serial and, right after it on the same line, the security code (bold)."""
    w, h = CARD_SIZE
    y = CODE_LINE_Y * h
    draw.text((SERIAL_X * w, y), serial_of(persona), font=_font(14), fill=INK, anchor="lm")
    draw.text((CODE_X * w, y), persona.card.security_code, font=_font(21, "bold"), fill=INK,
              anchor="lm")  # fmt: skip


def _mark(draw: ImageDraw.ImageDraw) -> None:
    left, top, right, bottom = _px((0.86, 0.03, 0.97, 0.20))
    draw.rounded_rectangle([left, top, right, bottom], radius=10, fill=(255, 255, 255),
                           outline=(120, 120, 130), width=2)  # fmt: skip
    draw.text((left + 8, bottom - 38), "個人番号", font=_font(15), fill=INK)
    draw.text((left + 18, bottom - 20), "カード", font=_font(15), fill=INK)


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
    "glare": Variation(glare=0.8, glare_at=(0.55, 0.36)),  # over the date line
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
        front: Image | None = None,
    ) -> None:
        # ``front``: another flat front instead of the persona's drawing (the bench's real
        # specimens, bench/front_specimens.py).
        drawn = front if front is not None else render_front(persona)
        self._front = drawn if variation.width > 0 else None
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


# The OCR regression set's fronts (tests/card/test_front_regression.py, bench/card_front.py
# --regression): every era's first year and its boundaries, minors' 5-year cards, a 29
# February birthday, foreign residents (西暦, one with a 通称, expiries on any day of the
# stay), codes of every digit. (id, name, birth, expiry, code, calendar, alias)
REGRESSION_FRONTS = (
    ("showa_gannen", "昭和　元子", date(1926, 12, 28), date(2030, 12, 28), "0472", "wareki", ""),
    ("showa_64", "最後　昭", date(1989, 1, 7), date(2031, 1, 7), "6481", "wareki", ""),
    ("heisei_gannen", "番号　花子", date(1989, 3, 31), date(2029, 3, 31), "1234", "wareki", ""),
    ("heisei_31", "平成　末", date(2019, 4, 30), date(2029, 4, 30), "3150", "wareki", ""),
    ("reiwa_gannen", "令和　一", date(2019, 5, 1), date(2029, 5, 1), "5019", "wareki", ""),
    ("taisho_15", "大正　百", date(1926, 3, 3), date(2032, 3, 3), "7777", "wareki", ""),
    ("showa_50s", "秋山　進", date(1975, 10, 21), date(2033, 10, 21), "0908", "wareki", ""),
    ("heisei_teen", "若葉　茜", date(2010, 2, 28), date(2027, 2, 28), "2580", "wareki", ""),
    ("leap_day", "閏　二九", date(2000, 2, 29), date(2030, 2, 28), "8896", "wareki", ""),
    ("foreign", "GARCIA MARIA", date(1992, 11, 5), date(2028, 7, 19), "3690", "seireki", ""),
    ("foreign_alias", "NGUYEN", date(1985, 6, 12), date(2031, 6, 12), "1470", "seireki", "山田"),
    ("foreign_2000s", "KIM MINJI", date(2003, 1, 9), date(2027, 9, 30), "9021", "seireki", ""),
)


# The regression set's captures, for a FRAME_SIZE tray camera (scale ``width`` for another):
# the presets a patient's card meets, plus a slightly soft and a noisy, heavily compressed one.
REGRESSION_VARIATIONS = {
    **{name: VARIATIONS[name] for name in ("good", "tilted", "upside_down", "glare", "dark")},
    "soft": Variation(blur=1.0, angle=-5, tilt=0.02, noise=4.0),
    "noisy": Variation(angle=3, noise=7.0, jpeg=50, light=0.8),
}


def regression_personas() -> list[Persona]:
    """The regression set's holders, each a persona drawn like any other."""
    base = load_personas()["takahashi_kenji"]
    people = []
    for pid, name, birth, expiry, code, calendar, alias in REGRESSION_FRONTS:
        card = replace(base.card, card_expiry=expiry, security_code=code, calendar=calendar,
                       alias=alias)  # fmt: skip
        people.append(replace(base, id=pid, name=name, birth_date=birth, card=card))
    return people


def encode_png(image: Image) -> bytes:
    """For writing fronts as image files (the ``file:`` card-front camera in tests)."""
    buf = io.BytesIO()
    PILImage.fromarray(image).save(buf, format="PNG")
    return buf.getvalue()
