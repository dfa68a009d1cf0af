"""Runs a demo scenario through the real kiosk window, offscreen, by clicking its buttons the way
a patient would. `kiosk demo --ui` calls ``run_scenario_in_window(scenario, environment)``.

Each action waits for the state it belongs to, then finds its button on the screen shown and
clicks it; a button that is missing, hidden or disabled fails the scenario, so the run proves
the screens work, not only the flow."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.flow.clock import OffsetClock
from kiosk.flow.model import State
from kiosk.ports import Transition, VerificationMethod
from kiosk.sim.demo import scenarios as sc
from kiosk.sim.demo.environment import DemoEnvironment, PcscSlot, ScenarioRig
from kiosk.sim.demo.headless import RunResult, ScenarioFailed
from kiosk.sim.demo.runner import run_all
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.window import EXIT_TAPS

POLL_MS = 10


def ensure_qapp() -> QApplication:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


class WindowDriver:
    """One scenario in one window: the patient's hands on the real buttons."""

    def __init__(self, rig: ScenarioRig, clock: OffsetClock | None = None) -> None:
        ensure_qapp()
        self.rig = rig
        self.clock = clock or OffsetClock()
        self.result = RunResult()
        self.kiosk: KioskApp = make_app(
            rig.config, rig.devices, self.clock, rig.camera, voice=False
        )
        self.window = self.kiosk.window
        self.window.resize(1280, 800)
        self.window.show()
        c = self.kiosk.controller
        c.transition.connect(self._on_transition)
        c.hint.connect(self.result.hints.add)
        c.record.connect(self.result.records.append)
        c.remind.connect(lambda: self._say("  ♪ reminder: please take your card"))
        c.staff_called.connect(lambda why: self._say(f"  ☎ staff called: {why}"))
        self._monitor = None
        if isinstance(rig.slot, PcscSlot):
            from kiosk.card.pcsc import ReaderMonitor

            # Our own monitor, stopped with this window: insert/remove come from pcscd.
            self._monitor = ReaderMonitor(
                rig.slot.stack.reader_pattern, c.card_inserted, c.card_removed, poll_ms=100
            )
            self._monitor.start()
        self._phone_monitor = None
        if isinstance(rig.slot, PcscSlot):
            from kiosk.card.pcsc import ReaderMonitor

            self._phone_monitor = ReaderMonitor(
                rig.slot.stack.phone_reader_pattern, c.phone_arrived, c.phone_removed,
                on_reader=c.phone_reader_changed, poll_ms=100,
            )  # fmt: skip
            self._phone_monitor.start()
        else:  # the in-process NFC reader is always there
            c.phone_reader_changed(True, "in-process phone reader")

    # --- watching ------------------------------------------------------------------------

    def _say(self, line: str) -> None:
        self.result.transcript.append(line)

    def _on_transition(self, t: Transition) -> None:
        if t.event == "Tick" and t.source == t.target and "reminder" not in t.reason:
            return
        if t.event == "Touch":
            return
        self.result.states.append(State(t.target))
        self._say(f"  {t.source:>18} → {t.target:<18} {t.event}: {t.reason}")

    @property
    def state(self) -> State:
        return self.kiosk.controller.model.state

    def wait_until(self, done: Callable[[], bool], timeout_s: float, what: str) -> None:
        deadline = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > deadline:
                raise ScenarioFailed(f"waited {timeout_s:.0f} s for {what}, in {self.state.value}")
            QTest.qWait(POLL_MS)

    def wait_for(self, state: State, timeout_s: float) -> None:
        self.wait_until(lambda: sc.reached(self.state, state), timeout_s, state.value)
        QApplication.processEvents()  # the screen for it is shown

    # --- acting --------------------------------------------------------------------------

    def click(self, name: str) -> None:
        screen = self.window.current
        found = screen.findChild(QPushButton, name)
        if not isinstance(found, QPushButton) or not found.isVisible() or not found.isEnabled():
            raise ScenarioFailed(f"no usable button {name!r} on {screen.objectName()}")
        QTest.mouseClick(found, Qt.MouseButton.LeftButton)

    def run(self, scenario: sc.Scenario, timeout_s: float = 90.0) -> RunResult:
        for action in scenario.actions:
            self.wait_for(action.at, timeout_s)
            self.result.last_state = self.state
            self.act(action)
        self.wait_for(State.IDLE, timeout_s)
        self.wait_until(lambda: not self.kiosk.controller.busy, 30.0, "the record to be written")
        return self.result

    def act(self, a: sc.Action) -> None:
        c = self.kiosk.controller
        if isinstance(a, sc.Insert):
            self.rig.slot.insert(self.rig.persona)
            if self._monitor is None:
                c.card_inserted()
        elif isinstance(a, sc.RemoveCard):
            self.rig.slot.remove()
            if self._monitor is None:
                c.card_removed()
        elif isinstance(a, sc.Wait):
            self.clock.advance(a.seconds)
            QTest.qWait(2 * 200)  # two ticks see the new time
        elif isinstance(a, sc.Smartphone):  # offered once the NFC reader is reported there
            self.wait_until(lambda: c.phone_ready, 30.0, "the smartphone reader")
            QApplication.processEvents()
            self.click("phone")
        elif isinstance(a, sc.HoldPhone):
            self.rig.slot.hold_phone(self.rig.persona)
            if self._phone_monitor is None:
                c.phone_arrived()
        elif isinstance(a, sc.TakePhone):
            self.rig.slot.take_phone()
            if self._phone_monitor is None:
                c.phone_removed()
        elif isinstance(a, sc.EnterPin):
            for d in a.digits:
                self.click(f"key_{d}")
            self.click("ok")
        elif isinstance(a, sc.StaffLogin):
            # The kiosk route: the staff-only corner gesture, then the staff PIN.
            for _ in range(EXIT_TAPS):
                QTest.mouseClick(self.window.corner, Qt.MouseButton.LeftButton)
            for d in a.pin:
                self.click(f"key_{d}")
            self.click("staff_ok")
        elif isinstance(a, sc.Cancel):
            self.click("cancel")  # やめる asks first; the patient confirms
            self.wait_for(State.CONFIRM_CANCEL, 10.0)
            self.click("cancel_yes")
        else:
            self.click(button_for(a))

    def close(self) -> None:
        for monitor in (self._monitor, self._phone_monitor):
            if monitor is not None:
                monitor.stop()
        self.kiosk.close()
        self.window.deleteLater()
        QApplication.processEvents()


