"""Release tarballs for the install and update tests, made by packaging/pack and signed by
packaging/sign exactly as packaging/build does, with a throw-away key made for the test run."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


@dataclass(frozen=True)
class Key:
    secret: Path
    public: Path


def new_key(folder: Path) -> Key:
    run = subprocess.run([str(PACKAGING / "sign"), "--new-key", str(folder)],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return Key(folder / "release-key.pem", folder / "release-key.pub.pem")


# The squashfs image's zstd level in tests: faster than a release's 19, a little larger (the
# size test then checks a worse case than the shipped image).
TEST_SQUASHFS_LEVEL = "6"


def pack(bundle: Path, out: Path, key: Key, version: str) -> Path:
    """The signed tarball of ``bundle`` (its .sig beside it), named for ``version``."""
    env = {**os.environ, "KIOSK_SIGNING_KEY": str(key.secret), "KIOSK_VERSION": version,
           "SOURCE_DATE_EPOCH": "1700000000",
           "KIOSK_SQUASHFS_LEVEL": TEST_SQUASHFS_LEVEL}  # fmt: skip
    run = subprocess.run([str(PACKAGING / "pack"), str(bundle), str(out)], env=env,
                         capture_output=True, text=True, timeout=900)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return Path(run.stdout.strip().splitlines()[-1])


# A deliberately broken build: `kiosk config` (what install checks) succeeds, `kiosk run` never
# reaches the idle screen — it exits at once, or hangs.
BROKEN_RUN = {
    "exits": 'echo "kiosk run: broken build, exiting at once" >&2; exit 1',
    "hangs": 'echo "kiosk run: broken build, hanging before the idle screen" >&2; exec sleep 600',
}


def broken_bundle(folder: Path, how: str) -> Path:
    folder.mkdir(parents=True)
    script = folder / "kiosk"
    script.write_text(f'#!/bin/sh\nif [ "$1" = run ]; then\n  {BROKEN_RUN[how]}\nfi\nexit 0\n',
                      encoding="utf-8")  # fmt: skip
    script.chmod(0o755)
    return folder


def install(tarball: Path, target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """packaging/install as an operator runs it from the unpacked tarball, under --root."""
    return subprocess.run(
        [str(PACKAGING / "install"), "--root", str(target), "--no-apt", "--no-systemd",
         *extra, str(tarball)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def unmount_under(folder: Path) -> None:
    """Unmounts what an install under ``folder`` mounted (lazily: a child process of a stopped
    kiosk may still hold a file open for a moment)."""
    prefix = f"{folder.resolve()}/"
    with open("/proc/self/mounts", encoding="utf-8") as mounts:
        points = [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]
    for point in sorted(points, reverse=True):
        subprocess.run(["umount", "-l", point], check=False)
