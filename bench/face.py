"""Face verification benchmark: our pipeline against a naive one, in the same run.

Ours: capture thread, HOG on a 0.75x copy, newest frame only, encoding in a worker process.
Naive: full-resolution HOG (upsample=1) and encoding of every frame in the calling process.
Both use the same policy (the k-of-n stable match + a blink) on the synthetic camera.
Then the calibration table: genuine and impostor distances of real people's photos (shipped by
packages, kiosk/sim/face_sets.py) as chip photos of 1.5-5 kB against simulated camera frames,
and the accept rates of the product's decision rule on them.

    .venv/bin/python bench/face.py [--sessions N]     # everything (a few minutes)
    .venv/bin/python bench/face.py --calibration       # only the calibration table
    .venv/bin/python bench/face.py --sessions 1 --naive-sessions 1 --sets face_recognition
                                                       # the short form (bench/short.py)

``--sets`` narrows the calibration to some of the photo sets (kiosk/sim/face_sets.py; default:
all). The table then stands for fewer people: only the full run's numbers are the calibration.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import cv2
import numpy as np

from kiosk.config import CameraConfig
from kiosk.face.analysis import analyse
from kiosk.face.camera import Frame
from kiosk.face.detect import distance, encode, find_faces, landmarks
from kiosk.face.encoder import grey_crop
from kiosk.face.hints import Hint
from kiosk.face.liveness import Liveness, measures, new_check
from kiosk.face.verifier import (
    K_OF,
    N_LAST,
    FaceVerifierService,
    StableMatch,
    chip_face,
    decode_chip_photo,
)
from kiosk.ports import FaceOutcome
from kiosk.sim import face_sets, photos
from kiosk.sim.camera import SyntheticCamera

SOURCES = ["astronaut", "tom_hanks", *(f"t1:{i}" for i in range(6))]
THRESHOLD = CameraConfig().match_threshold


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


class FpsCounter:
    def __init__(self) -> None:
        self.frames = 0

    def __call__(self, frame: Frame) -> None:
        self.frames += 1


def per_frame_latency(n: int = 20) -> tuple[list[float], list[float]]:
    camera = SyntheticCamera("astronaut", seed=11)
    camera.start()
    frames = [camera.wait_newer(i, 2.0) for i in range(n)]
    camera.stop()
    ours, naive = [], []
    for frame in frames:
        assert frame is not None
        t = time.perf_counter()
        analyse(frame.image)  # the encode runs in the worker, off this path
        ours.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        boxes = find_faces(frame.image, upsample=1)
        if boxes:
            encode(frame.image, boxes[0])
        naive.append((time.perf_counter() - t) * 1000)
    return ours, naive


def our_sessions(
    service: FaceVerifierService, n: int, chip: bytes, liveness: Liveness
) -> tuple[list[float], float]:
    service.liveness = liveness
    decisions, frames, elapsed = [], 0, 0.0
    for seed in range(n):
        camera = SyntheticCamera("astronaut", seed=100 + seed)
        counter = FpsCounter()
        camera.add_listener(counter)
        camera.start()
        service.camera = camera
        first_face: list[float] = []

        def on_hint(hint: str, first_face: list[float] = first_face) -> None:
            if hint in ("blink", "hold_still") and not first_face:  # the first face frame
                first_face.append(time.monotonic())

        t0 = time.monotonic()
        result = service.verify(chip, budget_s=15, is_cancelled=lambda: False, on_hint=on_hint)
        done = time.monotonic()
        frames += counter.frames
        elapsed += done - t0
        camera.stop()
        if result.outcome is FaceOutcome.MATCH and first_face:
            decisions.append((done - first_face[0]) * 1000)
        else:
            decisions.append(15_000.0)
    return decisions, frames / elapsed


def naive_sessions(
    n: int, chip: bytes, liveness: Liveness, budget_s: float = 10.0
) -> tuple[list[float], float]:
    image = decode_chip_photo(chip)
    assert image is not None
    chip_enc = encode(image, find_faces(image, upsample=1)[0])
    decisions, frames, elapsed = [], 0, 0.0
    for seed in range(n):
        camera = SyntheticCamera("astronaut", seed=100 + seed)
        counter = FpsCounter()
        camera.add_listener(counter)
        camera.start()
        t0 = time.monotonic()
        first, check, last, verdict = None, new_check(liveness), -1, None
        rule = StableMatch(THRESHOLD)
        while time.monotonic() - t0 < budget_s and verdict is None:
            frame = camera.wait_newer(last, 1.0)
            if frame is None:
                continue
            last = frame.index
            boxes = find_faces(frame.image, upsample=1)
            if not boxes:
                continue
            box = max(boxes, key=lambda b: b.area)
            first = first or time.monotonic()
            camera.prompt(Hint.BLINK)
            grey = cv2.cvtColor(frame.image, cv2.COLOR_RGB2GRAY)
            face = grey[box.top : box.bottom, box.left : box.right]
            measured = measures(landmarks(frame.image, box), grey, float(face.std()))
            if measured:
                check.feed(measured)
            d = distance(chip_enc, encode(frame.image, box))
            rule.feed(d)
            if rule.matched and check.passed:
                verdict = time.monotonic()
        elapsed += time.monotonic() - t0
        frames += counter.frames
        camera.stop()
        decisions.append((verdict - first) * 1000 if verdict and first else budget_s * 1000)
    return decisions, frames / elapsed


def liveness_table(service: FaceVerifierService) -> None:
    """BPCER (genuine rejected) and APCER (attacks accepted) per attack type, every persona
    photo, through the whole pipeline on the synthetic camera."""
    for mode in (Liveness.BLINK, Liveness.TURN):
        service.liveness = mode
        counts: dict[str, list[int]] = {}
        for i, source in enumerate(SOURCES):
            other = SOURCES[(i + 1) % len(SOURCES)]
            chip = photos.chip_photo_jp2(source)
            for kind, variant in (
                ("genuine", "genuine"),
                ("photo", "photo"),
                ("impostor", f"impostor:{other}"),
            ):
                camera = SyntheticCamera(source, variant, seed=i)
                camera.start()
                service.camera = camera
                result = service.verify(
                    chip, budget_s=10, is_cancelled=lambda: False, on_hint=lambda h: None
                )
                camera.stop()
                accepted = result.outcome is FaceOutcome.MATCH
                counts.setdefault(kind, []).append(int(accepted))
                print(
                    f"  {mode.value:5} {kind:8} {source:9} {result.outcome.value} {result.reason}"
                )
        n = len(SOURCES)
        print(
            f"liveness={mode.value} BPCER={n - sum(counts['genuine'])}/{n}"
            f" APCER(photo)={sum(counts['photo'])}/{n}"
            f" impostor_accepted={sum(counts['impostor'])}/{n}"
        )


# --- calibration on real people's photos -------------------------------------------------------

CHIP_SIZES = (1500, 2500, 3500, 5000)  # bytes of the chip's JPEG 2000 photo at 160x200
# px at 640x480: 12.5 % (the smallest HOG finds), 15 % (a normal arm's length), 23 %
FACE_WIDTHS = (80, 96, 150)
FRAMES = 4  # simulated camera frames per probe (jitter and noise differ)
ENCODINGS_PER_SESSION = 15  # encodings a 10 s budget gives on this CPU (2-3 per second, loaded)
CACHE_VERSION = "v3"  # v2: live faces in grey, as the kiosk does; v3: frames rendered in float64


class EncodingCache:
    """Encodings of the set photos, kept only in the bench cache dir (biometric data of third
    parties: never in the repo, never printed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path) as stored:
                self.data = {k: stored[k] for k in stored.files}
        self.added = 0

    def get(self, key: str, make: Callable[[], np.ndarray | None]) -> np.ndarray | None:
        if key not in self.data:
            made = make()
            self.data[key] = np.zeros(0) if made is None else made
            self.added += 1
        value = self.data[key]
        return value if value.size else None

    def save(self) -> None:
        if self.added:
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(tmp, **self.data)
            os.replace(tmp, self.path)


