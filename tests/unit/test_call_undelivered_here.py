"""係員を呼ぶ on a screen that stays, while the database is down: the patient is told the call
did not reach a desk (issue 25 item 1), as in staff_called."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.machine import step
from kiosk.flow.model import Context, FlowSettings, Model, State


@pytest.mark.parametrize("state", [State.CONSENT_MEDICATION, State.DONE, State.CARD_RETURN])
def test_an_undelivered_call_on_a_screen_that_stays_is_told(state: State) -> None:
    s = FlowSettings()
    m = Model(state=state, ctx=Context(reception_id="r-1"))
    called = step(m, ev.CallStaff(), 0.0, s)
    assert called.model.state is state and called.model.ctx.error == Code.STAFF_CALLED
    told = step(called.model, ev.StaffCallUndelivered(), 1.0, s)
    assert told.handled and told.model.ctx.error == Code.CALL_UNDELIVERED
    assert told.model.state is state  # the screen stays; only its message changes
    quiet = step(replace(m, ctx=replace(m.ctx, error=None)), ev.StaffCallUndelivered(), 1.0, s)
    assert not quiet.handled  # no call waiting: a late answer changes nothing
