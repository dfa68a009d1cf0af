"""One PNG per screen per language, offscreen at the 1280×800 baseline.

Each screen is shown with a representative model (the facts the flow would have at that point);
nothing here runs a device, so the whole set takes a few seconds."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from kiosk.flow.certificate import CertStatus
from kiosk.flow.clock import JST, ManualClock
from kiosk.flow.codes import Code
from kiosk.flow.model import Context, Model, State
from kiosk.ports import ConsentKind, PhoneKind, ReceptionOutcome, VerificationMethod

SIZE = (1280, 800)

SAMPLE_CTX: dict[State, Context] = {
    State.CHOOSE_METHOD: Context(face_available=True),
    State.PIN_ENTRY: Context(pin_tries_left=2, error=Code.WRONG_PIN),
    State.PIN_LOCKED: Context(pin_tries_left=0, error=Code.LOCKED_NOW, face_available=True),
    State.FACE_FAILED: Context(error=Code.FACE_EXHAUSTED),
    State.FACE_RETRY: Context(error=Code.NO_MATCH, face_attempts=1),
    State.CARD_ERROR: Context(error=Code.NOT_MYNACARD),
    State.FINISHED: Context(  # with the renewal notice of a certificate about to expire
        limit_provided=True,
        consents_saved=True,
        cert_expires=datetime(2027, 1, 10, 23, 59, 59, tzinfo=JST),
        cert_status=CertStatus.EXPIRING,
    ),
    State.DONE: Context(  # the fullest: 戻る (a consent came before) and a renewal notice
        answers=((ConsentKind.MEDICATION, True),),
        cert_expires=datetime(2027, 1, 10, 23, 59, 59, tzinfo=JST),
        cert_status=CertStatus.EXPIRING,
    ),
    State.QUERYING: Context(method=VerificationMethod.FACE),  # 本人確認ができました
    State.ENDED: Context(error=Code.TIMEOUT),
    State.CONSENT_CHECKUP: Context(
        birth_date=date(1970, 4, 1),
        visit_date=date(2026, 11, 23),
        answers=((ConsentKind.MEDICATION, True),),
    ),
    State.CLOSING: Context(outcome=ReceptionOutcome.COMPLETE),
    State.STAFF_COMPARE: Context(face_camera=True),
    State.CARD_RETURN: Context(  # the front not read, and the patient called staff
        front_held_up=True,
        card_lifted=True,
        lift_failed=Code.FRONT_UNREADABLE,
        error=Code.STAFF_CALLED,
        needs_staff=True,
    ),
    State.NUMBER_B_ENTRY: Context(
        face_camera=True,
        number_b_tries_left=9,
        number_b_allowed=2,
        error=Code.WRONG_NUMBER_B,
    ),
    State.PHONE_KIND: Context(phone=True),
    State.PHONE_PIN_ENTRY: Context(
        phone=True, phone_kind=PhoneKind.ANDROID, pin_tries_left=1, error=Code.WRONG_PIN
    ),
    State.PHONE_HOLD: Context(phone=True, phone_kind=PhoneKind.IPHONE, error=Code.PHONE_REMOVED),
    State.PHONE_READING: Context(phone=True, phone_kind=PhoneKind.ANDROID),
    State.PHONE_DECLINED: Context(phone=True, phone_kind=PhoneKind.IPHONE),
    State.PHONE_PIN_LOCKED: Context(
        phone=True, phone_kind=PhoneKind.ANDROID, error=Code.LOCKED_NOW
    ),
}
# The smartphone's versions of screens the card also has (``write_screenshots(phone=True)``).
PHONE_CTX: dict[State, Context] = {
    State.FINISHED: Context(phone=True, limit_provided=True, consents_saved=True),
    State.CERT_ERROR: Context(phone=True, error=Code.CERT_EXPIRED, other_device="card"),
    State.CLOSING: Context(phone=True, outcome=ReceptionOutcome.COMPLETE),
    State.CARD_ERROR: Context(error=Code.PHONE_ON_CARD_READER),  # a phone on the card reader
}
RESUME = {
    State.TIMEOUT_WARNING: State.CONSENT_MEDICATION,
    State.CONFIRM_CANCEL: State.CHOOSE_METHOD,
}


def sample_model(state: State, now: float, phone: bool = False) -> Model:
    sample = PHONE_CTX.get(state) if phone else None
    ctx = replace(sample or SAMPLE_CTX.get(state, Context()), reception_id="screenshot")
    deadline = now + 14.0 if state in (State.TIMEOUT_WARNING, State.FACE_VERIFYING) else None
    if state is State.FACE_VERIFYING:
        deadline = now + 45.0 + 14.0
    return Model(state, ctx, deadline, resume=RESUME.get(state))


def _camera_frame() -> object | None:
    """One frame of the synthetic camera (a public sample photo), for the preview screens."""
    try:
        from kiosk.sim.camera import SyntheticCamera

        camera = SyntheticCamera("astronaut", "genuine")
        camera.start()
        try:
            return camera.wait_newer(-1, 10.0)
        finally:
            camera.stop()
    except Exception:  # screenshots without a preview are still screenshots
        return None


def _show_previews(window: object, frame: object | None) -> None:
    from PySide6.QtGui import QImage

    from kiosk.ui.screens import CompareScreen, FaceScreen
    from kiosk.ui.window import frame_to_image

    if frame is None:
        return
    image = frame_to_image(frame)  # type: ignore[arg-type]
    screens = window.screens  # type: ignore[attr-defined]
    face = screens[State.FACE_VERIFYING]
    compare = screens[State.STAFF_COMPARE]
    if isinstance(face, FaceScreen):
        face.preview.set_image(image)
        face.set_hint("blink")
    if isinstance(compare, CompareScreen):
        compare.preview.set_image(image)
        compare.photo.set_image(image.convertToFormat(QImage.Format.Format_Grayscale8))


def write_screenshots(directory: Path, large_text: bool = False) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.i18n import LANGUAGES
    from kiosk_dev.offline import offline_window

    app = QApplication.instance() or QApplication([])
    directory.mkdir(parents=True, exist_ok=True)
    clock = ManualClock()
    window = offline_window(clock)
    window.resize(*SIZE)
    window.show()
    frame = _camera_frame()
    paths: list[Path] = []
    try:
        shots = [(state, False) for state in State] + [(state, True) for state in PHONE_CTX]
        for language in LANGUAGES:
            for state, phone in shots:
                window.show_model(sample_model(state, clock.monotonic(), phone))
                if window.language() != language or window.large_text != large_text:
                    window.set_language(language)  # after: idle brings back the clinic's
                    window.set_large_text(large_text)
                _show_previews(window, frame)
                window.current.show_texts()
                app.processEvents()
                size = "-large" if large_text else ""
                kind = "-phone" if phone else ""
                path = directory / f"{language}-{state.value}{kind}{size}.png"
                window.grab().save(str(path))
                paths.append(path)
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    return paths