def _chip_encoding(face: face_sets.Face, size: int) -> np.ndarray | None:
    jp2 = photos.encode_jp2_size(photos.card_crop(face.image), size)
    image = decode_chip_photo(jp2)
    box = chip_face(image) if image is not None else None
    return encode(*grey_crop(image, box)) if image is not None and box is not None else None


def _live_encoding(face: face_sets.Face, width: int, seed: int, augment: bool) -> np.ndarray | None:
    frame = face_sets.camera_frame(face, width, seed=seed, augment=augment)
    box = analyse(frame).box  # the kiosk's own per-frame search
    return encode(*grey_crop(frame, box)) if box is not None else None


Probe = list[float]  # one chip photo against FRAMES camera frames of one live view


@dataclass
class Calibration:
    faces: int = 0
    identities: int = 0
    missing: tuple[str, ...] = ()
    genuine: dict[int, list[Probe]] = dataclass_field(default_factory=dict)  # other photo
    genuine_width: dict[int, list[int]] = dataclass_field(default_factory=dict)  # face px
    weak: dict[int, list[Probe]] = dataclass_field(default_factory=dict)  # augmented same photo
    impostor: dict[int, list[Probe]] = dataclass_field(default_factory=dict)
    not_found: int = 0  # live frames in which the kiosk found no face


