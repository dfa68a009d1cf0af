"""Demo scenarios through the real window: the virtual card (through pcscd + vpcd when
installed, as root), the synthetic camera with the real face pipeline, the mock eligibility
service as its own process, records on SQLite. Each button is clicked as a patient would.

Every scenario runs headless through the same loop, wiring and card path in
tests/integration/test_demo.py; here one of each kind of screen the patient or staff act on
(face, PIN keypad, the staff visual check, the phone's keypad and hold screens, a registration,
the 2025 questions, 続けますか？, the combined consent), so what only the window does (buttons,
keypads, screens following the flow) is proven without running all of them twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.sim.demo.environment import DemoEnvironment
from kiosk.sim.demo.runner import check
from kiosk.sim.demo.scenarios import SCENARIOS, Scenario
from kiosk_dev.demo_driver import run_scenario_in_window

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def environment() -> Iterator[DemoEnvironment]:
    with DemoEnvironment(card="auto") as env:
        yield env


IN_THE_WINDOW = (
    "face-40-plus-all-consents",
    "pin-after-one-wrong",
    "face-fails-then-staff",
    "not-registered",
    "inactivity-timeout",
    "combined-consent",
    "prescription-and-subsidy",
    "phone-android",
    "phone-iphone-declined",
)
WINDOW_SCENARIOS = [s for s in SCENARIOS if s.name in IN_THE_WINDOW]


def test_the_window_subset_names_real_scenarios() -> None:
    """A renamed scenario must not silently leave the window's runs."""
    assert sorted(s.name for s in WINDOW_SCENARIOS) == sorted(IN_THE_WINDOW)


@pytest.mark.parametrize("scenario", WINDOW_SCENARIOS, ids=[s.name for s in WINDOW_SCENARIOS])
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
