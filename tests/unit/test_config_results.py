"""The result-file and 2025 flow settings: defaults off, clear refusals for what is out of scope."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.runtime import settings_from


def test_defaults_ask_nothing_new_and_write_no_files() -> None:
    config = load_config(environ={})
    assert config.results.folder is None
    s = settings_from(config)
    assert (s.ask_prescription, s.ask_subsidy) == (False, False)


def test_the_flow_items_reach_the_flow_settings() -> None:
    config = load_config(environ={"KIOSK_FLOW__ASK_PRESCRIPTION": "true",
                                  "KIOSK_FLOW__ASK_SUBSIDY": "true"})  # fmt: skip
    s = settings_from(config)
    assert (s.ask_prescription, s.ask_subsidy) == (True, True)


@pytest.mark.parametrize("visit", ["home", "online", "訪問"])
def test_visits_other_than_outpatient_are_refused_with_the_reason(visit: str) -> None:
    with pytest.raises(ConfigError, match=r"flow.visit_type: .*訪問.*オンライン"):
        load_config(environ={}, overrides={"flow": {"visit_type": visit}})


def test_a_retry_interval_below_a_second_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"results\.retry_interval"):
        load_config(environ={}, overrides={"results": {"retry_interval": 0}})
