"""One screen per flow state, in one frame (``Screen``): the leaflet's step bar on top, the
screen's content, and one navigation row at the bottom (戻る left; 係員を呼ぶ, やめる right) that
every screen — also those other states add — gets from the base class. Simple screens are rows
of SPECS (title, explanations, buttons, a picture); the face, PIN, staff and visual-check screens
are their own classes. Buttons post flow events; the PIN keypad writes digits into the
reception's Session and posts only PinSubmitted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.card.number_b import Implausible, check_digits, typed_number_b
from kiosk.eligibility.names import patient_facing_name
from kiosk.flow import events as ev
from kiosk.flow.certificate import CertStatus, grace_end
from kiosk.flow.machine import RECORDS_UNSAVED, TRANSITIONS, back_allowed
from kiosk.flow.model import BUSY_STATES, Context, Model, State
from kiosk.flow.session import Session, wipe_buffer
from kiosk.ports import PhoneKind, ReceptionOutcome, VerificationMethod
from kiosk.ui import texts as T
from kiosk.ui import theme
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Keypad, Picture, Preview, Words, button, label

FACE, PIN = VerificationMethod.FACE, VerificationMethod.PIN
SLOW_WAIT_S = 5  # a wait longer than this says so: the patient must not think it froze


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


def _text(t: Text, ctx: Context) -> str:
    return t(ctx) if callable(t) else t


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
    State.INELIGIBLE: 3,
    State.SERVICE_DOWN: 3,
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
        outer.setSpacing(12)
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


class SpecScreen(Screen):
    """Words on the left (title, explanations, an alert, the buttons), a picture on the right;
    a busy state also shows a moving bar and, when it takes long, says so."""

    def __init__(self, state: State, host: Host, spec: Spec) -> None:
        super().__init__(state, host)
        self.spec = spec
        row = QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(32)
        self.words = QWidget()
        self.words.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        root = QVBoxLayout(self.words)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(16)
        row.addWidget(self.words, 1)
        self.title = label("title")
        root.addWidget(self.title)
        self.body = [label() for _ in spec.body]
        for w in self.body:
            root.addWidget(w)
        self.terms = label("terms")
        self.terms.setVisible(bool(spec.terms))
        root.addWidget(self.terms)
        self.alert = label("alert")
        root.addWidget(self.alert)
        self.progress: QProgressBar | None = None
        self.slow = label("note")
        self.slow.hide()
        if state in BUSY_STATES:
            self.progress = QProgressBar()
            self.progress.setObjectName("progress")
            self.progress.setRange(0, 0)  # moving: the kiosk is working, not frozen
            self.progress.setTextVisible(False)
            self.progress.setFixedHeight(22)
            root.addWidget(self.progress)
            root.addWidget(self.slow)
        root.addStretch(1)
        self._acts: list[tuple[Act, QPushButton]] = []
        acts = QHBoxLayout()
        acts.setSpacing(20)
        for act in spec.acts:
            b = button(act.name, act.kind, partial(self._act, act))
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._acts.append((act, b))
            acts.addWidget(b)
        root.addLayout(acts)
        self.picture = Picture(spec.picture) if spec.picture else None
        self.phone_picture: Picture | None = None
        if self.picture is not None:
            side = QVBoxLayout()
            side.addStretch(1)
            side.addWidget(self.picture)
            self.phone_picture = Picture(spec.phone_picture) if spec.phone_picture else None
            if self.phone_picture is not None:
                side.addWidget(self.phone_picture)
                self.phone_picture.hide()
            side.addStretch(2)
            row.addLayout(side)

    def _act(self, act: Act) -> None:
        self.host.post(act.event(self.model.ctx))

    def show_texts(self) -> None:
        ctx = self.model.ctx
        self.title.setText(tr(_text(self.spec.title, ctx)))
        for w, t in zip(self.body, self.spec.body, strict=True):
            words = _text(t, ctx)
            w.setText(tr(words) if words else "")
            w.setVisible(bool(words))
        if self.spec.terms:
            self.terms.setText(tr(self.spec.terms))
        alert = self.spec.alert(ctx)
        self.alert.setText(tr(alert) if alert else "")
        self.alert.setVisible(bool(alert))
        for act, b in self._acts:
            b.setText(tr(act.text))
            b.setEnabled(act.enabled(ctx))
        self.slow.setText(tr(T.SLOW_WAIT))
        if self.phone_picture is not None and self.picture is not None:
            self.phone_picture.setVisible(ctx.phone)
            self.picture.setVisible(not ctx.phone)
        self.refresh()

    def refresh(self) -> None:
        if self.progress is not None:
            self.slow.setVisible(self.host.seconds_shown() >= SLOW_WAIT_S)


# --- the simple screens ------------------------------------------------------------------


def _card_error_title(ctx: Context) -> str:
    return {
        "not_mynacard": T.NOT_MYNACARD_TITLE,
        "juki_card": T.JUKI_CARD_TITLE,
        "phone_on_card_reader": T.PHONE_ON_CARD_READER_TITLE,
        "different_card": T.DIFFERENT_CARD_TITLE,
    }.get(ctx.error or "", T.CARD_ERROR_TITLE)


def _card_error_body(ctx: Context) -> str:
    if ctx.error == "phone_on_card_reader":
        return T.PHONE_ON_CARD_READER_BODY
    if ctx.error == "different_card":
        return T.DIFFERENT_CARD_BODY
    return T.NOT_MYNACARD_BODY if ctx.error in ("juki_card", "not_mynacard") else T.CARD_ERROR_BODY


def _preparing_body(ctx: Context) -> str:
    # One camera for both: the card comes off the reader (the hint says so), not "leave it".
    return "" if ctx.front_held_up else T.WAIT_BODY


def _card_return_body(ctx: Context) -> str:
    # An unread front also brings the card back (the PIN and staff need it): say it was not read.
    return T.CARD_RETURN_UNREAD_BODY if ctx.lift_failed else T.CARD_RETURN_BODY


def _day(day: date) -> str:
    return tr(T.DATE_FORMAT).format(year=day.year, month=day.month, day=day.day)


def _cert_notice(ctx: Context) -> str:
    """The renewal notice readers give from 3 months before the card's certificate expires to
    3 months after. Returned in the patient's language already, with its dates filled in
    (tr() finds no entry for the filled-in words and leaves them as they are)."""
    expires = ctx.cert_expires
    if expires is None:
        return ""
    if ctx.cert_status is CertStatus.EXPIRING:
        return tr(T.CERT_EXPIRING_NOTE).format(date=_day(expires))
    if ctx.cert_status is CertStatus.GRACE:
        until = _day(grace_end(expires))
        return tr(T.CERT_GRACE_NOTE).format(date=_day(expires), until=until)
    return ""


def _face_failed_body(ctx: Context) -> str:
    return {
        "camera_unavailable": T.FACE_CAMERA_BODY,
        "no_card_front": T.FACE_PHOTO_BODY,
        "photo_unreadable": T.FACE_PHOTO_BODY,
        "front_unreadable": T.FACE_FRONT_BODY,
        "front_misread": T.FACE_FRONT_BODY,  # the card refused what was read
        "number_b_guard": T.FACE_GUARD_BODY,
    }.get(ctx.error or "", T.FACE_FAILED_BODY)


def _ended_reason(ctx: Context) -> str:
    if ctx.phone and ctx.error in PHONE_ENDED:
        return PHONE_ENDED[ctx.error]
    return {
        "timeout": T.ENDED_TIMEOUT,
        "cancelled": T.ENDED_CANCELLED,
        "staff_rejected": T.ENDED_REJECTED,
        "registration_declined": T.ENDED_DECLINED,
        "device_timeout": T.ENDED_DEVICE,
        "proof_rejected": T.ENDED_REFUSED,
    }.get(ctx.error or "", "")


def _phone_or(phone: str, card: str) -> Callable[[Context], str]:
    """The smartphone reception's words where the card's would say "your card"."""
    return lambda ctx: phone if ctx.phone else card


PHONE_ENDED = {
    "not_registered": T.PHONE_NOT_REGISTERED,
    "phone_no_reader": T.PHONE_NO_READER,
}


def _cert_body(ctx: Context) -> str:
    if not ctx.phone:
        return T.CERT_BODY
    return T.PHONE_CERT_REVOKED_BODY if ctx.error == "cert_revoked" else T.PHONE_CERT_EXPIRED_BODY


def _phone_hold_title(ctx: Context) -> str:
    return T.PHONE_HOLD_IPHONE_TITLE if ctx.phone_kind is PhoneKind.IPHONE else T.PHONE_HOLD_TITLE


def _phone_hold_body(ctx: Context) -> str:
    return T.PHONE_HOLD_IPHONE_BODY if ctx.phone_kind is PhoneKind.IPHONE else T.PHONE_HOLD_BODY


def _phone_hold_alert(ctx: Context) -> str:
    return {
        "phone_removed": T.PHONE_REMOVED,
        "not_a_phone": T.PHONE_NOT_A_PHONE,
        "unreadable": T.PHONE_UNREADABLE,
    }.get(ctx.error or "", "")


def _out_of_service_body(ctx: Context) -> str:
    if ctx.error == RECORDS_UNSAVED:
        return T.OUT_OF_SERVICE_RECORDS_BODY
    return T.OUT_OF_SERVICE_BODY


def _finished_note(ctx: Context) -> str:
    if ctx.consents_saved is False or (ctx.limit_provided is False and ctx.needs_staff):
        return T.FINISHED_STAFF
    return T.FINISHED_LIMIT if ctx.limit_provided else ""


def _staff_seen(ctx: Context) -> str:
    return T.STAFF_SEEN if ctx.staff_seen else ""


def _closing_take(ctx: Context) -> str:
    return T.PHONE_CLOSING if ctx.phone else T.CLOSING_CARD


def _closing_body(ctx: Context) -> str:
    """Wait to be called when the reception counts; otherwise the desk must help."""
    done = ctx.outcome is ReceptionOutcome.COMPLETE and not ctx.needs_staff
    return T.CLOSING_BODY if done else T.CLOSING_STAFF


def _face_ok(ctx: Context) -> bool:
    return ctx.face_offered()


def _pin_ok(ctx: Context) -> bool:
    return ctx.pin_offered()


def _pin_also_locked(ctx: Context) -> str:
    """After a failed face: say so when the PIN is out too, rather than offer a dead button."""
    return "" if ctx.pin_offered() else T.PIN_ALSO_LOCKED


def _face_also_unusable(ctx: Context) -> str:
    return "" if ctx.face_offered() else T.FACE_ALSO_UNUSABLE


def _pin_locked_body(ctx: Context) -> str:
    # 0 tries at the first look may also be a card issued without a PIN ([U] in docs/card.md):
    # do not tell that patient they typed it wrongly 3 times.
    return T.PIN_UNUSABLE_BODY if ctx.error == "already_locked" else T.PIN_LOCKED_BODY


def _no_camera(ctx: Context) -> str:
    return "" if ctx.face_available else T.NO_CAMERA_NOTE


def _staff_coming(ctx: Context) -> str:
    return T.STAFF_ON_THE_WAY if ctx.error == "staff_called" else ""


def _consent(title: str, body: str) -> Spec:
    return Spec(title, (body,), AGREE, alert=_staff_coming)


AGREE = (
    Act("agree", T.AGREE, lambda c: ev.ConsentAnswered(True), "primary"),
    Act("disagree", T.DISAGREE, lambda c: ev.ConsentAnswered(False)),
)
USE_PIN = Act("pin", T.SWITCH_TO_PIN, lambda c: ev.MethodChosen(PIN), enabled=_pin_ok)
ONLY_PIN = Act("pin", T.SWITCH_TO_PIN, lambda c: ev.MethodChosen(PIN), "primary", _pin_ok)
USE_FACE = Act("face", T.USE_FACE, lambda c: ev.MethodChosen(FACE), "primary", _face_ok)
CARD, FACE_PIC, KEYPAD = "card_on_reader", "face_in_frame", "keypad"
PHONE_PIC = "phone_over_reader"
PHONE_USE_CARD = Act("use_card", T.USE_CARD, lambda c: ev.UseCard())
TAKEN, STAFF = "card_taken", "staff_coming"


def _wait(title: str, picture: str = CARD) -> Spec:
    return Spec(title, (T.WAIT_BODY,), picture=picture)


SPECS: dict[State, Spec] = {
    State.IDLE: Spec(T.IDLE_TITLE, (T.IDLE_BODY,), picture=CARD),
    State.OUT_OF_SERVICE: Spec(T.OUT_OF_SERVICE_TITLE, (_out_of_service_body,), picture=STAFF),
    State.READING: _wait(T.READING_TITLE),
    State.CARD_ERROR: Spec(_card_error_title, (_card_error_body,), picture=TAKEN),
    State.CHOOSE_METHOD: Spec(
        T.CHOOSE_TITLE,
        (T.CHOOSE_BODY,),
        (USE_FACE, Act("pin", T.USE_PIN, lambda c: ev.MethodChosen(PIN), "primary", _pin_ok)),
        alert=_no_camera,
        picture="face_or_pin",
    ),
    State.FACE_PREPARING: Spec(T.FACE_PREPARING_TITLE, (_preparing_body,), picture=CARD),
    State.CARD_RETURN: Spec(
        T.CARD_RETURN_TITLE, (_card_return_body,), alert=_staff_coming, picture=CARD
    ),
    State.CARD_CHECKING: _wait(T.NUMBER_B_CHECKING_TITLE),
    State.FACE_RETRY: Spec(
        T.FACE_RETRY_TITLE,
        (T.FACE_RETRY_BODY,),
        (Act("retry", T.TRY_AGAIN, lambda c: ev.RetryFace(), "primary"), USE_PIN),
        picture=FACE_PIC,
    ),
    State.FACE_FAILED: Spec(
        T.FACE_FAILED_TITLE,
        (_face_failed_body, _pin_also_locked, _staff_seen),
        (ONLY_PIN,),
        picture=KEYPAD,
    ),
    State.PIN_CHECKING: _wait(T.PIN_CHECKING_TITLE),
    State.PIN_VERIFYING: _wait(T.PIN_VERIFYING_TITLE),
    State.PIN_LOCKED: Spec(
        T.PIN_LOCKED_TITLE,
        (_pin_locked_body, _face_also_unusable, _staff_seen),
        (USE_FACE,),
        picture=STAFF,
    ),
    # No staff keypad here: staff answer from the desk or with the staff-only corner gesture.
    State.STAFF_CALLED: Spec(T.STAFF_CALLED_TITLE, (T.STAFF_WAIT_BODY, _staff_seen), picture=STAFF),
    State.NUMBER_B_CHECKING: _wait(T.NUMBER_B_CHECKING_TITLE),
    State.NUMBER_B_VERIFYING: _wait(T.FACE_PREPARING_TITLE),
    State.QUERYING: _wait(T.QUERYING_TITLE),
    State.REGISTRATION_OFFER: Spec(
        T.REGISTRATION_TITLE,
        (T.REGISTRATION_BODY,),
        (
            Act("register", T.REGISTER, lambda c: ev.RegistrationAnswered(True), "primary"),
            Act("not_register", T.NOT_REGISTER, lambda c: ev.RegistrationAnswered(False)),
        ),
        terms=T.REGISTRATION_TERMS,
    ),
    State.REGISTERING: _wait(T.REGISTERING_TITLE),
    State.CONSENT_MEDICATION: _consent(T.CONSENT_MEDICATION_TITLE, T.CONSENT_MEDICATION_BODY),
    State.CONSENT_CHECKUP: _consent(T.CONSENT_CHECKUP_TITLE, T.CONSENT_CHECKUP_BODY),
    State.CONSENT_DIAGNOSIS: _consent(T.CONSENT_DIAGNOSIS_TITLE, T.CONSENT_DIAGNOSIS_BODY),
    State.CONSENT_OPERATION: _consent(T.CONSENT_OPERATION_TITLE, T.CONSENT_OPERATION_BODY),
    State.CONSENT_COMBINED: _consent(T.CONSENT_COMBINED_TITLE, T.CONSENT_COMBINED_BODY),
    State.PRESCRIPTION_CHOICE: Spec(
        T.PRESCRIPTION_TITLE,
        (T.PRESCRIPTION_BODY,),
        (
            Act(
                "electronic",
                T.PRESCRIPTION_ELECTRONIC,
                lambda c: ev.PrescriptionChosen(True),
                "primary",
            ),
            Act("paper", T.PRESCRIPTION_PAPER, lambda c: ev.PrescriptionChosen(False), "primary"),
        ),
    ),
    State.SUBSIDY_QUESTION: Spec(
        T.SUBSIDY_TITLE,
        (T.SUBSIDY_BODY,),
        (
            Act("use_subsidy", T.USE, lambda c: ev.SubsidyAnswered(True), "primary"),
            Act("no_subsidy", T.NOT_USE, lambda c: ev.SubsidyAnswered(False)),
        ),
    ),
    State.SAVING_CONSENTS: _wait(T.SAVING_TITLE),
    State.DONE: Spec(
        T.DONE_TITLE,
        (T.DONE_LIMIT, _phone_or("", T.DONE_THEN)),
        (
            Act("provide", T.PROVIDE, lambda c: ev.LimitAnswered(True), "primary"),
            Act("not_provide", T.NOT_PROVIDE, lambda c: ev.LimitAnswered(False)),
        ),
        alert=_cert_notice,
    ),
    State.PHONE_KIND: Spec(
        T.PHONE_KIND_TITLE,
        (T.PHONE_KIND_BODY,),
        (
            Act(
                "iphone",
                T.PHONE_KIND_NAMES["iphone"],
                lambda c: ev.PhoneKindChosen(PhoneKind.IPHONE),
                "primary",
            ),
            Act(
                "android",
                T.PHONE_KIND_NAMES["android"],
                lambda c: ev.PhoneKindChosen(PhoneKind.ANDROID),
                "primary",
            ),
        ),
        picture=PHONE_PIC,
    ),
    State.PHONE_HOLD: Spec(
        _phone_hold_title, (_phone_hold_body,), (PHONE_USE_CARD,), _phone_hold_alert, PHONE_PIC
    ),
    State.PHONE_READING: Spec(T.PHONE_READING_TITLE, (T.PHONE_READING_BODY,), picture=PHONE_PIC),
    State.PHONE_DECLINED: Spec(
        T.PHONE_DECLINED_TITLE,
        (T.PHONE_DECLINED_BODY, _staff_seen),
        (Act("retry", T.TRY_AGAIN, lambda c: ev.RetryPhone(), "primary"), PHONE_USE_CARD),
        picture=PHONE_PIC,
    ),
    State.PHONE_PIN_LOCKED: Spec(
        T.PHONE_LOCKED_TITLE,
        (T.PHONE_LOCKED_BODY, _staff_seen),
        (Act("use_card", T.USE_CARD, lambda c: ev.UseCard(), "primary"),),
        picture=CARD,
    ),
    State.SAVING_LIMIT: _wait(T.SAVING_TITLE),
    State.FINISHED: Spec(
        _phone_or(T.PHONE_FINISHED_TITLE, T.FINISHED_TITLE),
        (T.FINISHED_BODY, _finished_note),
        alert=_cert_notice,
        picture=TAKEN,
        phone_picture=PHONE_PIC,
    ),
    State.INELIGIBLE: Spec(
        T.INELIGIBLE_TITLE, (_phone_or(T.PHONE_INELIGIBLE_BODY, T.INELIGIBLE_BODY),), picture=TAKEN
    ),
    State.CERT_ERROR: Spec(
        _phone_or(T.PHONE_CERT_TITLE, T.CERT_TITLE), (_cert_body,), picture=TAKEN
    ),
    State.SERVICE_DOWN: Spec(
        T.SERVICE_DOWN_TITLE,
        (_phone_or(T.PHONE_SERVICE_DOWN_BODY, T.SERVICE_DOWN_BODY),),
        picture=TAKEN,
    ),
    State.ENDED: Spec(
        T.ENDED_TITLE, (_ended_reason, _phone_or(T.PHONE_ENDED_BODY, T.ENDED_BODY)), picture=TAKEN
    ),
    State.CONFIRM_CANCEL: Spec(
        T.CONFIRM_CANCEL_TITLE,
        (T.CONFIRM_CANCEL_BODY,),
        (
            Act("keep_going", T.KEEP_GOING, lambda c: ev.Continue(), "primary"),
            Act("cancel_yes", T.CANCEL_YES, lambda c: ev.Cancel()),
        ),
    ),
    State.CLOSING: Spec(
        T.CLOSING_TITLE, (_closing_body, _closing_take), picture=TAKEN, phone_picture=PHONE_PIC
    ),
    State.CARD_REMOVED: Spec(T.CARD_REMOVED_TITLE, (T.CARD_REMOVED_BODY,), picture=CARD),
}


class IdleScreen(SpecScreen):
    """カードを置いてください, and every language by its own name (a patient who reads only one
    of them finds it; the choice lasts until this patient's reception ends)."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host, SPECS[state])
        grid = QGridLayout()
        grid.setSpacing(14)
        self.languages: dict[str, QPushButton] = {}
        for i, code in enumerate(LANGUAGES):
            b = button(f"lang_{code}", "secondary", partial(host.choose_language, code))
            b.setText(T.LANGUAGE_NAMES[code])
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.languages[code] = b
            grid.addWidget(b, i // 3, i % 3)
        root = self.words.layout()
        assert isinstance(root, QVBoxLayout)
        root.insertLayout(root.count() - 1, grid)
        # スマートフォン: only where a phone reader is configured and there (the host knows).
        self.phone = button("phone", "primary", self._phone)
        root.insertWidget(root.count() - 1, self.phone)

    def _phone(self) -> None:
        choose = getattr(self.host, "choose_phone", None)
        if choose is not None:
            choose()

    def show_texts(self) -> None:
        super().show_texts()
        ready = getattr(self.host, "phone_ready", None)
        self.phone.setVisible(bool(ready is not None and ready()))
        self.phone.setText(tr(T.USE_PHONE))
        for code, b in self.languages.items():
            b.setProperty("kind", "primary" if code == self.host.language() else "secondary")
            b.style().unpolish(b)
            b.style().polish(b)


class PreparingScreen(SpecScreen):
    """顔認証の準備中: the card front is being read; a coaching hint when the reader needs the
    patient to move the card (glare over a printed field)."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host, SPECS[state])
        self.hint_label = label("hint")
        root = self.words.layout()
        assert isinstance(root, QVBoxLayout)
        root.insertWidget(root.indexOf(self.alert) + 1, self.hint_label)
        self._hint = ""

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        text = T.HINTS.get(hint, "")
        self.hint_label.setText(tr(text) if text else "")
        self.hint_label.setVisible(bool(text))

    def show_texts(self) -> None:
        super().show_texts()
        self.set_hint(self._hint)

    def hidden(self) -> None:
        self._hint = ""
        self.hint_label.clear()


class TimeoutScreen(SpecScreen):
    """続けますか？ with the seconds left before the reception ends."""

    def __init__(self, state: State, host: Host) -> None:
        spec = Spec(
            T.TIMEOUT_TITLE,
            ("",),
            (Act("continue", T.CONTINUE, lambda c: ev.Continue(), "primary"),),
        )
        super().__init__(state, host, spec)

    def show_texts(self) -> None:
        super().show_texts()
        self.refresh()

    def refresh(self) -> None:
        n = self.host.seconds_left(self.model)
        self.body[0].setText(tr(T.TIMEOUT_BODY).format(n=n))
        self.body[0].setVisible(True)


# --- face ----------------------------------------------------------------------------------


class FaceScreen(Screen):
    """Live preview with the guide frame, the coaching hint, and the time left."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(28)
        self.preview = Preview()
        root.addWidget(self.preview, 1)
        side = QVBoxLayout()
        side.setSpacing(10)
        self.title = label("title")
        self.body = label()
        self.hint_label = label("hint")
        self.time_left = label("note")
        for w in (self.title, self.body, self.hint_label, self.time_left):
            side.addWidget(w)
        side.addStretch(1)
        self.pin = button("pin", "secondary", lambda: host.post(ev.MethodChosen(PIN)))
        side.addWidget(self.pin)
        root.addLayout(side, 1)
        self._hint = ""

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        text = T.HINTS.get(hint, "")
        self.hint_label.setText(tr(text) if text else "")

    def show_texts(self) -> None:
        self.title.setText(tr(T.FACE_TITLE))
        self.body.setText(tr(T.FACE_BODY))
        self.pin.setText(tr(T.SWITCH_TO_PIN))
        self.set_hint(self._hint)
        self.refresh()

    def refresh(self) -> None:
        self.time_left.setText(tr(T.TIME_LEFT).format(n=self.host.seconds_left(self.model)))

    def hidden(self) -> None:
        self._hint = ""
        self.preview.clear()


# --- PIN -----------------------------------------------------------------------------------


class PinScreen(Screen):
    """The patient's PIN: digits go straight into the Session; the screen shows only dots."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(14)
        self.title = label("title")
        self.body = label("note")
        self.dots = label("mask", wrap=False)
        self.tries = label()
        self.alert = label("alert")
        for w in (self.title, self.body, self.dots, self.tries, self.alert):
            left.addWidget(w)
        left.addStretch(1)
        root.addLayout(left, 3)
        right = QVBoxLayout()
        self.keypad = Keypad(self._digit, self._delete, self._clear)
        right.addWidget(self.keypad)
        self.ok = button("ok", "primary", self._submit)
        right.addWidget(self.ok)
        root.addLayout(right, 2)

    def _digit(self, d: str) -> None:
        self.host.session().add_pin_digit(d)
        self._show_length()

    def _delete(self) -> None:
        self.host.session().delete_pin_digit()
        self._show_length()

    def _clear(self) -> None:
        self.host.session().clear_pin()
        self._show_length()

    def _submit(self) -> None:
        if self.host.session().pin_length == 4:
            self.host.post(ev.PinSubmitted())

    def _show_length(self) -> None:
        n = self.host.session().pin_length
        self.dots.setText("● " * n + "○ " * (4 - n))
        self.ok.setEnabled(n == 4)

    def alerts(self) -> list[str]:
        ctx = self.model.ctx
        alerts = []
        if ctx.error == "wrong_pin":
            alerts.append(tr(T.WRONG_PIN))
        if ctx.error == "pin_format":  # not sent to the card: no try used
            alerts.append(tr(T.PIN_FORMAT))
        if ctx.pin_tries_left == 1:
            alerts.append(tr(T.LAST_TRY))
        return alerts

    def spoken(self) -> str:
        # An error is said first: a patient looking at the keypad must hear that the PIN was wrong.
        return " ".join([*self.alerts(), self.title.plain()])

    def show_texts(self) -> None:
        ctx = self.model.ctx
        self.title.setText(tr(T.PIN_TITLE))
        self.body.setText(tr(T.PIN_BODY))
        left = ctx.pin_tries_left
        self.tries.setText(tr(T.TRIES_LEFT).format(n=left) if left is not None else "")
        alerts = self.alerts()
        self.alert.setText(" ".join(alerts))
        self.alert.setVisible(bool(alerts))
        self.keypad.clear.setText(tr(T.CLEAR))
        self.keypad.delete.setText(tr(T.DELETE))
        self.ok.setText(tr(T.OK))
        self._show_length()

    def hidden(self) -> None:
        # A PIN typed but not submitted must not survive the screen (a submitted one is
        # taken by the worker, which wipes it).
        if self.host.state() is not State.PIN_VERIFYING:
            self.host.session().clear_pin()


class PhonePinScreen(PinScreen):
    """Android: the phone certificate's own PIN. The digits wait in the Session until the phone
    is held (VERIFY needs it); each time this screen appears the PIN is typed afresh."""

    def alerts(self) -> list[str]:
        ctx = self.model.ctx
        alerts = {
            "wrong_pin": [tr(T.WRONG_PIN)],
            "pin_format": [tr(T.PIN_FORMAT)],
            "phone_removed": [tr(T.PHONE_REMOVED_PIN)],
            "kind_android": [tr(T.PHONE_IS_ANDROID)],
        }.get(ctx.error or "", [])
        if ctx.pin_tries_left == 1:
            alerts.append(tr(T.PHONE_LAST_TRY))
        return alerts

    def show_texts(self) -> None:
        super().show_texts()
        self.title.setText(tr(T.PHONE_PIN_TITLE))
        self.body.setText(tr(T.PHONE_PIN_BODY))

    def shown(self) -> None:
        self.host.session().clear_pin()
        self._show_length()

    def hidden(self) -> None:
        # The PIN goes on to the hold and the read; anywhere else it must not survive.
        if self.host.state() not in (State.PHONE_HOLD, State.PHONE_READING):
            self.host.session().clear_pin()


# --- staff ---------------------------------------------------------------------------------


class StaffPinPad(QWidget):
    """A staff PIN entry: kept in a local buffer, wiped once checked."""

    def __init__(self, on_pin: Callable[[str], None]) -> None:
        super().__init__()
        self._buf = bytearray()
        self._on_pin = on_pin
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.dots = label("mask", wrap=False)
        lay.addWidget(self.dots)
        self.keypad = Keypad(self._digit, self._delete, self.wipe)
        lay.addWidget(self.keypad)
        self.ok = button("staff_ok", "primary", self._submit)
        lay.addWidget(self.ok)
        self.wipe()

    def _digit(self, d: str) -> None:
        if len(self._buf) < 12:
            self._buf.extend(d.encode("ascii"))
        self._show()

    def _delete(self) -> None:
        if self._buf:
            del self._buf[-1]
        self._show()

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        del self._buf[:]
        self._show()

    def _show(self) -> None:
        self.dots.setText("● " * len(self._buf) or "—")
        self.ok.setEnabled(len(self._buf) >= 4)

    def _submit(self) -> None:
        pin = self._buf.decode("ascii")
        self.wipe()
        self._on_pin(pin)

    def retranslate(self) -> None:
        self.keypad.clear.setText(tr(T.CLEAR))
        self.keypad.delete.setText(tr(T.DELETE))
        self.ok.setText(tr(T.OK))


class StaffLoginScreen(Screen):
    """係員を呼びました: the patient waits; the staff member authenticates here."""

    def __init__(self, state: State, host: Host, title: str = T.STAFF_CALLED_TITLE) -> None:
        super().__init__(state, host)
        self._title = title
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(32)
        left = QVBoxLayout()
        self.title = label("title")
        self.body = label()
        self.alert = label("alert")
        for w in (self.title, self.body, self.alert):
            left.addWidget(w)
        left.addStretch(1)
        self.picture = Picture(STAFF)
        left.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignLeft)
        root.addLayout(left, 3)
        self.pad = StaffPinPad(host.check_staff)
        root.addWidget(self.pad, 2)
        self._problem = ""
        self._locked_s = 0.0

    def staff_answer(self, accepted: bool, locked_s: float) -> None:
        if accepted:
            self._problem = ""
        elif locked_s > 0:
            self._problem, self._locked_s = T.STAFF_LOCKED, locked_s
        else:
            self._problem = T.STAFF_PIN_WRONG
        self.show_texts()

    def show_texts(self) -> None:
        self.title.setText(tr(self._title))
        self.body.setText(tr(T.STAFF_CALLED_BODY))
        n = max(1, round(self._locked_s / 60))
        self.alert.setText(tr(self._problem).format(n=n) if self._problem else "")
        self.alert.setVisible(bool(self._problem))
        self.pad.retranslate()

    def hidden(self) -> None:
        self.pad.wipe()
        self._problem = ""


class StaffExitScreen(StaffLoginScreen):
    """The staff-only screen behind the corner gesture; not a flow state (shown over any screen).
    Over a reception waiting for staff its PIN switches on the visual check; with no reception
    in progress it closes the kiosk; otherwise it says why it will not."""

    def __init__(self, host: Host, on_back: Callable[[], None]) -> None:
        self.for_visual_check = False
        self.busy = False  # a reception is in progress: the PIN does not close the kiosk
        super().__init__(State.IDLE, host, T.STAFF_EXIT_TITLE)
        self.setObjectName("screen_staff_exit")
        self.steps.hide()
        self.picture.hide()
        self.leave = button("cancel", "secondary", on_back)
        self.nav.layout().addWidget(self.leave)  # type: ignore[union-attr]

    def spoken(self) -> str:
        return ""  # staff only

    def show_texts(self) -> None:
        super().show_texts()
        visual = self.for_visual_check
        self.title.setText(tr(T.STAFF_COMPARE_TITLE if visual else T.STAFF_EXIT_TITLE))
        body = T.STAFF_EXIT_BUSY if self.busy else T.STAFF_EXIT
        self.body.setText(tr(T.STAFF_VISUAL_LOGIN if visual else body))
        self.leave.setText(tr(T.BACK))


# --- staff type 照合番号B ---------------------------------------------------------------------

# The eras a living patient's card prints (令和 first: the buttons read as the card does), and
# 西暦 for foreign residents' cards. Their names are what the card prints, in every language.
ERA_BUTTONS = (("western", None), ("reiwa", "令和"), ("heisei", "平成"), ("showa", "昭和"),
               ("taisho", "大正"))  # fmt: skip
KEYPAD_WIDTH = 510  # three keys at their minimum width
PART_ORDER = ("year", "month", "day", "expiry", "code")
PART_LENGTH = {"year": 4, "month": 2, "day": 2, "expiry": 4, "code": 4, "digits": 14}
PART_FORMAT = {
    "year": T.YEAR_FIELD,
    "month": T.MONTH_FIELD,
    "day": T.DAY_FIELD,
    "expiry": T.EXPIRY_FIELD,
    "code": T.CODE_FIELD,
    "digits": T.DIGITS_FIELD,
}
NUMBER_B_PROBLEMS = {
    "birth": T.NUMBER_B_BAD_BIRTH,
    "expiry": T.NUMBER_B_BAD_EXPIRY,
    "code": T.NUMBER_B_BAD_CODE,
    "wrong_number_b": T.WRONG_NUMBER_B,
    "number_b_implausible": T.NUMBER_B_BAD_BIRTH,
}


class NumberEntry:
    """What staff typed, in bytearrays wiped on every exit: the values hold the birth date."""

    def __init__(self) -> None:
        self.parts = {name: bytearray() for name in PART_LENGTH}
        self.era: str | None = None
        self.by_digits = False
        self.active = "year"

    def max_length(self, name: str) -> int:
        return 2 if name == "year" and self.era is not None else PART_LENGTH[name]

    def add(self, digit: str) -> None:
        buf = self.parts[self.active]
        if len(buf) < self.max_length(self.active):
            buf.extend(digit.encode("ascii"))
        if len(buf) == self.max_length(self.active) and self.active in PART_ORDER[:-1]:
            self.active = PART_ORDER[PART_ORDER.index(self.active) + 1]  # the next box

    def delete(self) -> None:
        buf = self.parts[self.active]
        if buf:
            buf[-1] = 0
            del buf[-1]

    def clear(self) -> None:
        for buf in self.parts.values():
            wipe_buffer(buf)
        self.active = "digits" if self.by_digits else "year"

    def shown(self, name: str) -> str:
        """The box's digits, blanks for the rest; the 14 digits as printed: YYMMDD YYYY CCCC."""
        typed = self.parts[name].decode("ascii")
        text = typed + "_" * (self.max_length(name) - len(typed))
        return f"{text[:6]} {text[6:10]} {text[10:]}" if name == "digits" else text

    def number(self, today: date) -> str:
        """The 14 digits, or Implausible (nothing reaches the card)."""
        text = {k: v.decode("ascii") for k, v in self.parts.items()}
        if self.by_digits:
            check_digits(text["digits"], today)
            return text["digits"]
        for name, part in (("year", "birth"), ("month", "birth"), ("day", "birth"),
                           ("expiry", "expiry"), ("code", "code")):  # fmt: skip
            if not text[name]:
                raise Implausible(f"{name} missing", part)
        return typed_number_b(self.era, int(text["year"]), int(text["month"]), int(text["day"]),
                              int(text["expiry"]), text["code"], today)  # fmt: skip


class NumberBScreen(Screen):
    """Staff only: 照合番号B typed from the card front (the birth date as printed, in its era,
    the expiry year and the security code; or the 14 digits). The values are checked here and
    again by the runtime; a wrong number costs the card one try, so the tries are on screen."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        self.entry = NumberEntry()
        self._problem = ""
        self._reception: str | None = None
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(28)
        left = QVBoxLayout()
        left.setSpacing(10)
        self.title = label("title")
        self.body = label("note")
        left.addWidget(self.title)
        left.addWidget(self.body)
        self.eras: dict[str | None, QPushButton] = {}
        era_row = QHBoxLayout()
        for name, era in ERA_BUTTONS:
            b = button(f"era_{name}", "secondary", partial(self._era, era))
            b.setStyleSheet("padding: 4px 6px;")  # five in a row: narrow margins
            self.eras[era] = b
            era_row.addWidget(b)
        left.addLayout(era_row)
        self.fields = {name: button(f"nb_{name}", "secondary", partial(self._select, name))
                       for name in PART_LENGTH}  # fmt: skip
        for names in (("year", "month", "day"), ("expiry", "code"), ("digits",)):
            row = QHBoxLayout()
            for name in names:
                row.addWidget(self.fields[name])
            left.addLayout(row)
        self.tries = label()
        self.alert = label("alert")
        left.addWidget(self.tries)
        left.addWidget(self.alert)
        left.addStretch(1)
        root.addLayout(left, 1)
        right = QVBoxLayout()
        self.keypad = Keypad(self._digit, self._delete, self._clear)
        right.addWidget(self.keypad)
        self.ok = button("nb_ok", "primary", self._submit)
        right.addWidget(self.ok)
        for w in (self.keypad, self.ok):
            w.setMaximumWidth(KEYPAD_WIDTH)  # the typed values get the room
        root.addLayout(right)
        # The bottom row: the other way to type it (the 14 digits, or the printed values), and
        # the visual check instead.
        nav = self.nav.layout()
        assert isinstance(nav, QHBoxLayout)
        self.mode = button("nb_mode", "secondary", self._toggle_mode)
        nav.insertWidget(1, self.mode)
        self.visual = button("to_visual", "secondary", lambda: host.post(ev.Back()))
        nav.addWidget(self.visual)
        for b in (self.nav.back, self.nav.call, self.nav.cancel):  # never shown here: no room kept
            policy = b.sizePolicy()
            policy.setRetainSizeWhenHidden(False)
            b.setSizePolicy(policy)
        # Staff read this screen, not the patient: the patient's large text is not for it (at
        # the large size the printed values and the keypad no longer fit 1280x800).
        self.setStyleSheet(theme.style_sheet(False))

    # --- typing (the values stay in self.entry) -------------------------------------------

    def _digit(self, d: str) -> None:
        self.entry.add(d)
        self._problem = ""
        self.show_texts()

    def _delete(self) -> None:
        self.entry.delete()
        self.show_texts()

    def _clear(self) -> None:
        self.entry.clear()
        self.show_texts()

    def _select(self, name: str) -> None:
        self.entry.active = name
        self.show_texts()

    def _era(self, era: str | None) -> None:
        self.entry.era = era
        wipe_buffer(self.entry.parts["year"])  # 2 digits in an era, 4 in 西暦
        self.entry.active = "year"
        self.show_texts()

    def _toggle_mode(self) -> None:
        self.entry.by_digits = not self.entry.by_digits
        self.entry.clear()
        self._problem = ""
        self.show_texts()

    def _submit(self) -> None:
        try:
            number = self.entry.number(self.host.today())
        except Implausible as exc:
            self._problem = exc.part or "birth"
            self.show_texts()
            return
        self.host.session().set_number_b(number)
        self.entry.clear()
        self._problem = ""
        self.host.post(ev.NumberBSubmitted())

    # --- what the screen shows ------------------------------------------------------------

    def show_model(self, model: Model) -> None:
        if model.ctx.reception_id != self._reception:  # the era and the way of typing were the
            self._reception = model.ctx.reception_id  # last patient's: start afresh
            self.entry.clear()
            self.entry = NumberEntry()
        super().show_model(model)

    def _problem_text(self) -> str:
        code = self._problem or self.model.ctx.error or ""
        text = NUMBER_B_PROBLEMS.get(code, "")
        return tr(text) if text else ""

    def show_texts(self) -> None:
        ctx, entry = self.model.ctx, self.entry
        self.title.setText(tr(T.NUMBER_B_TITLE))
        self.body.setText(tr(T.NUMBER_B_BODY))
        self.mode.setText(tr(T.NUMBER_B_PARTS if entry.by_digits else T.NUMBER_B_DIGITS))
        for era, b in self.eras.items():
            b.setText(era or tr(T.WESTERN_YEAR))
            b.setVisible(not entry.by_digits)
            _choose(b, era == entry.era)
        for name, b in self.fields.items():
            b.setText(tr(PART_FORMAT[name]).format(v=entry.shown(name)))
            b.setVisible((name == "digits") == entry.by_digits)
            _choose(b, name == entry.active)
        left, allowed = ctx.number_b_tries_left, ctx.number_b_allowed
        tries = tr(T.NUMBER_B_TRIES).format(n=left, k=allowed) if left is not None else ""
        self.tries.setText(tries)
        problem = self._problem_text()
        self.alert.setText(problem)
        self.alert.setVisible(bool(problem))
        self.keypad.clear.setText(tr(T.CLEAR))
        self.keypad.delete.setText(tr(T.DELETE))
        self.ok.setText(tr(T.OK))
        self.visual.setText(tr(T.TO_VISUAL_CHECK))

    def hidden(self) -> None:
        # The typed values are the patient's birth date: gone with the screen, whatever ends it.
        self.entry.clear()
        self._problem = ""


def _choose(b: QPushButton, chosen: bool) -> None:
    kind = "primary" if chosen else "secondary"
    if b.property("kind") != kind:
        b.setProperty("kind", kind)
        b.style().unpolish(b)
        b.style().polish(b)


SEX_WORDS = {"1": T.SEX_MALE, "2": T.SEX_FEMALE, "9": T.SEX_OTHER}


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class CompareScreen(Screen):
    """目視確認: the chip photo (labelled; it never leaves the kiosk) beside the live camera, what
    the card and the eligibility answer say about the holder, and the decision. The decision
    buttons are here only when staff switched the mode on at this kiosk with their PIN; when it
    was switched on from the desk, the staff member decides there."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        root = QVBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        self.title = label("title")
        self.body = label()
        root.addWidget(self.title)
        root.addWidget(self.body)
        pics = QHBoxLayout()
        self.photo = Preview(oval=False)
        self.preview = Preview(oval=False)
        self.photo_label = label("note")
        self.live_label = label("note")
        for caption, picture in ((self.photo_label, self.photo), (self.live_label, self.preview)):
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(picture, 1)
            pics.addLayout(column)
        root.addLayout(pics, 1)
        self.facts = label()
        root.addWidget(self.facts)
        self.note = label("note")
        root.addWidget(self.note)
        row = QHBoxLayout()
        self.approve = button("approve", "primary", lambda: host.post(ev.StaffDecided(True)))
        self.reject = button("reject", "secondary", lambda: host.post(ev.StaffDecided(False)))
        self.back = button("back", "secondary", lambda: host.post(ev.Back()))
        for b in (self.approve, self.reject, self.back):
            row.addWidget(b)
        root.addLayout(row)
        # In the (otherwise empty) bottom row: the decision row stays as it was.
        self.number_b = button(
            "type_number_b", "secondary", lambda: host.post(ev.NumberBEntryChosen())
        )
        self.nav.layout().addWidget(self.number_b)  # type: ignore[union-attr]

    def _facts(self) -> str:
        session = self.host.session()
        lines = []
        card = session.extra.get("card_face")
        if card is not None:
            born, sex = card
            lines.append(tr(T.CARD_FACTS).format(
                birth=born.strftime("%Y-%m-%d"), age=_age(born, self.host.today()),
                sex=tr(SEX_WORDS.get(sex, T.SEX_OTHER)),
            ))  # fmt: skip
        name = getattr(session.qualification, "name", None)
        shown = patient_facing_name(name) if isinstance(name, str) else None
        if shown:  # a name with ● is never shown on the kiosk as if it were the patient's
            lines.append(tr(T.NAME_FACT).format(name=shown))
        return "\n".join(lines) or tr(T.NO_FACTS)

    def show_texts(self) -> None:
        at_kiosk = self.model.ctx.staff_route == "kiosk"
        self.title.setText(tr(T.STAFF_COMPARE_TITLE))
        self.body.setText(tr(T.STAFF_COMPARE_BODY))
        self.photo_label.setText(tr(T.CHIP_PHOTO_LABEL))
        self.live_label.setText(tr(T.LIVE_LABEL))
        self.facts.setText(self._facts())
        self.approve.setText(tr(T.APPROVE))
        self.reject.setText(tr(T.REJECT))
        self.back.setText(tr(T.BACK))
        self.number_b.setText(tr(T.TYPE_NUMBER_B))
        for b in (self.approve, self.reject, self.back):
            b.setVisible(at_kiosk)
        # Typing 照合番号B gives the patient the face check (staff at the kiosk only).
        self.number_b.setVisible(at_kiosk and self.model.ctx.number_b_typable())
        has_photo = self.photo._image is not None
        notes = [] if has_photo else [tr(T.NO_CHIP_PHOTO)]
        if self.model.ctx.error == "number_b_guard":
            notes.insert(0, tr(T.NUMBER_B_STOPPED))
        if not at_kiosk:
            notes.append(tr(T.DESK_DECIDES))
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

    def shown(self) -> None:
        self.photo.set_image(self.host.chip_photo())
        self.show_texts()

    def hidden(self) -> None:
        self.photo.clear()  # the chip photo is the patient's: gone with the screen
        self.preview.clear()


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
