from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import PostgresServer, available


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if not available():
        pytest.fail("PostgreSQL 15 server binaries are required (Debian package postgresql)")
    with PostgresServer(fast=True) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def db_config(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseConfig:
    """A fresh, empty database of each kind, with its own journal directory."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").create_database()
    return DatabaseConfig(url=url, journal_dir=str(tmp_path / "journal"))


@pytest.fixture
def store(db_config: DatabaseConfig) -> Iterator[RecordStore]:
    opened = open_store(db_config)
    yield opened
    opened.close()
