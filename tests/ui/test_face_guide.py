"""The face guide oval follows the face (issue 26 item 4): a seated patient's face low in the
frame, or one off to a side, gets the guide round it, in the mirrored preview; without a face
the guide waits in the middle."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from kiosk.flow.model import Context, Model, State
from kiosk.ui.screens import FaceScreen


def test_the_guide_oval_goes_round_the_face_in_the_mirrored_preview(kiosk) -> None:
    window = kiosk.window
    window.show_model(Model(State.FACE_VERIFYING, Context(reception_id="r")))
    screen = window.current
    assert isinstance(screen, FaceScreen)
    frame = QImage(640, 480, QImage.Format.Format_RGB888)
    frame.fill(QColor(90, 90, 90))
    screen.preview.set_image(frame)
    area = screen.preview.image_area()
    middle = screen.preview.oval()
    assert abs(middle.center().x() - area.center().x()) < 1
    assert abs(middle.center().y() - area.center().y()) < 1
    # A seated patient: the face low in the frame and, as the camera sees it, on its left.
    screen.set_face((0.10, 0.55, 0.35, 0.90))
    oval = screen.preview.oval()
    assert oval.center().y() > middle.center().y() + area.height() * 0.1  # low, as the face
    assert oval.center().x() > area.center().x()  # on the right: the preview is a mirror
    assert area.contains(oval)  # the whole guide stays in the picture
    screen.hidden()  # the next patient's guide starts in the middle again
    screen.preview.set_image(frame)
    assert screen.preview.oval() == middle
