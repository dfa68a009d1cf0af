"""The database down and the disk read-only together (issue 25 item 1): alerts follow the same
rule as records. A reception held in memory goes to the journal as soon as the disk takes files
again; a staff alert held in memory goes to ``alerts-held/`` then too, so a crash after the disk
came back (the database still down) loses neither. Once the database is back each is written
exactly once. A full disk is found as a read-only one is."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason
from kiosk.records import schema
from kiosk.records.held_alerts import HeldAlerts, held_folder
from kiosk.records.inflight import InFlightMarks
from kiosk.records.journal import Journal
from kiosk.records.store import ALERT_UNSAVED, StoreHealth, open_store
from kiosk.sim.records import sample_record


def test_alerts_held_in_memory_go_to_disk_with_the_records_then_once_to_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    blocker = tmp_path / "disk"  # a file where the folders should be: every write fails (ENOTDIR)
    blocker.write_bytes(b"")
    journal_dir = blocker / "journal"
    db = tmp_path / "k.sqlite3"
    store = open_store(DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(journal_dir)),
                       kiosk_id="kiosk-01")  # fmt: skip
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # the database cannot take anything now
    try:
        assert store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r-9") is None
        store.save(sample_record("r-0"))  # held in memory, with its records_unsaved alert
        assert store.health is StoreHealth.UNSAVED
        assert store.held == 1 and len(store.held_alerts) == 2
        assert store.flush_journal() == 0 and len(store.held_alerts) == 2  # no disk yet

        blocker.unlink()  # the disk takes files again; the database is still down
        assert store.flush_journal() == 0
        assert store.held == 0 and len(store.journal) == 1  # the reception: journalled
        restarted = HeldAlerts(held_folder(journal_dir))  # what a crash now would find
        assert [(a.reason, a.reception_id, a.detail) for a in restarted._held] == [
            (AlertReason.CALL, "r-9", ""),
            (AlertReason.OUT_OF_SERVICE, "r-0", ALERT_UNSAVED),
        ]  # in the order they were raised
    finally:
        locker.execute("ROLLBACK")
        locker.close()

    assert store.flush_journal() == 1
    assert store.health is StoreHealth.OK and len(store.held_alerts) == 0
    alerts = store.alerts.open_alerts()
    assert sorted((a.reason.value, a.reception_id) for a in alerts) == [
        ("call", "r-9"),
        ("other", None),  # journal_unwritable, raised at start-up while the database was up
        ("out_of_service", "r-0"),  # once, however many retries it was held through
    ]
    assert list(held_folder(journal_dir).iterdir()) == []
    assert store.reception("r-0") is not None
    store.close()


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real tmpfs filled to the last byte (mounting needs root: skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
                         capture_output=True, text=True, check=False)  # fmt: skip
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {run.stderr.strip()}")
    try:
        (mount / "journal").mkdir()
        (mount / "in-progress").mkdir()
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            while True:  # until ENOSPC
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_found_by_the_probe_and_leaves_no_half_mark(full_disk: Path) -> None:
    # An empty probe file needs no block: a full disk took it and the journal was "writable".
    assert Journal(full_disk / "journal").writable() is not None
    marks = InFlightMarks(full_disk / "in-progress")
    marks.moved("r-1", "choose_method", datetime.now(UTC))
    marks.close()
    assert list((full_disk / "in-progress").iterdir()) == []  # no temp file left behind
