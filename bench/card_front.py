"""照合番号B from rendered card fronts: accuracy and time from card placed to number.

Each trial places one persona's card on the tray with a random capture variation (position,
rotation, upside down, perspective tilt, blur, glare, low light, noise, JPEG quality;
kiosk/sim/card_front.py) and runs the kiosk's reader (OcrCardFront: frames until two agreeing
reads) on it. Outcomes per placement:
  exact               the card's own 照合番号B
  unreadable          no number (the kiosk offers the PIN or staff); nothing reached the card
  wrong-but-plausible a different number that passed every check: it would cost a card try
Time is from the first grab to the answer, less the simulator's drawing of the frames, with the
OCR engine already loaded (the kiosk loads it at first use).

Engines on the same lines (``--engines``): Tesseract in-process (tesserocr, ours) against
the same Tesseract through its command line, one process per field (what pytesseract does).
The set-up installs the library and the jpn model, not the ``tesseract`` program: without it
the engine table times ours alone and says the comparison was skipped (``apt-get install
tesseract-ocr`` for it).

    .venv/bin/python bench/card_front.py [--n 200] [--seed 1] [--engines 30] [--still]
                                         [--held-up] [--size 1920x1080] [--regression]

``--size``: the tray camera's resolution (the card spans the same share of its view at any);
docs/card.md compares 640x480, 1280x720 and 1920x1080. ``--regression``: instead of random
placements, the fixed regression set (kiosk/sim/card_front.py REGRESSION_FRONTS: every era's
first year, foreign residents, ... x REGRESSION_VARIATIONS), last line ``card_front regression
size=… exact=… not_read=… wrong=… n=…``. Real 見本 images: bench/front_specimens.py.

A card under glare makes the kiosk ask the patient to tilt or move it; the simulated patient
does (``--still``: a patient who does not). ``--held-up``: the card held up close to a
640 x 480 face camera instead of lying under a 1280 x 960 tray camera. The time of a card
that was asked about counts only the reader's work, not the patient's reaction (the
simulated one is instant).

Last line: card_front exact=<rate> unreadable=<rate> wrong=<count> asked_to_move=<count>
p50_ms=… p95_ms=…
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import cv2

from kiosk.card.front import OcrCardFront
from kiosk.card.front_ocr import (
    CODE_CHARS,
    CURRENT,
    DATE_CHARS,
    TESSDATA,
    FrontOcr,
    Image,
    locate_card,
    text_lines,
)
from kiosk.sim.card import number_b_of
from kiosk.sim.card_front import (
    FRAME_SIZE,
    REGRESSION_VARIATIONS,
    SyntheticCardFront,
    Variation,
    held_up_variation,
    random_variation,
    regression_personas,
)
from kiosk.sim.personas import Persona, load_personas

TODAY = date(2026, 12, 1)


def _people() -> list[Persona]:
    return [p for p in load_personas().values() if p.card.kind == "mynacard"]


def at_resolution(v: Variation, size: tuple[int, int]) -> Variation:
    """A tray variation (drawn for FRAME_SIZE) seen by a camera of ``size`` at the same
    distance: the card spans the same share of the frame's width."""
    return replace(v, width=v.width * size[0] / FRAME_SIZE[0])


class _Timed:
    """The synthetic camera, keeping how long it spent drawing frames: a real camera has each
    frame ready at its frame rate, so drawing time is left out of the reader's time."""

    held_up = False

    def __init__(self, camera: SyntheticCardFront) -> None:
        self.camera = camera
        self.drawing = 0.0

    def grab(self) -> Image | None:
        start = time.perf_counter()
        try:
            return self.camera.grab()
        finally:
            self.drawing += time.perf_counter() - start

    def prompt(self, hint: str) -> None:
        self.camera.prompt(hint)

    def close(self) -> None:
        return


def accuracy(
    n: int,
    seed: int,
    ocr: FrontOcr,
    moves: bool,
    held_up: bool = False,
    size: tuple[int, int] = FRAME_SIZE,
) -> tuple[dict[str, int], list[float], list[str]]:
    """``moves``: the patient tilts the card when the kiosk asks (glare); else it stays.
    ``held_up``: the card held up to a 640 x 480 face camera (one camera for both). ``size``:
    the tray camera's resolution; the card fills the same share of its view at any (the camera
    is as far from the tray), so it has fewer pixels in a smaller frame."""
    rng = random.Random(seed)
    people = _people()
    counts = {"exact": 0, "unreadable": 0, "wrong": 0, "asked": 0}
    times: list[float] = []
    notes: list[str] = []
    for i in range(n):
        persona = rng.choice(people)
        if held_up:
            variation = held_up_variation(rng)
            front = SyntheticCardFront(persona, variation, seed=i, moves=moves, size=(640, 480))
        else:
            variation = at_resolution(random_variation(rng), size)
            front = SyntheticCardFront(persona, variation, seed=i, moves=moves, size=size)
        camera = _Timed(front)
        reader = OcrCardFront(camera, lambda: TODAY, ocr=ocr, budget_s=60.0)
        start = time.perf_counter()
        got = reader.number_b()
        times.append(time.perf_counter() - start - camera.drawing)
        counts["asked"] += bool(front.prompts)
        if got is None:
            counts["unreadable"] += 1
            notes.append(f"unreadable: #{i} asked {len(front.prompts)}x {persona.id} {variation}")
        elif got == number_b_of(persona):
            counts["exact"] += 1
        else:
            counts["wrong"] += 1
            notes.append(f"wrong-but-plausible: #{i} {persona.id} {variation}")
    return counts, times, notes


