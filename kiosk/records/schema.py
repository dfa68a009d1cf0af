"""Engines and migrations: one code path for SQLite (the kiosk's embedded default) and PostgreSQL
(a clinic group's shared database), chosen by the URL in ``[database] url``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL

from kiosk.private_files import create_private_file, make_private_dir

BUSY_TIMEOUT_MS = 5000
READ_ONLY = "kiosk_read_only"
PG_CONNECT_TIMEOUT_S = 5
# Any constant works; it only has to be the same for every process upgrading one database.
PG_MIGRATION_LOCK = 0x6B696F736B


def engine_url(url: str) -> URL:
    """The configured URL, with psycopg 3 as the PostgreSQL driver (psycopg2 is not shipped)."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 would BEGIN lazily (deferred); we issue BEGIN IMMEDIATE ourselves so
    # concurrent writers queue on the busy timeout instead of failing on a lock upgrade.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across app crashes
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")  # WAL readers never wait for writers
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def reader(engine: Engine) -> Engine:
    """The same engine (same pool) for read-only work: SQLite then begins without the write lock."""
    return engine.execution_options(**{READ_ONLY: True})


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = engine_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            make_private_dir(path.parent)
            # Patient names and insurance numbers: readable by the kiosk user only. SQLite gives
            # the -wal and -shm files the same permissions as the database file.
            create_private_file(path)
        engine = create_engine(parsed, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if "connect_timeout" not in parsed.query:
        # An unreachable host must fall back to the journal in seconds, not a TCP timeout.
        parsed = parsed.update_query_dict({"connect_timeout": str(PG_CONNECT_TIMEOUT_S)})
    return create_engine(parsed, hide_parameters=True, **kwargs)


def _alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", "kiosk.records:migrations")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("the packaged migrations have no head revision")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade under a lock so kiosks starting together do not race on the first migration."""
    cfg = _alembic_config()
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE already holds the write lock
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
