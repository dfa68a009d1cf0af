"""Staff's visual check (目視確認): the chip photo beside the live camera, what the card and
the eligibility answer say about the holder, and the decision."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.eligibility.names import patient_facing_name
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import State
from kiosk.ui import texts as T
from kiosk.ui.screens.base import Host, Screen
from kiosk.ui.texts import sentences, tr
from kiosk.ui.widgets import Preview, button, label

SEX_WORDS = {"1": T.SEX_MALE, "2": T.SEX_FEMALE, "9": T.SEX_OTHER}


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class CompareScreen(Screen):
    """目視確認: the chip photo (labelled; it never leaves the kiosk) beside the live camera, what
    the card and the eligibility answer say about the holder, and the decision. The screen is
    reached only after a staff member entered their PIN at this kiosk: the data is shown to the
    person who is looking at the patient, and only they decide."""

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
        self.photo.setObjectName("chip_photo")  # named for tests: is the holder's photo shown?
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
        self.facts.setObjectName("card_facts")
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
        card = session.chip_facts
        if card is not None:
            born, sex = card.birth, card.sex
            lines.append(tr(T.CARD_FACTS).format(
                birth=born.strftime("%Y-%m-%d"), age=_age(born, self.host.today()),
                sex=tr(SEX_WORDS.get(sex, T.SEX_OTHER)),
            ))  # fmt: skip
        q = session.qualification
        name = q.name if q is not None else None
        shown = patient_facing_name(name) if isinstance(name, str) else None
        if shown:  # a name with ● is never shown on the kiosk as if it were the patient's
            lines.append(tr(T.NAME_FACT).format(name=shown))
        return "\n".join(lines) or tr(T.NO_FACTS)

    def show_texts(self) -> None:
        self.title.setText(tr(T.STAFF_COMPARE_TITLE))
        self.body.setText(tr(T.STAFF_COMPARE_BODY))
        self.photo_label.setText(tr(T.CHIP_PHOTO_LABEL))
        self.live_label.setText(tr(T.LIVE_LABEL))
        self.facts.setText(self._facts())
        self.approve.setText(tr(T.APPROVE))
        self.reject.setText(tr(T.REJECT))
        self.back.setText(tr(T.BACK))
        self.number_b.setText(tr(T.TYPE_NUMBER_B))
        # Typing 照合番号B gives the patient the face check.
        self.number_b.setVisible(self.model.ctx.number_b_typable())
        has_photo = self.photo._image is not None
        for w in (self.photo, self.photo_label):  # no empty box where no photo was read
            w.setVisible(has_photo)
        notes = [] if has_photo else [tr(T.NO_CHIP_PHOTO)]
        if self.model.ctx.error == Code.NUMBER_B_GUARD:
            notes.insert(0, tr(T.NUMBER_B_STOPPED))
        self.note.setText(sentences(notes))
        self.note.setVisible(bool(notes))

    def shown(self) -> None:
        self.photo.set_image(self.host.chip_photo())
        self.show_texts()

    def hidden(self) -> None:
        self.photo.clear()  # the chip photo is the patient's: gone with the screen
        self.preview.clear()
