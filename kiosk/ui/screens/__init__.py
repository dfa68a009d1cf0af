"""One screen per flow state, in one frame (``Screen``): the leaflet's step bar on top, the
screen's content, and one navigation row at the bottom (戻る left; 係員を呼ぶ, やめる right) that
every screen — also those other states add — gets from the base class. Simple screens are rows
of SPECS (title, explanations, buttons, a picture); the face, PIN, staff and visual-check screens
are their own classes. Buttons post flow events; the PIN keypad writes digits into the
reception's Session and posts only PinSubmitted.

One module per part, each importing its siblings directly (never this package), so the import
graph has no circle:

- ``base``: ``Host`` (what a screen needs from the window), ``Act`` and ``Spec``, the step bar,
  the navigation row and ``Screen``
- ``specs``: the simple screens' rows (``SPECS``) and the words that depend on the reception
- ``simple``: ``SpecScreen``, which shows a row, and the idle, preparing and timeout screens
- ``face``, ``pin``: the face check and the patient's PIN keypad (card and smartphone)
- ``staff``: the staff PIN keypad, the login screen and the corner gesture's staff screen
- ``number_b``, ``compare``: staff type 照合番号B; staff's visual check
- ``registry``: ``make_screen``, the screen class for each state

This package exports what the window and the tests use."""

from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.compare import CompareScreen
from kiosk.ui.screens.face import FaceScreen
from kiosk.ui.screens.number_b import NumberBScreen
from kiosk.ui.screens.registry import make_screen
from kiosk.ui.screens.simple import PreparingScreen
from kiosk.ui.screens.staff import StaffExitScreen, StaffLoginScreen

__all__ = [
    "CompareScreen",
    "FaceScreen",
    "NumberBScreen",
    "PreparingScreen",
    "Screen",
    "StaffExitScreen",
    "StaffLoginScreen",
    "make_screen",
]
