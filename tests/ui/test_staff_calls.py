"""A patient calls staff at a real `kiosk run` and the desk answers from a real `kiosk staff`:
both are their own offscreen processes on one database (SQLite, and a real PostgreSQL), the card
is a virtual one behind pcscd + vpcd, the eligibility service is the mock service's process.
Taps reach each window through the test-only remote control (``ui.test_control``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import ClinicConfig, DatabaseConfig, KioskConfig
from kiosk.ports import StaffActionKind, VerificationMethod
from kiosk.records.store import open_store
from kiosk.sim.card import reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from kiosk.sim.records import PostgresServer, available
from kiosk.sim.service.process import ServerProcess
from kiosk.staff_auth import hash_pin
from tests.recent import recent_receptions

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

HANAKO = get_persona("sato_hanako")
STAFF_PIN = "2468"
LOCKOUT_S = 10  # the kiosk's staff route after 5 wrong PINs (short: the test waits it out)
WAIT_S = 90.0


class Process:
    """A `kiosk …` subprocess whose stderr lines are collected on a thread."""

    def __init__(self, args: list[str], env: dict[str, str], name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", *args],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
        )  # fmt: skip
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, pattern: str, after: int = 0) -> re.Match[str]:
        """The first line from index ``after`` on that matches; fails on exit or WAIT_S."""
        deadline = time.monotonic() + WAIT_S
        regex = re.compile(pattern)
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    if found := regex.search(line):
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    log = "".join(self.lines[-120:])
                    rc = self.proc.poll()
                    raise AssertionError(
                        f"{self.name} (exit {rc}): no line matching {pattern!r}\n{log}"
                    )
                self._changed.wait(min(left, 0.5))

    def mark(self) -> int:
        with self._changed:
            return len(self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=10)
        assert "Traceback" not in "".join(self.lines), "".join(self.lines)


class Taps:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.write_text("", encoding="utf-8")

    def __call__(self, *commands: str) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.writelines(f"{c}\n" for c in commands)


def agree_provide_and_take(kiosk: Process, taps: Taps, stack: VirtualReaderStack) -> None:
    """From the first consent to idle: agree, provide the limit information, take the card."""
    kiosk.wait_for(r"-> consent_medication")
    taps("click agree")
    kiosk.wait_for(r"-> done")
    taps("click provide")
    kiosk.wait_for(r"-> finished")
    stack.remove()
    kiosk.wait_for(r"-> idle")


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    if not available():
        pytest.fail("PostgreSQL 15 server binaries are required (Debian package postgresql)")
    with PostgresServer(fast=True) as server:
        yield server


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, VirtualReaderStack, str]]:
    """The mock PKI, the eligibility service process and the virtual reader, shared."""
    root = tmp_path_factory.mktemp("world")
    pki_dir = root / "pki"
    saved = os.environ.get("KIOSK_PKI_DIR")
    os.environ["KIOSK_PKI_DIR"] = str(pki_dir)  # card processes and server share it
    MockPki(pki_dir)
    try:
        with (
            ServerProcess(root / "service", pki_dir=pki_dir) as service,
            VirtualReaderStack(pki_dir=pki_dir, state_dir=root / "cards") as stack,
        ):
            # The kiosk enrols like a real one: its own key, mutual TLS with the service.
            kiosk = KioskConfig(credential_dir=str(root / "credential"))
            service.enroll(kiosk, ClinicConfig().code)
            settings = (
                f'[kiosk]\ncredential_dir = "{kiosk.credential_dir}"\n'
                f'[service]\nurl = "{service.url}"\nca_file = "{service.ca_file}"\n'
            )
            yield root, stack, settings
    finally:
        if saved is None:
            os.environ.pop("KIOSK_PKI_DIR", None)
        else:
            os.environ["KIOSK_PKI_DIR"] = saved


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseConfig:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").create_database()
    return DatabaseConfig(url=url, journal_dir=str(tmp_path / "journal"))


def _config(path: Path, db: DatabaseConfig, control: Path, extra: str = "") -> Path:
    path.write_text(
        f"""
