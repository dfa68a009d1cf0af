from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
import time
from collections.abc import Iterator

import pytest

from kiosk.flow.clock import ManualClock


def _python_threads() -> set[threading.Thread]:
    # Qt's pool threads show up as _DummyThread once they ran Python code; the pool owns them.
    return {
        t
        for t in threading.enumerate()
        if t.is_alive() and not isinstance(t, threading._DummyThread)
    }


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a Python thread running (a camera, a monitor, a worker)."""
    before = _python_threads()
    yield
    deadline = time.monotonic() + 5.0
    while (left := _python_threads() - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"threads left running: {sorted(t.name for t in left)}"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def kiosk(qtbot, clock):  # type: ignore[no-untyped-def]
    """A window on the offline devices (temporary store, no card, no camera)."""
    from kiosk_dev.offline import offline_app

    app = offline_app(clock)
    qtbot.addWidget(app.window)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    yield app
    app.close()
    assert not app.controller._timer.isActive()
    assert app.controller.worker.active() == 0


@pytest.fixture
def kiosk_credential(tmp_path):  # type: ignore[no-untyped-def]
    """A `[kiosk]` TOML section with a credential enrolled at a throw-away service data folder:
    `kiosk run` refuses to start without one (docs/security.md)."""
    from kiosk.enroll import Identity
    from kiosk.sim.pki import NetworkCa
    from kiosk.sim.service.kiosks import enroll_local

    credential = tmp_path / "credential"
    identity = Identity("F0000001", "1312345678", "kiosk-01")  # the config's defaults
    enroll_local(tmp_path / "service-accounts", NetworkCa(tmp_path / "ca"), credential, identity)
    return f'[kiosk]\ncredential_dir = "{credential}"\n'
