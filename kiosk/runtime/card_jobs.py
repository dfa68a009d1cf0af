"""The card jobs (on the card lane; each reads only its own reception): the card read, 照合番号B
from the card front and the chip photo, the card back after its front was shown (one camera for
both), 照合番号B typed by staff, the face match and the PIN."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.card.certificate import expiry
from kiosk.card.myna import NUMBER_B_MIN_TRIES
from kiosk.card.number_b import Implausible, check_digits
from kiosk.card.session import PinRejectedError
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.session import PIN_LENGTH, ChipFacts, wipe_buffer
from kiosk.ports import (
    CardError,
    CardErrorKind,
    CardFace,
    CardFrontSource,
    CardIdentity,
    CardSession,
    Clock,
    FaceOutcome,
)
from kiosk.runtime.jobs import (
    Answer,
    Devices,
    Hooks,
    JobResult,
    ReceptionData,
    close_card,
    need_card,
)


class CardJobs:
    """The card lane's jobs, for :class:`kiosk.runtime.reception.Reception`."""

    devices: Devices
    clock: Clock
    hooks: Hooks

    def _read_card(self, e: fx.ReadCard, rec: ReceptionData) -> JobResult:
        try:
            card = self.devices.reader.connect()
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        try:
            identity = card.read_identity()
        except CardError as exc:
            close_card(card)
            # A phone laid on the card reader says so (its JPKI token): the patient is told how
            # a smartphone is used here, not "this is not a My Number Card".
            return ev.CardFailed(exc.kind, phone=exc.detail.startswith("smartphone"))
        except BaseException:
            close_card(card)
            raise
        face, front = self.devices.face, self.devices.card_front

        def keep(r: ReceptionData) -> None:
            r.card = card
            r.session.user_cert_der = identity.user_cert_der
            r.session.ca_cert_der = identity.ca_cert_der
            r.session.note_secret()

        # Face recognition needs both cameras: the chip photo opens only with 照合番号B (staff
        # can type it where there is no card-front camera).
        camera = face is not None and face.available()
        held_up = front is not None and front.held_up  # one camera for both: card lifted
        read = ev.CardRead(
            face_available=camera and front is not None,
            face_camera=camera,
            front_held_up=held_up,
            cert_expires=expiry(identity.user_cert_der),
            generation=identity.generation,
        )
        return Answer(read, keep, lambda: close_card(card))

    @staticmethod
    def _need_card(rec: ReceptionData) -> CardSession:
        if rec.card is None:
            raise CardError(CardErrorKind.REMOVED, "no card session")
        return rec.card

    def _prepare_face(self, e: fx.PrepareFace, rec: ReceptionData) -> JobResult:
        front = self.devices.card_front
        if front is None:
            return ev.FacePrepareFailed(Code.NO_CARD_FRONT)
        if front.held_up:
            return self._read_held_up_front(front)
        try:
            card = need_card(rec)
            # Read without consuming a try: a card whose 照合番号B counter has been used (bad
            # reads elsewhere) is not risked further; PIN and staff remain.
            if card.number_b_tries_left() < NUMBER_B_MIN_TRIES:
                return ev.FacePrepareFailed(Code.NUMBER_B_GUARD)
            number_b = front.number_b(on_hint=self.hooks.on_hint)
            if not number_b:
                return ev.FacePrepareFailed(Code.FRONT_UNREADABLE)
            face = card.read_card_face(number_b)
        except CardError as exc:
            return _face_read_failed(exc)
        return _photo_read(face)

    def _read_held_up_front(self, front: CardFrontSource) -> JobResult:
        """One camera for both: only the camera is used, the card may be off the reader. The
        number waits in the session for the card to come back (ReadCardFace)."""
        number_b = front.number_b(on_hint=self.hooks.on_hint)
        if not number_b:
            return ev.FacePrepareFailed(Code.FRONT_UNREADABLE)

        def keep(r: ReceptionData) -> None:
            r.session.set_number_b(number_b)

        return Answer(ev.FrontRead(), keep)

    def _read_card_face(self, e: fx.ReadCardFace, rec: ReceptionData) -> JobResult:
        """The card back after its front was shown: the same card (its user-auth certificate
        again: no PIN, no try), then the guard, the 照合番号B VERIFY once and the photo."""
        if not e.same_card:
            return self._verify_front_number(rec, rec.card)
        old, rec.card = rec.card, None  # the lifted card's connection is dead: let it go first
        if old is not None:
            close_card(old)
        try:
            card = self.devices.reader.connect()
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        try:
            cert = card.read_identity().user_cert_der
        except CardError as exc:
            close_card(card)
            return ev.CardFailed(exc.kind)
        except BaseException:
            close_card(card)
            raise
        if cert != rec.session.user_cert_der:
            close_card(card)  # another patient's card: nothing sent to it, nothing kept
            return ev.CardSwapped()
        if not e.photo:
            return _with_card(ev.CardBack(), card)
        return _with_card(self._verify_front_number(rec, card), card)

    def _verify_front_number(
        self, rec: ReceptionData, card: CardSession | None
    ) -> Answer | ev.Event:
        try:
            if card is None:
                raise CardError(CardErrorKind.REMOVED, "no card session")
            if card.number_b_tries_left() < NUMBER_B_MIN_TRIES:
                return ev.FacePrepareFailed(Code.NUMBER_B_GUARD)
            digits = rec.session.take_number_b()  # sent at most once
            if not digits:
                return ev.FacePrepareFailed(Code.FRONT_UNREADABLE)
            try:
                face = card.read_card_face(digits.decode("ascii"))
            finally:
                wipe_buffer(digits)
        except CardError as exc:
            return _face_read_failed(exc)
        return _photo_read(face)

    def _read_number_b_tries(self, e: fx.ReadNumberBTries, rec: ReceptionData) -> JobResult:
        try:
            left = need_card(rec).number_b_tries_left()
        except CardError as exc:
            if exc.kind is CardErrorKind.REMOVED:
                return ev.CardFailed(exc.kind)
            return ev.FacePrepareFailed(Code.PHOTO_UNREADABLE)  # staff compare with the card
        return ev.NumberBTriesRead(left, number_b_allowed(left))

    def _verify_number_b(self, e: fx.VerifyNumberB, rec: ReceptionData) -> JobResult:
        """The number staff typed: checked, guarded, sent once, wiped. Its digits (they hold
        the birth date) reach neither an event nor a log line."""
        digits = rec.session.take_number_b()
        try:
            number = digits.decode("ascii", "replace")
            check_digits(number, self.clock.now().date())
            card = need_card(rec)
            left = card.number_b_tries_left()  # again: another reader may have used some
            if left < NUMBER_B_MIN_TRIES:
                return ev.NumberBRejected(Code.NUMBER_B_GUARD, left, 0)
            face = card.read_card_face(number)
        except Implausible:
            return ev.NumberBRejected(Code.NUMBER_B_IMPLAUSIBLE)  # our check: no try used
        except PinRejectedError as exc:
            left = exc.result.tries_left
            return ev.NumberBRejected(Code.WRONG_NUMBER_B, left, number_b_allowed(left))
        except CardError as exc:
            if exc.kind is CardErrorKind.REMOVED:
                return ev.CardFailed(exc.kind)
            return ev.FacePrepareFailed(Code.PHOTO_UNREADABLE)
        finally:
            wipe_buffer(digits)
        return _photo_read(face)

    def _verify_face(
        self, e: fx.VerifyFace, rec: ReceptionData, cancel: threading.Event
    ) -> JobResult:
        face, photo = self.devices.face, rec.session.chip_photo_jp2
        if face is None or photo is None:
            return ev.FaceVerified(FaceOutcome.CAMERA_UNAVAILABLE, "no camera or no photo")
        result = face.verify(
            photo,
            budget_s=e.budget_s,
            is_cancelled=cancel.is_set,
            on_hint=self.hooks.on_hint,
            on_face=self.hooks.on_face,
        )
        return ev.FaceVerified(result.outcome, result.reason)

    def _read_pin_tries(self, e: fx.ReadPinTries, rec: ReceptionData) -> JobResult:
        try:
            return ev.PinTriesRead(need_card(rec).pin_tries_left())
        except CardError as exc:
            return ev.CardFailed(exc.kind)

    def _verify_pin(self, e: fx.VerifyPin, rec: ReceptionData) -> JobResult:
        pin = rec.session.take_pin()
        try:
            if len(pin) != PIN_LENGTH or not bytes(pin).isdigit():
                # Our own mistake (a caller set a bad PIN): the card's counter is not touched.
                return ev.PinRejected(Code.PIN_FORMAT)
            result = need_card(rec).verify_pin(pin)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        finally:
            wipe_buffer(pin)
        return ev.PinVerified(result.status, result.tries_left)


