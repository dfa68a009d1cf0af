"""The database and the disk fail together (issue 25 item 1), through the real `kiosk run`: a
real PostgreSQL is stopped mid-reception and the journal's folder is a real tmpfs remounted
read-only. The reception in hand is finished and held, its in-progress mark stays, the kiosk
goes out of service (the next card is not read), a stop then exits non-zero, and the next start
— with PostgreSQL and the disk back — records that reception."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.records.inflight import marks_folder
from kiosk.records.store import open_store
from kiosk.sim.card import reset_card
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from kiosk.sim.records import PostgresServer
from kiosk.ui.app import UNSAVED_EXIT
from tests.recent import recent_receptions
from tests.ui.test_staff_calls import HANAKO, Process, Taps, _config, _wait, postgres, world

__all__ = ["postgres", "world"]  # fixtures shared with the staff-call tests

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real tmpfs for the journal and the in-progress marks (it can be made read-only)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    run = _mount("-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount))
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {run.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _read_only(mount: Path, on: bool) -> None:
    run = _mount("-o", f"remount,{'ro' if on else 'rw'}", str(mount))
    assert run.returncode == 0, run.stderr


def test_database_down_and_journal_read_only_loses_nothing(
    world: tuple[Path, VirtualReaderStack, str],
    postgres: PostgresServer,
    tmpfs: Path,
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    db = DatabaseConfig(url=postgres.create_database(), journal_dir=str(tmpfs / "journal"))
    taps = Taps(tmp_path / "taps")
    config = _config(tmp_path / "kiosk.toml", db, taps.path, f"""
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
""")  # fmt: skip
    open_store(db).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        _wait(lambda: list(marks_folder(db.journal_dir).glob("*.inflight")), "the mark")

        postgres.stop()
        _read_only(tmpfs, True)
        at = kiosk.mark()
        taps("click call_staff")  # F4: the call cannot reach a desk: the patient is told
        kiosk.wait_for(r"staff_called -> staff_called \(StaffCallUndelivered", at)
        kiosk.wait_for(r"staff alert call held in memory only", at)
        stack.remove()  # the reception ends: its record can go nowhere
        kiosk.wait_for(r"NOT saved: database unavailable", at)
        kiosk.wait_for(r"-> out_of_service \(SavingStopped", at)
        at = kiosk.mark()
        stack.insert(HANAKO.id)  # the next patient is not taken
        time.sleep(3)
        assert "-> reading" not in "".join(kiosk.lines[at:])
        stack.remove()

        kiosk.proc.terminate()
        assert kiosk.proc.wait(timeout=60) == UNSAVED_EXIT
        kiosk.stop()
        assert [p.name for p in marks_folder(db.journal_dir).glob("*.inflight")]  # kept
    finally:
        if kiosk.proc.poll() is None:
            kiosk.stop()
        _read_only(tmpfs, False)
        if not (postgres.data_dir / "postmaster.pid").exists():
            postgres.start()

    again = Process(["run", "--windowed", "--config", str(config)], env, "kiosk again")
    store = open_store(db)
    try:
        again.wait_for("ready: idle screen shown")
        again.wait_for(r"was interrupted at \w+: recorded")
        (record,) = _wait(lambda: recent_receptions(store), "the recovered reception")
        assert record.end_code == "interrupted" and record.needs_staff
        _wait(lambda: not list(marks_folder(db.journal_dir).glob("*.inflight")), "no mark left")
    finally:
        store.close()
        again.stop()
