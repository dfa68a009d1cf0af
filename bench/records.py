"""Reception write throughput and latency: SQLite and PostgreSQL, 1 and 8 writer processes.

A reception is what the flow saves: one reception row, two consents and eleven audit rows, in
one transaction. The 1-writer run of each database is the baseline its 8-writer run is compared
with. PostgreSQL runs with its durable defaults (fsync, synchronous_commit on).

    .venv/bin/python bench/records.py [--each N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import DatabaseConfig
from kiosk.records.store import open_store
from kiosk.sim.records import KioskRun, PostgresServer, write_receptions


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float


def run(url: str, workdir: Path, writers: int, each: int) -> Result:
    open_store(DatabaseConfig(url=url, journal_dir=str(workdir / "j0"))).close()  # migrate once
    jobs = [
        (url, str(workdir / f"j-{writers}-{k}"), f"w{writers}-k{k}", each) for k in range(writers)
    ]
    with multiprocessing.get_context("spawn").Pool(writers) as pool:
        runs: list[KioskRun] = pool.starmap(write_receptions, jobs)
    wall = max(r.finished for r in runs) - min(r.started for r in runs)
    latencies = sorted(x for r in runs for x in r.latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Result(len(latencies) / wall, statistics.median(latencies) * 1000, p99 * 1000)


def report(name: str, one: Result, eight: Result) -> None:
    for writers, r in ((1, one), (8, eight)):
        print(f"{name:<10} writers={writers}  {r.rps:8.1f} receptions/s  "
              f"p50={r.p50_ms:6.1f} ms  p99={r.p99_ms:6.1f} ms")  # fmt: skip
    print(f"{name:<10} 8 writers vs 1 writer: throughput x{eight.rps / one.rps:.2f}, "
          f"p99 x{eight.p99_ms / one.p99_ms:.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--each", type=int, default=250, help="receptions per writer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        work = Path(tmp)
        sqlite_url = f"sqlite:///{work / 'bench.sqlite3'}"
        sqlite = (run(sqlite_url, work, 1, args.each), run(sqlite_url, work, 8, args.each))
        report("sqlite", *sqlite)
        with PostgresServer() as pg:
            pg_url = pg.create_database()
            postgres = (run(pg_url, work, 1, args.each), run(pg_url, work, 8, args.each))
        report("postgresql", *postgres)
    print(f"sqlite_rps_8={sqlite[1].rps:.0f} postgres_rps_8={postgres[1].rps:.0f} "
          f"p99_ms_pg_8={postgres[1].p99_ms:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
