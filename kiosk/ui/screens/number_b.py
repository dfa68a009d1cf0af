"""Staff type 照合番号B from the card front: the birth date as printed (in its era), the
expiry year and the security code, or the 14 digits; kept in buffers wiped on every exit."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.card.number_b import Implausible, check_digits, typed_number_b
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import Model, State
from kiosk.flow.session import wipe_buffer
from kiosk.ui import texts as T
from kiosk.ui import theme
from kiosk.ui.screens.base import Host, Screen
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Keypad, button, label

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
    Code.WRONG_NUMBER_B: T.WRONG_NUMBER_B,
    Code.NUMBER_B_IMPLAUSIBLE: T.NUMBER_B_BAD_BIRTH,
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
