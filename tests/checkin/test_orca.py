"""The ORCA adapter against the mock ORCA process: returning, new and ambiguous patients, and
ORCA down, slow, failing or garbled: a named error, and each visit registered exactly once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.checkin.orca import OrcaCheckIn
from kiosk.ports import (
    CheckInError,
    CheckInErrorKind,
    CheckInState,
    DeskReason,
    MatchStatus,
)
from kiosk.sim.orca.process import OrcaProcess

from .conftest import adapter
from .helpers import patient_of, visit_of

pytestmark = pytest.mark.integration


def test_a_returning_patient_gets_orcas_acceptance_number(
    orca: OrcaProcess, checkin: OrcaCheckIn
) -> None:
    result = checkin.register_visit(visit_of("sato_hanako", "r1", number="7"))
    assert result.state is CheckInState.REGISTERED
    assert (result.patient_id, result.new_patient) == ("00012", False)
    assert result.number == "1"  # ORCA's 受付ID 00001, not the kiosk's 7
    [accepted] = orca.state()["acceptances"]
    assert accepted["patient_id"] == "00012"
    assert accepted["department"] == "01"
    assert (accepted["date"], accepted["time"]) == ("2026-12-08", "09:30:00")


def test_department_and_doctor_are_sent(orca: OrcaProcess, checkin: OrcaCheckIn) -> None:
    checkin.register_visit(visit_of("suzuki_ichiro", "r1", department="02", doctor="10001"))
    [accepted] = orca.state()["acceptances"]
    assert (accepted["department"], accepted["doctor"]) == ("02", "10001")


def test_a_new_patient_is_registered_with_the_cards_data(
    orca: OrcaProcess, checkin: OrcaCheckIn
) -> None:
    result = checkin.register_visit(visit_of("watanabe_aiko", "r1"))
    assert result.state is CheckInState.REGISTERED
    assert result.new_patient
    [added] = orca.state()["added"]
    assert added["patient_id"] == result.patient_id
    assert (added["name"], added["kana"], added["birth_date"]) == (
        "渡邉\u3000愛子",
        "ワタナベ アイコ",
        "1995-03-21",
    )
    assert added["insurances"] == [
        {"insurer_number": "06139999", "symbol": "1185", "number": "20565", "branch": "01"}
    ]
    [accepted] = orca.state()["acceptances"]
    assert accepted["patient_id"] == result.patient_id


def test_two_patients_with_the_same_kana_and_birth_date_go_to_the_desk(
    orca: OrcaProcess, checkin: OrcaCheckIn
) -> None:
    result = checkin.register_visit(visit_of("tanaka_yumi", "r1", number="9"))
    assert result.state is CheckInState.TO_DESK
    assert result.reason is DeskReason.SEVERAL_PATIENTS
    assert result.number == "9"  # the kiosk's own number: the desk calls the patient by it
    assert orca.state() == {"added": [], "acceptances": []}


def test_one_patient_with_other_insurance_is_not_guessed(
    orca: OrcaProcess, checkin: OrcaCheckIn
) -> None:
    match = checkin.find_patient(patient_of("kimura_hiroshi"))
    assert match.status is MatchStatus.AMBIGUOUS
    assert match.reason is DeskReason.INSURANCE_DIFFERS
    result = checkin.register_visit(visit_of("kimura_hiroshi", "r1"))
    assert result.state is CheckInState.TO_DESK
    assert orca.state() == {"added": [], "acceptances": []}


def test_a_new_patient_whose_name_needs_checking_goes_to_the_desk(
    orca: OrcaProcess, checkin: OrcaCheckIn
) -> None:
    result = checkin.register_visit(visit_of("yoshizaki_sakura", "r1"))  # 吉●
    assert (result.state, result.reason) == (CheckInState.TO_DESK, DeskReason.NAME_CHECK)
    assert orca.state()["added"] == []


def test_a_clinic_that_registers_new_patients_itself(orca: OrcaProcess) -> None:
    with adapter(orca, register_new=False) as checkin:
        result = checkin.register_visit(visit_of("hasegawa_ryo", "r1"))
    assert (result.state, result.reason) == (CheckInState.TO_DESK, DeskReason.NEW_PATIENT)
    assert orca.state()["added"] == []


def test_the_same_visit_sent_again_is_registered_once(
    orca: OrcaProcess, checkin: OrcaCheckIn
) -> None:
    first = checkin.register_visit(visit_of("takahashi_kenji", "r1"))
    again = checkin.register_visit(visit_of("takahashi_kenji", "r1"))
    assert again == first
    assert len(orca.state()["acceptances"]) == 1


def test_a_lost_answer_then_a_retry_registers_once(orca: OrcaProcess, checkin: OrcaCheckIn) -> None:
    # ORCA registers the new patient, then the answer is lost; on the retry, the patient is
    # found, and the acceptance registered then (lost answer too) is found the next time.
    visit = visit_of("hasegawa_ryo", "r1")
    for path in ("/orca12/patientmodv2", "/orca11/acceptmodv2"):
        orca.set_fault("5xx", count=1, after=True, path=path)
        with pytest.raises(CheckInError) as lost:
            checkin.register_visit(visit)
        assert lost.value.kind is CheckInErrorKind.SERVER_ERROR
    state = orca.state()
    assert (len(state["added"]), len(state["acceptances"])) == (1, 1)
    result = checkin.register_visit(visit)
    assert result.state is CheckInState.REGISTERED
    state = orca.state()
    assert len(state["added"]) == 1
    assert [a["patient_id"] for a in state["acceptances"]] == [result.patient_id]


def test_orca_down_then_back_registers_each_visit_once(orca: OrcaProcess) -> None:
    visits = [visit_of("sato_hanako", "r1"), visit_of("watanabe_aiko", "r2")]
    with adapter(orca) as checkin:
        orca.stop()
        for visit in visits:
            with pytest.raises(CheckInError) as down:
                checkin.register_visit(visit)
            assert down.value.kind is CheckInErrorKind.UNREACHABLE
        orca.start()
        # The queue sends each again, and again (a retry after a lost answer looks the same).
        for _ in range(2):
            results = [checkin.register_visit(v) for v in visits]
    assert [r.state for r in results] == [CheckInState.REGISTERED] * 2
    state = orca.state()
    assert len(state["acceptances"]) == 2
    assert len(state["added"]) == 1


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        ("5xx", CheckInErrorKind.SERVER_ERROR),
        ("malformed", CheckInErrorKind.MALFORMED),
        ("busy", CheckInErrorKind.SERVER_ERROR),
        ("hang", CheckInErrorKind.TIMEOUT),
    ],
)
def test_a_failing_orca_gives_a_named_error(
    orca: OrcaProcess, mode: str, kind: CheckInErrorKind
) -> None:
    orca.set_fault(mode)
    with adapter(orca, read_timeout=0.5) as checkin, pytest.raises(CheckInError) as failed:
        checkin.register_visit(visit_of("sato_hanako", "r1"))
    assert failed.value.kind is kind
    orca.clear_faults()
    assert orca.state()["acceptances"] == []


def test_a_slow_orca_is_given_up_on_and_registered_later(orca: OrcaProcess) -> None:
    orca.set_fault("slow", latency_ms=3000, count=1)
    with adapter(orca, read_timeout=0.5) as checkin:
        with pytest.raises(CheckInError) as slow:
            checkin.register_visit(visit_of("sato_hanako", "r1"))
        assert slow.value.kind is CheckInErrorKind.TIMEOUT
        result = checkin.register_visit(visit_of("sato_hanako", "r1"))
    assert result.state is CheckInState.REGISTERED
    assert len(orca.state()["acceptances"]) == 1


def test_the_budget_bounds_a_visit_of_many_calls(orca: OrcaProcess) -> None:
    orca.set_fault("slow", latency_ms=400)
    with adapter(orca, read_timeout=5.0, budget=1.0) as checkin, pytest.raises(CheckInError) as e:
        checkin.register_visit(visit_of("sato_hanako", "r1"))
    assert e.value.kind is CheckInErrorKind.TIMEOUT


def test_a_wrong_password_is_rejected(orca: OrcaProcess) -> None:
    with adapter(orca, password="wrong") as checkin, pytest.raises(CheckInError) as refused:
        checkin.register_visit(visit_of("sato_hanako", "r1"))
    assert refused.value.kind is CheckInErrorKind.REJECTED


def test_a_cancelled_visit_sends_nothing(orca: OrcaProcess, checkin: OrcaCheckIn) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CheckInError) as stopped:
        checkin.register_visit(visit_of("sato_hanako", "r1"), cancel=cancel)
    assert stopped.value.kind is CheckInErrorKind.TIMEOUT
    assert orca.state()["acceptances"] == []


def test_the_mock_starts_with_a_fault_from_its_command_line(tmp_path: Path) -> None:
    with OrcaProcess(tmp_path / "orca", fault="5xx") as orca, adapter(orca) as checkin:
        with pytest.raises(CheckInError) as failed:
            checkin.register_visit(visit_of("sato_hanako", "r1"))
        assert failed.value.kind is CheckInErrorKind.SERVER_ERROR
