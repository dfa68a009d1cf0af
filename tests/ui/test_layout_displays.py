"""Every patient screen, in every language and both text sizes, laid out by `kiosk run`'s own
full-screen window on the display servers a clinic uses (issue 26 item 1): X11 through Qt's xcb
plugin on Xvfb at 1280×800, 1280×720 and 1920×1080, and Wayland under cage. Nothing may be cut
by its parent or the screen, no siblings may overlap, no text may need more room than it has,
no target may be under 80 px (kiosk_dev/layout.py). The offscreen tests never saw the keypad's
clipped bottom row: the platform's own fonts and metrics decide, so the check runs inside the
real process (the test control's ``layout`` command) while the screens are shown there."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kiosk.ui.i18n import LANGUAGES
from tests.kiosk_image import displays
from tests.ui.test_staff_calls import Process

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

SIZES = [(1280, 800), (1280, 720), (1920, 1080)]
DONE = r"layout: done, (\d+) problems \((\w+) (\d+x\d+)\)"


def _config(tmp_path: Path, credential: str, control: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        credential
        + f"""
[database]
url = "sqlite:///{tmp_path / "k.sqlite3"}"
journal_dir = "{tmp_path / "journal"}"
[card]
reader = "no reader here"
[camera]
source = "file:{tmp_path / "no-camera.png"}"
[ui]
voice = false
test_control = "file:{control}"
""",
        encoding="utf-8",
    )
    return path


def _audit(
    kiosk: Process, control: Path, where: str, languages: tuple[str, ...] = LANGUAGES
) -> list[str]:
    """The kiosk's own ``layout`` audit, one language at a time (each takes seconds), on the
    platform and screen ``where`` ("xcb 1280x800")."""
    kiosk.wait_for("ready: idle screen shown")
    found: list[str] = []
    for language in languages:
        start = kiosk.mark()
        with control.open("a", encoding="utf-8") as f:
            f.write(f"layout {language}\n")
        done = kiosk.wait_for(DONE, start)
        assert f"{done.group(2)} {done.group(3)}" == where
        count = int(done.group(1))
        lines = [line.split("layout: ", 1)[1].strip() for line in kiosk.lines[start:]
                 if "WARNING kiosk.dev layout: " in line]  # fmt: skip
        assert len(lines) == count
        found += lines
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_on_x11(
    size: tuple[int, int], tmp_path: Path, kiosk_credential: str
) -> None:
    control = tmp_path / "control"
    control.write_text("", encoding="utf-8")
    config = _config(tmp_path, kiosk_credential, control)
    with displays.xvfb(*size) as display:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        kiosk = Process(["run", "--config", str(config)], env, f"kiosk on {size}")
        try:
            found = _audit(kiosk, control, f"xcb {size[0]}x{size[1]}")
        finally:
            kiosk.stop()
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found[:80])


def test_the_checks_see_a_broken_layout(tmp_path: Path, kiosk_credential: str) -> None:
    """The same audit on a window made too small for its screens must find problems: a check
    that finds nothing there checks nothing."""
    control = tmp_path / "control"
    control.write_text("", encoding="utf-8")
    config = _config(tmp_path, kiosk_credential, control)
    with displays.xvfb(800, 480) as display:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        kiosk = Process(["run", "--config", str(config)], env, "kiosk on 800x480")
        try:
            found = _audit(kiosk, control, "xcb 800x480", ("ja",))
        finally:
            kiosk.stop()
    assert any(re.search(r"cut by|overlap|needs", line) for line in found), found[:5]


def test_every_screen_fits_under_cage(tmp_path: Path, kiosk_credential: str) -> None:
    """Wayland, as the kiosk image runs (cage's headless output is 1280×720). cage will not run
    as root: it runs as the test user around a placeholder client, and the kiosk joins its
    display (as tests/kiosk_image/test_displays.py does)."""
    control = tmp_path / "control"
    control.write_text("", encoding="utf-8")
    config = _config(tmp_path, kiosk_credential, control)
    user = displays.ensure_test_user()
    with displays.cage(["sleep", "600"], dict(os.environ), user) as (_, session):
        env = {**os.environ, **session}
        kiosk = Process(["run", "--config", str(config)], env, "kiosk under cage")
        try:
            found = _audit(kiosk, control, "wayland 1280x720")
        finally:
            kiosk.stop()
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found[:80])
