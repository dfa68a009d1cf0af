"""One screen per flow state. Simple screens are rows of SPECS (title, explanations, buttons);
the face, PIN, staff and visual-check screens are their own classes. Buttons post flow events;
the PIN keypad writes digits into the reception's Session and posts only PinSubmitted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.eligibility.names import patient_facing_name
from kiosk.flow import events as ev
from kiosk.flow.machine import TRANSITIONS
from kiosk.flow.model import Context, Model, State
from kiosk.flow.session import Session
from kiosk.ports import VerificationMethod
from kiosk.ui import texts as T
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Keypad, Preview, button, label

FACE, PIN = VerificationMethod.FACE, VerificationMethod.PIN


class Host(Protocol):
    """What a screen needs from the window."""

    def post(self, event: ev.Event) -> None: ...

    def session(self) -> Session: ...

    def seconds_left(self, model: Model) -> int: ...

    def check_staff(self, pin: str) -> None: ...

    def chip_photo(self) -> QImage | None: ...

    def state(self) -> State: ...


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


def _text(t: Text, ctx: Context) -> str:
    return t(ctx) if callable(t) else t


class Screen(QWidget):
    def __init__(self, state: State, host: Host) -> None:
        super().__init__()
        self.state = state
        self.host = host
        self.model = Model(state)
        self.setObjectName(f"screen_{state.value}")

    def show_model(self, model: Model) -> None:
        self.model = model
        self.show_texts()

    def show_texts(self) -> None:
        """Set every text from the model in the current language."""

    def refresh(self) -> None:
        """Called on every tick while shown (countdowns)."""

    def shown(self) -> None:
        pass

    def hidden(self) -> None:
        pass

    def buttons(self) -> dict[str, QPushButton]:
        return {b.objectName(): b for b in self.findChildren(QPushButton)}


def _leave_acts(state: State) -> tuple[Act, ...]:
    """Cancel and Call staff wherever the flow accepts them, so the two always agree."""
    accepted = TRANSITIONS.get(state, {})
    acts = []
    if ev.CallStaff in accepted:
        acts.append(Act("call_staff", T.CALL_STAFF, lambda c: ev.CallStaff()))
    if ev.Cancel in accepted:
        acts.append(Act("cancel", T.CANCEL, lambda c: ev.Cancel()))
    return tuple(acts)


class SpecScreen(Screen):
    def __init__(self, state: State, host: Host, spec: Spec) -> None:
        super().__init__(state, host)
        self.spec = spec
        root = QVBoxLayout(self)
        root.setContentsMargins(48, 32, 48, 32)
        root.setSpacing(18)
        self.title = label("title")
        root.addWidget(self.title)
        self.body = [label() for _ in spec.body]
        for w in self.body:
            root.addWidget(w)
        self.alert = label("alert")
        root.addWidget(self.alert)
        root.addStretch(1)
        self._acts: list[tuple[Act, QPushButton]] = []
        root.addLayout(self._row(spec.acts))
        root.addLayout(self._row(_leave_acts(state), Qt.AlignmentFlag.AlignRight))

    def _row(self, acts: tuple[Act, ...], align: Qt.AlignmentFlag | None = None) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(20)
        if align is not None:
            row.addStretch(1)
        for act in acts:
            b = button(act.name, act.kind, partial(self._act, act))
            self._acts.append((act, b))
            row.addWidget(b)
        return row

    def _act(self, act: Act) -> None:
        self.host.post(act.event(self.model.ctx))

    def show_texts(self) -> None:
        ctx = self.model.ctx
        self.title.setText(tr(_text(self.spec.title, ctx)))
        for w, t in zip(self.body, self.spec.body, strict=True):
            words = _text(t, ctx)
            w.setText(tr(words) if words else "")
            w.setVisible(bool(words))
        alert = self.spec.alert(ctx)
        self.alert.setText(tr(alert) if alert else "")
        self.alert.setVisible(bool(alert))
        for act, b in self._acts:
            b.setText(tr(act.text))
            b.setEnabled(act.enabled(ctx))


# --- the simple screens ------------------------------------------------------------------


def _card_error_title(ctx: Context) -> str:
    return T.NOT_MYNACARD_TITLE if ctx.error == "not_mynacard" else T.CARD_ERROR_TITLE


def _face_failed_body(ctx: Context) -> str:
    return {
        "camera_unavailable": T.FACE_CAMERA_BODY,
        "no_card_front": T.FACE_PHOTO_BODY,
        "photo_unreadable": T.FACE_PHOTO_BODY,
        "front_unreadable": T.FACE_FRONT_BODY,
        "number_b_guard": T.FACE_GUARD_BODY,
    }.get(ctx.error or "", T.FACE_FAILED_BODY)


def _ended_reason(ctx: Context) -> str:
    return {
        "timeout": T.ENDED_TIMEOUT,
        "staff_rejected": T.ENDED_REJECTED,
        "registration_declined": T.ENDED_DECLINED,
        "device_timeout": T.ENDED_DEVICE,
        "proof_rejected": T.ENDED_REFUSED,
    }.get(ctx.error or "", "")


def _finished_note(ctx: Context) -> str:
    if ctx.consents_saved is False or (ctx.limit_provided is False and ctx.needs_staff):
        return T.FINISHED_STAFF
    return T.FINISHED_LIMIT if ctx.limit_provided else ""


def _staff_seen(ctx: Context) -> str:
    return T.STAFF_SEEN if ctx.staff_seen else ""


def _face_ok(ctx: Context) -> bool:
    return ctx.face_available


def _no_camera(ctx: Context) -> str:
    return "" if ctx.face_available else T.NO_CAMERA_NOTE


AGREE = (
    Act("agree", T.AGREE, lambda c: ev.ConsentAnswered(True), "primary"),
    Act("disagree", T.DISAGREE, lambda c: ev.ConsentAnswered(False)),
)
USE_PIN = Act("pin", T.SWITCH_TO_PIN, lambda c: ev.MethodChosen(PIN))
USE_FACE = Act("face", T.USE_FACE, lambda c: ev.MethodChosen(FACE), "primary", _face_ok)


SPECS: dict[State, Spec] = {
    State.IDLE: Spec(T.IDLE_TITLE, (T.IDLE_BODY,)),
    State.OUT_OF_SERVICE: Spec(T.OUT_OF_SERVICE_TITLE, (T.OUT_OF_SERVICE_BODY,)),
    State.READING: Spec(T.READING_TITLE, (T.WAIT_BODY,)),
    State.CARD_ERROR: Spec(_card_error_title, (T.CARD_ERROR_BODY,)),
    State.CHOOSE_METHOD: Spec(
        T.CHOOSE_TITLE,
        (T.CHOOSE_BODY,),
        (USE_FACE, Act("pin", T.USE_PIN, lambda c: ev.MethodChosen(PIN), "primary")),
        alert=_no_camera,
    ),
    State.FACE_PREPARING: Spec(T.FACE_PREPARING_TITLE, (T.WAIT_BODY,)),
    State.FACE_RETRY: Spec(
        T.FACE_RETRY_TITLE,
        (T.FACE_RETRY_BODY,),
        (Act("retry", T.TRY_AGAIN, lambda c: ev.RetryFace(), "primary"), USE_PIN),
    ),
    State.FACE_FAILED: Spec(T.FACE_FAILED_TITLE, (_face_failed_body, _staff_seen), (USE_PIN,)),
    State.PIN_CHECKING: Spec(T.PIN_CHECKING_TITLE, (T.WAIT_BODY,)),
    State.PIN_VERIFYING: Spec(T.PIN_VERIFYING_TITLE, (T.WAIT_BODY,)),
    State.PIN_LOCKED: Spec(T.PIN_LOCKED_TITLE, (T.PIN_LOCKED_BODY, _staff_seen), (USE_FACE,)),
    # No staff keypad here: staff answer from the desk or with the staff-only corner gesture.
    State.STAFF_CALLED: Spec(T.STAFF_CALLED_TITLE, (T.STAFF_WAIT_BODY, _staff_seen)),
    State.QUERYING: Spec(T.QUERYING_TITLE, (T.WAIT_BODY,)),
    State.REGISTRATION_OFFER: Spec(
        T.REGISTRATION_TITLE,
        (T.REGISTRATION_BODY,),
        (
            Act("register", T.REGISTER, lambda c: ev.RegistrationAnswered(True), "primary"),
            Act("not_register", T.NOT_REGISTER, lambda c: ev.RegistrationAnswered(False)),
        ),
    ),
    State.REGISTERING: Spec(T.REGISTERING_TITLE, (T.WAIT_BODY,)),
    State.CONSENT_MEDICATION: Spec(T.CONSENT_MEDICATION_TITLE, (T.CONSENT_MEDICATION_BODY,), AGREE),
    State.CONSENT_CHECKUP: Spec(T.CONSENT_CHECKUP_TITLE, (T.CONSENT_CHECKUP_BODY,), AGREE),
    State.CONSENT_DIAGNOSIS: Spec(T.CONSENT_DIAGNOSIS_TITLE, (T.CONSENT_DIAGNOSIS_BODY,), AGREE),
    State.CONSENT_OPERATION: Spec(T.CONSENT_OPERATION_TITLE, (T.CONSENT_OPERATION_BODY,), AGREE),
    State.CONSENT_COMBINED: Spec(T.CONSENT_COMBINED_TITLE, (T.CONSENT_COMBINED_BODY,), AGREE),
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
    State.SAVING_CONSENTS: Spec(T.SAVING_TITLE, (T.WAIT_BODY,)),
    State.DONE: Spec(
        T.DONE_TITLE,
        (T.DONE_BODY, T.DONE_LIMIT),
        (
            Act("provide", T.PROVIDE, lambda c: ev.LimitAnswered(True), "primary"),
            Act("not_provide", T.NOT_PROVIDE, lambda c: ev.LimitAnswered(False)),
        ),
    ),
    State.SAVING_LIMIT: Spec(T.SAVING_TITLE, (T.WAIT_BODY,)),
    State.FINISHED: Spec(T.FINISHED_TITLE, (T.FINISHED_BODY, _finished_note)),
    State.INELIGIBLE: Spec(T.INELIGIBLE_TITLE, (T.INELIGIBLE_BODY,)),
    State.CERT_ERROR: Spec(T.CERT_TITLE, (T.CERT_BODY,)),
    State.SERVICE_DOWN: Spec(T.SERVICE_DOWN_TITLE, (T.SERVICE_DOWN_BODY,)),
    State.ENDED: Spec(T.ENDED_TITLE, (_ended_reason, T.ENDED_BODY)),
}


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
    """Live preview with the guide oval, the coaching hint, and the time left."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        root = QHBoxLayout(self)
        root.setContentsMargins(32, 24, 32, 24)
        root.setSpacing(28)
        self.preview = Preview()
        root.addWidget(self.preview, 3)
        side = QVBoxLayout()
        side.setSpacing(16)
        self.title = label("title")
        self.body = label()
        self.hint_label = label("hint")
        self.time_left = label("note")
        for w in (self.title, self.body, self.hint_label, self.time_left):
            side.addWidget(w)
        side.addStretch(1)
        self.pin = button("pin", "secondary", lambda: host.post(ev.MethodChosen(PIN)))
        self.call = button("call_staff", "secondary", lambda: host.post(ev.CallStaff()))
        self.cancel = button("cancel", "secondary", lambda: host.post(ev.Cancel()))
        for b in (self.pin, self.call, self.cancel):
            side.addWidget(b)
        root.addLayout(side, 2)
        self._hint = ""

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        text = T.HINTS.get(hint, "")
        self.hint_label.setText(tr(text) if text else "")

    def show_texts(self) -> None:
        self.title.setText(tr(T.FACE_TITLE))
        self.body.setText(tr(T.FACE_BODY))
        self.pin.setText(tr(T.SWITCH_TO_PIN))
        self.call.setText(tr(T.CALL_STAFF))
        self.cancel.setText(tr(T.CANCEL))
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
        root = QHBoxLayout(self)
        root.setContentsMargins(40, 24, 40, 24)
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
        row = QHBoxLayout()
        self.back = button("back", "secondary", lambda: host.post(ev.Back()))
        self.call = button("call_staff", "secondary", lambda: host.post(ev.CallStaff()))
        self.cancel = button("cancel", "secondary", lambda: host.post(ev.Cancel()))
        for b in (self.back, self.call, self.cancel):
            row.addWidget(b)
        left.addLayout(row)
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

    def show_texts(self) -> None:
        ctx = self.model.ctx
        self.title.setText(tr(T.PIN_TITLE))
        self.body.setText(tr(T.PIN_BODY))
        left = ctx.pin_tries_left
        self.tries.setText(tr(T.TRIES_LEFT).format(n=left) if left is not None else "")
        alerts = []
        if ctx.error == "wrong_pin":
            alerts.append(tr(T.WRONG_PIN))
        if ctx.error == "pin_format":  # not sent to the card: no try used
            alerts.append(tr(T.PIN_FORMAT))
        if left == 1:
            alerts.append(tr(T.LAST_TRY))
        self.alert.setText(" ".join(alerts))
        self.alert.setVisible(bool(alerts))
        self.keypad.clear.setText(tr(T.CLEAR))
        self.keypad.delete.setText(tr(T.DELETE))
        self.ok.setText(tr(T.OK))
        self.back.setText(tr(T.BACK))
        self.call.setText(tr(T.CALL_STAFF))
        self.cancel.setText(tr(T.CANCEL))
        self._show_length()

    def hidden(self) -> None:
        # A PIN typed but not submitted must not survive the screen (a submitted one is
        # taken by the worker, which wipes it).
        if self.host.state() is not State.PIN_VERIFYING:
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
        root = QHBoxLayout(self)
        root.setContentsMargins(40, 24, 40, 24)
        root.setSpacing(32)
        left = QVBoxLayout()
        self.title = label("title")
        self.body = label()
        self.alert = label("alert")
        for w in (self.title, self.body, self.alert):
            left.addWidget(w)
        left.addStretch(1)
        self.cancel = button("cancel", "secondary", self.on_cancel)
        left.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        root.addLayout(left, 3)
        self.pad = StaffPinPad(host.check_staff)
        root.addWidget(self.pad, 2)
        self._problem = ""
        self._locked_s = 0.0

    def on_cancel(self) -> None:
        self.host.post(ev.Cancel())

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
        self.cancel.setText(tr(T.CANCEL))
        self.pad.retranslate()

    def hidden(self) -> None:
        self.pad.wipe()
        self._problem = ""


