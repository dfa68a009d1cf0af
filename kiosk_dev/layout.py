"""What a patient would see wrong on a screen, measured on the platform that draws it (xcb on
Xvfb, wayland under cage, offscreen): a widget cut by its parent or by the screen, siblings laid
over each other, text that needs more room than it has, a touch target under 80 px.

Only geometry the platform computed is read (sizes, hints, positions), so the same checks give
different answers where fonts and DPI differ — which is the point: offscreen tests passed while
xcb clipped the keypad's bottom row.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QLayout, QStackedWidget, QWidget

from kiosk.ui import theme
from kiosk.ui.widgets import Words

SLACK = 1  # px: rounding between a hint and a geometry


def problems(window: QWidget, screen: QRect) -> list[str]:
    """Everything wrong on ``window`` as it is shown now, on a screen of ``screen``."""
    shown = [w for w in window.findChildren(QWidget) if _on_screen(w, window)]
    found = _outside_screen(window, screen)
    for w in shown:
        found += _cut_by_parent(w) + _text_cut(w) + _small_target(w)
    return found + _overlaps(shown)


def _on_screen(w: QWidget, window: QWidget) -> bool:
    return w.isVisible() and w.isVisibleTo(window) and w.width() > 0 and w.height() > 0


def _name(w: QWidget) -> str:
    text = w.plain() if isinstance(w, Words) else getattr(w, "text", lambda: "")()
    label = w.objectName() or type(w).__name__
    return f"{label} {text[:24]!r}" if text else label


def _outside_screen(window: QWidget, screen: QRect) -> list[str]:
    frame = window.frameGeometry()
    if screen.contains(frame):
        return []
    return [f"window {frame.getRect()} exceeds the screen {screen.getRect()}"]


def _cut_by_parent(w: QWidget) -> list[str]:
    parent = w.parentWidget()
    if parent is None or isinstance(parent, QStackedWidget):
        return []
    inner = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    if inner.contains(w.geometry()):
        return []
    return [f"{_name(w)} {w.geometry().getRect()} is cut by its parent {parent.rect().getRect()}"]


def _text_cut(w: QWidget) -> list[str]:
    if isinstance(w, QLabel) and w.text():
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > w.height() + SLACK:
                return [f"{_name(w)} needs {need} px high, has {w.height()}"]
            return []
        hint = w.sizeHint()
    elif isinstance(w, QAbstractButton) and w.text():
        hint = w.sizeHint()
    else:
        return []
    if hint.width() > w.width() + SLACK or hint.height() > w.height() + SLACK:
        return [f"{_name(w)} needs {hint.toTuple()}, has {w.size().toTuple()}"]
    return []


def _small_target(w: QWidget) -> list[str]:
    if not isinstance(w, QAbstractButton) or w.objectName() == "staff_corner":
        return []  # the staff corner is hidden on purpose: not a patient's target
    if w.width() < theme.TOUCH_MIN_PX or w.height() < theme.TOUCH_MIN_PX:
        return [f"{_name(w)} is a {w.size().toTuple()} target, under {theme.TOUCH_MIN_PX} px"]
    return []


def _overlaps(shown: list[QWidget]) -> list[str]:
    """Siblings placed by their parent's layouts (nested ones too: two rows of buttons) that
    cover each other. Overlays are in no layout, so they are not compared."""
    found = []
    by_parent: dict[int, list[QWidget]] = {}
    for w in shown:
        if _layout_of(w) is not None:
            by_parent.setdefault(id(w.parentWidget()), []).append(w)
    for group in by_parent.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                both = a.geometry().intersected(b.geometry())
                if both.width() > SLACK and both.height() > SLACK:
                    found.append(f"{_name(a)} and {_name(b)} overlap by {both.size().toTuple()}")
    return found


def _layout_of(w: QWidget) -> QLayout | None:
    """The layout that places ``w`` (its parent's, or a layout nested in it)."""
    parent = w.parentWidget()
    top = parent.layout() if parent is not None else None
    if top is None:
        return None
    return _holding(top, w)


def _holding(layout: QLayout, w: QWidget) -> QLayout | None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is w:
            return layout
        inner = item.layout()
        if inner is not None and (found := _holding(inner, w)) is not None:
            return found
    return None
