"""`kiosk run [--config PATH] [--windowed]`: the kiosk on real devices.

kiosk.wiring builds the reader (PC/SC: a real reader, or vpcd with `kiosk virtual-card` behind
it), the camera and face verifier, the eligibility client and the records store from the
configuration; this module puts them behind the window: the readers' monitors, the cameras
opened on the worker once the idle screen is up, the desk's link. Full screen, frameless, no
cursor; only the staff gesture plus a staff PIN closes it."""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import wiring
from kiosk.cli import os_error_text
from kiosk.config import Config, ConfigError, load_config
from kiosk.enroll import CredentialError
from kiosk.flow.clock import SystemClock
from kiosk.flow.model import Model
from kiosk.ports import Clock
from kiosk.runtime import Devices, settings_from
from kiosk.staff_auth import warn_if_legacy
from kiosk.ui import theme
from kiosk.ui.controller import KioskController
from kiosk.ui.qtcheck import leaks_true
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:  # the face package loads dlib's models: after the idle screen
    from kiosk.card.pcsc import ReaderMonitor
    from kiosk.face.camera import Camera

log = logging.getLogger("kiosk.ui")
FACE_LOAD_WAIT_S = 30.0  # closing waits this long for a camera still being opened


@dataclass
class KioskApp:
    """A window, its controller and whatever must be closed after them."""

    window: KioskWindow
    controller: KioskController
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        self.window.shutdown()
        self.window.close()
        wiring.Built.closing(self.closers)


def make_app(
    config: Config,
    devices: Devices,
    clock: Clock,
    camera: Camera | None = None,
    *,
    voice: bool | None = None,
) -> KioskApp:
    staff = wiring.make_staff_auth(config, clock)
    controller = KioskController(settings_from(config), devices, clock, config.kiosk.id, staff)
    window = KioskWindow(
        controller,
        camera,
        language=config.ui.language,
        large_text=config.ui.large_text,
        voice=config.ui.voice if voice is None else voice,
        voice_player=shlex.split(config.ui.voice_player),
        voice_headphones=config.ui.voice_headphones,
        clinic_name=config.ui.clinic_name or config.clinic.name,
    )
    controller.start()
    return KioskApp(window, controller)


def check_font() -> bool:
    """The rare kanji in names (髙, 𠮷, 邉, 齋) need Noto Sans CJK JP."""
    return theme.FONT_FAMILY in QFontDatabase.families()


def start_face(kiosk: KioskApp, config: Config, clock: Clock) -> None:
    """Open the camera in the background; face recognition is offered once it is there (a card
    read before that offers the PIN only, as the flow does without a camera)."""
    opened: list[tuple[Camera, Any]] = []
    loaded = threading.Event()

    def load() -> tuple[Camera, Any]:
        try:
            opened.append(wiring.open_face(config))
            return opened[0]
        finally:
            loaded.set()

    def close_face() -> None:
        # The worker drops answers once it is closed, so ``done`` may never run: a camera
        # opened while the kiosk was closing would keep its capture thread running into the
        # interpreter's exit, which aborts the process (exit 134). Close it here instead.
        loaded.wait(FACE_LOAD_WAIT_S)
        for camera, face in opened:
            camera.stop()
            face.close()

    def done(result: object, error: object) -> None:
        if error is not None or not isinstance(result, tuple):
            log.warning("no camera: %s; face recognition is off", error)
            return
        camera, face = result
        kiosk.controller.reception.devices.face = face
        kiosk.window.frames.camera = camera
        log.info("face camera ready: %s", camera.name)
        if config.card_front.source == "face-camera":
            use_face_camera_for_fronts(kiosk, camera, clock)

    kiosk.closers.append(close_face)
    kiosk.controller.worker.submit(load, done)


def use_face_camera_for_fronts(kiosk: KioskApp, camera: Camera, clock: Clock) -> None:
    """One camera for both: 照合番号B is read from the card front held up to the face camera."""
    front = wiring.face_camera_front(camera, clock)
    kiosk.closers.append(front.close)
    kiosk.controller.reception.devices.card_front = front
    log.info("card-front camera ready: the face camera")


def start_card_front(kiosk: KioskApp, config: Config, clock: Clock) -> None:
    """Open the card-front camera in the background (a device can take a second); face
    recognition is offered only once it is there, as 照合番号B comes from it. With one camera
    for both (``face-camera``) the face camera's start wires it (``start_face``)."""
    if config.card_front.source == "face-camera":
        return

    def done(result: object, error: object) -> None:
        from kiosk.card.front import OcrCardFront

        if not isinstance(result, OcrCardFront):
            log.warning("no card-front camera: %s; face recognition is off", error or "none set")
            return
        kiosk.closers.append(result.close)
        kiosk.controller.reception.devices.card_front = result
        log.info("card-front camera ready")

    kiosk.controller.worker.submit(lambda: wiring.open_card_front(config, clock), done)


