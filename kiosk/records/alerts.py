"""Staff alerts through the records database: a kiosk (or the records side) raises one, every
open `kiosk desk` page sees it, a staff member takes it, and the kiosk hears the desk's answer.

Two tables (``kiosk.records.models``): ``staff_alert`` (kiosk, reason, when, taken by whom) and
``staff_action`` (every staff action, at the desk or the kiosk, failed tries included: the staff
audit trail; the kiosks read the desk's actions meant for them from it).

How a desk or a kiosk learns of a change: on PostgreSQL every write also sends ``NOTIFY`` on
:data:`ALERT_CHANNEL` / :data:`ACTION_CHANNEL` in the same transaction (delivered on commit), and
:class:`ChangeWatcher` waits on ``LISTEN``; on SQLite the watcher polls a one-row indexed query
every 250 ms. Either way the watcher only says "look again"; the reader then runs the cheap query.

Nothing here holds a patient's name: an alert carries a reason code, a short detail (codes, no
names) and the reception id, which the desk joins to the reception row when it exists.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Engine, func, insert, or_, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.ports import AlertReason, StaffActionKind, StaffAlert
from kiosk.records.models import StaffActionRow, StaffAlertRow

log = logging.getLogger(__name__)

ALERT_CHANNEL = "kiosk_alert"
ACTION_CHANNEL = "kiosk_action"
POLL_S = 0.25  # SQLite: the cheap query's period
FALLBACK_S = 2.0  # PostgreSQL: look again this often even without a notification
IN_HAND_S = 15 * 60  # a taken alert stays on the desk's panel this long (visual check buttons)

# What the desk shows: (Japanese, English). Plain words, as staff say them.
REASON_TEXT: dict[AlertReason, tuple[str, str]] = {
    AlertReason.CALL: ("患者さんが係員を呼んでいます", "A patient is calling staff"),
    AlertReason.PIN_LOCKED: (
        "暗証番号がロックされました（目視確認か顔認証が必要）",
        "PIN locked: visual check or face recognition needed",
    ),
    AlertReason.FACE_FAILED: (
        "顔認証ができませんでした（目視確認が必要かもしれません）",
        "Face recognition failed: a visual check may be needed",
    ),
    AlertReason.SERVICE_DOWN: (
        "資格確認システムにつながりません（照会待ちで受付）",
        "Eligibility service unreachable: reception pending",
    ),
    AlertReason.CARD_ERROR: ("カードを読み取れませんでした", "The card could not be read"),
    AlertReason.NAME_CHECK: (
        "氏名に表示できない文字があります（正しい氏名を確認）",
        "The name has characters that cannot be shown: check the correct name",
    ),
    AlertReason.INELIGIBLE: ("資格が確認できませんでした", "Eligibility could not be confirmed"),
    AlertReason.CERT_ERROR: (
        "電子証明書が期限切れか失効しています",
        "The card's certificate has expired or was revoked",
    ),
    AlertReason.DEVICE_TIMEOUT: ("機器が応答しませんでした", "A device did not answer"),
    AlertReason.IDENTITY_MISMATCH: (
        "カードと資格情報の生年月日・性別が一致しません",
        "Birth date or sex differ between the card and the eligibility answer",
    ),
    AlertReason.OUT_OF_SERVICE: ("受付機が休止しています", "The kiosk is out of service"),
    AlertReason.RECORD_NOT_SAVED: (
        "受付記録を保存できませんでした",
        "A reception record could not be saved",
    ),
    AlertReason.RESULT_FILE: (
        "レセコン用の結果ファイルを書けませんでした",
        "The result file for the receipt computer could not be written",
    ),
    AlertReason.CARD_LEFT: (
        "受付機にカードが置き忘れられています（受付は終了）",
        "A card was left on the kiosk's reader (the reception has ended)",
    ),
    AlertReason.STAFF_PIN_LOCKED: (
        "受付機で職員用暗証番号が続けて違い、受付機の職員画面がロックされました",
        "Wrong staff PINs at the kiosk locked its staff screen (the desk still works)",
    ),
    AlertReason.INTERRUPTED: (
        "受付機が受付の途中で再起動しました",
        "The kiosk restarted in the middle of a reception",
    ),
    AlertReason.OTHER: ("係員の確認が必要です", "Staff attention needed"),
}


def reason_text(reason: AlertReason, language: str = "ja") -> str:
    ja, en = REASON_TEXT[reason]
    return ja if language == "ja" else en


# The desk's actions a kiosk acts on.
TO_KIOSK = frozenset(
    {StaffActionKind.TAKE, StaffActionKind.VISUAL_CHECK, StaffActionKind.APPROVE,
     StaffActionKind.REJECT}
)  # fmt: skip


DESK_KIOSK_ID = "desk"  # the web desk's own rows in staff_action (as kiosk.records.manual)
RESOLVED_BY_STAFF = "staff"
RESOLVED_RECEPTION_ENDED = "reception_ended"
RESOLVED_CARD_TAKEN = "card_taken"
# Alerts about a patient waiting at the kiosk: over when that reception ends. The others ask for
# work after it (the correct name of a ● name, 資格無効, a certificate, a record or file not
# written, a card left behind) and stay until staff resolve them.
WAITING_REASONS = frozenset({
    AlertReason.CALL, AlertReason.FACE_FAILED, AlertReason.PIN_LOCKED, AlertReason.CARD_ERROR,
    AlertReason.DEVICE_TIMEOUT,
})  # fmt: skip


class DeskActionKind(enum.Enum):
    """Web desk actions with no kiosk to tell, in the same audit trail (``staff_action``) under
    the kiosk id "desk"; the kiosks read only :class:`StaffActionKind` rows."""

    RESOLVE = "resolve"  # an alert marked handled
    CLEAR_HANDLED = "clear_handled"  # handled alerts cleared from the queue
    LOGIN = "desk_login"
    LOGIN_FAILED = "desk_login_failed"
    LOGOUT = "desk_logout"
    LOCKED = "desk_locked"  # an account locked after repeated wrong passwords
    ADD_ACCOUNT = "desk_add_account"


@dataclass(frozen=True)
class QueuedAlert:
    """An alert as the web desk lists it: with its repeat count and how it was handled."""

    alert: StaffAlert
    count: int
    last_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolved_why: str | None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(frozen=True)
class TrailEntry:
    at: datetime
    kiosk_id: str
    staff_name: str
    route: str
    action: str
    ok: bool
    alert_id: int | None
    reception_id: str | None
    detail: str


@dataclass(frozen=True)
class StaffAction:
    id: int
    at: datetime
    kiosk_id: str
    reception_id: str | None
    alert_id: int | None
    staff_name: str
    route: str
    action: StaffActionKind
    ok: bool
    detail: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _notify(conn: Connection, channel: str, payload: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": channel, "p": payload})


def _alert(r: StaffAlertRow) -> StaffAlert:
    return StaffAlert(
        id=r.id,
        kiosk_id=r.kiosk_id,
        reason=AlertReason(r.reason),
        detail=r.detail,
        reception_id=r.reception_id,
        raised_at=_aware(r.raised_at),
        taken_by=r.taken_by,
        taken_at=_aware(r.taken_at) if r.taken_at else None,
    )


def _queued(r: StaffAlertRow) -> QueuedAlert:
    return QueuedAlert(
        alert=_alert(r),
        count=int(r.repeat_count or 1),
        last_at=_aware(r.last_raised_at or r.raised_at),
        resolved_at=_aware(r.resolved_at) if r.resolved_at else None,
        resolved_by=r.resolved_by,
        resolved_why=r.resolved_why,
    )


def _action(r: StaffActionRow) -> StaffAction:
    return StaffAction(
        id=r.id,
        at=_aware(r.at),
        kiosk_id=r.kiosk_id,
        reception_id=r.reception_id,
        alert_id=r.alert_id,
        staff_name=r.staff_name,
        route=r.route,
        action=StaffActionKind(r.action),
        ok=r.ok,
        detail=r.detail,
    )


class AlertBook:
    """The alert and staff-action queries over one engine (``RecordStore`` exposes them)."""

    def __init__(self, engine: Engine, reader: Engine) -> None:
        self.engine = engine
        self.reader = reader

    # --- alerts --------------------------------------------------------------------------

    def raise_alert(
        self,
        kiosk_id: str,
        reason: AlertReason,
        *,
        reception_id: str | None = None,
        detail: str = "",
        raised_at: datetime | None = None,
    ) -> int | None:
        now = _now()
        values = {
            "kiosk_id": kiosk_id[:32], "reason": reason.value, "detail": detail[:200],
            "reception_id": reception_id, "raised_at": raised_at or now, "updated_at": now,
        }  # fmt: skip
        try:
            with self.engine.begin() as conn:
                new_id = None
                if reception_id is None:
                    new_id = _fold_repeat(conn, values, now)
                if new_id is None:
                    new_id = conn.execute(
                        insert(StaffAlertRow).values(values).returning(StaffAlertRow.id)
                    ).scalar_one()
                _notify(conn, ALERT_CHANNEL, str(new_id))
        except SQLAlchemyError as exc:
            log.error("staff alert %s from %s not recorded: %s", reason.value, kiosk_id,
                      type(exc).__name__)  # fmt: skip
            return None
        log.info("staff alert %s raised by %s (%s)", new_id, kiosk_id, reason.value)
        return int(new_id)

    def alerts_version(self) -> datetime | None:
        """The newest change to any alert: the desks' cheap poll (an index lookup)."""
        with self.reader.connect() as conn:
            return conn.execute(select(func.max(StaffAlertRow.updated_at))).scalar()

    def open_alerts(self) -> list[StaffAlert]:
        """Alerts nobody has taken yet, oldest first."""
        query = (
            select(StaffAlertRow)
            .where(StaffAlertRow.taken_at.is_(None))
            .order_by(StaffAlertRow.raised_at, StaffAlertRow.id)
        )
        with Session(self.reader) as session:
            return [_alert(r) for r in session.scalars(query)]

    def desk_alerts(self, in_hand_s: float = IN_HAND_S) -> list[StaffAlert]:
        """What the desk's alert panel shows: every open alert, and those taken in the last
        ``in_hand_s`` seconds (staff may still switch on or decide the visual check), oldest
        first."""
        recent = _now() - timedelta(seconds=in_hand_s)
        query = (
            select(StaffAlertRow)
            .where(or_(StaffAlertRow.taken_at.is_(None), StaffAlertRow.taken_at >= recent))
            .order_by(StaffAlertRow.raised_at, StaffAlertRow.id)
        )
        with Session(self.reader) as session:
            return [_alert(r) for r in session.scalars(query)]

    def alert(self, alert_id: int) -> StaffAlert | None:
        with Session(self.reader) as session:
            found = session.get(StaffAlertRow, alert_id)
            return _alert(found) if found else None

    def take_alert(self, alert_id: int, staff_name: str) -> StaffAlert | None:
        """A staff member takes the call (first taker wins), with the same reception's other open
        calls; the taking is an audited action the kiosk hears. Returns the alert as it now
        stands, None if there is no such alert."""
        self._take(alert_id, staff_name_of(staff_name), unresolved_only=False)
        return self.alert(alert_id)

    def _take(self, alert_id: int, staff: str, *, unresolved_only: bool) -> bool:
        """True when this call took it: the UPDATE ... WHERE taken_at IS NULL decides between
        desks pressing at once (SQLite's write lock, PostgreSQL's row lock)."""
        now = _now()
        still_open = [StaffAlertRow.id == alert_id, StaffAlertRow.taken_at.is_(None)]
        if unresolved_only:
            still_open.append(StaffAlertRow.resolved_at.is_(None))
        with self.engine.begin() as conn:
            row = conn.execute(
                select(StaffAlertRow.kiosk_id, StaffAlertRow.reception_id).where(
                    StaffAlertRow.id == alert_id
                )
            ).first()
            if row is None:
                return False
            taken = conn.execute(
                update(StaffAlertRow)
                .where(*still_open)
                .values(taken_by=staff, taken_at=now, updated_at=now)
            ).rowcount
            if taken and row.reception_id is not None:
                # One person attends the patient: the same reception's other calls (PIN locked,
                # then 係員を呼ぶ) are theirs too.
                conn.execute(
                    update(StaffAlertRow)
                    .where(
                        StaffAlertRow.reception_id == row.reception_id,
                        StaffAlertRow.kiosk_id == row.kiosk_id,
                        StaffAlertRow.taken_at.is_(None),
                    )
                    .values(taken_by=staff, taken_at=now, updated_at=now)
                )
            if taken:
                self._record(conn, row.kiosk_id, StaffActionKind.TAKE, staff, "desk",
                             reception_id=row.reception_id, alert_id=alert_id)  # fmt: skip
                _notify(conn, ALERT_CHANNEL, str(alert_id))
        return bool(taken)

    # --- staff actions (the audit trail) -------------------------------------------------

    def record_action(
        self,
        kiosk_id: str,
        action: StaffActionKind,
        staff_name: str,
        route: str,
        *,
        reception_id: str | None = None,
        alert_id: int | None = None,
        ok: bool = True,
        detail: str = "",
    ) -> int:
        """Write one staff action; a desk action meant for a kiosk wakes it."""
        with self.engine.begin() as conn:
            return self._record(conn, kiosk_id, action, staff_name_of(staff_name), route,
                                reception_id=reception_id, alert_id=alert_id, ok=ok,
                                detail=detail)  # fmt: skip

    def _record(
        self,
        conn: Connection,
        kiosk_id: str,
        action: StaffActionKind,
        staff: str,
        route: str,
        *,
        reception_id: str | None = None,
        alert_id: int | None = None,
        ok: bool = True,
        detail: str = "",
    ) -> int:
        values = {
            "at": _now(), "kiosk_id": kiosk_id[:32], "reception_id": reception_id,
            "alert_id": alert_id, "staff_name": staff, "route": route[:8],
            "action": action.value, "ok": ok, "detail": detail[:200],
        }  # fmt: skip
        new_id = conn.execute(
            insert(StaffActionRow).values(values).returning(StaffActionRow.id)
        ).scalar_one()
        if action in TO_KIOSK:
            _notify(conn, ACTION_CHANNEL, kiosk_id)
        return int(new_id)

    def last_action_id(self, kiosk_id: str) -> int:
        """Where a starting kiosk begins listening: actions before it are history."""
        with self.reader.connect() as conn:
            found = conn.execute(
                select(func.max(StaffActionRow.id)).where(StaffActionRow.kiosk_id == kiosk_id)
            ).scalar()
        return int(found or 0)

    def actions_for(self, kiosk_id: str, after_id: int) -> list[StaffAction]:
        """The kiosk's cheap poll: actions for it newer than ``after_id`` (an index range)."""
        query = (
            select(StaffActionRow)
            .where(StaffActionRow.kiosk_id == kiosk_id, StaffActionRow.id > after_id)
            .order_by(StaffActionRow.id)
        )
        with Session(self.reader) as session:
            return [_action(r) for r in session.scalars(query)]

    def staff_actions(self, reception_id: str | None = None) -> list[StaffAction]:
        query = (
            select(StaffActionRow)
            .where(StaffActionRow.action.in_([k.value for k in StaffActionKind]))
            .order_by(StaffActionRow.id)
        )
        if reception_id is not None:
            query = query.where(StaffActionRow.reception_id == reception_id)
        with Session(self.reader) as session:
            return [_action(r) for r in session.scalars(query)]

    # --- the web desk (kiosk.desk): the queue, resolving, clearing ----------------------

    def queue(self, limit: int = 200) -> list[QueuedAlert]:
        """What the web desk lists: every alert not cleared, the latest (raised or repeated)
        first."""
        latest = func.coalesce(StaffAlertRow.last_raised_at, StaffAlertRow.raised_at)
        query = (
            select(StaffAlertRow)
            .where(StaffAlertRow.cleared_at.is_(None))
            .order_by(latest.desc(), StaffAlertRow.id.desc())
            .limit(limit)
        )
        with Session(self.reader) as session:
            return [_queued(r) for r in session.scalars(query)]

    def waiting_count(self) -> int:
        """Alerts nobody has taken or resolved: all a signed-out desk may show (no details)."""
        query = (
            select(func.count())
            .select_from(StaffAlertRow)
            .where(
                StaffAlertRow.taken_at.is_(None),
                StaffAlertRow.resolved_at.is_(None),
                StaffAlertRow.cleared_at.is_(None),
            )
        )
        with self.reader.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def queued(self, alert_id: int) -> QueuedAlert | None:
        with Session(self.reader) as session:
            found = session.get(StaffAlertRow, alert_id)
            return _queued(found) if found else None

    def take_first(self, alert_id: int, staff_name: str) -> bool:
        """:meth:`take_alert` for a desk that must know whether it was this call that took it
        (two desks pressing at once: exactly one wins). A resolved alert cannot be taken."""
        return self._take(alert_id, staff_name_of(staff_name), unresolved_only=True)

    def resolve_alert(self, alert_id: int, staff_name: str) -> bool:
        """Staff mark it handled; False when it was already resolved (by them, someone else, or
        itself). Taking it too if nobody had, so the kiosks' open list drops it as well."""
        staff = staff_name_of(staff_name)
        now = _now()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(StaffAlertRow)
                .where(StaffAlertRow.id == alert_id, StaffAlertRow.resolved_at.is_(None))
                .values(resolved_at=now, resolved_by=staff, resolved_why=RESOLVED_BY_STAFF,
                        updated_at=now)
            ).rowcount  # fmt: skip
            if not done:
                return False
            conn.execute(
                update(StaffAlertRow)
                .where(StaffAlertRow.id == alert_id, StaffAlertRow.taken_at.is_(None))
                .values(taken_by=staff, taken_at=now)
            )
            self._desk_record(conn, DeskActionKind.RESOLVE, staff, alert_id=alert_id)
            _notify(conn, ALERT_CHANNEL, str(alert_id))
        return True

    def resolve_ended(self, reception_ids: Collection[str]) -> int:
        """Alerts about a patient waiting at the kiosk (``WAITING_REASONS``) resolve themselves
        once their reception has ended (the reception row is final); how many did."""
        if not reception_ids:
            return 0
        waiting = [r.value for r in WAITING_REASONS]
        return self._resolve(
            StaffAlertRow.reception_id.in_(list(reception_ids)),
            StaffAlertRow.reason.in_(waiting),
            why=RESOLVED_RECEPTION_ENDED,
        )

    def resolve_reason(self, kiosk_id: str, reason: AlertReason, reception_id: str,
                       why: str) -> int:  # fmt: skip
        """The kiosk saw the matter end (a card left behind was taken): its alert resolves."""
        return self._resolve(
            StaffAlertRow.kiosk_id == kiosk_id,
            StaffAlertRow.reason == reason.value,
            StaffAlertRow.reception_id == reception_id,
            why=why,
        )

    def _resolve(self, *where: ColumnElement[bool], why: str) -> int:
        now = _now()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(StaffAlertRow)
                .where(*where, StaffAlertRow.resolved_at.is_(None))
                .values(resolved_at=now, resolved_why=why, updated_at=now)
            ).rowcount  # fmt: skip
            if done:
                _notify(conn, ALERT_CHANNEL, "ended")
        return int(done)

    def running_receptions(self) -> list[str]:
        """The reception ids of unresolved waiting alerts: the ones to check for an ended
        reception."""
        query = (
            select(StaffAlertRow.reception_id)
            .where(StaffAlertRow.resolved_at.is_(None), StaffAlertRow.reception_id.is_not(None),
                   StaffAlertRow.reason.in_([r.value for r in WAITING_REASONS]))
            .distinct()
        )  # fmt: skip
        with self.reader.connect() as conn:
            return [str(r) for r in conn.execute(query).scalars()]

    def clear_handled(self, staff_name: str) -> int:
        """「対応済みを消す」: resolved alerts leave every desk's queue; how many did."""
        staff = staff_name_of(staff_name)
        now = _now()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(StaffAlertRow)
                .where(StaffAlertRow.resolved_at.is_not(None), StaffAlertRow.cleared_at.is_(None))
                .values(cleared_at=now, updated_at=now)
            ).rowcount
            if done:
                self._desk_record(conn, DeskActionKind.CLEAR_HANDLED, staff, detail=str(done))
                _notify(conn, ALERT_CHANNEL, "cleared")
        return int(done)

    def record_desk_action(
        self, action: DeskActionKind, staff_name: str, *, ok: bool = True, detail: str = ""
    ) -> None:
        """A web desk action with no kiosk to tell (log in or out, a refused try)."""
        with self.engine.begin() as conn:
            self._desk_record(conn, action, staff_name[:60] or "?", ok=ok, detail=detail)

    def _desk_record(
        self,
        conn: Connection,
        action: DeskActionKind,
        staff: str,
        *,
        alert_id: int | None = None,
        ok: bool = True,
        detail: str = "",
    ) -> None:
        # Under the kiosk id "desk", which no kiosk reads: the kiosks' action feed holds only
        # StaffActionKind values.
        conn.execute(
            insert(StaffActionRow).values(
                at=_now(), kiosk_id=DESK_KIOSK_ID, reception_id=None, alert_id=alert_id,
                staff_name=staff, route="desk", action=action.value, ok=ok, detail=detail[:200],
            )
        )  # fmt: skip

    def visual_outcomes(self, reception_ids: Collection[str]) -> dict[str, StaffAction]:
        """The latest 目視確認 decision (APPROVE/REJECT, written by the kiosk) per reception."""
        if not reception_ids:
            return {}
        query = (
            select(StaffActionRow)
            .where(
                StaffActionRow.reception_id.in_(list(reception_ids)),
                StaffActionRow.action.in_(
                    [StaffActionKind.APPROVE.value, StaffActionKind.REJECT.value]
                ),
            )
            .order_by(StaffActionRow.id)
        )
        with Session(self.reader) as session:
            return {str(r.reception_id): _action(r) for r in session.scalars(query)}

    def visual_requests(self, alert_ids: Collection[int]) -> dict[int, StaffAction]:
        """Who sent staff to the kiosk for a visual check (VISUAL_CHECK), per alert."""
        if not alert_ids:
            return {}
        query = (
            select(StaffActionRow)
            .where(
                StaffActionRow.alert_id.in_(list(alert_ids)),
                StaffActionRow.action == StaffActionKind.VISUAL_CHECK.value,
            )
            .order_by(StaffActionRow.id)
        )
        with Session(self.reader) as session:
            return {int(r.alert_id or 0): _action(r) for r in session.scalars(query)}

    def trail(self, limit: int = 200) -> list[TrailEntry]:
        """The staff audit trail as stored (desk-only kinds included), newest first."""
        query = select(StaffActionRow).order_by(StaffActionRow.id.desc()).limit(limit)
        with Session(self.reader) as session:
            return [
                TrailEntry(_aware(r.at), r.kiosk_id, r.staff_name, r.route, r.action, r.ok,
                           r.alert_id, r.reception_id, r.detail)
                for r in session.scalars(query)
            ]  # fmt: skip


