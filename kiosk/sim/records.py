"""A private PostgreSQL server for tests and benchmarks (Debian's postgresql 15).

``initdb`` and ``pg_ctl`` refuse to run as root, so they run as the ``postgres`` user on a data
directory in a temp dir that user owns; the server listens on 127.0.0.1 on a free port with its
socket in the same temp dir, so parallel runs never meet. Stopped by ``pg_ctl stop``, never by name.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.ports import (
    ConsentKind,
    ConsentReceipt,
    ReceptionOutcome,
    ReceptionRecord,
    Transition,
    VerificationMethod,
)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "kiosk"
JST = timezone(timedelta(hours=9), "JST")


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries or the postgres user are missing."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def available() -> bool:
    return (PG_BIN / "pg_ctl").exists() and shutil.which("runuser") is not None


class PostgresServer:
    """``with PostgresServer() as pg: url = pg.create_database()``.

    ``fast=True`` turns off fsync (tests only: a crash of the machine, not of the server, may
    lose data). synchronous_commit stays on: with it off a server crash loses acknowledged
    commits, which the journal cannot know about;
    benchmarks keep the durable defaults."""

    def __init__(self, *, fast: bool = False) -> None:
        self.fast = fast
        self.port = 0
        self.root: Path | None = None

    @property
    def data_dir(self) -> Path:
        if self.root is None:
            raise RuntimeError("server not set up")
        return self.root / "data"

    def _run(self, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")

    def __enter__(self) -> PostgresServer:
        if not available():
            raise PostgresUnavailable(f"no PostgreSQL server under {PG_BIN}")
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        shutil.chown(self.root, "postgres", "postgres")
        try:
            self._run(str(PG_BIN / "initdb"), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
                      "--no-locale", "-D", str(self.data_dir))  # fmt: skip
            self.port = free_port()
            self.start()
        except BaseException:
            self._remove()
            raise
        return self

    def _options(self) -> str:
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if self.fast:
            opts += " -c fsync=off -c full_page_writes=off"
        return opts

    def start(self) -> None:
        log = str(self.root / "server.log") if self.root else os.devnull
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-o", self._options(),
                  "-l", log, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database on this server; returns its URL."""
        import psycopg

        name = name or f"kiosk_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _remove(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self.stop()
        finally:
            self._remove()


def sample_document(
    name: str = "試験 太郎", validity: str = "1", limit_flag: str = "A03"
) -> dict[str, Any]:
    """A qualification result shaped like ``OQSsiquc01res`` (fictional values)."""
    return {
        "MessageHeader": {
            "ProcessExecutionTime": "20261123090000",
            "QualificationConfirmationDate": "20261123",
            "MedicalInstitutionCode": "1312345678",
            "ReferenceClassification": "1",
            "SegmentOfResult": "1",
            "CharacterCodeIdentifier": "0",
        },
        "MessageBody": {
            "ProcessingResultStatus": "1",
            "QualificationValidity": validity,
            "ResultList": {
                "ResultOfQualificationConfirmation": [
                    {
                        "InsuredCardClassification": "01",
                        "InsurerNumber": "06139993",
                        "InsuredCardSymbol": "記号１",
                        "InsuredIdentificationNumber": "1234567",
                        "InsuredBranchNumber": "01",
                        "PersonalFamilyClassification": "1",
                        "Name": name,
                        "NameKana": "ｼｹﾝ ﾀﾛｳ",
                        "Sex1": "1",
                        "Birthdate": "19800401",
                        "InsuredPartialContributionRatio": "030",
                        "LimitApplicationCertificateRelatedInfo": {
                            "LimitApplicationCertificateClassification": "01",
                            "LimitApplicationCertificateClassificationFlag": limit_flag,
                        },
                    }
                ]
            },
        },
    }


def sample_record(
    reception_id: str,
    *,
    kiosk_id: str = "kiosk-01",
    started_at: datetime | None = None,
    outcome: ReceptionOutcome = ReceptionOutcome.COMPLETE,
    name: str = "試験 太郎",
    cert_der: bytes | None = None,
) -> ReceptionRecord:
    """A typical reception: PIN path, two consents, ~10 audit steps (fictional values)."""
    start = started_at or datetime.now(JST)
    pending = outcome is ReceptionOutcome.PENDING
    steps = ["idle", "reading", "choose_method", "pin_checking", "pin_entry", "pin_verifying",
             "querying", "consent_medication", "consent_checkup", "saving_consents", "done",
             "finished"]  # fmt: skip
    if pending:
        steps = [*steps[:7], "service_down"]
    transitions = tuple(
        Transition(start + timedelta(seconds=i), a, "Step", b, f"step {i}")
        for i, (a, b) in enumerate(itertools.pairwise(steps))
    )
    consents = () if pending else (
        ConsentReceipt(ConsentKind.MEDICATION, True, start, start + timedelta(hours=24)),
        ConsentReceipt(ConsentKind.CHECKUP, False, start, None),
    )  # fmt: skip
    return ReceptionRecord(
        reception_id=reception_id,
        kiosk_id=kiosk_id,
        started_at=start,
        ended_at=start + timedelta(seconds=len(steps)),
        outcome=outcome,
        method=VerificationMethod.PIN,
        end_reason="service down" if pending else "card taken",
        qualification=None if pending else sample_document(name),
        consents=consents,
        registered_now=False,
        limit_provided=None if pending else True,
        needs_staff=pending,
        transitions=transitions,
        requery_cert_der=(cert_der or b"\x30\x82fake-cert") if pending else None,
    )


@dataclass(frozen=True)
class KioskRun:
    """One writer's run: wall-clock start and end (comparable across processes), latencies."""

    started: float
    finished: float
    latencies: list[float]


def write_receptions(url: str, journal_dir: str, kiosk_id: str, count: int) -> KioskRun:
    """Act as one kiosk: save ``count`` receptions, timing each save. Top-level so a spawned
    process (tests, bench) can run it; the store is opened before the clock starts."""
    import time as _time

    from kiosk.config import DatabaseConfig
    from kiosk.records.store import open_store

    store = open_store(DatabaseConfig(url=url, journal_dir=journal_dir))
    records = [sample_record(f"{kiosk_id}-{i:06d}", kiosk_id=kiosk_id) for i in range(count)]
    latencies = []
    started = _time.time()
    try:
        for record in records:
            began = _time.perf_counter()
            store.save(record)
            latencies.append(_time.perf_counter() - began)
    finally:
        finished = _time.time()
        store.close()
    return KioskRun(started, finished, latencies)
