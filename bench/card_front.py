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

Engines on the same flat fields (``--engines``): Tesseract in-process (tesserocr, ours) against
the same Tesseract through its command line, one process per field (what pytesseract does).
The set-up installs the library and the jpn model, not the ``tesseract`` program: without it
the engine table times ours alone and says the comparison was skipped (``apt-get install
tesseract-ocr`` for it).

    .venv/bin/python bench/card_front.py [--n 200] [--seed 1] [--engines 30] [--still]
                                         [--held-up]

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
from datetime import date
from pathlib import Path

import cv2

from kiosk.card.front import OcrCardFront
from kiosk.card.front_ocr import FIELDS, TESSDATA, FrontOcr, Image, locate
from kiosk.sim.card import number_b_of
from kiosk.sim.card_front import SyntheticCardFront, held_up_variation, random_variation
from kiosk.sim.personas import Persona, load_personas

TODAY = date(2026, 12, 1)


def _people() -> list[Persona]:
    return [p for p in load_personas().values() if p.card.kind == "mynacard"]


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
    n: int, seed: int, ocr: FrontOcr, moves: bool, held_up: bool = False
) -> tuple[dict[str, int], list[float], list[str]]:
    """``moves``: the patient tilts the card when the kiosk asks (glare); else it stays.
    ``held_up``: the card held up to a 640 x 480 face camera (one camera for both)."""
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
            variation = random_variation(rng)
            front = SyntheticCardFront(persona, variation, seed=i, moves=moves)
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


def engines(n: int, seed: int, ocr: FrontOcr) -> None:
    """Ours (tesserocr, in-process) vs the Tesseract CLI per field, on the same flat cards; ours
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
                flat = locate(frame)
            except ValueError:
                continue
            for name, field in FIELDS.items():
                left, top, right, bottom = field.box
                grey = cv2.cvtColor(flat[top:bottom, left:right], cv2.COLOR_RGB2GRAY)
                smooth = cv2.GaussianBlur(grey, (3, 3), 0)
                binary = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
                path = Path(tmp) / f"{i}_{name}.png"
                cv2.imwrite(str(path), binary)
                t0 = time.perf_counter()
                ours = ocr.text(flat, name)
                t1 = time.perf_counter()
                cli = _cli_text(path, field.lang, field.chars) if has_cli else ""
                t2 = time.perf_counter()
                ours_t, cli_t, total = ours_t + t1 - t0, cli_t + t2 - t1, total + 1
                ours_ok += ours.replace(" ", "") == cli.replace(" ", "")
                cli_ok += bool(cli)
    if total == 0:
        print(f"engines: no card front of {n} located; no engine table")
    elif not has_cli:
        print(f"engines: {total} fields; tesserocr {ours_t / total * 1e3:.1f} ms/field; "
              "tesseract CLI comparison skipped: no `tesseract` program "
              "(apt-get install tesseract-ocr)")  # fmt: skip
    else:
        print(f"engines: {total} fields; tesserocr {ours_t / total * 1e3:.1f} ms/field, "
              f"tesseract CLI {cli_t / total * 1e3:.1f} ms/field (ratio {cli_t / ours_t:.2f}); "
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
    args = parser.parse_args(argv)
    t = time.perf_counter()
    ocr = FrontOcr()
    print(f"engine load (jpn + warm-up): {(time.perf_counter() - t) * 1e3:.0f} ms")
    if args.engines:
        engines(args.engines, args.seed, ocr)
    counts, times, notes = accuracy(args.n, args.seed, ocr, not args.still, args.held_up)
    for line in notes:
        print(line)
    ms = sorted(x * 1e3 for x in times)
    p50, p95 = statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    n = args.n
    print(f"card_front exact={counts['exact'] / n:.3f} unreadable={counts['unreadable'] / n:.3f} "
          f"wrong={counts['wrong']} asked_to_move={counts['asked']} n={n} "
          f"p50_ms={p50:.0f} p95_ms={p95:.0f}")  # fmt: skip
    ocr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
