"""Visits of the personas, as the runtime would build them from the eligibility answer."""

from __future__ import annotations

from datetime import datetime

from kiosk.ports import ConsentKind, PatientKey, VisitRequest
from kiosk.sim.personas import get_persona

VISIT_AT = datetime(2026, 12, 8, 9, 30, 0)


def patient_of(persona_id: str) -> PatientKey:
    person = get_persona(persona_id)
    ins = person.insurance
    return PatientKey(
        insurer_number=ins.insurer_number,
        symbol=ins.symbol,
        number=ins.number,
        branch=ins.branch,
        birth_date=person.birth_date,
        name=person.name,
        kana=person.kana,
        sex=person.sex,
    )


def visit_of(
    persona_id: str,
    key: str,
    *,
    number: str = "7",
    department: str | None = "01",
    doctor: str | None = None,
) -> VisitRequest:
    return VisitRequest(
        key=key,
        patient=patient_of(persona_id),
        visit_at=VISIT_AT,
        kiosk_number=number,
        department=department,
        doctor=doctor,
        consents={ConsentKind.MEDICATION: True, ConsentKind.CHECKUP: False},
    )
