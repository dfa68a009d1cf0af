"""The soak in short form (bench/soak.py): the real `kiosk run` with the virtual card behind
pcscd + vpcd, the synthetic camera and the mock service's process, several receptions with idle
time between them; references to True, memory, threads and descriptors stay flat and every
reception is recorded exactly once. Not in the default run: `pytest -m soak`."""

from __future__ import annotations

import pytest

from bench.soak import run
from kiosk.sim.reader_stack import missing_parts

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
    pytest.mark.timeout(1800),
]


def test_kiosk_run_stays_flat_and_records_every_reception_once() -> None:
    lines: list[str] = []
    summary = run(receptions=8, every_s=10.0, out=lines)
    report = "\n".join(lines)
    assert summary["recorded"] == 8 and summary["doubled"] == 0, report
    assert summary["ends"] == ["finished"], report
    assert summary["ok"], report