FACE_SETS = {
    "face_recognition": face_sets.face_recognition_set,
    "insightface+skimage": face_sets.single_photo_set,
    "vladmandic": face_sets.vladmandic_set,
}


def faces_of(names: list[str]) -> tuple[tuple[face_sets.Face, ...], tuple[str, ...]]:
    """The faces of the named sets (all of them: face_sets.all_faces), and a note per set that
    could not be had or was left out."""
    if set(names) == set(FACE_SETS):
        return face_sets.all_faces()
    faces: list[face_sets.Face] = []
    missing: list[str] = []
    for name, load in FACE_SETS.items():
        if name not in names:
            missing.append(f"{name}: left out (--sets)")
            continue
        try:
            faces += load()
        except (face_sets.SetUnavailable, photos.PhotoUnavailable) as exc:
            missing.append(f"{name}: {exc}")
    return tuple(faces), tuple(missing)


def calibrate(sets: list[str] | None = None) -> Calibration:
    faces, missing = faces_of(list(FACE_SETS) if sets is None else sets)
    cache = EncodingCache(face_sets.cache_dir() / f"encodings-{CACHE_VERSION}.npz")
    out = Calibration(len(faces), len({f.identity for f in faces}), missing)
    single = {f.identity for f in faces} - {
        a.identity for a in faces for b in faces if face_sets.same_person_other_photo(a, b)
    }

    def live(face: face_sets.Face, width: int, augment: bool) -> list[np.ndarray]:
        found = []
        for seed in range(FRAMES):
            key = f"live|{face.photo}|{width}|{seed}|{augment}"
            enc = cache.get(key, lambda s=seed: _live_encoding(face, width, s, augment))
            if enc is None:
                out.not_found += 1
            else:
                found.append(enc)
        return found

    try:
        for size in CHIP_SIZES:
            chips = {
                f.photo: cache.get(
                    f"chip|{f.photo}|{size}", lambda f=f, n=size: _chip_encoding(f, n)
                )
                for f in faces
            }
            genuine, weak, impostor, widths = [], [], [], []
            for a in faces:
                chip = chips[a.photo]
                if chip is None:
                    continue
                for width in FACE_WIDTHS:
                    if a.identity in single:
                        weak.append([distance(chip, e) for e in live(a, width, True)])
                    for b in faces:
                        if face_sets.same_person_other_photo(a, b):
                            genuine.append([distance(chip, e) for e in live(b, width, False)])
                            widths.append(width)
                        elif face_sets.different_people(a, b):
                            impostor.append([distance(chip, e) for e in live(b, width, False)])
            out.genuine[size], out.weak[size], out.impostor[size] = genuine, weak, impostor
            out.genuine_width[size] = widths
    finally:
        cache.save()
    return out


