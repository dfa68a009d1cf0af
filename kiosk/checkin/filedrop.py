"""Check-in by file: one XML file per visit in a folder the clinic's レセコン or 電子カルテ watches.

The file is ``CHECKIN_<reception id>.xml`` (fields in docs/checkin.md), written whole or not at
all: a dot-named temp file in the same folder, fsynced, renamed into place, the folder fsynced
(:func:`kiosk.private_files.write_private_file`), so a watcher never reads half a file.

Exactly once: the kiosk keeps its own ledger (``filedrop.ledger``, outside the watched folder)
of the visits it dropped; a visit in it is never written again, even after the clinic's system
took its file away. The ledger entry is made after the file is in place, so a crash between
the two can repeat one file, never lose one; ``ReceptionId`` lets the reader drop a repeat.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.checkin.config import Encoding, FileDropConfig
from kiosk.eligibility.names import shift_jis_text
from kiosk.ports import CheckInError, CheckInErrorKind, CheckInState, VisitRequest, VisitResult
from kiosk.private_files import fsync_dir, make_private_dir, write_private_file

log = logging.getLogger(__name__)
KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DECLARATION = {
    Encoding.UTF8: b'<?xml version="1.0" encoding="UTF-8"?>\n',
    Encoding.SHIFT_JIS: b'<?xml version="1.0" encoding="Shift_JIS"?>\n',
}
FILE_MODE = 0o640  # the clinic's watcher may run as another user of the kiosk's group


def file_name(key: str) -> str:
    return f"CHECKIN_{key}.xml"


class FileDropCheckIn:
    """The ``CheckIn`` port as a file per visit; the number shown is the kiosk's own."""

    def __init__(self, config: FileDropConfig) -> None:
        if not config.folder:
            raise ValueError("filedrop.folder is not set")
        self._folder = Path(config.folder)
        self._ledger = Path(config.ledger)
        self._encoding = config.encoding
        self._lock = threading.Lock()  # one visit at a time: the ledger check and the write

    def register_visit(
        self, visit: VisitRequest, *, cancel: threading.Event | None = None
    ) -> VisitResult:
        if not KEY.match(visit.key):
            raise ValueError("a visit key is letters, digits, - and _ (1 to 64)")
        with self._lock:
            if not self._sent(visit.key):
                self._drop(visit)
        return VisitResult(CheckInState.DELIVERED, visit.kiosk_number)

    def _sent(self, key: str) -> bool:
        try:
            make_private_dir(self._ledger)
        except OSError as exc:
            raise CheckInError(CheckInErrorKind.FOLDER, f"ledger: {exc.strerror}") from exc
        return (self._ledger / key).exists()

    def _drop(self, visit: VisitRequest) -> None:
        if not self._folder.is_dir():
            raise CheckInError(CheckInErrorKind.FOLDER, f"{self._folder} is not a folder")
        payload = visit_file(visit, self._encoding)
        try:
            write_private_file(self._folder / file_name(visit.key), payload, mode=FILE_MODE)
            fd = os.open(self._ledger / visit.key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            fsync_dir(self._ledger)
        except OSError as exc:
            raise CheckInError(CheckInErrorKind.FOLDER, exc.strerror or str(exc)) from exc
        log.info("visit %s dropped as %s", visit.key, file_name(visit.key))


def visit_file(visit: VisitRequest, encoding: Encoding) -> bytes:
    """The visit's document: UTF-8, or Shift_JIS with ● for what Shift_JIS cannot carry."""
    fit = shift_jis_text if encoding is Encoding.SHIFT_JIS else str
    patient = visit.patient
    root = ET.Element("CheckIn")
    fields = {
        "ReceptionId": visit.key,
        "KioskNumber": visit.kiosk_number,
        "VisitDate": visit.visit_at.strftime("%Y%m%d"),
        "VisitTime": visit.visit_at.strftime("%H%M%S"),
        "DepartmentCode": visit.department or "",
        "PhysicianCode": visit.doctor or "",
        "InsurerNumber": patient.insurer_number,
        "InsuredCardSymbol": fit(patient.symbol),
        "InsuredIdentificationNumber": fit(patient.number),
        "InsuredBranchNumber": patient.branch,
        "Name": fit(patient.name),
        "NameKana": fit(patient.kana),
        "Birthdate": patient.birth_date.strftime("%Y%m%d"),
        "Sex": patient.sex,
    }
    for name, value in fields.items():
        ET.SubElement(root, name).text = value
    consents = ET.SubElement(root, "Consents")
    for kind, agreed in visit.consents.items():
        item = ET.SubElement(consents, "Consent")
        ET.SubElement(item, "Kind").text = kind.value
        ET.SubElement(item, "Flag").text = "1" if agreed else "0"
    body = ET.tostring(root, encoding="unicode")
    return DECLARATION[encoding] + body.encode(encoding.value) + b"\n"
