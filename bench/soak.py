"""Soak: the real `kiosk run` (its own offscreen process) for hours of receptions and idle time.

The card is the virtual one behind a private pcscd + vpcd, the eligibility service is the mock
service's process, the camera is the synthetic one, the records go to SQLite. A patient comes
every ``--every`` seconds (default one a minute) and goes through PIN, the consents and the limit
offer by tapping the real window (the test-only control, ``ui.test_control``); in between the
kiosk idles on its 200 ms tick. After each reception the bench samples the kiosk process:

    true_refs   sys.getrefcount(True) inside the kiosk (PySide6 6.12.0 lost one per emit)
    py_threads  Python threads;  gc_objects  objects the collector tracks
    rss_kb      resident memory; os_threads  threads of the process; fds  open descriptors

and prints them as a flat table, then the drift from the first sample after warm-up, and checks
that every reception was recorded exactly once. The last line is

    soak receptions=<n> recorded=<n> doubled=<n> true_refs_drift=<n> rss_growth_kb=<n> \
threads_drift=<n> fds_drift=<n> ok=<bool>

    python bench/soak.py                      # 120 receptions, one a minute: about 2 hours
    python bench/soak.py --receptions 6 --every 5   # a short run (tests/integration/test_soak.py)

Time is real: the kiosk runs on its system clock, so its ticks, timers and threads age as in a
clinic. Not part of the default test run.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kiosk.config import ClinicConfig, DatabaseConfig, KioskConfig  # noqa: E402
from kiosk.records.rows import CLINIC_TZ  # noqa: E402
from kiosk.records.store import open_store  # noqa: E402
from kiosk.sim.card import reset_card  # noqa: E402
from kiosk.sim.personas import get_persona  # noqa: E402
from kiosk.sim.pki import MockPki  # noqa: E402
from kiosk.sim.reader_stack import VirtualReaderStack  # noqa: E402
from kiosk.sim.service.process import ServerProcess  # noqa: E402
from tests.ui.test_staff_calls import Process, Taps  # noqa: E402

PERSONA = get_persona("sato_hanako")
WARM_UP = 2  # receptions before the baseline sample: imports, caches, the first DB pages
# How much a run may drift and still be flat (after warm-up). The 6.12.0 leak lost 5 references
# to True a second (36 000 in 2 h); a thread, a descriptor or a few kB kept per reception would
# pass these limits within the first hour. Below them: caches filling, Qt's pool threads coming
# and going (they expire after 30 s idle), allocator noise.
TRUE_REFS_LIMIT = 200
GROWTH_LIMITS = {"rss_kb": 40_000, "os_threads": 3, "fds": 3}

# What the patient taps on each screen (state -> commands).
TAPS: dict[str, list[str]] = {
    "choose_method": ["click pin"],
    "pin_entry": [*(f"click key_{d}" for d in PERSONA.card.pin), "click ok"],
    "consent_medication": ["click agree"],
    "consent_checkup": ["click agree"],
    "consent_diagnosis": ["click agree"],
    "consent_operation": ["click agree"],
    "consent_combined": ["click agree"],
    "registration_offer": ["click register"],
    "timeout_warning": ["click continue"],
    "done": ["click provide"],
}
END = {"finished", "ended", "ineligible", "cert_error", "service_down", "card_error"}


@dataclass
class Sample:
    reception: int
    values: dict[str, int] = field(default_factory=dict)


def _proc_status(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return {"rss_kb": rss, "os_threads": threads, "fds": fds}


def _sample(kiosk: Process, taps: Taps, n: int) -> Sample:
    at = kiosk.mark()
    taps("stats")
    found = kiosk.wait_for(r"test control: stats (.*)$", at).group(1)
    values = {k: int(v) for k, v in (item.split("=") for item in found.split())}
    values.update(_proc_status(kiosk.proc.pid))
    return Sample(n, values)


def _one_reception(kiosk: Process, taps: Taps, stack: VirtualReaderStack) -> str:
    """Place the card, answer every screen, take the card; the end state reached."""
    reset_card(PERSONA, stack.state_dir)
    at = kiosk.mark()
    stack.insert(PERSONA.id)
    while True:
        found = kiosk.wait_for(r"kiosk\.runtime \w+ -> (\w+) \(", at)
        at = _line_after(kiosk, found.group(0), at)
        state = found.group(1)
        if state in END:
            break
        for command in TAPS.get(state, []):
            taps(command)
    stack.remove()
    # The card leaves to the closing screen (お呼びするまでお待ちください), then idle.
    kiosk.wait_for(r"-> idle \(", at)
    return state


def _line_after(kiosk: Process, text: str, since: int) -> int:
    """The index just after the first line from ``since`` that contains ``text``."""
    with kiosk._changed:
        for i in range(since, len(kiosk.lines)):
            if text in kiosk.lines[i]:
                return i + 1
    return since


def _config(
    tmp: Path, db: DatabaseConfig, taps: Taps, stack: VirtualReaderStack, service: ServerProcess
) -> Path:
    # The kiosk enrols like a real one: its own key, mutual TLS with the service.
    kiosk = KioskConfig(credential_dir=str(tmp / "credential"))
    service.enroll(kiosk, ClinicConfig().code)
    path = tmp / "kiosk.toml"
    path.write_text(
        f"""