def button_for(a: sc.Action) -> str:
    if isinstance(a, sc.Choose):
        return "face" if a.method is VerificationMethod.FACE else "pin"
    if isinstance(a, sc.Consent):
        return "agree" if a.agree else "disagree"
    if isinstance(a, sc.Limit):
        return "provide" if a.provide else "not_provide"
    if isinstance(a, sc.StaffDecide):
        return "approve" if a.approve else "reject"
    if isinstance(a, sc.Register):
        return "register" if a.accept else "not_register"
    if isinstance(a, sc.Prescription):
        return "electronic" if a.electronic else "paper"
    if isinstance(a, sc.Subsidy):
        return "use_subsidy" if a.use else "no_subsidy"
    if isinstance(a, sc.PhoneKindChoice):
        return a.kind.value  # "iphone" | "android"
    names: dict[type[sc.Action], str] = {
        sc.CallStaff: "call_staff",
        sc.RetryFace: "retry",
        sc.Continue: "continue",
        sc.RetryPhone: "retry",
        sc.UseCard: "use_card",
    }
    return names[type(a)]


def run_scenario_in_window(
    scenario: sc.Scenario, environment: DemoEnvironment, timeout_s: float = 90.0
) -> RunResult:
    """Run one scenario in a fresh window on ``environment`` (entered); the window, camera and
    face encoder are closed before this returns."""
    rig = environment.rig(scenario)
    driver = WindowDriver(rig)
    try:
        return driver.run(scenario, timeout_s)
    finally:
        driver.close()
        close_rig(rig)


def close_rig(rig: ScenarioRig) -> None:
    rig.close()  # the camera, the face verifier and the scenario's HTTP client


def run_demo_in_window(names: list[str], card: str = "auto", workdir: Path | None = None) -> int:
    """`kiosk demo`: every named scenario through the window, checked like the headless run;
    0 only if all pass."""
    ensure_qapp()
    return run_all(names, card, workdir, WindowDriver, "window")
