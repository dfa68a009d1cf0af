"""packaging/install lays the image out the way a clinic machine has it — the bundle in
/opt/kiosk, the configuration in /etc/kiosk, the data in /var/lib/kiosk, kiosk.service for the
cage session and kiosk-desk.service for the web desk — with the owners and modes that keep
patients' data to the kiosk user; run here under --root (no apt, no systemctl) into a folder, as
an image builder would."""

from __future__ import annotations

import configparser
import grp
import os
import pwd
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.kiosk_image import displays

# The first test to need the image may build it (a few minutes on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]


def _stage(frozen_image: Path, into: Path) -> Path:
    """The unpacked tarball: the bundle plus the packaging files packaging/build adds."""
    stage = into / "kiosk-release"
    stage.mkdir()
    os.symlink(frozen_image, stage / "kiosk")
    for name in ("install", "kiosk.service", "kiosk-desk.service", "kiosk.toml", "README.md"):
        shutil.copy2(ROOT / "packaging" / name, stage / name)
    return stage


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _owner(path: Path) -> tuple[str, str]:
    st = path.stat()
    return pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name


def _install(stage: Path, target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(stage / "install"), "--root", str(target), "--no-apt", "--no-systemd", *extra],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_install_lays_out_the_kiosk_session(frozen_image: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    displays.readable_by_all(target)  # the kiosk user runs the installed executable
    stage = _stage(frozen_image, tmp_path)
    run = _install(stage, target, "--clinic-code", "1312345678", "--clinic-name", "テスト医院",
                   "--service-url", "https://gateway.clinic.lan:8443")  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr

    assert (target / "opt/kiosk/kiosk").stat().st_mode & stat.S_IXOTH
    assert _owner(target / "opt/kiosk/kiosk") == ("root", "root")
    config = target / "etc/kiosk/kiosk.toml"
    assert (_owner(config), _mode(config)) == (("root", "kiosk"), 0o640)
    text = config.read_text(encoding="utf-8")
    assert 'code = "1312345678"' in text and "https://gateway.clinic.lan:8443" in text
    assert re.search(r"@[A-Z_]+@", text) is None  # every placeholder filled in
    data = target / "var/lib/kiosk"
    assert (_owner(data), _mode(data)) == (("kiosk", "kiosk"), 0o700)

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(target / "etc/systemd/system/kiosk.service")
    service = unit["Service"]
    assert service["User"] == "kiosk"
    assert service["ExecStart"].startswith("/usr/bin/cage -d -- /opt/kiosk/kiosk run")
    assert service["Restart"] == "on-failure"
    assert "pcscd" in unit["Unit"]["After"]
    # The web desk beside it: `kiosk desk` as the kiosk user, its certificate in the data folder.
    desk_unit = target / "etc/systemd/system/kiosk-desk.service"
    assert _mode(desk_unit) == 0o644
    desk = configparser.ConfigParser(strict=False, interpolation=None)
    desk.read(desk_unit)
    assert (desk["Service"]["User"], desk["Service"]["Restart"]) == ("kiosk", "on-failure")
    assert desk["Service"]["ExecStart"].startswith(
        "/opt/kiosk/kiosk desk serve --config /etc/kiosk/kiosk.toml"
    )
    assert "--tls-dir /var/lib/kiosk/desk" in desk["Service"]["ExecStart"]

    # The installed kiosk reads its configuration as the kiosk user.
    kiosk = str(target / "opt/kiosk/kiosk")
    check = subprocess.run(
        ["runuser", "-u", "kiosk", "--", kiosk, "config", "--config", str(config)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr


def test_reinstalling_keeps_the_clinic_configuration(frozen_image: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    displays.readable_by_all(target)
    stage = _stage(frozen_image, tmp_path)
    args = ("--clinic-code", "1312345678", "--service-url", "https://gateway.clinic.lan:8443")
    assert _install(stage, target, *args).returncode == 0
    config = target / "etc/kiosk/kiosk.toml"
    config.write_text(config.read_text(encoding="utf-8") + "# edited by the clinic\n")
    again = _install(stage, target)  # an upgrade needs no clinic details: the file is kept
    assert again.returncode == 0, again.stderr
    assert config.read_text(encoding="utf-8").endswith("# edited by the clinic\n")


def test_a_new_installation_without_the_clinic_code_is_refused(
    frozen_image: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target"
    target.mkdir()
    run = _install(_stage(frozen_image, tmp_path), target)
    assert run.returncode == 2
    assert "--clinic-code is required" in run.stderr