[database]
url = "{db.url}"
journal_dir = "{db.journal_dir}"
[ui]
voice = false
test_control = "file:{control}"
{extra}
""",
        encoding="utf-8",
    )
    return path


def test_a_call_is_answered_from_the_desk_and_the_patient_goes_on(
    world: tuple[Path, VirtualReaderStack, str], database: DatabaseConfig, tmp_path: Path
) -> None:
    _root, stack, service_settings = world
    kiosk_taps, desk_taps = Taps(tmp_path / "kiosk.taps"), Taps(tmp_path / "desk.taps")
    kiosk_config = _config(tmp_path / "kiosk.toml", database, kiosk_taps.path, f"""
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
[staff]
pin_hashes = ["{hash_pin(STAFF_PIN)}"]
lockout_seconds = {LOCKOUT_S}
""")  # fmt: skip
    desk_config = _config(tmp_path / "desk.toml", database, desk_taps.path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    open_store(database).close()  # migrate once, before two processes start on it
    desk = Process(["staff", "--interval", "0.5", "--config", str(desk_config)], env, "desk")
    kiosk = Process(["run", "--windowed", "--config", str(kiosk_config)], env, "kiosk")
    try:
        desk.wait_for("staff desk ready")
        kiosk.wait_for("ready: idle screen shown")
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")

        kiosk_taps("click call_staff")
        kiosk.wait_for(r"-> staff_called")
        alert = desk.wait_for(r"staff desk: alert (\d+) shown \(kiosk-01\)").group(1)
        at = desk.mark()

        # A patient who finds the staff corner and types anything locks only the kiosk's own
        # staff route, never the desk.
        for _ in range(5):
            kiosk_taps(*["click staff_corner"] * 5, *["click key_1"] * 4, "click staff_ok")
        store = open_store(database)
        try:
            _wait(lambda: _count(store, StaffActionKind.LOGIN_FAILED) == 5, "5 refused staff PINs")
            locked_at = time.monotonic()
            locked = desk.wait_for(r"staff desk: alert (\d+) shown \(kiosk-01\)", at).group(1)
            assert locked != alert  # the desk is told the kiosk's staff screen locked

            desk_taps("type staff_name 佐藤 花子", f"click take_{alert}")
            kiosk.wait_for(r"staff took the call")
            at = kiosk.mark()
            desk_taps(f"click visual_{alert}")
            kiosk.wait_for(r"-> staff_called \(StaffSent", at)
            # The desk only sent someone: nothing of the card is on the kiosk's screen yet.
            kiosk_taps("shown")
            shown = kiosk.wait_for(r"test control: shown (.*)", at).group(1).split()
            assert "staff_ok" in shown and not {"chip_photo", "card_facts", "approve"} & set(shown)
            time.sleep(max(0.0, LOCKOUT_S + 1 - (time.monotonic() - locked_at)))
            kiosk_taps(*["click staff_corner"] * 5, *[f"click key_{d}" for d in STAFF_PIN],
                       "click staff_ok")  # fmt: skip
            kiosk.wait_for(r"-> staff_compare \(StaffAuthenticated", at)
            kiosk_taps("click approve")
            kiosk.wait_for(r"-> querying \(StaffDecided", at)
            kiosk.wait_for(r"-> consent_medication", at)  # the patient goes on

            stack.remove()
            kiosk.wait_for(r"-> idle", at)
            rid = _wait(lambda: _visual_reception(store), "the reception's record")
            actions = [
                (a.action, a.staff_name, a.route)
                for a in store.alerts.staff_actions(rid)
                if a.action is not StaffActionKind.LOGIN_FAILED
            ]
            assert actions == [
                (StaffActionKind.TAKE, "佐藤 花子", "desk"),
                (StaffActionKind.VISUAL_CHECK, "佐藤 花子", "desk"),
                (StaffActionKind.LOGIN, "staff PIN", "kiosk"),
                (StaffActionKind.APPROVE, "staff PIN", "kiosk"),
            ]
            assert store.alerts.open_alerts() == []

            # The visual check ended with that reception: the next patient starts afresh, and
            # the desk's old approval cannot reach them.
            desk.wait_for(rf"staff desk: alert {alert} visual check off")  # reception over
            at, desk_at = kiosk.mark(), desk.mark()
            reset_card(HANAKO, stack.state_dir)
            stack.insert(HANAKO.id)
            kiosk.wait_for(r"-> choose_method", at)
            desk_taps(f"click visual_{alert}")
            desk.wait_for(rf"no visible, enabled button visual_{alert}", desk_at)
            assert "staff_compare" not in "".join(kiosk.lines[at:])
            stack.remove()
            kiosk.wait_for(r"-> idle", at)
        finally:
            store.close()
    finally:
        kiosk.stop()
        desk.stop()


def _count(store: object, kind: StaffActionKind) -> int:
    return sum(a.action is kind for a in store.alerts.staff_actions())  # type: ignore[attr-defined]


def _visual_reception(store: object) -> str | None:

    rows = recent_receptions(store)
    for row in rows:
        if row.method is VerificationMethod.VISUAL:
            return str(row.reception_id)
    return None


def _wait(check, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {WAIT_S:.0f} s for {what}")
