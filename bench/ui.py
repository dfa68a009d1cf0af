"""UI benchmark: cold start to the idle screen against a bare QApplication with an empty
full-screen window started the same way (a fresh `python` process each, ``--runs`` runs,
median), and the longest event-loop stall while the window runs a face-verification scenario.

The kiosk refuses to start without a credential of its own for the eligibility service: the
bench enrols it at the mock service's process (as the demo does) and gives the started kiosk
that service and credential in its configuration.

    .venv/bin/python bench/ui.py [--runs 3] [--xvfb] [--start-only]

``--xvfb`` starts both windows on an Xvfb display of their own (xcb, as a kiosk's X session
draws) instead of offscreen; ``--start-only`` leaves out the stall measurement. Both starts
always share one display and one environment: the ratio compares like with like.

Last line: startup_s=<n> startup_ratio=<n> max_stall_ms=<n> (max_stall_ms=- with --start-only)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 3
ROOT = Path(__file__).resolve().parents[1]

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
w.showFullScreen()
QTimer.singleShot(0, lambda: (w.repaint(), print("ready", flush=True), app.quit()))
app.exec()
"""

# argv[1]: the configuration overrides (JSON): the service, the credential, the database.
KIOSK = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from kiosk.config import load_config
from kiosk.flow.clock import SystemClock
from kiosk.ui.app import make_app, start_face
from kiosk.wiring import build_devices
config = load_config(environ={}, overrides=json.loads(sys.argv[1]))
clock = SystemClock()
built = build_devices(config)
kiosk = make_app(config, built.devices, clock)
kiosk.closers += built.closers
kiosk.window.showFullScreen()
start_face(kiosk, config, clock)
def ready():
    kiosk.window.repaint()
    print("ready", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
kiosk.close()
"""


def cold_start(code: str, *args: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            text=True, env=env)  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if line.strip() != "ready":
        raise RuntimeError(f"the window did not come up (exit {proc.returncode}; its stderr above)")
    return elapsed


def kiosk_overrides(workdir: Path, service: Any, run: int) -> dict[str, dict[str, Any]]:
    """A kiosk enrolled at ``service`` (a ServerProcess) as the demo's is: its own key and
    certificate in ``workdir/credential``; a fresh SQLite database per ``run``, the synthetic
    camera, no voice."""
    return {
        "service": service.service_settings(read_timeout=3.0, retries=1),
        "kiosk": {"credential_dir": str(workdir / "credential")},
        "database": {"url": f"sqlite:///{workdir / f'k{run}.sqlite3'}",
                     "journal_dir": str(workdir / f"j{run}")},
        "camera": {"source": "synthetic:astronaut"},
        "ui": {"voice": False},
    }  # fmt: skip


def kiosk_starts(runs: int, env: dict[str, str]) -> list[float]:
    """``runs`` cold starts of the kiosk, each on a fresh database, enrolled once at one mock
    service process (started before the first: not part of any start)."""
    from kiosk.config import load_config
    from kiosk.sim.pki import MockPki
    from kiosk.sim.service.process import ServerProcess

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as tmp_name:
        tmp = Path(tmp_name)
        pki_dir = tmp / "pki"
        MockPki(pki_dir)
        env = {**env, "KIOSK_PKI_DIR": str(pki_dir)}
        service = ServerProcess(tmp / "service", pki_dir=pki_dir)
        config = load_config(environ={}, overrides=kiosk_overrides(tmp, service, 0))
        service.enroll(config.kiosk, config.clinic.code)  # before it starts, as the demo does
        with service:
            return [
                cold_start(KIOSK, json.dumps(kiosk_overrides(tmp, service, i)), env=env)
                for i in range(runs)
            ]


def max_stall_ms(card: str) -> tuple[float, float]:
    """A 5 ms timer on the GUI thread while face-under-40 runs: the longest late firing, over
    the whole reception and within face verification. Gaps during which the demo's patient
    acted (putting a virtual card on the reader runs in this process) are the harness's, not
    the kiosk's, and are left out."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from kiosk.flow.model import State
    from kiosk.sim.demo.environment import DemoEnvironment
    from kiosk.sim.demo.scenarios import Action, scenario
    from kiosk_dev.demo_driver import WindowDriver, close_rig, ensure_qapp

    ensure_qapp()
    gaps: list[tuple[float, State]] = []
    clock = QElapsedTimer()
    acted = [False]

    class Timed(WindowDriver):
        def act(self, a: Action) -> None:
            acted[0] = True
            super().act(a)

    def beat(driver: Timed) -> None:
        if not acted[0]:
            gaps.append((clock.nsecsElapsed() / 1e6 - 5.0, driver.state))
        acted[0] = False
        clock.restart()

    with DemoEnvironment(card=card) as env:
        s = scenario("face-under-40")
        for measured in (False, True):  # the first run warms the encoder process (dlib models)
            rig = env.rig(s)
            driver = Timed(rig)
            timer = QTimer()
            timer.setInterval(5)
            timer.timeout.connect(lambda d=driver: beat(d))
            if measured:
                clock.start()
                timer.start()
            try:
                result = driver.run(s)
            finally:
                timer.stop()
                driver.close()
                close_rig(rig)
    if result.records[-1].outcome.value != "complete":
        raise RuntimeError("the face scenario did not complete")
    face = [g for g, st in gaps if st is State.FACE_VERIFYING]
    return max(g for g, _ in gaps), max(face)


@contextmanager
def xvfb_env() -> Iterator[dict[str, str]]:
    """The environment of a fresh Xvfb display (the layout tests' own helper starts it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.kiosk_image.displays import xvfb

    with xvfb() as display:
        yield {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"cold starts of each ({RUNS})")
    parser.add_argument("--xvfb", action="store_true", help="start on an Xvfb display")
    parser.add_argument("--start-only", action="store_true", help="no stall measurement")
    args = parser.parse_args()
    runs = args.runs
    if runs < 1:
        parser.error("--runs must be at least 1")
    with xvfb_env() if args.xvfb else nullcontext(dict(os.environ)) as env:
        bare = statistics.median(cold_start(BARE, env=env) for _ in range(runs))
        kiosk = statistics.median(kiosk_starts(runs, env))
    where = "Xvfb (xcb)" if args.xvfb else env.get("QT_QPA_PLATFORM", "")
    print(f"display: {where}")
    print(f"bare QApplication + empty full-screen window: {bare:.3f} s (median of {runs})")
    print(f"kiosk to the idle screen:                     {kiosk:.3f} s (median of {runs})")
    stall_text = "-"
    if not args.start_only:
        card = "pcsc" if os.geteuid() == 0 else "inprocess"
        stall, face = max_stall_ms(card)
        print(f"longest GUI stall, face-under-40 reception ({card} card): {stall:.1f} ms")
        print(f"longest GUI stall while the face is verified:          {face:.1f} ms")
        stall_text = f"{stall:.1f}"
    print(f"startup_s={kiosk:.3f} startup_ratio={kiosk / bare:.2f} max_stall_ms={stall_text}")


if __name__ == "__main__":
    tempfile.tempdir = None
    main()
