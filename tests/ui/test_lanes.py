"""A hung eligibility service holds only its own workers (issue 10 item 6): with every
confirmation hanging, the next patients' cards are still read, every reception is recorded while
the calls hang, and shutdown keeps the record of the reception in progress."""

from __future__ import annotations

import threading

from kiosk.flow import events as ev
from kiosk.flow.clock import ManualClock
from kiosk.flow.model import FlowSettings, State
from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.staff_auth import StaffAuth
from kiosk.ui.controller import KioskController
from tests.unit.runtime_fakes import Rig

WATCHDOG_S = 10.0  # also how long shutdown waits for the hung calls


def _controller(rig: Rig, clock: ManualClock) -> KioskController:
    settings = FlowSettings(watchdog_s=WATCHDOG_S)
    controller = KioskController(
        settings, rig.reception.devices, clock, "k1", StaffAuth((), clock, 5, 300)
    )
    controller.start()
    return controller


def _to_querying(qtbot, controller: KioskController, rig: Rig, n: int) -> None:  # type: ignore[no-untyped-def]
    rig.reader.present = n
    controller.card_inserted()
    qtbot.waitUntil(lambda: controller.model.state is State.CHOOSE_METHOD, timeout=10000)
    controller.post(ev.MethodChosen(VerificationMethod.PIN))
    qtbot.waitUntil(lambda: controller.model.state is State.PIN_ENTRY, timeout=10000)
    controller.reception.session.set_pin("1234")
    controller.post(ev.PinSubmitted())
    qtbot.waitUntil(lambda: controller.model.state is State.QUERYING, timeout=10000)


def test_a_hung_service_starves_neither_card_reads_nor_record_writes(qtbot) -> None:  # type: ignore[no-untyped-def]
    rig, clock = Rig(), ManualClock()
    rig.service.hang = hang = threading.Event()
    controller = _controller(rig, clock)
    try:
        for n in range(1, 6):  # more patients than service workers
            _to_querying(qtbot, controller, rig, n)
            clock.advance(WATCHDOG_S + 1)
            qtbot.waitUntil(lambda: controller.model.state is State.SERVICE_DOWN, timeout=10000)
            rig.reader.present = None
            controller.card_removed()
            # The closing screen after the card is taken; the next card may come at once.
            qtbot.waitUntil(lambda: controller.model.state in (State.CLOSING, State.IDLE),
                            timeout=10000)  # fmt: skip
        qtbot.waitUntil(lambda: len(rig.store.records) == 5, timeout=10000)
        assert {r.outcome for r in rig.store.records} == {ReceptionOutcome.PENDING}
        _to_querying(qtbot, controller, rig, 6)  # a sixth is mid-query at shutdown
        controller.shutdown()
        sixth = [r for r in rig.store.records if r.outcome is ReceptionOutcome.ABANDONED]
        assert len(rig.store.records) == 6 and len(sixth) == 1
    finally:
        hang.set()
        controller.shutdown()
        for pool in controller.worker.pools.values():
            pool.waitForDone(30000)
