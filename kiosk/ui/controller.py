"""The Qt driver of the reception's event loop (kiosk.runtime.loop): the GUI thread is the loop
thread, the flow's slow effects run on the worker's lanes and their answers come back as queued
signals, a QTimer ticks every 200 ms, the readers' monitors post from their own threads through
signals, and the runtime's hooks are re-emitted as Qt signals (the face hints arrive from the
worker and are queued)."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.flow import events as ev
from kiosk.flow.model import FlowSettings, Model, State
from kiosk.ports import AlertReason, Clock, ReceptionRecord, StaffActionKind, Transition
from kiosk.runtime import Devices, Hooks, Job, Reception
from kiosk.runtime.loop import ReceptionLoop
from kiosk.staff_auth import StaffAuth
from kiosk.ui.worker import Worker

log = logging.getLogger("kiosk.ui")

TICK_MS = 200


class KioskController(QObject):
    model_changed = Signal(object)  # Model, after every handled event that changed the state
    ticked = Signal()  # for countdowns
    hint = Signal(str)  # kiosk.face.hints.Hint value
    face_seen = Signal(object)  # kiosk.ports.FaceBox or None, from the face verifier's thread
    remind = Signal()  # the card is still on the reader
    staff_called = Signal(str)
    transition = Signal(object)  # Transition, for transcripts
    record = Signal(object)  # ReceptionRecord, built before the wipe
    staff_checked = Signal(bool, float)  # accepted, lockout seconds left
    _card_event = Signal(bool)  # from the reader monitor's thread
    _reader_event = Signal(bool, str)  # the same thread, so in order with the card events
    _phone_event = Signal(bool)  # from the NFC reader's monitor thread
    _phone_reader_event = Signal(bool, str)

    def __init__(
        self,
        settings: FlowSettings,
        devices: Devices,
        clock: Clock,
        kiosk_id: str,
        staff: StaffAuth,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        hooks = Hooks(
            on_transition=self._on_transition,
            on_hint=self.hint.emit,
            on_face=self.face_seen.emit,
            on_remind=self.remind.emit,
            on_staff=self.staff_called.emit,
            on_record=self.record.emit,
        )
        self.reception = Reception(settings, devices, clock, kiosk_id, hooks)
        self.clock = clock
        self.staff = staff
        self.worker = Worker(parent=self)
        self.loop = ReceptionLoop(self.reception, self._submit)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._card_event.connect(self._on_card)
        self._reader_event.connect(self._on_reader)
        self._phone_event.connect(self._on_phone)
        self._phone_reader_event.connect(self._on_phone_reader)
        self._last_state = State.IDLE
        self.phone_ready = False  # a phone reader is configured and there: スマートフォン offered

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        self._timer.start()
        self.model_changed.emit(self.reception.model)

    def shutdown(self) -> None:
        """End a reception in progress (recorded as abandoned), stop the service calls in
        flight, and wait for the workers: the record writes to the end, the rest no longer than
        a service step may take (the watchdog)."""
        self._timer.stop()
        self.loop.stopping()
        self.worker.close(timeout_s=self.reception.settings.watchdog_s)

    @property
    def model(self) -> Model:
        return self.reception.model

    @property
    def busy(self) -> bool:
        return self.worker.in_flight > 0

    # --- events in -----------------------------------------------------------------------

    @property
    def shared_reader(self) -> bool:
        """One reader for both (``[phone] reader`` = ``[card] reader``)."""
        return self.loop.shared.shared

    @shared_reader.setter
    def shared_reader(self, shared: bool) -> None:
        self.loop.shared.shared = shared

    def post(self, event: ev.Event) -> None:
        self.loop.post(event)

    def card_inserted(self) -> None:
        """Thread-safe: the reader monitor calls this from its own thread."""
        self._card_event.emit(True)

    def card_removed(self) -> None:
        self._card_event.emit(False)

    def reader_changed(self, available: bool, reason: str) -> None:
        """Thread-safe: the reader monitor reports the reader (or pcscd) going and coming."""
        self._reader_event.emit(available, reason)

    def _on_reader(self, available: bool, reason: str) -> None:
        if available:
            log.info("card reader available: %s", reason)
            self.post(ev.ReaderFound())
        else:
            log.warning("card reader unavailable: %s; out of service, staff alerted", reason)
            self.post(ev.ReaderLost(reason))

    def _on_card(self, present: bool) -> None:
        self.loop.card_placed(present)

    # --- the smartphone's NFC reader (thread-safe entry points, as for the card) ----------

    def phone_arrived(self) -> None:
        self._phone_event.emit(True)

    def phone_removed(self) -> None:
        self._phone_event.emit(False)

    def phone_reader_changed(self, available: bool, reason: str) -> None:
        self._phone_reader_event.emit(available, reason)

    def _on_phone(self, present: bool) -> None:
        self.loop.phone_placed(present)

    def _on_phone_reader(self, available: bool, reason: str) -> None:
        if available == self.phone_ready:
            return
        self.phone_ready = available
        if available:
            log.info("smartphone reader available: %s", reason)
        else:  # the card still works: the idle screen stops offering スマートフォン
            log.warning("smartphone reader unavailable: %s; smartphone not offered", reason)
            if self.model.ctx.phone:  # a patient waiting to hold the phone is told
                self.post(ev.PhoneReaderLost(reason))
        self.model_changed.emit(self.model)

    def choose_phone(self) -> None:
        """スマートフォン on the idle screen (shown only while ``phone_ready``)."""
        if self.phone_ready:
            self.loop.choose_phone()

    def _tick(self) -> None:
        self.loop.tick()
        self.ticked.emit()

    def check_staff(self, pin: str) -> None:
        """scrypt takes tens of ms: off the GUI thread. The answer is ``staff_checked``."""

        was_locked = self.staff.locked_for() > 0

        def done(result: object, error: object) -> None:
            accepted = bool(result)
            self._audit(
                StaffActionKind.LOGIN if accepted else StaffActionKind.LOGIN_FAILED, accepted
            )
            locked = self.staff.locked_for()
            if locked > 0 and not was_locked:  # this try locked the kiosk route: tell the desk
                self._alert_desk(AlertReason.STAFF_PIN_LOCKED)
            self.staff_checked.emit(accepted, locked)

        self.worker.submit(lambda: self.staff.check(pin), done)

    def _alert_desk(self, reason: AlertReason) -> None:
        alerts = self.reception.devices.alerts
        if alerts is None:
            return
        kiosk, rid = self.reception.kiosk_id, self.model.ctx.reception_id
        self.worker.submit(
            lambda: alerts.raise_alert(kiosk, reason, reception_id=rid), lambda r, e: None
        )

    def _audit(self, action: StaffActionKind, ok: bool = True) -> None:
        """A staff action at this kiosk goes to the audit trail (a DB write: on the worker)."""
        alerts = self.reception.devices.alerts
        if alerts is None:
            return
        kiosk, rid = self.reception.kiosk_id, self.model.ctx.reception_id
        # The kiosk route knows a valid staff PIN, not whose it is.
        self.worker.submit(
            lambda: alerts.record_staff_action(
                kiosk, action, "staff PIN", "kiosk", reception_id=rid, ok=ok
            ),
            lambda result, error: None,
            "record",  # database I/O: never behind a hung service call
        )

    def note_exit(self) -> None:
        self._audit(StaffActionKind.EXIT)

    def desk_action(self, action: object) -> None:
        """A staff action from the desk: only for the reception it was taken for, so an answer
        to an earlier patient can never approve the next one."""
        self.loop.desk_action(
            getattr(action, "action", None), getattr(action, "reception_id", None)
        )

    # --- jobs ----------------------------------------------------------------------------

    def _submit(self, job: Job) -> None:
        self.worker.submit(job.run, partial(self._answer, job), job.lane.value)

    def _answer(self, job: Job, result: object, error: object) -> None:
        self.loop.answered(job, result, error if isinstance(error, BaseException) else None)

    def _on_transition(self, t: Transition, model: Model) -> None:
        self.transition.emit(t)
        if model.state is not self._last_state or t.event != "Tick":
            self._last_state = model.state
            self.model_changed.emit(model)


__all__ = ["KioskController", "ReceptionRecord"]
