"""The configuration loader turns every malformed file or override into a ConfigError."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config


def test_arrays_nested_beyond_the_toml_parser_are_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("[ui]\nlanguage = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nests arrays or tables too deeply"):
        load_config(path, environ={})


def test_a_deep_override_is_taken_as_text_and_then_refused() -> None:
    with pytest.raises(ConfigError, match=r"ui\.language"):
        load_config(environ={"KIOSK_UI__LANGUAGE": "[" * 3000 + "]" * 3000})


def test_an_override_into_a_section_that_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "flat.toml"
    path.write_text("ui = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ui must be a table"):
        load_config(path, environ={"KIOSK_UI__VOICE": "false"})


def test_a_long_bad_value_is_shown_cut_short() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"KIOSK_UI__LANGUAGE": "x" * 5000})
    assert len(str(caught.value)) < 300
