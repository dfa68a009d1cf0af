"""The mock ORCA as a real process on a free loopback port, and an adapter pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.checkin.config import OrcaConfig
from kiosk.checkin.orca import OrcaCheckIn
from kiosk.sim.orca.process import OrcaProcess


@pytest.fixture
def orca(tmp_path: Path) -> Iterator[OrcaProcess]:
    """A mock ORCA of its own per test: its registrations are what the test checks."""
    with OrcaProcess(tmp_path / "orca") as proc:
        yield proc


def adapter(proc: OrcaProcess, **settings: Any) -> OrcaCheckIn:
    return OrcaCheckIn(OrcaConfig(**proc.settings(**settings)))


@pytest.fixture
def checkin(orca: OrcaProcess) -> Iterator[OrcaCheckIn]:
    with adapter(orca, read_timeout=2.0, budget=10.0) as opened:
        yield opened
