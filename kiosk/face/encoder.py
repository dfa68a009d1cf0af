"""Face encoding in a worker process.

dlib's 128-d encoder holds Python's GIL for its ~100 ms, which would freeze the capture thread and
the preview. A separate process keeps capture and detection running meanwhile. Crops travel over
an in-memory pipe; nothing is written anywhere, and the worker keeps nothing between requests.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import threading
from multiprocessing.connection import Connection
from typing import Any

import cv2
import numpy as np

from kiosk.face.detect import Box, Encoding, Image, encode


def _serve(conn: Connection) -> None:
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        tag, crop, box = request
        try:
            conn.send((tag, encode(crop, box)))
        except Exception as exc:  # a bad crop must not kill the worker
            conn.send((tag, RuntimeError(str(exc))))
        del crop, request


def grey_crop(image: Image, box: Box) -> tuple[Image, Box]:
    """The face with a half-face margin, in grey (as three equal channels), and its box in the
    crop. Grey because the chip photo is monochrome: on real people's photos a grey live face
    came 0.01-0.02 closer to its own chip photo (docs/face.md, calibration), and colour cannot
    help a comparison with a grey photo."""
    h, w = image.shape[:2]
    pad_x, pad_y = box.width // 2, box.height // 2
    top, left = max(box.top - pad_y, 0), max(box.left - pad_x, 0)
    crop = image[top : min(box.bottom + pad_y, h), left : min(box.right + pad_x, w)]
    grey = cv2.cvtColor(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    return np.ascontiguousarray(grey), box.shifted(-left, -top)


class EncoderProcess:
    """One worker process; one request in flight at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Held by a verifier for a whole reception: one kiosk, one patient at a time.
        self.session = threading.Lock()
        self._conn: Connection | None = None
        self._proc: Any = None
        self.busy = False

    def start(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                return
            ctx = mp.get_context("spawn")  # no fork: the parent has Qt and camera threads
            parent, child = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(child,), name="face-encoder", daemon=True)
            self._proc.start()
            child.close()
            self._conn = parent
            self.busy = False

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def submit(self, tag: int, image: Image, box: Box) -> None:
        """Send a crop around ``box`` for encoding; fetch the answer with ``poll``."""
        crop, shifted = grey_crop(image, box)
        assert self._conn is not None
        self._conn.send((tag, crop, shifted))
        self.busy = True

    def poll(self, timeout: float = 0.0) -> tuple[int, Encoding] | None:
        if self._conn is None or not self.busy or not self._conn.poll(timeout):
            return None
        tag, result = self._conn.recv()
        self.busy = False
        if isinstance(result, Exception):
            raise result
        return tag, result

    def encode_now(self, image: Image, box: Box, timeout: float = 30.0) -> Encoding:
        self.drain()
        self.submit(-1, image, box)
        answer = self.poll(timeout)
        if answer is None:
            raise TimeoutError("the face encoder did not answer")
        return answer[1]

    def drain(self) -> None:
        """Drop an answer still in flight (its session is over)."""
        if self.busy:
            self.poll(timeout=5.0)
            self.busy = False

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(OSError):
                    self._conn.send(None)
                self._conn.close()
                self._conn = None
            if self._proc is not None:
                self._proc.join(timeout=5)
                if self._proc.is_alive():
                    self._proc.kill()
                    self._proc.join(timeout=5)
                self._proc = None


_shared: EncoderProcess | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> EncoderProcess:
    """The process-wide encoder worker (started on first use, stopped at exit): one kiosk
    process needs one, however many verifier objects the runtime or the demo creates."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = EncoderProcess()
            atexit.register(shutdown)
        _shared.start()
        return _shared


def shutdown() -> None:
    """Stop the shared worker (a later shared_encoder() starts a new one)."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None
