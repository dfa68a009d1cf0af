"""The fault matrix (issue 10, "Deliver"): each fault against the real parts, and for each the
receptions expected, stored, doubled and mixed, printed as a table. Every row must be exact:
stored == expected, doubled == 0, mixed == 0.

Kiosk rows run real receptions through the runtime with the headless demo driver
(``kiosk.sim.demo``): the virtual card behind a private pcscd+vpcd (when installed), the mock
service as its own process with its fault switches, the real face pipeline object, a SQLite
store. A robot patient answers whatever screen comes (PIN, agree, no limit info, take the card).
Store rows drive the records store directly against a real PostgreSQL (``PostgresServer``).

- expected: receptions started (one per card put on the reader) or saved;
- stored: of those, how many the database holds once the fault is gone (journal replayed,
  pending receptions re-queried);
- doubled: a reception built or resolved more than once;
- mixed: a stored reception carrying another patient's name.

One test per row (``test_row_is_exact[<row>]``), all in one xdist group: they share the module's
service process, pcscd stack and PostgreSQL and switch the service's faults, so under
``pytest -n N --dist loadgroup`` they run on one worker, in this order. Each row also checks its
logs and the subprocesses' for patient data; the last test prints the whole table and checks the
subprocesses' logs once more.

The rows "database down + journal read-only" (reception, alert, stop, crash, start; issue 25)
need the real `kiosk run`, a real PostgreSQL it cannot reach and a real read-only tmpfs: they
are tests/ui/test_run_unsaved.py, and docs/architecture.md's table says which test proves each
(kept true by test_fault_matrix_rows.py). The row "database down + journal unwritable" here is
the store alone.

The card pulled at every APDU runs in process (the reader's ``pull_after``); through pcscd + vpcd
run only a few of those pulls, picked from the in-process sweep (its first APDU, the middle of
the card read, the PIN's VERIFY, the last APDU before a reception gets through).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import DatabaseConfig
from kiosk.eligibility.requery import PendingRequery
from kiosk.flow import events as ev
from kiosk.flow.model import AFTER_STATES, END_STATES, State
from kiosk.ports import ReceptionOutcome, ReceptionRecord, VerificationMethod
from kiosk.records.pending import REQUERIED
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.card import InProcessReader, VirtualCard
from kiosk.sim.demo.environment import CardSlot, DemoEnvironment, InProcessSlot, PcscSlot
from kiosk.sim.demo.headless import HeadlessDriver
from kiosk.sim.demo.scenarios import scenario
from kiosk.sim.personas import get_persona
from kiosk.sim.records import PostgresServer, sample_document, sample_record

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.xdist_group("fault_matrix")]

SCENARIO = scenario("pin-after-one-wrong")  # takahashi_kenji: PIN path, both consents
PERSONA = get_persona(SCENARIO.persona)
ROBOT_TIMEOUT_S = 120.0
ANSWERS: dict[State, ev.Event] = {
    State.CHOOSE_METHOD: ev.MethodChosen(VerificationMethod.PIN),
    State.REGISTRATION_OFFER: ev.RegistrationAnswered(False),
    State.CONSENT_MEDICATION: ev.ConsentAnswered(True),
    State.CONSENT_CHECKUP: ev.ConsentAnswered(True),
    State.CONSENT_DIAGNOSIS: ev.ConsentAnswered(True),
    State.CONSENT_OPERATION: ev.ConsentAnswered(True),
    State.CONSENT_COMBINED: ev.ConsentAnswered(True),
    State.PRESCRIPTION_CHOICE: ev.PrescriptionChosen(True),
    State.SUBSIDY_QUESTION: ev.SubsidyAnswered(False),
    State.DONE: ev.LimitAnswered(False),
    State.TIMEOUT_WARNING: ev.Continue(),
}


@dataclass
class Row:
    fault: str
    expected: int = 0
    stored: int = 0
    doubled: int = 0
    mixed: int = 0

    @property
    def exact(self) -> bool:
        return self.stored == self.expected and self.doubled == 0 and self.mixed == 0


WIDTH = 44  # the fault column


def table(rows: list[Row]) -> str:
    width = max(WIDTH, *(len(r.fault) for r in rows))
    head = f"{'fault':<{width}}  expected  stored  doubled  mixed"
    lines = [head, "-" * len(head)]
    for r in rows:
        mark = "" if r.exact else "   <-- NOT EXACT"
        lines.append(f"{r.fault:<{width}}  {r.expected:>8}  {r.stored:>6}  {r.doubled:>7}  "
                     f"{r.mixed:>5}{mark}")  # fmt: skip
    return "\n".join(lines)


# --- a robot patient on the headless driver ----------------------------------------------------


class Kiosk:
    """One rig + headless driver; ``reception()`` runs one patient through whatever comes.
    ``slot`` replaces the environment's card slot for this kiosk (the in-process card)."""

    def __init__(self, env: DemoEnvironment, slot: CardSlot | None = None) -> None:
        self.env = env
        shared, env.slot = env.slot, slot or env.slot
        try:
            self.rig = env.rig(SCENARIO)
        finally:
            env.slot = shared
        self.driver = HeadlessDriver(self.rig)
        self.on_reader = False

    def close(self) -> None:
        self.driver.close()
        self.rig.close()

    @property
    def records(self) -> list[ReceptionRecord]:
        return self.driver.result.records

    def reception(
        self,
        insert: Callable[[], None] | None = None,
        on_state: Callable[[State], None] = lambda s: None,
    ) -> None:
        d = self.driver
        (insert or (lambda: self.rig.slot.insert(PERSONA)))()
        self.on_reader = True
        if not d._monitored:
            d._card_arrived()
        deadline = time.monotonic() + ROBOT_TIMEOUT_S
        last, left_idle = State.IDLE, False
        while True:
            d._pump()
            if self.on_reader and self._pulled():
                self.on_reader = False
                d._card_left()  # what a reader monitor reports of a pulled card
            state = d.reception.state
            if state in AFTER_STATES:
                self._closing_shown()
            if state is not last:
                last = state
                left_idle = left_idle or state is not State.IDLE
                on_state(state)
                self._answer(state)
            if left_idle and state is State.IDLE:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"robot patient stuck in {state.value}")
        d.settle()

    def _closing_shown(self) -> None:
        """The closing / card-removed screen's seconds pass on the driver's clock (as a
        scenario's Wait does), not in real time: the next tick goes back to idle."""
        d = self.driver
        deadline = d.reception.model.deadline
        if deadline is not None and deadline > d.clock.monotonic():
            d.clock.advance(deadline - d.clock.monotonic())

    def _answer(self, state: State) -> None:
        d = self.driver
        if state is State.PIN_ENTRY:
            d.reception.session.set_pin(PERSONA.card.pin)
            d._post(ev.PinSubmitted())
        elif state in ANSWERS:
            d._post(ANSWERS[state])
        elif state in END_STATES and (d._monitored or self.on_reader):
            self.rig.slot.remove()
            self.on_reader = False
            if not d._monitored:
                d._card_left()

    def _pulled(self) -> bool:
        """An unmonitored in-process card gone from its reader (``pull_after``)."""
        reader = self.rig.slot.reader
        monitored = self.driver._monitored
        return not monitored and isinstance(reader, InProcessReader) and reader.card is None


