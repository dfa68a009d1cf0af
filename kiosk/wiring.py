"""The one place that builds a kiosk from its configuration: the devices (card reader, smartphone
reader, eligibility client, records store, result files, the re-query of pending receptions),
the cameras (face, card front), the in-progress marks, and the reception with its staff PIN
check. `kiosk run` (kiosk.ui.app), the demo (kiosk.sim.demo) and the benches use it; no Qt here,
so a headless driver gets exactly what the window gets.

Each ``open_*``/``start_*`` returns what it built and appends what closes it to ``closers``
(closed in reverse order). The heavy imports (dlib's models, OpenCV, Tesseract) happen inside the
functions that need them: `kiosk run` shows its idle screen first.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from kiosk.cli import os_error_text
from kiosk.config import Config
from kiosk.enroll import CredentialError
from kiosk.flow.model import Model
from kiosk.ports import (
    AlertReason,
    CardReader,
    Clock,
    EligibilityPort,
    PhoneReader,
    ReceptionStore,
)
from kiosk.runtime import Devices, Hooks, Reception, settings_from
from kiosk.staff_auth import StaffAuth

if TYPE_CHECKING:  # the face and card-front packages load models: only when opened
    from kiosk.card.front import OcrCardFront
    from kiosk.card.front_ocr import FrontOcr
    from kiosk.face.camera import Camera
    from kiosk.face.front_camera import FrontCamera
    from kiosk.face.verifier import FaceVerifierService
    from kiosk.records.inflight import InFlightMarks
    from kiosk.records.result_file import ResultFiles
    from kiosk.records.store import RecordStore

log = logging.getLogger("kiosk.wiring")

Closers = list[Callable[[], None]]


@dataclass
class Built:
    """Devices and what closes them."""

    devices: Devices
    closers: Closers = field(default_factory=list)

    def close(self) -> None:
        Built.closing(self.closers)

    @staticmethod
    def closing(closers: Closers) -> None:
        """Close in reverse order; one failed close does not keep the rest open."""
        for close in reversed(closers):
            try:
                close()
            except Exception:  # closing the rest matters more than one failed close
                log.exception("closing a device failed")
        closers.clear()


# --- the reception -----------------------------------------------------------------------------


def make_reception(config: Config, devices: Devices, clock: Clock, hooks: Hooks) -> Reception:
    return Reception(settings_from(config), devices, clock, config.kiosk.id, hooks)


def make_staff_auth(config: Config, clock: Clock) -> StaffAuth:
    staff = config.staff
    return StaffAuth(staff.pin_hashes, clock, staff.lockout_attempts, staff.lockout_seconds)


# --- the devices -------------------------------------------------------------------------------


class NotStarted:
    """Stands for the reader, the service client and the store until ``build_devices`` has
    made them: `kiosk run` shows its idle screen first and builds them on its worker, and the
    readers' monitors start only once they are there, so no reception can reach this. It has
    no methods: a use would fail at once and name what was used too early."""

    def __repr__(self) -> str:
        return "<devices not started yet>"


def not_started() -> Devices:
    """The window's devices while the real ones are being built (``kiosk.ui.app``)."""
    gap = NotStarted()
    return Devices(
        reader=cast(CardReader, gap),
        eligibility=cast(EligibilityPort, gap),
        store=cast(ReceptionStore, gap),
    )


def build_devices(
    config: Config,
    *,
    store: RecordStore | None = None,
    reader: CardReader | None = None,
    phone: PhoneReader | None = None,
    results: ResultFiles | None = None,
    requery: bool = True,
) -> Built:
    """Reader, smartphone reader, eligibility client, store, result files and the re-query;
    the cameras come later (``open_face``, ``open_card_front``). A caller that shares one
    store or one set of result files between kiosks (the demo) passes them in, and a simulated
    reader where no PC/SC reader is there; the rest follows the configuration."""
    from kiosk.eligibility.client import EligibilityClient

    closers: Closers = []
    trust_surface_issuers(config)
    if store is None:
        store = open_records(config, closers)
    try:
        client = EligibilityClient(config.service, config.kiosk, config.clinic)
    except CredentialError:  # no credential of its own (`kiosk enroll`): refuse to start
        Built.closing(closers)
        raise
    closers.append(client.close)
    if results is None:
        results = start_result_files(config, store, closers)
    if requery:
        write_due = results.write_due if results is not None else None
        closers.append(start_requery(config, store, write_due))
    devices = Devices(
        reader=reader if reader is not None else _pcsc_reader(config),
        eligibility=client,
        store=store,
        alerts=store,
        phone=phone if phone is not None else _phone_reader(config),
        results=results,
    )
    return Built(devices, closers)


