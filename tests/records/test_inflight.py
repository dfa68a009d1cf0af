"""Marks of receptions in progress: a kiosk that dies mid-reception records it at its next start
(never twice, never losing it), and a mark holds nothing about the patient."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.ports import AlertReason, ReceptionOutcome, ReceptionRecord
from kiosk.records.inflight import InFlightMarks, MarkedStore, marks_folder, record_interrupted

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


class ListStore:
    def __init__(self) -> None:
        self.saved: list[ReceptionRecord] = []

    def save(self, record: ReceptionRecord) -> None:
        self.saved.append(record)


def _settled(marks: InFlightMarks) -> None:
    marks.close()  # waits for the writer thread


def test_a_mark_holds_the_reception_id_and_state_only_and_is_private(tmp_path: Path) -> None:
    marks = InFlightMarks(marks_folder(tmp_path / "journal"))
    marks.moved("r-1", "pin_entry", NOW)
    _settled(marks)
    (path,) = marks.folder.glob("*.inflight")
    assert json.loads(path.read_text()) == {
        "reception_id": "r-1", "state": "pin_entry", "started_at": NOW.isoformat(),
    }  # fmt: skip
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(marks.folder.stat().st_mode) == 0o700
    assert marks.folder == tmp_path / "in-progress"


def test_a_saved_reception_leaves_no_mark_and_a_late_screen_change_does_not_revive_it(
    tmp_path: Path,
) -> None:
    marks = InFlightMarks(tmp_path / "marks")
    store = MarkedStore(ListStore(), marks)
    marks.moved("r-1", "consent_medication", NOW)
    store.save(_record("r-1"))
    marks.moved("r-1", "finished", NOW)
    _settled(marks)
    assert list(marks.folder.iterdir()) == []


def test_a_reception_left_in_progress_is_recorded_once_for_staff(tmp_path: Path) -> None:
    first_run = InFlightMarks(tmp_path / "marks")
    first_run.moved("r-1", "reading", NOW)
    first_run.moved("r-1", "querying", NOW.replace(minute=31))
    first_run.moved("r-2", "done", NOW)
    _settled(first_run)  # … and the kiosk dies here

    store, alerts = ListStore(), []
    again = InFlightMarks(tmp_path / "marks")
    count = record_interrupted(again, store, "kiosk-01", NOW.replace(hour=10),
                               stored=lambda rid: rid == "r-2",
                               alert=lambda reason, rid: alerts.append((reason, rid)))  # fmt: skip
    assert count == 1
    (record,) = store.saved
    assert record.reception_id == "r-1"
    assert record.outcome is ReceptionOutcome.ABANDONED
    assert record.needs_staff and record.end_code == "interrupted"
    assert record.started_at == NOW and "querying" in record.end_reason
    assert alerts == [(AlertReason.INTERRUPTED, "r-1")]
    assert again.leftovers() == []  # a third start records nothing more
    again.close()


def test_a_full_or_failing_disk_is_logged_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    marks = InFlightMarks(tmp_path / "marks")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(marks, "_write", full)
    marks.moved("r-1", "reading", NOW)
    _settled(marks)
    assert "No space left on device" in caplog.text


def test_an_unreadable_mark_is_kept_for_staff(tmp_path: Path) -> None:
    marks = InFlightMarks(tmp_path / "marks")
    (marks.folder / "junk.inflight").write_text("{not json")
    assert marks.leftovers() == []
    assert (marks.folder / "quarantine" / "junk.inflight").exists()  # for staff
    marks.close()


def _record(reception_id: str) -> ReceptionRecord:
    from kiosk.records.inflight import Mark, interrupted_record

    return interrupted_record(Mark(reception_id, NOW, "done"), "kiosk-01", NOW)


# --- the database down and the journal not writable together (issue 25 F1-F3, F10) -----------


def _held_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A real store whose SQLite file is locked by another connection and whose journal folder
    lies under a regular file: nothing can take a record until both are released."""
    import sqlite3

    from kiosk.config import DatabaseConfig
    from kiosk.records import schema
    from kiosk.records.store import open_store

    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    db = tmp_path / "kiosk.sqlite3"
    config = DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(blocker / "journal"))
    store = open_store(config, alert=lambda code, rid: None)
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    return store, locker


def test_a_record_held_in_memory_keeps_its_mark_until_it_is_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.sim.records import sample_record

    store, locker = _held_store(tmp_path, monkeypatch)
    marks = InFlightMarks(tmp_path / "marks")
    marked = MarkedStore(store, marks)
    marks.moved("r-1", "done", NOW)
    marked.save(sample_record("r-1"))
    assert not marked.can_save() and marked.held == 1  # the kiosk goes out of service
    marks.close()
    assert [m.reception_id for m in InFlightMarks(tmp_path / "marks").leftovers()] == ["r-1"]

    locker.execute("ROLLBACK")
    locker.close()
    marks = InFlightMarks(tmp_path / "marks")
    store.on_durable = marks.finished  # as a new MarkedStore would
    assert store.flush_journal() == 1 and marked.can_save()
    marks.close()
    assert InFlightMarks(tmp_path / "marks").leftovers() == []
    store.close()


def test_a_start_with_the_database_down_records_the_marks_it_can_and_never_raises(
    tmp_path: Path,
) -> None:
    first_run = InFlightMarks(tmp_path / "marks")
    first_run.moved("r-1", "querying", NOW)
    first_run.moved("x" * 65, "reading", NOW)  # an id the store cannot key (F10)
    _settled(first_run)
    (tmp_path / "marks" / "junk.inflight").write_text("{not json", encoding="utf-8")

    def database_down(rid: str) -> bool:
        raise OSError("connection refused")

    store, alerts = ListStore(), []
    again = InFlightMarks(tmp_path / "marks")
    count = record_interrupted(again, store, "kiosk-01", NOW, stored=database_down,
                               alert=lambda reason, rid: alerts.append((reason, rid)))  # fmt: skip
    assert count == 1 and [r.reception_id for r in store.saved] == ["r-1"]
    assert again.quarantined == 2
    aside = sorted(p.name for p in (tmp_path / "marks" / "quarantine").iterdir())
    assert aside == ["junk.inflight", "x" * 65 + ".inflight"]
    assert alerts == [(AlertReason.INTERRUPTED, "r-1"), (AlertReason.INTERRUPTED, "")]
    assert again.leftovers() == []
    again.close()


def test_a_stop_with_receptions_held_in_memory_fails() -> None:
    from kiosk.ui.app import UNSAVED_EXIT, unsaved_exit

    class Holding:
        held = 2

    assert unsaved_exit(Holding()) == UNSAVED_EXIT
    assert unsaved_exit(ListStore()) == 0


def test_a_mark_nested_thousands_deep_is_set_aside(tmp_path: Path) -> None:
    """Found by bench/fuzz.py's marks target (case 12757): json's RecursionError escaped."""
    marks = InFlightMarks(tmp_path / "marks")
    (marks.folder / "deep.inflight").write_text("[" * 100_000 + "]" * 100_000)
    assert marks.leftovers() == [] and marks.quarantined == 1
    marks.close()
