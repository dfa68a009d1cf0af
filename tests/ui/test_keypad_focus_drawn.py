"""The USB keypad's focus is drawn, not only spoken (issue 26): a patient with low vision who
steps through the choices with "+" sees which one Enter will press. Checked in the pixels the
X server shows for `kiosk run`'s own window on Xvfb (xcb), not in what Qt paints offscreen: a
yellow button in a thick ink frame (kiosk/ui/theme.py, FOCUS_BG), nowhere before the first key,
and following the focus."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from kiosk.ui import theme
from tests.kiosk_image import displays

from .test_staff_calls import Process, world  # noqa: F401  (the shared fixture)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.timeout(300),
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

REPAINT_WAIT_S = 10.0  # how long a grab may wait for the server to show the new frame


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _focus_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Left, top, right, bottom of the focus colour's pixels; None where there are none."""
    pixels = np.asarray(image.convert("RGB"))
    ys, xs = np.nonzero(np.all(pixels == _rgb(theme.FOCUS_BG), axis=-1))
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def _grab_until(display: str, wanted: object, not_box: object = None) -> Image.Image:
    """The screen once its focus box differs from ``not_box`` (a repaint reaches the server a
    moment after the key): the last grab if it never does, for the assertion to show."""
    deadline = time.monotonic() + REPAINT_WAIT_S
    while True:
        image = displays.grab_x(display)
        box = _focus_box(image)
        if ((box is not None) == wanted and box != not_box) or time.monotonic() > deadline:
            return image
        time.sleep(0.1)


def test_the_keypad_focus_is_drawn_on_the_screen(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    # A reader (pcscd + vpcd) and the service: the kiosk is in service, on its idle screen,
    # whose choices (the languages) the "+" key steps through; a kiosk out of service has none.
    _root, stack, service_settings = world
    control = tmp_path / "control"
    control.write_text("", encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text(f"""
[database]
url = "sqlite:///{tmp_path / "k.sqlite3"}"
journal_dir = "{tmp_path / "journal"}"
[ui]
voice = false
test_control = "file:{control}"
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
""", encoding="utf-8")  # fmt: skip
    with displays.xvfb(1280, 800) as display:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        kiosk = Process(["run", "--config", str(config)], env, "kiosk for the focus")
        try:
            kiosk.wait_for("ready: idle screen shown")
            assert _focus_box(_grab_until(display, False)) is None  # no focus before a key
            boxes = []
            for _ in range(2):
                at = kiosk.mark()
                with control.open("a", encoding="utf-8") as f:
                    f.write("key plus\n")
                kiosk.wait_for(r"keypad focus \S+", at)
                image = _grab_until(display, True, boxes[-1] if boxes else None)
                box = _focus_box(image)
                assert box is not None, "the focused button is not drawn"
                boxes.append(box)
                left, top, _right, bottom = box
                # A whole touch target, framed in ink outside the yellow.
                assert bottom - top + 1 >= theme.TOUCH_MIN_PX - 2 * theme.FOCUS_FRAME_PX
                frame = image.convert("RGB").getpixel((left - 2, (top + bottom) // 2))
                assert frame == _rgb(theme.INK), frame
        finally:
            kiosk.stop()
    assert boxes[0] != boxes[1], "the drawn focus did not follow the second key"
