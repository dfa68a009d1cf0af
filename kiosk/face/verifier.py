"""FaceVerifierService: the kiosk.ports.FaceVerifier adapter over a Camera.

Per reception: decode the chip's JPEG 2000 photo and encode it once; then, until the budget runs
out, analyse the newest frame (older ones are dropped), send a good face to the encoder process
without waiting, and decide:
  MATCH            k of the n best-quality encodings within ``match_threshold`` of the chip
                   photo, on one continuous face track, and the liveness check passed on it;
  NO_MATCH         k of the n best-quality encodings at least NO_MATCH_MARGIN beyond the
                   threshold (someone else); or, after DECIDE_AFTER encodings or near the end
                   of the budget, still not matched; or no face in the chip photo;
  LIVENESS_FAILED  matched, but no blink / turn within ``liveness_window_s`` (a still photo);
  TIMEOUT          the budget ran out first (the reason says what was missing);
  CAMERA_UNAVAILABLE / CANCELLED.
Several faces in view -> no decision. The chip photo, frames and encodings stay in local variables
of verify() and are dropped when it returns; nothing is logged but outcomes and hint codes.
"""

from __future__ import annotations

import itertools
import logging
import random
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.config import CameraConfig
from kiosk.face.analysis import LOOK_AWAY_YAW, FrameAnalysis, analyse
from kiosk.face.camera import Camera
from kiosk.face.detect import Box, Encoding, Image, detect, distance
from kiosk.face.encoder import EncoderProcess, shared_encoder
from kiosk.face.hints import Hint
from kiosk.face.liveness import EAR_CLOSED, Liveness, LivenessCheck, Measures, new_check
from kiosk.face.quality import Quality, quality
from kiosk.ports import FaceBox, FaceOutcome, FaceResult

log = logging.getLogger(__name__)
_TRACK_TAGS = itertools.count(1)  # the encoder process's answer tags (-1: the chip)

# The stable-match rule (StableMatch): k of the last n encodings of one face track decide.
# Chosen from the genuine/impostor distances on chip photos of 1.5-5 kB (docs/face.md): a holder
# whose encodings fall either side of the threshold is accepted instead of being reset by every
# miss, and a miss counts towards "someone else" only well beyond the threshold.
K_OF = 3
N_LAST = 5
NO_MATCH_MARGIN = 0.05
# Encodings after which a track that is neither matched nor rejected is rejected (issue 27:
# distances between the threshold and the margin used to run the budget out). ~4 s at the 2-3
# encodings a second of a loaded 2-core kiosk, while the patient is coached towards a better
# frame; a holder within the threshold on 3 of the 5 best frames has matched long before.
DECIDE_AFTER = 12
FINAL_S = 1.0  # this close to the end of the budget, a track decides on what it has
# A seated patient's eyes (a wheelchair user's: 109-129 cm above the floor, ADA/ISO 21542)
# are below a camera mounted higher than this: such a patient shows low in the frame.
SEATED_EYES_CM = 130
LOW_IN_FRAME = 0.62  # face centre below this share of the frame height: "low"
# Seconds without the face before its track (and its matching and liveness progress) resets.
# In time, not analysed frames: a slower CPU analyses fewer frames while a patient turns away
# as asked, and a detector loses a strongly turned head for a moment.
LOST_AFTER_S = 1.0
STEADY_FRAMES = 2  # analysed frames in the usual pose in a row before a face is encoded
USUAL_POSE_FRAMES = 15  # recent analysed frames whose median yaw is the person's usual pose
NO_FRAMES_S = 2.0
STEADY_YAW = 0.06
PROMPT_EVERY_S = 0.8
FULL_FRAME_EVERY = 5  # a camera silent this long has failed


def decode_chip_photo(jp2: bytes) -> Image | None:
    grey = cv2.imdecode(np.frombuffer(jp2, np.uint8), cv2.IMREAD_GRAYSCALE)
    if grey is None:
        return None
    return np.ascontiguousarray(cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB))


