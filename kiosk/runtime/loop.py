"""The event loop around a reception, whoever drives it.

One loop thread owns the reception: events come in (``post``; the readers' news through
``card_placed`` / ``phone_placed``; the desk's actions through ``desk_action``), the flow's slow
effects go out as jobs to ``run_job`` (the driver puts each on a worker of its lane), and each
worker's answer comes back on the loop thread through ``answered``. Two drivers run it: Qt's
(kiosk.ui.controller: the GUI thread is the loop thread, a QTimer ticks) and the headless one
(kiosk.sim.demo.headless: a queue and thread pools). Neither decides anything of its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from kiosk.flow import events as ev
from kiosk.flow.devices import SharedReader
from kiosk.flow.model import Model
from kiosk.ports import StaffActionKind
from kiosk.runtime.jobs import Answer, Job, JobResult, fallback_event
from kiosk.runtime.reception import Reception

log = logging.getLogger("kiosk.runtime")

# The desk's actions and the flow events they become at this kiosk. The desk can take a call
# and send someone for a visual check; approving or rejecting a person is done at the kiosk by
# a staff member looking at them, so a desk's approve or reject is no event here at all.
DESK_EVENTS: dict[StaffActionKind, ev.Event] = {
    StaffActionKind.TAKE: ev.StaffAcknowledged(),
    StaffActionKind.VISUAL_CHECK: ev.StaffSent(),
}


class ReceptionLoop:
    """Events in, jobs out, answers back in; call every method on the loop thread."""

    def __init__(self, reception: Reception, run_job: Callable[[Job], None]) -> None:
        self.reception = reception
        self._run_job = run_job
        # With one reader for both (``[phone] reader`` = ``[card] reader``): what lies on it.
        self.shared = SharedReader()

    @property
    def model(self) -> Model:
        return self.reception.model

    def post(self, event: ev.Event) -> None:
        self._start(self.reception.dispatch(event))
        follow = self.shared.after(self.model)
        if follow is not None:
            self.post(follow)

    def tick(self) -> None:
        self.post(ev.Tick())

    def answered(self, job: Job, result: object, error: BaseException | None) -> None:
        """A worker finished ``job``: its answer, or the flow's answer to a failure no adapter
        foresaw (never a hang)."""
        answer: JobResult = None
        if error is not None:
            answer = fallback_event(job.effect, error)
        elif isinstance(result, (Answer, ev.Event)):
            answer = result
        self._start(self.reception.deliver(job, answer))

    def _start(self, jobs: list[Job]) -> None:
        for job in jobs:
            self._run_job(job)

    # --- the readers' news ------------------------------------------------------------------

    def card_placed(self, present: bool) -> None:
        """The card reader's monitor saw something arrive or leave (a phone, on one reader for
        both, while the patient is in the phone's steps)."""
        self.post(self.shared.placed(self.model, present))

    def phone_placed(self, present: bool) -> None:
        self.post(ev.PhoneArrived(uuid.uuid4().hex) if present else ev.PhoneRemoved())

    def choose_phone(self) -> None:
        self.post(ev.PhoneChosen(uuid.uuid4().hex))

    def stopping(self) -> None:
        """The kiosk closes: a card reception ends as if its card had left; a phone's never
        waits on a card."""
        if self.model.in_reception:
            self.post(ev.KioskStopping() if self.model.ctx.phone else ev.CardRemoved())
        self.reception.cancel_service()

    # --- the desk ---------------------------------------------------------------------------

    def desk_action(self, kind: object, reception_id: object) -> bool:
        """A staff action from the desk, only for the reception it was taken for, so an answer
        to an earlier patient can never approve the next one. False: ignored."""
        event = DESK_EVENTS.get(kind) if isinstance(kind, StaffActionKind) else None
        if event is None or reception_id is None or reception_id != self.model.ctx.reception_id:
            log.info("desk action %s not for this reception: ignored", getattr(kind, "value", kind))
            return False
        self.post(event)
        return True
