"""Every demo scenario through the real window: the virtual card (through pcscd + vpcd when
installed, as root), the synthetic camera with the real face pipeline, the mock eligibility
service as its own process, records on SQLite. Each button is clicked as a patient would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.devui.demo_driver import run_scenario_in_window
from kiosk.sim.demo.environment import DemoEnvironment
from kiosk.sim.demo.runner import check
from kiosk.sim.demo.scenarios import SCENARIOS, Scenario

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def environment() -> Iterator[DemoEnvironment]:
    with DemoEnvironment(card="auto") as env:
        yield env


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_through_the_window(
    qapp, environment: DemoEnvironment, scenario: Scenario
) -> None:
    if scenario.service_down:
        environment.server.stop()
    try:
        result = run_scenario_in_window(scenario, environment, timeout_s=60.0)
    finally:
        if scenario.service_down:
            environment.server.start()
    assert check(scenario, result.last_state, result.states, result.records) == []