def _fold_repeat(conn: Connection, values: Mapping[str, object], now: datetime) -> int | None:
    """The same machine alert again (same kiosk, reason and detail, no reception) while the
    first is still open: counted on that line instead of a new one."""
    found = conn.execute(
        select(StaffAlertRow.id)
        .where(
            StaffAlertRow.kiosk_id == values["kiosk_id"],
            StaffAlertRow.reason == values["reason"],
            StaffAlertRow.detail == values["detail"],
            StaffAlertRow.reception_id.is_(None),
            StaffAlertRow.taken_at.is_(None),
            StaffAlertRow.resolved_at.is_(None),
        )
        .order_by(StaffAlertRow.id.desc())
        .limit(1)
    ).scalar()
    if found is None:
        return None
    conn.execute(
        update(StaffAlertRow)
        .where(StaffAlertRow.id == found)
        .values(repeat_count=StaffAlertRow.repeat_count + 1, last_raised_at=now, updated_at=now)
    )
    return int(found)


class InvalidStaffName(ValueError):
    """A staff action needs the staff member's name (the audit trail records who did it)."""


def staff_name_of(name: str) -> str:
    """The staff name as recorded (spaces tidied); raises InvalidStaffName."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidStaffName("enter the staff member's name")
    if len(cleaned) > 60:
        raise InvalidStaffName("a staff name has at most 60 characters")
    return cleaned


class ChangeWatcher:
    """Calls ``look()`` on its own thread whenever something may have changed: on PostgreSQL when
    ``channel`` is notified (and every :data:`FALLBACK_S` in case a notification was lost while
    reconnecting), on SQLite every :data:`POLL_S`. ``look`` runs the cheap query and says what it
    found through the caller's own means (a queued Qt signal); an exception in it is logged."""

    def __init__(self, engine: Engine, channel: str, look: Callable[[], None]) -> None:
        self.engine = engine
        self.channel = channel
        self.look = look
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"watch-{channel}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _look(self) -> None:
        try:
            self.look()
        except Exception as exc:  # a database hiccup: the next round looks again
            log.debug("%s: look failed: %s", self.channel, type(exc).__name__)

    def _run(self) -> None:
        if self.engine.dialect.name == "postgresql":
            self._listen()
        while not self._stop.is_set():  # SQLite, or PostgreSQL without a listening connection
            self._look()
            self._stop.wait(POLL_S)

    def _listen(self) -> None:
        import psycopg  # only where the database is PostgreSQL

        url = make_url(str(self.engine.url.render_as_string(hide_password=False)))
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {self.channel}")
                    self._look()  # whatever happened before LISTEN took effect
                    self._wait(conn)
            except psycopg.Error as exc:
                log.info("%s: LISTEN connection lost (%s); polling", self.channel,
                         type(exc).__name__)  # fmt: skip
                self._look()
                self._stop.wait(FALLBACK_S)

    def _wait(self, conn: object) -> None:
        quiet = 0.0
        while not self._stop.is_set():
            woke = False
            for _ in conn.notifies(timeout=0.5, stop_after=1):  # type: ignore[attr-defined]
                woke = True
            quiet = 0.0 if woke else quiet + 0.5
            if woke or quiet >= FALLBACK_S:
                quiet = 0.0
                self._look()