def chip_face(image: Image) -> Box | None:
    """The face in a decoded chip photo (the largest; the chip face is small, ~80 px, so HOG
    looks at twice the size)."""
    faces = detect(image, upsample=1).faces
    return max(faces, key=lambda b: b.area) if faces else None


def _same_track(a: Box, b: Box) -> bool:
    (ax, ay), (bx, by) = a.centre, b.centre
    return abs(ax - bx) + abs(ay - by) < 0.5 * a.width and 0.6 < b.width / a.width < 1.6


class StableMatch:
    """The decision over one face track's successive encodings, k of the n best.

    The n encodings kept are the best-quality ones (sharp, frontal, lit, eyes open), the newest
    first among equals: with equal qualities this is "k of the last n". ``matched`` once k of
    them are below the threshold; ``rejected`` once k of them are at least ``margin`` beyond
    it. With n < 2k the two cannot both hold, and distances just either side of the threshold
    never count as evidence of someone else. Such distances used to leave a session undecided
    until the budget ran out (issue 27); after ``decide_after`` encodings, or when ``final()``
    is called near the end of the budget, a session that is not matched is rejected."""

    def __init__(
        self,
        threshold: float,
        k: int = K_OF,
        n: int = N_LAST,
        margin: float = NO_MATCH_MARGIN,
        decide_after: int = DECIDE_AFTER,
    ) -> None:
        if not 0 < k <= n < 2 * k:
            raise ValueError(f"k-of-n needs 0 < k <= n < 2k, got {k} of {n}")
        if decide_after < n:
            raise ValueError(f"decide_after must be at least n, got {decide_after} < {n}")
        self.threshold, self.k, self.n, self.margin = threshold, k, n, margin
        self.decide_after = decide_after
        self.seen: list[tuple[float, int, float]] = []  # (quality, order, distance)
        self._final = False

    def feed(self, d: float, quality: float = 1.0) -> None:
        self.seen.append((quality, len(self.seen), d))

    def final(self) -> None:
        """Decide on what there is: the budget is nearly spent."""
        self._final = True

    @property
    def kept(self) -> list[float]:
        """The distances of the n best-quality encodings (newest first among equals)."""
        return [d for _, _, d in sorted(self.seen, reverse=True)[: self.n]]

    def admits(self, quality: float) -> bool:
        """True when an encoding of this quality would be kept: worse frames are not encoded."""
        if len(self.seen) < self.n:
            return True
        return quality >= sorted(self.seen, reverse=True)[self.n - 1][0]

    @property
    def undecided(self) -> bool:
        """Enough encodings for a decision, and none reached yet."""
        return len(self.seen) >= self.n and not (self.matched or self.rejected)

    @property
    def matched(self) -> bool:
        return sum(d < self.threshold for d in self.kept) >= self.k

    @property
    def rejected(self) -> bool:
        if sum(d >= self.threshold + self.margin for d in self.kept) >= self.k:
            return True
        out_of_time = self._final or len(self.seen) >= self.decide_after
        return out_of_time and len(self.seen) >= self.k and not self.matched


@dataclass
class _Track:
    """One continuous face in view: its matching and liveness progress."""

    check: LivenessCheck
    box: Box
    rule: StableMatch
    matched_at: float | None = None
    best: float = 9.0
    frontal_yaw: float | None = None
    steady_run: int = 0
    yaws: deque[float] = field(default_factory=lambda: deque(maxlen=USUAL_POSE_FRAMES))
    quality: Quality | None = None  # of the newest analysed frame
    sent_quality: float = 1.0  # of the frame whose encoding is under way

    def settle(self, m: Measures) -> bool:
        """True when the face has been in its usual pose, eyes open, for STEADY_FRAMES analysed
        frames and is not in the middle of an asked turn: only such a face is encoded. A face
        in motion gives a worse encoding that would count as a miss against the holder."""
        # The person's usual yaw is the median of the recent frames, not the first one: a face
        # first seen mid-movement used to set a pose it never came back to, so it was never
        # encoded and the session timed out (issue 27, bench/face.py --end-to-end).
        self.yaws.append(m.yaw)
        self.frontal_yaw = statistics.median(self.yaws)
        steady = abs(m.yaw - self.frontal_yaw) < STEADY_YAW and m.ear > 0.6 * EAR_CLOSED
        self.steady_run = self.steady_run + 1 if steady and not self.check.turning else 0
        return self.steady_run >= STEADY_FRAMES


