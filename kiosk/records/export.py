"""A day's receptions as ``OQSsiquc01res``-style XML files for receipt computers.

Each reception with a result becomes one file, written by the eligibility package's
``result_xml`` (the same serialiser the mock service uses) with this clinic's code and the
reception id as ArbitraryFileIdentifier. Receptions without a result (abandoned, still pending)
have no file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.eligibility.xmldoc import DocumentError, result_xml
from kiosk.records.private_files import make_private_dir, write_private_file
from kiosk.records.store import ReceptionRow, RecordStore

_SAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class ExportResult:
    written: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # reception ids with a malformed result


def file_name(row: ReceptionRow) -> str:
    stamp = row.started_at.strftime("%Y%m%d%H%M%S")
    return f"OQSsiquc01res_face_{stamp}_{_SAFE.sub('_', row.reception_id)}.xml"


def export_day(store: RecordStore, day: date, directory: Path, *, clinic_code: str) -> ExportResult:
    """Write one file per reception of ``day`` that has a result, oldest first. Files appear
    whole (temp name, then rename) so a receipt computer polling the folder never reads half.
    They hold names and birth dates: 0600, in a folder made 0700 if it has to be created."""
    make_private_dir(directory)
    result = ExportResult()
    for row in reversed(store.receptions_on(day)):
        if not row.qualification:
            continue
        try:
            payload = result_xml(
                row.qualification, clinic_code=clinic_code, file_id=row.reception_id
            )
        except DocumentError:
            result.unreadable.append(row.reception_id)
            continue
        path = directory / file_name(row)
        write_private_file(path, payload)
        result.written.append(path)
    return result
