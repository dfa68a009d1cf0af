"""The `OQSsiquc01res`-style XML of one result, as a receipt computer reads it.

``result_xml`` writes UTF-8 (CharacterCodeIdentifier 0); ``shift_jis_xml`` writes the result
file clinic systems pick up from the online-eligibility folder: Shift_JIS with the declaration
receipt-computer software expects (CharacterCodeIdentifier 1), every character Shift_JIS cannot
carry written as ●, as the real system sends it (:mod:`kiosk.eligibility.names`).

The document is checked against the layout first (`validate.check_document`): only the
layout's element names and plain text get written, so the file is always well-formed, whatever
a stored record holds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kiosk.eligibility.codes import CharacterCodeIdentifier, timestamp
from kiosk.eligibility.names import shift_jis_text
from kiosk.eligibility.validate import DocumentError, check_document

SHIFT_JIS_DECLARATION = b'<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>\n'

__all__ = ["DocumentError", "result_xml", "shift_jis_xml"]


def _append(parent: ET.Element, name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            _append(parent, name, item)
        return
    child = ET.SubElement(parent, name)
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _append(child, str(key), inner)
    elif isinstance(value, str):
        child.text = value
    else:
        raise DocumentError(f"{name}: values are text, got {type(value).__name__}")


def result_xml(
    document: Mapping[str, Any],
    *,
    clinic_code: str,
    file_id: str | None = None,
    processed_at: datetime | None = None,
) -> bytes:
    """Serialise a result document (``Qualification.document``) as UTF-8 `XmlMsg` XML.

    ``clinic_code`` is the MedicalInstitutionCode written in the header; ``file_id`` and
    ``processed_at`` override ArbitraryFileIdentifier and ProcessExecutionTime when given.
    """
    root = _tree(document, clinic_code, CharacterCodeIdentifier.UTF8, file_id, processed_at)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def shift_jis_xml(
    document: Mapping[str, Any], *, clinic_code: str, file_id: str | None = None
) -> bytes:
    """The result file's bytes: Shift_JIS (JIS X 0208, the strict codec, so both strict and
    cp932 readers decode it alike), characters outside it written as ●."""
    root = _tree(document, clinic_code, CharacterCodeIdentifier.SHIFT_JIS, file_id, None)
    for element in root.iter():
        if element.text:
            element.text = shift_jis_text(element.text)
    text = ET.tostring(root, encoding="unicode")
    return SHIFT_JIS_DECLARATION + text.encode("shift_jis") + b"\n"


def _tree(
    document: Mapping[str, Any],
    clinic_code: str,
    charset: CharacterCodeIdentifier,
    file_id: str | None,
    processed_at: datetime | None,
) -> ET.Element:
    header = document.get("MessageHeader")
    body = document.get("MessageBody")
    if not isinstance(header, Mapping) or not isinstance(body, Mapping):
        raise DocumentError("a result document has MessageHeader and MessageBody")
    header = dict(header)
    header["MedicalInstitutionCode"] = clinic_code
    header["CharacterCodeIdentifier"] = charset.value
    if file_id is not None:
        header["ArbitraryFileIdentifier"] = file_id
    if processed_at is not None:
        header["ProcessExecutionTime"] = timestamp(processed_at)
    check_document({"MessageHeader": header, "MessageBody": body})
    root = ET.Element("XmlMsg")
    _append(root, "MessageHeader", header)
    _append(root, "MessageBody", body)
    ET.indent(root)
    return root
