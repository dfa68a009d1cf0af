"""The runtime: runs the flow's effects against the devices and the service.

``Reception.dispatch(event)`` advances the flow on the caller's thread (the Qt GUI thread in the
kiosk, the driver thread in the headless demo), does the instant effects at once and returns the
slow ones as ``Job``s. A driver runs each job on a worker and hands its answer back through
``Reception.deliver(job, event)``. Answers for a reception that has already ended are dropped, so
a slow worker can never touch the next patient's reception.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kiosk.config import Config
from kiosk.eligibility.names import name_needs_check
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.machine import step
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.flow.session import Session, wipe_buffer
from kiosk.ports import (
    CardError,
    CardErrorKind,
    CardFrontSource,
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


@dataclass(frozen=True)
class Job:
    """A slow effect to run on a worker; ``run()`` returns the flow's answer (or None)."""

    effect: fx.Effect
    reception_id: str | None
    run: Callable[[], ev.Event | None] = field(repr=False, compare=False)


@dataclass
class Hooks:
    """What the runtime tells the screen and the transcript; each defaults to doing nothing."""

    on_transition: Callable[[Transition, Model], None] = lambda t, m: None
    on_hint: Callable[[str], None] = lambda hint: None
    on_remind: Callable[[], None] = lambda: None
    on_staff: Callable[[str], None] = lambda reason: None
    on_record: Callable[[ReceptionRecord], None] = lambda record: None


