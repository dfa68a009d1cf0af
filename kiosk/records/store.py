"""The reception store: every reception written atomically and idempotently (by reception_id),
journalled locally when the database is locked or down and replayed, in order, once it is back.

Its other parts live beside it: how a reception maps to database rows (kiosk.records.rows), the
pending receptions the re-query claims and resolves (kiosk.records.pending) and reading
receptions back (kiosk.records.reading)."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason, ReceptionRecord, StaffActionKind
from kiosk.records import schema
from kiosk.records.alerts import AlertBook
from kiosk.records.checks import check_record
from kiosk.records.held_alerts import HeldAlert, HeldAlerts, held_folder
from kiosk.records.journal import DEAD_LETTER, Journal, Refused
from kiosk.records.models import Reception, StaffActionRow, StaffAlertRow
from kiosk.records.pending import PendingReceptions
from kiosk.records.reading import ReceptionReader
from kiosk.records.rows import to_db, write_reception

log = logging.getLogger(__name__)

# Where the database could not take the write right now; anything else is a bug to surface.
UNAVAILABLE = (OperationalError, InterfaceError)
# What the database says about one record's content: it will refuse that record every time.
# Any other database error (a missing table, an internal error) is about the database, not the
# record: the record waits in the journal like in an outage, so later ones are not refused too.
RECORD_REFUSED = (DataError, IntegrityError)


class InvalidRecord(ValueError):
    """A record the store cannot key: it has no reception id (a bug in the caller)."""


class StoreHealth(enum.Enum):
    OK = "ok"  # receptions go to the database
    JOURNALLING = "journalling"  # the database is away; receptions wait in the local journal
    UNSAVED = "unsaved"  # neither works: receptions are held in memory only (take no patients)


# Alert reason codes (staff see them; the detail is a reception id, never patient data).
ALERT_UNSAVED = "records_unsaved"  # database down and journal not writable
ALERT_REFUSED = "record_refused"  # the database refused a reception: it is in dead-letter/
ALERT_NO_JOURNAL = "journal_unwritable"  # the database works, but no outage could be bridged
Alert = Callable[[str, str], None]
ALERT_REASONS = {
    ALERT_UNSAVED: AlertReason.OUT_OF_SERVICE,  # the kiosk stops taking patients
    ALERT_REFUSED: AlertReason.RECORD_NOT_SAVED,
    ALERT_NO_JOURNAL: AlertReason.OTHER,
}


def describe(exc: BaseException) -> str:
    """An error as class names only: messages may quote the values that were refused."""
    orig = getattr(exc, "orig", None)
    return type(exc).__name__ + (f"/{type(orig).__name__}" if orig is not None else "")


class RecordStore(PendingReceptions, ReceptionReader):
    """Implements :class:`kiosk.ports.ReceptionStore`; thread-safe within one process."""

    def __init__(
        self,
        engine: Engine,
        journal: Journal,
        sqlite_file: Path | None = None,
        alert: Alert | None = None,
    ) -> None:
        self.engine = engine
        self.reader = schema.reader(engine)
        self.journal = journal
        self._sqlite_file = sqlite_file
        self._lock = threading.RLock()  # _alert raises (and may hold) alerts while saving
        # Staff alerts about saving go to ``alert`` if given (tests), else to raise_alert once
        # the kiosk's id is known (``kiosk run`` sets it), and are always logged.
        self.on_alert = alert
        self.kiosk_id = ""
        journal.on_dead_letter = lambda rid, why: self._alert(ALERT_REFUSED, rid)
        self._held: list[ReceptionRecord] = []  # neither written nor journalled (yet)
        self._db_ok = True
        self._journal_ok = True
        self._journalled = False
        self._upgrade_pending = False
        self.alerts = AlertBook(engine, self.reader)
        self.held_alerts = HeldAlerts(held_folder(journal.directory))
        # Told the id of each held reception once it is durable (written, journalled or set
        # aside in dead-letter/): the in-progress mark waits for that (kiosk.records.inflight).
        self.on_durable: Callable[[str], None] | None = None

    # --- staff alerts (kiosk.records.alerts) ---------------------------------------------

    def raise_alert(
        self,
        kiosk_id: str,
        reason: AlertReason,
        *,
        reception_id: str | None = None,
        detail: str = "",
    ) -> int | None:
        """Call staff: every open desk sees it. Implements :class:`kiosk.ports.StaffAlerts`;
        returns the alert id, or None when the database cannot take it now: the alert is then
        held (kiosk.records.held_alerts) and sent with the next journal retry, never dropped."""
        sent = self.alerts.raise_alert(kiosk_id, reason, reception_id=reception_id, detail=detail)
        if sent is None:
            held = HeldAlert(kiosk_id, reason, reception_id, detail, datetime.now(UTC))
            with self._lock:
                self.held_alerts.hold(held)
        return sent

    def _send_held(self, alert: HeldAlert) -> int | None:
        return self.alerts.raise_alert(alert.kiosk_id, alert.reason, detail=alert.detail,
                                       reception_id=alert.reception_id,
                                       raised_at=alert.raised_at)  # fmt: skip

    def record_staff_action(
        self,
        kiosk_id: str,
        action: StaffActionKind,
        staff_name: str,
        route: str,
        *,
        reception_id: str | None = None,
        ok: bool = True,
    ) -> None:
        try:
            self.alerts.record_action(
                kiosk_id, action, staff_name, route, reception_id=reception_id, ok=ok
            )
        except SQLAlchemyError as exc:
            log.error("staff action %s at %s not recorded: %s", action.value, kiosk_id,
                      type(exc).__name__)  # fmt: skip

    def resolve_alert_of(
        self, kiosk_id: str, reason: AlertReason, reception_id: str, why: str
    ) -> None:
        try:
            self.alerts.resolve_reason(kiosk_id, reason, reception_id, why)
        except SQLAlchemyError as exc:
            log.error("alert %s at %s not resolved: %s", reason.value, kiosk_id,
                      type(exc).__name__)  # fmt: skip

    def _alert(self, code: str, reception_id: str) -> None:
        log.error("staff alert %s %s", code, reception_id)
        if self.on_alert is not None:
            self.on_alert(code, reception_id)
        elif self.kiosk_id:
            reason = ALERT_REASONS[code]
            self.raise_alert(self.kiosk_id, reason, reception_id=reception_id or None, detail=code)

    # --- health --------------------------------------------------------------------------

    @property
    def health(self) -> StoreHealth:
        """Where the next reception would go. Cheap (no I/O): the kiosk reads it every tick."""
        if self._held or not (self._db_ok or self._journal_ok):
            return StoreHealth.UNSAVED
        if not self._db_ok or self._journalled:
            return StoreHealth.JOURNALLING
        return StoreHealth.OK

    def can_save(self) -> bool:
        """False while nothing can be saved: the kiosk then takes no patients."""
        return self.health is not StoreHealth.UNSAVED

    def healthy(self) -> bool:
        """``health`` is OK: nothing waits for :meth:`flush_journal` to retry it."""
        return self.health is StoreHealth.OK

    @property
    def held(self) -> int:
        """Receptions kept in memory only, waiting for the database or the journal."""
        return len(self._held)

    def holds(self, reception_id: str) -> bool:
        """This reception is kept in memory only (nothing on disk has it yet)."""
        with self._lock:
            return any(r.reception_id == reception_id for r in self._held)

    def _durable(self, reception_id: str) -> None:
        if self.on_durable is not None:
            self.on_durable(reception_id)

    def check_journal(self) -> bool:
        """Probe the journal folder (start-up, and each retry while it failed)."""
        why = self.journal.writable()
        if why is not None and self._journal_ok:
            log.error("journal folder %s is not writable: %s", self.journal.directory, why)
        elif why is None and not self._journal_ok:
            log.info("journal folder %s is writable again", self.journal.directory)
        self._journal_ok = why is None
        return self._journal_ok

    # --- writing -------------------------------------------------------------------------

    def save(self, record: ReceptionRecord) -> None:
        """Write the reception, or journal it if the database cannot take it now, or hold it
        in memory if the journal cannot either. Entries already waiting go first, so the
        database sees receptions in order. Raises only :class:`InvalidRecord` (no id)."""
        if not record.reception_id or len(record.reception_id) > 64:
            raise InvalidRecord(f"reception id must be 1-64 characters: {record.reception_id!r}")
        with self._lock:
            try:
                checked = check_record(record).record
            except Exception as exc:  # a record no check foresaw: kept as it is, for staff
                self._refuse(record, describe(exc))
                return
            try:
                self._drain()
                self._put(checked)
                self._db_ok = True
            except DBAPIError as exc:
                self._db_ok = False
                self._keep(checked, describe(exc))
            except Refused as exc:
                self._refuse(checked, exc.reason)
            except Exception as exc:  # e.g. a migration failing on recovery: keep, retry later
                log.error("saving reception %s failed: %s", record.reception_id, describe(exc))
                self._keep(checked, describe(exc))

    def flush_journal(self) -> int:
        """Retry what waits (journal, then receptions held in memory) and probe what failed;
        returns how many receptions reached the database (0 if it is still down)."""
        with self._lock:
            if not self._journal_ok:
                self.check_journal()
            try:
                done = self._drain()
                if not self._db_ok:
                    self._ping()
                self._db_ok = True
            except DBAPIError as exc:
                self._db_ok = False
                log.info("journal replay postponed, database unavailable: %s", describe(exc))
                self._journal_held()
                self.held_alerts.persist()  # alerts held in memory follow the records to disk
                return 0
            self.held_alerts.send(self._send_held)
            self.held_alerts.persist()  # any the database still refused
            return done

    def _drain(self) -> int:
        """The journal, then the held receptions, into the database; raises DBAPIError."""
        if self._upgrade_pending:  # the database was down at start-up: migrate it first
            schema.upgrade(self.engine)
            self._upgrade_pending = False
        done = self.journal.replay(self._put)
        self._journalled = False
        held, self._held = self._held, []
        for i, record in enumerate(held):
            try:
                self._put(record)
            except DBAPIError:
                self._held = held[i:] + self._held
                raise
            except Refused as exc:
                self._refuse(record, exc.reason)
                continue
            log.info("reception %s saved after being held in memory", record.reception_id)
            self._durable(record.reception_id)
            done += 1
        return done

    def _journal_held(self) -> None:
        """The database is still down: held receptions go to the journal if it works again."""
        held, self._held = self._held, []
        for record in held:
            self._keep(record, "still unavailable", again=True)

    def _ping(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def _put(self, record: ReceptionRecord) -> None:
        """Write, raising DBAPIError (try again later) or :class:`Refused` (never as it is)."""
        try:
            self._write_retrying(record)
        except RECORD_REFUSED as exc:
            raise Refused(describe(exc)) from exc
        except DBAPIError:
            raise
        except Exception as exc:  # our code failed on this record: it must not block the rest
            raise Refused(describe(exc)) from exc

    def _keep(self, record: ReceptionRecord, why: str, *, again: bool = False) -> None:
        """Journal the record, else hold it in memory. ``again``: it was held already (a
        retry): staff were alerted when it was first held, one alert per reception."""
        rid = record.reception_id
        try:
            self.journal.append(record)
        except Exception as exc:  # OSError mostly (EROFS, ENOSPC); the record is kept anyway
            self._journal_ok = False
            self._held.append(record)
            if again:
                log.debug("reception %s still held in memory", rid)
                return
            log.error("reception %s NOT saved: database unavailable (%s) and journal not "
                      "writable (%s); held in memory, retrying", rid, why,
                      getattr(exc, "strerror", None) or type(exc).__name__)  # fmt: skip
            self._alert(ALERT_UNSAVED, rid)
            return
        self._journal_ok = True
        self._journalled = True
        log.warning("database unavailable (%s): reception %s journalled", why, rid)
        self._durable(rid)

    def _refuse(self, record: ReceptionRecord, reason: str) -> None:
        rid = record.reception_id
        try:
            self.journal.dead_letter(record, reason)
        except OSError as exc:
            self._journal_ok = False
            self._held.append(record)
            log.error("reception %s refused by the database (%s) and dead-letter/ not "
                      "writable (%s); held in memory", rid, reason,
                      getattr(exc, "strerror", None) or type(exc).__name__)  # fmt: skip
            self._alert(ALERT_UNSAVED, rid)
            return
        except Exception as exc:  # not even serialisable: nothing on this kiosk can keep it
            log.error("reception %s refused (%s) and not serialisable (%s): lost",
                      rid, reason, describe(exc))  # fmt: skip
            self._alert(ALERT_REFUSED, rid)
            return
        log.error("reception %s refused by the database (%s): kept in %s for staff",
                  rid, reason, DEAD_LETTER)  # fmt: skip
        self._durable(rid)

    def _write_retrying(self, record: ReceptionRecord) -> None:
        # A restarted PostgreSQL leaves dead sockets in the pool. The first write that meets one
        # invalidates the whole pool, so one immediate retry is enough; this costs nothing on the
        # normal path, where a ping before every write would cost a round trip.
        try:
            write_reception(self.engine, record)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            write_reception(self.engine, record)

    # --- retention and housekeeping ------------------------------------------------------

    def purge(self, older_than: datetime) -> int:
        """Delete receptions that started before ``older_than`` (consents, audit with them)."""
        cutoff = to_db(older_than)
        with self.engine.begin() as conn:
            result = conn.execute(delete(Reception).where(Reception.started_at < cutoff))
            conn.execute(delete(StaffAlertRow).where(StaffAlertRow.raised_at < cutoff))
            conn.execute(delete(StaffActionRow).where(StaffActionRow.at < cutoff))
            return int(result.rowcount or 0)

    def files(self) -> list[Path]:
        """Every local file this store writes: the SQLite database (+ WAL, shm), the journal."""
        found: list[Path] = []
        if self._sqlite_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                path = Path(f"{self._sqlite_file}{suffix}")
                if path.exists():
                    found.append(path)
        return found + self.journal.files()

    def close(self) -> None:
        """One last retry for receptions held in memory; any still held are reported by id."""
        if self._held:
            self.flush_journal()
        for record in self._held:
            log.error("reception %s could not be saved before closing", record.reception_id)
        self.engine.dispose()


def open_store(
    config: DatabaseConfig, *, upgrade: bool = True, alert: Alert | None = None, kiosk_id: str = ""
) -> RecordStore:
    """Open the configured database; ``upgrade`` migrates it to the packaged head first (the
    embedded default does this on every start). A database that is down at start-up is not
    fatal: receptions go to the journal until it is back. The journal folder is probed at
    once: with the database down as well, nothing could be saved (``health`` says so)."""
    engine = schema.make_engine(config.url)
    journal = Journal(Path(config.journal_dir))
    store = RecordStore(engine, journal, schema.sqlite_path(config.url), alert)
    store.kiosk_id = kiosk_id  # its alerts name the kiosk, so they reach the desk
    journal_ok = store.check_journal()
    if upgrade:
        try:
            schema.upgrade(engine)
        except UNAVAILABLE as exc:
            store._db_ok = False
            store._upgrade_pending = True
            log.warning("database unavailable at start-up (%s), journalling until it is back",
                        describe(exc))  # fmt: skip
            if not journal_ok:
                store._alert(ALERT_NO_JOURNAL, "")
            if store.health is StoreHealth.UNSAVED:
                store._alert(ALERT_UNSAVED, "")
            return store
    if not journal_ok:  # after the upgrade: the alert table exists now
        store._alert(ALERT_NO_JOURNAL, "")
    store.flush_journal()
    return store


def store_files(config: DatabaseConfig) -> list[Path]:
    """The files a store with this configuration has written (for privacy checks)."""
    path = schema.sqlite_path(config.url)
    found = []
    if path is not None:
        found = [Path(f"{path}{s}") for s in ("", "-wal", "-shm", "-journal")]
    return [p for p in found if p.exists()] + Journal(Path(config.journal_dir)).files()
