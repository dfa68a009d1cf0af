"""`kiosk run` without a card reader (issue 10 item 7), as its own offscreen process: with no
pcscd it shows the out-of-service screen, logs a warning and raises a staff alert; when pcscd and
the reader appear it returns to the idle screen by itself and serves a card; when pcscd stops mid-
reception the reception is recorded and the kiosk is out of service again; it recovers again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason
from kiosk.records.store import open_store
from kiosk.sim.card import reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki
from kiosk.sim.reader_stack import VirtualReaderStack, client_socket, missing_parts
from tests.recent import recent_receptions
from tests.ui.test_staff_calls import Process, _wait

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

HANAKO = get_persona("sato_hanako")


def test_no_reader_is_out_of_service_and_the_kiosk_recovers_by_itself(
    tmp_path: Path, kiosk_credential: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pki_dir = tmp_path / "pki"
    MockPki(pki_dir)
    monkeypatch.setenv("KIOSK_PKI_DIR", str(pki_dir))
    client_socket()  # no pcscd behind it yet
    db = DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}", journal_dir=str(tmp_path / "j"))
    stack = VirtualReaderStack(pki_dir=pki_dir, state_dir=tmp_path / "cards")
    config = tmp_path / "kiosk.toml"
    config.write_text(
        kiosk_credential
        + f"""
[database]
url = "{db.url}"
journal_dir = "{db.journal_dir}"
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
[ui]
voice = false
""",
        encoding="utf-8",
    )
    open_store(db).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    store = open_store(db)
    try:
        kiosk.wait_for(r"WARNING kiosk.ui card reader unavailable: pcscd is not running")
        kiosk.wait_for(r"idle -> out_of_service \(ReaderLost")
        alerts = _wait(lambda: store.alerts.open_alerts(), "the staff alert")
        assert [a.reason for a in alerts] == [AlertReason.OUT_OF_SERVICE]

        at = kiosk.mark()
        stack.start()  # pcscd and the reader appear
        kiosk.wait_for(r"out_of_service -> idle \(ReaderFound", at)
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method", at)

        at = kiosk.mark()
        stack.stop()  # pcscd goes away with the card on the reader
        kiosk.wait_for(r"-> out_of_service \(ReaderLost", at)
        ended = _wait(lambda: recent_receptions(store), "the reception's record")
        assert len(ended) == 1

        at = kiosk.mark()
        stack = VirtualReaderStack(pki_dir=pki_dir, state_dir=tmp_path / "cards").start()
        kiosk.wait_for(r"out_of_service -> idle \(ReaderFound", at)
    finally:
        store.close()
        kiosk.stop()
        stack.stop()
