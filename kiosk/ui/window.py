"""The kiosk window: a top bar (language, large text, the hidden staff corner), one screen per
flow state in a stack, and the take-your-card reminder. It shows what the controller says and
turns touches into flow events; it never waits on a device."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow import events as ev
from kiosk.flow.machine import TRANSITIONS
from kiosk.flow.model import AFTER_STATES, END_STATES, Model, State
from kiosk.flow.session import Session
from kiosk.ports import FaceBox
from kiosk.ui import texts as T
from kiosk.ui import theme
from kiosk.ui.controller import KioskController
from kiosk.ui.i18n import Translations
from kiosk.ui.keys import KeyControl
from kiosk.ui.screens import (
    CompareScreen,
    FaceScreen,
    PreparingScreen,
    Screen,
    StaffExitScreen,
    StaffLoginScreen,
    make_screen,
)
from kiosk.ui.texts import sentences, tr
from kiosk.ui.voice import Voice
from kiosk.ui.widgets import Words, button, label

if TYPE_CHECKING:  # the face package loads dlib's models: not before the idle screen
    from kiosk.face.camera import Camera, Frame

log = logging.getLogger("kiosk.ui")

BASE_SIZE = (1280, 800)
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
EXIT_TAPS = 5
EXIT_WINDOW_S = 4.0
# Where staff may close the kiosk: no patient is in the middle of a reception.
CLOSABLE_STATES = frozenset({State.IDLE, State.OUT_OF_SERVICE, *AFTER_STATES})
STAFF_SCREEN_S = 30.0  # the staff screen gives the kiosk back to the patient after this
PREVIEW_STATES = frozenset({State.FACE_VERIFYING, State.STAFF_COMPARE})


def frame_to_image(frame: Frame) -> QImage:
    """RGB frame → a mirrored QImage copy (the patient sees a mirror, as people expect)."""
    import numpy as np  # on the camera's thread, once frames come: not before the idle screen

    rgb = np.ascontiguousarray(frame.image[:, ::-1])
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class FrameRelay(QObject):
    """Camera thread → GUI thread, newest frame only: a frame that arrives while the previous
    one is still queued replaces it instead of piling up."""

    ready = Signal()

    def __init__(self, camera: Camera | None) -> None:
        super().__init__()
        self.camera = camera
        self._latest: QImage | None = None
        self._queued = False
        self._attached = False

    def attach(self) -> None:
        if self.camera is not None and not self._attached:
            self.camera.add_listener(self._on_frame)
            self._attached = True

    def detach(self) -> None:
        if self.camera is not None and self._attached:
            self.camera.remove_listener(self._on_frame)
            self._attached = False
        self._latest = None

    def _on_frame(self, frame: Frame) -> None:
        self._latest = frame_to_image(frame)
        if not self._queued:
            self._queued = True
            self.ready.emit()

    def take(self) -> QImage | None:
        self._queued = False
        image, self._latest = self._latest, None
        return image


class Screens(dict[State, Screen]):
    """The flow's screens by state, each built the first time it is asked for: the window
    starts with the idle screen only and builds the rest after its first paint (``_build_next``),
    so the patient sees the kiosk sooner (docs/ui.md, start-up)."""

    def __init__(self, build: Callable[[State], Screen]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, state: State) -> Screen:
        screen = self[state] = self._build(state)
        return screen


class KioskWindow(QWidget):
    exit_requested = Signal()  # staff confirmed the exit gesture with a staff PIN

    def __init__(
        self,
        controller: KioskController,
        camera: Camera | None = None,
        *,
        language: str = "ja",
        large_text: bool = False,
        voice: bool = False,
        voice_player: list[str] | None = None,
        voice_headphones: str = "",
        clinic_name: str = "",
    ) -> None:
        super().__init__()
        self.clinic_name = clinic_name
        self.setObjectName("kiosk")
        self.controller = controller
        self.translations = Translations()
        self.large_text = large_text
        # The clinic's choice; a patient's own choice lasts until their reception ends.
        self.default_language, self.default_large_text = language, large_text
        self.voice = Voice(voice, voice_player, headphones=voice_headphones)
        self._headphones_said = False  # 「ヘッドホンから」 once a reception, on its first words
        self._shown_at = 0.0
        self._last_state = State.IDLE
        self._said: tuple[object, ...] = ()  # what the last screen said, by state and error
        self.frames = FrameRelay(camera)
        self.frames.ready.connect(self._show_frame)
        self._taps: list[float] = []
        self._shut_down = False  # closeEvent lets the window close only after shutdown()
        self._staff_since: float | None = None  # when the staff screen opened
        self._staff_over: State = State.IDLE  # the flow state it opened over
        self._painted = False  # the first paint is logged: the start-up bench times it
        self.resize(*BASE_SIZE)

        root = QVBoxLayout(self)
        # The window's size is the screen's: no minimum pushed to the platform window.
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._bar())
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.reminder = label("reminder")
        self.reminder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reminder.hide()
        root.addWidget(self.reminder)
        # A card and a phone at once: the one that came second is told to wait (kiosk.flow.phone).
        self.other_device = label("other_device")
        self.other_device.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.other_device.hide()
        root.addWidget(self.other_device)

        self.screens = Screens(self._make_screen)
        self._current: Screen = self.screens[State.IDLE]
        self.exit_screen = StaffExitScreen(self, self._leave_exit)
        self.stack.addWidget(self.exit_screen)
        # One screen per event-loop turn (each a few ms): touches and paints go in between.
        self._builder = QTimer(self)
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_next)

        controller.model_changed.connect(self.show_model)
        controller.ticked.connect(self._tick)
        controller.hint.connect(self._hint)
        controller.face_seen.connect(self._face_seen)
        controller.remind.connect(self._remind)
        controller.staff_checked.connect(self._staff_checked)
        app = QApplication.instance()
        # The USB keypad (kiosk.ui.keys): its own filter, ahead of nothing else of ours.
        self.keys = KeyControl(self)
        if app is not None:
            app.installEventFilter(self)
            app.installEventFilter(self.keys)
        # One retranslation of the 49 screens at start, not two (start-up time, docs/ui.md).
        self.large_text = large_text
        self.setStyleSheet(theme.style_sheet(large_text))
        self.set_language(language)

    def _make_screen(self, state: State) -> Screen:
        screen = make_screen(state, self)
        self.stack.addWidget(screen)
        screen.update_texts()  # in the language and size chosen before it was built
        return screen

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if len(self.screens) < len(State) and not self._shut_down:
            self._builder.start()

    def _build_next(self) -> None:
        missing = next((s for s in State if s not in self.screens), None)
        if missing is None:
            self._builder.stop()
        else:
            self.screens[missing]  # builds it

    # --- the top bar ---------------------------------------------------------------------

    def _bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 4, 16, 4)
        row.setSpacing(12)
        self.corner = button("staff_corner", "corner", self._corner_tapped)
        self.corner.setFixedSize(90, 80)
        row.addWidget(self.corner)
        # The clinic's name where the bar had empty space: the patient sees where they are.
        # A proper name, never translated; a long one wraps rather than pushing the buttons.
        self.clinic = label("clinic_name")
        self.clinic.setText(self.clinic_name)
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.clinic.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.clinic, 1)
        # Every language is on the idle screen; during a reception this one button switches
        # between Japanese and the patient's language.
        self.lang_button = button("lang", "bar", self._toggle_language)
        row.addWidget(self.lang_button)
        self.large_button = button("large_text", "bar", self._toggle_large_text)
        row.addWidget(self.large_button)
        # Only where the clinic turned the voice on: a button that does nothing must not be there.
        self.again_button = button("say_again", "bar", self.say_again)
        self.again_button.setVisible(self.voice.enabled)
        row.insertWidget(2, self.again_button)  # before the language and the text size
        self._other_language = "en"
        return bar

    def choose_language(self, language: str) -> None:
        if language != "ja":
            self._other_language = language
        self.set_language(language)
        log.info("patient chose language %s", language)

    def _toggle_large_text(self) -> None:
        self.set_large_text(not self.large_text)
        log.info("patient chose large text %s", "on" if self.large_text else "off")

    def _toggle_language(self) -> None:
        self.set_language(self._other_language if self.translations.language == "ja" else "ja")

    def set_language(self, language: str) -> None:
        self.translations.set_language(language)
        Words.japanese = language == "ja"
        other = self._other_language if language == "ja" else "ja"
        self.lang_button.setText(T.LANGUAGE_NAMES[other])
        self._retranslate()

    def language(self) -> str:
        return self.translations.language

    def set_large_text(self, large: bool) -> None:
        self.large_text = large
        self.setStyleSheet(theme.style_sheet(large))
        self._retranslate()

    def reset_patient_settings(self) -> None:
        """Between patients: the clinic's language and text size again."""
        if (self.translations.language, self.large_text) == (
            self.default_language,
            self.default_large_text,
        ):
            return
        self._other_language = "en"
        self.set_language(self.default_language)
        self.set_large_text(self.default_large_text)
        log.info("patient settings reset: %s, large text %s", self.default_language,
                 "on" if self.default_large_text else "off")  # fmt: skip

    def _show_language_choice(self, state: State) -> None:
        self.lang_button.setVisible(state is not State.IDLE)

    def _retranslate(self) -> None:
        self.large_button.setText(tr(T.NORMAL_TEXT if self.large_text else T.LARGE_TEXT))
        self.again_button.setText(tr(T.SAY_AGAIN))
        phone = self.controller.model.ctx.phone
        self.reminder.setText(tr(T.PHONE_TAKE_REMINDER if phone else T.TAKE_CARD_REMINDER))
        self._hold_reminder_space(self.controller.model)  # its words' height in this language
        self._show_other_device(self.controller.model)
        for screen in (*self.screens.values(), self.exit_screen):
            screen.update_texts()

    # --- what the controller says --------------------------------------------------------

    @property
    def current(self) -> Screen:
        return self._current

    def show_model(self, model: Model) -> None:
        screen = self.screens[model.state]
        before, self._last_state = self._last_state, model.state
        new_patient = model.state is State.READING and before in AFTER_STATES
        walked_away = model.state in AFTER_STATES and model.ctx.walked_away
        if (model.state is State.IDLE and before is not State.IDLE) or new_patient or walked_away:
            # The reception ended (or its card, left behind, was taken by someone else, most
            # likely staff or the next patient): the next person starts fresh.
            self.reset_patient_settings()
        self._show_language_choice(model.state)
        self._hold_reminder_space(model)
        self._show_other_device(model)
        if self.stack.currentWidget() is self.exit_screen:
            if model.state is self._staff_over:
                screen.show_model(model)  # staff are busy; the state screen waits underneath
                return
            self._leave_exit()  # a card placed or the reception moved on: show it, never hide it
        changed = screen is not self._current
        self._switch(screen)
        screen.show_model(model)
        # A screen is said once as it appears; on the PIN screen again only when what it says
        # changed (a wrong PIN), never on every model update a keypad tap brings.
        said = (model.state, model.ctx.error, model.ctx.pin_tries_left)
        if changed or (model.state is State.PIN_ENTRY and said != self._said):
            self._speak(screen)
        self._said = said

    def _hold_reminder_space(self, model: Model) -> None:
        """On an end screen the take-your-card reminder's place is kept from the start, so the
        reminder coming up later does not push the picture up (a steady layout); elsewhere it
        takes no room."""
        end = model.state in END_STATES
        self.reminder.setMaximumHeight(QWIDGETSIZE_MAX)  # a place kept before is let go
        if end:  # its words now, and the height they take across the window: kept as it is
            self.reminder.setText(
                tr(T.PHONE_TAKE_REMINDER if model.ctx.phone else T.TAKE_CARD_REMINDER)
            )
            self.reminder.ensurePolished()  # never shown yet: its style's font not applied
            self.reminder.setMinimumHeight(0)  # setText held the height at its last width
            self.reminder.setFixedHeight(self.reminder.heightForWidth(self.width()))
        else:
            self.reminder.hide()
            self.reminder.setMinimumHeight(0)
        policy = self.reminder.sizePolicy()
        if policy.retainSizeWhenHidden() != end:
            policy.setRetainSizeWhenHidden(end)
            self.reminder.setSizePolicy(policy)
            root = self.layout()
            if root is not None:  # a hidden widget's new policy does not ask for a layout
                root.invalidate()

    def _show_other_device(self, model: Model) -> None:
        words = {"card": T.OTHER_DEVICE_CARD, "phone": T.OTHER_DEVICE_PHONE}.get(
            model.ctx.other_device or ""
        )
        self.other_device.setText(tr(words) if words else "")
        self.other_device.setVisible(words is not None)

    def _switch(self, screen: Screen) -> None:
        if screen is self._current and self.stack.currentWidget() is screen:
            return
        self._current.hidden()
        self._current = screen
        self.keys.reset()
        self._shown_at = self.controller.clock.monotonic()
        self.stack.setCurrentWidget(screen)
        if screen.state in PREVIEW_STATES and screen is not self.exit_screen:
            self.frames.attach()
        else:
            self.frames.detach()
        screen.shown()

    def _speak(self, screen: Screen) -> None:
        """Each new screen says its title (the idle screen stays quiet between patients; a
        wrong PIN is said again on the same screen). Staff-only screens say nothing."""
        if screen is self.screens[State.IDLE]:
            self._headphones_said = False
            self.voice.stop()
            return
        words = screen.spoken()
        if words and self.voice.headphones and not self._headphones_said:
            self._headphones_said = True
            words = sentences([tr(T.VOICE_HEADPHONES), words])
        if words:
            self.say(words)
        else:
            self.voice.stop()

    def say(self, words: str) -> None:
        """Say this now in the patient's language (the keypad's focus and counts too)."""
        self.voice.say(words, self.translations.language)

    def say_again(self) -> None:
        """もう一度聞く (and the keypad's "*"): the screen's words again, the idle screen's too
        (asked for, not said unasked between patients); staff screens say nothing."""
        words = self._current.spoken()
        if words:
            self.say(words)

    def _tick(self) -> None:
        since = self._staff_since
        if since is not None and self.controller.clock.monotonic() - since > STAFF_SCREEN_S:
            self._leave_exit()
        self._current.refresh()

    def _hint(self, hint: str) -> None:
        # The card-front reader's hints go to the preparing screen, the face's to the face's.
        front = hint in T.CARD_FRONT_HINTS
        screen = self.screens[State.FACE_PREPARING if front else State.FACE_VERIFYING]
        if isinstance(screen, (FaceScreen, PreparingScreen)):
            screen.set_hint(hint)
        if front:
            log.info("hint shown: %s on %s", hint, screen.state.value)

    def _face_seen(self, box: FaceBox | None) -> None:
        screen = self.screens[State.FACE_VERIFYING]
        if isinstance(screen, FaceScreen):
            screen.set_face(box)

    def _remind(self) -> None:
        phone = self.controller.model.ctx.phone
        self.reminder.setText(tr(T.PHONE_TAKE_REMINDER if phone else T.TAKE_CARD_REMINDER))
        self.reminder.show()
        QApplication.beep()
        self.voice.remind(self.reminder.text(), self.translations.language)

    def _show_frame(self) -> None:
        image = self.frames.take()
        screen = self._current
        if isinstance(screen, (FaceScreen, CompareScreen)):
            screen.preview.set_image(image)

    # --- staff ---------------------------------------------------------------------------

    def _corner_tapped(self) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < EXIT_WINDOW_S] + [now]
        if len(self._taps) >= EXIT_TAPS:
            self._taps = []
            self._staff_since = self.controller.clock.monotonic()
            self._staff_over = self.controller.model.state
            self.exit_screen.for_visual_check = self._visual_check_possible()
            self.exit_screen.busy = self._reception_in_progress()
            self._switch(self.exit_screen)
            self.voice.stop()
            self.exit_screen.update_texts()

    def _visual_check_possible(self) -> bool:
        model = self.controller.model  # a phone has no chip photo: no visual check
        return ev.StaffAuthenticated in TRANSITIONS[model.state] and not model.ctx.phone

    def _reception_in_progress(self) -> bool:
        # A patient is at the kiosk from the card (or phone) placed until it is taken away.
        return self.controller.model.state not in CLOSABLE_STATES

    def _leave_exit(self) -> None:
        self._staff_since = None
        if self.stack.currentWidget() is not self.exit_screen:
            return
        self.exit_screen.hidden()
        self._switch(self.screens[self.controller.model.state])
        self._current.show_model(self.controller.model)

    def _staff_checked(self, accepted: bool, locked_s: float) -> None:
        """The kiosk route: the staff screen behind the corner gesture. During a reception that
        waits for staff it switches on the visual check; otherwise it closes the kiosk. Its
        lockout is this route's own: the desk is never locked."""
        screen = self._current
        if isinstance(screen, StaffLoginScreen):
            screen.staff_answer(accepted, locked_s)
        if not accepted or screen is not self.exit_screen:
            return
        if self._visual_check_possible():
            self._leave_exit()
            self.post(ev.StaffAuthenticated())
        elif self._reception_in_progress():
            log.info("staff exit refused: a reception is in progress")
            self._leave_exit()
        else:
            self.controller.note_exit()
            self.exit_requested.emit()

    # --- Host, for the screens -----------------------------------------------------------

    def post(self, event: ev.Event) -> None:
        self.controller.post(event)

    def session(self) -> Session:
        return self.controller.reception.session

    def seconds_left(self, model: Model) -> int:
        if model.deadline is None:
            return 0
        left = model.deadline - self.controller.clock.monotonic()
        if model.state is State.FACE_VERIFYING:
            left -= self.controller.reception.settings.watchdog_s
        return max(0, math.ceil(left))

    def seconds_shown(self) -> float:
        return self.controller.clock.monotonic() - self._shown_at

    def state(self) -> State:
        return self.controller.model.state

    def today(self) -> date:
        # the clock tells Japan's time (as the runtime's checks do): the machine's date.today()
        # is yesterday in Japan from 15:00 to 24:00 UTC
        return self.controller.clock.now().date()

    def check_staff(self, pin: str) -> None:
        self.controller.check_staff(pin)

    def phone_ready(self) -> bool:
        """スマートフォン is offered: a phone reader is configured and there."""
        return self.controller.phone_ready

    def choose_phone(self) -> None:
        self.controller.choose_phone()

    def chip_photo(self) -> QImage | None:
        jp2 = self.session().chip_photo_jp2
        if jp2 is None:
            return None
        from kiosk.face.verifier import decode_chip_photo  # cv2: only when staff compare

        rgb = decode_chip_photo(jp2)
        if rgb is None:
            return None
        h, w = rgb.shape[:2]
        return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()

    # --- touches and the end -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint and watched is self._current:
            self._painted = True
            QTimer.singleShot(0, lambda: log.info("idle screen painted"))  # once it is drawn
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) and (
            isinstance(watched, QWidget) and self.isAncestorOf(watched)
        ):
            self.controller.post(ev.Touch())
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        # A close from the window system (Alt+F4 on an X11 desktop, a compositor's close) must
        # not end the kiosk under a patient. Qt's own closes (quit() on a staff exit or on
        # SIGTERM from systemd, shutdown) are not spontaneous and go through.
        if event.spontaneous() and not self._shut_down:
            event.ignore()
        else:
            super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the preview, end a reception in progress, wait for the workers."""
        self._shut_down = True
        self._builder.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.removeEventFilter(self.keys)
        self.frames.detach()
        self.voice.close()
        self.controller.shutdown()
        self.translations.close()
