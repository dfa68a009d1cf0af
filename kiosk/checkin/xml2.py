"""ORCA's "xml2" format: requests as ``<data><NAME type="record">…`` and answers as
``<xmlio2><NAME type="record">…``, every leaf ``type="string"``, lists as ``type="array"`` of
``NAME_child`` records (the API pages of www.orca.med.or.jp, docs/checkin.md)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import TypeAlias

# What an answer's element becomes: text, a record (name → value) or an array.
Value: TypeAlias = "str | Record | list[Value]"
Record: TypeAlias = "dict[str, Value]"
# What a request's element is made of.
Field: TypeAlias = "str | Mapping[str, Field] | Sequence[Mapping[str, Field]]"

MAX_ANSWER_BYTES = 1_000_000  # a patient list of the documented maximum is far below this


class Xml2Error(ValueError):
    """Not an xml2 document of the expected kind."""


def request_body(name: str, fields: Mapping[str, Field]) -> bytes:
    """``<data><name type="record">fields</name></data>`` in UTF-8, as the API pages say."""
    return document("data", name, fields)


def document(root_tag: str, name: str, fields: Mapping[str, Field]) -> bytes:
    """``<root_tag><name type="record">fields</name></root_tag>`` in UTF-8: a request's
    ``data``, or an answer's ``xmlio2`` (the mock ORCA's)."""
    root = ET.Element(root_tag)
    _add(root, name, fields)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _add(parent: ET.Element, name: str, value: Field) -> None:
    if isinstance(value, str):
        ET.SubElement(parent, name, type="string").text = value
    elif isinstance(value, Mapping):
        record = ET.SubElement(parent, name, type="record")
        for key, inner in value.items():
            _add(record, key, inner)
    else:
        array = ET.SubElement(parent, name, type="array")
        for item in value:
            _add(array, f"{name}_child", item)


def parse_answer(payload: bytes, name: str) -> Record:
    """The record ``name`` inside ``<xmlio2>``; Xml2Error for anything else."""
    if len(payload) > MAX_ANSWER_BYTES:
        raise Xml2Error("answer too large")
    if b"<!DOCTYPE" in payload or b"<!ENTITY" in payload:
        raise Xml2Error("answer declares a DTD")  # never expanded: no entity tricks
    try:
        root = ET.fromstring(payload)
    except ET.ParseError as exc:
        raise Xml2Error(f"not XML: {exc}") from exc
    record = root.find(name) if root.tag == "xmlio2" else None
    if record is None:
        raise Xml2Error(f"no <xmlio2><{name}> in the answer")
    value = _value(record)
    if not isinstance(value, dict):
        raise Xml2Error(f"<{name}> is not a record")
    return value


def _value(element: ET.Element) -> Value:
    kind = element.get("type")
    children = list(element)
    if kind == "array":
        return [_value(child) for child in children]
    if kind == "record" or children:
        return {child.tag: _value(child) for child in children}
    return (element.text or "").strip()


def text(record: Mapping[str, Value], name: str) -> str:
    """A leaf's text ("" when absent); Xml2Error when it is not a leaf."""
    value = record.get(name, "")
    if not isinstance(value, str):
        raise Xml2Error(f"<{name}> is not text")
    return value


def records(record: Mapping[str, Value], name: str) -> list[Record]:
    """An array's records (none when absent); Xml2Error when it is something else."""
    value = record.get(name, [])
    if isinstance(value, dict):  # one child written without type="array"
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise Xml2Error(f"<{name}> is not an array of records")
    return [item for item in value if isinstance(item, dict)]


def record(parent: Mapping[str, Value], name: str) -> Record:
    value = parent.get(name, {})
    if not isinstance(value, dict):
        raise Xml2Error(f"<{name}> is not a record")
    return value
