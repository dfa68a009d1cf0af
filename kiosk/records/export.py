"""A day's receptions as ``OQSsiquc01res``-style XML files for receipt computers.

The stored document already carries the result layout's element names and text values, so a file
is that document under ``XmlMsg``, in its original element order, UTF-8
(CharacterCodeIdentifier 0). Receptions without a result (abandoned, still pending) have no file.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.records.store import ReceptionRow, RecordStore

ROOT = "XmlMsg"
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _fill(parent: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _fill(parent, name, item)
        return
    child = ET.SubElement(parent, name)
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _fill(child, str(key), sub)
    elif value is not None:
        child.text = str(value)


def document_xml(document: Mapping[str, Any]) -> bytes:
    body = document.get(ROOT, document)
    root = ET.Element(ROOT)
    for key, value in body.items():
        _fill(root, str(key), value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def file_name(row: ReceptionRow) -> str:
    stamp = row.started_at.strftime("%Y%m%d%H%M%S")
    return f"OQSsiquc01res_face_{stamp}_{_SAFE.sub('_', row.reception_id)}.xml"


def export_day(store: RecordStore, day: date, directory: Path) -> list[Path]:
    """Write one file per reception of ``day`` that has a result; returns the paths, oldest
    first. Files appear whole (temp name, then rename) so a receipt computer never reads half."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for row in reversed(store.receptions_on(day)):
        if not row.qualification:
            continue
        path = directory / file_name(row)
        temp = directory / f".{path.name}.tmp"
        temp.write_bytes(document_xml(row.qualification))
        os.replace(temp, path)
        written.append(path)
    return written
