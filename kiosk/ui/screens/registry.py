"""Which screen class shows which flow state; every other state is a simple screen."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.flow.model import State
from kiosk.ui.screens.base import Host, Screen
from kiosk.ui.screens.compare import CompareScreen
from kiosk.ui.screens.face import FaceScreen
from kiosk.ui.screens.number_b import NumberBScreen
from kiosk.ui.screens.pin import PhonePinScreen, PinScreen
from kiosk.ui.screens.simple import IdleScreen, PreparingScreen, SpecScreen, TimeoutScreen
from kiosk.ui.screens.specs import SPECS

SCREEN_CLASSES: dict[State, Callable[[State, Host], Screen]] = {
    State.IDLE: IdleScreen,
    State.FACE_PREPARING: PreparingScreen,
    State.FACE_VERIFYING: FaceScreen,
    State.PIN_ENTRY: PinScreen,
    State.PHONE_PIN_ENTRY: PhonePinScreen,
    State.STAFF_COMPARE: CompareScreen,
    State.NUMBER_B_ENTRY: NumberBScreen,
    State.TIMEOUT_WARNING: TimeoutScreen,
}


def make_screen(state: State, host: Host) -> Screen:
    if state in SCREEN_CLASSES:
        return SCREEN_CLASSES[state](state, host)
    return SpecScreen(state, host, SPECS[state])
