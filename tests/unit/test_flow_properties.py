"""Random event sequences against the flow: it never reaches an undefined state, never queries
eligibility before a verification, never asks the checkup consent of a patient under 40, and
always wipes the session when the card leaves, on timeout and when the reception is done."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import ConsentMode
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.machine import step
from kiosk.flow.model import END_STATES, FlowSettings, Model, State
from kiosk.ports import (
    CardErrorKind,
    EligibilityErrorKind,
    FaceOutcome,
    PinStatus,
    VerificationMethod,
)

VISIT = date(2026, 11, 23)
births = st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 11, 23))

events = st.one_of(
    st.builds(ev.CardInserted, st.sampled_from(["a", "b"])),
    st.just(ev.CardRemoved()),
    st.builds(
        ev.CardRead,
        st.booleans(),
        st.one_of(st.none(), st.booleans()),
        # valid, the renewal notice, the grace, past it (the service would refuse that one)
        cert_expires=st.one_of(
            st.none(),
            st.datetimes(datetime(2026, 5, 1), datetime(2027, 6, 1), timezones=st.just(UTC)),
        ),
    ),
    st.builds(ev.CardFailed, st.sampled_from(CardErrorKind)),
    st.builds(ev.MethodChosen, st.sampled_from([VerificationMethod.FACE, VerificationMethod.PIN])),
    st.just(ev.FacePrepared()),
    st.builds(
        ev.FacePrepareFailed,
        st.sampled_from(["no_card_front", "photo_unreadable", "front_unreadable", "front_misread"]),
    ),
    st.builds(ev.FaceVerified, st.sampled_from(FaceOutcome)),
    st.just(ev.RetryFace()),
    st.builds(ev.PinTriesRead, st.integers(0, 3)),
    st.just(ev.PinSubmitted()),
    st.builds(ev.PinVerified, st.sampled_from(PinStatus), st.integers(0, 3)),
    st.just(ev.Back()),
    st.just(ev.CallStaff()),
    st.just(ev.StaffAuthenticated()),
    st.just(ev.StaffSent()),
    st.just(ev.StaffCallUndelivered()),
    st.just(ev.StaffAcknowledged()),
    st.builds(ev.StaffDecided, st.booleans()),
    st.just(ev.NumberBEntryChosen()),
    st.builds(ev.NumberBTriesRead, st.integers(0, 10), st.integers(0, 3)),
    st.just(ev.NumberBSubmitted()),
    st.builds(
        ev.NumberBRejected,
        st.sampled_from(["wrong_number_b", "number_b_guard", "number_b_implausible"]),
        st.one_of(st.none(), st.integers(0, 10)),
        st.one_of(st.none(), st.integers(0, 3)),
    ),
    st.builds(ev.EligibilityConfirmed, st.sampled_from(list("123456")), births, st.just(VISIT)),
    st.builds(ev.EligibilityFailed, st.sampled_from(EligibilityErrorKind)),
    st.builds(ev.RegistrationAnswered, st.booleans()),
    st.just(ev.Registered()),
    st.builds(ev.ConsentAnswered, st.booleans()),
    st.builds(ev.ConsentsSaved, st.booleans()),
    st.builds(ev.LimitAnswered, st.booleans()),
    st.builds(ev.LimitSaved, st.booleans()),
    st.just(ev.Cancel()),
    st.just(ev.Continue()),
    st.just(ev.Touch()),
    st.just(ev.Tick()),
)
steps = st.lists(st.tuples(events, st.floats(0, 120)), max_size=60)
flow_settings = st.builds(
    FlowSettings,
    consent_mode=st.sampled_from(ConsentMode),
    ask_diagnosis=st.booleans(),
    ask_operation=st.booleans(),
    face_attempts=st.integers(1, 5),
)
VERIFIED_BY = {
    State.FACE_VERIFYING: ev.FaceVerified,
    State.PIN_VERIFYING: ev.PinVerified,
    State.STAFF_COMPARE: ev.StaffDecided,
}
SECRET_LOADERS = (
    fx.ReadCard, fx.PrepareFace, fx.VerifyPin, fx.VerifyNumberB, fx.ConfirmEligibility,
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(steps, flow_settings)
def test_random_event_sequences_keep_every_promise(
    sequence: list[tuple[ev.Event, float]], s: FlowSettings
) -> None:
    model, now, verified, secrets_live = Model(), 0.0, False, False
    staff_here = False  # a staff member authenticated at the kiosk in this reception
    for event, dt in sequence:
        now += dt
        before = model
        result = step(model, event, now, s)
        model = result.model
        assert model.state in State
        if model.state is State.IDLE:
            assert model == Model()
        if before.state is State.IDLE and model.state is State.READING:
            verified = staff_here = False
        if isinstance(event, ev.StaffAuthenticated) and result.handled:
            staff_here = True
        if model.state is State.STAFF_COMPARE:  # the chip photo and the card's data
            assert staff_here, f"the visual check shown from {before.state} unauthenticated"
        if before.state in VERIFIED_BY and model.state is State.QUERYING:
            verified = True
        for effect in result.effects:
            if isinstance(effect, fx.ConfirmEligibility):
                assert verified, f"eligibility queried unverified from {before.state}"
            if isinstance(effect, SECRET_LOADERS):
                secrets_live = True
            if isinstance(effect, fx.WipeSession):
                secrets_live = False
        if model.state in (State.STAFF_CALLED, State.STAFF_COMPARE, State.NUMBER_B_ENTRY):
            assert model.deadline is None, "a patient waiting for staff was given a deadline"
        if model.state is State.CONSENT_CHECKUP:
            age = model.ctx.age()
            assert age is not None and age >= 40
        for effect in result.effects:
            if isinstance(effect, fx.SaveConsents):
                kinds = {k.value for k, _ in effect.answers}
                age = model.ctx.age()
                assert "SpecificHealthCheckupsInfo" not in kinds or (age is not None and age >= 40)
        ended = model.state in END_STATES or model.state is State.IDLE
        if ended and before.state not in END_STATES and before.state is not State.IDLE:
            assert not secrets_live, f"{before.state} → {model.state} without a wipe"
