"""Every persona through the client and the real server process reaches its ``expected`` result."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from kiosk.eligibility.client import EligibilityClient
from kiosk.eligibility.codes import VALID_CODES, ClassificationFlag, QualificationValidity
from kiosk.eligibility.document import first_result
from kiosk.ports import ConsentKind, EligibilityError, EligibilityErrorKind, Qualification
from kiosk.sim.personas import Persona, load_personas
from kiosk.sim.pki import MockPki
from kiosk.sim.service.process import ServerProcess

from .helpers import pin_proof, registrations

PERSONAS = load_personas()
VISIT = date(2026, 11, 23)
ERRORS = {
    "not_registered": EligibilityErrorKind.NOT_REGISTERED,
    "cert_expired": EligibilityErrorKind.CERT_EXPIRED,
    "cert_revoked": EligibilityErrorKind.CERT_REVOKED,
    "invalid:4": EligibilityErrorKind.NO_QUALIFICATION,
}


def _confirm(client: EligibilityClient, pki: MockPki, persona: Persona, key: str) -> Qualification:
    cert, proof = pin_proof(pki, persona.id, client.new_nonce())
    return client.confirm(cert, proof, key=key)


@pytest.mark.integration
@pytest.mark.parametrize("persona", PERSONAS.values(), ids=list(PERSONAS))
def test_persona_reaches_expected_result(
    client: EligibilityClient, pki: MockPki, persona: Persona
) -> None:
    if persona.expected == "not_mynacard":
        # A 住基カード has no JPKI user-auth certificate: the card layer stops it, not the service.
        assert persona.card.kind == "jukinet"
        return
    if persona.expected in ERRORS:
        with pytest.raises(EligibilityError) as caught:
            _confirm(client, pki, persona, f"{persona.id}:confirm")
        assert caught.value.kind is ERRORS[persona.expected]
        return
    q = _confirm(client, pki, persona, f"{persona.id}:confirm")
    if persona.expected == "valid":
        assert q.validity in VALID_CODES
    else:
        assert persona.expected == f"invalid:{q.validity}"
    assert q.validity == persona.insurance.validity
    assert (q.name, q.birth_date) == (persona.name, persona.birth_date)
    assert q.has_limit_certificate is (persona.insurance.limit is not None)
    result = first_result(q.document)
    assert result is not None
    _check_result(persona, result)


def _check_result(persona: Persona, result: Mapping[str, Any]) -> None:
    ins = persona.insurance
    assert len(result["InsurerNumber"]) == 8
    assert result["InsurerNumber"].strip() == ins.insurer_number
    assert result["PersonalFamilyClassification"] == ins.personal_family
    assert result["InsuredPartialContributionRatio"] == ins.ratio
    assert result["Birthdate"] == persona.birth_date.strftime("%Y%m%d")
    assert not any(0x30A0 <= ord(ch) <= 0x30FF for ch in result["NameKana"]), "half-width"
    age = persona.age_on(VISIT)
    assert ("ElderlyRecipientCertificateInfo" in result) is (70 <= age <= 74)
    if ins.card_classification == "39":
        assert ins.insurer_number.startswith("39") and age >= 75
    # No limit details before the patient agrees to share them.
    assert "LimitApplicationCertificateRelatedInfo" not in result


def test_personas_cover_what_the_issue_asks() -> None:
    people = list(PERSONAS.values())
    validities = {p.insurance.validity for p in people}
    assert validities >= {code.value for code in QualificationValidity}
    flags = {p.insurance.limit.flag for p in people if p.insurance.limit}
    assert flags == {flag.value for flag in ClassificationFlag}
    ages = {p.age_on(VISIT) for p in people if p.expected == "valid"}
    assert min(ages) < 40 and any(40 <= a <= 69 for a in ages)
    assert any(70 <= a <= 74 for a in ages) and max(ages) >= 75
    assert {p.insurance.personal_family for p in people if p.expected == "valid"} == {"1", "2"}
    assert any(len(p.insurance.insurer_number) == 6 for p in people)
    certificates = {p.card.certificate for p in people}
    assert certificates == {"valid", "expiring", "grace", "expired", "revoked"}
    assert any(not p.insurance.registered for p in people)


@pytest.mark.integration
def test_limit_info_is_given_after_consent(client: EligibilityClient, pki: MockPki) -> None:
    persona = PERSONAS["hayashi_toshiko"]
    cert, proof = pin_proof(pki, persona.id, client.new_nonce())
    assert client.confirm(cert, proof, key="limit:confirm").has_limit_certificate
    [receipt] = client.record_consents(cert, {ConsentKind.LIMIT: True}, key="limit:consent")
    assert receipt.agreed and receipt.available_time is None
    q = _confirm(client, pki, persona, "limit:confirm2")
    result = first_result(q.document)
    assert result is not None
    info = result["LimitApplicationCertificateRelatedInfo"]
    assert info["LimitApplicationCertificateClassificationFlag"] == "B01"
    assert result["LimitApplicationCertificateRelatedConsFlg"] == "1"


@pytest.mark.integration
def test_registration_at_the_kiosk_then_confirmation(
    fresh_server: ServerProcess, pki: MockPki
) -> None:
    from .helpers import make_client

    persona = PERSONAS["saito_jun"]
    with make_client(fresh_server) as client:
        with pytest.raises(EligibilityError) as caught:
            _confirm(client, pki, persona, "reg:confirm")
        assert caught.value.kind is EligibilityErrorKind.NOT_REGISTERED
        cert, proof = pin_proof(pki, persona.id, client.new_nonce())
        client.register(cert, proof, key="reg:register")
        client.register(cert, proof, key="reg:register")  # a retry records nothing new
        assert registrations(fresh_server) == 1
        assert _confirm(client, pki, persona, "reg:confirm").validity == "1"
        fresh_server.restart()
        assert _confirm(client, pki, persona, "reg:confirm-after-restart").validity == "1"
