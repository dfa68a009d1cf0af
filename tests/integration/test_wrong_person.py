"""A result about someone else never becomes the patient's reception (issue 12, item 4): the
real mock service (its own process, mutual TLS) answers with another person's document or with
another request's keys; the real runtime, virtual card and face pipeline must refuse it, record
the reception without that data and call staff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.flow.model import State
from kiosk.ports import AlertReason, ReceptionOutcome, VerificationMethod
from kiosk.sim.demo.environment import DemoEnvironment
from kiosk.sim.demo.headless import HeadlessDriver, RunResult
from kiosk.sim.demo.scenarios import Choose, EnterPin, Insert, RemoveCard, Scenario

pytestmark = pytest.mark.integration
C = State.CHOOSE_METHOD


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnvironment]:
    with DemoEnvironment(tmp_path_factory.mktemp("wrong"), card="inprocess") as environment:
        yield environment


def _refused(name: str, method: VerificationMethod) -> Scenario:
    return Scenario(
        name,
        "the service answers about someone else",
        "sato_hanako",  # born 1991, sex 2
        (Insert(), Choose(C, method), RemoveCard(at=State.ENDED)),
        ReceptionOutcome.ABANDONED,
        State.ENDED,
    )


def _run(env: DemoEnvironment, s: Scenario) -> RunResult:
    rig = env.rig(s)
    driver = HeadlessDriver(rig)
    try:
        return driver.run(s)
    finally:
        driver.close()
        rig.close()


def _assert_refused(result: RunResult) -> None:
    assert result.last_state is State.ENDED, result.transcript
    assert State.CONSENT_MEDICATION not in result.states  # no question to the wrong person
    assert State.CONSENT_CHECKUP not in result.states
    (record,) = result.records
    assert record.qualification is None  # never stored as the patient's data
    assert record.needs_staff and "does not match" in record.end_reason
    assert any(AlertReason.IDENTITY_MISMATCH.value in line for line in result.transcript)


def test_face_path_with_another_persons_document_ends_with_a_staff_alert(
    env: DemoEnvironment,
) -> None:
    # The case: a chip birth date of 1991 and a document of 1972 (a 40-plus man).
    env.server.set_fault(answer_as="suzuki_ichiro")
    try:
        result = _run(env, _refused("face-wrong-person", VerificationMethod.FACE))
    finally:
        env.server.clear_faults()
    _assert_refused(result)


def test_an_answer_for_another_reception_is_refused_on_the_pin_path_too(
    env: DemoEnvironment,
) -> None:
    env.server.set_fault(header={"ArbitraryFileIdentifier": "someone-else:confirm"})
    s = _refused("pin-other-reception", VerificationMethod.PIN)
    pin = (Insert(), Choose(C, VerificationMethod.PIN), EnterPin(digits="1234"), s.actions[-1])
    s = Scenario(s.name, s.title, s.persona, pin, s.outcome, s.last_state)
    try:
        result = _run(env, s)
    finally:
        env.server.clear_faults()
    _assert_refused(result)


def test_the_same_face_reception_passes_when_the_answer_is_hers(env: DemoEnvironment) -> None:
    face = (Insert(), Choose(C, VerificationMethod.FACE), RemoveCard(at=State.CONSENT_MEDICATION))
    s = Scenario("face-right-person", "her own answer", "sato_hanako", face,
                 ReceptionOutcome.COMPLETE, State.CONSENT_MEDICATION)  # fmt: skip
    result = _run(env, s)
    assert State.CONSENT_MEDICATION in result.states
    (record,) = result.records
    assert record.qualification is not None