[database]
url = "{db.url}"
journal_dir = "{db.journal_dir}"
[ui]
voice = false
test_control = "file:{taps.path}"
[kiosk]
credential_dir = "{kiosk.credential_dir}"
[service]
url = "{service.url}"
ca_file = "{service.ca_file}"
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "synthetic:astronaut"
""",
        encoding="utf-8",
    )
    return path


def run(receptions: int, every_s: float, out: list[str] | None = None) -> dict[str, object]:
    """The soak; returns the summary (also printed, with the table, to ``out`` or stdout)."""
    say = out.append if out is not None else print
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as tmp_name:
        tmp = Path(tmp_name)
        pki_dir = tmp / "pki"
        MockPki(pki_dir)
        os.environ["KIOSK_PKI_DIR"] = str(pki_dir)
        db = DatabaseConfig(url=f"sqlite:///{tmp / 'k.sqlite3'}", journal_dir=str(tmp / "j"))
        open_store(db).close()
        taps = Taps(tmp / "kiosk.taps")
        first_day = datetime.now(CLINIC_TZ).date()
        with (
            ServerProcess(tmp / "service", pki_dir=pki_dir) as service,
            VirtualReaderStack(pki_dir=pki_dir, state_dir=tmp / "cards") as stack,
        ):
            config = _config(tmp, db, taps, stack, service)
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
            kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
            try:
                kiosk.wait_for("ready: idle screen shown")
                samples, ends = _drive(kiosk, taps, stack, receptions, every_s, say)
            finally:
                kiosk.stop()
        return _summary(db, samples, ends, receptions, say, first_day)


def _drive(
    kiosk: Process,
    taps: Taps,
    stack: VirtualReaderStack,
    receptions: int,
    every_s: float,
    say: object,
) -> tuple[list[Sample], list[str]]:
    samples: list[Sample] = []
    ends: list[str] = []
    started = time.monotonic()
    for n in range(1, receptions + 1):
        ends.append(_one_reception(kiosk, taps, stack))
        if n >= WARM_UP:
            samples.append(_sample(kiosk, taps, n))
            _print_row(samples[-1], say, header=len(samples) == 1)
        # Idle until the next patient is due: the kiosk ticks on, nobody touches it.
        next_due = started + n * every_s
        time.sleep(max(0.0, next_due - time.monotonic()))
    return samples, ends


COLUMNS = ["true_refs", "py_threads", "gc_objects", "rss_kb", "os_threads", "fds"]


def _print_row(sample: Sample, say: object, header: bool) -> None:
    assert callable(say)
    if header:
        say(f"{'reception':>9} " + " ".join(f"{c:>10}" for c in COLUMNS))
    say(f"{sample.reception:>9} " + " ".join(f"{sample.values[c]:>10}" for c in COLUMNS))


def _summary(
    db: DatabaseConfig,
    samples: list[Sample],
    ends: list[str],
    receptions: int,
    say: object,
    first_day: date,
) -> dict[str, object]:
    assert callable(say)
    store = open_store(db)
    try:
        # Every clinic day the run touched: a 2-hour run from 22:00 JST crosses midnight (one
        # such run counted only the 5 receptions after it).
        last_day = datetime.now(CLINIC_TZ).date()
        days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
        rows = [row for day in days for row in store.receptions_on(day)]
    finally:
        store.close()
    ids = [row.reception_id for row in rows]
    first, last = samples[0].values, samples[-1].values
    drift = {k: last[k] - first[k] for k in COLUMNS}
    flat = abs(drift["true_refs"]) <= TRUE_REFS_LIMIT and all(
        drift[k] <= limit for k, limit in GROWTH_LIMITS.items()
    )
    summary: dict[str, object] = {
        "receptions": receptions,
        "recorded": len(set(ids)),
        "doubled": len(ids) - len(set(ids)),
        "true_refs_drift": drift["true_refs"],
        "rss_growth_kb": drift["rss_kb"],
        "threads_drift": drift["os_threads"],
        "fds_drift": drift["fds"],
        "ends": sorted(set(ends)),
    }
    summary["ok"] = flat and summary["recorded"] == receptions and summary["doubled"] == 0
    say(f"drift since reception {samples[0].reception}: {drift}")
    fields = [k for k in summary if k != "ends"]
    say("soak " + " ".join(f"{k}={summary[k]}" for k in fields))
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receptions", type=int, default=120)
    parser.add_argument("--every", type=float, default=60.0, help="seconds between patients")
    args = parser.parse_args()
    if args.receptions <= WARM_UP:
        parser.error(f"--receptions must be more than the {WARM_UP} warm-up receptions")
    summary = run(args.receptions, args.every)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