def open_records(config: Config, closers: Closers) -> RecordStore:
    from kiosk.records.store import open_store

    store = open_store(config.database, kiosk_id=config.kiosk.id)  # its alerts reach the desk
    closers.append(store.close)
    return store


def trust_surface_issuers(config: Config) -> None:
    """The 券面AP issuers the configuration adds to the production one; a file that is not a
    valid issuer certificate stops the start (SurfaceSignatureError)."""
    from kiosk.card import surface_sig

    for path in config.card.surface_issuers:
        surface_sig.trust_file(path)


def _pcsc_reader(config: Config) -> CardReader:
    from kiosk.card.pcsc import PcscReader

    return PcscReader(config.card.reader)


def _phone_reader(config: Config) -> PhoneReader | None:
    if not config.phone.reader:
        return None
    from kiosk.card.phone import PcscPhoneReader

    return PcscPhoneReader(config.phone.reader)


def start_result_files(config: Config, store: RecordStore, closers: Closers) -> ResultFiles | None:
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
    from kiosk.eligibility.requery import PendingRequery

    client = EligibilityClient(config.service, config.kiosk, config.clinic)
    requery = PendingRequery(store, client, claimer=f"{config.kiosk.id}:{os.getpid()}",
                             on_resolved=on_resolved)  # fmt: skip
    requery.start(config.database.requery_interval)

    def stop() -> None:
        requery.stop()
        client.close()

    return stop


# --- the cameras -------------------------------------------------------------------------------


def open_face(config: Config, camera: Camera | None = None) -> tuple[Camera, FaceVerifierService]:
    """The camera (from ``camera.source``, unless one is given) and the face verifier on it,
    started. Importing the face package loads dlib's models (about 1.5 s): `kiosk run` calls
    this on its worker once the idle screen is up."""
    from kiosk.face.camera import open_camera
    from kiosk.face.verifier import FaceVerifierService

    camera = camera if camera is not None else open_camera(config.camera)
    face = FaceVerifierService(camera, config.camera)
    camera.start()
    return camera, face


def open_card_front(
    config: Config, clock: Clock, ocr: FrontOcr | None = None
) -> OcrCardFront | None:
    """The card-front camera of ``card_front.source`` and the OCR reader of 照合番号B on it;
    None without one (and for ``face-camera``: ``face_camera_front`` once the face camera is
    open). ``ocr``: an engine to share (the demo loads Tesseract's model once)."""
    from kiosk.face.front_camera import open_front_camera

    if config.card_front.source == "face-camera":
        return None
    camera = open_front_camera(config.card_front.source)
    if camera is None:
        return None
    return card_front_on(camera, clock, ocr)


def card_front_on(camera: FrontCamera, clock: Clock, ocr: FrontOcr | None = None) -> OcrCardFront:
    """The OCR reader of 照合番号B on a card-front camera; the clinic's day from ``clock``."""
    from kiosk.card.front import OcrCardFront

    return OcrCardFront(camera, lambda: clock.now().date(), ocr=ocr)


def face_camera_front(camera: Camera, clock: Clock) -> OcrCardFront:
    """One camera for both: 照合番号B is read from the card front held up to the face camera."""
    from kiosk.face.front_camera import FaceCameraFront

    return card_front_on(FaceCameraFront(camera), clock)


# --- what a crash left behind -------------------------------------------------------------------


def keep_marks(
    devices: Devices, config: Config, clock: Clock, closers: Closers
) -> Callable[[Model], None] | None:
    """Record what a previous run left unfinished (it crashed or lost power mid-reception),
    then mark each reception in progress until its record is stored (kiosk.records.inflight).
    Returns what to call with each new model (the driver calls it on every state change), or
    None where no marks can be kept (a read-only disk: receptions still run, without the
    safety net)."""
    from kiosk.records.inflight import InFlightMarks, MarkedStore, marks_folder
    from kiosk.records.store import RecordStore

    store = devices.store
    try:
        marks = InFlightMarks(marks_folder(config.database.journal_dir))
    except OSError as exc:
        log.warning("in-progress marks unavailable: %s", os_error_text(exc))
        return None
    if isinstance(store, RecordStore):
        _recover(marks, store, config, clock)
    devices.store = MarkedStore(store, marks)
    closers.append(marks.close)

    def moved(model: Model) -> None:
        if model.ctx.reception_id is not None:
            marks.moved(model.ctx.reception_id, model.state.value, clock.now())

    return moved


def _recover(marks: InFlightMarks, store: RecordStore, config: Config, clock: Clock) -> None:
    from kiosk.records.inflight import record_interrupted

    def alert(reason: AlertReason, reception_id: str) -> None:
        store.raise_alert(config.kiosk.id, reason, reception_id=reception_id)

    def stored(reception_id: str) -> bool:
        return store.reception(reception_id) is not None

    record_interrupted(marks, store, config.kiosk.id, clock.now(), stored, alert)
