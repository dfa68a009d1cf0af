"""The runtime: runs the flow's effects against the devices and the service.

``Reception.dispatch(event)`` advances the flow on the caller's thread (the Qt GUI thread in the
kiosk, the driver thread in the headless demo), does the instant effects at once and returns the
slow ones as ``Job``s. A driver runs each job on a worker and hands its answer back through
``Reception.deliver(job, answer)``.

Each reception owns its data (``ReceptionData``: the session's secrets, the card connection, the
consent receipts, the transcript). A job captures the reception that asked for it and reads only
that one; a worker never writes anywhere: its ``Answer`` carries the data, and the runtime applies
it on the loop thread only while that reception is still in progress and the flow accepted the
event. An answer that comes too late is dropped and what it holds (a card connection) released,
so a slow worker can never touch the next patient's reception.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from kiosk.card.certificate import expiry_date
from kiosk.card.myna import NUMBER_B_MIN_TRIES
from kiosk.card.number_b import Implausible, check_digits
from kiosk.card.session import PinRejectedError
from kiosk.config import Config
from kiosk.eligibility.document import first_result
from kiosk.eligibility.names import name_needs_check
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.machine import RECORDS_UNSAVED, step
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.flow.session import PIN_LENGTH, Session, wipe_buffer
from kiosk.ports import (
    CardError,
    CardErrorKind,
    CardFace,
    CardFrontSource,
    CardIdentity,
    CardReader,
    CardSession,
    Clock,
    ConsentKind,
    ConsentReceipt,
    EligibilityError,
    EligibilityErrorKind,
    EligibilityPort,
    FaceOutcome,
    FaceVerifier,
    PhoneError,
    PhoneErrorKind,
    PhoneKind,
    PhoneReader,
    PhoneSession,
    PinStatus,
    Proof,
    Qualification,
    ReceptionOutcome,
    ReceptionRecord,
    ReceptionStore,
    ResultFileWriter,
    StaffAlerts,
    Transition,
    VerificationMethod,
)

log = logging.getLogger("kiosk.runtime")


@runtime_checkable
class SaveHealth(Protocol):
    """A store that can tell whether anything can be saved now (the records store)."""

    def can_save(self) -> bool: ...


def settings_from(config: Config) -> FlowSettings:
    t = config.timeouts
    return FlowSettings(
        consent_mode=config.flow.consent_mode,
        ask_diagnosis=config.flow.ask_diagnosis,
        ask_operation=config.flow.ask_operation,
        ask_prescription=config.flow.ask_prescription,
        ask_subsidy=config.flow.ask_subsidy,
        face_attempts=config.flow.face_attempts,
        inactivity_s=t.inactivity,
        warning_s=t.warning,
        face_budget_s=t.face_budget,
        card_left_reminder_s=t.card_left_reminder,
        watchdog_s=t.watchdog,
    )


@dataclass
class Devices:
    """The adapters one kiosk runs with. ``card_front`` may change per card (virtual cards)."""

    reader: CardReader
    eligibility: EligibilityPort
    store: ReceptionStore
    face: FaceVerifier | None = None
    card_front: CardFrontSource | None = None
    results: ResultFileWriter | None = None  # the clinic's result files, after each record
    alerts: StaffAlerts | None = None  # the desks' alerts; the RecordStore in `kiosk run`
    phone: PhoneReader | None = None  # the NFC reader for smartphones ([phone] reader)


class Lane(enum.Enum):
    """Which workers run a job. Drivers keep one pool per lane, so a hung service call can never
    hold up a card read, and a record write never queues behind either."""

    CARD = "card"
    FACE = "face"
    SERVICE = "service"
    RECORD = "record"
    PHONE = "phone"  # one thread: two reads never talk to the phone at once


@dataclass(eq=False)
class ReceptionData:
    """What one reception owns while it runs; a new one for every card placed."""

    reception_id: str | None = None
    session: Session = field(default_factory=Session)
    card: CardSession | None = None
    receipts: list[ConsentReceipt] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    started_at: datetime | None = None
    face_cancel: threading.Event = field(default_factory=threading.Event)
    # Set when the reception ends or a service step's watchdog fires: a running service call
    # stops retrying and a queued one does not start.
    service_cancel: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class Answer:
    """A worker's result: the flow's event and the data that comes with it. ``apply`` runs on
    the loop thread, only for the reception that asked and only if the flow took the event;
    otherwise ``release`` (on a worker) gives back what the answer holds."""

    event: ev.Event
    apply: Callable[[ReceptionData], None] | None = field(default=None, repr=False)
    release: Callable[[], None] | None = field(default=None, repr=False)


JobResult = Answer | ev.Event | None
Cancel = threading.Event


@dataclass(frozen=True)
class Job:
    """A slow effect to run on a worker; ``run()`` returns the flow's answer (or None)."""

    effect: fx.Effect
    reception_id: str | None
    run: Callable[[], JobResult] = field(repr=False, compare=False)
    lane: Lane = Lane.CARD
    owner: ReceptionData | None = field(default=None, repr=False, compare=False)


