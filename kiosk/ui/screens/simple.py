"""The simple screens: each a row of SPECS (title, explanations, buttons, a picture) shown by
``SpecScreen``; the idle screen (languages, スマートフォン), the face preparation (a coaching
hint) and the timeout question (its countdown) add to theirs."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow import events as ev
from kiosk.flow.model import BUSY_STATES, Context, State
from kiosk.ui import texts as T
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.screens.base import Act, Host, Screen, Spec, Text
from kiosk.ui.screens.specs import SPECS
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Picture, button, label

SLOW_WAIT_S = 5  # a wait longer than this says so: the patient must not think it froze


def _text(t: Text, ctx: Context) -> str:
    return t(ctx) if callable(t) else t


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
        root.setSpacing(10)
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
        self.host.choose_phone()

    def show_texts(self) -> None:
        super().show_texts()
        self.phone.setVisible(self.host.phone_ready())
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
            (
                Act("continue", T.CONTINUE, lambda c: ev.Continue(), "primary"),
                Act("more_time", T.MORE_TIME, lambda c: ev.MoreTime()),
            ),
        )
        super().__init__(state, host, spec)

    def show_texts(self) -> None:
        super().show_texts()
        self.refresh()

    def refresh(self) -> None:
        n = self.host.seconds_left(self.model)
        self.body[0].setText(tr(T.TIMEOUT_BODY).format(n=n))
        self.body[0].setVisible(True)
