"""The frame every screen shares (``Screen``): the leaflet's step bar on top, the screen's
content, and one navigation row at the bottom (戻る left; 係員を呼ぶ, やめる right) that every
screen — also those other states add — gets from here. Also what a screen needs from the window
(``Host``) and what a simple screen is made of (``Spec``: words and ``Act`` buttons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.flow import events as ev
from kiosk.flow.machine import TRANSITIONS, back_allowed
from kiosk.flow.model import Context, Model, State
from kiosk.flow.session import Session
from kiosk.ports import ReceptionOutcome
from kiosk.ui import texts as T
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Words, button, label


class Host(Protocol):
    """What a screen needs from the window."""

    def post(self, event: ev.Event) -> None: ...

    def session(self) -> Session: ...

    def seconds_left(self, model: Model) -> int: ...

    def seconds_shown(self) -> float: ...

    def check_staff(self, pin: str) -> None: ...

    def chip_photo(self) -> QImage | None: ...

    def state(self) -> State: ...

    def choose_language(self, language: str) -> None: ...

    def language(self) -> str: ...

    def phone_ready(self) -> bool:
        """A smartphone reader is configured and there: the idle screen offers スマートフォン."""
        ...

    def choose_phone(self) -> None: ...

    def today(self) -> date:
        """The clinic's calendar day (Japan), from the reception's clock."""
        ...


@dataclass(frozen=True)
class Act:
    name: str
    text: str
    event: Callable[[Context], ev.Event]
    kind: str = "secondary"
    enabled: Callable[[Context], bool] = lambda ctx: True


Text = str | Callable[[Context], str]


@dataclass(frozen=True)
class Spec:
    title: Text
    body: tuple[Text, ...] = ()
    acts: tuple[Act, ...] = ()
    alert: Callable[[Context], str] = lambda ctx: ""
    picture: str = ""  # assets/pictures/<name>.svg beside the words
    phone_picture: str = ""  # instead of ``picture`` in a smartphone reception
    terms: str = ""  # smaller print under the body (the registration's terms)


# --- the frame every screen shares ---------------------------------------------------------

STAFF_ONLY = frozenset({State.STAFF_COMPARE, State.NUMBER_B_ENTRY})  # no step bar, no voice
# Their own buttons: the two answers of a pause; the staff's decision row.
NO_NAV = frozenset(
    {State.CONFIRM_CANCEL, State.TIMEOUT_WARNING, State.STAFF_COMPARE, State.NUMBER_B_ENTRY}
)

STEP_OF: dict[State, int] = {
    State.IDLE: 1,
    State.READING: 1,
    State.CARD_ERROR: 1,
    State.CARD_REMOVED: 1,
    State.CHOOSE_METHOD: 2,
    State.FACE_PREPARING: 2,
    State.CARD_RETURN: 2,
    State.CARD_CHECKING: 2,
    State.FACE_VERIFYING: 2,
    State.FACE_RETRY: 2,
    State.FACE_FAILED: 2,
    State.PIN_CHECKING: 2,
    State.PIN_ENTRY: 2,
    State.PIN_VERIFYING: 2,
    State.PIN_LOCKED: 2,
    State.STAFF_CALLED: 2,
    State.NUMBER_B_CHECKING: 2,
    State.NUMBER_B_VERIFYING: 2,
    State.QUERYING: 2,
    State.CERT_ERROR: 2,
    State.REGISTRATION_OFFER: 3,
    State.REGISTERING: 3,
    # 資格を確認できません and a service that did not answer end before any consent is asked.
    State.INELIGIBLE: 2,
    State.SERVICE_DOWN: 2,
    State.CONSENT_MEDICATION: 3,
    State.CONSENT_CHECKUP: 3,
    State.CONSENT_DIAGNOSIS: 3,
    State.CONSENT_OPERATION: 3,
    State.CONSENT_COMBINED: 3,
    State.PRESCRIPTION_CHOICE: 3,
    State.SUBSIDY_QUESTION: 3,
    State.SAVING_CONSENTS: 3,
    State.DONE: 4,
    State.SAVING_LIMIT: 4,
    State.FINISHED: 4,
    State.CLOSING: 4,
    State.PHONE_KIND: 1,
    State.PHONE_PIN_ENTRY: 2,
    State.PHONE_HOLD: 2,
    State.PHONE_READING: 2,
    State.PHONE_DECLINED: 2,
    State.PHONE_PIN_LOCKED: 2,
}


def step_of(model: Model) -> int:
    """The leaflet's step (1 読み取り … 4 受付完了) a screen belongs to; 0 lights none. A pause
    (続けますか？, やめますか？) belongs to the screen it interrupted."""
    state = model.resume if model.resume is not None else model.state
    if state is State.CLOSING and model.ctx.outcome is not ReceptionOutcome.COMPLETE:
        return 0  # 受付完了 only for a reception that did complete
    return STEP_OF.get(state, 0)


class StepBar(QWidget):
    """1 読み取り → 2 本人確認 → 3 同意取得 → 4 受付完了, the current step lit (the leaflet's)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("steps")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.cells = [label("step", wrap=False) for _ in T.STEPS]
        for cell in self.cells:
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(cell, 1)
        self.step = 0

    def show_step(self, step: int) -> None:
        self.step = step
        for i, (cell, name) in enumerate(zip(self.cells, T.STEPS, strict=True), start=1):
            cell.setText(f"{i}  {tr(name)}")
            phase = "now" if i == step else ("done" if i < step else "next")
            if cell.property("phase") != phase:
                cell.setProperty("phase", phase)
                cell.style().unpolish(cell)
                cell.style().polish(cell)


def _keep_room(w: QWidget) -> None:
    policy = w.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    w.setSizePolicy(policy)


class NavBar(QWidget):
    """戻る | … | 係員を呼ぶ やめる: the same three places on every screen, each shown where the
    flow accepts it (so a button never does nothing)."""

    def __init__(self, host: Host, state: State) -> None:
        super().__init__()
        self.host = host
        self.accepted = {} if state in NO_NAV else TRANSITIONS.get(state, {})
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(20)
        self.back = button("back", "secondary", lambda: host.post(ev.Back()))
        self.call = button("call_staff", "secondary", lambda: host.post(ev.CallStaff()))
        self.cancel = button("cancel", "secondary", self._cancel)
        row.addWidget(self.back)
        row.addStretch(1)
        row.addWidget(self.call)
        row.addWidget(self.cancel)
        for b in (self.back, self.call, self.cancel, self):
            _keep_room(b)
        self.show_model(Model(state))

    def show_model(self, model: Model) -> None:
        self.back.setVisible(ev.Back in self.accepted and back_allowed(model))
        self.call.setVisible(ev.CallStaff in self.accepted)
        self.cancel.setVisible(ev.Cancel in self.accepted)

    def _cancel(self) -> None:
        # やめる asks first (a mis-tap must not end the reception); the flow's Cancel ends it.
        self.host.post(ev.AskCancel() if ev.AskCancel in self.accepted else ev.Cancel())

    def show_texts(self) -> None:
        self.back.setText(tr(T.BACK))
        self.call.setText(tr(T.CALL_STAFF))
        self.cancel.setText(tr(T.CANCEL))


class Screen(QWidget):
    """The frame: step bar, ``self.content`` (the subclass lays it out), navigation row."""

    def __init__(self, state: State, host: Host) -> None:
        # A child of the window from the start (never a top-level of its own, even briefly).
        super().__init__(host if isinstance(host, QWidget) else None)
        self.hide()
        self.state = state
        self.host = host
        self.model = Model(state)
        self.setObjectName(f"screen_{state.value}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 12, 40, 14)
        outer.setSpacing(8)
        self.steps = StepBar()
        outer.addWidget(self.steps)
        if state in STAFF_ONLY:
            self.steps.hide()
        self.content = QWidget()
        outer.addWidget(self.content, 1)
        self.nav = NavBar(host, state)
        outer.addWidget(self.nav)

    def show_model(self, model: Model) -> None:
        self.model = model
        self.update_texts()

    def update_texts(self) -> None:
        """The frame's words, then the screen's own (a language switch calls this too)."""
        self.steps.show_step(step_of(self.model))
        self.nav.show_model(self.model)
        self.nav.show_texts()
        self.show_texts()

    def show_texts(self) -> None:
        """Set every text from the model in the current language."""

    def refresh(self) -> None:
        """Called on every tick while shown (countdowns)."""

    def shown(self) -> None:
        pass

    def hidden(self) -> None:
        pass

    def spoken(self) -> str:
        """What the voice says as this screen appears: its title; nothing on staff screens."""
        title = getattr(self, "title", None)
        if self.state in STAFF_ONLY or not isinstance(title, Words):
            return ""
        return title.plain()

    def buttons(self) -> dict[str, QPushButton]:
        return {b.objectName(): b for b in self.findChildren(QPushButton)}
