"""The result file per reception that the clinic's systems pick up, as certified readers write it.

``<folder>/face/OQSsiquc01res_face_<clinic code><処理区分><17 digits>_<yyyyMMddHHmmss>.xml``
in Shift_JIS, holding the reception's final state. The file is rendered from the stored
reception (one writer for the live kiosk, the re-query of pending receptions and ``kiosk
export``), so a name is the same each time it is written: a second file never appears, and a
file already there with the same bytes is left alone (the clinic's system imports on every
file event). A reception saved again (a journal replay) keeps its written file and is not due.

A file appears whole or not at all: written to a dot-named temp file in the same folder (0600),
fsynced, renamed into place, and the folder fsynced. A folder that is missing, full or read-only
loses nothing: the reception stays due with the reason, staff see it, and the next round (or
the next reception) writes it.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.eligibility.codes import CONSENT_VALID_FOR, ConsentFlag, timestamp
from kiosk.eligibility.xmldoc import DocumentError, shift_jis_xml
from kiosk.ports import AlertReason, ConsentKind, ConsentReceipt, StaffAlerts
from kiosk.private_files import make_private_dir, write_private_file
from kiosk.records.rows import ReceptionRow
from kiosk.records.store import RecordStore

log = logging.getLogger(__name__)

FACE_DIR = "face"  # results of patient-driven reader sessions, beside req/ and res/
PREFIX = "OQSsiquc01res_face_"
# The processing code after the clinic code: 0 for 外来, as OQSDrug2 names face files (400
# 医療扶助, 600 訪問, 800 オンライン there). [U]: no official source for the name's middle part.
OUTPATIENT = "0"

# Where each consent element goes in a ResultOfQualificationConfirmation (the layout's order).
_CONSENT_ORDER = ("ElderlyRecipientCertificateInfo", "LimitApplicationCertificateRelatedConsFlg")
_RESULT_ORDER = (
    "InsuredCardClassification", "InsurerNumber", "InsuredCardSymbol",
    "InsuredIdentificationNumber", "InsuredBranchNumber", "PersonalFamilyClassification",
    "InsuredName", "Name", "NameOfOther", "NameKana", "NameOfOtherKana", "Sex1", "Sex2",
    "Birthdate", "Address", "PostNumber", "QualificationDate", "DisqualificationDate",
    "InsuredCertificateIssuanceDate", "InsuredCardValidDate", "InsuredCardExpirationDate",
    "InsuredPartialContributionRatio", "PreschoolClassification", "ReasonOfLoss", "InsurerName",
    "ElderlyRecipientCertificateInfo",
    "LimitApplicationCertificateRelatedConsFlg", "LimitApplicationCertificateRelatedConsTime",
    "LimitApplicationCertificateRelatedInfo",
    "SpecificHealthCheckupsInfoConsFlg", "SpecificHealthCheckupsInfoConsTime",
    "SpecificHealthCheckupsInfoAvailableTime",
    "PharmacistsInfoConsFlg", "PharmacistsInfoConsTime", "PharmacistsInfoAvailableTime",
    "DiagnosisInfoConsFlg", "DiagnosisInfoConsTime", "DiagnosisInfoAvailableTime",
    "OperationInfoConsFlg", "OperationInfoConsTime", "OperationInfoAvailableTime",
    "ReferenceNumber",
)  # fmt: skip
_BODY_ORDER = (
    "ProcessingResultStatus", "QualificationValidity", "ProcessingResultCode",
    "ProcessingResultMessage", "PrescriptionIssueSelect", "QualificationConfirmSearchInfo",
    "ResultList",
)  # fmt: skip


class ResultFileError(OSError):
    """The folder cannot take the file now; ``reason`` is a code staff texts are keyed by."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def file_name(row: ReceptionRow, clinic_code: str) -> str:
    """The same name every time for one reception: the 17 digits come from its id (kiosks
    sharing a folder never collide on a counter), the time is when the reception ended."""
    digits = int(hashlib.sha256(row.reception_id.encode()).hexdigest(), 16) % 10**17
    return f"{PREFIX}{clinic_code}{OUTPATIENT}{digits:017d}_{timestamp(row.ended_at)}.xml"


def needs_file(row: ReceptionRow) -> bool:
    """Receptions with a result document have a file; a pending one once it is resolved."""
    return row.qualification is not None


