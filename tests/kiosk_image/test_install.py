"""packaging/install lays the image out the way a clinic machine has it — the bundle in
/opt/kiosk/releases (current → the running version), the configuration in /etc/kiosk, the data
in /var/lib/kiosk, kiosk.service for the cage session and kiosk-desk.service for the web desk —
with the owners and modes that keep patients' data to the kiosk user; run here under --root (no
apt, no systemctl) into a folder, as an image builder would. It installs only a tarball whose
signature checks out against the release key the clinic pinned: a tampered tarball, another key
or no signature is refused before anything is touched."""

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

from tests.kiosk_image import releases

# The first test to need the image may build it (a few minutes on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _owner(path: Path) -> tuple[str, str]:
    st = path.stat()
    return pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name


def _install(
    release: Path, target: Path, key: releases.Key, *extra: str
) -> subprocess.CompletedProcess[str]:
    return releases.install(release, target, "--trust-key", str(key.public), *extra)


def test_install_lays_out_the_kiosk_session(
    good_release: Path, release_key: releases.Key, tmp_path: Path, install_target: Path
) -> None:
    target = install_target
    run = _install(good_release, target, release_key, "--clinic-code", "1312345678",
                   "--clinic-name", "テスト医院",
                   "--service-url", "https://gateway.clinic.lan:8443")  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "signature good" in run.stdout

    opt = target / "opt/kiosk"
    current = os.readlink(opt / "current")
    assert current.startswith("releases/kiosk-0.1.0-linux-")
    assert os.readlink(opt / "kiosk") == "current/kiosk"  # the units' stable path
    assert not (opt / "previous").exists() and not (opt / "trial").exists()  # a first install
    assert (opt / "kiosk").stat().st_mode & stat.S_IXOTH
    assert _owner(opt / current / "kiosk") == ("root", "root")
    assert _owner(opt / current / "_internal") == ("root", "root")
    # The release is its squashfs image, mounted read-only now and at every boot.
    image = opt / f"{current}.squashfs"
    assert (_owner(image), _mode(image)) == (("root", "root"), 0o644)
    assert os.path.ismount(opt / current)
    fstab = (target / "etc/fstab").read_text(encoding="utf-8").splitlines()
    assert (
        f"/opt/kiosk/{current}.squashfs /opt/kiosk/{current} squashfs ro,nodev,nosuid,loop 0 0"
        in fstab
    )
    with pytest.raises(OSError):  # read-only: nothing, not even root, changes the bundle
        (opt / current / "kiosk").write_bytes(b"")
    for tool in ("install", "update-check"):  # the next upgrade's installer and its check
        assert _mode(opt / tool) == 0o755 and _owner(opt / tool) == ("root", "root")
    pinned = target / "etc/kiosk/release-key.pem"
    assert pinned.read_bytes() == release_key.public.read_bytes()
    assert (_owner(pinned), _mode(pinned)) == (("root", "root"), 0o644)
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
    # The update check: the kiosk says where it got to, and every start of it runs the check.
    assert service["Environment"] == "KIOSK_READY_FILE=/run/kiosk/ready"
    assert service["RuntimeDirectory"] == "kiosk"
    assert "kiosk-update-check.service" in unit["Unit"]["Wants"]
    update = configparser.ConfigParser(strict=False, interpolation=None)
    update.read(target / "etc/systemd/system/kiosk-update-check.service")
    assert update["Service"]["ExecStart"] == "/opt/kiosk/update-check"
    assert "User" not in update["Service"]  # root: it switches root-owned links
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


def test_reinstalling_keeps_the_clinic_configuration(
    good_release: Path, release_key: releases.Key, tmp_path: Path, install_target: Path
) -> None:
    target = install_target
    args = ("--clinic-code", "1312345678", "--service-url", "https://gateway.clinic.lan:8443")
    assert _install(good_release, target, release_key, *args).returncode == 0
    config = target / "etc/kiosk/kiosk.toml"
    config.write_text(config.read_text(encoding="utf-8") + "# edited by the clinic\n")
    current = os.readlink(target / "opt/kiosk/current")
    # An upgrade needs no clinic details (the file is kept) and no key (it is pinned).
    again = releases.install(good_release, target)
    assert again.returncode == 0, again.stderr
    assert config.read_text(encoding="utf-8").endswith("# edited by the clinic\n")
    assert os.readlink(target / "opt/kiosk/current") == current  # the same release: no switch
    assert not (target / "opt/kiosk/trial").exists()


def test_a_new_installation_without_the_clinic_code_is_refused(
    release_key: releases.Key, tmp_path: Path, install_target: Path
) -> None:
    target = install_target
    release = releases.pack(releases.broken_bundle(tmp_path / "b", "exits"), tmp_path, release_key,
                            "0.1.0")  # fmt: skip
    run = _install(release, target, release_key)
    assert run.returncode == 2
    assert "--clinic-code is required" in run.stderr
    assert list((target / "opt/kiosk/releases").iterdir()) == []  # its bundle is not left


def test_a_tampered_unsigned_or_foreign_release_is_refused_before_anything_is_touched(
    release_key: releases.Key, tmp_path: Path, install_target: Path
) -> None:
    """The signature check runs on a small release (it reads the bytes, whatever they hold)."""
    target = install_target
    release = releases.pack(releases.broken_bundle(tmp_path / "b", "exits"), tmp_path / "out",
                            release_key, "0.1.0")  # fmt: skip
    signature = Path(f"{release}.sig")
    other = releases.new_key(tmp_path / "other-key")

    tampered = tmp_path / "tampered" / release.name
    tampered.parent.mkdir()
    data = bytearray(release.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit
    tampered.write_bytes(data)
    shutil.copy(signature, f"{tampered}.sig")

    foreign = tmp_path / "foreign" / release.name  # the same bytes, signed by another key
    foreign.parent.mkdir()
    shutil.copy(release, foreign)
    sign = subprocess.run([str(releases.PACKAGING / "sign"), str(foreign), str(other.secret)],
                          capture_output=True, text=True)  # fmt: skip
    assert sign.returncode == 0, sign.stderr

    unsigned = tmp_path / "unsigned" / release.name
    unsigned.parent.mkdir()
    shutil.copy(release, unsigned)

    cases = {
        "tampered": (_install(tampered, target, release_key), "does not match"),
        "foreign": (_install(foreign, target, release_key), "does not match"),
        "unsigned": (_install(unsigned, target, release_key), "no signature at"),
        "no key": (releases.install(release, target), "no release key is pinned"),
        "not a key": (_install(release, target, releases.Key(signature, signature)),
                      "not an Ed25519 public key"),
    }  # fmt: skip
    for case, (run, message) in cases.items():
        assert run.returncode == 3, (case, run.stdout, run.stderr)
        assert "refused, nothing was installed or changed" in run.stderr, case
        assert message in run.stderr, (case, run.stderr)
        assert _tree(target) == [], case  # not a file, not a folder

    # Once a key is pinned, another one given with --trust-key is refused too.
    first = _install(release, target, release_key, "--clinic-code", "1312345678",
                     "--service-url", "https://gateway.clinic.lan:8443")  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = _tree(target)
    swap = _install(foreign, target, other)
    assert swap.returncode == 3 and "another release key is pinned" in swap.stderr
    assert _tree(target) == before
