"""Runs scenarios one after the other on one demo environment, whatever drives the patient:
the headless event driver or the window driver (kiosk_dev.demo_driver), which the caller
passes in, and checks each result against its scenario. It imports neither driver's caller:
`kiosk demo` (kiosk_dev.demo_cli) and the window driver import it, never the other way."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kiosk.eligibility.client import EligibilityClient
from kiosk.eligibility.requery import PendingRequery
from kiosk.flow.model import State
from kiosk.ports import ConsentKind, ReceptionRecord
from kiosk.sim.demo.environment import DemoEnvironment, ScenarioRig
from kiosk.sim.demo.headless import RunResult, ScenarioFailed
from kiosk.sim.demo.scenarios import Scenario, scenario


class Driver(Protocol):
    result: RunResult

    def run(self, scenario: Scenario, timeout_s: float = 90.0) -> RunResult: ...

    def close(self) -> None: ...


def check(s: Scenario, last_state: State | None, states: list[State],
          records: list[ReceptionRecord]) -> list[str]:  # fmt: skip
    """What went differently from the scenario's expectations (empty = passed)."""
    problems = []
    if last_state is not s.last_state:
        got = last_state.value if last_state else "nothing"
        problems.append(f"ended in {got}, expected {s.last_state.value}")
    if len(records) != 1:
        return [*problems, f"{len(records)} records written, expected 1"]
    record = records[0]
    if record.outcome is not s.outcome:
        problems.append(f"recorded {record.outcome.value}, expected {s.outcome.value}")
    asked = State.CONSENT_CHECKUP in states
    if s.expect_checkup_asked is not None and asked != s.expect_checkup_asked:
        problems.append(f"health-checkup consent asked={asked}")
    if s.expect_limit is not None and record.limit_provided != s.expect_limit:
        problems.append(f"limit_provided={record.limit_provided}, expected {s.expect_limit}")
    if s.expect_method is not None and record.method is not s.expect_method:
        problems.append(f"method={record.method}, expected {s.expect_method.value}")
    if s.expect_prescription is not None and record.prescription != s.expect_prescription:
        problems.append(f"prescription={record.prescription}, expected {s.expect_prescription}")
    if (
        any(c.kind is ConsentKind.CHECKUP for c in record.consents)
        and not asked
        and State.CONSENT_COMBINED not in states
    ):
        problems.append("a checkup consent was recorded without being asked")
    return problems


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
