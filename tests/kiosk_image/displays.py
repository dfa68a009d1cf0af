"""Real display servers for the packaging tests: Xvfb (X11, Qt's xcb plugin), cage's headless
Wayland backend (Qt's wayland plugin), a session D-Bus with the AT-SPI accessibility bus, and an
unprivileged user for cage (which refuses to run as root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageChops, ImageGrab

# One Xvfb starter for the tests, the benches and the screenshots.
from kiosk_dev.xvfb_screens import xvfb as xvfb

TEST_USER = "kiosk-test"


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def grab_x(display: str) -> Image.Image:
    return ImageGrab.grab(xdisplay=display)


def is_blank(image: Image.Image) -> bool:
    extrema = image.convert("L").getextrema()
    return extrema[0] == extrema[1]


def differs(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is not None


@contextmanager
def accessibility_bus() -> Iterator[dict[str, str]]:
    """A session D-Bus with the AT-SPI bus on it; yields the environment a client needs."""
    run = subprocess.run(["dbus-launch", "--sh-syntax"], capture_output=True, text=True, check=True)
    env: dict[str, str] = {}
    for part in run.stdout.replace("\n", "").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key in ("DBUS_SESSION_BUS_ADDRESS", "DBUS_SESSION_BUS_PID"):
            env[key] = value.strip("'")
    launcher = subprocess.Popen(
        ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
        env={**os.environ, **env}, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield {**env, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
    finally:
        launcher.terminate()
        launcher.wait(timeout=10)
        os.kill(int(env["DBUS_SESSION_BUS_PID"]), 15)


def ensure_test_user() -> pwd.struct_passwd:
    """The unprivileged user cage runs as (created once, system account, no login)."""
    try:
        return pwd.getpwnam(TEST_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", TEST_USER],
            check=True,
        )
        return pwd.getpwnam(TEST_USER)


def readable_by_all(path: Path) -> None:
    """Open the directories down to ``path`` for traversal, so the test user can reach it."""
    for parent in [path, *path.parents]:
        if parent == Path("/"):
            break
        mode = parent.stat().st_mode
        parent.chmod(mode | 0o011 if parent != path else mode | 0o055)


@contextmanager
def cage(
    command: list[str], env: dict[str, str], user: pwd.struct_passwd
) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """``command`` under cage's headless backend as ``user``; yields the process (stderr is
    the client's) and the environment that reaches its Wayland display (for grim)."""
    runtime = Path(tempfile.mkdtemp(prefix="kiosk-wl-"))
    os.chown(runtime, user.pw_uid, user.pw_gid)
    runtime.chmod(0o700)
    session = {
        **env,
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "QT_QPA_PLATFORM": "wayland",
        "HOME": str(runtime),
    }
    proc = subprocess.Popen(
        ["runuser", "-u", user.pw_name, "--", "cage", "-d", "--", *command],
        env=session, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        display = wait_for(lambda: _wayland_socket(runtime), 30, "cage's Wayland socket")
        yield proc, {**session, "WAYLAND_DISPLAY": str(display)}
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(runtime, ignore_errors=True)


def _wayland_socket(runtime: Path) -> str | None:
    found = sorted(p.name for p in runtime.glob("wayland-*") if not p.name.endswith(".lock"))
    return found[0] if found else None


def grab_wayland(env: dict[str, str], out: Path) -> Image.Image:
    subprocess.run(["grim", str(out)], env=env, check=True, capture_output=True)
    with Image.open(out) as image:
        return image.copy()


def ask_windows_to_close(display: str) -> int:
    """Send WM_DELETE_WINDOW to every top-level window of ``display``, as a window manager does
    for Alt+F4 or a title bar's close button; return how many were asked (libX11 by ctypes)."""
    import ctypes
    import ctypes.util

    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    children = ctypes.POINTER(ctypes.c_ulong)()
    count, root_ret, parent_ret = ctypes.c_uint(), ctypes.c_ulong(), ctypes.c_ulong()
    x11.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                               ctypes.POINTER(ctypes.c_uint)]  # fmt: skip

    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                    ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                    ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                    ("data", ctypes.c_long * 5), ("pad", ctypes.c_long * 24)]  # fmt: skip

    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.c_void_p]  # fmt: skip
    for name in ("XFlush", "XCloseDisplay"):
        getattr(x11, name).argtypes = [ctypes.c_void_p]
    conn = x11.XOpenDisplay(display.encode())
    assert conn, f"cannot open {display}"
    try:
        protocols = x11.XInternAtom(conn, b"WM_PROTOCOLS", 0)
        delete = x11.XInternAtom(conn, b"WM_DELETE_WINDOW", 0)
        root = x11.XDefaultRootWindow(conn)
        x11.XQueryTree(conn, root, ctypes.byref(root_ret), ctypes.byref(parent_ret),
                       ctypes.byref(children), ctypes.byref(count))  # fmt: skip
        for i in range(count.value):
            message = ClientMessage(
                type=33,
                send_event=1,
                display=conn,
                window=children[i],
                message_type=protocols,
                format=32,
            )  # 33 = ClientMessage
            message.data[0], message.data[1] = delete, 0
            x11.XSendEvent(conn, children[i], 0, 0, ctypes.byref(message))
        x11.XFlush(conn)
        return count.value
    finally:
        x11.XCloseDisplay(conn)
