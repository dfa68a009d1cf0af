"""The durable local journal: where a record waits while the database is locked or down.

One file per record, written to a temporary name, fsynced, then renamed, so a crash leaves either
a whole entry or none. Names sort in write order (nanosecond time, pid, counter), and replay takes
an exclusive lock on the directory so two processes sharing it never replay the same entry twice.
An entry that cannot be read back is moved to ``rejected/``; one the database refuses for a reason
that will not pass (:class:`Refused`) is moved to ``dead-letter/`` so it never blocks the entries
after it. Neither is ever deleted: staff are alerted and a person looks at them.
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
from kiosk.private_files import (
    FILE_MODE,
    fsync_dir,
    make_private_dir,
    write_private_file,
)
from kiosk.records.codec import JournalFormatError, record_from_dict, record_to_dict

log = logging.getLogger(__name__)

SUFFIX = ".json"
LOCK_NAME = ".replay.lock"
PROBE_NAME = ".write-probe"
REJECTED = "rejected"
DEAD_LETTER = "dead-letter"


class Refused(Exception):
    """The database will never take this record as it is (not a passing outage)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Journal:
    def __init__(
        self,
        directory: Path,
        on_dead_letter: Callable[[str, str], None] | None = None,
    ) -> None:
        self.directory = directory
        # Called with (reception id, reason) when an entry is moved to dead-letter/, and with
        # (file name, "unreadable") when one is moved to rejected/.
        self.on_dead_letter = on_dead_letter or (lambda rid, why: None)
        self._counter = itertools.count()

    def _ensure_dir(self) -> None:
        make_private_dir(self.directory)

    def entries(self) -> list[Path]:
        try:
            names = [e.name for e in os.scandir(self.directory) if e.name.endswith(SUFFIX)]
        except OSError:  # missing or unreadable: there is nothing we could replay
            return []
        return [self.directory / n for n in sorted(names)]

    def __len__(self) -> int:
        return len(self.entries())

    def writable(self) -> str | None:
        """None if an entry can be written now (a probe file is created, fsynced and removed),
        else why not. The probe holds a byte: an empty file needs no block, so a full disk
        would take it (ENOSPC comes only with data)."""
        probe = self.directory / PROBE_NAME
        try:
            self._ensure_dir()
            write_private_file(probe, b"\n")
            probe.unlink()
        except OSError as exc:
            return exc.strerror or type(exc).__name__
        return None

    def append(self, record: ReceptionRecord) -> Path:
        """Write the record durably; raises OSError (nothing written) if the folder cannot."""
        self._ensure_dir()
        name = f"{time.time_ns():020d}-{os.getpid():07d}-{next(self._counter):08d}"
        final = self.directory / f"{name}{SUFFIX}"
        payload = json.dumps(record_to_dict(record), ensure_ascii=False).encode("utf-8")
        write_private_file(final, payload)
        return final

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure_dir()
        fd = os.open(self.directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def replay(self, write: Callable[[ReceptionRecord], None]) -> int:
        """Hand each entry to ``write`` in order, deleting it once written. An entry ``write``
        refuses (:class:`Refused`) goes to dead-letter/ and the next one is tried; any other
        failure (the database is still unavailable) stops the replay and propagates. Returns
        how many were written."""
        if not self.entries():
            return 0
        done = 0
        with self._locked():
            for path in self.entries():
                record = self._read(path)
                if record is None:
                    continue
                try:
                    write(record)
                except Refused as exc:
                    self._set_aside(path, DEAD_LETTER)
                    log.error("reception %s refused by the database (%s), moved to %s",
                              record.reception_id, exc.reason, DEAD_LETTER)  # fmt: skip
                    self.on_dead_letter(record.reception_id, exc.reason)
                    continue
                path.unlink()
                done += 1
        if done:
            fsync_dir(self.directory)
        return done

    def dead_letter(self, record: ReceptionRecord, reason: str) -> Path:
        """Keep a record the database refused in dead-letter/ (raises OSError if it cannot)."""
        path = self.append(record)
        moved = self._set_aside(path, DEAD_LETTER)
        self.on_dead_letter(record.reception_id, reason)
        return moved

    def dead_letters(self) -> list[Path]:
        folder = self.directory / DEAD_LETTER
        if not folder.exists():
            return []
        return sorted(folder.glob(f"*{SUFFIX}"))

    def retry_dead_letters(self) -> int:
        """Put dead-letter entries back in the journal (after a fix); returns how many."""
        moved = 0
        for path in self.dead_letters():
            path.replace(self.directory / path.name)
            moved += 1
        if moved:
            fsync_dir(self.directory)
        return moved

    def _set_aside(self, path: Path, folder_name: str) -> Path:
        folder = self.directory / folder_name
        make_private_dir(folder)
        target = folder / path.name
        path.replace(target)
        fsync_dir(self.directory)
        return target

    def _read(self, path: Path) -> ReceptionRecord | None:
        try:
            return record_from_dict(json.loads(path.read_bytes()))
        except (OSError, ValueError, JournalFormatError, RecursionError) as exc:
            self._set_aside(path, REJECTED)
            log.error("journal entry %s is unreadable, moved to %s: %s",
                      path.name, REJECTED, type(exc).__name__)  # fmt: skip
            self.on_dead_letter(path.name, "unreadable")
            return None

    def files(self) -> list[Path]:
        """Every file the journal has written, rejected and dead-letter entries included."""
        if not self.directory.exists():
            return []
        return sorted(p for p in self.directory.rglob("*") if p.is_file())
