"""A mark per reception in progress, so that a kiosk that dies mid-reception (a crash, an abort,
a power cut) records that reception at its next start instead of losing it.

The mark is a small file in its own folder beside the journal: the reception id, when it began
and the last state the flow reached — never a name, a number or anything read from the card. It
is written when a card is placed, updated on each change of screen, and removed once the
reception's record is in the store (stored or journalled). At start-up, `kiosk run` turns every
mark left behind into an abandoned reception flagged for staff ("interrupted") with a desk
alert. Files are written on one background thread, in order, so the UI thread never waits.
"""

from __future__ import annotations

import json
import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from kiosk.ports import AlertReason, ReceptionOutcome, ReceptionRecord, ReceptionStore, Transition
from kiosk.private_files import write_private_file

log = logging.getLogger(__name__)

SUFFIX = ".inflight"
END_CODE = "interrupted"
QUARANTINE = "quarantine"  # marks no reception can be made of, set aside for staff
MAX_ID = 64  # the store's reception id column


@dataclass(frozen=True)
class Mark:
    reception_id: str
    started_at: datetime
    state: str


def marks_folder(journal_dir: str | Path) -> Path:
    """Beside the journal (the journal's own folder holds only journal entries)."""
    return Path(journal_dir).parent / "in-progress"


