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
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.ports import AlertReason, ReceptionOutcome, ReceptionRecord, ReceptionStore, Transition

log = logging.getLogger(__name__)

SUFFIX = ".inflight"
END_CODE = "interrupted"


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
        """Marks of receptions a previous run never finished (unreadable ones are reported)."""
        found = []
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                started = datetime.fromisoformat(data["started_at"])
                found.append(Mark(str(data["reception_id"]), started, str(data["state"])))
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("unreadable in-progress mark %s: kept for staff", path.name)
        return found

    def drop(self, reception_id: str) -> None:
        self._path(reception_id).unlink(missing_ok=True)

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    def _path(self, reception_id: str) -> Path:
        safe = "".join(c for c in reception_id if c.isalnum() or c in "-_")
        return self.folder / f"{safe}{SUFFIX}"

    def _write(self, mark: Mark) -> None:
        fields = {"reception_id": mark.reception_id, "state": mark.state}
        text = json.dumps({**fields, "started_at": mark.started_at.isoformat()})
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".mark-")  # 0600 whatever the umask
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, self._path(mark.reception_id))

    @staticmethod
    def _guard(action: Callable[..., object], *args: object, **kwargs: object) -> None:
        # A full or read-only disk must not stop receptions: the mark is a safety net only.
        try:
            action(*args, **kwargs)
        except OSError as exc:
            log.warning("in-progress mark not written: %s", exc.strerror or exc)


class MarkedStore:
    """The records store, forgetting a reception's mark once its record is saved."""

    def __init__(self, store: ReceptionStore, marks: InFlightMarks) -> None:
        self.store, self.marks = store, marks

    def save(self, record: ReceptionRecord) -> None:
        self.store.save(record)  # raises if neither stored nor journalled: the mark stays
        self.marks.finished(record.reception_id)


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
    forgotten: the store keeps the first record of a reception id."""
    count = 0
    for mark in marks.leftovers():
        if stored(mark.reception_id):
            marks.drop(mark.reception_id)
            continue
        store.save(interrupted_record(mark, kiosk_id, now))
        marks.drop(mark.reception_id)
        if alert is not None:
            alert(AlertReason.INTERRUPTED, mark.reception_id)
        log.warning("reception %s was interrupted at %s: recorded", mark.reception_id, mark.state)
        count += 1
    return count
