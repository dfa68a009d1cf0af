"""A name the eligibility system sent with ● (or characters outside JIS X 0208) is never shown on
the kiosk as the patient's name; an ordinary one is (staff compare it on the visual check)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.flow.model import Context, Model, State
from kiosk.ports import Qualification
from kiosk.ui.linebreak import plain


def _shown(window) -> str:  # type: ignore[no-untyped-def]
    labels = [w for w in window.findChildren(QLabel) if w.isVisibleTo(window) and w.isVisible()]
    return "\n".join(plain(w.text()) for w in labels)  # without the line-break marks


@pytest.mark.parametrize(
    ("name", "shown"),
    [("佐藤\u3000花子", True), ("吉●\u3000さくら", False), ("𠮷田\u3000誠", False)],
)
def test_the_visual_check_shows_only_a_name_without_replaced_characters(
    kiosk, clock, name: str, shown: bool
) -> None:
    window = kiosk.window
    session = kiosk.controller.reception.session
    session.qualification = Qualification("1", name, date(1990, 1, 1), False, {})
    ctx = Context(reception_id="r1")
    window.show_model(Model(State.STAFF_COMPARE, ctx, clock.monotonic() + 60))
    QApplication.processEvents()
    assert (name in _shown(window)) is shown
    assert "●" not in _shown(window)
