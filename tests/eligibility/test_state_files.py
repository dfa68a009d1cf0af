"""The mock service's state (who registered and consented where) is readable by its user only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.sim.service.store import ServiceStore


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: new files 0644
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_state_and_its_wal_files_are_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "state.sqlite3"
    store = ServiceStore(path)
    with store.transaction() as db:
        ServiceStore.register(db, "sato_hanako", "F0000001", datetime.now(UTC))
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert all(f.exists() for f in files)
    assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    store.close()


def test_state_files_of_an_older_run_are_tightened(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "state.sqlite3"
    ServiceStore(path).close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").touch()
        os.chmod(f"{path}{suffix}", 0o644)
    store = ServiceStore(path)
    assert {s: _mode(Path(f"{path}{s}")) for s in ("", "-wal", "-shm")} == dict.fromkeys(
        ("", "-wal", "-shm"), 0o600
    )
    store.close()