@dataclass
class _Session:
    chip: Encoding = field(repr=False)
    threshold: float
    liveness: Liveness
    k: int = K_OF
    n: int = N_LAST
    margin: float = NO_MATCH_MARGIN
    track: _Track | None = None
    tag: int = 0
    lost_since: float | None = None
    seen_face: bool = False
    frames: int = 0
    best: float = 9.0

    def new_track(self, box: Box) -> _Track:
        direction = random.choice((Hint.TURN_LEFT, Hint.TURN_RIGHT))
        # Unique in the process, not per session: an answer the last session's drain gave up
        # on (a loaded machine) can never be taken for this session's face.
        self.tag = next(_TRACK_TAGS)
        rule = StableMatch(self.threshold, self.k, self.n, self.margin)
        self.track = _Track(new_check(self.liveness, direction), box, rule)
        return self.track

    def follow(self, a: FrameAnalysis, now: float) -> _Track | None:
        if a.box is None or a.hint is Hint.SEVERAL_FACES:
            if self.lost_since is None:
                self.lost_since = now
            if now - self.lost_since >= LOST_AFTER_S or a.hint is Hint.SEVERAL_FACES:
                self.track = None
            if self.track is not None:
                self.track.steady_run = 0
            return None
        self.lost_since = None
        self.seen_face = True
        if self.track is None or not _same_track(self.track.box, a.box):
            return self.new_track(a.box)
        self.track.box = a.box
        return self.track

    def record(self, tag: int, encoding: Encoding, now: float) -> None:
        track = self.track
        if track is None or tag != self.tag:
            return  # the face it came from has gone
        d = distance(self.chip, encoding)
        track.best = min(track.best, d)
        self.best = min(self.best, d)
        track.rule.feed(d, track.sent_quality)
        if track.rule.matched and track.matched_at is None:
            track.matched_at = now

    def timeout_reason(self) -> str:
        if not self.seen_face:
            return "no face seen"
        if self.track is not None and self.track.matched_at is not None:
            return f"face matched, no {self.liveness.value} seen"
        if self.best < 9.0:
            return f"no stable match (best distance {self.best:.2f})"
        return "no face good enough to compare"

    def near_the_end(self) -> None:
        """The budget is nearly spent: the track decides on the encodings it has."""
        if self.track is not None:
            self.track.rule.final()


