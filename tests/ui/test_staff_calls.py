"""A patient calls staff at a real `kiosk run` and the desk answers from a real `kiosk desk`: the
kiosk is an offscreen process, the desk its own HTTPS server process (its self-signed
certificate, an account made with `kiosk desk add-staff`) driven by Debian's chromium through
Playwright, both on one database (SQLite, and a real PostgreSQL); the card is a virtual one
behind pcscd + vpcd, the eligibility service is the mock service's process. Taps reach the
kiosk's window through the test-only remote control (``ui.test_control``)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import ClinicConfig, DatabaseConfig, KioskConfig
from kiosk.ports import AlertReason, StaffActionKind, VerificationMethod
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
DESK_PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


class Process:
    """A `kiosk …` subprocess whose stderr lines are collected on a thread."""

    def __init__(self, args: list[str], env: dict[str, str], name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.times: list[float] = []  # when each line arrived (time.monotonic)
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
                self.times.append(time.monotonic())
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, pattern: str, after: int = 0) -> re.Match[str]:
        """The first line from index ``after`` on that matches; fails on exit or WAIT_S."""
        return self.wait_for_line(pattern, after)[0]

    def wait_for_line(self, pattern: str, after: int = 0) -> tuple[re.Match[str], float]:
        """As :meth:`wait_for`, with the time.monotonic() at which that line arrived."""
        deadline = time.monotonic() + WAIT_S
        regex = re.compile(pattern)
        with self._changed:
            while True:
                for i, line in enumerate(self.lines[after:], after):
                    if found := regex.search(line):
                        return found, self.times[i]
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
    kiosk_taps = Taps(tmp_path / "kiosk.taps")
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
    # The desk's own configuration folder: its self-signed certificate is made in desk/desk.
    desk_dir = tmp_path / "desk"
    desk_dir.mkdir()
    desk_config = desk_dir / "kiosk.toml"
    desk_config.write_text(f'[database]\nurl = "{database.url}"\n'
                           f'journal_dir = "{tmp_path / "desk-journal"}"\n',
                           encoding="utf-8")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    open_store(database).close()  # migrate once, before two processes start on it
    _add_staff(desk_config, env)
    port = _free_port()
    desk = Process(["desk", "--config", str(desk_config), "--host", "127.0.0.1",
                    "--port", str(port)], env, "desk")  # fmt: skip
    kiosk = Process(["run", "--windowed", "--config", str(kiosk_config)], env, "kiosk")
    try:
        desk.wait_for(r"Uvicorn running on https://127\.0\.0\.1")
        with _desk_browser(f"https://127.0.0.1:{port}") as page:
            _a_call_through_the_browser(kiosk, kiosk_taps, page, stack, database)
    finally:
        try:
            kiosk.stop()
        finally:
            desk.stop()  # even when the kiosk's log fails its check
    desk_log = "".join(desk.lines)  # the patient's name and birth date only in page bodies
    assert HANAKO.name not in desk_log and HANAKO.birth_date.isoformat() not in desk_log


def _a_call_through_the_browser(
    kiosk: Process, kiosk_taps: Taps, page: Any, stack: VirtualReaderStack, db: DatabaseConfig
) -> None:
    kiosk.wait_for("ready: idle screen shown")
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id)
    kiosk.wait_for(r"-> choose_method")

    at = kiosk.mark()
    kiosk_taps("click call_staff")
    kiosk.wait_for(r"-> staff_called", at)
    raised, logged_at = kiosk.wait_for_line(r"staff alert (\d+) raised by kiosk-01 \(call\)", at)
    alert = raised.group(1)
    row = f'li.alert[data-id="{alert}"]'
    page.wait_for_selector(row, timeout=WAIT_S * 1000)
    latency = time.monotonic() - logged_at
    print(f"\ncall on the desk's screen {latency * 1000:.0f} ms after the kiosk's log line")
    assert "患者さんが係員を呼んでいます" in page.inner_text(row)

    # A patient who finds the staff corner and types anything locks only the kiosk's own
    # staff route, never the desk.
    at = kiosk.mark()
    for _ in range(5):
        kiosk_taps(*["click staff_corner"] * 5, *["click key_1"] * 4, "click staff_ok")
    store = open_store(db)
    try:
        _wait(lambda: _count(store, StaffActionKind.LOGIN_FAILED) == 5, "5 refused staff PINs")
        locked_at = time.monotonic()
        pattern = rf"staff alert (\d+) raised by kiosk-01 \({AlertReason.STAFF_PIN_LOCKED.value}\)"
        locked = kiosk.wait_for(pattern, at).group(1)
        assert locked != alert  # the desk is told the kiosk's staff screen locked
        page.wait_for_selector(f'li.alert[data-id="{locked}"]', timeout=WAIT_S * 1000)
        assert page.locator(f"{row} button.take").count() == 1  # the call is still open

        page.click(f"{row} button.take")
        kiosk.wait_for(r"staff took the call")
        page.wait_for_selector(f"{row}.taken", timeout=WAIT_S * 1000)
        at = kiosk.mark()
        page.click(f"{row} button.check")
        page.wait_for_selector("p.msg.ok:has-text('kiosk-01へ向かってください')")
        kiosk.wait_for(r"-> staff_called \(StaffSent", at)
        # The desk only sent someone: nothing of the card is on the kiosk's screen yet.
        kiosk_taps("shown")
        shown = kiosk.wait_for(r"test control: shown (.*)", at).group(1).split()
        assert "staff_ok" in shown and not {"chip_photo", "card_facts", "approve"} & set(shown)
        # No approve or reject at the desk: the decision is the kiosk's.
        assert page.locator(f"{row} button").all_inner_texts() == ["解決"]
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
        # The desk shows who went and who decided at the kiosk, and that the call is over.
        check = f"{row} .check:has-text('受付機で本人と確認：staff PIN')"
        page.wait_for_selector(check, timeout=WAIT_S * 1000)
        line = page.inner_text(row)
        assert "目視確認へ：佐藤 花子" in line and "受付が終了したため自動で解決" in line
        assert page.locator(f"{row} button.check").count() == 0

        # The visual check ended with that reception: the next patient starts afresh, and
        # the old alert cannot reach them (no button; a forged post is refused).
        at = kiosk.mark()
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method", at)
        csrf = page.get_attribute('input[name="csrf"]', "value")
        answer = page.request.post(f"{_origin(page)}/alerts/{alert}/check", form={"csrf": csrf})
        assert answer.ok and "この受付はすでに終了しています" in answer.text()
        time.sleep(1.0)  # what the kiosk's DeskLink would need to hear a check
        assert "staff_compare" not in "".join(kiosk.lines[at:])
        assert "StaffSent" not in "".join(kiosk.lines[at:])
        stack.remove()
        kiosk.wait_for(r"-> idle", at)
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _add_staff(config: Path, env: dict[str, str]) -> None:
    """`kiosk desk add-staff` as staff run it; its own session, so getpass reads stdin."""
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "desk", "add-staff", "佐藤 花子", "--config", str(config)],
        input=f"{DESK_PASSWORD}\n{DESK_PASSWORD}\n", capture_output=True, text=True, env=env,
        timeout=120, check=False, start_new_session=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert DESK_PASSWORD not in done.stdout + done.stderr


def _origin(page: Any) -> str:
    scheme, _, host = page.url.split("/", 3)[:3]
    return f"{scheme}//{host}"


@contextmanager
def _desk_browser(url: str) -> Iterator[Any]:
    """Debian's chromium, signed in to the desk at ``url``; the page, live (events open)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required (scripts/run setup installs it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(ignore_https_errors=True,
                                          viewport={"width": 1280, "height": 720})  # fmt: skip
            page = context.new_page()
            page.goto(url + "/")
            page.fill("#name", "佐藤 花子")
            page.fill("#password", DESK_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("#queue-head", timeout=WAIT_S * 1000)
            page.wait_for_selector("body[data-live='1']", state="attached", timeout=30_000)
            yield page
            context.close()
        finally:
            browser.close()


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
