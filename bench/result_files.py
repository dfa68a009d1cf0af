"""What the result file costs a reception, against the reception's own database write.

For N receptions on SQLite: the database write (``store.save``, the baseline, measured in the
same process on the same disk), then the result file: rendering the Shift_JIS XML alone, and
the temp file + fsync + rename + fsync of the folder alone, and the whole durable write
(``write_due``: read the due rows back, render, temp file, fsync, rename, fsync the folder,
mark the row written). Prints the medians, p99 and the ratio of the file to the save.

    .venv/bin/python bench/result_files.py [--n 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.config import DatabaseConfig
from kiosk.records.result_file import ResultFiles, render, write_atomically
from kiosk.records.store import open_store
from kiosk.sim.records import sample_record

CLINIC = "1312345678"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = open_store(DatabaseConfig(url=f"sqlite:///{root / 'k.sqlite3'}",
                                          journal_dir=str(root / "journal")))  # fmt: skip
        (root / "oqs").mkdir()
        files = ResultFiles(store, root / "oqs", CLINIC, kiosk_id="bench")
        scratch = root / "scratch"
        scratch.mkdir()
        save_ms, render_ms, durable_ms, file_ms = [], [], [], []
        for i in range(n):
            record = sample_record(f"bench-{i}", name="吉●\u3000𠮷子")
            t0 = time.perf_counter()
            store.save(record)
            t1 = time.perf_counter()
            [row] = store.results_due(limit=1)
            r0 = time.perf_counter()
            payload = render(row, CLINIC)
            r1 = time.perf_counter()
            write_atomically(scratch, f"copy-{i}.xml", payload)
            render_ms.append((r1 - r0) * 1000)
            durable_ms.append((time.perf_counter() - r1) * 1000)
            t2 = time.perf_counter()
            written = files.write_due().written
            t3 = time.perf_counter()
            assert len(written) == 1
            save_ms.append((t1 - t0) * 1000)
            file_ms.append((t3 - t2) * 1000)
        store.close()
    save50, file50 = statistics.median(save_ms), statistics.median(file_ms)
    print(f"receptions={n}")
    print(f"save_ms_p50={save50:.2f} save_ms_p99={_p(save_ms, 0.99):.2f}")
    print(f"render_ms_p50={statistics.median(render_ms):.2f}")
    print(f"temp_fsync_rename_fsync_ms_p50={statistics.median(durable_ms):.2f}")
    print(f"result_file_ms_p50={file50:.2f} result_file_ms_p99={_p(file_ms, 0.99):.2f}")
    print(f"file_to_save_ratio_p50={file50 / save50:.2f}")


if __name__ == "__main__":
    main()
