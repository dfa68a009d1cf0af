"""An upgrade a clinic can leave alone: packaging/install keeps the version that ran before, and
the installed update-check brings it back by itself when the new one does not reach its idle
screen in time — a build whose `kiosk run` exits at once, and one that hangs before the idle
screen. kiosk.service's part (start `/opt/kiosk/kiosk run` with KIOSK_READY_FILE, start it
again when it ends, restart it on request) is played by a small supervisor here, since the
test machine has no systemd; the kiosk is the real frozen image, under --root."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.kiosk_image import releases

# The first test to need the image may build it (a few minutes on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]

TRIAL_S = 8  # install --update-timeout for the broken builds: the clinic's default is 60 s
READY_WAIT_S = 120  # the frozen kiosk's start on a loaded 2-core machine, with margin


class Supervisor:
    """What kiosk.service does for the kiosk: /run/kiosk emptied and `kiosk run` started through
    the stable path /opt/kiosk/kiosk; started again whenever it ends (Restart=, RestartSec=)."""

    def __init__(self, opt: Path, config: Path, run_dir: Path) -> None:
        self.opt, self.config, self.run_dir = opt, config, run_dir
        self.ready = run_dir / "ready"
        self.pid_file = run_dir.parent / "kiosk.pid"
        self.started: list[str] = []  # the release each start ran
        self._stop = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._loop, name="supervisor", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_READY_FILE": str(self.ready)}
        while not self._stop.is_set():
            self.ready.unlink(missing_ok=True)
            self.started.append(os.readlink(self.opt / "current"))
            self._proc = subprocess.Popen(
                [str(self.opt / "kiosk"), "run", "--config", str(self.config)], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            self.pid_file.write_text(str(self._proc.pid))
            self._proc.wait()
            self._stop.wait(0.5)

    def restart_command(self) -> Path:
        """What update-check runs instead of `systemctl restart kiosk.service`."""
        script = self.run_dir.parent / "restart"
        # As systemctl restart: whether the kiosk still runs or has just ended, it starts anew.
        script.write_text(f'#!/bin/sh\nkill "$(cat {self.pid_file})" 2>/dev/null || true\n',
                          encoding="utf-8")  # fmt: skip
        script.chmod(0o755)
        return script

    def stop(self) -> None:
        self._stop.set()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._thread.join(timeout=30)


def _config(folder: Path) -> Path:
    """No reader, no camera, a kiosk credential enrolled at a throw-away mock operator."""
    from kiosk.enroll import Identity
    from kiosk.sim.pki import NetworkCa
    from kiosk.sim.service.kiosks import enroll_local

    credential = folder / "credential"
    enroll_local(folder / "service", NetworkCa(folder / "ca"), credential,
                 Identity("F0000001", "1312345678", "kiosk-01"))  # fmt: skip
    path = folder / "kiosk.toml"
    path.write_text(
        f'[kiosk]\ncredential_dir = "{credential}"\n'
        f'[database]\nurl = "sqlite:///{folder / "k.sqlite3"}"\njournal_dir = "{folder / "j"}"\n'
        '[card]\nreader = "^no such reader$"\n[camera]\nsource = "device:99"\n'
        "[ui]\nvoice = false\n",
        encoding="utf-8",
    )
    return path


def _wait_ready(supervisor: Supervisor, release: str) -> None:
    """The kiosk of ``release`` wrote the ready file: it reached its idle screen."""
    expected = f"executable={(supervisor.opt / release / 'kiosk').resolve()}\n"
    deadline = time.monotonic() + READY_WAIT_S
    while time.monotonic() < deadline:
        if supervisor.ready.is_file() and supervisor.ready.read_text() == expected:
            return
        time.sleep(0.5)
    raise AssertionError(f"{release} did not reach its idle screen; starts: {supervisor.started}")


def _check(opt: Path, target: Path, supervisor: Supervisor) -> subprocess.CompletedProcess[str]:
    """The installed update-check, as kiosk-update-check.service runs it after a restart."""
    return subprocess.run(
        [str(opt / "update-check"), "--root", str(target), "--ready-file",
         str(supervisor.ready), "--restart-command", str(supervisor.restart_command())],
        capture_output=True, text=True, timeout=2 * READY_WAIT_S,
    )  # fmt: skip


def _upgrade(release: Path, target: Path, supervisor: Supervisor, trial_s: int = TRIAL_S) -> str:
    """install, then the restart install asks systemd for; the new current release."""
    run = releases.install(release, target, "--update-timeout", str(trial_s))
    assert run.returncode == 0, run.stdout + run.stderr
    subprocess.run([str(supervisor.restart_command())], check=True)
    current = os.readlink(target / "opt/kiosk/current")
    # kiosk-update-check.service starts with kiosk.service (Wants=), so its trial starts when the
    # new version starts, not while the old one is still stopping (slow on a loaded machine).
    deadline = time.monotonic() + READY_WAIT_S
    while supervisor.started[-1:] != [current]:
        assert time.monotonic() < deadline, f"{current} was never started: {supervisor.started}"
        time.sleep(0.1)
    return current


def test_a_new_version_that_never_reaches_its_idle_screen_is_rolled_back_by_itself(
    good_release: Path, release_key: releases.Key, tmp_path: Path, install_target: Path
) -> None:
    target = install_target
    opt = target / "opt/kiosk"
    first = releases.install(good_release, target, "--trust-key", str(release_key.public),
                             "--clinic-code", "1312345678",
                             "--service-url", "https://gateway.clinic.lan:8443")  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    good = os.readlink(opt / "current")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    supervisor = Supervisor(opt, _config(tmp_path / "kiosk"), run_dir)
    try:
        _wait_ready(supervisor, good)
        assert _check(opt, target, supervisor).returncode == 0  # nothing on trial: at once

        for how, version in (("exits", "0.1.1"), ("hangs", "0.1.2")):
            bundle = releases.broken_bundle(tmp_path / how, how)
            broken = _upgrade(releases.pack(bundle, tmp_path, release_key, version), target,
                              supervisor)  # fmt: skip
            assert broken.startswith(f"releases/kiosk-{version}-")
            assert os.readlink(opt / "previous") == good
            assert (opt / "trial").is_file()

            check = _check(opt, target, supervisor)

            assert check.returncode == 1, check.stderr
            assert f"did not reach its idle screen within {TRIAL_S} s: rolled back to" in (
                check.stderr
            )
            assert os.readlink(opt / "current") == good
            assert os.readlink(opt / "rejected") == broken  # kept to look at, not to run
            assert not (opt / "trial").exists() and not (opt / "previous").exists()
            _wait_ready(supervisor, good)  # the old one came back and runs
            assert broken in supervisor.started  # the broken one did run first
            assert supervisor.started[-1] == good
    finally:
        supervisor.stop()
    # Only the running version and the last rejected one are on disk (image and mount point).
    kept = [name.removeprefix("releases/") for name in (good, broken)]
    assert sorted(p.name for p in (opt / "releases").iterdir()) == sorted(
        [*kept, *(f"{name}.squashfs" for name in kept)]
    )


def test_a_new_version_that_reaches_its_idle_screen_is_kept(
    good_release: Path, release_key: releases.Key, tmp_path: Path, install_target: Path
) -> None:
    """The other way round: from a (broken) version to the good one, which is kept."""
    target = install_target
    opt = target / "opt/kiosk"
    old = releases.pack(releases.broken_bundle(tmp_path / "old", "exits"), tmp_path,
                        release_key, "0.0.9")  # fmt: skip
    first = releases.install(old, target, "--trust-key", str(release_key.public),
                             "--clinic-code", "1312345678",
                             "--service-url", "https://gateway.clinic.lan:8443")  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    before = os.readlink(opt / "current")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    supervisor = Supervisor(opt, _config(tmp_path / "kiosk"), run_dir)
    try:
        good = _upgrade(good_release, target, supervisor, READY_WAIT_S)
        check = _check(opt, target, supervisor)
        assert check.returncode == 0, check.stderr
        assert "reached its idle screen: kept" in check.stderr
        assert os.readlink(opt / "current") == good
        assert os.readlink(opt / "previous") == before  # kept for the next rollback
        assert not (opt / "trial").exists()
    finally:
        supervisor.stop()
