"""A day's receptions as result files again (`kiosk export`), for re-exports.

The same writer as the live kiosk (:mod:`kiosk.records.result_file`): the same Shift_JIS
content, the same ``face/OQSsiquc01res_face_…`` name, so re-exporting a reception replaces its
file rather than adding a second one. Receptions without a result (abandoned, still pending)
have no file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.eligibility.xmldoc import DocumentError
from kiosk.private_files import make_private_dir
from kiosk.records.result_file import needs_file, write_row
from kiosk.records.store import RecordStore


@dataclass(frozen=True)
class ExportResult:
    written: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # reception ids with a malformed result


def export_day(store: RecordStore, day: date, directory: Path, *, clinic_code: str) -> ExportResult:
    """Write one file per reception of ``day`` that has a result, oldest first, into
    ``directory/face/`` (made if missing: the operator named it). Raises ResultFileError when the
    folder cannot take them."""
    make_private_dir(directory)
    result = ExportResult()
    for row in reversed(store.receptions_on(day)):
        if not needs_file(row):
            continue
        try:
            result.written.append(write_row(row, directory, clinic_code))
        except DocumentError:
            result.unreadable.append(row.reception_id)
    return result