def count(row: Row, store: RecordStore, records: list[ReceptionRecord], started: int) -> Row:
    """Fill the row from the records the runtime built and what the database holds."""
    ids = [r.reception_id for r in records]
    row.expected += started
    row.doubled += len(ids) - len(set(ids))
    for rid in set(ids):
        stored = store.reception(rid)
        if stored is None:
            continue
        row.stored += 1
        name = stored.summary.name
        row.mixed += name is not None and name != PERSONA.name
        row.doubled += max(0, [t.event for t in store.audit(rid)].count(REQUERIED) - 1)
    return row


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnvironment]:
    with DemoEnvironment(tmp_path_factory.mktemp("matrix")) as environment:
        yield environment


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    with PostgresServer(fast=True) as server:
        yield server


def _requery(env: DemoEnvironment, kiosk: Kiosk) -> None:
    assert env.store is not None
    PendingRequery(env.store, kiosk.rig.client).run_once()


# --- kiosk rows ----------------------------------------------------------------------------------


def row_baseline(env: DemoEnvironment) -> Row:
    kiosk = Kiosk(env)
    try:
        kiosk.reception()
    finally:
        kiosk.close()
    assert env.store is not None
    return count(Row("none (baseline)"), env.store, kiosk.records, 1)


def row_service_fault(env: DemoEnvironment, name: str, fault: dict[str, Any]) -> Row:
    """The service answers every call with the fault: the reception ends pending (or with an
    error), then the service recovers and the pending one is re-queried."""
    kiosk = Kiosk(env)
    try:
        env.server.set_fault(**fault)
        kiosk.reception()
        env.server.clear_faults()
        _requery(env, kiosk)
    finally:
        env.server.clear_faults()
        kiosk.close()
    assert env.store is not None
    return count(Row(name), env.store, kiosk.records, 1)


