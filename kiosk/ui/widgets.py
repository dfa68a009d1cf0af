"""Small building blocks shared by the screens: labels that wrap, touch buttons, the keypad,
the camera preview with its guide oval."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui import linebreak, theme


def label(name: str = "", wrap: bool = True) -> Words:
    w = Words()
    if name:
        w.setObjectName(name)
    w.setWordWrap(wrap)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return w


def button(
    name: str, kind: str = "secondary", on_click: Callable[[], None] | None = None
) -> QPushButton:
    b = QPushButton()
    b.setObjectName(name)
    b.setProperty("kind", kind)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    if on_click is not None:
        b.clicked.connect(lambda *_: on_click())  # drop `checked`: callbacks take no args
    return b


class Keypad(QWidget):
    """0-9, Delete, Clear. Digits go to ``on_digit`` only: the keypad keeps nothing."""

    def __init__(
        self,
        on_digit: Callable[[str], None],
        on_delete: Callable[[], None],
        on_clear: Callable[[], None],
    ) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for i, d in enumerate("123456789"):
            self._add(grid, d, i // 3, i % 3, partial(on_digit, d))
        self.clear = button("key_clear", "edit", on_clear)
        self.delete = button("key_delete", "edit", on_delete)
        grid.addWidget(self.clear, 3, 0)
        self._add(grid, "0", 3, 1, lambda: on_digit("0"))
        grid.addWidget(self.delete, 3, 2)

    def _add(
        self, grid: QGridLayout, digit: str, row: int, col: int, fn: Callable[[], None]
    ) -> None:
        b = button(f"key_{digit}", "key", fn)
        b.setText(digit)
        self.keys[digit] = b
        grid.addWidget(b, row, col)


class Preview(QWidget):
    """The newest camera frame, mirrored like a mirror, with the guide oval on top."""

    def __init__(self, oval: bool = True) -> None:
        super().__init__()
        self._image: QImage | None = None
        self._oval = oval
        self._face: tuple[float, float, float, float] | None = None
        self.setMinimumSize(QSize(200, 150))  # two fit a 720 px screen with their captions
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def clear(self) -> None:
        self._face = None
        self.set_image(None)

    def set_face(self, box: tuple[float, float, float, float] | None) -> None:
        """Where the face is in the camera's frame (left, top, right, bottom as fractions of
        its width and height, as the camera sees it): the guide oval goes round it, so a
        patient seated low or off to one side sees the guide where they are. None: the
        centre, where a face should be."""
        self._face = box
        self.update()

    def image_area(self) -> QRectF:
        """Where the frame is drawn: scaled to fit, its proportions kept, centred."""
        if self._image is None or self._image.isNull():
            return QRectF(self.rect())
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF(
            (self.width() - size.width()) / 2, (self.height() - size.height()) / 2,
            size.width(), size.height(),
        )  # fmt: skip

    def oval(self) -> QRectF:
        """The guide: round the face when one was seen, else in the middle of the frame."""
        area = self.image_area()
        w, h = area.height() * 0.5, area.height() * 0.7
        centre = area.center()
        if self._face is not None:
            left, top, right, bottom = self._face
            # The preview is mirrored; the oval takes in the head round the face's features.
            centre = QPointF(area.left() + (1 - (left + right) / 2) * area.width(),
                             area.top() + (top + bottom) / 2 * area.height())  # fmt: skip
            w = max(w * 0.5, min(w * 1.5, (right - left) * area.width() * 1.6))
            h = min(w * 1.4, area.height())
            w = h / 1.4
        oval = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)
        # Kept inside the picture: a face at the edge still shows its whole guide.
        oval.moveLeft(min(max(oval.left(), area.left()), area.right() - w))
        oval.moveTop(min(max(oval.top(), area.top()), area.bottom() - h))
        return oval

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.BAR_BG))
        if self._image is not None and not self._image.isNull():
            p.drawImage(self.image_area(), self._image)
        if self._oval:
            p.setPen(QPen(QColor("#ffffff"), 6, Qt.PenStyle.DashLine))
            p.drawEllipse(self.oval())
        p.end()


class Words(QLabel):
    """A label whose Japanese text breaks only between phrases (kiosk.ui.linebreak). ``plain()``
    is the text as written, without the break marks."""

    japanese = True  # the window sets it with the language; texts in other scripts pass through

    def __init__(self) -> None:
        super().__init__()
        self._plain = ""

    def setText(self, text: str) -> None:
        self._plain = text
        shown = linebreak.japanese(text) if Words.japanese and self.wordWrap() and text else text
        super().setText(shown)
        self._hold_height()

    def plain(self) -> str:
        return self._plain

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._hold_height()

    def _hold_height(self) -> None:
        """A wrapped text claims the height its lines need at the width it got. Box layouts
        size a label from its hint at some other width, and on a 720 px screen the stretch
        beside it took the room its last line needed (the xcb layout test saw it)."""
        if not self.wordWrap() or self.width() <= 0:
            return
        held = self.minimumHeight()
        self.setMinimumHeight(0)  # QLabel's heightForWidth never answers less than the minimum
        need = max(self.heightForWidth(self.width()), 0) if self.text() else 0
        self.setMinimumHeight(need if need != held else held)


PICTURES = Path(__file__).resolve().parents[2] / "assets" / "pictures"
PICTURE_PX = 300


class Picture(QWidget):
    """One of our own drawings (assets/pictures/<name>.svg), scaled, its proportions kept."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"picture_{name}")
        path = PICTURES / f"{name}.svg"
        self.renderer = QSvgRenderer(str(path))
        if not self.renderer.isValid():
            raise FileNotFoundError(f"picture {path} is missing or not SVG")
        self.renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setFixedSize(QSize(PICTURE_PX, PICTURE_PX))

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        self.renderer.render(p, QRectF(self.rect()))
        p.end()
