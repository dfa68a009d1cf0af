"""Every file holding patient data is 0600 and every folder we create 0700, whatever the umask
(issue 10, item 11): exported XML, the SQLite database, journal and dead-letter entries."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.records.export import export_day
from kiosk.records.journal import Journal
from kiosk.records.store import open_store
from kiosk.sim.records import JST, sample_record

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o000, 0o022, 0o277], ids=["umask-000", "umask-022", "umask-277"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def test_exported_files_are_0600_in_a_0700_folder(tmp_path: Path, umask: int) -> None:
    config = DatabaseConfig(url=f"sqlite:///{tmp_path / 'db' / 'k.sqlite3'}",
                            journal_dir=str(tmp_path / "journal"))  # fmt: skip
    store = open_store(config)
    store.save(sample_record("r-1", started_at=NINE))
    out = tmp_path / "export" / "today"
    result = export_day(store, date(2026, 11, 23), out, clinic_code="1312345678")
    store.close()
    [written] = result.written
    assert _mode(written) == 0o600
    assert _mode(out) == 0o700 and _mode(out.parent) == 0o700
    assert _mode(written.parent) == 0o700  # face/
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temp file left
    assert _mode(tmp_path / "db") == 0o700
    assert _mode(tmp_path / "db" / "k.sqlite3") == 0o600


def test_an_existing_export_folder_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    # A clinic's shared folder, set up by its administrator, is not ours to change.
    out = tmp_path / "shared"
    out.mkdir()
    os.chmod(out, 0o750)
    store = open_store(DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                                      journal_dir=str(tmp_path / "journal")))  # fmt: skip
    store.save(sample_record("r-1", started_at=NINE))
    [written] = export_day(store, date(2026, 11, 23), out, clinic_code="1312345678").written
    store.close()
    assert _mode(out) == 0o750 and _mode(written) == 0o600


def test_journal_and_dead_letter_entries_are_0600_in_0700_folders(
    tmp_path: Path, umask: int
) -> None:
    journal = Journal(tmp_path / "var" / "journal")
    entry = journal.append(sample_record("r-1"))
    kept = journal.dead_letter(sample_record("r-2"), "test")
    assert _mode(entry) == 0o600 and _mode(kept) == 0o600
    assert _mode(tmp_path / "var") == 0o700
    assert _mode(journal.directory) == 0o700 and _mode(kept.parent) == 0o700