def session_accepts(probe: Probe, threshold: float, seed: int) -> bool:
    """The product's rule (StableMatch) over one simulated session: encodings drawn from the
    probe's frames in a random order; True if it matches before it rejects."""
    rng = np.random.default_rng(seed)
    rule = StableMatch(threshold)
    for d in rng.choice(probe, ENCODINGS_PER_SESSION) if probe else []:
        rule.feed(float(d))
        if rule.matched:
            return True
        if rule.rejected:
            return False
    return False


def _rates(probes: list[Probe], threshold: float) -> tuple[float, float]:
    frames = [d for p in probes for d in p]
    frame_rate = sum(d < threshold for d in frames) / max(len(frames), 1)
    sessions = sum(session_accepts(p, threshold, i) for i, p in enumerate(probes))
    return frame_rate, sessions / max(len(probes), 1)


def calibration_table(cal: Calibration, threshold: float) -> dict[str, float]:
    print(
        f"calibration: {cal.faces} faces, {cal.identities} identities; chip 160x200 JPEG 2000;"
        f" live faces {'/'.join(map(str, FACE_WIDTHS))} px of 640; {FRAMES} frames per probe;"
        f" rule {K_OF} of {N_LAST} below {threshold}; frames with no face found: {cal.not_found}"
    )
    for note in cal.missing:
        print(f"  set missing: {note}")
    print(
        "  chip   genuine(other photo)          weak genuine(augmented)      impostor"
        "                        max gen  min imp"
    )
    summary: dict[str, float] = {}
    worst_genuine, impostors_accepted = 1.0, 0
    for size in CHIP_SIZES:
        g, w, i = cal.genuine[size], cal.weak[size], cal.impostor[size]
        gf, gs = _rates(g, threshold)
        wf, ws = _rates(w, threshold)
        i_frames = sum(d < threshold for p in i for d in p)
        i_sessions = sum(session_accepts(p, threshold, n) for n, p in enumerate(i))
        max_g = max((d for p in g + w for d in p), default=float("nan"))
        min_i = min((d for p in i for d in p), default=float("nan"))
        print(
            f"  {size / 1000:.1f}kB  frame {gf:.3f} session {gs:.3f} (n={len(g):3})"
            f"  frame {wf:.3f} session {ws:.3f} (n={len(w):3})"
            f"  frames {i_frames}/{sum(map(len, i))} sessions {i_sessions}/{len(i)}"
            f"  {max_g:.3f}    {min_i:.3f}"
        )
        worst_genuine = min(worst_genuine, gs, ws)
        impostors_accepted += i_sessions
        summary[f"genuine_accept_{size // 100}"] = gs
    for width in FACE_WIDTHS:  # does a face at arm's length match as well as a closer one?
        by_size = []
        for size in CHIP_SIZES:
            ds = [
                d
                for p, w in zip(cal.genuine[size], cal.genuine_width[size], strict=True)
                if w == width
                for d in p
            ]
            by_size.append(f"{size / 1000:.1f}kB {np.median(ds):.3f}/{max(ds):.3f}" if ds else "-")
        print(f"  genuine median/max at a {width} px face: " + "  ".join(by_size))
    print(
        "  threshold sweep (all chip sizes): worst genuine session accept, impostor frames/sessions"
    )
    for t in (0.46, 0.47, 0.48, 0.49, 0.50, 0.51, 0.52):
        worst = min(
            _rates(p, t)[1] for size in CHIP_SIZES for p in (cal.genuine[size], cal.weak[size])
        )
        imp = [p for size in CHIP_SIZES for p in cal.impostor[size]]
        frames = sum(d < t for p in imp for d in p)
        sessions = sum(session_accepts(p, t, n) for n, p in enumerate(imp))
        print(f"    {t:.2f}  genuine {worst:.3f}  impostor frames {frames} sessions {sessions}")
    summary["worst_genuine_accept"] = worst_genuine
    summary["impostor_sessions_accepted"] = impostors_accepted
    return summary


