"""The short form of bench/fuzz.py: every parser, a few thousand generated inputs, no crash.

The full run (100 000 inputs per parser) is `python bench/fuzz.py`; see docs/architecture.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fuzz.py"
TARGETS = ("tlv", "apdu", "myna", "session", "json", "xml", "config", "phone", "marks", "journal",
           "numberb", "cli")  # fmt: skip


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kiosk_bench_fuzz", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return _fuzz()


@pytest.mark.parametrize("target", TARGETS)
def test_no_parser_raises_an_undocumented_error(
    fuzz: ModuleType, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_PKI_DIR", str(tmp_path / "pki"))
    # Seed 2: the bench's default is 1, so CI tries inputs the full run did not.
    (tally,) = fuzz.fuzz(cases=1500, seed=2, only=target, out=lambda _line: None)
    assert tally.cases == 1500
    assert tally.crashes == []
    assert tally.handled > 0  # the generator does make bad inputs
