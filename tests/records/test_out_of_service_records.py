"""Nothing can be saved (database locked or down, journal folder not writable): the kiosk takes no
more patients until something can be saved again (issue 10, item 5). The real records store
behind the real runtime; the other devices are the runtime tests' fakes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.flow import events as ev
from kiosk.flow.devices import RECORDS_UNSAVED
from kiosk.flow.machine import step
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.ports import AlertReason
from kiosk.records import schema
from kiosk.records.store import StoreHealth, open_store
from tests.unit.runtime_fakes import Rig


def test_the_kiosk_stops_taking_patients_while_nothing_can_be_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")  # the journal folder would be below a file: never writable
    db = tmp_path / "kiosk.sqlite3"
    store = open_store(DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(blocker / "j")),
                       alert=lambda reason, detail: None)  # fmt: skip
    rig = Rig()
    rig.reception.devices.store = store
    rig.post(ev.Tick())
    assert rig.state is State.IDLE  # the database works: patients welcome

    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    rig.insert()
    rig.remove()  # an abandoned reception: its record cannot go anywhere but memory
    rig.drain()
    assert store.health is StoreHealth.UNSAVED and store.held == 1
    called: list[str] = []
    rig.reception.hooks.on_staff = called.append  # the kiosk sounds for staff
    for _ in range(20):  # the "card removed" screen gives way to idle, and idle to this
        if rig.state is not State.CARD_REMOVED:
            break
        rig.tick(5.0)
    assert rig.state is State.OUT_OF_SERVICE
    assert rig.reception.model.ctx.error == RECORDS_UNSAVED
    assert called == [AlertReason.OUT_OF_SERVICE.value]
    rig.insert()  # the next patient's card is not taken
    assert rig.state is State.OUT_OF_SERVICE

    locker.execute("ROLLBACK")
    locker.close()
    assert store.flush_journal() == 1  # what the background loop does every 5 s
    rig.post(ev.Tick())
    assert rig.state is State.IDLE
    assert store.count() == 1
    store.close()


def test_a_lost_reader_takes_over_from_records_and_the_tick_brings_records_back() -> None:
    s = FlowSettings()
    out = Model(State.OUT_OF_SERVICE, Context(error=RECORDS_UNSAVED))
    lost = step(out, ev.ReaderLost("pcscd stopped"), 0.0, s)
    assert lost.model.state is State.OUT_OF_SERVICE and lost.model.ctx.error != RECORDS_UNSAVED
    # Saving works again, but the reader is still gone: stay out of service.
    assert step(lost.model, ev.SavingResumed(), 0.0, s).model.state is State.OUT_OF_SERVICE
    # A reception in progress is never stopped for this: SavingStopped only counts while idle.
    reading = Model(State.READING, Context(reception_id="r1"))
    assert step(reading, ev.SavingStopped("x"), 0.0, s).model.state is State.READING
