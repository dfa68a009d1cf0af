"""The reception: the flow, the reception in progress and the effect executors.

``Reception.dispatch(event)`` advances the flow on the caller's thread (the loop thread: Qt's GUI
thread in the kiosk, the driver thread in the headless demo), does the instant effects at once
and returns the slow ones as ``Job``s; the event loop (kiosk.runtime.loop) runs each job on a
worker and hands its answer back through ``Reception.deliver(job, answer)``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.devices import RECORDS_UNSAVED
from kiosk.flow.machine import step
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.flow.session import Session
from kiosk.ports import (
    AlertReason,
    Clock,
    Qualification,
    ReceptionOutcome,
    ReceptionRecord,
    Transition,
)
from kiosk.runtime.card_jobs import CardJobs
from kiosk.runtime.jobs import (
    Answer,
    Cancel,
    Devices,
    Hooks,
    Job,
    JobResult,
    Lane,
    ReceptionData,
    Release,
    SaveHealth,
    close_card,
    log,
)
from kiosk.runtime.phone_jobs import PhoneJobs
from kiosk.runtime.service_jobs import ServiceJobs, unless_cancelled


class Reception(CardJobs, PhoneJobs, ServiceJobs):
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
        # The card reader's last news: a phone reception finishes without it, and the kiosk
        # goes out of service once that reception is over.
        self._reader_gone: str | None = None

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
        if isinstance(event, (ev.ReaderLost, ev.ReaderFound)):
            self._reader_gone = event.reason if isinstance(event, ev.ReaderLost) else None
        jobs = self._step(event, None)
        if isinstance(event, ev.Tick):
            waiting = self._saving_event() or self._reader_event()
            if waiting is not None:
                jobs += self._step(waiting, None)
        return jobs

    def _reader_event(self) -> ev.Event | None:
        """The card reader went while a phone reception ran on: out of service now it is over."""
        if self._reader_gone is not None and self.model.state is State.IDLE:
            return ev.ReaderLost(self._reader_gone)
        return None

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
        if isinstance(effect, fx.AuditStaff):
            return self._audit_staff(effect, rec, rid)
        if isinstance(effect, fx.ResolveAlert):
            return self._resolve_alert(effect, rec, rid)
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
            run_call = lambda: unless_cancelled(cancel, call, effect, rec)  # noqa: E731
            return Job(effect, rid, run_call, Lane.SERVICE, rec)
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
        return Job(effect, rid, lambda: close_card(card), Lane.CARD, rec)

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

        def write() -> ev.Event | None:
            sent = alerts.raise_alert(kiosk, effect.reason, reception_id=rid, detail=effect.detail)
            if sent is None and effect.reason is AlertReason.CALL:
                return ev.StaffCallUndelivered()  # held, sent later: the patient must know now
            return None

        return Job(effect, rid, write, Lane.RECORD, rec)

    def _audit_staff(
        self, effect: fx.AuditStaff, rec: ReceptionData, rid: str | None
    ) -> Job | None:
        alerts = self.devices.alerts
        if alerts is None:
            return None
        kiosk = self.kiosk_id

        def write() -> None:  # the kiosk route knows a valid staff PIN, not whose it is
            alerts.record_staff_action(kiosk, effect.action, "staff PIN", "kiosk", reception_id=rid)

        return Job(effect, rid, write, Lane.RECORD, rec)

    def _resolve_alert(
        self, effect: fx.ResolveAlert, rec: ReceptionData, rid: str | None
    ) -> Job | None:
        alerts = self.devices.alerts
        if alerts is None or rid is None:
            return None
        kiosk = self.kiosk_id

        def write() -> None:
            alerts.resolve_alert_of(kiosk, effect.reason, rid, effect.why)

        return Job(effect, rid, write, Lane.RECORD, rec)

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
