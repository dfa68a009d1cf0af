"""The result file per reception: Shift_JIS with the real declaration, the final state, one file
per reception however often it is written, and a missing, read-only or full folder loses
nothing (a real tmpfs is mounted for the full and read-only cases)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from kiosk.ports import AlertReason, ReceptionOutcome
from kiosk.records.result_file import (
    FACE_DIR,
    ResultFiles,
    file_name,
    write_row,
)
from kiosk.records.store import RecordStore
from kiosk.sim.records import sample_document, sample_record

CLINIC = "1312345678"


def _files(folder: Path) -> list[Path]:
    face = folder / FACE_DIR
    return sorted(face.iterdir()) if face.is_dir() else []


def _writer(store: RecordStore, folder: Path) -> ResultFiles:
    return ResultFiles(store, folder, CLINIC, kiosk_id="kiosk-01", alerts=store)


def _result_alerts(store: RecordStore) -> list[str]:
    return [a.detail for a in store.alerts.open_alerts() if a.reason is AlertReason.RESULT_FILE]


def test_the_file_is_shift_jis_and_holds_the_final_state(
    store: RecordStore, tmp_path: Path
) -> None:
    store.save(sample_record("r-1", name="𠮷田\u3000髙子"))
    report = _writer(store, tmp_path).write_due()
    [path] = _files(tmp_path)
    assert report.written == [path] and report.error is None
    assert path.name == file_name(store.reception("r-1"), CLINIC)  # type: ignore[arg-type]
    assert path.name.startswith(f"OQSsiquc01res_face_{CLINIC}0") and len(path.stem) == 19 + 28 + 15
    assert path.stat().st_mode & 0o777 == 0o600
    data = path.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>\n')
    root = etree.fromstring(data)  # libxml2 decodes it by the declaration, as clinic software does
    assert root.findtext("MessageHeader/CharacterCodeIdentifier") == "1"
    assert root.findtext("MessageHeader/ArbitraryFileIdentifier") == "r-1"
    result = root.find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    # Outside JIS X 0208 → ●, as the real system sends it; the record keeps the exact name.
    assert result.findtext("Name") == "●田\u3000●子"
    row = store.reception("r-1")
    assert row is not None and row.summary.name == "𠮷田\u3000髙子"
    assert (row.result_file_due, row.result_file, row.result_file_error) == (False, path.name, None)
    # The sample document predates the consents: the kiosk's receipts fill them in, in order.
    assert result.findtext("PharmacistsInfoConsFlg") == "1"
    assert result.findtext("PharmacistsInfoAvailableTime")
    assert result.findtext("SpecificHealthCheckupsInfoConsFlg") == "0"
    assert result.find("SpecificHealthCheckupsInfoAvailableTime") is None
    names = [child.tag for child in result]
    assert names.index("Birthdate") < names.index("SpecificHealthCheckupsInfoConsFlg")
    assert names.index("SpecificHealthCheckupsInfoConsFlg") < names.index("PharmacistsInfoConsFlg")


def test_writing_again_replaces_the_same_file(store: RecordStore, tmp_path: Path) -> None:
    store.save(sample_record("r-1"))
    writer = _writer(store, tmp_path)
    writer.write_due()
    row = store.reception("r-1")
    assert row is not None
    first = _files(tmp_path)
    write_row(row, tmp_path, CLINIC)  # a re-export
    assert _files(tmp_path) == first
    assert writer.write_due().written == []  # nothing due any more
    assert [p.name for p in (tmp_path / FACE_DIR).iterdir()] == [first[0].name]  # no temp left


def test_a_replayed_reception_is_not_handed_to_the_clinic_twice(
    store: RecordStore, tmp_path: Path
) -> None:
    """Issue 25 item 5: a clinic's system imports on every file event. A record saved again (a
    journal replay, a repeat) keeps its written file and is not due again; a file whose note
    was lost is not rewritten when the same bytes are on disk."""
    record = sample_record("r-1")
    store.save(record)
    writer = _writer(store, tmp_path)
    [path] = writer.write_due().written
    inode, mtime = path.stat().st_ino, path.stat().st_mtime_ns
    store.save(record)  # the journal replays it
    row = store.reception("r-1")
    assert row is not None and (row.result_file_due, row.result_file) == (False, path.name)
    assert writer.write_due().written == []
    store.note_result_file("r-1", None, None)  # the note lost: due again, as after a crash
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE reception SET result_file_due = true WHERE id = 'r-1'")
    assert writer.write_due().written == [path]
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (inode, mtime)  # not rewritten


def test_a_pending_reception_has_its_file_once_resolved(store: RecordStore, tmp_path: Path) -> None:
    store.save(sample_record("p-1", outcome=ReceptionOutcome.PENDING))
    writer = _writer(store, tmp_path)
    assert writer.write_due().written == []
    store.resolve_pending("p-1", ReceptionOutcome.COMPLETE, sample_document("試験 花子"),
                          "re-query: validity 1", datetime.now(UTC))  # fmt: skip
    [path] = writer.write_due().written
    assert etree.fromstring(path.read_bytes()).findtext(".//Name") == "試験 花子"


def test_a_missing_folder_keeps_every_file_due_and_tells_staff_once(
    store: RecordStore, tmp_path: Path
) -> None:
    folder = tmp_path / "share"  # not mounted: must not be created by the kiosk
    writer = _writer(store, folder)
    for rid in ("r-1", "r-2", "r-3"):
        store.save(sample_record(rid))
        assert writer.write_due().error == "folder_missing"
    assert not folder.exists()
    assert len(_result_alerts(store)) == 1
    due = store.results_due()
    assert [r.reception_id for r in due] == ["r-1", "r-2", "r-3"]
    assert "folder_missing" in (due[0].result_file_error or "")
    folder.mkdir()
    assert len(writer.write_due().written) == 3
    assert store.results_due() == []


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB tmpfs: it fills up and can be remounted read-only (as root, like CI)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
                         capture_output=True, text=True, check=False)  # fmt: skip
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {run.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def test_a_read_only_folder_loses_nothing(store: RecordStore, tmpfs: Path) -> None:
    (tmpfs / FACE_DIR).mkdir()
    _remount(tmpfs, "ro")
    writer = _writer(store, tmpfs)
    store.save(sample_record("r-1"))
    assert writer.write_due().error == "folder_read_only"
    assert _files(tmpfs) == []
    _remount(tmpfs, "rw")
    [path] = writer.write_due().written
    assert etree.fromstring(path.read_bytes()).findtext(".//InsuredBranchNumber") == "01"


def test_a_full_folder_leaves_no_partial_file_and_catches_up(
    store: RecordStore, tmpfs: Path
) -> None:
    filler = tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:  # fill the tmpfs to the last block
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    writer = _writer(store, tmpfs)
    for rid in ("r-1", "r-2"):
        store.save(sample_record(rid))
    report = writer.write_due()
    assert report.error == "folder_full"
    assert report.written == [] and _files(tmpfs) == []  # nothing half-written, no temp file
    assert len(store.results_due()) == 2
    filler.unlink()
    written = writer.write_due().written
    assert len(written) == 2 and all(etree.fromstring(p.read_bytes()) is not None for p in written)
    assert _result_alerts(store)