class Reception:
    """The flow, the secrets of the reception in progress, and the effect executors."""

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
        self.session = Session()
        self._card: CardSession | None = None
        self._face_cancel = threading.Event()
        self._transitions: list[Transition] = []
        self._receipts: list[ConsentReceipt] = []
        self._started_at: datetime | None = None

    # --- the loop ------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.model.state

    def dispatch(self, event: ev.Event) -> list[Job]:
        """Advance the flow; return the slow effects for the driver's workers."""
        before = self.model
        if isinstance(event, ev.CardInserted):
            self._begin()
        result = step(before, event, self.clock.monotonic(), self.settings)
        self.model = result.model
        if result.handled and (result.model.state is not before.state or result.reason):
            self._note(before.state, event, result.model, result.reason)
        jobs: list[Job] = []
        for effect in result.effects:
            job = self._execute(effect, before.ctx.reception_id or result.model.ctx.reception_id)
            if job is not None:
                jobs.append(job)
        return jobs

    def deliver(self, job: Job, event: ev.Event | None) -> list[Job]:
        """A worker's answer: dispatched only if its reception is still the current one."""
        if event is None or job.reception_id != self.model.ctx.reception_id:
            return []
        return self.dispatch(event)

    def _begin(self) -> None:
        self._transitions = []
        self._receipts = []
        self._started_at = self.clock.now()
        self._face_cancel = threading.Event()

    def _note(self, source: State, event: ev.Event, model: Model, reason: str) -> None:
        t = Transition(self.clock.now(), source.value, event.name, model.state.value, reason)
        if model.ctx.reception_id is not None or source is not State.IDLE:
            self._transitions.append(t)
        if event.name != "Tick" or model.state is not source:
            log.info("%s -> %s (%s: %s)", t.source, t.target, t.event, reason)
        self.hooks.on_transition(t, model)

    # --- effects -------------------------------------------------------------------------

    def _execute(self, effect: fx.Effect, rid: str | None) -> Job | None:
        if isinstance(effect, fx.SaveRecord):
            # Built now, before the wipe that follows; written on a worker (DB I/O).
            record = self.build_record(effect.outcome, effect.reason, effect.ctx)
            self.hooks.on_record(record)
            return Job(effect, rid, lambda: self._write(record))
        if isinstance(effect, fx.WipeSession):
            return self._wipe(effect, rid)
        if isinstance(effect, fx.AlertStaff):
            return self._alert_staff(effect, rid)
        instant: dict[type[fx.Effect], Callable[[Any], None]] = {
            fx.CancelFace: lambda e: self._face_cancel.set(),
            fx.Remind: lambda e: self.hooks.on_remind(),
        }
        if type(effect) in instant:
            instant[type(effect)](effect)
            return None
        slow: dict[type[fx.Effect], Callable[[Any], ev.Event]] = {
            fx.ReadCard: self._read_card,
            fx.PrepareFace: self._prepare_face,
            fx.VerifyFace: self._verify_face,
            fx.ReadPinTries: self._read_pin_tries,
            fx.VerifyPin: self._verify_pin,
            fx.ConfirmEligibility: self._confirm,
            fx.Register: self._register,
            fx.SaveConsents: self._save_consents,
            fx.SaveLimit: self._save_limit,
        }
        run = slow[type(effect)]
        return Job(effect, rid, lambda: run(effect))

    def _wipe(self, effect: fx.WipeSession, rid: str | None) -> Job | None:
        """Secrets go at once; releasing the card is card I/O, so it runs on a worker."""
        self.session.wipe()
        self._face_cancel.set()
        card, self._card = self._card, None
        if card is None:
            return None
        return Job(effect, rid, lambda: _close_card(card))

    def _alert_staff(self, effect: fx.AlertStaff, rid: str | None) -> Job | None:
        """The kiosk sounds at once; the alert row is database I/O, so it goes to a worker."""
        self.hooks.on_staff(effect.reason.value)
        alerts = self.devices.alerts
        if alerts is None:
            return None
        kiosk = self.kiosk_id

        def write() -> None:
            alerts.raise_alert(kiosk, effect.reason, reception_id=rid, detail=effect.detail)

        return Job(effect, rid, write)

    def _read_card(self, e: fx.ReadCard) -> ev.Event:
        try:
            card = self.devices.reader.connect()
            self._card = card
            identity = card.read_identity()
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        self.session.user_cert_der = identity.user_cert_der
        self.session.ca_cert_der = identity.ca_cert_der
        self.session.note_secret()
        face = self.devices.face
        return ev.CardRead(face_available=bool(face is not None and face.available()))

    def _need_card(self) -> CardSession:
        if self._card is None:
            raise CardError(CardErrorKind.REMOVED, "no card session")
        return self._card

    def _prepare_face(self, e: fx.PrepareFace) -> ev.Event:
        front = self.devices.card_front
        number_b = front.number_b() if front is not None else None
        if not number_b:
            return ev.FacePrepareFailed("no_card_front")
        try:
            face = self._need_card().read_card_face(number_b)
        except CardError as exc:
            if exc.kind is CardErrorKind.REMOVED:
                return ev.CardFailed(exc.kind)
            return ev.FacePrepareFailed("photo_unreadable")
        self.session.chip_photo_jp2 = face.photo_jp2
        # Shown to staff beside the chip photo in the visual check; wiped with the session.
        self.session.extra["card_face"] = (face.birth_date, face.sex)
        return ev.FacePrepared()

    def _verify_face(self, e: fx.VerifyFace) -> ev.Event:
        face, photo = self.devices.face, self.session.chip_photo_jp2
        if face is None or photo is None:
            return ev.FaceVerified(FaceOutcome.CAMERA_UNAVAILABLE, "no camera or no photo")
        self._face_cancel = cancel = threading.Event()
        result = face.verify(
            photo, budget_s=e.budget_s, is_cancelled=cancel.is_set, on_hint=self.hooks.on_hint
        )
        return ev.FaceVerified(result.outcome, result.reason)

    def _read_pin_tries(self, e: fx.ReadPinTries) -> ev.Event:
        try:
            return ev.PinTriesRead(self._need_card().pin_tries_left())
        except CardError as exc:
            return ev.CardFailed(exc.kind)

    def _verify_pin(self, e: fx.VerifyPin) -> ev.Event:
        pin = self.session.take_pin()
        try:
            result = self._need_card().verify_pin(pin)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        finally:
            wipe_buffer(pin)
        return ev.PinVerified(result.status, result.tries_left)

    def _proof(self, method: VerificationMethod) -> Proof:
        nonce = self.devices.eligibility.new_nonce()
        if method is VerificationMethod.PIN:
            return Proof(method, nonce, self._need_card().sign(nonce))
        return Proof(method, nonce)

    def _cert(self) -> bytes:
        if self.session.user_cert_der is None:
            raise CardError(CardErrorKind.REMOVED, "the reception's certificate is gone")
        return self.session.user_cert_der

    def _key(self, what: str) -> str:
        return f"{self.model.ctx.reception_id}:{what}"

    def _confirm(self, e: fx.ConfirmEligibility) -> ev.Event:
        try:
            q = self.devices.eligibility.confirm(self._cert(), self._proof(e.method),
                                                 key=self._key("confirm"))  # fmt: skip
        except EligibilityError as exc:
            return ev.EligibilityFailed(exc.kind)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        self.session.qualification = q
        today = self.clock.now().date()
        return ev.EligibilityConfirmed(q.validity, q.birth_date, today, name_needs_check(q.name))

    def _register(self, e: fx.Register) -> ev.Event:
        try:
            proof = self._proof(e.method)
            self.devices.eligibility.register(self._cert(), proof, key=self._key("register"))
        except EligibilityError as exc:
            return ev.EligibilityFailed(exc.kind)
        except CardError as exc:
            return ev.CardFailed(exc.kind)
        return ev.Registered()

    def _send_consents(self, answers: dict[ConsentKind, bool], what: str) -> bool:
        try:
            receipts = self.devices.eligibility.record_consents(
                self._cert(), answers, key=self._key(what)
            )
        except (EligibilityError, CardError) as exc:
            log.warning("consents not recorded: %s", exc)
            now = self.clock.now()
            self._receipts += [ConsentReceipt(k, v, now, None) for k, v in answers.items()]
            return False
        self._receipts += receipts
        return True

    def _save_consents(self, e: fx.SaveConsents) -> ev.Event:
        ok = self._send_consents(dict(e.answers), "consents")
        self._final_result(e.prescription, "result")
        return ev.ConsentsSaved(ok)

    def _save_limit(self, e: fx.SaveLimit) -> ev.Event:
        ok = self._send_consents({ConsentKind.LIMIT: True}, "limit")
        self._final_result(e.prescription, "result-limit")
        return ev.LimitSaved(ok)

    def _final_result(self, prescription: str | None, what: str) -> None:
        """The re-query after the consents: the document the clinic's file must hold (consents
        with their times, limit information once agreed, PrescriptionIssueSelect). Without it
        the record keeps the first document and the kiosk's own receipts fill the file in."""
        rid = self.model.ctx.reception_id
        try:
            q = self.devices.eligibility.final_result(
                self._cert(), prescription=prescription, key=self._key(what)
            )
        except (EligibilityError, CardError) as exc:
            log.warning("final result document not fetched: %s", exc)
            return
        if rid == self.model.ctx.reception_id:  # a late answer must not reach the next patient
            self.session.qualification = q

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
        q: Qualification | None = self.session.qualification
        pending = outcome is ReceptionOutcome.PENDING
        return ReceptionRecord(
            reception_id=ctx.reception_id or "",
            kiosk_id=self.kiosk_id,
            started_at=self._started_at or self.clock.now(),
            ended_at=self.clock.now(),
            outcome=outcome,
            method=ctx.method,
            end_reason=reason,
            qualification=dict(q.document) if q is not None else None,
            consents=tuple(self._receipts),
            registered_now=ctx.registered_now,
            limit_provided=ctx.limit_provided,
            needs_staff=ctx.needs_staff,
            transitions=tuple(self._transitions),
            requery_cert_der=self.session.user_cert_der if pending else None,
            prescription=ctx.prescription,
            subsidy_certificates=ctx.subsidy,
            end_code=ctx.error,
            partial=outcome is ReceptionOutcome.COMPLETE and ctx.consents_saved is not True,
        )


def _close_card(card: CardSession) -> None:
    try:
        card.close()
    except CardError:
        log.debug("card already gone when closing")


def fallback_event(effect: fx.Effect, exc: BaseException) -> ev.Event | None:
    """The flow's answer when a worker failed in a way no adapter foresaw: never a hang."""
    log.error("%s failed unexpectedly: %s", effect.name, type(exc).__name__)
    card = (fx.ReadCard, fx.PrepareFace, fx.ReadPinTries, fx.VerifyPin)
    if isinstance(effect, card):
        return ev.CardFailed(CardErrorKind.UNREADABLE)
    if isinstance(effect, fx.VerifyFace):
        return ev.FaceVerified(FaceOutcome.CAMERA_UNAVAILABLE, type(exc).__name__)
    if isinstance(effect, (fx.ConfirmEligibility, fx.Register)):
        return ev.EligibilityFailed(EligibilityErrorKind.MALFORMED)
    if isinstance(effect, fx.SaveConsents):
        return ev.ConsentsSaved(ok=False)
    if isinstance(effect, fx.SaveLimit):
        return ev.LimitSaved(ok=False)
    return None