class InFlightMarks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inflight")
        self._started: dict[str, datetime] = {}
        self._done: deque[str] = deque(maxlen=32)  # a late screen change must not revive a mark
        self.quarantined = 0  # marks set aside by the last ``leftovers``

    def moved(self, reception_id: str, state: str, now: datetime) -> None:
        """The reception is at ``state`` (its first call creates the mark)."""
        if reception_id in self._done:
            return
        started = self._started.setdefault(reception_id, now)
        self._writer.submit(self._guard, self._write, Mark(reception_id, started, state))

    def finished(self, reception_id: str) -> None:
        """The reception's record is in the store: forget it."""
        self._done.append(reception_id)
        self._started.pop(reception_id, None)
        self._writer.submit(self._guard, self._path(reception_id).unlink, missing_ok=True)

    def leftovers(self) -> list[Mark]:
        """Marks of receptions a previous run never finished. A mark no reception can be made
        of (unreadable, or an id the store cannot key) is set aside in ``quarantine/`` and
        counted in ``quarantined``: one bad file must never stop a start."""
        found = []
        self.quarantined = 0
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                mark = parse_mark(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._quarantine(path)
                continue
            found.append(mark)
        return found

    def _quarantine(self, path: Path) -> None:
        self.quarantined += 1
        try:
            aside = self.folder / QUARANTINE
            aside.mkdir(mode=0o700, exist_ok=True)
            os.replace(path, aside / path.name)
            log.warning("unusable in-progress mark %s: set aside in %s/", path.name, QUARANTINE)
        except OSError as exc:  # a read-only disk: it stays, and is skipped again next time
            log.warning("unusable in-progress mark %s: not set aside (%s)", path.name,
                        exc.strerror or exc)  # fmt: skip

    def drop(self, reception_id: str) -> None:
        try:
            self._path(reception_id).unlink(missing_ok=True)
        except OSError as exc:  # read-only: the next start finds it stored and drops it then
            log.warning("in-progress mark not removed: %s", exc.strerror or exc)

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    def _path(self, reception_id: str) -> Path:
        safe = "".join(c for c in reception_id if c.isalnum() or c in "-_")
        return self.folder / f"{safe}{SUFFIX}"

    def _write(self, mark: Mark) -> None:
        # Fsynced like a journal entry (a power cut is what the mark is for), 0600 whatever the
        # umask, and a full disk leaves no half-written temp file behind.
        fields = {"reception_id": mark.reception_id, "state": mark.state}
        text = json.dumps({**fields, "started_at": mark.started_at.isoformat()})
        write_private_file(self._path(mark.reception_id), text.encode("utf-8"))

    @staticmethod
    def _guard(action: Callable[..., object], *args: object, **kwargs: object) -> None:
        # A full or read-only disk must not stop receptions: the mark is a safety net only.
        try:
            action(*args, **kwargs)
        except OSError as exc:
            log.warning("in-progress mark not written: %s", exc.strerror or exc)


def parse_mark(text: str) -> Mark:
    try:
        data = json.loads(text)
    except RecursionError as exc:  # nested thousands deep: no mark we wrote
        raise ValueError("nested too deeply") from exc
    rid = data["reception_id"]
    if not isinstance(rid, str) or not 1 <= len(rid) <= MAX_ID:
        raise ValueError("not a reception id")
    return Mark(rid, datetime.fromisoformat(data["started_at"]), str(data["state"]))


@runtime_checkable
class HoldingStore(Protocol):
    """A store that may keep a record in memory only (database down, journal not writable)
    and says when such a record reached the database, the journal or dead-letter/."""

    on_durable: Callable[[str], None] | None

    def holds(self, reception_id: str) -> bool: ...

    def can_save(self) -> bool: ...

    @property
    def held(self) -> int: ...


class MarkedStore:
    """The records store, forgetting a reception's mark only once its record is durable: a
    record held in memory keeps its mark, so a crash or a stop before the database or the
    journal takes it is recorded at the next start. Everything else is the store's own answer
    (``can_save``, ``held``): the kiosk must see a store that can save nothing."""

    def __init__(self, store: ReceptionStore, marks: InFlightMarks) -> None:
        self.store, self.marks = store, marks
        if isinstance(store, HoldingStore):
            store.on_durable = marks.finished

    def save(self, record: ReceptionRecord) -> None:
        self.store.save(record)  # raises if the record has no id: the mark stays
        rid = record.reception_id
        if not (isinstance(self.store, HoldingStore) and self.store.holds(rid)):
            self.marks.finished(rid)

    def can_save(self) -> bool:
        return not isinstance(self.store, HoldingStore) or self.store.can_save()

    @property
    def held(self) -> int:
        return self.store.held if isinstance(self.store, HoldingStore) else 0


def interrupted_record(mark: Mark, kiosk_id: str, now: datetime) -> ReceptionRecord:
    reason = f"interrupted: the kiosk stopped at {mark.state} and was restarted"
    return ReceptionRecord(
        reception_id=mark.reception_id,
        kiosk_id=kiosk_id,
        started_at=mark.started_at,
        ended_at=now,
        outcome=ReceptionOutcome.ABANDONED,
        method=None,
        end_reason=reason,
        qualification=None,
        consents=(),
        registered_now=False,
        limit_provided=None,
        needs_staff=True,
        transitions=(Transition(now, mark.state, "KioskRestarted", "ended", reason),),
        end_code=END_CODE,
    )


def record_interrupted(
    marks: InFlightMarks,
    store: ReceptionStore,
    kiosk_id: str,
    now: datetime,
    stored: Callable[[str], bool],
    alert: Callable[[AlertReason, str], None] | None = None,
) -> int:
    """Store every reception a previous run left in progress; return how many. One whose record
    did reach the store (the run died between the save and the mark's removal) is only
    forgotten: the store keeps the first record of a reception id. Never raises for what it
    finds: a database that is down means "not known to be stored" (the store keeps the first
    record of an id, so a second one costs nothing), and a record the store can only hold in
    memory keeps its mark for the next start."""
    count = 0
    for mark in marks.leftovers():
        rid = mark.reception_id
        if _known_stored(stored, rid):
            marks.drop(rid)
            continue
        store.save(interrupted_record(mark, kiosk_id, now))
        if not (isinstance(store, HoldingStore) and store.holds(rid)):
            marks.drop(rid)
        if alert is not None:
            alert(AlertReason.INTERRUPTED, rid)
        log.warning("reception %s was interrupted at %s: recorded", rid, mark.state)
        count += 1
    if marks.quarantined and alert is not None:
        alert(AlertReason.INTERRUPTED, "")
    return count


def _known_stored(stored: Callable[[str], bool], reception_id: str) -> bool:
    try:
        return stored(reception_id)
    except Exception as exc:  # the database is down or refuses: not known to be stored
        log.warning("in-progress mark %s: the database could not say whether it is stored (%s)",
                    reception_id, type(exc).__name__)  # fmt: skip
        return False
