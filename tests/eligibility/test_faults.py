"""Every fault switch maps to the right error; retries never record twice; restarts keep state."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from kiosk.eligibility.client import EligibilityClient
from kiosk.eligibility.document import first_result
from kiosk.ports import ConsentKind, EligibilityError, EligibilityErrorKind, Qualification
from kiosk.sim.pki import MockPki
from kiosk.sim.service.process import ServerProcess

from .helpers import consent_events, make_client, pin_proof

pytestmark = pytest.mark.integration
Kind = EligibilityErrorKind
PERSONA = "tanaka_yumi"


@pytest.fixture
def quick(server: ServerProcess) -> Iterator[EligibilityClient]:
    with make_client(server, read_timeout=1.0, retries=2) as client:
        yield client


def _confirm(client: EligibilityClient, pki: MockPki, key: str) -> Qualification:
    cert, proof = pin_proof(pki, PERSONA, client.new_nonce())
    return client.confirm(cert, proof, key=key)


def _fails_with(kind: EligibilityErrorKind, call: Callable[[], object]) -> None:
    with pytest.raises(EligibilityError) as caught:
        call()
    assert caught.value.kind is kind, caught.value


def test_small_latency_is_tolerated(
    quick: EligibilityClient, pki: MockPki, server: ServerProcess
) -> None:
    quick.new_nonce()
    server.set_fault(latency_ms=100)
    assert _confirm(quick, pki, "latency:ok").validity == "1"


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        ({"latency_ms": 3000}, Kind.TIMEOUT),
        ({"hang": True}, Kind.TIMEOUT),
        ({"status": 503}, Kind.UNREACHABLE),
        ({"status": 500}, Kind.UNREACHABLE),
        ({"status": 400}, Kind.MALFORMED),
        ({"malformed": True}, Kind.MALFORMED),
    ],
    ids=["slow", "hang", "503", "500", "400", "malformed"],
)
def test_fault_maps_to_error(
    quick: EligibilityClient, pki: MockPki, server: ServerProcess, fault: dict, kind: Kind
) -> None:
    cert, proof = pin_proof(pki, PERSONA, quick.new_nonce())
    server.set_fault(**fault)
    _fails_with(kind, lambda: quick.confirm(cert, proof, key=f"fault:{fault}"))


def test_one_failure_is_retried_transparently(
    quick: EligibilityClient, pki: MockPki, server: ServerProcess
) -> None:
    cert, proof = pin_proof(pki, PERSONA, quick.new_nonce())
    server.set_fault(status=503, count=1)
    assert quick.confirm(cert, proof, key="retry-once").validity == "1"


@pytest.mark.parametrize(
    "lost", [{"status": 503}, {"hang": True}, {"malformed": True}], ids=["503", "hang", "garbage"]
)
def test_answer_lost_after_recording_is_not_recorded_twice(
    quick: EligibilityClient, pki: MockPki, server: ServerProcess, lost: dict
) -> None:
    key = f"lost:{lost}"
    _confirm(quick, pki, f"{key}:confirm")
    cert = pki.user_cert_der(PERSONA)
    before = consent_events(server)
    server.set_fault(after=True, count=1, **lost)
    answers = {ConsentKind.MEDICATION: True, ConsentKind.CHECKUP: False}
    receipts = quick.record_consents(cert, answers, key=f"{key}:consents")
    assert {(r.kind, r.agreed) for r in receipts} == set(answers.items())
    assert consent_events(server) == before + 2


def test_service_down_is_unreachable_then_recovers(
    fresh_server: ServerProcess, pki: MockPki
) -> None:
    with make_client(fresh_server, retries=1) as client:
        assert _confirm(client, pki, "down:before").validity == "1"
        fresh_server.stop()
        _fails_with(Kind.UNREACHABLE, client.new_nonce)
        fresh_server.start()
        # The restarted service forgot the kiosk's session: the client logs in again.
        assert _confirm(client, pki, "down:after").validity == "1"


def test_restart_keeps_consents_and_idempotent_answers(
    fresh_server: ServerProcess, pki: MockPki
) -> None:
    with make_client(fresh_server) as client:
        _confirm(client, pki, "keep:confirm")
        cert = pki.user_cert_der(PERSONA)
        answers = {ConsentKind.MEDICATION: True, ConsentKind.LIMIT: False}
        first = client.record_consents(cert, answers, key="keep:consents")
        fresh_server.restart()
        assert client.record_consents(cert, answers, key="keep:consents") == first
        assert consent_events(fresh_server) == 2
        result = first_result(_confirm(client, pki, "keep:confirm2").document)
    assert result is not None
    assert result["PharmacistsInfoConsFlg"] == "1"
    assert "PharmacistsInfoAvailableTime" in result
    assert result["LimitApplicationCertificateRelatedConsFlg"] == "0"


def test_same_key_for_a_different_request_is_refused(
    client: EligibilityClient, pki: MockPki
) -> None:
    _confirm(client, pki, "conflict:confirm")
    cert = pki.user_cert_der(PERSONA)
    client.record_consents(cert, {ConsentKind.MEDICATION: True}, key="conflict:consents")
    _fails_with(
        Kind.MALFORMED,
        lambda: client.record_consents(
            cert, {ConsentKind.MEDICATION: False}, key="conflict:consents"
        ),
    )


def test_consents_need_a_recent_confirmation_by_this_kiosk(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert = pki.user_cert_der("hasegawa_ryo")
    _fails_with(
        Kind.PROOF_REJECTED,
        lambda: client.record_consents(cert, {ConsentKind.MEDICATION: True}, key="unconfirmed"),
    )


def test_consent_expires_after_24_hours(
    client: EligibilityClient, pki: MockPki, server: ServerProcess
) -> None:
    persona = "fujita_kaori"
    cert, proof = pin_proof(pki, persona, client.new_nonce())
    client.confirm(cert, proof, key="expiry:confirm")
    [receipt] = client.record_consents(cert, {ConsentKind.MEDICATION: True}, key="expiry:c")
    assert receipt.available_time is not None
    assert (receipt.available_time - receipt.cons_time).total_seconds() == 24 * 3600
    server.set_fault(clock_offset_s=24 * 3600 + 60)
    cert, proof = pin_proof(pki, persona, client.new_nonce())
    result = first_result(client.confirm(cert, proof, key="expiry:confirm2").document)
    assert result is not None and result["PharmacistsInfoConsFlg"] == "2"  # 期限切れ
