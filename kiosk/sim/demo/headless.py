"""Runs a scenario without a screen: the patient's actions become flow events, the runtime's
jobs run on a thread pool, and one loop thread owns the reception (as the GUI thread would)."""

from __future__ import annotations

import queue
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from kiosk.flow import events as ev
from kiosk.flow.clock import OffsetClock
from kiosk.flow.model import State
from kiosk.ports import ReceptionRecord, Transition
from kiosk.runtime import Hooks, Job, JobResult, Lane, Reception, fallback_event, settings_from
from kiosk.sim.demo import scenarios as sc
from kiosk.sim.demo.environment import ScenarioRig
from kiosk.staff_auth import StaffAuth

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
        self.reception = Reception(settings_from(cfg), rig.devices, self.clock, cfg.kiosk.id, hooks)
        self.staff = StaffAuth(cfg.staff.pin_hashes, self.clock, cfg.staff.lockout_attempts,
                               cfg.staff.lockout_seconds)  # fmt: skip
        self._events: queue.Queue[tuple[Job | None, JobResult]] = queue.Queue()
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

    def _card_arrived(self) -> None:
        self._events.put((None, ev.CardInserted(uuid.uuid4().hex)))

    def _card_left(self) -> None:
        self._events.put((None, ev.CardRemoved()))

    def _phone_arrived(self) -> None:
        self._events.put((None, ev.PhoneArrived(uuid.uuid4().hex)))

    def _phone_left(self) -> None:
        self._events.put((None, ev.PhoneRemoved()))

    def _start(self, jobs: list[Job]) -> None:
        for job in jobs:
            self._in_flight += 1
            future = self._pools[job.lane].submit(job.run)
            future.add_done_callback(self._callback(job))

    def _callback(self, job: Job) -> Callable[[Future[JobResult]], None]:
        return lambda future: self._finished(job, future)

    def _finished(self, job: Job, future: Future[JobResult]) -> None:
        exc = future.exception()
        answer = fallback_event(job.effect, exc) if exc is not None else future.result()
        self._events.put((job, answer))

    def _pump(self) -> None:
        try:
            job, event = self._events.get(timeout=TICK_S)
        except queue.Empty:
            self._start(self.reception.dispatch(ev.Tick()))
            return
        if job is not None:
            self._in_flight -= 1
            self._start(self.reception.deliver(job, event))
        elif isinstance(event, ev.Event):
            self._start(self.reception.dispatch(event))

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
        self._start(self.reception.dispatch(event))

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
            self._post(ev.PhoneChosen(uuid.uuid4().hex))
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