def _summary_line(summary: dict[str, float]) -> str:
    return " ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in summary.items()
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--naive-sessions", type=int, default=4)
    parser.add_argument("--table", action="store_true", help="only the liveness table")
    parser.add_argument("--calibration", action="store_true", help="only the calibration table")
    parser.add_argument(
        "--sets",
        default=",".join(FACE_SETS),
        help=f"photo sets of the calibration, comma-separated (default: {','.join(FACE_SETS)})",
    )
    args = parser.parse_args()
    sets = [name.strip() for name in args.sets.split(",") if name.strip()]
    if not sets or set(sets) - set(FACE_SETS):
        parser.error(f"--sets: one or more of {', '.join(FACE_SETS)}")
    os.environ.setdefault("KIOSK_CACHE_DIR", str(Path.home() / ".cache" / "kiosk"))
    if args.calibration:
        print(_summary_line(calibration_table(calibrate(sets), THRESHOLD)))
        return
    chip = photos.chip_photo_jp2("astronaut")
    if args.table:
        service = FaceVerifierService(SyntheticCamera("astronaut"), CameraConfig())
        liveness_table(service)
        service.close()
        return

    ours_ms, naive_ms = per_frame_latency()
    print(
        f"per-frame analysis ms   ours p50={pct(ours_ms, 50):.0f} p95={pct(ours_ms, 95):.0f}"
        f"   naive p50={pct(naive_ms, 50):.0f} p95={pct(naive_ms, 95):.0f}"
    )

    service = FaceVerifierService(SyntheticCamera("astronaut"), CameraConfig(liveness="blink"))
    try:
        service.verify(chip, budget_s=5, is_cancelled=lambda: True, on_hint=print)  # warm-up
        service.camera.stop()
        ours, our_fps = our_sessions(service, args.sessions, chip, Liveness.BLINK)
        ours_off, _ = our_sessions(service, args.sessions, chip, Liveness.OFF)
    finally:
        service.close()
    naive, naive_fps = naive_sessions(args.naive_sessions, chip, Liveness.BLINK)
    naive_off, _ = naive_sessions(args.naive_sessions, chip, Liveness.OFF)
    for label, a, b in (("blink", ours, naive), ("off", ours_off, naive_off)):
        undecided = sum(d >= 10_000 for d in b)
        print(
            f"decision ms (liveness {label:5}) ours p50={pct(a, 50):.0f} p95={pct(a, 95):.0f}"
            f"   naive p50={pct(b, 50):.0f} p95={pct(b, 95):.0f}"
            f" (naive undecided in 10 s: {undecided}/{len(b)})"
        )
    print(f"preview fps while analysing   ours={our_fps:.1f}   naive={naive_fps:.1f}")
    calibration = calibration_table(calibrate(sets), THRESHOLD)
    # The speed-up is on the decision with the configured policy (blink). The naive pipeline
    # analyses ~3 frames/s and often never sees a blink: its undecided sessions count as the
    # 10 s budget, so this ratio is a lower bound. The liveness-off ratio (matching alone) is
    # printed too.
    speedup = pct(naive, 95) / pct(ours, 95)
    print(
        f"speed-up on matching alone (liveness off): {pct(naive_off, 95) / pct(ours_off, 95):.1f}"
    )
    print(
        f"face_decision_p95_ms={pct(ours, 95):.0f} preview_fps={our_fps:.1f}"
        f" speedup_vs_naive={speedup:.1f} {_summary_line(calibration)}"
    )


if __name__ == "__main__":
    main()
