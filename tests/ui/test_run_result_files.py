"""The result file through the real entry point: `kiosk run` (its own offscreen process, the
virtual card behind pcscd + vpcd, the mock service's process) with the clinic's folder not yet
there. The patient answers the 2025 questions on the real screens; the file waits, staff are
told, and it appears whole once the folder does, with the patient's answers in it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from lxml import etree

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason
from kiosk.records.result_file import FACE_DIR
from kiosk.records.store import open_store
from kiosk.sim.card import reset_card
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from tests.recent import recent_receptions

from .test_staff_calls import HANAKO, Process, Taps, world  # noqa: F401  (the shared fixture)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]


def _wait_for_file(folder: Path, timeout_s: float = 60.0) -> Path:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = sorted((folder / FACE_DIR).glob("OQSsiquc01res_face_*.xml"))
        if found:
            return found[0]
        time.sleep(0.2)  # polling the folder, as a receipt computer does
    raise AssertionError(f"no result file in {folder}")


def test_kiosk_run_writes_the_file_with_the_2025_answers_once_the_folder_is_there(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    db = DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                        journal_dir=str(tmp_path / "journal"))  # fmt: skip
    folder = tmp_path / "oqs"  # the share is not mounted yet
    taps = Taps(tmp_path / "kiosk.taps")
    config = tmp_path / "kiosk.toml"
    config.write_text(f"""
[database]
url = "{db.url}"
journal_dir = "{db.journal_dir}"
[ui]
voice = false
test_control = "file:{taps.path}"
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
[flow]
ask_prescription = true
ask_subsidy = true
[results]
folder = "{folder}"
retry_interval = 1
""", encoding="utf-8")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
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
        kiosk.wait_for(r"-> prescription_choice")
        taps("click electronic")
        kiosk.wait_for(r"-> subsidy_question")
        taps("click use_subsidy")
        kiosk.wait_for(r"-> done")
        taps("click provide")
        kiosk.wait_for(r"-> finished")
        stack.remove()
        kiosk.wait_for(r"-> idle")
        kiosk.wait_for(r"result files not written \(folder_missing")

        store = open_store(db)
        try:
            [row] = recent_receptions(store)
            assert row.result_file_due and "folder_missing" in (row.result_file_error or "")
            assert [a.reason for a in store.alerts.open_alerts()] == [AlertReason.RESULT_FILE]
            folder.mkdir()  # the share is back: the kiosk's timer writes the file
            path = _wait_for_file(folder)
            row = store.reception(row.reception_id)  # type: ignore[assignment]
        finally:
            store.close()
        assert row is not None and row.result_file == path.name and row.subsidy_certificates
        body = etree.fromstring(path.read_bytes()).find("MessageBody")
        assert body.findtext("PrescriptionIssueSelect") == "1"
        result = body.find("ResultList/ResultOfQualificationConfirmation")
        assert result.findtext("Name") == "佐藤\u3000花子"
        assert result.findtext("PharmacistsInfoConsFlg") == "1"
        assert result.findtext("PharmacistsInfoAvailableTime")
        assert result.findtext("LimitApplicationCertificateRelatedConsFlg") == "1"
        assert result.findtext("ReferenceNumber") == HANAKO.insurance.reference_number
    finally:
        kiosk.stop()
