"""ReceptionRecord <-> JSON-safe dict, for the durable journal. Lossless: a record read back
from the journal is equal to the one written."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from kiosk.ports import (
    ConsentKind,
    ConsentReceipt,
    ReceptionOutcome,
    ReceptionRecord,
    Transition,
    VerificationMethod,
)

FORMAT = 1


class JournalFormatError(ValueError):
    """A journal entry that cannot be turned back into a record."""


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _need_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def record_to_dict(record: ReceptionRecord) -> dict[str, Any]:
    cert = record.requery_cert_der
    return {
        "format": FORMAT,
        "reception_id": record.reception_id,
        "kiosk_id": record.kiosk_id,
        "started_at": _time(record.started_at),
        "ended_at": _time(record.ended_at),
        "outcome": record.outcome.value,
        "method": record.method.value if record.method else None,
        "end_reason": record.end_reason,
        "qualification": dict(record.qualification) if record.qualification else None,
        "consents": [
            {
                "kind": c.kind.value,
                "agreed": c.agreed,
                "cons_time": _time(c.cons_time),
                "available_time": _time(c.available_time),
            }
            for c in record.consents
        ],
        "registered_now": record.registered_now,
        "limit_provided": record.limit_provided,
        "needs_staff": record.needs_staff,
        "transitions": [
            {
                "at": _time(t.at),
                "source": t.source,
                "event": t.event,
                "target": t.target,
                "reason": t.reason,
            }
            for t in record.transitions
        ],
        "requery_cert_der": base64.b64encode(cert).decode("ascii") if cert else None,
        "prescription": record.prescription,
        "subsidy_certificates": record.subsidy_certificates,
    }


TRANSITION_TEXTS = ("source", "event", "target", "reason")


# A journal entry comes from disk: each field is checked for its type here, so a damaged entry
# is a JournalFormatError (set aside for staff), never a record the store's checks choke on.
def _text(value: object) -> str:
    if not isinstance(value, str):
        raise JournalFormatError(f"expected text, found {type(value).__name__}")
    return value


def _object(value: object) -> dict[str, Any] | None:
    if value is not None and not isinstance(value, dict):
        raise JournalFormatError(f"expected an object, found {type(value).__name__}")
    return value


def _flag(value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise JournalFormatError(f"expected true/false, found {type(value).__name__}")
    return value


def record_from_dict(data: dict[str, Any]) -> ReceptionRecord:
    try:
        if data.get("format") != FORMAT:
            raise JournalFormatError(f"unknown journal format {data.get('format')!r}")
        cert = data["requery_cert_der"]
        return ReceptionRecord(
            reception_id=_text(data["reception_id"]),
            kiosk_id=_text(data["kiosk_id"]),
            started_at=_need_time(data["started_at"]),
            ended_at=_need_time(data["ended_at"]),
            outcome=ReceptionOutcome(data["outcome"]),
            method=VerificationMethod(data["method"]) if data["method"] else None,
            end_reason=_text(data["end_reason"]),
            qualification=_object(data["qualification"]),
            consents=tuple(
                ConsentReceipt(
                    ConsentKind(c["kind"]),
                    bool(c["agreed"]),
                    _need_time(c["cons_time"]),
                    _parse_time(c["available_time"]),
                )
                for c in data["consents"]
            ),
            registered_now=bool(data["registered_now"]),
            limit_provided=_flag(data["limit_provided"]),
            needs_staff=bool(data["needs_staff"]),
            transitions=tuple(
                Transition(_need_time(t["at"]), *(_text(t[k]) for k in TRANSITION_TEXTS))
                for t in data["transitions"]
            ),
            requery_cert_der=base64.b64decode(cert) if cert else None,
            # Entries journalled before the 2025 flow items have neither key.
            prescription=data.get("prescription"),
            subsidy_certificates=data.get("subsidy_certificates"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, JournalFormatError):
            raise
        raise JournalFormatError(f"bad journal entry: {exc!r}") from exc