@dataclass
class Hooks:
    """What the runtime tells the screen and the transcript; each defaults to doing nothing."""

    on_transition: Callable[[Transition, Model], None] = lambda t, m: None
    on_hint: Callable[[str], None] = lambda hint: None
    on_remind: Callable[[], None] = lambda: None
    on_staff: Callable[[str], None] = lambda reason: None
    on_record: Callable[[ReceptionRecord], None] = lambda record: None


@dataclass(frozen=True)
class Release(fx.Effect):
    """Not the flow's: give back what a dropped answer held (a card connection)."""


class Reception:
    """The flow, the reception in progress and the effect executors."""

    def __init__(
        self,
        settings: FlowSettings,
        devices: Devices,
        clock: Clock,
        kiosk_id: str,
        hooks: Hooks | None = None,
    ) -> None:
        self.settings = settings
        self.devices = devices
        self.clock = clock
        self.kiosk_id = kiosk_id
        self.hooks = hooks or Hooks()
        self.model = Model()
        self.current = ReceptionData()

    # --- the loop ------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.model.state

    @property
    def session(self) -> Session:
        """The secrets of the reception in progress (the keypad writes the PIN here)."""
        return self.current.session

    def dispatch(self, event: ev.Event) -> list[Job]:
        """Advance the flow; return the slow effects for the driver's workers."""
        jobs = self._step(event, None)
        if isinstance(event, ev.Tick):
            saving = self._saving_event()
            if saving is not None:
                jobs += self._step(saving, None)
        return jobs

    def _saving_event(self) -> ev.Event | None:
        """While idle, a store that can save nothing takes the kiosk out of service; back in
        once it can (the store's health is a flag: no I/O on the GUI thread)."""
        store = self.devices.store
        if not isinstance(store, SaveHealth):
            return None
        state = self.model.state
        if state is State.IDLE and not store.can_save():
            return ev.SavingStopped("database unavailable and journal not writable")
        if state is State.OUT_OF_SERVICE and self.model.ctx.error == RECORDS_UNSAVED:
            return ev.SavingResumed() if store.can_save() else None
        return None

    def deliver(self, job: Job, answer: JobResult) -> list[Job]:
        """A worker's answer: taken only while the reception that asked is still in progress."""
        if answer is None:
            return []
        if isinstance(answer, ev.Event):
            answer = Answer(answer)
        live = (
            job.owner is self.current
            and self.model.in_reception
            and job.reception_id == self.model.ctx.reception_id
        )
        if not live:
            log.debug("late %s answer dropped", answer.event.name)
            return self._released(job, answer)
        return self._step(answer.event, answer)

    def cancel_service(self) -> None:
        """Stop the service calls in flight (shutdown): they give up before their next try."""
        self.current.service_cancel.set()

    def _step(self, event: ev.Event, answer: Answer | None) -> list[Job]:
        before = self.model
        result = step(before, event, self.clock.monotonic(), self.settings)
        self.model = result.model
        # A reception starts when a card, a phone or the phone choice brings its id in (a card
        # placed during a phone reception is handled without starting one).
        rid_now = result.model.ctx.reception_id
        starts = isinstance(event, (ev.CardInserted, ev.PhoneChosen, ev.PhoneArrived))
        if starts and result.handled and rid_now == getattr(event, "reception_id", None):
            self.current = ReceptionData(rid_now, started_at=self.clock.now())
        if answer is not None:
            if not result.handled:
                return self._released(None, answer)
            if answer.apply is not None:
                answer.apply(self.current)
        if result.handled and (result.model.state is not before.state or result.reason):
            self._note(before.state, event, result.model, result.reason)
        rid = before.ctx.reception_id or result.model.ctx.reception_id
        jobs = [self._execute(effect, self.current, rid) for effect in result.effects]
        done = [job for job in jobs if job is not None]
        if result.follow is not None:  # after this step's record and wipe: the next reception
            done += self._step(result.follow, None)
        return done

    def _released(self, job: Job | None, answer: Answer) -> list[Job]:
        release = answer.release
        if release is None:
            return []
        owner = job.owner if job is not None else self.current
        rid = owner.reception_id if owner is not None else None
        return [Job(Release(), rid, lambda: release(), Lane.CARD, owner)]

    def _note(self, source: State, event: ev.Event, model: Model, reason: str) -> None:
        t = Transition(self.clock.now(), source.value, event.name, model.state.value, reason)
        if model.ctx.reception_id is not None or source is not State.IDLE:
            self.current.transitions.append(t)
        if event.name != "Tick" or model.state is not source:
            log.info("%s -> %s (%s: %s)", t.source, t.target, t.event, reason)
        self.hooks.on_transition(t, model)

    # --- effects -------------------------------------------------------------------------

    def _execute(self, effect: fx.Effect, rec: ReceptionData, rid: str | None) -> Job | None:
        if isinstance(effect, fx.SaveRecord):
            # Built now, before the wipe that follows; written on its own lane (DB I/O).
            record = self.build_record(effect.outcome, effect.reason, effect.ctx)
            self.hooks.on_record(record)
            return Job(effect, rid, lambda: self._write(record), Lane.RECORD, rec)
        if isinstance(effect, fx.WipeSession):
            return self._wipe(effect, rec, rid)
        if isinstance(effect, fx.AlertStaff):
            return self._alert_staff(effect, rec, rid)
        instant: dict[type[fx.Effect], Callable[[Any], None]] = {
            fx.CancelFace: lambda e: rec.face_cancel.set(),
            fx.CancelService: lambda e: self._cancel_service(rec),
            fx.Remind: lambda e: self.hooks.on_remind(),
        }
        if type(effect) in instant:
            instant[type(effect)](effect)
            return None
        if isinstance(effect, fx.ReadPhone):
            return Job(effect, rid, lambda: self._read_phone(effect, rec), Lane.PHONE, rec)
        if isinstance(effect, fx.VerifyFace):
            rec.face_cancel = cancel = threading.Event()
            return Job(effect, rid, lambda: self._verify_face(effect, rec, cancel), Lane.FACE, rec)
        service: dict[type[fx.Effect], Callable[[Any, ReceptionData, Cancel], JobResult]]
        service = {
            fx.ConfirmEligibility: self._confirm,
            fx.Register: self._register,
            fx.SaveConsents: self._save_consents,
            fx.SaveLimit: self._save_limit,
        }
        if type(effect) in service:
            call, cancel = service[type(effect)], rec.service_cancel  # this step's cancel
            return Job(effect, rid, lambda: _unless(cancel, call, effect, rec), Lane.SERVICE, rec)
        card: dict[type[fx.Effect], Callable[[Any, ReceptionData], JobResult]] = {
            fx.ReadCard: self._read_card,
            fx.PrepareFace: self._prepare_face,
            fx.ReadCardFace: self._read_card_face,
            fx.ReadPinTries: self._read_pin_tries,
            fx.VerifyPin: self._verify_pin,
            fx.ReadNumberBTries: self._read_number_b_tries,
            fx.VerifyNumberB: self._verify_number_b,
        }
        run = card[type(effect)]
        return Job(effect, rid, lambda: run(effect, rec), Lane.CARD, rec)

    @staticmethod
    def _cancel_service(rec: ReceptionData) -> None:
        """The watchdog gave up on a service step: stop that call, keep later ones possible."""
        rec.service_cancel.set()
        rec.service_cancel = threading.Event()

    def _wipe(self, effect: fx.WipeSession, rec: ReceptionData, rid: str | None) -> Job | None:
        """Secrets go at once; releasing the card is card I/O, so it runs on a worker."""
        rec.session.wipe()
        rec.face_cancel.set()
        rec.service_cancel.set()
        card, rec.card = rec.card, None
        if card is None:
            return None
        return Job(effect, rid, lambda: _close_card(card), Lane.CARD, rec)

    def _alert_staff(
        self, effect: fx.AlertStaff, rec: ReceptionData, rid: str | None
    ) -> Job | None:
        """The kiosk sounds at once; the alert row is database I/O, so it goes to the records
        lane (never behind a hung service call)."""
        self.hooks.on_staff(effect.reason.value)
        alerts = self.devices.alerts
        if alerts is None:
            return None
        kiosk = self.kiosk_id

        def write() -> None:
            alerts.raise_alert(kiosk, effect.reason, reception_id=rid, detail=effect.detail)

        return Job(effect, rid, write, Lane.RECORD, rec)

    # --- card (on the card lane; each reads only its own reception) ------------------------

    def _read_card(self, e: fx.ReadCard, rec: ReceptionData) -> JobResult:
        try:
            card = self.devices.reader.connect()
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        try:
            identity = card.read_identity()
        except CardError as exc:
            _close_card(card)
            # A phone laid on the card reader says so (its JPKI token): the patient is told how
            # a smartphone is used here, not "this is not a My Number Card".
            return ev.CardFailed(exc.kind, phone=exc.detail.startswith("smartphone"))
        except BaseException:
            _close_card(card)
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
        held_up = bool(getattr(front, "held_up", False))  # one camera for both: card lifted
        read = ev.CardRead(
            face_available=camera and front is not None,
            face_camera=camera,
            front_held_up=held_up,
            cert_expires=expiry_date(identity.user_cert_der),
        )
        return Answer(read, keep, lambda: _close_card(card))

    @staticmethod
    def _need_card(rec: ReceptionData) -> CardSession:
        if rec.card is None:
            raise CardError(CardErrorKind.REMOVED, "no card session")
        return rec.card

    def _prepare_face(self, e: fx.PrepareFace, rec: ReceptionData) -> JobResult:
        front = self.devices.card_front
        if front is None:
            return ev.FacePrepareFailed("no_card_front")
        if getattr(front, "held_up", False):
            return self._read_held_up_front(front)
        try:
            card = self._need_card(rec)
            # Read without consuming a try: a card whose 照合番号B counter has been used (bad
            # reads elsewhere) is not risked further; PIN and staff remain.
            if card.number_b_tries_left() < NUMBER_B_MIN_TRIES:
                return ev.FacePrepareFailed("number_b_guard")
            number_b = front.number_b(on_hint=self.hooks.on_hint)
            if not number_b:
                return ev.FacePrepareFailed("front_unreadable")
            face = card.read_card_face(number_b)
        except CardError as exc:
            return _face_read_failed(exc)
        return _photo_read(face)

    def _read_held_up_front(self, front: CardFrontSource) -> JobResult:
        """One camera for both: only the camera is used, the card may be off the reader. The
        number waits in the session for the card to come back (ReadCardFace)."""
        number_b = front.number_b(on_hint=self.hooks.on_hint)
        if not number_b:
            return ev.FacePrepareFailed("front_unreadable")

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
            _close_card(old)
        try:
            card = self.devices.reader.connect()
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        try:
            cert = card.read_identity().user_cert_der
        except CardError as exc:
            _close_card(card)
            return ev.CardFailed(exc.kind)
        except BaseException:
            _close_card(card)
            raise
        if cert != rec.session.user_cert_der:
            _close_card(card)  # another patient's card: nothing sent to it, nothing kept
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
                return ev.FacePrepareFailed("number_b_guard")
            digits = rec.session.take_number_b()  # sent at most once
            if not digits:
                return ev.FacePrepareFailed("front_unreadable")
            try:
                face = card.read_card_face(digits.decode("ascii"))
            finally:
                wipe_buffer(digits)
        except CardError as exc:
            return _face_read_failed(exc)
        return _photo_read(face)

    def _read_number_b_tries(self, e: fx.ReadNumberBTries, rec: ReceptionData) -> JobResult:
        try:
            left = self._need_card(rec).number_b_tries_left()
        except CardError as exc:
            if exc.kind is CardErrorKind.REMOVED:
                return ev.CardFailed(exc.kind)
            return ev.FacePrepareFailed("photo_unreadable")  # staff compare with the card
        return ev.NumberBTriesRead(left, number_b_allowed(left))

    def _verify_number_b(self, e: fx.VerifyNumberB, rec: ReceptionData) -> JobResult:
        """The number staff typed: checked, guarded, sent once, wiped. Its digits (they hold
        the birth date) reach neither an event nor a log line."""
        digits = rec.session.take_number_b()
        try:
            number = digits.decode("ascii", "replace")
            check_digits(number, self.clock.now().date())
            card = self._need_card(rec)
            left = card.number_b_tries_left()  # again: another reader may have used some
            if left < NUMBER_B_MIN_TRIES:
                return ev.NumberBRejected("number_b_guard", left, 0)
            face = card.read_card_face(number)
        except Implausible:
            return ev.NumberBRejected("number_b_implausible")  # our check: no try used
        except PinRejectedError as exc:
            left = exc.result.tries_left
            return ev.NumberBRejected("wrong_number_b", left, number_b_allowed(left))
        except CardError as exc:
            if exc.kind is CardErrorKind.REMOVED:
                return ev.CardFailed(exc.kind)
            return ev.FacePrepareFailed("photo_unreadable")
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
            photo, budget_s=e.budget_s, is_cancelled=cancel.is_set, on_hint=self.hooks.on_hint
        )
        return ev.FaceVerified(result.outcome, result.reason)

    def _read_pin_tries(self, e: fx.ReadPinTries, rec: ReceptionData) -> JobResult:
        try:
            return ev.PinTriesRead(self._need_card(rec).pin_tries_left())
        except CardError as exc:
            return ev.CardFailed(exc.kind)

    def _verify_pin(self, e: fx.VerifyPin, rec: ReceptionData) -> JobResult:
        pin = rec.session.take_pin()
        try:
            if len(pin) != PIN_LENGTH or not bytes(pin).isdigit():
                # Our own mistake (a caller set a bad PIN): the card's counter is not touched.
                return ev.PinRejected("pin_format")
            result = self._need_card(rec).verify_pin(pin)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        finally:
            wipe_buffer(pin)
        return ev.PinVerified(result.status, result.tries_left)

    # --- the phone (on the phone lane) ----------------------------------------------------

    def _read_phone(self, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        """Everything the phone is needed for, while it is held: the patient holds it 1–2 s."""
        reader = self.devices.phone
        if reader is None:
            return ev.PhoneFailed(e.attempt, PhoneErrorKind.NO_READER)
        try:
            phone = reader.connect()
        except PhoneError as exc:
            return ev.PhoneFailed(e.attempt, exc.kind)
        try:
            return self._use_phone(phone, e, rec)
        finally:
            _close_phone(phone)

    def _use_phone(self, phone: PhoneSession, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        pin_used = False
        if phone.kind is not e.kind:  # the patient chose the other kind: nothing is sent
            rec.session.clear_pin()
            return ev.PhoneKindFound(e.attempt, phone.kind)
        try:
            identity = phone.read_identity()
            if e.kind is PhoneKind.ANDROID:
                early = self._phone_pin_gate(phone, e, rec)
                if early is not None:
                    return early
                pin_used = True
                checked = self._verify_phone_pin(phone, e, rec)
                if checked is not None:
                    return checked
            nonce = self.devices.eligibility.new_nonce(cancel=rec.service_cancel)
            signature = phone.sign(nonce)
        except PhoneError as exc:
            return ev.PhoneFailed(e.attempt, exc.kind, pin_used=pin_used)
        except EligibilityError as exc:
            return Answer(ev.PhoneNonceFailed(e.attempt, exc.kind), _keep_identity(identity))
        proof = Proof(_PHONE_METHOD[e.kind], nonce, signature)

        def keep(r: ReceptionData) -> None:
            _keep_identity(identity)(r)
            r.session.extra["phone_proof"] = proof

        return Answer(ev.PhoneRead(e.attempt), keep)

    @staticmethod
    def _phone_pin_gate(phone: PhoneSession, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        """The tries, read without consuming one: a locked PIN is never sent, and the last try
        is never used before the patient has been told it is the last."""
        tries = phone.pin_tries_left()
        if tries <= 0:
            rec.session.clear_pin()
            return ev.PhonePinChecked(e.attempt, PinStatus.ALREADY_LOCKED, 0)
        if tries == 1 and not e.last_try_shown:
            rec.session.clear_pin()
            return ev.PhoneTriesRead(e.attempt, 1)
        if rec.session.pin_length != PIN_LENGTH:
            # Our own mistake (no PIN, a bad one): the phone's counter is not touched.
            rec.session.clear_pin()
            return ev.PhonePinRejected(e.attempt)
        return None

    @staticmethod
    def _verify_phone_pin(phone: PhoneSession, e: fx.ReadPhone, rec: ReceptionData) -> JobResult:
        pin = rec.session.take_pin()
        try:
            if not bytes(pin).isdigit():
                return ev.PhonePinRejected(e.attempt)
            result = phone.verify_pin(pin)
        finally:
            wipe_buffer(pin)
        if result.status is PinStatus.OK:
            return None
        return ev.PhonePinChecked(e.attempt, result.status, result.tries_left)

    # --- the service (on the service lane) -----------------------------------------------

    def _proof(self, rec: ReceptionData, method: VerificationMethod, cancel: Cancel) -> Proof:
        if method in _PHONE_METHODS:
            # Signed by the phone while it was held; a nonce is spent once, so it is taken.
            proof = rec.session.extra.pop("phone_proof", None)
            if not isinstance(proof, Proof) or proof.method is not method:
                raise EligibilityError(EligibilityErrorKind.PROOF_REJECTED, "no phone proof")
            return proof
        nonce = self.devices.eligibility.new_nonce(cancel=cancel)
        if method is VerificationMethod.PIN:
            return Proof(method, nonce, self._need_card(rec).sign(nonce))
        return Proof(method, nonce)

    @staticmethod
    def _cert(rec: ReceptionData) -> bytes:
        if rec.session.user_cert_der is None:
            raise CardError(CardErrorKind.REMOVED, "the reception's certificate is gone")
        return rec.session.user_cert_der

    @staticmethod
    def _key(rec: ReceptionData, what: str) -> str:
        return f"{rec.reception_id}:{what}"

    def _confirm(self, e: fx.ConfirmEligibility, rec: ReceptionData, cancel: Cancel) -> JobResult:
        service = self.devices.eligibility
        try:
            proof = self._proof(rec, e.method, cancel)
            q = service.confirm(
                self._cert(rec), proof, key=self._key(rec, "confirm"), cancel=cancel
            )
        except EligibilityError as exc:
            return ev.EligibilityFailed(exc.kind)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        if e.method not in _SIGNED_METHODS and not _same_person(rec, q):
            # Face and visual checks prove only a face: a result for someone else must never
            # become this patient's record. Not kept, staff called.
            log.warning("eligibility answer does not match the card's birth date and sex")
            return ev.EligibilityFailed(EligibilityErrorKind.MISMATCH)

        def keep(r: ReceptionData) -> None:
            r.session.qualification = q

        today = self.clock.now().date()
        confirmed = ev.EligibilityConfirmed(
            q.validity, q.birth_date, today, name_needs_check(q.name)
        )
        return Answer(confirmed, keep)

    def _register(self, e: fx.Register, rec: ReceptionData, cancel: Cancel) -> JobResult:
        service = self.devices.eligibility
        try:
            proof = self._proof(rec, e.method, cancel)
            service.register(self._cert(rec), proof, key=self._key(rec, "register"), cancel=cancel)
        except EligibilityError as exc:
            return ev.EligibilityFailed(exc.kind)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        return ev.Registered()

    def _send_consents(
        self, rec: ReceptionData, answers: dict[ConsentKind, bool], what: str, cancel: Cancel
    ) -> tuple[bool, list[ConsentReceipt]]:
        try:
            receipts = self.devices.eligibility.record_consents(
                self._cert(rec), answers, key=self._key(rec, what), cancel=cancel
            )
        except (EligibilityError, CardError) as exc:
            log.warning("consents not recorded: %s", exc)
            now = self.clock.now()
            return False, [ConsentReceipt(k, v, now, None) for k, v in answers.items()]
        return True, list(receipts)

    def _save_consents(self, e: fx.SaveConsents, rec: ReceptionData, cancel: Cancel) -> JobResult:
        # The certificate's grace asks no consent: only the prescription choice goes.
        ok, receipts = True, list[ConsentReceipt]()
        if e.answers:
            ok, receipts = self._send_consents(rec, dict(e.answers), "consents", cancel)
        final = self._final_result(rec, e.prescription, "result", cancel)
        return Answer(ev.ConsentsSaved(ok), _keep_consents(receipts, final))

    def _save_limit(self, e: fx.SaveLimit, rec: ReceptionData, cancel: Cancel) -> JobResult:
        ok, receipts = self._send_consents(rec, {ConsentKind.LIMIT: True}, "limit", cancel)
        final = self._final_result(rec, e.prescription, "result-limit", cancel)
        return Answer(ev.LimitSaved(ok), _keep_consents(receipts, final))

    def _final_result(
        self, rec: ReceptionData, prescription: str | None, what: str, cancel: Cancel
    ) -> Qualification | None:
        """The re-query after the consents: the document the clinic's file must hold (consents
        with their times, limit information once agreed, PrescriptionIssueSelect). Without it
        the record keeps the first document and the kiosk's own receipts fill the file in."""
        try:
            return self.devices.eligibility.final_result(
                self._cert(rec), prescription=prescription, key=self._key(rec, what), cancel=cancel
            )
        except (EligibilityError, CardError) as exc:
            log.warning("final result document not fetched: %s", exc)
            return None

    # --- the record ----------------------------------------------------------------------

    def _write(self, record: ReceptionRecord) -> None:
        try:
            self.devices.store.save(record)
        except Exception:  # the store journals itself; this is the last line of defence
            log.exception("reception %s could not be stored", record.reception_id)
        results = self.devices.results
        if results is None:
            return
        try:
            results.write_due()  # this reception's file, and any a full folder held back
        except Exception:  # a file is retried on the writer's timer; the record is safe
            log.exception("result files not written after reception %s", record.reception_id)

    def build_record(self, outcome: ReceptionOutcome, reason: str, ctx: Context) -> ReceptionRecord:
        rec = self.current
        q: Qualification | None = rec.session.qualification
        pending = outcome is ReceptionOutcome.PENDING
        return ReceptionRecord(
            reception_id=ctx.reception_id or "",
            kiosk_id=self.kiosk_id,
            started_at=rec.started_at or self.clock.now(),
            ended_at=self.clock.now(),
            outcome=outcome,
            method=ctx.method,
            end_reason=reason,
            qualification=dict(q.document) if q is not None else None,
            consents=tuple(rec.receipts),
            registered_now=ctx.registered_now,
            limit_provided=ctx.limit_provided,
            needs_staff=ctx.needs_staff,
            transitions=tuple(rec.transitions),
            requery_cert_der=rec.session.user_cert_der if pending else None,
            prescription=ctx.prescription,
            subsidy_certificates=ctx.subsidy,
            end_code=ctx.error,
            partial=outcome is ReceptionOutcome.COMPLETE and ctx.consents_saved is not True,
        )


def _keep_consents(
    receipts: list[ConsentReceipt], final: Qualification | None
) -> Callable[[ReceptionData], None]:
    def keep(r: ReceptionData) -> None:
        r.receipts += receipts
        if final is not None:
            r.session.qualification = final

    return keep


def _unless(
    cancel: Cancel,
    call: Callable[[Any, ReceptionData, Cancel], JobResult],
    effect: fx.Effect,
    rec: ReceptionData,
) -> JobResult:
    """A service step whose reception gave up while it waited for a worker does not start."""
    if cancel.is_set():
        return None
    return call(effect, rec, cancel)


# 券面AP sex codes (1, 2, 9 not applicable) and the result's Sex1 (1, 2, 3 未設定).
_SEX_OF_CHIP = {"1": "1", "2": "2", "9": "3"}


def same_person(chip: tuple[date, str], q: Qualification) -> bool:
    """Whether the result's birth date and sex are the chip's (the card on the reader)."""
    birth, sex = chip
    result = first_result(q.document)
    sex1 = str(result.get("Sex1", "")) if result is not None else ""
    return birth == q.birth_date and _SEX_OF_CHIP.get(sex) == sex1


def _same_person(rec: ReceptionData, q: Qualification) -> bool:
    chip = rec.session.extra.get("card_face")
    if chip is None:
        return True  # a visual check without the photo read: staff compared the card itself
    return same_person(chip, q)


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

    return Answer(answer.event, keep, lambda: _close_card(card))


def _face_read_failed(exc: CardError) -> ev.Event:
    """What a failed 照合番号B VERIFY + photo read means for the patient."""
    if isinstance(exc, PinRejectedError):
        # A plausible number the card refused (one try used): the front was misread (or
        # mistyped), not the photo. Staff can type the number (the counter is read again).
        return ev.FacePrepareFailed("front_misread")
    if exc.kind is CardErrorKind.REMOVED:
        return ev.CardFailed(exc.kind)
    return ev.FacePrepareFailed("photo_unreadable")


def _photo_read(face: CardFace) -> Answer:
    photo, birth, sex = face.photo_jp2, face.birth_date, face.sex

    def keep(r: ReceptionData) -> None:
        r.session.chip_photo_jp2 = photo
        # Shown to staff beside the chip photo in the visual check; wiped with the session.
        r.session.extra["card_face"] = (birth, sex)

    return Answer(ev.FacePrepared(), keep)


_PHONE_METHOD = {
    PhoneKind.ANDROID: VerificationMethod.PHONE_PIN,
    PhoneKind.IPHONE: VerificationMethod.PHONE_BIOMETRIC,
}
_PHONE_METHODS = frozenset(_PHONE_METHOD.values())
# The holder's own key signed the service's nonce: the answer is about that certificate's holder.
_SIGNED_METHODS = frozenset({VerificationMethod.PIN, *_PHONE_METHODS})


def _keep_identity(identity: CardIdentity) -> Callable[[ReceptionData], None]:
    def keep(r: ReceptionData) -> None:
        r.session.user_cert_der = identity.user_cert_der
        r.session.ca_cert_der = identity.ca_cert_der
        r.session.note_secret()

    return keep


def _close_phone(phone: PhoneSession) -> None:
    try:
        phone.close()
    except PhoneError:
        log.debug("phone already gone when closing")


def _close_card(card: CardSession) -> None:
    try:
        card.close()
    except CardError:
        log.debug("card already gone when closing")


def fallback_event(effect: fx.Effect, exc: BaseException) -> ev.Event | None:
    """The flow's answer when a worker failed in a way no adapter foresaw: never a hang."""
    log.error("%s failed unexpectedly: %s", effect.name, type(exc).__name__)
    card = (
        fx.ReadCard, fx.PrepareFace, fx.ReadPinTries, fx.VerifyPin, fx.ReadNumberBTries,
        fx.VerifyNumberB, fx.ReadCardFace,
    )  # fmt: skip
    if isinstance(effect, card):
        return ev.CardFailed(CardErrorKind.UNREADABLE)
    if isinstance(effect, fx.VerifyFace):
        return ev.FaceVerified(FaceOutcome.CAMERA_UNAVAILABLE, type(exc).__name__)
    if isinstance(effect, fx.ReadPhone):
        return ev.PhoneFailed(effect.attempt, PhoneErrorKind.UNREADABLE)
    if isinstance(effect, (fx.ConfirmEligibility, fx.Register)):
        return ev.EligibilityFailed(EligibilityErrorKind.MALFORMED)
    if isinstance(effect, fx.SaveConsents):
        return ev.ConsentsSaved(ok=False)
    if isinstance(effect, fx.SaveLimit):
        return ev.LimitSaved(ok=False)
    return None
