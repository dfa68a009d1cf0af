"""The headless driver of the reception's event loop (kiosk.runtime.loop): the patient's actions
become flow events, the runtime's jobs run on one thread pool per lane, their answers come back
through a queue, and the driver's thread is the loop thread (as the GUI thread is in the
kiosk)."""

from __future__ import annotations

import queue
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kiosk import wiring
from kiosk.flow import events as ev
from kiosk.flow.clock import OffsetClock
from kiosk.flow.model import State
from kiosk.ports import ReceptionRecord, Transition
from kiosk.runtime import Hooks, Job, JobResult, Lane
from kiosk.runtime.loop import ReceptionLoop
from kiosk.sim.demo import scenarios as sc
from kiosk.sim.demo.environment import ScenarioRig

TICK_S = 0.05


class ScenarioFailed(Exception):
    pass


@dataclass
class RunResult:
    transcript: list[str] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    records: list[ReceptionRecord] = field(default_factory=list)
    last_state: State | None = None
    hints: set[str] = field(default_factory=set)


class HeadlessDriver:
    def __init__(self, rig: ScenarioRig, clock: OffsetClock | None = None) -> None:
        self.rig = rig
        self.clock = clock or OffsetClock()
        self.result = RunResult()
        hooks = Hooks(
            on_transition=self._on_transition,
            on_hint=self.result.hints.add,
            on_remind=lambda: self._say("  ♪ reminder: please take your card"),
            on_staff=lambda why: self._say(f"  ☎ staff called: {why}"),
            on_record=self.result.records.append,
        )
        cfg = rig.config
        self.reception = wiring.make_reception(cfg, rig.devices, self.clock, hooks)
        self.staff = wiring.make_staff_auth(cfg, self.clock)
        # (job, result, error) from a worker, or (None, event, None) from a reader's monitor.
        self._events: queue.Queue[tuple[Job | None, Any, BaseException | None]] = queue.Queue()
        self.loop = ReceptionLoop(self.reception, self._run_job)
        # One pool per lane, as the kiosk has (kiosk/ui/worker.py): a hung service call never
        # holds up a card read or a record write.
        self._pools = {
            lane: ThreadPoolExecutor(
                max_workers=1 if lane in (Lane.RECORD, Lane.PHONE) else 2,
                thread_name_prefix=f"kiosk-{lane.value}",
            )
            for lane in Lane
        }
        self._in_flight = 0
        self._t0 = self.clock.monotonic()
        self._monitored = rig.slot.watch(self._card_arrived, self._card_left)
        self._phone_monitored = rig.slot.watch_phone(self._phone_arrived, self._phone_left)

    # --- the loop --------------------------------------------------------------------------

    def _say(self, line: str) -> None:
        self.result.transcript.append(line)

    def _on_transition(self, t: Transition, model: object) -> None:
        if t.event == "Tick" and t.source == t.target and "reminder" not in t.reason:
            return
        self.result.states.append(State(t.target))
        at = self.clock.monotonic() - self._t0
        self._say(f"  {at:6.2f}s {t.source:>18} → {t.target:<18} {t.event}: {t.reason}")

    # The readers' monitors call these from their own threads: queued for the loop thread.
    def _card_arrived(self) -> None:
        self._events.put((None, True, None))

    def _card_left(self) -> None:
        self._events.put((None, False, None))

    def _phone_arrived(self) -> None:
        self._events.put((None, ev.PhoneArrived(uuid.uuid4().hex), None))

    def _phone_left(self) -> None:
        self._events.put((None, ev.PhoneRemoved(), None))

    def _run_job(self, job: Job) -> None:
        self._in_flight += 1
        future = self._pools[job.lane].submit(job.run)
        future.add_done_callback(self._callback(job))

    def _callback(self, job: Job) -> Callable[[Future[JobResult]], None]:
        return lambda future: self._events.put((job, *_outcome(future)))

    def _pump(self) -> None:
        try:
            job, what, error = self._events.get(timeout=TICK_S)
        except queue.Empty:
            self.loop.tick()
            return
        if job is not None:
            self._in_flight -= 1
            self.loop.answered(job, what, error)
        elif isinstance(what, bool):
            self.loop.card_placed(what)
        elif isinstance(what, ev.Event):
            self.loop.post(what)

    def wait_for(self, state: State, timeout_s: float) -> None:
        deadline = self.clock.monotonic() + timeout_s
        while not sc.reached(self.reception.state, state):
            if self.clock.monotonic() > deadline:
                raise ScenarioFailed(
                    f"waited {timeout_s:.0f} s for {state.value}, "
                    f"still in {self.reception.state.value}"
                )
            self._pump()

    def settle(self, timeout_s: float = 30.0) -> None:
        """Let every job finish (the record is written) before the next scenario."""
        deadline = self.clock.monotonic() + timeout_s
        while self._in_flight > 0 and self.clock.monotonic() < deadline:
            self._pump()

    def close(self) -> None:
        if self._monitored or self._phone_monitored:
            self.rig.slot.unwatch()
        self.reception.cancel_service()
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    # --- the patient -----------------------------------------------------------------------

    def run(self, scenario: sc.Scenario, timeout_s: float = 90.0) -> RunResult:
        for action in scenario.actions:
            self.wait_for(action.at, timeout_s)
            self.result.last_state = self.reception.state
            self._act(action)
        self.wait_for(State.IDLE, timeout_s)
        self.settle()
        return self.result

    def _post(self, event: ev.Event) -> None:
        self.loop.post(event)

    def _act(self, a: sc.Action) -> None:
        session = self.reception.session
        if isinstance(a, sc.Insert):
            self.rig.slot.insert(self.rig.persona)
            if not self._monitored:
                self._card_arrived()
        elif isinstance(a, sc.RemoveCard):
            self.rig.slot.remove()
            if not self._monitored:
                self._card_left()
        elif isinstance(a, sc.HoldPhone):
            self.rig.slot.hold_phone(self.rig.persona)
            if not self._phone_monitored:
                self._phone_arrived()
        elif isinstance(a, sc.TakePhone):
            self.rig.slot.take_phone()
            if not self._phone_monitored:
                self._phone_left()
        elif isinstance(a, sc.Smartphone):
            self.loop.choose_phone()
        elif isinstance(a, sc.EnterPin):
            session.set_pin(a.digits)
            self._post(ev.PinSubmitted())
        elif isinstance(a, sc.Wait):
            self.clock.advance(a.seconds)
            self._post(ev.Tick())
        elif isinstance(a, sc.StaffLogin):
            if not self.staff.check(a.pin):
                raise ScenarioFailed("the staff PIN was refused")
            self._post(ev.StaffAuthenticated())
        else:
            self._post(_simple_event(a))


