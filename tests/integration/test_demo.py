"""The headless demo end to end: every scenario through the real adapters (the virtual card
behind pcscd + vpcd where they are installed, as `kiosk run` reads a card; the synthetic camera
with the real face pipeline; the mock service as its own process; SQLite), and a full demo run
leaves no PIN, My Number or chip photo on disk or in its logs. tests/ui/test_scenarios.py runs a
few of them again through the real window."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.records.store import store_files
from kiosk.sim.demo.environment import DemoEnvironment
from kiosk.sim.demo.headless import HeadlessDriver
from kiosk.sim.demo.runner import check
from kiosk.sim.demo.scenarios import SCENARIOS, EnterPin, scenario
from kiosk.sim.personas import get_persona
from kiosk.sim.photos import chip_photo_jp2

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnvironment]:
    with DemoEnvironment(tmp_path_factory.mktemp("demo"), card="auto") as environment:
        yield environment


@pytest.mark.parametrize("name", [s.name for s in SCENARIOS])
def test_each_demo_scenario_reaches_its_expected_end(env: DemoEnvironment, name: str) -> None:
    s = scenario(name)
    if s.service_down:
        env.server.stop()
    rig = env.rig(s)
    driver = HeadlessDriver(rig)
    try:
        result = driver.run(s)
    finally:
        driver.close()
        rig.close()
        if s.service_down:
            env.server.start()
    assert check(s, result.last_state, result.states, result.records) == []
    assert driver.reception.session.wiped


def _texts(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    for path in paths:
        if path.suffix in (".sqlite3", ".db") and path.stat().st_size:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                yield path, "\n".join(con.iterdump())
            finally:
                con.close()
        yield path, path.read_bytes().decode("utf-8", errors="replace")


def test_a_full_demo_run_keeps_no_secret_on_disk_or_in_logs(tmp_path: Path) -> None:
    work = tmp_path / "run"
    names = ["pin-after-one-wrong", "face-40-plus-all-consents", "service-down", "pin-locked"]
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "kiosk", "demo", "-v", "--card", "inprocess",
                               "--workdir", str(work), *names], stdout=out,
                              stderr=subprocess.STDOUT, timeout=600)  # fmt: skip
    assert done.returncode == 0, log.read_text()[-3000:]

    pins = {a.digits for n in names for a in scenario(n).actions if isinstance(a, EnterPin)}
    people = [get_persona(scenario(n).persona) for n in names]
    my_numbers = {p.card.my_number for p in people}
    photos = [chip_photo_jp2(p.photo) for p in people if p.card.kind == "mynacard"]
    config = load_config(
        environ={},
        overrides={
            "database": {
                "url": f"sqlite:///{work / 'kiosk.sqlite3'}",
                "journal_dir": str(work / "journal"),
            }
        },
    )
    files = [log, *store_files(config.database),
             *(p for p in (work / "service").rglob("*") if p.is_file())]  # fmt: skip
    assert any(p.name == "kiosk.sqlite3" for p in files)
    for path in files:
        raw = path.read_bytes()
        for photo in photos:
            assert photo[200:264] not in raw, f"chip photo bytes in {path}"
        assert b"jP  \r\n" not in raw, f"a JPEG 2000 file in {path}"
    for path, text in _texts(files):
        for number in my_numbers:
            assert number not in text, f"My Number in {path}"
        for pin in pins:
            assert not re.search(rf"(?<![0-9A-Za-z]){pin}(?![0-9A-Za-z])", text), (
                f"PIN {pin} in {path}"
            )
