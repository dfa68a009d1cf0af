"""The database goes away mid-write: receptions go to the journal and are replayed, in order,
exactly once, when it is back."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.config import DatabaseConfig
from kiosk.records import schema
from kiosk.records.journal import Journal
from kiosk.records.models import Reception
from kiosk.records.store import open_store
from kiosk.sim.records import PostgresServer, sample_record


def _ids(config: DatabaseConfig) -> list[str]:
    store = open_store(config, upgrade=False)
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(Reception.id)).scalars())
    store.close()
    return ids


@pytest.mark.integration
def test_postgres_stopped_mid_write_loses_and_doubles_nothing(tmp_path: Path) -> None:
    with PostgresServer(fast=True) as pg:
        config = DatabaseConfig(url=pg.create_database(), journal_dir=str(tmp_path / "journal"))
        store = open_store(config)
        written: list[str] = []
        stop_writing = threading.Event()

        def kiosk() -> None:
            i = 0
            while not stop_writing.is_set() or i < 300:
                rid = f"r-{i:05d}"
                store.save(sample_record(rid))
                written.append(rid)
                i += 1

        writer = threading.Thread(target=kiosk)
        writer.start()
        while len(written) < 100 and writer.is_alive():
            writer.join(0.01)
        pg.stop(mode="immediate")  # a crash, not a polite shutdown
        down_at = len(written)
        while len(written) < down_at + 50 and writer.is_alive():
            writer.join(0.01)
        assert writer.is_alive(), "the kiosk thread died: a save raised instead of journalling"
        assert len(store.journal) > 0
        pg.start()
        stop_writing.set()
        writer.join()
        store.flush_journal()
        assert len(store.journal) == 0
        store.close()

        ids = _ids(config)
        assert sorted(ids) == sorted(written)
        assert len(ids) == len(set(ids))


def test_sqlite_locked_by_another_writer_journals_then_replays_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "kiosk.sqlite3"
    config = DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(tmp_path / "journal"))
    store = open_store(config)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    for i in range(3):
        store.save(sample_record(f"r-{i}"))
    assert len(store.journal) == 3
    blocker.execute("ROLLBACK")
    blocker.close()
    store.save(sample_record("r-3"))
    assert len(store.journal) == 0
    with store.engine.connect() as conn:
        order = list(conn.execute(select(Reception.id).order_by(Reception.updated_at)).scalars())
        count = conn.execute(select(func.count(Reception.id))).scalar_one()
    store.close()
    assert count == 4
    assert order == ["r-0", "r-1", "r-2", "r-3"]


def test_a_reception_both_committed_and_journalled_is_stored_once(
    db_config: DatabaseConfig,
) -> None:
    # The commit can succeed while the client sees the connection drop: it journals anyway.
    store = open_store(db_config)
    record = sample_record("r-1")
    store.save(record)
    store.journal.append(record)
    assert store.flush_journal() == 1
    store.close()
    assert _ids(db_config) == ["r-1"]


def test_unreadable_journal_entry_is_set_aside_and_the_rest_replayed(tmp_path: Path) -> None:
    config = DatabaseConfig(
        url=f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", journal_dir=str(tmp_path / "journal")
    )
    journal = Journal(Path(config.journal_dir))
    journal.append(sample_record("r-0"))
    (Path(config.journal_dir) / "00000000000000000001-garbage.json").write_bytes(b"\xff{not json")
    journal.append(sample_record("r-1"))
    store = open_store(config)  # replays on open
    store.close()
    assert sorted(_ids(config)) == ["r-0", "r-1"]
    assert [p.name for p in (Path(config.journal_dir) / "rejected").iterdir()] == [
        "00000000000000000001-garbage.json"
    ]


def test_database_down_at_start_up_journals_instead_of_failing(tmp_path: Path) -> None:
    config = DatabaseConfig(
        url="postgresql+psycopg://kiosk@127.0.0.1:9/none?connect_timeout=1",
        journal_dir=str(tmp_path / "journal"),
    )
    store = open_store(config)
    store.save(sample_record("r-0"))
    assert len(store.journal) == 1
    assert store.files() == store.journal.files()
    store.close()


@pytest.mark.integration
def test_after_a_postgres_restart_the_next_save_goes_straight_to_the_database(
    tmp_path: Path,
) -> None:
    with PostgresServer(fast=True) as pg:
        config = DatabaseConfig(url=pg.create_database(), journal_dir=str(tmp_path / "journal"))
        store = open_store(config)
        store.save(sample_record("before"))  # leaves a pooled connection behind
        pg.stop()
        pg.start()
        store.save(sample_record("after"))
        assert len(store.journal) == 0
        store.close()
        assert sorted(_ids(config)) == ["after", "before"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("reception_id", ["r"]), ("end_reason", {"a": 1}), ("qualification", "text"),
     ("limit_provided", "yes")],
)  # fmt: skip
def test_a_field_of_the_wrong_type_is_a_format_error(field: str, value: object) -> None:
    """Found by bench/fuzz.py's journal target: a damaged entry used to reach the store's checks
    as a record with a list for a text and fail there with TypeError."""
    from kiosk.records.codec import JournalFormatError, record_from_dict, record_to_dict
    from kiosk.sim.records import sample_record

    data = json.loads(json.dumps(record_to_dict(sample_record("r-typed"))))
    data[field] = value
    with pytest.raises(JournalFormatError):
        record_from_dict(data)