def row_service_killed(env: DemoEnvironment) -> Row:
    kiosk = Kiosk(env)

    def on_state(state: State) -> None:
        if state is State.QUERYING:
            env.server.stop()  # killed with the confirmation in flight

    try:
        env.server.set_fault(latency_ms=2000)
        kiosk.reception(on_state=on_state)
        env.server.start()
        _requery(env, kiosk)
    finally:
        if env.server.pid is None:
            env.server.start()
        env.server.clear_faults()
        kiosk.close()
    assert env.store is not None
    return count(Row("service killed mid-query"), env.store, kiosk.records, 1)


def _done(kiosk: Kiosk) -> bool:
    last = kiosk.records[-1]
    return last.outcome is ReceptionOutcome.COMPLETE and bool(last.consents)


class TracedCard(VirtualCard):
    """The sweep's card: notes the reception's state as each APDU reaches it."""

    def __init__(self, env: DemoEnvironment, state: Callable[[], State]) -> None:
        super().__init__(PERSONA, env.workdir / "cards", pki=env.pki)
        self._state = state
        self.trace: list[State] = []

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        self.trace.append(self._state())
        return super().transmit(apdu)


@dataclass
class Sweep:
    """The card pulled after 0, 1, 2, ... APDUs in process, until a reception got through."""

    row: Row
    phases: list[State]  # the state each APDU of the reception that got through came in
    outcomes: list[ReceptionOutcome] = field(default_factory=list)  # per pull index

    def picks(self) -> dict[int, str]:
        """The pulls worth a run through pcscd, APDU index -> why: the first APDU (SELECT of
        the JPKI AP), the middle of the card read (inside the certificate's READ BINARYs), the
        PIN's VERIFY (the card takes the PIN, its answer is lost) and the last APDU before a
        reception gets through (the query's signature)."""
        reading = [i for i, s in enumerate(self.phases) if s is State.READING]
        verify = [i for i, s in enumerate(self.phases) if s is State.PIN_VERIFYING]
        assert reading and verify, f"no card read or PIN verify among the APDUs: {self.phases}"
        picks = {0: "the first APDU", reading[len(reading) // 2]: "the middle of the card read"}
        picks.setdefault(verify[-1], "the PIN's VERIFY")
        picks.setdefault(len(self.outcomes) - 1, "the last APDU before one gets through")
        return dict(sorted(picks.items()))


MAX_APDUS = 80


def in_process_sweep(env: DemoEnvironment) -> Sweep:
    """The card leaves after 0, 1, 2, ... APDUs (the in-process reader's ``pull_after``), until
    a reception gets through untouched; each pull reaches the card at exactly that APDU."""
    slot = InProcessSlot(env.workdir / "cards", env.pki)
    reader = slot.reader
    assert isinstance(reader, InProcessReader)
    kiosk = Kiosk(env, slot)
    card = TracedCard(env, lambda: kiosk.driver.reception.state)
    card.prepare()
    outcomes: list[ReceptionOutcome] = []
    try:
        for n in range(MAX_APDUS):
            card.trace.clear()
            kiosk.reception(insert=partial(reader.insert, card, pull_after=n))
            if _done(kiosk):
                assert reader.apdus == len(card.trace) <= n, f"got through {n}: {reader.apdus}"
                break
            assert reader.apdus == len(card.trace) == n + 1, f"pull after {n}: {reader.apdus}"
            outcomes.append(kiosk.records[-1].outcome)
        else:
            raise AssertionError(f"no reception got through in {MAX_APDUS} APDUs")
    finally:
        kiosk.close()
    assert env.store is not None
    started = len(outcomes) + 1
    row = count(Row(f"card pulled at APDU 0..{len(outcomes)} (in process)"), env.store,
                kiosk.records, started)  # fmt: skip
    return Sweep(row, list(card.trace), outcomes)


def row_card_pulled_pcscd(env: DemoEnvironment, sweep: Sweep) -> Row:
    """A few of the sweep's pulls through the real stack: each reception ends as the same pull
    ended in process."""
    assert isinstance(env.slot, PcscSlot), "pcscd+vpcd missing: card rows not run"
    stack = env.slot.stack
    picks = sweep.picks()
    kiosk = Kiosk(env)
    try:
        for n, why in picks.items():
            kiosk.reception(insert=partial(stack.insert, PERSONA.id, pull_after=n))
            outcome = kiosk.records[-1].outcome
            assert outcome is sweep.outcomes[n], f"pulled at APDU {n} ({why}): {outcome.value}"
    finally:
        kiosk.close()
    assert env.store is not None
    at = ", ".join(map(str, picks))
    return count(Row(f"card pulled at APDU {at} (pcscd)"), env.store, kiosk.records, len(picks))


def row_pcscd_restart(env: DemoEnvironment) -> Row:
    assert isinstance(env.slot, PcscSlot), "pcscd+vpcd missing: card rows not run"
    kiosk = Kiosk(env)  # its reader monitor is running across the restart
    try:
        env.slot.stack.restart_pcscd()
        kiosk.reception()
    finally:
        kiosk.close()
    assert env.store is not None
    return count(Row("pcscd restarted"), env.store, kiosk.records, 1)


def row_sqlite_locked(env: DemoEnvironment) -> Row:
    """Another writer holds the SQLite file for the whole reception: the record is journalled,
    and written once the lock is gone."""
    assert env.store is not None
    db = Path(env.base.database.url.removeprefix("sqlite:///"))
    kiosk = Kiosk(env)
    locker = sqlite3.connect(db, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        kiosk.reception()
        journalled = len(env.store.journal)
        locker.execute("ROLLBACK")
        env.store.flush_journal()
    finally:
        locker.close()
        kiosk.close()
    row = count(Row("SQLite locked by another writer"), env.store, kiosk.records, 1)
    assert journalled == 1, "the lock did not reach the save"
    return row


# --- store rows (real PostgreSQL) ----------------------------------------------------------------


def _pg_store(pg: PostgresServer, tmp: Path, name: str) -> tuple[DatabaseConfig, RecordStore]:
    config = DatabaseConfig(url=pg.create_database(), journal_dir=str(tmp / name / "journal"))
    return config, open_store(config)


def _store_row(name: str, store: RecordStore, records: list[ReceptionRecord]) -> Row:
    row = Row(name, expected=len(records))
    for record in records:
        stored = store.reception(record.reception_id)
        if stored is None:
            continue
        row.stored += 1
        row.mixed += stored.summary.name not in (None, "試験 太郎", "\ufffd", "試験\ufffd太郎")
        row.doubled += max(0, [t.event for t in store.audit(record.reception_id)]
                           .count(REQUERIED) - 1)  # fmt: skip
    return row


def row_pg_killed_mid_burst(pg: PostgresServer, tmp: Path) -> Row:
    _, store = _pg_store(pg, tmp, "burst")
    written: list[ReceptionRecord] = []
    stop = threading.Event()

    def kiosk() -> None:
        i = 0
        while not stop.is_set() or i < 200:
            record = sample_record(f"burst-{i:05d}")
            store.save(record)
            written.append(record)
            i += 1

    writer = threading.Thread(target=kiosk)
    writer.start()
    while len(written) < 60 and writer.is_alive():
        writer.join(0.01)
    pg.stop(mode="immediate")
    down_at = len(written)
    while len(written) < down_at + 30 and writer.is_alive():
        writer.join(0.01)
    pg.start()
    stop.set()
    writer.join()
    store.flush_journal()
    row = _store_row("PostgreSQL killed mid-burst", store, written)
    store.close()
    return row


def _with_items(rid: str, **items: str) -> ReceptionRecord:
    document: dict[str, Any] = sample_document()
    document["MessageBody"]["ResultList"]["ResultOfQualificationConfirmation"][0].update(items)
    return replace(sample_record(rid), qualification=document)


def row_pg_refuses(pg: PostgresServer, tmp: Path) -> Row:
    """Answers PostgreSQL refuses as they are (branch 3 chars, name 120, NUL), among others."""
    _, store = _pg_store(pg, tmp, "refuse")
    records = [sample_record(f"ok-{i}") for i in range(5)]
    records[1] = _with_items("bad-branch", InsuredBranchNumber="001")
    records[2] = _with_items("bad-long", Name="長" * 120)
    records[3] = _with_items("bad-nul", Name="試験\x00太郎")
    for record in records:
        store.save(record)
    row = _store_row("database refuses 3 answers of 5", store, records)
    store.close()
    return row


def row_pg_down_journal_unwritable(pg: PostgresServer, tmp: Path) -> Row:
    blocker = tmp / "blocker"
    blocker.write_bytes(b"")
    config = DatabaseConfig(url=pg.create_database(), journal_dir=str(blocker / "journal"))
    store = open_store(config)
    pg.stop()
    records = [sample_record(f"held-{i}") for i in range(3)]
    try:
        for record in records:
            store.save(record)
        assert store.held == 3
    finally:
        pg.start()
    store.flush_journal()
    row = _store_row("database down + journal unwritable", store, records)
    store.close()
    return row


def row_two_kiosks_requery(pg: PostgresServer, tmp: Path, env: DemoEnvironment) -> Row:
    """Two kiosks re-query the same PostgreSQL against the real mock service."""
    config, first = _pg_store(pg, tmp, "requery")
    second = open_store(config)
    cert = env.pki.user_cert_der(PERSONA.id)
    records = [
        sample_record(f"pend-{i}", outcome=ReceptionOutcome.PENDING, cert_der=cert)
        for i in range(6)
    ]
    for record in records:
        first.save(record)
    kiosk = Kiosk(env)
    try:
        threads = [
            threading.Thread(target=PendingRequery(s, kiosk.rig.client, claimer=f"k{n}").run_once)
            for n, s in enumerate((first, second))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        kiosk.close()
    row = Row("two kiosks re-query one PostgreSQL", expected=len(records))
    for record in records:
        stored = first.reception(record.reception_id)
        if stored is None or stored.outcome is ReceptionOutcome.PENDING:
            continue
        row.stored += 1
        row.mixed += stored.summary.name != PERSONA.name
        row.doubled += max(0, [t.event for t in first.audit(record.reception_id)]
                           .count(REQUERIED) - 1)  # fmt: skip
    first.close()
    second.close()
    return row


# --- the matrix ----------------------------------------------------------------------------------


def _secrets() -> list[str]:
    """What must never appear in a log: the persona's name, kana, birth date, insurance numbers,
    and the sample records' name."""
    ins = PERSONA.insurance
    name = PERSONA.name
    return [name, *name.split("\u3000"), PERSONA.kana, PERSONA.birth_date.strftime("%Y%m%d"),
            PERSONA.birth_date.isoformat(), ins.insurer_number, ins.number,
            PERSONA.card.my_number, "試験 太郎",
            "06139993", "19800401"]  # fmt: skip


def _process_logs(env: DemoEnvironment) -> str:
    """The service's log and the pcscd stack's, from their start until now."""
    logs = env.server.log_path.read_text(errors="replace")
    if isinstance(env.slot, PcscSlot):
        logs += env.slot.stack.log_path.read_text(errors="replace")
    return logs


def _assert_nobody_named(logs: str) -> None:
    leaked = [s for s in _secrets() if s and s in logs]
    assert leaked == [], f"patient data in the logs: {len(leaked)} items"


class Rows:
    """What a row may use: the module's environment, PostgreSQL and sweep, started on first
    use (a row run alone starts only what it needs)."""

    def __init__(self, request: pytest.FixtureRequest, tmp: Path, matrix: Matrix) -> None:
        self._request, self.tmp, self._matrix = request, tmp, matrix
        self.used_env = False

    @cached_property
    def env(self) -> DemoEnvironment:
        env = self._request.getfixturevalue("env")
        assert isinstance(env, DemoEnvironment)
        self.used_env = True
        return env

    @cached_property
    def pg(self) -> PostgresServer:
        pg = self._request.getfixturevalue("pg")
        assert isinstance(pg, PostgresServer)
        return pg

    def sweep(self) -> Sweep:
        if self._matrix.sweep is None:
            self._matrix.sweep = in_process_sweep(self.env)
        return self._matrix.sweep


@dataclass
class Matrix:
    """The module's rows so far (for the table at the end) and the in-process sweep."""

    rows: dict[str, Row] = field(default_factory=dict)
    sweep: Sweep | None = None


ROWS: dict[str, Callable[[Rows], Row]] = {
    "baseline": lambda r: row_baseline(r.env),
    "service-killed": lambda r: row_service_killed(r.env),
    "service-503": lambda r: row_service_fault(r.env, "service 503", {"status": 503}),
    "service-429": lambda r: row_service_fault(r.env, "service 429", {"status": 429}),
    "service-malformed": lambda r: row_service_fault(
        r.env, "service answer malformed", {"malformed": True}
    ),
    "sqlite-locked": lambda r: row_sqlite_locked(r.env),
    "card-pulled-in-process": lambda r: r.sweep().row,
    "card-pulled-pcscd": lambda r: row_card_pulled_pcscd(r.env, r.sweep()),
    "pcscd-restart": lambda r: row_pcscd_restart(r.env),
    "pg-killed-mid-burst": lambda r: row_pg_killed_mid_burst(r.pg, r.tmp),
    "pg-refuses": lambda r: row_pg_refuses(r.pg, r.tmp),
    "pg-down-journal-unwritable": lambda r: row_pg_down_journal_unwritable(r.pg, r.tmp),
    "two-kiosks-requery": lambda r: row_two_kiosks_requery(r.pg, r.tmp, r.env),
}


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return Matrix()


@pytest.mark.parametrize("name", ROWS)
def test_row_is_exact(
    name: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    matrix: Matrix,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    rows = Rows(request, tmp_path, matrix)
    row = ROWS[name](rows)
    matrix.rows[name] = row
    with capsys.disabled():
        print(f"\n{table([row]).splitlines()[-1]}")
    assert row.exact, table([row])
    # Item 9: with this fault, no log line (the row's, DEBUG and up) and no subprocess output
    # names anyone. Checked in every row, so it holds however the rows are spread.
    logs = "\n".join(caplog.handler.format(r) for r in caplog.get_records("setup")) + caplog.text
    _assert_nobody_named(logs + (_process_logs(rows.env) if rows.used_env else ""))


def test_no_patient_data_in_the_logs(
    matrix: Matrix, env: DemoEnvironment, capsys: pytest.CaptureFixture[str]
) -> None:
    """Last (definition order, same xdist group): the whole table, and the subprocesses' logs
    once every row is over."""
    if matrix.rows:
        with capsys.disabled():
            print(f"\n{table(list(matrix.rows.values()))}\n(card path: {env.card_mode})")
    _assert_nobody_named(_process_logs(env))
    assert isinstance(env.slot, PcscSlot), "pcscd+vpcd missing: card rows not run"
