"""Fixtures for the image and display tests: the frozen image (built once per source state),
and a rig of real parts around a kiosk — a private pcscd + vpcd with virtual cards, the mock
eligibility service as its own process — with a configuration file `kiosk run` reads."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.config import ClinicConfig, KioskConfig
from kiosk.sim.reader_stack import StackUnavailable, VirtualReaderStack, missing_parts
from kiosk.sim.service.process import ServerProcess
from tests.kiosk_image import releases

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "build" / "test-image"
IMAGE_ENV = "KIOSK_IMAGE"  # a bundle packaging/build made (CI sets it) instead of a test build


def _source_hash() -> str:
    digest = hashlib.sha256()
    files = [
        ROOT / "pyproject.toml",
        *(ROOT / "packaging" / n for n in ("kiosk.spec", "kiosk_entry.py")),
    ]
    kinds = (".py", ".toml", ".mako", ".html", ".js", ".css")  # .html…: the web desk's pages
    files += sorted(p for p in (ROOT / "kiosk").rglob("*") if p.suffix in kinds)
    files += sorted((ROOT / "assets").rglob("*"))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def frozen_image() -> Path:
    """The one-folder bundle's directory (with the `kiosk` executable in it)."""
    return image_for_tests()


@pytest.fixture
def install_target() -> Iterator[Path]:
    """An empty folder for `install --root`, outside pytest's temporary root: a pytest session
    starting meanwhile makes that 0700 again, and the kiosk user must reach the install."""
    target = Path(tempfile.mkdtemp(prefix="kiosk-install-"))
    try:
        target.chmod(0o755)
        yield target
    finally:
        releases.unmount_under(target)  # install mounts each release's squashfs image
        shutil.rmtree(target, ignore_errors=True)


@pytest.fixture(scope="session")
def release_key(tmp_path_factory: pytest.TempPathFactory) -> releases.Key:
    """A release key made for this test run (a clinic pins the vendor's; none is committed)."""
    return releases.new_key(tmp_path_factory.mktemp("release-key"))


@pytest.fixture(scope="session")
def good_release(
    frozen_image: Path, release_key: releases.Key, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The frozen image as packaging/build ships it: the signed tarball (.sig beside it)."""
    return releases.pack(frozen_image, tmp_path_factory.mktemp("release"), release_key, "0.1.0")


def image_for_tests() -> Path:
    """The bundle KIOSK_IMAGE names, or the test build of packaging/kiosk.spec (made when the
    sources changed since the last one)."""
    given = os.environ.get(IMAGE_ENV)
    if given:
        image = Path(given)
        assert (image / "kiosk").is_file(), f"{IMAGE_ENV}={given} holds no kiosk executable"
        return image
    # Under pytest-xdist several workers may ask at once: one builds, the others wait for it.
    BUILT.parent.mkdir(parents=True, exist_ok=True)
    with (BUILT.parent / "test-image.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_once()


def _build_once() -> Path:
    stamp = BUILT / f"stamp-{_source_hash()}"
    image = BUILT / "dist" / "kiosk"
    if stamp.exists() and (image / "kiosk").is_file():
        return image
    shutil.rmtree(BUILT, ignore_errors=True)
    BUILT.mkdir(parents=True)
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "python"), "-m", "kiosk.ui.i18n_build"], check=True, cwd=ROOT,
                   capture_output=True)  # fmt: skip
    build = subprocess.run(
        [str(bin_dir / "pyinstaller"), "--noconfirm", "--log-level", "WARN",
         "--distpath", str(BUILT / "dist"), "--workpath", str(BUILT / "work"),
         str(ROOT / "packaging" / "kiosk.spec")],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-4000:]
    stamp.touch()
    return image


@dataclass
class Rig:
    stack: VirtualReaderStack
    service: ServerProcess
    work: Path
    credential: Path  # the kiosk's enrolled key and certificate (docs/security.md)

    def config(self, **sections: dict[str, object]) -> Path:
        """A kiosk.toml for this rig (database and journal in the rig's folder, PIN only)."""
        values: dict[str, dict[str, object]] = {
            "service": self.service.service_settings(read_timeout=3.0, retries=1),
            "kiosk": {"credential_dir": str(self.credential)},
            "database": {
                "url": f"sqlite:///{self.work / 'data' / 'kiosk.sqlite3'}",
                "journal_dir": str(self.work / "data" / "journal"),
            },
            "card": {"reader": self.stack.reader_pattern},
            "camera": {"source": "device:99"},  # no camera: the PIN path
            "ui": {"voice": False},
        }
        for name, extra in sections.items():
            values.setdefault(name, {}).update(extra)
        path = self.work / "kiosk.toml"
        path.write_text(_toml(values), encoding="utf-8")
        return path


def _toml(values: dict[str, dict[str, object]]) -> str:
    def scalar(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = []
    for section, items in values.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {scalar(value)}" for key, value in items.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    if missing_parts():
        pytest.fail("the virtual reader needs: " + ", ".join(missing_parts()))
    pki = tmp_path / "pki"
    (tmp_path / "data").mkdir()
    try:
        stack = VirtualReaderStack(state_dir=tmp_path / "cards", pki_dir=pki).start()
    except StackUnavailable as exc:
        pytest.fail(str(exc))
    try:
        with ServerProcess(tmp_path / "service", pki_dir=pki) as service:
            credential = tmp_path / "credential"
            service.enroll(KioskConfig(credential_dir=str(credential)), ClinicConfig().code)
            yield Rig(stack, service, tmp_path, credential)
    finally:
        stack.stop()
