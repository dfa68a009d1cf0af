"""A synthetic camera for the demo and the tests: a persona's photo as a live person in front of
the kiosk, with small pose jitter, lighting drift, sensor noise, spontaneous blinks, and blinks or
head turns when the screen asks for them (``prompt``).

Variants (``SyntheticCamera(photo, variant)``):
  genuine            the person on the card
  impostor:PHOTO     someone else, alive (blinks and turns like anyone)
  photo              a printed photo of the person held up: moves with the hand, never blinks
  mask[:COLOUR]      the person wearing a surgical mask (black, blue, green, white)
  none               nobody in front of the camera
  far | close        standing too far / too close
  dark | bright      bad lighting
  crowd:PHOTO        the person with someone else beside them
  card:PERSONA       the person, who holds PERSONA's card front up to the camera when the
                     screen asks for it (one camera for both), and lowers it when asked to
                     look at the camera
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from kiosk.config import CameraConfig
from kiosk.face.camera import Camera, CameraError, Pacer
from kiosk.face.detect import Box, Image, Point, detect, landmarks
from kiosk.face.hints import Hint
from kiosk.face.liveness import measures
from kiosk.sim import photos

VARIANTS = ("genuine", "impostor:", "photo", "mask", "none", "far", "close", "dark", "bright",
            "card:")  # fmt: skip
HELD_FRAMES = 4  # frames of the held-up card drawn at start (drawing one takes ~50 ms)
FACE_WIDTH = 150  # pixels at 640x480: a patient at about 50 cm from a wide-angle webcam
BLINK_S = 0.2
TURN_S = 0.9
REACTION_S = 0.25
TURN_LEVELS = 3
TURN_DEGREES = 24.0  # how far an asked turn goes (a patient turns 20-30 degrees when asked)
NOSE_DEPTH = 0.45  # how far the nose tip stands out, in inter-ocular distances
WIDE_EAR = 0.3  # squinting photos get their eyes opened to about this eye aspect ratio


def split_source(text: str) -> tuple[str, str]:
    """'t1:3:impostor:astronaut' -> ('t1:3', 'impostor:astronaut'); no variant -> 'genuine'."""
    parts = text.split(":")
    take = 2 if parts[0] in ("t1", "mask") and len(parts) > 1 else 1
    return ":".join(parts[:take]), ":".join(parts[take:]) or "genuine"


@dataclass(frozen=True)
class _Look:
    """How a variant changes the scene."""

    face_width: int = FACE_WIDTH
    gain: float = 1.0
    offset: float = 0.0
    alive: bool = True  # blinks, turns, answers prompts
    printed: bool = False


LOOKS = {
    "genuine": _Look(),
    "photo": _Look(alive=False, printed=True),
    "far": _Look(face_width=56),  # ~9 % of 640: twice a normal arm's length
    "close": _Look(face_width=400),
    "dark": _Look(gain=0.18),
    "bright": _Look(gain=1.6, offset=120),
}


def _background(width: int, height: int) -> Image:
    """A plain wall with a soft vertical gradient, like a clinic corridor."""
    ramp = np.linspace(175, 125, height, dtype=np.float32)[:, None, None]
    tint = np.array([1.0, 0.97, 0.92], dtype=np.float32)[None, None, :]
    wall = np.broadcast_to(ramp * tint, (height, width, 3))
    out: Image = np.ascontiguousarray(wall, dtype=np.uint8)
    return out


def _largest(image: Image) -> Box:
    found = detect(image, upsample=1).faces
    if not found:
        raise CameraError("no face in the synthetic camera's photo")
    return max(found, key=lambda b: b.area)


def _paste(canvas: Image, photo: Image, centre: tuple[float, float], at: tuple[int, int]) -> None:
    """Paste ``photo`` so that its point ``centre`` lands on canvas point ``at`` (clipped)."""
    h, w = canvas.shape[:2]
    x0, y0 = round(at[0] - centre[0]), round(at[1] - centre[1])
    ph, pw = photo.shape[:2]
    left, top = max(0, x0), max(0, y0)
    right, bottom = min(w, x0 + pw), min(h, y0 + ph)
    if right > left and bottom > top:
        canvas[top:bottom, left:right] = photo[top - y0 : bottom - y0, left - x0 : right - x0]


def _place(photo: Image, look: _Look, size: tuple[int, int], at: tuple[float, float]) -> Image:
    box = _largest(photo)
    scale = look.face_width / max(box.width, 1)
    resized: Image = np.asarray(
        cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR), np.uint8
    )
    if look.printed:  # a print: paler, with a white border
        resized = np.asarray(cv2.convertScaleAbs(resized, alpha=0.8, beta=30), np.uint8)
        resized = np.asarray(
            cv2.copyMakeBorder(resized, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=(235,) * 3),
            np.uint8,
        )
        box = box.scaled(scale).shifted(12, 12)
    else:
        box = box.scaled(scale)
    canvas = _background(*size)
    w, h = size
    _paste(canvas, resized, box.centre, (round(at[0] * w), round(at[1] * h)))
    return canvas


def _widen_eyes(image: Image, marks: dict[str, list[Point]], factor: float) -> Image:
    """Open squinting eyes a little (magnify them vertically), so a blink is a clear change."""
    out = image.copy()
    h, w = image.shape[:2]
    for eye in ("left_eye", "right_eye"):
        pts = np.array(marks[eye], dtype=np.float32)
        width = float(np.linalg.norm(pts[3] - pts[0]))
        cx, cy = pts.mean(axis=0)
        x0, x1 = max(int(cx - 0.85 * width), 0), min(int(cx + 0.85 * width) + 1, w)
        y0, y1 = max(int(cy - 0.6 * width), 0), min(int(cy + 0.6 * width) + 1, h)
        ys, xs = np.indices((y1 - y0, x1 - x0), dtype=np.float32)
        ys += y0
        xs += x0
        u = (xs - cx) / (0.85 * width)
        v = (ys - cy) / (0.6 * width)
        weight = np.clip(1.4 - 1.4 * u**2, 0, 1) * np.clip(1.4 - 1.4 * v**2, 0, 1)
        map_y = (ys + weight * ((cy + (ys - cy) / factor) - ys)).astype(np.float32)
        region = cv2.remap(image, xs, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out[y0:y1, x0:x1] = region
    return out


def _close_eyes(image: Image, marks: dict[str, list[Point]]) -> Image:
    """Shut the eyes: fill the opening (and the lashes) from the surrounding lid skin."""
    mask = np.zeros(image.shape[:2], np.uint8)
    for eye in ("left_eye", "right_eye"):
        pts = np.array(marks[eye], dtype=np.float32)
        width = float(np.linalg.norm(pts[3] - pts[0]))
        cx, cy = pts.mean(axis=0)
        half_height = float(pts[:, 1].max() - pts[:, 1].min()) / 2
        axes = (round(0.65 * width), round(max(0.3 * width, 1.5 * half_height)))
        cv2.ellipse(mask, (round(cx), round(cy)), axes, 0, 0, 360, 255, -1)
    grown = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    return np.asarray(cv2.inpaint(image, grown, 5, cv2.INPAINT_TELEA), np.uint8)


def _turned(image: Image, marks: dict[str, list[Point]], degrees: float) -> Image:
    """Fake a head turn by ``degrees`` (positive: to the patient's left): the face as a cylinder
    with a nose on it, rotated about its vertical axis and projected back. Like a real turn, the
    nose moves across the face more than the eyes, steadily further the more the head turns;
    the far cheek narrows. Beyond the head the picture blends back to the unmoved one."""
    h, w = image.shape[:2]
    left, right = np.mean(marks["left_eye"], axis=0), np.mean(marks["right_eye"], axis=0)
    iod = float(np.linalg.norm(right - left))
    cx, eye_y = float(left[0] + right[0]) / 2, float(left[1] + right[1]) / 2
    tip_x, tip_y = marks["nose_tip"][2]
    chin_y = max(y for _, y in marks["chin"])
    radius, half_height = 1.15 * iod, 0.5 * (chin_y - eye_y) + 1.3 * iod
    theta = math.radians(degrees)
    ys, xs = np.indices((h, w), dtype=np.float32)
    dx = xs - cx
    depth = np.sqrt(np.clip(radius**2 - dx**2, 0, None))
    nose_y = (eye_y + tip_y) / 2 + 0.1 * iod
    nose = (
        NOSE_DEPTH
        * iod
        * np.exp(
            -((xs - tip_x) ** 2) / (2 * (0.2 * iod) ** 2)
            - ((ys - nose_y) ** 2) / (2 * (0.5 * iod) ** 2)
        )
    )
    # Rotated and projected; shifted back so the eyes stay where they were (the head turns on
    # the neck, it does not slide).
    eye_depth = math.sqrt(radius**2 - (0.5 * iod) ** 2)
    moved = dx * math.cos(theta) + (depth + nose - eye_depth) * math.sin(theta)
    r = np.sqrt(
        (dx / (1.25 * radius)) ** 2 + ((ys - (eye_y + chin_y) / 2 + 0.3 * iod) / half_height) ** 2
    )
    weight = np.clip((1.35 - r) / 0.35, 0, 1)
    # Where each source column lands; kept increasing (the nose hides what is behind it), then
    # inverted row by row into the source column for each output pixel.
    forward = np.maximum.accumulate(xs + weight * (moved - dx), axis=1)
    columns = np.arange(w, dtype=np.float32)
    map_x = np.stack([np.interp(columns, row, columns) for row in forward]).astype(np.float32)
    turned = cv2.remap(image, map_x, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(turned, np.uint8)


def _wear_mask(image: Image, marks: dict[str, list[Point]], colour: str) -> Image:
    """Lay a surgical-mask texture over nose, mouth and chin."""
    out = image.copy()
    chin = marks["chin"]
    top_y = marks["nose_bridge"][1][1]
    outline = [(chin[1][0], top_y), *chin[1:16], (chin[15][0], top_y)]
    poly = np.array(outline, dtype=np.int32)
    x, y, w, h = cv2.boundingRect(poly)
    texture = cv2.resize(photos.load_photo(f"mask:{colour}"), (w, h))
    shape = np.zeros(image.shape[:2], np.uint8)
    cv2.fillPoly(shape, [poly], 255)
    area = shape[y : y + h, x : x + w] > 0
    out[y : y + h, x : x + w][area] = texture[area]
    return out


class _Schedule:
    """When the simulated person blinks or turns; answers prompts after a human reaction time."""

    def __init__(self, rng: random.Random, alive: bool) -> None:
        self._rng = rng
        self._alive = alive
        self._lock = threading.Lock()
        self._blinks: list[float] = []
        self._turns: list[tuple[float, int]] = []  # (start, +1 patient's left / -1 right)
        self._next_spontaneous = rng.uniform(0.5, 2.5)

    def pose(self, t: float) -> str:
        if not self._alive:
            return "open"
        with self._lock:
            if t >= self._next_spontaneous:
                self._blinks.append(self._next_spontaneous)
                self._next_spontaneous += self._rng.uniform(2.5, 4.5)
            for start, side in self._turns:
                if start <= t < start + TURN_S:
                    phase = math.sin(math.pi * (t - start) / TURN_S)
                    level = max(1, round(phase * TURN_LEVELS))
                    return f"{'left' if side > 0 else 'right'}{level}"
            if any(start <= t < start + BLINK_S for start in self._blinks):
                return "closed"
        return "open"

    def answer(self, hint: Hint, t: float) -> None:
        if not self._alive:
            return
        start = t + REACTION_S
        with self._lock:
            if hint is Hint.BLINK and not any(abs(s - start) < 1.0 for s in self._blinks):
                self._blinks.append(start)
            elif hint in (Hint.TURN_LEFT, Hint.TURN_RIGHT):
                side = 1 if hint is Hint.TURN_LEFT else -1
                if not any(s + TURN_S + 0.5 > start for s, _ in self._turns):
                    self._turns.append((start, side))


class SyntheticCamera(Camera):
    def __init__(
        self,
        photo_source: str,
        variant: str = "genuine",
        *,
        width: int = 640,
        height: int = 480,
        fps: int = 30,
        seed: int = 0,
    ) -> None:
        super().__init__(f"synthetic:{photo_source}:{variant}")
        self.photo_source = photo_source
        self.variant = variant
        self._size = (width, height)
        self._fps = fps
        self._rng = random.Random(seed)
        self._poses: dict[str, Image] = {}
        self._noise: list[tuple[Image, Image]] = []
        self._schedule = _Schedule(self._rng, alive=True)
        self._t0 = 0.0
        self._frame_no = 0
        self._pacer = Pacer(fps)
        self._unplugged = threading.Event()
        self._phases = [self._rng.uniform(0, 2 * math.pi) for _ in range(5)]
        self._held: list[Image] = []
        self._holding_lock = threading.Lock()
        self._holding_from: float | None = None

    # --- scene preparation (once, when the camera starts) --------------------------------

    def _open(self) -> None:
        kind, _, arg = self.variant.partition(":")
        look = LOOKS.get(kind, LOOKS["genuine"])
        if kind not in LOOKS and kind not in ("impostor", "mask", "none", "crowd", "card"):
            raise CameraError(f"unknown synthetic variant {self.variant!r}")
        try:
            self._poses = self._build_poses(kind, arg, look)
        except (photos.PhotoError, photos.PhotoUnavailable) as exc:
            raise CameraError(str(exc)) from exc
        self._held = self._held_card(arg) if kind == "card" else []
        self._schedule = _Schedule(self._rng, alive=look.alive and kind != "none")
        self._noise = [self._noise_pair() for _ in range(6)]
        self._unplugged.clear()
        self._t0 = time.monotonic()
        self._pacer = Pacer(self._fps)

    def _build_poses(self, kind: str, arg: str, look: _Look) -> dict[str, Image]:
        if kind == "none":
            return {"open": _background(*self._size)}
        source = arg if kind == "impostor" else self.photo_source
        canvas = _place(photos.load_photo(source), look, self._size, (0.5, 0.45))
        if kind == "crowd":
            other = _place(photos.load_photo(arg), look, self._size, (0.8, 0.5))
            canvas[:, self._size[0] * 2 // 3 :] = other[:, self._size[0] * 2 // 3 :]
        if not look.alive:
            return {"open": canvas}
        face = _largest(canvas)
        marks = landmarks(canvas, face)
        measured = measures(marks)
        if measured is not None and measured.ear < WIDE_EAR:
            canvas = _widen_eyes(canvas, marks, WIDE_EAR / max(measured.ear, 0.1))
            marks = landmarks(canvas, face)
        if kind == "mask":
            canvas = _wear_mask(canvas, marks, arg or "blue")
        poses = {"open": canvas, "closed": _close_eyes(canvas, marks)}
        for level in range(1, TURN_LEVELS + 1):
            degrees = TURN_DEGREES * level / TURN_LEVELS
            poses[f"left{level}"] = _turned(canvas, marks, degrees)
            poses[f"right{level}"] = _turned(canvas, marks, -degrees)
        return poses

    def _noise_pair(self) -> tuple[Image, Image]:
        w, h = self._size
        sample = np.random.default_rng(self._rng.randrange(2**32)).normal(0, 4.0, (h, w, 3))
        return (
            np.clip(sample, 0, 255).astype(np.uint8),
            np.clip(-sample, 0, 255).astype(np.uint8),
        )

    # --- per frame ------------------------------------------------------------------------

    def _read(self) -> Image | None:
        self._pacer.wait()
        if self._unplugged.is_set():
            return None
        t = time.monotonic() - self._t0
        self._frame_no += 1
        with self._holding_lock:
            holding = self._holding_from is not None and t >= self._holding_from
        if holding and self._held:
            return self._held[self._frame_no % len(self._held)]
        base = self._poses.get(self._schedule.pose(t), self._poses["open"])
        return self._render(base, t)

    def _held_card(self, persona_id: str) -> list[Image]:
        """The persona's card front held up close, a few frames of hand jitter and noise."""
        from kiosk.sim.card_front import HELD_UP, capture, render_front
        from kiosk.sim.personas import load_personas

        people = load_personas()
        if persona_id not in people:
            raise CameraError(f"unknown persona {persona_id!r} for the held-up card")
        front = render_front(people[persona_id])
        held = []
        for _ in range(HELD_FRAMES):
            jitter = replace(HELD_UP, angle=HELD_UP.angle + self._rng.uniform(-1, 1))
            held.append(capture(front, jitter, self._rng.randrange(2**31), self._size))
        return held

    def _render(self, base: Image, t: float) -> Image:
        w, h = self._size
        p = self._phases
        angle = 2.0 * math.sin(0.7 * t + p[0])
        scale = 1.0 + 0.03 * math.sin(0.5 * t + p[1])
        dx = 4.0 * math.sin(1.1 * t + p[2])
        dy = 3.0 * math.sin(0.9 * t + p[3])
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
        matrix[0, 2] += dx
        matrix[1, 2] += dy
        moved = cv2.warpAffine(base, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)
        kind = self.variant.partition(":")[0]
        look = LOOKS.get(kind, LOOKS["genuine"])
        gain = look.gain * (1.0 + 0.06 * math.sin(0.3 * t + p[4]))
        lit = cv2.convertScaleAbs(moved, alpha=gain, beta=look.offset)
        plus, minus = self._noise[self._frame_no % len(self._noise)]
        return np.asarray(cv2.subtract(cv2.add(lit, plus), minus), np.uint8)

    def prompt(self, hint: Hint) -> None:
        t = time.monotonic() - self._t0
        with self._holding_lock:
            if hint is Hint.SHOW_CARD_FRONT:
                self._holding_from = t + REACTION_S  # the card comes up after a moment
                return
            self._holding_from = None  # any other ask: the card goes down, the face shows
        self._schedule.answer(hint, t)

    def unplug(self) -> None:
        """Simulate the USB cable being pulled: reads fail from now on, then the camera fails."""
        self._unplugged.set()


def open_synthetic(source: str, config: CameraConfig) -> SyntheticCamera:
    """The ``kiosk.cameras`` entry point: ``camera.source = "synthetic:PHOTO[:VARIANT]"``."""
    photo, variant = split_source(source)
    return SyntheticCamera(photo, variant, width=config.width, height=config.height, fps=config.fps)


class FramesCamera(Camera):
    """Frames made in memory (kiosk.sim.face_sets.camera_frame of a set photo), played in a loop
    at ``fps``: the benchmark's live person, without writing any face to disk."""

    def __init__(self, frames: list[Image], fps: int = 30) -> None:
        if not frames:
            raise ValueError("FramesCamera needs at least one frame")
        super().__init__("frames")
        self._frames = frames
        self._fps = fps
        self._pos = 0
        self._pacer = Pacer(fps)

    def _open(self) -> None:
        self._pos = 0
        self._pacer = Pacer(self._fps)

    def _read(self) -> Image | None:
        self._pacer.wait()
        frame = self._frames[self._pos % len(self._frames)]
        self._pos += 1
        return frame
