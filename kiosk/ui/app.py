"""`kiosk run [--config PATH] [--windowed]`: the kiosk on real devices.

The reader (PC/SC: a real reader, or vpcd with `kiosk virtual-card` behind it) and its monitor,
the camera and face verifier, the eligibility client and the records store come from the
configuration. Full screen, frameless, no cursor; only the staff gesture plus a staff PIN closes
it."""

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
from PySide6.QtWidgets import QApplication

from kiosk.cli import os_error_text
from kiosk.config import Config, ConfigError, load_config
from kiosk.enroll import CredentialError
from kiosk.flow.clock import SystemClock
from kiosk.flow.model import Model
from kiosk.ports import AlertReason, Clock
from kiosk.runtime import Devices, settings_from
from kiosk.staff_auth import StaffAuth
from kiosk.ui import theme
from kiosk.ui.controller import KioskController
from kiosk.ui.qtcheck import leaks_true
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:  # the face package loads dlib's models: after the idle screen
    from kiosk.card.pcsc import ReaderMonitor
    from kiosk.face.camera import Camera
    from kiosk.records.result_file import ResultFiles
    from kiosk.records.store import RecordStore

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
        for close in reversed(self.closers):
            try:
                close()
            except Exception:  # closing the rest matters more than one failed close
                log.exception("closing a device failed")


def make_app(
    config: Config,
    devices: Devices,
    clock: Clock,
    camera: Camera | None = None,
    *,
    voice: bool | None = None,
) -> KioskApp:
    staff = StaffAuth(
        config.staff.pin_hashes, clock, config.staff.lockout_attempts, config.staff.lockout_seconds
    )
    controller = KioskController(settings_from(config), devices, clock, config.kiosk.id, staff)
    window = KioskWindow(
        controller,
        camera,
        language=config.ui.language,
        large_text=config.ui.large_text,
        voice=config.ui.voice if voice is None else voice,
        voice_player=shlex.split(config.ui.voice_player),
    )
    controller.start()
    return KioskApp(window, controller)


def check_font() -> bool:
    """The rare kanji in names (髙, 𠮷, 邉, 齋) need Noto Sans CJK JP."""
    return theme.FONT_FAMILY in QFontDatabase.families()


def build_devices(config: Config) -> tuple[Devices, list[Callable[[], None]]]:
    """Reader, eligibility client and store; the camera comes later (``start_face``)."""
    from kiosk.card.pcsc import PcscReader
    from kiosk.eligibility.client import EligibilityClient
    from kiosk.records.store import open_store

    closers: list[Callable[[], None]] = []
    store = open_store(config.database)
    store.kiosk_id = config.kiosk.id  # alerts about saving reach the staff desk
    closers.append(store.close)
    try:
        client = EligibilityClient(config.service, config.kiosk, config.clinic)
    except CredentialError:  # no credential of its own (`kiosk enroll`): refuse to start
        store.close()
        raise
    closers.append(client.close)
    devices = Devices(
        reader=PcscReader(config.card.reader), eligibility=client, store=store, alerts=store
    )
    if config.phone.reader:
        from kiosk.card.phone import PcscPhoneReader

        devices.phone = PcscPhoneReader(config.phone.reader)
    devices.results = start_result_files(config, store, closers)
    write_due = devices.results.write_due if devices.results is not None else None
    closers.append(start_requery(config, store, write_due))
    return devices, closers


def start_result_files(
    config: Config, store: RecordStore, closers: list[Callable[[], None]]
) -> ResultFiles | None:
    """The result file per reception, when the clinic configured its folder: written after each
    record, and retried on a timer while the folder cannot take them (files held back by a
    full disk, pending receptions resolved meanwhile)."""
    if not config.results.folder:
        return None
    from kiosk.records.result_file import ResultFiles

    files = ResultFiles(store, Path(config.results.folder), config.clinic.code,
                        kiosk_id=config.kiosk.id, alerts=store)  # fmt: skip
    files.start(config.results.retry_interval)
    closers.append(files.stop)
    return files


def start_requery(
    config: Config, store: RecordStore, on_resolved: Callable[[], object] | None = None
) -> Callable[[], None]:
    """Re-query pending receptions in the background, with a client of its own (a slow round
    never holds up the patient's calls); ``on_resolved`` writes the result files then. Returns
    what stops it."""
    from kiosk.eligibility.client import EligibilityClient
    from kiosk.records.requery import PendingRequery

    client = EligibilityClient(config.service, config.kiosk, config.clinic)
    requery = PendingRequery(store, client, claimer=f"{config.kiosk.id}:{os.getpid()}",
                             on_resolved=on_resolved)  # fmt: skip
    requery.start(config.database.requery_interval)

    def stop() -> None:
        requery.stop()
        client.close()

    return stop


