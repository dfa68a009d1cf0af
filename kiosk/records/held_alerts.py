"""Staff alerts the database could not take, kept until it can (issue 25 F4).

An alert raised while the database is down (the patient's 係員を呼ぶ among them) used to be
logged and dropped: no desk ever heard it. Now it is held in memory and, where the disk allows,
as one small file beside the journal (``alerts-held/``, 0600), so a restart does not lose it
either; one held in memory only (a read-only or full disk) is written as soon as the disk takes
files again, as a held reception goes to the journal then. The store sends the held alerts,
oldest first and with the time they were raised, whenever it retries the journal. A file holds
what an alert holds — the kiosk, a reason code, the reception id, a short detail of codes —
never a name.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from kiosk.ports import AlertReason
from kiosk.private_files import make_private_dir, write_private_file

log = logging.getLogger(__name__)

FOLDER = "alerts-held"
SUFFIX = ".alert"


@dataclass(frozen=True)
class HeldAlert:
    kiosk_id: str
    reason: AlertReason
    reception_id: str | None
    detail: str
    raised_at: datetime
    name: str = ""  # its file's name, given when it is held (the order of holding)
    on_disk: bool = False  # that file is written (else in memory only, written when it can be)


def held_folder(journal_dir: Path) -> Path:
    return journal_dir.parent / FOLDER


class HeldAlerts:
    """Alerts waiting for the database, in the order they were raised. Not thread-safe: the
    records store calls it under its own lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._count = 0
        self._held: list[HeldAlert] = self._load()

    def __len__(self) -> int:
        return len(self._held)

    @property
    def in_memory(self) -> int:
        """Held alerts no file keeps yet: a stop or a crash now would lose them."""
        return sum(not a.on_disk for a in self._held)

    def hold(self, alert: HeldAlert) -> None:
        # Named when held, in the order they were held (a clock and a count: two in one
        # microsecond stay in order), so a restart sends them as they came, even one written
        # later than the others because the disk was read-only when it was held.
        self._count += 1
        name = f"{time.time_ns():020d}-{self._count:06d}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        held = replace(alert, name=name, on_disk=False)
        try:
            held = self._write(held)
        except OSError as exc:  # a read-only or full disk: memory only, written when it can be
            log.error("staff alert %s held in memory only: %s", alert.reason.value,
                      exc.strerror or type(exc).__name__)  # fmt: skip
        self._held.append(held)
        log.warning("staff alert %s from %s held until the database is back (%d waiting)",
                    alert.reason.value, alert.kiosk_id, len(self._held))  # fmt: skip

    def persist(self) -> int:
        """Write the alerts held in memory only, now that the disk may take them again (the
        store calls this on each retry); returns how many were written. Quiet while the disk
        still refuses: ``hold`` said so once."""
        written = 0
        for i, alert in enumerate(self._held):
            if alert.on_disk:
                continue
            try:
                self._held[i] = self._write(alert)
            except OSError:
                break
            written += 1
        if written:
            log.info("%d staff alert(s) held in memory written to %s/", written, FOLDER)
        return written

    def _write(self, alert: HeldAlert) -> HeldAlert:
        make_private_dir(self.folder)
        write_private_file(self.folder / alert.name, _encode(alert))
        return replace(alert, on_disk=True)

    def send(self, deliver: Callable[[HeldAlert], int | None]) -> int:
        """Hand each held alert to ``deliver`` (None: the database refused it again, stop);
        returns how many went."""
        sent = 0
        while self._held:
            alert = self._held[0]
            if deliver(alert) is None:
                break
            self._held.pop(0)
            sent += 1
            if alert.on_disk:
                try:
                    (self.folder / alert.name).unlink(missing_ok=True)
                except OSError as exc:  # sent twice after a restart at worst: a desk folds it
                    log.warning("held alert file not removed: %s", exc.strerror or exc)
        if sent:
            log.info("%d held staff alert(s) sent", sent)
        return sent

    def _load(self) -> list[HeldAlert]:
        try:
            paths = sorted(self.folder.glob(f"*{SUFFIX}"))
        except OSError:
            return []
        found = []
        for path in paths:
            try:
                found.append(_decode(path.read_bytes(), path.name))
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("held alert %s unreadable: left for staff", path.name)
        return found


def _encode(alert: HeldAlert) -> bytes:
    return json.dumps({
        "kiosk_id": alert.kiosk_id, "reason": alert.reason.value,
        "reception_id": alert.reception_id, "detail": alert.detail,
        "raised_at": alert.raised_at.isoformat(),
    }).encode("utf-8")  # fmt: skip


def _decode(data: bytes, name: str) -> HeldAlert:
    raw = json.loads(data)
    rid = raw["reception_id"]
    return HeldAlert(
        kiosk_id=str(raw["kiosk_id"]),
        reason=AlertReason(raw["reason"]),
        reception_id=None if rid is None else str(rid),
        detail=str(raw["detail"]),
        raised_at=datetime.fromisoformat(raw["raised_at"]),
        name=name,
        on_disk=True,
    )
