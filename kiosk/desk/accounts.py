"""The desk's staff accounts (table ``desk_account``): a name, a salted scrypt hash of the
password (kiosk.staff_auth), and a lockout after :data:`MAX_FAILURES` wrong passwords in a row,
which raises a staff alert every desk sees."""

from __future__ import annotations

import enum
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.ports import AlertReason
from kiosk.records.alerts import DESK_KIOSK_ID, DeskActionKind, staff_name_of
from kiosk.records.models import DeskAccount
from kiosk.records.store import RecordStore
from kiosk.staff_auth import hash_password, password_matches

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCKOUT_S = 15 * 60
# Checked against when the name is unknown, so a wrong name costs the same scrypt as a wrong
# password and the timing does not tell which names exist.
_DECOY = hash_password("decoy-password-never-used", salt=b"\0" * 16)


class Verdict(enum.Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown name or wrong password: the page does not say which
    LOCKED = "locked"  # locked now (before or by this try)


class AccountExists(ValueError):
    """``add-staff`` for a name that already has an account."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Accounts:
    def __init__(self, store: RecordStore) -> None:
        self.store = store

    def add(self, name: str, password: str, *, replace: bool = False) -> str:
        """Create (or with ``replace`` reset and unlock) an account; the name as recorded."""
        staff = staff_name_of(name)
        hashed = hash_password(password)
        with self.store.engine.begin() as conn:
            if replace:
                done = conn.execute(
                    update(DeskAccount)
                    .where(DeskAccount.name == staff)
                    .values(password_hash=hashed, failures=0, locked_until=None)
                ).rowcount
                if done:
                    return staff
            try:
                conn.execute(
                    insert(DeskAccount).values(
                        name=staff, password_hash=hashed, failures=0, created_at=_now()
                    )
                )
            except IntegrityError:
                raise AccountExists(f"an account named {staff!r} already exists") from None
        self.store.alerts.record_desk_action(DeskActionKind.ADD_ACCOUNT, staff)
        return staff

    def names(self) -> list[str]:
        with self.store.reader.connect() as conn:
            return [str(n) for n in conn.execute(select(DeskAccount.name)).scalars()]

    def verify(self, name: str, password: str) -> Verdict:
        """One sign-in try, audited. The fifth wrong password in a row locks the account for
        :data:`LOCKOUT_S` and raises an alert on every desk."""
        staff = " ".join(name.split())[:60]
        with self.store.reader.connect() as conn:
            row = conn.execute(select(DeskAccount).where(DeskAccount.name == staff)).first()
        if row is None:
            password_matches(password, _DECOY)
            self._audit(DeskActionKind.LOGIN_FAILED, staff or "?", ok=False, detail="unknown")
            return Verdict.WRONG
        if row.locked_until is not None and row.locked_until > _now():
            self._audit(DeskActionKind.LOGIN_FAILED, staff, ok=False, detail="locked")
            return Verdict.LOCKED
        if password_matches(password, row.password_hash):
            self._set(staff, failures=0, locked_until=None)
            self._audit(DeskActionKind.LOGIN, staff)
            return Verdict.OK
        return self._failed(staff)

    def _failed(self, staff: str) -> Verdict:
        # Counted in the database (failures + 1 ... RETURNING): two desks guessing at once
        # cannot both read 3 and write 4.
        with self.store.engine.begin() as conn:
            failures = conn.execute(
                update(DeskAccount)
                .where(DeskAccount.name == staff)
                .values(failures=DeskAccount.failures + 1)
                .returning(DeskAccount.failures)
            ).scalar_one()
        if failures < MAX_FAILURES:
            self._audit(DeskActionKind.LOGIN_FAILED, staff, ok=False, detail=f"try {failures}")
            return Verdict.WRONG
        self._set(staff, failures=0, locked_until=_now() + timedelta(seconds=LOCKOUT_S))
        self._audit(DeskActionKind.LOCKED, staff, ok=False, detail=f"{MAX_FAILURES} wrong")
        # A staff name is no patient data: the alert says whose account to look into.
        self.store.raise_alert(DESK_KIOSK_ID, AlertReason.STAFF_PIN_LOCKED, detail=staff)
        log.warning("desk account locked after %d wrong passwords", MAX_FAILURES)
        return Verdict.LOCKED

    def _set(self, staff: str, *, failures: int, locked_until: datetime | None) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(
                update(DeskAccount)
                .where(DeskAccount.name == staff)
                .values(failures=failures, locked_until=locked_until)
            )

    def _audit(
        self, kind: DeskActionKind, staff: str, *, ok: bool = True, detail: str = ""
    ) -> None:
        self.store.alerts.record_desk_action(kind, staff, ok=ok, detail=detail)
