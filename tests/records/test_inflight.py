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
    assert (marks.folder / "junk.inflight").exists()
    marks.close()


def _record(reception_id: str) -> ReceptionRecord:
    from kiosk.records.inflight import Mark, interrupted_record

    return interrupted_record(Mark(reception_id, NOW, "done"), "kiosk-01", NOW)
