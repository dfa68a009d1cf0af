"""The screenshots of docs/ui.md, as a patient sees them: `kiosk run`'s own full-screen window on
an Xvfb display (xcb, the platform a clinic's X session uses) at 1280×800, grabbed from the X
server (Pillow's ImageGrab), not painted offscreen. Each shot is the test control's ``show
STATE LANG SIZE`` (a sample of the screen, kiosk_dev/screenshots.py), grabbed once two grabs in
a row agree, and stored as an 8-bit palette PNG (flat colours and text: tens of KB each).

The kiosk gets a throw-away credential and database, no card reader and no voice.

    .venv/bin/python -m kiosk_dev.xvfb_screens [--out docs/screenshots] [--size 1280x800]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageGrab

# (state, language, text size): a few key screens in Japanese and one other language, and the
# idle screen at both text sizes in both.
SHOTS = [
    ("idle", "ja", "normal"),
    ("idle", "ja", "large"),
    ("choose_method", "ja", "normal"),
    ("pin_entry", "ja", "normal"),
    ("querying", "ja", "normal"),
    ("consent_medication", "ja", "normal"),
    ("done", "ja", "normal"),
    ("finished", "ja", "normal"),
    ("idle", "en", "normal"),
    ("idle", "en", "large"),
    ("pin_entry", "en", "normal"),
    ("done", "en", "normal"),
]
WAIT_S = 120.0  # the kiosk's start on a loaded machine; a screen's show
SETTLE_S = 0.3  # between two grabs that must agree
STEADY_WAIT_S = 3.0  # a screen that moves (a wait screen's busy bar) is taken as it is then


@contextmanager
def xvfb(width: int = 1280, height: int = 800) -> Iterator[str]:
    """An Xvfb server on a free display number; yields DISPLAY (the tests' and benches' too)."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,), stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def enrolled(workdir: Path) -> str:
    """A `[kiosk]` section with a credential enrolled at a throw-away service folder."""
    from kiosk.enroll import Identity
    from kiosk.sim.pki import NetworkCa
    from kiosk.sim.service.kiosks import enroll_local

    credential = workdir / "credential"
    identity = Identity("F0000001", "1312345678", "kiosk-01")  # the configuration's defaults
    enroll_local(workdir / "service", NetworkCa(workdir / "ca"), credential, identity)
    return f'[kiosk]\ncredential_dir = "{credential}"\n'


def config_file(workdir: Path, control: Path) -> Path:
    path = workdir / "kiosk.toml"
    path.write_text(
        enrolled(workdir)
        + f"""
[database]
url = "sqlite:///{workdir / "k.sqlite3"}"
journal_dir = "{workdir / "journal"}"
[card]
reader = "no reader here"
[camera]
source = "file:{workdir / "no-camera.png"}"
[ui]
voice = false
test_control = "file:{control}"
""",
        encoding="utf-8",
    )
    return path


class Kiosk:
    """`kiosk run` with its log in a file, read for the lines a shot waits for."""

    def __init__(self, config: Path, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config",
                                      str(config)], env=env, stderr=self._out)  # fmt: skip

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()

    def wait_for(self, text: str, after: int = 0) -> None:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines()[after:]):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"kiosk run exited {self.proc.returncode}; see {self.log}")
            time.sleep(0.1)
        raise TimeoutError(f"no {text!r} from kiosk run within {WAIT_S:.0f} s")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self._out.close()


def steady_grab(display: str) -> Image.Image:
    """The screen once two grabs in a row agree (the repaint has reached the server), or after
    STEADY_WAIT_S for a screen that keeps moving."""
    last = ImageGrab.grab(xdisplay=display)
    deadline = time.monotonic() + STEADY_WAIT_S
    while time.monotonic() < deadline:
        time.sleep(SETTLE_S)
        image = ImageGrab.grab(xdisplay=display)
        if image.tobytes() == last.tobytes():
            return image
        last = image
    return last


def save_small(image: Image.Image, path: Path) -> None:
    """An 8-bit palette PNG: the screens' flat colours and anti-aliased text fit 256 colours."""
    image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def name_of(state: str, language: str, size: str) -> str:
    return f"xvfb-{language}-{state}{'-large' if size == 'large' else ''}.png"


def shoot(out: Path, width: int, height: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-xvfb-shots-") as tmp_name:
        tmp = Path(tmp_name)
        control = tmp / "control"
        control.write_text("", encoding="utf-8")
        config = config_file(tmp, control)
        with xvfb(width, height) as display:
            env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
            kiosk = Kiosk(config, env, tmp / "kiosk.log")
            try:
                kiosk.wait_for("ready: idle screen shown")
                for state, language, size in SHOTS:
                    at = len(kiosk.lines())
                    with control.open("a", encoding="utf-8") as f:
                        f.write(f"show {state} {language} {size}\n")
                    kiosk.wait_for(f"test control: showing {state} {language} {size}", at)
                    path = out / name_of(state, language, size)
                    save_small(steady_grab(display), path)
                    written.append(path)
                    print(f"{path} {path.stat().st_size // 1024} KB", flush=True)
            finally:
                kiosk.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--size", default="1280x800", help="the Xvfb screen, WxH")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    shoot(args.out, int(width), int(height))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
