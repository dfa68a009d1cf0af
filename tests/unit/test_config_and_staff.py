from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, ConsentMode, load_config
from kiosk.flow.clock import ManualClock
from kiosk.staff_auth import StaffAuth, hash_pin

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_file_loads_and_matches_the_defaults() -> None:
    assert load_config(ROOT / "config" / "kiosk.example.toml", environ={}) == load_config(
        environ={}
    )


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    path.write_text('[flow]\nconsent_mode = "separate"\n[timeouts]\ninactivity = 90\n')
    env = {"KIOSK_FLOW__CONSENT_MODE": "combined", "KIOSK_TIMEOUTS__WARNING": "5"}
    config = load_config(path, environ=env)
    assert config.flow.consent_mode is ConsentMode.COMBINED
    assert config.timeouts.inactivity == 90 and config.timeouts.warning == 5


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"KIOSK_CLINIC__CODE": "12"}, "clinic.code"),
        ({"KIOSK_KIOSK__ACCOUNT_ID": "X1"}, "kiosk.account_id"),
        ({"KIOSK_FLOW__CONSENT_MODE": "both"}, "flow.consent_mode"),
        ({"KIOSK_TIMEOUTS__INACTIVITY": "-1"}, "timeouts.inactivity"),
        ({"KIOSK_DATABASE__URL": "mysql://x"}, "database.url"),
        ({"KIOSK_CARD__READER": "(["}, "card.reader"),
        ({"KIOSK_CAMERA__SOURCE": "webcam"}, "camera.source"),
        ({"KIOSK_STAFF__PIN_HASHES": '["1234"]'}, "staff.pin_hashes"),
        ({"KIOSK_FLOW__TYPO": "1"}, "flow.typo"),
    ],
)
def test_bad_values_stop_start_up_with_the_setting_named(env: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace(".", r"\.")):
        load_config(environ=env)


def test_a_missing_or_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[flow\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad, environ={})


def test_staff_pins_are_salted_hashes_that_the_config_accepts() -> None:
    a, b = hash_pin("9876"), hash_pin("9876")
    assert a != b and "9876" not in a
    load_config(environ={}, overrides={"staff": {"pin_hashes": [a]}})


def test_repeated_wrong_staff_pins_lock_staff_functions_for_a_while() -> None:
    clock = ManualClock()
    auth = StaffAuth((hash_pin("9876"),), clock, max_attempts=3, lockout_s=300)
    assert auth.check("9876")
    for _ in range(3):
        assert not auth.check("0000")
    assert auth.locked_for() == 300 and not auth.check("9876")
    clock.advance(301)
    assert auth.check("9876")


@pytest.mark.parametrize("name", ["a\x00b.toml", "\ud800.toml"])
def test_a_configuration_path_that_cannot_be_a_file_name_is_a_config_error(name: str) -> None:
    """Found by bench/fuzz.py's cli target (`kiosk config --config` with such a name)."""
    with pytest.raises(ConfigError, match="not a usable path"):
        load_config(Path(name), environ={})
