"""照合番号B from REAL card-front images: the government's 見本 and blank templates, on the tray.

The images are not ours and never enter the repository: put them by hand in a cache directory
(the argument, else $KIOSK_FRONT_SPECIMENS, else var/front-specimens, which git ignores), with
``expected.txt`` beside them, one line per image:

    mynumber.png 01033120251234     the image's 照合番号B (the 見本: 平成元年 3月31日, 2025, 1234)
    template.png template           a blank template: filled here with fictional holders

docs/card.md ("The card front: 照合番号B by OCR") says where the images come from. Each image is
straightened (the card found in it, or the whole image when it is only the card), placed on
the simulated tray camera at each resolution with the regression set's capture variations
(tilt, glare, low light, blur, noise; kiosk/sim/card_front.py) and read by the kiosk's reader
(OcrCardFront: frames until two agreeing reads). A blank template gets fictional dates drawn
over its date line (its own background, photo, panels and code line kept); its code is the one
it prints. Images and values stay in memory; only counts are printed.

    .venv/bin/python bench/front_specimens.py [DIR] [--sizes 640x480,1280x720,1920x1080]

Exit 2 when the directory or its expected.txt is missing (nothing measured). Last lines:
front_specimens size=<WxH> exact=<n> not_read=<n> wrong=<n> n=<n>
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw

from kiosk.card.front import OcrCardFront
from kiosk.card.front_ocr import CARD_SIZE, CURRENT, FrontOcr, Image, Unreadable, locate_card, px
from kiosk.card.number_b import PrintedDate, birth_yy
from kiosk.sim.card_front import (
    DATE_LINE,
    DATE_LINE_END,
    DATE_PX,
    FRAME_SIZE,
    REGRESSION_VARIATIONS,
    SyntheticCardFront,
    _font,
    seireki,
    wareki,
)
from kiosk.sim.personas import load_personas

TODAY = date(2026, 12, 1)
DEFAULT_DIR = Path("var/front-specimens")
SIZES = "640x480,1280x720,1920x1080"
# Fictional holders for a blank template: (birth, printed in 和暦?, expiry).
FILLS = (
    (date(1989, 3, 31), True, date(2029, 3, 31)),
    (date(1958, 10, 2), True, date(2031, 10, 2)),
    (date(2019, 5, 1), True, date(2029, 5, 1)),
    (date(1990, 7, 14), False, date(2028, 11, 30)),
)
TEMPLATE_CODE = "1234"  # what the blank template prints after its serial


@dataclass(frozen=True)
class Specimen:
    name: str
    front: Image  # flat, CARD_SIZE, upright
    number_b: str


def _rgb(path: Path) -> Image:
    """The image as RGB; a transparent surround becomes a dark tray."""
    with PILImage.open(path) as img:
        rgba = img.convert("RGBA")
    tray = PILImage.new("RGBA", rgba.size, (40, 40, 40, 255))
    return np.asarray(PILImage.alpha_composite(tray, rgba).convert("RGB"), np.uint8).copy()


def _flat(image: Image) -> Image:
    """The card straightened to CARD_SIZE: found on a dark border (an image of only the card
    gets one), as the kiosk finds it on the tray."""
    pad = max(image.shape[:2]) // 8
    framed = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(40, 40, 40))
    return locate_card(np.asarray(framed, np.uint8)).flat


def _filled(template: Image, birth: date, wareki_birth: bool, expiry: date) -> Image:
    """The template with a date line drawn over its blank one, on its own background colour."""
    card = PILImage.fromarray(template)
    draw = ImageDraw.Draw(card)
    left, top, right, bottom = px((CURRENT.date_band[0], 0.325, 0.985, 0.40))
    paper = np.median(template[top:bottom, left:right].reshape(-1, 3), axis=0)
    draw.rectangle([left, top, right, bottom], fill=tuple(int(c) for c in paper))
    w, h = CARD_SIZE
    font = _font(DATE_PX, "serif")
    printed = wareki(birth) if wareki_birth else seireki(birth)
    draw.text((DATE_LINE[0] * w, DATE_LINE[1] * h), f"{printed}生", font=font, fill=(25, 25, 30),
              anchor="lm")  # fmt: skip
    draw.text((DATE_LINE_END * w, DATE_LINE[1] * h), f"{seireki(expiry)}まで有効", font=font,
              fill=(25, 25, 30), anchor="rm")  # fmt: skip
    return np.asarray(card, np.uint8).copy()


def load(directory: Path) -> list[Specimen]:
    """The specimens expected.txt lists (a template gives one per fictional holder)."""
    specimens = []
    for line in (directory / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, expected = line.split()
        flat = _flat(_rgb(directory / name))
        if expected != "template":
            specimens.append(Specimen(name, flat, expected))
            continue
        for i, (birth, wareki_birth, expiry) in enumerate(FILLS):
            yy = birth_yy(PrintedDate(birth, wareki_birth))
            digits = f"{yy}{birth:%m%d}{expiry.year}{TEMPLATE_CODE}"
            specimens.append(Specimen(f"{name}#{i}", _filled(flat, birth, wareki_birth, expiry),
                                      digits))  # fmt: skip
    return specimens


def measure(
    ocr: FrontOcr, specimens: list[Specimen], size: tuple[int, int]
) -> tuple[dict[str, int], list[str]]:
    """Each specimen under each regression variation on a tray camera of ``size``."""
    holder = next(iter(load_personas().values()))  # only its name: the front is the specimen's
    counts = {"exact": 0, "not_read": 0, "wrong": 0}
    notes = []
    for i, specimen in enumerate(specimens):
        for name, variation in REGRESSION_VARIATIONS.items():
            scaled = replace(variation, width=variation.width * size[0] / FRAME_SIZE[0])
            camera = SyntheticCardFront(holder, scaled, seed=i, size=size, front=specimen.front)
            got = OcrCardFront(camera, lambda: TODAY, ocr=ocr, budget_s=60.0).number_b()
            outcome = "exact" if got == specimen.number_b else "wrong" if got else "not_read"
            counts[outcome] += 1
            if outcome != "exact":
                notes.append(f"{outcome}: {specimen.name} {name}")
    return counts, notes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = os.environ.get("KIOSK_FRONT_SPECIMENS", str(DEFAULT_DIR))
    parser.add_argument("directory", nargs="?", default=default)
    parser.add_argument("--sizes", default=SIZES, help="tray camera resolutions, WxH,WxH")
    own = "no real images: one of our fronts stands in (bench/short.py: the code path only)"
    parser.add_argument("--own", action="store_true", help=own)
    args = parser.parse_args(argv)
    if args.own:
        with tempfile.TemporaryDirectory(prefix="kiosk-own-front-") as tmp:
            _own_specimen(Path(tmp))
            return _run(Path(tmp), args.sizes)
    return _run(Path(args.directory), args.sizes)


def _own_specimen(directory: Path) -> None:
    from kiosk.sim.card import number_b_of
    from kiosk.sim.card_front import render_front
    from kiosk.sim.personas import get_persona

    persona = get_persona("sato_hanako")
    PILImage.fromarray(render_front(persona)).save(directory / "own.png")
    (directory / "expected.txt").write_text(f"own.png {number_b_of(persona)}\n", "utf-8")


def _run(directory: Path, sizes: str) -> int:
    if not (directory / "expected.txt").is_file():
        print(f"front_specimens: no {directory}/expected.txt; see the module docstring")
        return 2
    try:
        specimens = load(directory)
    except (OSError, ValueError, Unreadable) as exc:
        print(f"front_specimens: cannot load the specimens: {exc}")
        return 2
    ocr = FrontOcr()
    try:
        for label in sizes.split(","):
            width, height = (int(x) for x in label.lower().split("x"))
            counts, notes = measure(ocr, specimens, (width, height))
            for note in notes:
                print(note)
            print(f"front_specimens size={label} exact={counts['exact']} "
                  f"not_read={counts['not_read']} wrong={counts['wrong']} "
                  f"n={sum(counts.values())}")  # fmt: skip
    finally:
        ocr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
