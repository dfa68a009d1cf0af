"""Staff alerts and the staff audit trail on both databases, and the watcher that wakes a desk or
a kiosk (LISTEN/NOTIFY on PostgreSQL, a poll on SQLite)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine

from kiosk.flow import events as ev
from kiosk.flow.clock import ManualClock
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.ports import AlertReason, ReceptionOutcome, VerificationMethod
from kiosk.records.alerts import (
    ACTION_CHANNEL,
    ALERT_CHANNEL,
    REASON_TEXT,
    AlertBook,
    ChangeWatcher,
    InvalidStaffName,
    StaffActionKind,
    reason_text,
)
from kiosk.records.staff_view import staff_line
from kiosk.records.store import RecordStore
from kiosk.runtime import Devices, Hooks, Reception


def test_an_alert_is_open_until_a_staff_member_takes_it(store: RecordStore) -> None:
    before = store.alerts.alerts_version()
    first = store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r1", detail="pin_entry")
    second = store.raise_alert("kiosk-02", AlertReason.PIN_LOCKED, reception_id="r2")
    assert first is not None and second is not None
    assert store.alerts.alerts_version() != before
    assert [(a.kiosk_id, a.reason) for a in store.alerts.open_alerts()] == [
        ("kiosk-01", AlertReason.CALL),
        ("kiosk-02", AlertReason.PIN_LOCKED),
    ]
    version = store.alerts.alerts_version()
    taken = store.alerts.take_alert(first, "  佐藤　花子 ")
    assert taken is not None and taken.taken_by == "佐藤 花子" and taken.taken_at is not None
    assert store.alerts.alerts_version() != version
    assert [a.id for a in store.alerts.open_alerts()] == [second]
    # A second taker does not overwrite the first one, and is not recorded as taking it.
    again = store.alerts.take_alert(first, "鈴木")
    assert again is not None and again.taken_by == "佐藤 花子"
    actions = store.alerts.staff_actions("r1")
    assert [(a.action, a.staff_name, a.route) for a in actions] == [
        (StaffActionKind.TAKE, "佐藤 花子", "desk")
    ]


def test_taking_a_call_takes_the_same_patients_other_calls(store: RecordStore) -> None:
    locked = store.raise_alert("kiosk-01", AlertReason.PIN_LOCKED, reception_id="r1")
    called = store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r1")
    other = store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r2")
    assert locked is not None and called is not None
    store.alerts.take_alert(called, "佐藤")
    assert [a.id for a in store.alerts.open_alerts()] == [other]
    taken = store.alerts.alert(locked)
    assert taken is not None and taken.taken_by == "佐藤"


def test_a_staff_action_needs_a_name(store: RecordStore) -> None:
    alert = store.raise_alert("kiosk-01", AlertReason.CALL)
    assert alert is not None
    with pytest.raises(InvalidStaffName):
        store.alerts.take_alert(alert, "   ")
    assert [a.id for a in store.alerts.open_alerts()] == [alert]


def test_a_kiosk_reads_only_the_desk_actions_meant_for_it_after_it_started(
    store: RecordStore,
) -> None:
    store.alerts.record_action("kiosk-01", StaffActionKind.APPROVE, "佐藤", "desk")
    start = store.alerts.last_action_id("kiosk-01")
    store.alerts.record_action("kiosk-02", StaffActionKind.VISUAL_CHECK, "佐藤", "desk")
    store.alerts.record_action(
        "kiosk-01", StaffActionKind.VISUAL_CHECK, "佐藤", "desk", reception_id="r9"
    )
    store.alerts.record_action("kiosk-01", StaffActionKind.LOGIN_FAILED, "kiosk", "kiosk", ok=False)
    seen = store.alerts.actions_for("kiosk-01", start)
    assert [(a.action, a.reception_id, a.ok) for a in seen] == [
        (StaffActionKind.VISUAL_CHECK, "r9", True),
        (StaffActionKind.LOGIN_FAILED, None, False),
    ]
    assert store.alerts.actions_for("kiosk-01", seen[-1].id) == []


def test_an_unavailable_database_loses_the_alert_without_raising() -> None:
    down = create_engine("postgresql+psycopg://kiosk@127.0.0.1:9/none?connect_timeout=1")
    try:
        assert AlertBook(down, down).raise_alert("kiosk-01", AlertReason.CALL) is None
    finally:
        down.dispose()


@pytest.mark.parametrize("channel", [ALERT_CHANNEL, ACTION_CHANNEL])
def test_the_watcher_wakes_when_an_alert_or_action_is_written(
    store: RecordStore, channel: str
) -> None:
    seen = threading.Event()
    start_version = store.alerts.alerts_version()
    start_action = store.alerts.last_action_id("kiosk-01")

    def look() -> None:
        if channel == ALERT_CHANNEL:
            changed = store.alerts.alerts_version() != start_version
        else:
            changed = bool(store.alerts.actions_for("kiosk-01", start_action))
        if changed:
            seen.set()

    watcher = ChangeWatcher(store.engine, channel, look)
    watcher.start()
    try:
        if channel == ALERT_CHANNEL:
            store.raise_alert("kiosk-01", AlertReason.CALL)
        else:
            store.alerts.record_action("kiosk-01", StaffActionKind.TAKE, "佐藤", "desk")
        assert seen.wait(timeout=30)
    finally:
        watcher.stop()
    assert not watcher._thread.is_alive()


def test_every_reason_has_plain_japanese_and_english() -> None:
    assert set(REASON_TEXT) == set(AlertReason)
    for reason in AlertReason:
        ja, en = reason_text(reason, "ja"), reason_text(reason, "en")
        assert ja and en and ja != en and "_" not in ja and "_" not in en


def test_the_runtime_sounds_at_once_and_writes_the_flows_alert_on_a_worker(
    store: RecordStore,
) -> None:
    sounded: list[str] = []
    devices = Devices(reader=None, eligibility=None, store=store, alerts=store)  # type: ignore[arg-type]
    reception = Reception(
        FlowSettings(), devices, ManualClock(), "kiosk-07", Hooks(on_staff=sounded.append)
    )
    reception.model = Model(State.CHOOSE_METHOD, Context(reception_id="r42"))
    jobs = reception.dispatch(ev.CallStaff())
    assert sounded == ["call"] and store.alerts.open_alerts() == []  # not on the caller's thread
    for job in jobs:
        job.run()
    [alert] = store.alerts.open_alerts()
    assert (alert.kiosk_id, alert.reason, alert.reception_id, alert.detail) == (
        "kiosk-07",
        AlertReason.CALL,
        "r42",
        "choose_method",
    )


def test_a_card_taken_during_the_consents_is_recorded_as_partial_with_its_code(
    store: RecordStore,
) -> None:
    devices = Devices(reader=None, eligibility=None, store=store, alerts=store)  # type: ignore[arg-type]
    reception = Reception(FlowSettings(), devices, ManualClock(), "kiosk-01")
    ctx = Context(reception_id="r5", validity="1", method=VerificationMethod.PIN)
    reception.model = Model(State.CONSENT_MEDICATION, ctx)
    for job in reception.dispatch(ev.CardRemoved()):
        job.run()
    row = store.reception("r5")
    assert row is not None and row.outcome is ReceptionOutcome.COMPLETE
    assert row.partial and row.end_code == "card_removed"
    assert staff_line(row).needs_staff