def start_desk_link(kiosk: KioskApp, config: Config) -> None:
    """Hear the desk (`kiosk desk`): took the call, sent someone for a visual check."""
    from kiosk.records.store import RecordStore
    from kiosk.ui.desk_link import DeskLink

    store = kiosk.controller.reception.devices.alerts
    if not isinstance(store, RecordStore):
        return
    link = DeskLink(store, config.kiosk.id, kiosk.controller)
    link.action.connect(kiosk.controller.desk_action)
    link.start()
    kiosk.closers.append(link.stop)


def reader_watch(kiosk: KioskApp, config: Config) -> Callable[[bool, str], None]:
    """What the card reader's monitor says about the reader; with one reader for both, the
    smartphone is offered exactly while that reader is there."""
    controller = kiosk.controller
    if config.phone.reader != config.card.reader:
        return controller.reader_changed

    def both(available: bool, reason: str) -> None:
        controller.reader_changed(available, reason)
        controller.phone_reader_changed(available, reason)

    controller.shared_reader = True
    return both


def start_phone_monitor(kiosk: KioskApp, config: Config) -> ReaderMonitor | None:
    """The NFC reader smartphones are held over, watched on its own thread like the card's;
    None without one, or when it is the card's reader (that monitor serves both)."""
    if not config.phone.reader or config.phone.reader == config.card.reader:
        return None
    from kiosk.card.pcsc import ReaderMonitor

    controller = kiosk.controller
    monitor = ReaderMonitor(config.phone.reader, controller.phone_arrived,
                            controller.phone_removed,
                            on_reader=controller.phone_reader_changed)  # fmt: skip
    kiosk.closers.append(monitor.stop)
    return monitor


def show_full_screen(window: QWidget) -> None:
    """The whole screen, whatever it measures. Full-screen is a request to a window manager; an
    X server with none (a bare Xvfb or X kiosk session) leaves the window at its first size, so
    the window is also given the screen's geometry, and follows it when it changes."""
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    if QApplication.platformName() == "xcb":  # a Wayland compositor sizes a full-screen window
        screen = window.screen() or QApplication.primaryScreen()
        window.setGeometry(screen.geometry())
        screen.geometryChanged.connect(window.setGeometry)
    window.showFullScreen()


@dataclass
class Started:
    """What the worker built: the devices, and what moves the in-progress marks."""

    built: wiring.Built
    moved: Callable[[Model], None] | None


def start_devices(
    kiosk: KioskApp, config: Config, clock: Clock, cannot_start: Callable[[str], None]
) -> None:
    """Build the devices on the worker while the idle screen is up (the store's and the
    service client's imports and connections take about a second: docs/ui.md, start-up), then
    put them behind the window and start the readers' monitors, the desk's link and the
    cameras. ``cannot_start`` gets what keeps the kiosk from starting (a database file that
    cannot be made, a kiosk not enrolled)."""
    unclaimed: list[Started] = []
    finished = threading.Event()

    def build() -> Started:
        try:
            built = wiring.build_devices(config)
            try:
                moved = wiring.keep_marks(built.devices, config, clock, built.closers)
                # Staff PIN hashes from before 6-digit PINs still work; each start tells the desk.
                warn_if_legacy(config.staff.pin_hashes, built.devices.alerts, config.kiosk.id)
                import kiosk.card.pcsc  # noqa: F401  pyscard's import: here, not on the GUI thread
            except BaseException:
                built.close()
                raise
            started = Started(built, moved)
            unclaimed.append(started)
            return started
        finally:
            finished.set()

    def close_unclaimed() -> None:
        # Closed while the worker was building: its answer is dropped, so close what it built
        # here (the re-query's thread would otherwise run into the interpreter's exit).
        finished.wait(FACE_LOAD_WAIT_S)
        for started in unclaimed:
            started.built.close()

    def done(result: object, error: object) -> None:
        if not isinstance(result, Started):
            cannot_start(start_error_text(error))
            return
        unclaimed.clear()
        kiosk.closers += result.built.closers
        use_devices(kiosk, config, clock, result)

    kiosk.closers.append(close_unclaimed)
    kiosk.controller.worker.submit(build, done, "record")


