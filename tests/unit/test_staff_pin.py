"""Staff PINs against offline recovery (issue 25 item 3, F8): a new PIN has 6 to 12 digits and
its hash names its scrypt cost; a hash from before (no cost named, maybe a 4-digit PIN) still
opens the staff screen but `kiosk config` and every desk say to replace it, naming the command;
`kiosk config` prints no PIN hash and no URL password. Commands run as `python -m kiosk`."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, DatabaseConfig, load_config
from kiosk.desk.views import queue_line
from kiosk.flow.clock import ManualClock
from kiosk.ports import AlertReason
from kiosk.records.store import open_store
from kiosk.staff_auth import (
    LOG2_N,
    RENEW_COMMAND,
    PinHashError,
    StaffAuth,
    WeakPinError,
    check_hash,
    hash_pin,
    is_legacy,
    new_pin_hash,
    warn_if_legacy,
)

SALT = bytes(range(16))


def legacy_hash(pin: str) -> str:
    """What `kiosk config --hash-pin` wrote before issue 25: no cost named, N = 2**14."""
    digest = hashlib.scrypt(pin.encode(), salt=SALT, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${SALT.hex()}${digest.hex()}"


def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin, text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize("pin", ["1234", "12345", "12345a", "１２３４５６", "1234567890123"])
def test_a_new_pin_has_6_to_12_ascii_digits(pin: str) -> None:
    with pytest.raises(WeakPinError, match="6 to 12 digits"):
        new_pin_hash(pin)


def test_a_new_hash_names_its_cost_and_checks_only_its_pin() -> None:
    stored = new_pin_hash("135790")
    assert stored.startswith(f"scrypt$ln={LOG2_N},r=8,p=1$") and "135790" not in stored
    assert not is_legacy(stored)
    auth = StaffAuth((stored,), ManualClock())
    assert auth.check("135790") and not auth.check("135791")


def test_an_old_hash_still_opens_the_staff_screen_and_is_known_as_old() -> None:
    old = legacy_hash("2468")
    load_config(environ={}, overrides={"staff": {"pin_hashes": [old]}})  # no brick
    assert is_legacy(old)
    auth = StaffAuth((old,), ManualClock())
    assert auth.check("2468") and not auth.check("2469")


@pytest.mark.parametrize(
    "stored",
    [
        f"scrypt$ln=30,r=8,p=1${SALT.hex()}${'0' * 64}",  # 2**30: 128 GiB per check
        f"scrypt$ln=16,r=99,p=1${SALT.hex()}${'0' * 64}",
        f"scrypt$ln=16,r=8,p=9${SALT.hex()}${'0' * 64}",
        f"scrypt$ln=16,r=8,p=1${SALT.hex()}${'0' * 64}\n",
        "1234",
    ],
)
def test_a_hash_with_an_unbounded_cost_or_another_shape_is_refused(stored: str) -> None:
    with pytest.raises(PinHashError):
        check_hash(stored)
    with pytest.raises(ConfigError, match=r"staff\.pin_hashes") as refused:
        load_config(environ={}, overrides={"staff": {"pin_hashes": [stored]}})
    assert SALT.hex() not in str(refused.value)


def test_hash_pin_command_refuses_a_short_pin_and_hashes_a_long_one() -> None:
    short = kiosk("config", "--hash-pin", stdin="1234\n")
    assert short.returncode == 2 and "6 to 12 digits" in short.stderr, short.stderr
    assert "scrypt" not in short.stdout + short.stderr and "1234" not in short.stderr
    made = kiosk("config", "--hash-pin", stdin="135790\n")
    assert made.returncode == 0, made.stderr
    check_hash(made.stdout.strip())
    assert made.stdout.startswith(f"scrypt$ln={LOG2_N},")


def test_config_warns_of_old_hashes_naming_the_command_and_prints_no_hash_or_password(
    tmp_path: Path,
) -> None:
    old, new = legacy_hash("2468"), new_pin_hash("135790")
    path = tmp_path / "c.toml"
    path.write_text(
        '[database]\nurl = "postgresql+psycopg://kiosk:S3cret-pw@db.clinic.lan:5432/kiosk"\n'
        f'[staff]\npin_hashes = ["{old}", "{new}"]\n',
        encoding="utf-8",
    )
    done = kiosk("config", "--config", str(path))
    assert done.returncode == 0, done.stderr
    shown = done.stdout + done.stderr
    for secret in ("S3cret-pw", SALT.hex(), old.split("$")[2], new.split("$")[3]):
        assert secret not in shown
    assert "kiosk:***@db.clinic.lan" in done.stdout
    [warning] = done.stderr.splitlines()
    assert "1 staff PIN hash" in warning and RENEW_COMMAND in warning, warning
    path.write_text(f'[staff]\npin_hashes = ["{new}"]\n', encoding="utf-8")
    assert kiosk("config", "--config", str(path)).stderr == ""  # new hashes only: no warning


def test_an_old_hash_raises_a_desk_alert_that_names_the_command(tmp_path: Path) -> None:
    store = open_store(DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                                      journal_dir=str(tmp_path / "j")))  # fmt: skip
    try:
        assert warn_if_legacy((new_pin_hash("135790"),), store, "kiosk-01") == 0
        assert store.alerts.queue() == []
        assert warn_if_legacy((legacy_hash("2468"), hash_pin("9876")), store, "kiosk-01") == 1
        [queued] = store.alerts.queue()
        assert (queued.alert.kiosk_id, queued.alert.reason) == ("kiosk-01", AlertReason.OTHER)
        line = queue_line(queued)
        assert RENEW_COMMAND in line.reason and "6桁" in line.reason
    finally:
        store.close()