def _cli_text(image_path: Path, lang: str, chars: str) -> str:
    out = subprocess.run(
        ["tesseract", str(image_path), "stdout", "--tessdata-dir", str(TESSDATA), "-l", lang,
         "--psm", "7", "-c", f"tessedit_char_whitelist={chars}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return out.stdout.strip()


def regression(
    ocr: FrontOcr, size: tuple[int, int], seed: int = 0
) -> tuple[dict[str, int], list[str]]:
    """The regression set (kiosk.sim.card_front.REGRESSION_FRONTS x REGRESSION_VARIATIONS) on
    a tray camera of ``size``: exact / not read / wrong-but-plausible placements."""
    counts = {"exact": 0, "unreadable": 0, "wrong": 0}
    notes = []
    for i, persona in enumerate(regression_personas()):
        for name, variation in REGRESSION_VARIATIONS.items():
            camera = SyntheticCardFront(persona, at_resolution(variation, size), seed=seed + i,
                                        size=size)  # fmt: skip
            got = OcrCardFront(camera, lambda: TODAY, ocr=ocr, budget_s=60.0).number_b()
            outcome = "exact" if got == number_b_of(persona) else "wrong" if got else "unreadable"
            counts[outcome] += 1
            if outcome != "exact":
                notes.append(f"{outcome}: {persona.id} {name}")
    return counts, notes


def _lines(flat: Image) -> list[tuple[tuple[int, int, int, int], str]]:
    """The lines the reader OCRs on a flat card: the date band's and the code line."""
    dates = [(box, DATE_CHARS) for box in text_lines(flat, CURRENT.date_band)]
    code = text_lines(flat, CURRENT.code_band)[-1:]
    return dates + [(box, CODE_CHARS) for box in code]


def engines(n: int, seed: int, ocr: FrontOcr) -> None:
    """Ours (tesserocr, in-process) vs the Tesseract CLI per line, on the same flat cards; ours
    alone when the ``tesseract`` program is not installed."""
    has_cli = shutil.which("tesseract") is not None
    rng = random.Random(seed + 1)
    people = _people()
    ours_t, cli_t, ours_ok, cli_ok, total = 0.0, 0.0, 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            persona = rng.choice(people)
            frame = SyntheticCardFront(persona, random_variation(rng), seed=i).grab()
            assert frame is not None
            try:
                card = locate_card(frame)
            except ValueError:
                continue
            for j, (box, chars) in enumerate(_lines(card.flat)):
                path = Path(tmp) / f"{i}_{j}.png"  # a synthetic card's line, deleted after
                cv2.imwrite(str(path), ocr.line_image(card, box)[0])
                t0 = time.perf_counter()
                ours = ocr.read_line(card, box, chars).text
                t1 = time.perf_counter()
                cli = _cli_text(path, "jpn", chars) if has_cli else ""
                t2 = time.perf_counter()
                ours_t, cli_t, total = ours_t + t1 - t0, cli_t + t2 - t1, total + 1
                ours_ok += ours == cli.replace(" ", "")
                cli_ok += bool(cli)
    if total == 0:
        print(f"engines: no card front of {n} located; no engine table")
    elif not has_cli:
        print(f"engines: {total} lines; tesserocr {ours_t / total * 1e3:.1f} ms/line; "
              "tesseract CLI comparison skipped: no `tesseract` program "
              "(apt-get install tesseract-ocr)")  # fmt: skip
    else:
        print(f"engines: {total} lines; tesserocr {ours_t / total * 1e3:.1f} ms/line, "
              f"tesseract CLI {cli_t / total * 1e3:.1f} ms/line (ratio {cli_t / ours_t:.2f}); "
              f"same text {ours_ok}/{total}")  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", type=int, default=30, help="fronts for the engine table")
    parser.add_argument("--still", action="store_true",
                        help="patients who do not move the card when asked")  # fmt: skip
    parser.add_argument("--held-up", action="store_true",
                        help="cards held up to a 640x480 face camera (card_front.source = "
                             "face-camera)")  # fmt: skip
    parser.add_argument("--size", default="1280x960",
                        help="the tray camera's resolution, WxH (not with --held-up)")  # fmt: skip
    parser.add_argument("--regression", action="store_true",
                        help="the fixed regression set (every era's first year, foreign "
                             "residents, ...) instead of random placements")  # fmt: skip
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    if args.regression:
        return _regression(args.size, (width, height))
    t = time.perf_counter()
    ocr = FrontOcr()
    print(f"engine load (jpn + warm-up): {(time.perf_counter() - t) * 1e3:.0f} ms")
    if args.engines:
        engines(args.engines, args.seed, ocr)
    counts, times, notes = accuracy(
        args.n, args.seed, ocr, not args.still, args.held_up, (width, height)
    )
    for line in notes:
        print(line)
    ms = sorted(x * 1e3 for x in times)
    p50, p95 = statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    n = args.n
    print(f"card_front exact={counts['exact'] / n:.3f} unreadable={counts['unreadable'] / n:.3f} "
          f"wrong={counts['wrong']} asked_to_move={counts['asked']} n={n} size={args.size} "
          f"p50_ms={p50:.0f} p95_ms={p95:.0f}")  # fmt: skip
    ocr.close()
    return 0


def _regression(label: str, size: tuple[int, int]) -> int:
    ocr = FrontOcr()
    counts, notes = regression(ocr, size)
    ocr.close()
    for line in notes:
        print(line)
    total = sum(counts.values())
    print(f"card_front regression size={label} exact={counts['exact']} "
          f"not_read={counts['unreadable']} wrong={counts['wrong']} n={total}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