def _ordered(node: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    rank = {name: i for i, name in enumerate(order)}
    return dict(sorted(node.items(), key=lambda kv: rank.get(kv[0], len(order))))


def _consent_elements(receipt: ConsentReceipt) -> dict[str, str]:
    prefix = receipt.kind.value
    flag = ConsentFlag.YES if receipt.agreed else ConsentFlag.NO
    out = {f"{prefix}ConsFlg": flag.value, f"{prefix}ConsTime": timestamp(receipt.cons_time)}
    if receipt.kind is not ConsentKind.LIMIT and receipt.agreed:
        available = receipt.available_time or receipt.cons_time + CONSENT_VALID_FOR
        out[f"{prefix}AvailableTime"] = timestamp(available)
    return out


def final_document(row: ReceptionRow) -> dict[str, Any]:
    """The service's final document (the re-query after the consents). Where it lacks what
    the kiosk recorded — the re-query failed after the consents were sent — the kiosk's own
    receipts and the prescription choice fill it in, in the layout's order."""
    if row.qualification is None:
        raise DocumentError(f"reception {row.reception_id} has no result document")
    document = {k: v for k, v in row.qualification.items()}
    body = dict(document.get("MessageBody") or {})
    if row.prescription and "PrescriptionIssueSelect" not in body:
        body["PrescriptionIssueSelect"] = row.prescription
    result_list = body.get("ResultList")
    results = result_list.get("ResultOfQualificationConfirmation") if result_list else None
    if isinstance(results, list) and results and isinstance(results[0], Mapping):
        first = dict(results[0])
        for receipt in row.consents:
            if f"{receipt.kind.value}ConsFlg" not in first:
                first.update(_consent_elements(receipt))
        body["ResultList"] = {
            "ResultOfQualificationConfirmation": [_ordered(first, _RESULT_ORDER), *results[1:]]
        }
    document["MessageBody"] = _ordered(body, _BODY_ORDER)
    return document


def render(row: ReceptionRow, clinic_code: str) -> bytes:
    """The file's bytes; the reception id is the ArbitraryFileIdentifier."""
    return shift_jis_xml(final_document(row), clinic_code=clinic_code, file_id=row.reception_id)


def _classify(exc: OSError) -> ResultFileError:
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return ResultFileError("folder_full", os.strerror(code))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ResultFileError("folder_read_only", os.strerror(code))
    if code == errno.ENOENT:
        return ResultFileError("folder_missing", str(exc.filename or ""))
    return ResultFileError("write_failed", f"{type(exc).__name__} {os.strerror(code or 0)}")


def write_atomically(directory: Path, name: str, payload: bytes) -> Path:
    """temp (0600, dot-named: a watcher matching the real names never sees it) → fsync →
    rename → fsync the folder (:func:`kiosk.private_files.write_private_file`).
    Raises ResultFileError; never leaves a temp file behind."""
    target = directory / name
    try:
        write_private_file(target, payload)
    except OSError as exc:
        raise _classify(exc) from exc
    return target


def face_folder(folder: Path) -> Path:
    """``folder/face``, made if the configured folder is there. A missing configured folder is
    an error, not something to create: it is usually a share that is not mounted."""
    if not folder.is_dir():
        raise ResultFileError("folder_missing", str(folder))
    face = folder / FACE_DIR
    try:
        make_private_dir(face)  # 0700 whatever the umask (mkdir's mode is only a request)
    except OSError as exc:
        raise _classify(exc) from exc
    return face


def write_row(row: ReceptionRow, folder: Path, clinic_code: str) -> Path:
    """The reception's file, written unless the same bytes are already there: the clinic's
    system imports on every file event, so a retry after a written file (its note lost with
    the database) must not hand it the same reception twice."""
    face, name = face_folder(folder), file_name(row, clinic_code)
    payload = render(row, clinic_code)
    if _already_there(face / name, payload):
        log.info("reception %s: its result file is already written", row.reception_id)
        return face / name
    return write_atomically(face, name, payload)


def _already_there(path: Path, payload: bytes) -> bool:
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:  # absent, or unreadable: write it
        return False


@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # a stored document that cannot render
    error: str | None = None  # the folder's problem: the rest stay due


class ResultFiles:
    """Writes the result file of every reception that is due, now and on a timer.

    Staff are alerted (``AlertReason.RESULT_FILE`` on every desk) once per new reason why files
    are not being written; the reason is also kept on the reception. Thread-safe: one round at
    a time."""

    def __init__(
        self,
        store: RecordStore,
        folder: Path,
        clinic_code: str,
        *,
        kiosk_id: str,
        alerts: StaffAlerts | None = None,
    ) -> None:
        self.store = store
        self.folder = folder
        self.clinic_code = clinic_code
        self.kiosk_id = kiosk_id
        self._alerts = alerts
        self._lock = threading.Lock()
        self._last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def write_due(self) -> WriteReport:
        with self._lock:
            report = WriteReport()
            for row in self.store.results_due():
                try:
                    path = write_row(row, self.folder, self.clinic_code)
                except DocumentError as exc:
                    log.error("reception %s: result document cannot be written: %s",
                              row.reception_id, exc)  # fmt: skip
                    self.store.note_result_file(row.reception_id, None, "unreadable")
                    report.unreadable.append(row.reception_id)
                    continue
                except ResultFileError as exc:
                    report.error = exc.reason
                    self._failed(row.reception_id, exc)
                    break  # the folder's problem is every file's problem: retry later
                self.store.note_result_file(row.reception_id, path.name, None)
                report.written.append(path)
            if report.error is None and self._last_error is not None:
                log.info("result files are being written again")
                self._last_error = None
            return report

    def _failed(self, reception_id: str, exc: ResultFileError) -> None:
        self.store.note_result_file(reception_id, None, str(exc))
        if exc.reason != self._last_error:
            log.warning("result files not written (%s); kept for a retry", exc)
            if self._alerts is not None:
                self._alerts.raise_alert(
                    self.kiosk_id, AlertReason.RESULT_FILE, reception_id=reception_id,
                    detail=f"{self.folder}: {exc}",
                )  # fmt: skip
        self._last_error = exc.reason

    def start(self, interval_s: float = 30.0) -> None:
        """Retry due files every ``interval_s`` seconds on a background thread."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, args=(interval_s,), name="result-files", daemon=True
        )
        self._thread.start()

    def _loop(self, interval_s: float) -> None:
        while not self._stop.wait(interval_s):
            try:
                self.write_due()
            except Exception:  # a bad round (database down) must not end the retries
                log.exception("result file round failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
