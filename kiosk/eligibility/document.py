"""Reading the result document (`XmlMsg`) of one eligibility confirmation, as nested dicts.

Element names are the official layout's; every value is text. ``ResultOfQualificationConfirmation``
is a list (one or more results). The same structure is written as XML by ``xmldoc``; the mock
service builds it in :mod:`kiosk.sim.service.document`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kiosk.ports import ConsentKind

# Consents the clinic can view for 24 hours; the limit consent has no AvailableTime.
VIEWING_CONSENTS = (
    ConsentKind.CHECKUP,
    ConsentKind.MEDICATION,
    ConsentKind.DIAGNOSIS,
    ConsentKind.OPERATION,
)


def birth_date_of(document: Mapping[str, Any]) -> date | None:
    results = first_result(document)
    text = results.get("Birthdate") if results else None
    return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if text else None


def first_result(document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    body = document.get("MessageBody")
    if not isinstance(body, Mapping):
        return None
    result_list = body.get("ResultList")
    if not isinstance(result_list, Mapping):
        return None
    results = result_list.get("ResultOfQualificationConfirmation")
    if isinstance(results, list) and results and isinstance(results[0], Mapping):
        return results[0]
    return None
