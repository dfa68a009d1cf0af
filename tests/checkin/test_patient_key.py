"""The card holder's key from the eligibility answer the mock service builds for a persona, and
(against the mock ORCA) that half-width kana and a padded 国保 insurer number still match."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from kiosk.checkin.orca import OrcaCheckIn
from kiosk.checkin.patient import ResultError, patient_key
from kiosk.eligibility.document import first_result
from kiosk.ports import CheckInState, PatientKey
from kiosk.sim.personas import get_persona
from kiosk.sim.service.document import result_document

from .helpers import visit_of


def key_of(persona_id: str) -> PatientKey:
    document = result_document(
        get_persona(persona_id),
        {},
        clinic_code="1312345678",
        now=datetime(2026, 12, 8),
        file_id="f",
    )
    result = first_result(document)
    assert result is not None
    return patient_key(result)


def test_the_key_comes_from_the_eligibility_result() -> None:
    key = key_of("kimura_hiroshi")  # 国保: a 6-digit insurer number, padded to 8 in the answer
    assert (key.insurer_number, key.symbol, key.number, key.branch) == (
        "138057",
        "1518",
        "21582",
        "00",
    )
    assert key.kana == "キムラ ヒロシ"  # the answer's half-width kana, as clinics keep it
    assert (key.birth_date, key.name, key.sex) == (date(1954, 6, 6), "木村\u3000博", "1")
    assert "木村" not in repr(key)  # names and birth dates stay out of logs


def test_a_result_without_what_a_check_in_needs_is_refused() -> None:
    with pytest.raises(ResultError, match="Birthdate"):
        patient_key({"InsurerNumber": "01130012", "Birthdate": "2026-12-08"})
    with pytest.raises(ResultError, match="InsuredIdentificationNumber"):
        patient_key({"InsurerNumber": "01130012", "Birthdate": "19910603"})


@pytest.mark.integration
def test_the_answers_key_finds_the_returning_patient(checkin: OrcaCheckIn) -> None:
    visit = replace(visit_of("sato_hanako", "r1"), patient=key_of("sato_hanako"))
    result = checkin.register_visit(visit)
    assert (result.state, result.patient_id) == (CheckInState.REGISTERED, "00012")
