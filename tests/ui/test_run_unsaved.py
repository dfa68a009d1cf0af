"""The database and the disk fail together (issue 25 item 1), through the real `kiosk run`: a
real PostgreSQL is stopped and the journal's folder is a real tmpfs remounted read-only. These
are the fault matrix's rows "database down + journal read-only" (docs/architecture.md, "What
the kiosk guarantees under faults: the records", lists which test proves which row):

- reception, alert, stop: the reception in hand is finished and held, its in-progress mark
  stays, the patient whose 係員を呼ぶ cannot reach a desk is told so, the kiosk goes out of
  service (the next card is not read), a stop then exits non-zero, and the next start — with
  PostgreSQL and the disk back — records that reception
  (``test_database_down_and_journal_read_only_loses_nothing``);
- reception, back by itself: a whole PIN reception held while both are down; when they come
  back the kiosk leaves out-of-service by itself, the record and its alert are written once,
  the mark goes, and no secret is on the disk (``test_..._comes_back_by_itself``);
- crash, start: SIGKILL while a reception is held, then a start with both still down and two
  bad marks: the start does not fail, the kiosk is out of service at once, and once storage is
  back the reception is recorded once (interrupted) with its alerts
  (``test_a_crash_then_a_start_with_both_still_down``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.config import DatabaseConfig
from kiosk.records.held_alerts import held_folder
from kiosk.records.inflight import marks_folder
from kiosk.records.models import StaffAlertRow
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.card import reset_card
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from kiosk.sim.records import PostgresServer
from kiosk.ui.app import UNSAVED_EXIT
from tests.recent import recent_receptions
from tests.ui.test_staff_calls import (
    HANAKO,
    Process,
    Taps,
    _config,
    _wait,
    postgres,
    world,
)

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


# --- storage comes back while the kiosk runs; a crash and a start in that state -----------------


def _setup(
    world: tuple[Path, VirtualReaderStack, str], postgres: PostgresServer, tmpfs: Path, tmp: Path
) -> tuple[DatabaseConfig, Taps, list[str]]:
    """A database on the module's PostgreSQL, the journal on the tmpfs; the `kiosk run` command."""
    _root, stack, service_settings = world
    db = DatabaseConfig(url=postgres.create_database(), journal_dir=str(tmpfs / "journal"))
    taps = Taps(tmp / "taps")
    config = _config(tmp / "kiosk.toml", db, taps.path, f"""
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp / "no-camera.png"}"
""")  # fmt: skip
    open_store(db).close()
    return db, taps, ["run", "--windowed", "--config", str(config)]


# The flow's alert as the kiosk goes out of service (SavingStopped's reason).
OUT_OF_SERVICE = "records cannot be saved: database unavailable and journal not writable"


def _env() -> dict[str, str]:
    """Read at each start: the reader stack's fixture sets where its pcscd listens."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _storage(postgres: PostgresServer, tmpfs: Path, up: bool) -> None:
    if up:
        _read_only(tmpfs, False)
        if not (postgres.data_dir / "postmaster.pid").exists():
            postgres.start()
    else:
        postgres.stop()
        _read_only(tmpfs, True)


def _marks(db: DatabaseConfig) -> list[str]:
    return sorted(p.name for p in marks_folder(db.journal_dir).glob("*.inflight"))


def _alerts(store: RecordStore) -> list[tuple[str, str | None, str, int]]:
    """Every alert row (open or not): reason, reception, detail and how often it was raised."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(StaffAlertRow.reason, StaffAlertRow.reception_id,
                                   StaffAlertRow.detail, StaffAlertRow.repeat_count))  # fmt: skip
        return sorted(((r[0], r[1] or None, r[2], r[3]) for r in rows), key=repr)


def _alerts_sent(store: RecordStore, count: int) -> list[tuple[str, str | None, str, int]]:
    """The alert rows once ``count`` are there: a retry writes the records, then sends the held
    alerts one by one."""
    _wait(lambda: len(_alerts(store)) >= count, f"{count} alerts sent")
    time.sleep(1)  # and no more come
    return _alerts(store)


def _nothing_secret_on(disk: Path, log: str) -> None:
    """No PIN, My Number, name or birth date in any file on the disk (the journal, the marks,
    the held alerts: JSON, so also as escapes) nor in the kiosk's log."""
    card = HANAKO.card
    values = [card.my_number, HANAKO.name, *HANAKO.name.split("\u3000"),
              HANAKO.birth_date.isoformat(), HANAKO.birth_date.strftime("%Y%m%d")]  # fmt: skip
    forms = {v for value in values for v in (value, json.dumps(value)[1:-1])}
    files = [p for p in disk.rglob("*") if p.is_file()]
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert not [f for f in forms if f in text], f"patient data in {path.name}"
        assert f'"{card.pin}"' not in text, f"the PIN in {path.name}"
    assert not [f for f in forms if f in log], "patient data in the kiosk's log"


