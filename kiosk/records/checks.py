"""What a reception must look like before it is saved, so the database never refuses it.

PostgreSQL refuses a NUL in a text column and a value longer than its column; neither SQLite
nor the journal's UTF-8 JSON can hold a lone surrogate; a result document nested thousands
deep makes every recursive reader (the summary, ``json``) raise RecursionError. A refused write
used to lose the reception, so the record is made storable here instead:

- the result document: nested deeper than ``MAX_DEPTH`` or larger than ``MAX_DOCUMENT_CHARS``
  is not kept; characters no file or database can hold are replaced by U+FFFD;
- a result item copied into its own column (name, kana, branch number, ...) that is too long
  or holds control characters is left empty (the document keeps what the service sent);
- free texts (end reason, audit reasons) lose control characters and are cut to their column.

Each change is named in a ``RecordChecked`` audit entry (field names and why, never values) and
the reception is flagged for staff.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from kiosk.ports import ReceptionRecord, Transition
from kiosk.records.models import AuditEntry, Reception

MAX_DEPTH = 32  # the real result is about 6 deep
MAX_DOCUMENT_CHARS = 1_000_000  # a full result with every optional item is ~10 000
CHECK_EVENT = "RecordChecked"
REPLACEMENT = "\ufffd"
# C0 controls but tab, line feed and carriage return; DEL; lone surrogates (not encodable).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# In a result item nothing but printable text belongs (no tab or line break either).
_BAD_IN_ITEM = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Checked:
    record: ReceptionRecord
    problems: tuple[str, ...]


def column_length(model: type[Any], name: str) -> int:
    length = model.__table__.columns[name].type.length
    return int(length)


def clean_text(value: str, limit: int) -> str:
    """A free text as a column can hold it: bad characters replaced, cut to ``limit``."""
    return _BAD_CHARS.sub(REPLACEMENT, value)[:limit]


def check_record(record: ReceptionRecord) -> Checked:
    """The record as it can be stored and journalled, with what had to change."""
    problems: list[str] = []
    document = check_document(record.qualification, problems)
    transitions = tuple(_clean_transition(t) for t in record.transitions)
    if problems:
        last = transitions[-1].target if transitions else record.outcome.value
        why = clean_text("; ".join(problems), column_length(AuditEntry, "reason"))
        transitions += (Transition(record.ended_at, last, CHECK_EVENT, last, why),)
    checked = replace(
        record,
        qualification=document,
        end_reason=clean_text(record.end_reason, column_length(Reception, "end_reason")),
        kiosk_id=clean_text(record.kiosk_id, column_length(Reception, "kiosk_id")),
        transitions=transitions,
        needs_staff=record.needs_staff or bool(problems),
    )
    return Checked(checked, tuple(problems))


def _clean_transition(t: Transition) -> Transition:
    return Transition(
        t.at,
        clean_text(t.source, column_length(AuditEntry, "source")),
        clean_text(t.event, column_length(AuditEntry, "event")),
        clean_text(t.target, column_length(AuditEntry, "target")),
        clean_text(t.reason, column_length(AuditEntry, "reason")),
    )


def check_document(
    document: Mapping[str, Any] | None, problems: list[str]
) -> Mapping[str, Any] | None:
    """The result document as it can be stored, or None (with the reason in ``problems``)."""
    if document is None:
        return None
    depth = nesting_depth(document)
    if depth > MAX_DEPTH:
        problems.append(f"qualification: nested {depth} deep (more than {MAX_DEPTH}), not kept")
        return None
    replaced = [0]
    cleaned = _clean_node(document, replaced)
    if replaced[0]:
        problems.append(f"qualification: {replaced[0]} values with characters replaced")
    size = len(json.dumps(cleaned, ensure_ascii=False))
    if size > MAX_DOCUMENT_CHARS:
        problems.append(f"qualification: {size} characters (over {MAX_DOCUMENT_CHARS}), not kept")
        return None
    return cleaned if isinstance(cleaned, dict) else {"value": cleaned}


def nesting_depth(node: Any) -> int:
    """How deep lists and mappings nest, without recursion (a hostile document may be deep)."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, Mapping):
            children: Any = current.values()
        elif isinstance(current, list | tuple):
            children = current
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth  # deep enough to refuse; no need to walk 5000 levels
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _clean_node(node: Any, replaced: list[int]) -> Any:
    # Only called once the depth is known to be at most MAX_DEPTH, so recursion is bounded.
    if isinstance(node, Mapping):
        return {_clean_scalar(k, replaced): _clean_node(v, replaced) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_clean_node(v, replaced) for v in node]
    return _clean_scalar(node, replaced)


def _clean_scalar(value: Any, replaced: list[int]) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value  # NaN and infinity are not JSON: PostgreSQL refuses them
    text = value if isinstance(value, str) else str(value)
    cleaned = _BAD_CHARS.sub(REPLACEMENT, text)
    if cleaned != value:
        replaced[0] += 1
    return cleaned


def check_items(values: dict[str, Any], names: tuple[str, ...], problems: list[str]) -> None:
    """Empty the result-item columns in ``values`` that their column cannot hold."""
    for name in names:
        value = values.get(name)
        if value is None:
            continue
        limit = column_length(Reception, name)
        if len(value) > limit:
            problems.append(f"{name}: {len(value)} characters (column holds {limit}), not copied")
            values[name] = None
        elif _BAD_IN_ITEM.search(value):
            problems.append(f"{name}: control characters, not copied")
            values[name] = None