def number_b_allowed(tries_left: int) -> int:
    """How many 照合番号B the kiosk may still submit to a card with ``tries_left``: never one
    below NUMBER_B_MIN_TRIES (the rest belong to the patient's other readers and to staff)."""
    return max(0, tries_left - NUMBER_B_MIN_TRIES + 1)


def _with_card(result: Answer | ev.Event, card: CardSession) -> Answer:
    """The card that came back becomes the reception's (on the loop thread, if the flow takes
    the answer); otherwise its connection is closed."""
    answer = result if isinstance(result, Answer) else Answer(result)
    first = answer.apply

    def keep(r: ReceptionData) -> None:
        r.card = card
        if first is not None:
            first(r)

    return Answer(answer.event, keep, lambda: close_card(card))


def _face_read_failed(exc: CardError) -> ev.Event:
    """What a failed 照合番号B VERIFY + photo read means for the patient."""
    if isinstance(exc, PinRejectedError):
        # A plausible number the card refused (one try used): the front was misread (or
        # mistyped), not the photo. Staff can type the number (the counter is read again).
        return ev.FacePrepareFailed(Code.FRONT_MISREAD)
    if exc.kind is CardErrorKind.REMOVED:
        return ev.CardFailed(exc.kind)
    return ev.FacePrepareFailed(Code.PHOTO_UNREADABLE)


def _photo_read(face: CardFace) -> Answer:
    photo, birth, sex = face.photo_jp2, face.birth_date, face.sex

    def keep(r: ReceptionData) -> None:
        r.session.chip_photo_jp2 = photo
        # Shown to staff beside the chip photo in the visual check; wiped with the session.
        r.session.chip_facts = ChipFacts(birth, sex)

    return Answer(ev.FacePrepared(), keep)


def keep_identity(identity: CardIdentity) -> Callable[[ReceptionData], None]:
    def keep(r: ReceptionData) -> None:
        r.session.user_cert_der = identity.user_cert_der
        r.session.ca_cert_der = identity.ca_cert_der
        r.session.note_secret()

    return keep