def start_error_text(error: object) -> str:
    """Why the devices did not come up, in one line an operator can act on."""
    if isinstance(error, OSError):  # e.g. the SQLite file cannot be made, the CA file is gone
        return os_error_text(error)
    if isinstance(error, CredentialError):  # not enrolled: `kiosk enroll` (README's exit codes)
        return str(error)
    log.error(
        "the devices did not come up", exc_info=error if isinstance(error, BaseException) else None
    )
    return f"{type(error).__name__}: {error}"


def use_devices(kiosk: KioskApp, config: Config, clock: Clock, started: Started) -> None:
    """The devices behind the window; then the readers are watched: only now can a card be
    read (one already on the reader is reported as the monitor starts)."""
    from kiosk.card.pcsc import ReaderMonitor

    kiosk.controller.reception.devices = started.built.devices
    if started.moved is not None:
        kiosk.controller.model_changed.connect(started.moved)
    monitor = ReaderMonitor(config.card.reader, kiosk.controller.card_inserted,
                            kiosk.controller.card_removed,
                            on_reader=reader_watch(kiosk, config))  # fmt: skip
    kiosk.closers.append(monitor.stop)
    phone_monitor = start_phone_monitor(kiosk, config)
    monitor.start()
    if phone_monitor is not None:
        phone_monitor.start()
    start_desk_link(kiosk, config)
    start_card_front(kiosk, config, clock)
    start_face(kiosk, config, clock)
    log.info("kiosk %s ready: idle screen shown", config.kiosk.id)
    announce_ready()


READY_FILE_ENV = "KIOSK_READY_FILE"


def announce_ready() -> None:
    """Tell the update check (packaging/update-check) that this executable reached its idle
    screen: a new version that never writes the file kiosk.service names is rolled back."""
    path = os.environ.get(READY_FILE_ENV)
    if not path:
        return
    try:
        Path(path).write_text(f"executable={os.path.realpath(sys.executable)}\n", encoding="utf-8")
    except OSError as exc:
        log.warning("could not write %s (%s): an update check would roll back", path, exc)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk run", description=__doc__)
    parser.add_argument("--config", type=Path, help="TOML configuration file")
    parser.add_argument("--windowed", action="store_true", help="a normal window, with cursor")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if leaks_true():
        import PySide6

        print(f"PySide6 {PySide6.__version__} loses references on Signal.emit(); the kiosk "
              "would abort within the hour. Install the range pyproject.toml allows.",
              file=sys.stderr)  # fmt: skip
        return 3
    qt = QApplication.instance() or QApplication(sys.argv[:1])
    if not check_font():
        log.warning("font %s missing: rare kanji may not render", theme.FONT_FAMILY)
    clock = SystemClock()
    # The window first, the devices after (issue 26 item 6): the store, the service client and
    # the readers are built on the worker while the idle screen is already up. Nothing reads a
    # card before they are there: the readers' monitors start once they are.
    kiosk = make_app(config, wiring.not_started(), clock)
    kiosk.window.exit_requested.connect(qt.quit)
    if args.windowed or not config.ui.fullscreen:
        kiosk.window.show()
    else:
        show_full_screen(kiosk.window)
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    if config.ui.test_control:
        from kiosk.plugins import attach_control

        kiosk.closers.append(attach_control(config.ui.test_control, kiosk.window))
    failed: list[str] = []

    def cannot_start(reason: str) -> None:
        print(f"kiosk run: cannot start: {reason}", file=sys.stderr)
        failed.append(reason)
        qt.exit(1)

    start_devices(kiosk, config, clock, cannot_start)
    # systemd stops the session with SIGTERM: end a reception in progress and close cleanly.
    # Python sees the signal on the next tick (the 200 ms timer runs Python code).
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: qt.quit())
    try:
        code = int(qt.exec())
    finally:
        kiosk.close()
    if failed:
        return 1
    return code or unsaved_exit(kiosk.controller.reception.devices.store)


UNSAVED_EXIT = 4


def unsaved_exit(store: object) -> int:
    """A stop with receptions still held in memory (database down, journal not writable) is a
    failure: systemd and staff must see it. Their in-progress marks stay, so the next start
    records them."""
    held = getattr(store, "held", 0)
    alerts = len(getattr(getattr(store, "store", store), "held_alerts", ()))
    if not held and not alerts:
        return 0
    print(f"kiosk run: {held} reception(s) and {alerts} staff alert(s) could not be saved "
          "before stopping; the next start records the receptions from their in-progress "
          "marks and sends the alerts kept on disk", file=sys.stderr)  # fmt: skip
    return UNSAVED_EXIT


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    raise SystemExit(main(sys.argv[1:]))
