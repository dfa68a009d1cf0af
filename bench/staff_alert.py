"""How long a call for staff takes to reach an open `kiosk staff` window, and how long the desk's
answer takes to reach the kiosk: SQLite (the 250 ms poll) and PostgreSQL (LISTEN/NOTIFY).

Measured end to end in one process: ``store.raise_alert`` (what the kiosk's worker runs) until
the real StaffWindow's ``chimed`` signal on the GUI thread (the row is up and the chime played);
then ``alerts.record_action`` (what the desk's worker runs) until the kiosk's DeskLink delivers
the action on the GUI thread. Baseline, in the same run: the commit of the alert row itself
(``raise_alert``'s own time), i.e. what any database-borne alert costs at the least. The target
is 1 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/staff_alert.py [--calls N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason, StaffActionKind
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import PostgresServer
from kiosk.ui.desk_link import DeskLink
from kiosk.ui.staff.chime import Chime
from kiosk.ui.staff.window import StaffWindow


class QuietChime(Chime):
    def play(self) -> None:  # the bench measures the path to the chime, not the speaker
        self.last = "bench"


def wait(signal: object, timeout_s: float = 10.0) -> bool:
    loop = QEventLoop()
    got: list[bool] = []
    signal.connect(lambda *_: (got.append(True), loop.quit()))  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect()  # type: ignore[attr-defined]
    return bool(got)


def settle(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(store: RecordStore, calls: int) -> tuple[list[float], list[float], list[float]]:
    desk = StaffWindow(store, interval_ms=2000, chime=QuietChime())
    link = DeskLink(store, "kiosk-bench")
    link.start()
    to_desk, to_kiosk, commit = [], [], []
    try:
        settle(1.0)  # the desk's first (silent) load and the link's starting point
        for i in range(calls):
            started = time.perf_counter()
            alert = store.raise_alert("kiosk-bench", AlertReason.CALL, reception_id=f"b{i}")
            commit.append(time.perf_counter() - started)
            if not wait(desk.chimed):
                raise SystemExit(f"alert {alert} never reached the desk")
            to_desk.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.alerts.record_action("kiosk-bench", StaffActionKind.TAKE, "bench", "desk",
                                       reception_id=f"b{i}")  # fmt: skip
            if not wait(link.action):
                raise SystemExit("the desk's action never reached the kiosk")
            to_kiosk.append(time.perf_counter() - started)
            settle(0.05)
    finally:
        link.stop()
        desk.shutdown()
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
                to_desk, to_kiosk, commit = measure(store, args.calls)
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
