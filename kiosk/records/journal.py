"""The durable local journal: where a record waits while the database is locked or down.

One file per record, written to a temporary name, fsynced, then renamed, so a crash leaves either
a whole entry or none. Names sort in write order (nanosecond time, pid, counter), and replay takes
an exclusive lock on the directory so two processes sharing it never replay the same entry twice.
An entry that cannot be read back is moved to ``rejected/`` for staff, never deleted.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.ports import ReceptionRecord
from kiosk.records.codec import JournalFormatError, record_from_dict, record_to_dict

log = logging.getLogger(__name__)

SUFFIX = ".json"
LOCK_NAME = ".replay.lock"
REJECTED = "rejected"


class Journal:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._counter = itertools.count()

    def _ensure_dir(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def entries(self) -> list[Path]:
        try:
            names = [e.name for e in os.scandir(self.directory) if e.name.endswith(SUFFIX)]
        except FileNotFoundError:
            return []
        return [self.directory / n for n in sorted(names)]

    def __len__(self) -> int:
        return len(self.entries())

    def append(self, record: ReceptionRecord) -> Path:
        self._ensure_dir()
        name = f"{time.time_ns():020d}-{os.getpid():07d}-{next(self._counter):08d}"
        final = self.directory / f"{name}{SUFFIX}"
        temp = self.directory / f".{name}.tmp"
        payload = json.dumps(record_to_dict(record), ensure_ascii=False).encode("utf-8")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, final)
        self._fsync_dir()
        return final

    def _fsync_dir(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure_dir()
        fd = os.open(self.directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def replay(self, write: Callable[[ReceptionRecord], None]) -> int:
        """Hand each entry to ``write`` in order, deleting it once written. Stops at the first
        failure (the database is still unavailable) and lets it propagate; returns the count."""
        if not self.entries():
            return 0
        done = 0
        with self._locked():
            for path in self.entries():
                record = self._read(path)
                if record is None:
                    continue
                write(record)
                path.unlink()
                done += 1
        if done:
            self._fsync_dir()
        return done

    def _read(self, path: Path) -> ReceptionRecord | None:
        try:
            return record_from_dict(json.loads(path.read_bytes()))
        except (OSError, ValueError, JournalFormatError) as exc:
            rejected = self.directory / REJECTED
            rejected.mkdir(exist_ok=True, mode=0o700)
            path.replace(rejected / path.name)
            log.error("journal entry %s is unreadable, moved to %s: %s", path.name, rejected, exc)
            return None

    def files(self) -> list[Path]:
        """Every file the journal has written, rejected entries included."""
        if not self.directory.exists():
            return []
        return sorted(p for p in self.directory.rglob("*") if p.is_file())