class FaceVerifierService:
    """kiosk.ports.FaceVerifier on a Camera; start the camera for the preview at kiosk start."""

    def __init__(
        self,
        camera: Camera,
        config: CameraConfig,
        *,
        liveness_window_s: float = 6.0,
        k: int = K_OF,
        n: int = N_LAST,
        margin: float = NO_MATCH_MARGIN,
        encoder: EncoderProcess | None = None,
    ) -> None:
        self.camera = camera
        self.threshold = config.match_threshold
        self.liveness = Liveness(config.liveness)
        self.liveness_window_s = liveness_window_s
        self.k, self.n, self.margin = k, n, margin
        self.coach_seated = config.mount_height_cm > SEATED_EYES_CM
        StableMatch(self.threshold, k, n, margin)  # a bad k-of-n fails here, at start-up
        # Started now, at kiosk start-up: importing dlib and its models takes seconds.
        self._own_encoder = encoder is not None
        self._encoder = encoder if encoder is not None else shared_encoder()
        self._encoder.start()

    def available(self) -> bool:
        if not self.camera.running and not self.camera.failed:
            self.camera.start()
        return self.camera.running and not self.camera.failed

    def close(self) -> None:
        """Stop the camera, and the encoder if it was given to this service (the shared one
        stops at exit or with kiosk.face.encoder.shutdown())."""
        self.camera.stop()
        if self._own_encoder:
            self._encoder.close()

    def verify(
        self,
        chip_photo_jp2: bytes,
        *,
        budget_s: float,
        is_cancelled: Callable[[], bool],
        on_hint: Callable[[str], None],
        on_face: Callable[[FaceBox | None], None] = lambda box: None,
    ) -> FaceResult:
        if not self.available():
            return FaceResult(FaceOutcome.CAMERA_UNAVAILABLE, self.camera.error or "no camera")
        with self._encoder.session:
            try:
                return self._verify(chip_photo_jp2, budget_s, is_cancelled, on_hint, on_face)
            except (EOFError, OSError, TimeoutError) as exc:
                # The worker died or hung: face verification is unavailable, the flow offers
                # the PIN; the next reception restarts the worker.
                log.warning("face encoder failed: %s", type(exc).__name__)
                self._encoder.close()
                return FaceResult(FaceOutcome.CAMERA_UNAVAILABLE, "face encoder failed")

    def _verify(
        self,
        chip_photo_jp2: bytes,
        budget_s: float,
        is_cancelled: Callable[[], bool],
        on_hint: Callable[[str], None],
        on_face: Callable[[FaceBox | None], None],
    ) -> FaceResult:
        self._encoder.start()  # restarts it if it died
        chip = self._encode_chip(chip_photo_jp2)
        if chip is None:
            return FaceResult(FaceOutcome.NO_MATCH, "no face found in the chip photo")
        # The budget is the patient's: it starts once the chip photo is ready (the first call
        # after start-up also waits for the encoder process to load its models).
        deadline = time.monotonic() + budget_s
        session = _Session(chip, self.threshold, self.liveness, self.k, self.n, self.margin)
        del chip, chip_photo_jp2
        try:
            result = self._run(session, deadline, is_cancelled, on_hint, on_face)
        finally:
            self._encoder.drain()
            session.track = None
        log.info("face verification: %s %s", result.outcome.value, result.reason)
        return result

    def _encode_chip(self, jp2: bytes) -> Encoding | None:
        image = decode_chip_photo(jp2)
        box = chip_face(image) if image is not None else None
        if image is None or box is None:
            return None
        return self._encoder.encode_now(image, box)

    def _run(
        self,
        session: _Session,
        deadline: float,
        is_cancelled: Callable[[], bool],
        on_hint: Callable[[str], None],
        on_face: Callable[[FaceBox | None], None],
    ) -> FaceResult:
        last_index, last_frame_at, shown, prompted = -1, time.monotonic(), None, 0.0
        placed: FaceBox | None = None
        while True:
            now = time.monotonic()
            if is_cancelled():
                return FaceResult(FaceOutcome.CANCELLED)
            if self.camera.failed:
                return FaceResult(FaceOutcome.CAMERA_UNAVAILABLE, self.camera.error)
            if now >= deadline:
                return FaceResult(FaceOutcome.TIMEOUT, session.timeout_reason())
            if deadline - now < FINAL_S:
                session.near_the_end()
            self._wait_for_encoder_if_only_matching_is_left(session)
            frame = self.camera.wait_newer(last_index, timeout=0.1)
            if frame is None:
                if time.monotonic() - last_frame_at > NO_FRAMES_S:
                    return FaceResult(FaceOutcome.CAMERA_UNAVAILABLE, "no frames from the camera")
                continue
            last_index, last_frame_at = frame.index, time.monotonic()
            result, hint = self._step(session, frame.image)
            placed = _tell_face(session, frame.image, placed, on_face)
            del frame
            if hint is not None and hint != shown:
                shown = hint
                on_hint(hint.value)
            if hint is not None and time.monotonic() - prompted > PROMPT_EVERY_S:
                prompted = time.monotonic()  # the screen keeps asking while the hint stands
                self.camera.prompt(hint)
            if result is not None:
                return result

    def _step(self, session: _Session, image: Image) -> tuple[FaceResult | None, Hint | None]:
        session.frames += 1
        # Between full-frame checks (a second face stepping in), look only around the face.
        near = session.track.box if session.track and session.frames % FULL_FRAME_EVERY else None
        a = analyse(image, near=near)
        track = session.follow(a, time.monotonic())
        self._collect(session)
        m = a.measures
        if track is None or m is None:
            if track is not None:
                track.steady_run = 0
            return None, self._seated(a.hint, a.box, image)
        track.check.feed(m)
        steady = track.settle(m)
        assert track.frontal_yaw is not None  # set by settle()
        track.quality = quality(image, track.box, m, track.frontal_yaw)
        wanted = steady and not track.rule.matched and track.rule.admits(track.quality.score)
        if wanted and not self._encoder.busy:
            track.sent_quality = track.quality.score
            self._encoder.submit(session.tag, image, track.box)
        frontal = abs(m.yaw) < LOOK_AWAY_YAW or self.liveness is Liveness.TURN
        hint = self._hint_for(track, frontal)
        return self._decide(session, track), self._seated(hint, track.box, image)

    def _collect(self, session: _Session, timeout: float = 0.0) -> None:
        answer = self._encoder.poll(timeout)
        if answer is not None:
            session.record(answer[0], answer[1], time.monotonic())

    def _wait_for_encoder_if_only_matching_is_left(self, session: _Session) -> None:
        # Once liveness has passed, analysing more frames gains nothing while an encoding is
        # under way; waiting leaves the CPU to the encoder (2 cores: it is the bottleneck).
        track = session.track
        if track is not None and track.check.passed and self._encoder.busy:
            self._collect(session, timeout=0.3)

    def _decide(self, session: _Session, track: _Track) -> FaceResult | None:
        if track.rule.rejected:
            return FaceResult(
                FaceOutcome.NO_MATCH,
                f"face does not match (distance {track.best:.2f},"
                f" {len(track.rule.seen)} encodings)",
            )
        if track.matched_at is None:
            return None
        if track.check.passed:
            return FaceResult(FaceOutcome.MATCH, f"distance {track.best:.2f}")
        if time.monotonic() - track.matched_at > self.liveness_window_s:
            return FaceResult(FaceOutcome.LIVENESS_FAILED, f"no {self.liveness.value} seen")
        return None

    def _seated(self, hint: Hint | None, box: Box | None, image: Image) -> Hint | None:
        """With the camera above seated eye height, a face low in the frame (or cut by its
        bottom edge) is a seated patient looking up at it: say they can stay seated and raise
        the face, instead of "look at the camera" or "hold still". Matching goes on; liveness
        prompts and the other hints (light, distance, several faces) keep their words."""
        if not self.coach_seated or box is None:
            return hint
        if hint not in (None, Hint.LOOK_AT_CAMERA, Hint.HOLD_STILL):
            return hint
        h = image.shape[0]
        low = box.centre[1] > LOW_IN_FRAME * h or box.bottom >= h - 1
        return Hint.SEATED_LOOK_UP if low else hint

    def _hint_for(self, track: _Track, frontal: bool) -> Hint:
        if not frontal:
            return Hint.LOOK_AT_CAMERA
        if not track.check.passed:
            return track.check.prompt
        if track.rule.undecided and track.quality is not None:
            # Not sure yet: ask for what would give a better frame (face the camera, closer,
            # more light) rather than waiting for the clock.
            return track.quality.coaching()
        return Hint.HOLD_STILL


FACE_MOVED = 0.02  # of the frame: the guide oval follows larger moves, not detector jitter


def _tell_face(
    session: _Session,
    image: Image,
    placed: FaceBox | None,
    on_face: Callable[[FaceBox | None], None],
) -> FaceBox | None:
    """Tell the screen where the followed face is when it has moved (or gone); what was told."""
    track = session.track
    now: FaceBox | None = None
    if track is not None:
        h, w = image.shape[0], image.shape[1]
        b = track.box
        now = (b.left / w, b.top / h, b.right / w, b.bottom / h)
    if now == placed or (
        now is not None
        and placed is not None
        and max(abs(a - b) for a, b in zip(now, placed, strict=True)) < FACE_MOVED
    ):
        return placed
    on_face(now)
    return now
