"""The reception flow as a pure state machine: (model, event, now) -> (model, effects).

No Qt, no I/O. The runtime (kiosk.runtime) executes the effects and feeds results back as events.
"""

from kiosk.flow.consent import consent_plan
from kiosk.flow.machine import TRANSITIONS, step
from kiosk.flow.model import (
    BUSY_STATES,
    END_STATES,
    PATIENT_STATES,
    Context,
    FlowSettings,
    Model,
    State,
)
from kiosk.flow.session import Session
from kiosk.flow.steps import Step

__all__ = [
    "BUSY_STATES",
    "END_STATES",
    "PATIENT_STATES",
    "TRANSITIONS",
    "Context",
    "FlowSettings",
    "Model",
    "Session",
    "State",
    "Step",
    "consent_plan",
    "step",
]