def test_database_down_and_journal_read_only_comes_back_by_itself(
    world: tuple[Path, VirtualReaderStack, str],
    postgres: PostgresServer,
    tmpfs: Path,
    tmp_path: Path,
) -> None:
    stack = world[1]
    db, taps, command = _setup(world, postgres, tmpfs, tmp_path)
    kiosk = Process(command, _env(), "kiosk")
    store: RecordStore | None = None
    try:
        kiosk.wait_for("ready: idle screen shown")
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        taps("click pin")
        kiosk.wait_for(r"-> pin_entry")
        taps(*(f"click key_{d}" for d in HANAKO.card.pin), "click ok")
        kiosk.wait_for(r"-> consent_medication")
        taps("click agree")
        kiosk.wait_for(r"-> done")
        _wait(lambda: _marks(db), "the mark")

        _storage(postgres, tmpfs, up=False)
        at = kiosk.mark()
        taps("click provide")  # the service still answers: the reception is complete
        kiosk.wait_for(r"-> finished", at)
        rid = kiosk.wait_for(r"reception (\S+) NOT saved: database unavailable", at).group(1)
        stack.remove()
        kiosk.wait_for(r"-> out_of_service \(SavingStopped", at)
        assert _marks(db) == [f"{rid}.inflight"]  # kept while the record is in memory only
        at = kiosk.mark()
        stack.insert(HANAKO.id)  # the next patient is not taken
        time.sleep(3)
        assert "-> reading" not in "".join(kiosk.lines[at:])
        stack.remove()

        _storage(postgres, tmpfs, up=True)  # nobody touches the kiosk: it comes back itself
        kiosk.wait_for(r"out_of_service -> idle \(SavingResumed", at)
        _wait(lambda: not _marks(db), "the mark removed once the record is durable")
        store = open_store(db)
        (record,) = [r for r in recent_receptions(store) if r.reception_id == rid]
        assert record.outcome.value == "complete" and record.summary.name == HANAKO.name
        assert _alerts_sent(store, 2) == sorted([
            ("out_of_service", rid, "records_unsaved", 1),  # the store's: once, not per retry
            ("out_of_service", None, OUT_OF_SERVICE, 1),  # the flow's, as it went out of service
        ], key=repr)  # fmt: skip
        assert list(held_folder(Path(db.journal_dir)).glob("*.alert")) == []

        at = kiosk.mark()
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)  # in service again: the next card is read
        kiosk.wait_for(r"-> choose_method", at)
        stack.remove()
        kiosk.wait_for(r"-> idle", at)
        kiosk.proc.terminate()
        assert kiosk.proc.wait(timeout=60) == 0  # nothing held: a clean stop
    finally:
        if store is not None:
            store.close()
        kiosk.stop()
        _storage(postgres, tmpfs, up=True)
    _nothing_secret_on(tmpfs, "".join(kiosk.lines))


def test_a_crash_then_a_start_with_both_still_down(
    world: tuple[Path, VirtualReaderStack, str],
    postgres: PostgresServer,
    tmpfs: Path,
    tmp_path: Path,
) -> None:
    stack = world[1]
    db, _taps, command = _setup(world, postgres, tmpfs, tmp_path)
    kiosk = Process(command, _env(), "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        _wait(lambda: _marks(db), "the mark")
        _storage(postgres, tmpfs, up=False)
        at = kiosk.mark()
        stack.remove()
        rid = kiosk.wait_for(r"reception (\S+) NOT saved: database unavailable", at).group(1)
        kiosk.wait_for(r"-> out_of_service \(SavingStopped", at)
        kiosk.proc.send_signal(signal.SIGKILL)  # a crash with the record in memory only
        assert kiosk.proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        kiosk.stop()
    assert _marks(db) == [f"{rid}.inflight"]

    # Two marks no reception can be made of, left by who knows what (F10: an id over 64).
    _read_only(tmpfs, False)
    folder = marks_folder(db.journal_dir)
    (folder / "garbage.inflight").write_bytes(b"\xff{not json")
    (folder / "long.inflight").write_text(
        json.dumps(
            {"reception_id": "x" * 65, "started_at": "2026-12-08T09:00:00+09:00", "state": "idle"}
        )
    )
    _read_only(tmpfs, True)

    again = Process(command, _env(), "kiosk again")  # the database and the disk still down
    store: RecordStore | None = None
    try:
        again.wait_for("ready: idle screen shown")  # F3: a start never fails on a mark
        again.wait_for(rf"reception {rid} was interrupted at choose_method")
        again.wait_for(r"unusable in-progress mark garbage\.inflight: not set aside")
        again.wait_for(r"idle -> out_of_service \(SavingStopped")
        at = again.mark()
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)  # out of service from the start: no patient is taken
        time.sleep(3)
        assert "-> reading" not in "".join(again.lines[at:])
        stack.remove()

        _storage(postgres, tmpfs, up=True)
        again.wait_for(r"out_of_service -> idle \(SavingResumed", at)
        store = open_store(db)
        (record,) = _wait(lambda: [r for r in recent_receptions(store) if r.reception_id == rid],
                          "the interrupted reception")  # fmt: skip
        assert record.end_code == "interrupted" and record.needs_staff
        _wait(lambda: _marks(db) == ["garbage.inflight", "long.inflight"], "its mark removed")
        alerts = _alerts_sent(store, 6)
        # The flow's out-of-service alert: one row. At a start in this state it can be raised
        # twice, folded into that row (the reader's first news takes the kiosk to idle for a
        # tick before the store's health takes it out again).
        (flow,) = [a for a in alerts if a[2] == OUT_OF_SERVICE]
        assert flow[:2] == ("out_of_service", None)
        assert [a for a in alerts if a is not flow] == sorted([
            ("interrupted", rid, "", 1),  # its desk alert, once
            ("interrupted", None, "", 1),  # the marks that could not be used
            ("other", None, "journal_unwritable", 1),  # the start-up's probe
            ("out_of_service", None, "records_unsaved", 1),  # the start-up's: nothing can be saved
            ("out_of_service", rid, "records_unsaved", 1),  # its record held in memory
        ], key=repr)  # fmt: skip
        again.proc.terminate()
        assert again.proc.wait(timeout=60) == 0
    finally:
        if store is not None:
            store.close()
        again.stop()
        _storage(postgres, tmpfs, up=True)
    _nothing_secret_on(tmpfs, "".join(again.lines))
