"""The camera port: a capture thread per camera, every frame to the preview, the latest to analysis.

Adapters: an OpenCV device (index or /dev/videoN), an image sequence or video file (looped), and
any camera registered under the ``kiosk.cameras`` entry points (the simulators' synthetic camera,
which the kiosk image leaves out). ``open_camera`` picks one from the config source.
Frames live in memory only; a Camera keeps just the latest one.
"""

from __future__ import annotations

import glob
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from kiosk.config import CameraConfig
from kiosk.face.detect import Image
from kiosk.face.hints import Hint
from kiosk.plugins import CAMERAS, AdapterUnavailable, load_adapter

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".jp2", ".webp")
MAX_FAILED_READS = 15  # consecutive failed reads before a device counts as gone


class CameraError(RuntimeError):
    """The camera could not be opened or stopped delivering frames."""


@dataclass(frozen=True)
class Frame:
    index: int
    at: float  # time.monotonic() when captured
    image: Image = field(repr=False)  # RGB uint8; a face frame: never stored, never logged


Listener = Callable[[Frame], None]


class Camera(ABC):
    """Runs capture on its own thread; ``latest()`` always returns the newest frame."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._cond = threading.Condition()
        self._latest: Frame | None = None
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._error = ""

    # --- what adapters implement -------------------------------------------------------

    @abstractmethod
    def _open(self) -> None:
        """Acquire the device; raise CameraError if it is not there."""

    @abstractmethod
    def _read(self) -> Image | None:
        """Block until the next frame (paced by the adapter); None if the read failed."""

    def _close(self) -> None:
        return

    def prompt(self, hint: Hint) -> None:
        """The screen asked the person something; only a simulated person reacts."""
        return

    # --- the port ------------------------------------------------------------------------

    @property
    def failed(self) -> bool:
        return bool(self._error)

    @property
    def error(self) -> str:
        return self._error

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Open the device and start capturing; on failure the camera is ``failed``."""
        if self.running:
            return
        self._error = ""
        self._stopping.clear()
        try:
            self._open()
        except CameraError as exc:
            self._fail(str(exc))
            return
        self._thread = threading.Thread(target=self._run, name=f"camera-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._cond:
            self._latest = None  # nothing of the last person stays in memory
            self._cond.notify_all()

    def latest(self) -> Frame | None:
        with self._cond:
            return self._latest

    def wait_newer(self, after_index: int, timeout: float) -> Frame | None:
        """The latest frame if newer than ``after_index``, waiting up to ``timeout`` seconds."""
        with self._cond:
            self._cond.wait_for(
                lambda: (
                    self.failed or (self._latest is not None and self._latest.index > after_index)
                ),
                timeout=timeout,
            )
            frame = self._latest
        return frame if frame is not None and frame.index > after_index else None

    def add_listener(self, callback: Listener) -> None:
        """``callback`` gets every frame on the capture thread; keep it short (the UI queues it)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    # --- the capture thread --------------------------------------------------------------

    def _fail(self, reason: str) -> None:
        log.warning("camera %s unavailable: %s", self.name, reason)
        with self._cond:
            self._error = reason
            self._cond.notify_all()

    def _run(self) -> None:
        index, failures = 0, 0
        try:
            while not self._stopping.is_set():
                image = self._read()
                if image is None:
                    failures += 1
                    if failures >= MAX_FAILED_READS:
                        self._fail("the camera stopped delivering frames")
                        return
                    time.sleep(0.02)
                    continue
                failures = 0
                index += 1
                self._publish(Frame(index, time.monotonic(), image))
        except CameraError as exc:
            self._fail(str(exc))
        finally:
            self._close()

    def _publish(self, frame: Frame) -> None:
        with self._cond:
            self._latest = frame
            self._cond.notify_all()
        for listener in list(self._listeners):
            try:
                listener(frame)
            except Exception:  # a broken preview must not stop capture for the verifier
                log.exception("camera listener failed")


class Pacer:
    """Sleeps so that frames come out at ``fps`` (file and synthetic sources have no clock)."""

    def __init__(self, fps: float) -> None:
        self._period = 1.0 / fps
        self._next = time.monotonic()

    def wait(self) -> None:
        self._next += self._period
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            self._next = time.monotonic()  # fell behind: do not burst to catch up


def _to_rgb(bgr: np.ndarray) -> Image:
    if bgr.ndim == 2:
        return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_GRAY2RGB))
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


class DeviceCamera(Camera):
    """A real camera through OpenCV (V4L2 on Linux)."""

    def __init__(self, device: int | str, width: int, height: int, fps: int) -> None:
        super().__init__(f"device:{device}")
        self._device = device
        self._size = (width, height)
        self._fps = fps
        self._cap: cv2.VideoCapture | None = None

    def _open(self) -> None:
        cap = cv2.VideoCapture(self._device)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"no camera at {self._device}")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        cap.set(cv2.CAP_PROP_FPS, self._fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # we want the newest frame, not a queue of old ones
        self._cap = cap

    def _read(self) -> Image | None:
        if self._cap is None:
            return None
        ok, bgr = self._cap.read()
        return _to_rgb(bgr) if ok and bgr is not None else None

    def _close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class FileCamera(Camera):
    """A video file, a directory of images or a glob pattern, played in a loop at ``fps``."""

    def __init__(self, path: str, fps: int) -> None:
        super().__init__(f"file:{path}")
        self._path = path
        self._fps = fps
        self._images: list[Image] = []
        self._video: cv2.VideoCapture | None = None
        self._pos = 0
        self._pacer = Pacer(fps)

    def _image_paths(self) -> list[str]:
        path = Path(self._path)
        if path.is_dir():
            return sorted(str(p) for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if any(ch in self._path for ch in "*?["):
            return sorted(glob.glob(self._path))
        return []

    def _open(self) -> None:
        paths = self._image_paths()
        if paths:
            self._images = [self._load(p) for p in paths]
        elif Path(self._path).is_file():
            video = cv2.VideoCapture(self._path)
            if not video.isOpened():
                raise CameraError(f"cannot read video {self._path}")
            self._video = video
        else:
            raise CameraError(f"no images or video at {self._path}")
        self._pacer = Pacer(self._fps)

    @staticmethod
    def _load(path: str) -> Image:
        bgr = cv2.imread(path, cv2.IMREAD_COLOR)
        if bgr is None:
            raise CameraError(f"not an image: {path}")
        return _to_rgb(bgr)

    def _read(self) -> Image | None:
        self._pacer.wait()
        if self._images:
            image = self._images[self._pos % len(self._images)]
            self._pos += 1
            return image
        assert self._video is not None
        ok, bgr = self._video.read()
        if not ok:  # end of the file: loop
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, bgr = self._video.read()
        return _to_rgb(bgr) if ok else None

    def _close(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None


def open_camera(config: CameraConfig) -> Camera:
    """device:N | device:/dev/videoN | file:PATH | NAME:ARGS -> a (stopped) Camera.

    Any other NAME is an adapter registered in the ``kiosk.cameras`` entry-point group, called
    with (ARGS, config); the simulators register ``synthetic`` (``synthetic:PHOTO[:VARIANT]``,
    e.g. ``synthetic:t1:3:impostor:astronaut``).
    """
    kind, _, rest = config.source.partition(":")
    if kind == "device":
        device: int | str = int(rest) if rest.isdigit() else rest
        return DeviceCamera(device, config.width, config.height, config.fps)
    if kind == "file":
        return FileCamera(rest, config.fps)
    try:
        factory = load_adapter(CAMERAS, kind)
    except AdapterUnavailable as exc:
        raise CameraError(f"unknown camera source {config.source!r}: {exc}") from None
    camera: Camera = factory(rest, config)
    return camera
