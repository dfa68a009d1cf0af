"""Runs scenarios one after the other on one demo environment, whatever drives the patient:
the headless event driver or the window driver (kiosk.ui.dev.demo_driver)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kiosk.eligibility.client import EligibilityClient
from kiosk.records.requery import PendingRequery
from kiosk.sim.demo.cli import check
from kiosk.sim.demo.environment import DemoEnvironment, ScenarioRig
from kiosk.sim.demo.headless import RunResult, ScenarioFailed
from kiosk.sim.demo.scenarios import Scenario, scenario


class Driver(Protocol):
    result: RunResult

    def run(self, scenario: Scenario, timeout_s: float = 90.0) -> RunResult: ...

    def close(self) -> None: ...


def _requery_pending(env: DemoEnvironment, rig: ScenarioRig) -> str:
    """The service is back: resolve the pending reception the way a kiosk does in the background."""
    assert env.store is not None
    with EligibilityClient(rig.config.service, rig.config.kiosk, rig.config.clinic) as client:
        on_resolved = env.results.write_due if env.results is not None else None
        report = PendingRequery(env.store, client, on_resolved=on_resolved).run_once()
    return f"  service back: pending re-query → {report}"


def run_scenario(
    env: DemoEnvironment, s: Scenario, make_driver: Callable[[ScenarioRig], Driver]
) -> tuple[RunResult, list[str]]:
    """One scenario on a fresh rig: its result and what went differently from the script."""
    if s.service_down:
        env.server.stop()
    rig = env.rig(s)
    driver = make_driver(rig)
    try:
        result = driver.run(s)
        problems = check(s, result.last_state, result.states, result.records)
    except ScenarioFailed as exc:
        result, problems = driver.result, [str(exc)]
    finally:
        driver.close()
        rig.close()
        if s.service_down:
            env.server.start()
    if s.service_down:
        result.transcript.append(_requery_pending(env, rig))
    result.transcript += _result_files(env, result)
    return result, problems


def _result_files(env: DemoEnvironment, result: RunResult) -> list[str]:
    """Where each reception's file for the receipt computer went (or why there is none)."""
    lines = []
    for record in result.records:
        row = env.store.reception(record.reception_id) if env.store is not None else None
        if row is None or row.qualification is None:
            lines.append("  result file: none (the reception has no result document)")
        elif row.result_file:
            lines.append(f"  result file: {env.result_folder / 'face' / row.result_file}")
        else:
            lines.append(f"  result file: waiting ({row.result_file_error or 'pending'})")
    return lines


def run_all(
    names: list[str],
    card: str,
    workdir: Path | None,
    make_driver: Callable[[ScenarioRig], Driver],
    label: str,
) -> int:
    """Every named scenario with a transcript and a verdict each; 0 only if all pass."""
    failures = 0
    with DemoEnvironment(workdir, card=card) as env:
        print(f"demo ({label}): card path = {env.card_mode}, eligibility service = "
              f"{env.server.url}, records = {env.base.database.url}")  # fmt: skip
        for name in names:
            s = scenario(name)
            print(f"\n== {s.name}: {s.title}  [persona {s.persona}]")
            started = time.monotonic()
            result, problems = run_scenario(env, s, make_driver)
            print("\n".join(result.transcript))
            verdict = "PASS" if not problems else "FAIL: " + "; ".join(problems)
            print(f"-- {s.name}: {verdict} ({time.monotonic() - started:.1f} s)")
            failures += bool(problems)
    print(f"\n{len(names) - failures} passed, {failures} failed")
    return 1 if failures else 0