def _outcome(future: Future[JobResult]) -> tuple[object, BaseException | None]:
    error = future.exception()
    return (None, error) if error is not None else (future.result(), None)


def _simple_event(a: sc.Action) -> ev.Event:
    if isinstance(a, sc.Choose):
        return ev.MethodChosen(a.method)
    if isinstance(a, sc.Consent):
        return ev.ConsentAnswered(a.agree)
    if isinstance(a, sc.Limit):
        return ev.LimitAnswered(a.provide)
    if isinstance(a, sc.StaffDecide):
        return ev.StaffDecided(a.approve)
    if isinstance(a, sc.Register):
        return ev.RegistrationAnswered(a.accept)
    if isinstance(a, sc.Prescription):
        return ev.PrescriptionChosen(a.electronic)
    if isinstance(a, sc.Subsidy):
        return ev.SubsidyAnswered(a.use)
    if isinstance(a, sc.PhoneKindChoice):
        return ev.PhoneKindChosen(a.kind)
    simple: dict[type[sc.Action], ev.Event] = {
        sc.CallStaff: ev.CallStaff(),
        sc.RetryFace: ev.RetryFace(),
        sc.Continue: ev.Continue(),
        sc.Cancel: ev.Cancel(),
        sc.RetryPhone: ev.RetryPhone(),
        sc.UseCard: ev.UseCard(),
    }
    return simple[type(a)]