class StaffExitScreen(StaffLoginScreen):
    """The staff-only screen behind the corner gesture; not a flow state (shown over any screen).
    Over a reception waiting for staff its PIN switches on the visual check, else it closes the
    kiosk."""

    def __init__(self, host: Host, on_back: Callable[[], None]) -> None:
        self._on_back = on_back
        self.for_visual_check = False
        super().__init__(State.IDLE, host, T.STAFF_EXIT_TITLE)
        self.setObjectName("screen_staff_exit")

    def on_cancel(self) -> None:
        self._on_back()

    def show_texts(self) -> None:
        super().show_texts()
        visual = self.for_visual_check
        self.title.setText(tr(T.STAFF_COMPARE_TITLE if visual else T.STAFF_EXIT_TITLE))
        self.body.setText(tr(T.STAFF_VISUAL_LOGIN if visual else T.STAFF_EXIT))
        self.cancel.setText(tr(T.BACK))


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
        root = QVBoxLayout(self)
        root.setContentsMargins(40, 24, 40, 24)
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

    def _facts(self) -> str:
        session = self.host.session()
        lines = []
        card = session.extra.get("card_face")
        if card is not None:
            born, sex = card
            lines.append(tr(T.CARD_FACTS).format(
                birth=born.strftime("%Y-%m-%d"), age=_age(born, date.today()),
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
        for b in (self.approve, self.reject, self.back):
            b.setVisible(at_kiosk)
        has_photo = self.photo._image is not None
        notes = [] if has_photo else [tr(T.NO_CHIP_PHOTO)]
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
    State.FACE_VERIFYING: FaceScreen,
    State.PIN_ENTRY: PinScreen,
    State.STAFF_COMPARE: CompareScreen,
    State.TIMEOUT_WARNING: TimeoutScreen,
}


def make_screen(state: State, host: Host) -> Screen:
    if state in SCREEN_CLASSES:
        return SCREEN_CLASSES[state](state, host)
    return SpecScreen(state, host, SPECS[state])
