"""How long a call for staff takes to reach an open web desk (`kiosk desk`), and how long the
desk's answer takes to reach the kiosk: SQLite (the 250 ms poll) and PostgreSQL (LISTEN/NOTIFY).

Measured end to end in one process, over real HTTPS: ``store.raise_alert`` (what the kiosk's
worker runs) until the desk's server-sent event ``alerts`` arrives at a signed-in client reading
``/events`` — the desk's application served by uvicorn on a free loopback port with its own
self-signed certificate, as `kiosk desk` serves it (a browser then fetches the fresh fragment
and chimes); then ``alerts.record_action`` (what the desk's take runs) until the kiosk's
DeskLink delivers the action on the GUI thread. Baseline, in the same run: the commit of the
alert row itself (``raise_alert``'s own time), i.e. what any database-borne alert costs at the
least. The target is 1 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/staff_alert.py [--calls N]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import uvicorn
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import DatabaseConfig
from kiosk.desk.app import Desk, create_app
from kiosk.desk.tls import tls_files
from kiosk.ports import AlertReason, StaffActionKind
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import PostgresServer
from kiosk.ui.desk_link import DeskLink

PASSWORD = "bench password 1234"


class Heard:
    """A signal's deliveries on the GUI thread, connected once: a queued signal emitted before
    its receiver connects is lost, and the link may answer faster than a late connect."""

    def __init__(self, signal: object) -> None:
        self.count = 0
        self.at = 0.0
        self._loop: QEventLoop | None = None
        signal.connect(self._heard)  # type: ignore[attr-defined]

    def _heard(self, *_: object) -> None:
        self.count += 1
        self.at = time.perf_counter()
        if self._loop is not None:
            self._loop.quit()

    def wait(self, count: int, timeout_s: float = 10.0) -> bool:
        """Until ``count`` deliveries in all (or the timeout)."""
        if self.count < count:
            self._loop = QEventLoop()
            QTimer.singleShot(int(timeout_s * 1000), self._loop.quit)
            deadline = time.monotonic() + timeout_s
            while self.count < count and time.monotonic() < deadline:
                self._loop.exec()
            self._loop = None
        return self.count >= count


def settle(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def desk_server(store: RecordStore, tls_dir: Path) -> Iterator[str]:
    """The desk's application over HTTPS on a free loopback port (a thread); its base URL."""
    desk = Desk(store, clinic_name="bench")
    if "bench" not in desk.accounts.names():
        desk.accounts.add("bench", PASSWORD)
    files = tls_files(tls_dir, ["127.0.0.1"], None, None)
    port = _free_port()
    config = uvicorn.Config(create_app(desk), host="127.0.0.1", port=port, log_level="warning",
                            ssl_certfile=str(files.cert), ssl_keyfile=str(files.key),
                            timeout_graceful_shutdown=2)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("the desk did not start")
        time.sleep(0.05)
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        desk.stopping.set()  # the open event streams end now (uvicorn waits for them first)
        desk.feed.publish(set())
        server.should_exit = True
        thread.join(timeout=10)


class EventReader:
    """A signed-in desk's event stream, read on a thread: the arrival time of each ``alerts``."""

    def __init__(self, url: str) -> None:
        self.arrived: queue.Queue[float] = queue.Queue()
        self.client = httpx.Client(base_url=url, verify=False, timeout=httpx.Timeout(10, read=None))
        page = self.client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf, "no CSRF field on the sign-in page"
        signed = self.client.post("/login", data={"csrf": csrf[1], "name": "bench",
                                                  "password": PASSWORD})  # fmt: skip
        assert signed.status_code == 303, signed.text
        self.open = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        if not self.open.wait(10):
            raise SystemExit("the desk's event stream did not open")

    def _read(self) -> None:
        try:
            with self.client.stream("GET", "/events") as events:
                for line in events.iter_lines():
                    if line.startswith("retry:"):
                        self.open.set()
                    elif line == "event: alerts":
                        self.arrived.put(time.perf_counter())
        except httpx.HTTPError:
            pass  # the server is stopping

    def drain(self) -> None:
        while not self.arrived.empty():
            self.arrived.get_nowait()

    def close(self) -> None:
        self.client.close()


def measure(store: RecordStore, url: str, calls: int) -> tuple[list[float], ...]:
    reader = EventReader(url)
    link = DeskLink(store, "kiosk-bench")
    heard = Heard(link.action)
    link.start()
    to_desk, to_kiosk, commit = [], [], []
    try:
        settle(1.0)  # the feed's first look
        for _ in range(30):  # the link hears only what comes after its first look
            store.alerts.record_action("kiosk-bench", StaffActionKind.TAKE, "bench", "desk",
                                       reception_id="warm-up")  # fmt: skip
            if heard.wait(1, 1.0):
                break
        else:
            raise SystemExit("the kiosk's DeskLink never started")
        settle(0.5)
        for i in range(calls):
            reader.drain()
            started = time.perf_counter()
            alert = store.raise_alert("kiosk-bench", AlertReason.CALL, reception_id=f"b{i}")
            commit.append(time.perf_counter() - started)
            try:
                to_desk.append(reader.arrived.get(timeout=10) - started)
            except queue.Empty:
                raise SystemExit(f"alert {alert} never reached the desk") from None
            settle(0.05)  # anything still in flight from before
            expected = heard.count + 1
            started = time.perf_counter()
            store.alerts.record_action("kiosk-bench", StaffActionKind.TAKE, "bench", "desk",
                                       reception_id=f"b{i}")  # fmt: skip
            if not heard.wait(expected):
                raise SystemExit("the desk's action never reached the kiosk")
            to_kiosk.append(heard.at - started)
            settle(0.05)
    finally:
        link.stop()
        reader.close()
    return to_desk, to_kiosk, commit


def line(name: str, xs: list[float], baseline: float) -> str:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(len(xs) * 0.95))]
    p50 = statistics.median(xs)
    return (f"  {name:<16} p50={p50 * 1000:7.1f} ms  p95={p95 * 1000:7.1f} ms  "
            f"max={xs[-1] * 1000:7.1f} ms  p50 x{p50 / baseline:.0f} the commit")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, PostgresServer(fast=False) as pg:
        urls = {
            "sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "postgresql": pg.create_database(),
        }
        for name, url in urls.items():
            store = open_store(DatabaseConfig(url=url, journal_dir=str(Path(tmp) / f"j-{name}")))
            try:
                with desk_server(store, Path(tmp) / "tls") as desk_url:
                    to_desk, to_kiosk, commit = measure(store, desk_url, args.calls)
            finally:
                store.close()
            base = statistics.median(commit)
            print(f"{name} ({args.calls} calls; the alert's commit p50={base * 1000:.1f} ms)")
            print(line("kiosk -> desk", to_desk, base))
            print(line("desk -> kiosk", to_kiosk, base))
            worst = max(max(to_desk), max(to_kiosk))
            verdict = "within" if worst < 1.0 else "OVER"
            print(f"  worst {worst * 1000:.0f} ms: {verdict} the 1 s target")
    del app


if __name__ == "__main__":
    main()
