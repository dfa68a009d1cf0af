"""A kiosk window on the default configuration with a temporary store and no card or camera:
for screenshots, the UI tests and the start-up benchmark, which show screens without devices."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from kiosk.config import load_config
from kiosk.ports import Clock
from kiosk.runtime import Devices
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.window import KioskWindow


def offline_app(clock: Clock, ui: dict[str, object] | None = None) -> KioskApp:
    """A window on the default configuration (with ``ui``'s settings) with a temporary store and
    no card or camera: for screenshots and the tests, which show screens without devices."""
    from kiosk.eligibility.client import EligibilityClient
    from kiosk.records.store import open_store
    from kiosk.sim.card import InProcessReader

    tmp = tempfile.TemporaryDirectory(prefix="kiosk-ui-")
    config = load_config(
        environ={},
        overrides={
            "database": {
                "url": f"sqlite:///{Path(tmp.name) / 'kiosk.sqlite3'}",
                "journal_dir": str(Path(tmp.name) / "journal"),
            },
            "kiosk": {"credential_dir": _credential()},
            "ui": ui or {},
        },
    )
    store = open_store(config.database)
    client = EligibilityClient(config.service, config.kiosk, config.clinic)
    devices = Devices(reader=InProcessReader(), eligibility=client, store=store, alerts=store)
    app = make_app(config, devices, clock, voice=False)
    app.closers += [tmp.cleanup, store.close, client.close]
    return app


@functools.cache
def _credential() -> str:
    """No service answers here, but the client still needs a credential of its own: one per
    process (making the mock CA's RSA keys for every window would slow the UI tests)."""
    from kiosk.config import ClinicConfig, KioskConfig
    from kiosk.enroll import identity_of
    from kiosk.sim.pki import NetworkCa
    from kiosk.sim.service.kiosks import enroll_local

    root = Path(tempfile.mkdtemp(prefix="kiosk-ui-credential-"))
    atexit.register(shutil.rmtree, root, True)
    identity = identity_of(KioskConfig(), ClinicConfig().code)
    enroll_local(root / "service", NetworkCa(root / "ca"), root / "credential", identity)
    return str(root / "credential")


def offline_window(clock: Clock) -> KioskWindow:
    app = offline_app(clock)
    app.window.destroyed.connect(lambda *_: [c() for c in reversed(app.closers)])
    return app.window
