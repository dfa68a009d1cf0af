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

The kiosk's start is `kiosk run`'s own ``main`` (kiosk.ui.app), timed from the process's start
to the idle screen's first paint (its log line "idle screen painted"); a 5 ms timer on its GUI
thread measures the stalls from then until the devices are ready, and after that until every
screen is built and a second more has passed.

Last line: startup_s=<n> startup_ratio=<n> start_stall_ms=<n> later_stall_ms=<n> max_stall_ms=<n>
(max_stall_ms=- with --start-only)
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

# argv[1]: the configuration file. `kiosk run`'s own main, in this process so that a 5 ms timer
# on the GUI thread measures its stalls from the first paint until the devices are there, every
# screen is built and a second more has passed.
KIOSK = r"""
import logging, sys
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
seen = {"painted": False, "ready_ms": None, "devices": 0.0, "after": 0.0}
since = QElapsedTimer()
beats = QElapsedTimer()
class Marks(logging.Handler):
    def emit(self, record):
        text = record.getMessage()
        if text == "idle screen painted":
            seen["painted"] = True
            since.start()
            beats.start()
            print("ready", flush=True)
        elif text.endswith("ready: idle screen shown"):
            seen["ready_ms"] = since.elapsed()
logging.getLogger("kiosk").addHandler(Marks())
def all_built():
    from kiosk.flow.model import State
    windows = [w for w in app.topLevelWidgets() if w.objectName() == "kiosk"]
    return bool(windows) and len(windows[0].screens) == len(State)
def beat():
    if not seen["painted"]:
        return
    late = beats.nsecsElapsed() / 1e6 - 5.0
    beats.restart()
    phase = "devices" if seen["ready_ms"] is None else "after"
    seen[phase] = max(seen[phase], late)
    ready = seen["ready_ms"]
    if ready is not None and all_built() and since.elapsed() > ready + 1000:
        app.quit()
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(beat)
timer.start()
from kiosk.ui.app import main
code = main(["--config", sys.argv[1]])
print(f"stall_devices {seen['devices']:.1f} stall_after {seen['after']:.1f} "
      f"ready_ms {seen['ready_ms']}", flush=True)
sys.exit(code)
"""


def cold_start(code: str, *args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Seconds from the process's start to its "ready" line (the first paint), and the rest
    of what it printed."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            text=True, env=env)  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    rest, _ = proc.communicate(timeout=120)
    if line.strip() != "ready" or proc.returncode != 0:
        raise RuntimeError(f"the window did not come up (exit {proc.returncode}; its stderr above)")
    return elapsed, rest


def toml_text(sections: dict[str, dict[str, Any]]) -> str:
    """A configuration file of plain values (a JSON string is a TOML basic string)."""
    lines: list[str] = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def kiosk_overrides(workdir: Path, service: Any, run: int) -> dict[str, dict[str, Any]]:
    """A kiosk enrolled at ``service`` (a ServerProcess) as the demo's is: its own key and
    certificate in ``workdir/credential``; a fresh SQLite database per ``run``, a still frame
    for its camera (as a clinic's camera, it opens without finding a face; the synthetic one
    runs dlib's detector as it opens, a simulator's cost), no voice."""
    return {
        "service": service.service_settings(read_timeout=3.0, retries=1),
        "kiosk": {"credential_dir": str(workdir / "credential")},
        "database": {"url": f"sqlite:///{workdir / f'k{run}.sqlite3'}",
                     "journal_dir": str(workdir / f"j{run}")},
        "camera": {"source": f"file:{workdir / 'frame.png'}"},
        "ui": {"voice": False, "fullscreen": True},
    }  # fmt: skip


def still_frame(path: Path) -> None:
    """A 640×480 grey frame for the file camera."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(640, 480, QImage.Format.Format_RGB888)
    image.fill(QColor(128, 128, 128))
    if not image.save(str(path)):
        raise OSError(f"cannot write {path}")


def kiosk_starts(runs: int, env: dict[str, str]) -> list[tuple[float, float, float]]:
    """``runs`` cold starts of `kiosk run`, each on a fresh database, enrolled once at one mock
    service process (started before the first: not part of any start): the seconds to the
    first paint, the longest GUI stall from then until the devices are there, and the longest
    after (the cameras and the face models load, the other screens are built)."""
    from kiosk.config import load_config
    from kiosk.sim.pki import MockPki
    from kiosk.sim.service.process import ServerProcess

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as tmp_name:
        tmp = Path(tmp_name)
        pki_dir = tmp / "pki"
        MockPki(pki_dir)
        still_frame(tmp / "frame.png")
        env = {**env, "KIOSK_PKI_DIR": str(pki_dir)}
        service = ServerProcess(tmp / "service", pki_dir=pki_dir)
        config = load_config(environ={}, overrides=kiosk_overrides(tmp, service, 0))
        service.enroll(config.kiosk, config.clinic.code)  # before it starts, as the demo does
        starts: list[tuple[float, float, float]] = []
        with service:
            for i in range(runs):
                path = tmp / f"k{i}.toml"
                path.write_text(toml_text(kiosk_overrides(tmp, service, i)), encoding="utf-8")
                seconds, said = cold_start(KIOSK, str(path), env=env)
                words = said.split()
                devices = float(words[words.index("stall_devices") + 1])
                after = float(words[words.index("stall_after") + 1])
                print(f"  start {i + 1}: {seconds:.3f} s to the first paint; "
                      f"{said.strip()}", flush=True)  # fmt: skip
                starts.append((seconds, devices, after))
        return starts


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
    from kiosk_dev.xvfb_screens import xvfb

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
        bare = statistics.median(cold_start(BARE, env=env)[0] for _ in range(runs))
        starts = kiosk_starts(runs, env)
        kiosk = statistics.median(seconds for seconds, _, _ in starts)
        start_stall = max(stall for _, stall, _ in starts)
        later_stall = max(stall for _, _, stall in starts)
    where = "Xvfb (xcb)" if args.xvfb else env.get("QT_QPA_PLATFORM", "")
    print(f"display: {where}")
    print(f"bare QApplication + empty full-screen window: {bare:.3f} s (median of {runs})")
    print(f"kiosk to the idle screen:                     {kiosk:.3f} s (median of {runs})")
    print(f"longest GUI stall, first paint to devices ready: {start_stall:.1f} ms")
    print(f"longest GUI stall, devices ready to all screens built + 1 s: {later_stall:.1f} ms")
    stall_text = "-"
    if not args.start_only:
        card = "pcsc" if os.geteuid() == 0 else "inprocess"
        stall, face = max_stall_ms(card)
        print(f"longest GUI stall, face-under-40 reception ({card} card): {stall:.1f} ms")
        print(f"longest GUI stall while the face is verified:          {face:.1f} ms")
        stall_text = f"{stall:.1f}"
    print(f"startup_s={kiosk:.3f} startup_ratio={kiosk / bare:.2f} "
          f"start_stall_ms={start_stall:.1f} later_stall_ms={later_stall:.1f} "
          f"max_stall_ms={stall_text}")  # fmt: skip


if __name__ == "__main__":
    tempfile.tempdir = None
    main()