def open_face(config: Config) -> tuple[Camera, Any]:
    """The camera and the face verifier. Importing the face package loads dlib's models (about
    1.5 s), so the kiosk does this on its worker once the idle screen is up."""
    from kiosk.face.camera import open_camera
    from kiosk.face.verifier import FaceVerifierService

    camera = open_camera(config.camera)
    face = FaceVerifierService(camera, config.camera)
    camera.start()
    return camera, face


def start_face(kiosk: KioskApp, config: Config, clock: Clock) -> None:
    """Open the camera in the background; face recognition is offered once it is there (a card
    read before that offers the PIN only, as the flow does without a camera)."""
    opened: list[tuple[Camera, Any]] = []
    loaded = threading.Event()

    def load() -> tuple[Camera, Any]:
        try:
            opened.append(open_face(config))
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


def open_card_front(config: Config, clock: Clock) -> Any:
    """The card-front camera and the OCR reader of 照合番号B on it; None without one."""
    from kiosk.card.front import OcrCardFront, open_front_camera

    camera = open_front_camera(config.card_front.source)
    if camera is None:
        return None
    return OcrCardFront(camera, lambda: clock.now().date())


def use_face_camera_for_fronts(kiosk: KioskApp, camera: Camera, clock: Clock) -> None:
    """One camera for both: 照合番号B is read from the card front held up to the face camera."""
    from kiosk.card.front import FaceCameraFront, OcrCardFront

    front = OcrCardFront(FaceCameraFront(camera), lambda: clock.now().date())
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

    kiosk.controller.worker.submit(lambda: open_card_front(config, clock), done)


def start_desk_link(kiosk: KioskApp, config: Config) -> None:
    """Hear the desk (`kiosk staff`): took the call, visual check, approve, reject."""
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


def keep_marks(kiosk: KioskApp, config: Config, clock: Clock) -> None:
    """Record what a previous run left unfinished (it crashed or lost power mid-reception),
    then mark each reception in progress until its record is stored (kiosk.records.inflight)."""
    from kiosk.records.inflight import InFlightMarks, MarkedStore, marks_folder, record_interrupted
    from kiosk.records.store import RecordStore

    devices = kiosk.controller.reception.devices
    store = devices.store
    try:
        marks = InFlightMarks(marks_folder(config.database.journal_dir))
    except OSError as exc:  # a read-only disk: receptions still run, without the safety net
        log.warning("in-progress marks unavailable: %s", os_error_text(exc))
        return
    if isinstance(store, RecordStore):

        def alert(reason: AlertReason, reception_id: str) -> None:
            store.raise_alert(config.kiosk.id, reason, reception_id=reception_id)

        def stored(reception_id: str) -> bool:
            return store.reception(reception_id) is not None

        record_interrupted(marks, store, config.kiosk.id, clock.now(), stored, alert)
    devices.store = MarkedStore(store, marks)
    kiosk.closers.append(marks.close)

    def moved(model: Model) -> None:
        if model.ctx.reception_id is not None:
            marks.moved(model.ctx.reception_id, model.state.value, clock.now())

    kiosk.controller.model_changed.connect(moved)


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
    try:
        devices, closers = build_devices(config)
    except OSError as exc:  # e.g. the SQLite file cannot be made, the service's CA file is gone
        print(f"kiosk run: cannot start: {os_error_text(exc)}", file=sys.stderr)
        return 1
    except CredentialError as exc:
        print(f"kiosk run: cannot start: {exc}", file=sys.stderr)
        return 2
    clock = SystemClock()
    kiosk = make_app(config, devices, clock)
    kiosk.closers += closers
    keep_marks(kiosk, config, clock)
    from kiosk.card.pcsc import ReaderMonitor

    monitor = ReaderMonitor(config.card.reader, kiosk.controller.card_inserted,
                            kiosk.controller.card_removed,
                            on_reader=reader_watch(kiosk, config))  # fmt: skip
    kiosk.closers.append(monitor.stop)
    phone_monitor = start_phone_monitor(kiosk, config)
    kiosk.window.exit_requested.connect(qt.quit)
    if args.windowed or not config.ui.fullscreen:
        kiosk.window.show()
    else:
        kiosk.window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        kiosk.window.showFullScreen()
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    if config.ui.test_control:
        from kiosk.plugins import attach_control

        kiosk.closers.append(attach_control(config.ui.test_control, kiosk.window))
    monitor.start()
    if phone_monitor is not None:
        phone_monitor.start()
    start_desk_link(kiosk, config)
    start_card_front(kiosk, config, clock)
    start_face(kiosk, config, clock)
    # systemd stops the session with SIGTERM: end a reception in progress and close cleanly.
    # Python sees the signal on the next tick (the 200 ms timer runs Python code).
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: qt.quit())
    log.info("kiosk %s ready: idle screen shown", config.kiosk.id)
    try:
        return int(qt.exec())
    finally:
        kiosk.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    raise SystemExit(main(sys.argv[1:]))
