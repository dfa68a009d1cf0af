from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kiosk.config import DatabaseConfig
from kiosk.records import schema
from kiosk.records.models import Base
from kiosk.records.rows import reception_values
from kiosk.records.store import RecordStore, open_store, store_files
from kiosk.sim.records import sample_record


def test_migrations_build_exactly_the_models_schema(store: RecordStore) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert schema.current_revision(store.engine) == schema.head_revision()


def test_every_sqlite_connection_has_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = schema.make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}", pool_size=3)
    connections = [schema.reader(engine).connect() for _ in range(3)]
    for conn in connections:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == schema.BUSY_TIMEOUT_MS
    for conn in connections:
        conn.close()
    engine.dispose()


def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    assert schema.engine_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


def test_store_files_lists_the_database_and_the_journal(tmp_path: Path) -> None:
    config = DatabaseConfig(
        url=f"sqlite:///{tmp_path / 'k.sqlite3'}", journal_dir=str(tmp_path / "journal")
    )
    store = open_store(config)
    store.save(sample_record("r-1"))
    store.journal.append(sample_record("r-2"))
    names = {p.name for p in store_files(config)}
    assert {"k.sqlite3", "k.sqlite3-wal"} <= names
    assert any(n.endswith(".json") for n in names)
    assert set(store.files()) == set(store_files(config))
    store.close()


def test_postgresql_connections_give_up_quickly_on_an_unreachable_host() -> None:
    engine = schema.make_engine("postgresql://kiosk@192.0.2.1/kiosk")
    assert engine.url.query["connect_timeout"] == str(schema.PG_CONNECT_TIMEOUT_S)
    engine.dispose()


def test_the_sqlite_database_is_private_to_the_kiosk_user(tmp_path: Path) -> None:
    config = DatabaseConfig(
        url=f"sqlite:///{tmp_path / 'k.sqlite3'}", journal_dir=str(tmp_path / "journal")
    )
    store = open_store(config)
    store.save(sample_record("r-1"))
    store.journal.append(sample_record("r-2"))
    for path in store.files():
        assert path.stat().st_mode & 0o077 == 0, path
    store.close()


def test_a_database_at_the_first_revision_upgrades_with_its_receptions(
    db_config: DatabaseConfig,
) -> None:
    engine = schema.make_engine(db_config.url)
    schema.upgrade(engine, "0001")
    # Written with the columns 0001 has: later migrations add columns today's models write.
    values, _ = reception_values(sample_record("r-1"), datetime.now(UTC))
    with engine.begin() as conn:
        present = {c["name"] for c in sa.inspect(conn).get_columns("reception")}
        kept = {k: v for k, v in values.items() if k in present}
        types = Base.metadata.tables["reception"].c
        table = sa.table("reception", *(sa.column(k, types[k].type) for k in kept))
        conn.execute(sa.insert(table).values(**kept))
    engine.dispose()
    upgraded = open_store(db_config)
    assert schema.current_revision(upgraded.engine) == schema.head_revision() != "0001"
    assert upgraded.reception("r-1") is not None
    schema.downgrade(upgraded.engine, "0001")
    assert schema.current_revision(upgraded.engine) == "0001"
    upgraded.close()
