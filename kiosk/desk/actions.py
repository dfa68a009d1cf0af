"""What the desk's buttons do, each returning the sentence staff read next to the button. Every
action is in the staff audit trail with the staff member's name; an action on an alert that is
already handled, or on a reception that has ended, is refused with the reason — never a success
line. The desk never approves or rejects a person: the visual check's only action here sends a
staff member to the kiosk, where the decision is made (and recorded by the kiosk)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from kiosk.desk.dates import DateInputError, parse_birth_date, wareki
from kiosk.desk.views import LOOKUP_LOCKED_ALERT, checkable, clock, state_of
from kiosk.eligibility.client import EligibilityClient
from kiosk.ports import (
    AlertReason,
    EligibilityError,
    EligibilityErrorKind,
    ReceptionOutcome,
    StaffActionKind,
)
from kiosk.records.alerts import DESK_KIOSK_ID, DeskActionKind, InvalidStaffName, QueuedAlert
from kiosk.records.manual import LookupInputError, lookup_and_record, parse_lookup
from kiosk.records.reading import InvalidCorrection
from kiosk.records.staff_view import status_text
from kiosk.records.store import RecordStore

log = logging.getLogger(__name__)

LOOKUP_FIELDS = ("insurer", "symbol", "number", "branch", "birth")
NO_ALERT = "この呼び出しは見つかりません（消去済みかもしれません）"


def _refusal(store: RecordStore, q: QueuedAlert) -> str | None:
    """Why nothing can be done on this alert any more, or None."""
    rid = q.alert.reception_id
    if rid is not None:
        row = store.reception(rid)
        if row is not None:
            return f"この受付はすでに終了しています（{status_text(row)}）"
    if q.resolved:
        return f"この呼び出しは解決済みです（{state_of(q)[1]}）"
    return None


def take(store: RecordStore, alert_id: int, staff: str) -> tuple[str, bool]:
    q = store.alerts.queued(alert_id)
    if q is None:
        return NO_ALERT, False
    if (why := _refusal(store, q)) is not None:
        return why, False
    if store.alerts.take_first(alert_id, staff):
        log.info("desk: alert %d taken", alert_id)
        return f"対応します：{q.alert.kiosk_id}（{clock(q.last_at)}の呼び出し）", True
    now = store.alerts.queued(alert_id)
    who = now.alert.taken_by if now is not None else None
    if who:
        return f"{who}さんがすでに対応しています（{q.alert.kiosk_id}）", False
    return _refusal(store, now) if now is not None else NO_ALERT, False  # type: ignore[return-value]


def resolve(store: RecordStore, alert_id: int, staff: str) -> tuple[str, bool]:
    q = store.alerts.queued(alert_id)
    if q is None:
        return NO_ALERT, False
    if q.resolved:
        return f"この呼び出しは解決済みです（{state_of(q)[1]}）", False
    if store.alerts.resolve_alert(alert_id, staff):
        log.info("desk: alert %d resolved", alert_id)
        return f"解決済みにしました：{q.alert.kiosk_id}（{clock(q.last_at)}の呼び出し）", True
    now = store.alerts.queued(alert_id)
    return (f"この呼び出しは解決済みです（{state_of(now)[1]}）" if now else NO_ALERT), False


def visual_check(store: RecordStore, alert_id: int, staff: str) -> tuple[str, bool]:
    """「受付機で目視確認する（係員が向かう）」: the kiosk switches into the visual check for
    that patient and waits for this staff member, who decides there."""
    q = store.alerts.queued(alert_id)
    if q is None:
        return NO_ALERT, False
    if (why := _refusal(store, q)) is not None:
        return why, False
    if not checkable(q):
        return "この呼び出しでは目視確認を依頼できません", False
    taker = q.alert.taken_by
    if taker is None and not store.alerts.take_first(alert_id, staff):
        now = store.alerts.queued(alert_id)
        taker = now.alert.taken_by if now is not None else None
    if taker is not None and taker != " ".join(staff.split()):
        return f"{taker}さんがすでに対応しています（{q.alert.kiosk_id}）", False
    store.alerts.record_action(q.alert.kiosk_id, StaffActionKind.VISUAL_CHECK, staff, "desk",
                               reception_id=q.alert.reception_id, alert_id=alert_id)  # fmt: skip
    log.info("desk: visual check sent to %s for alert %d", q.alert.kiosk_id, alert_id)
    return (
        f"{q.alert.kiosk_id}へ向かってください。受付機で本人確認をしてください"
        "（受付機で係員認証のあと、確認結果はここに表示されます）",
        True,
    )


def clear_handled(store: RecordStore, staff: str) -> str:
    count = store.alerts.clear_handled(staff)
    return f"対応済みの呼び出しを{count}件消しました" if count else "対応済みの呼び出しはありません"


def correct_name(store: RecordStore, reception_id: str, name: str, staff: str) -> tuple[str, bool]:
    try:
        store.correct_name(reception_id, name, staff)
    except InvalidCorrection:
        return "正しい氏名を入力してください（1〜100文字）", False
    except InvalidStaffName:
        return "担当者名がありません。サインインし直してください", False
    return "正しい氏名を記録しました", True


def logged_out(store: RecordStore, staff: str) -> None:
    store.alerts.record_desk_action(DeskActionKind.LOGOUT, staff)


@dataclass
class LookupResult:
    done: bool = False  # the service was asked (the form is cleared)
    messages: list[tuple[str, str, bool]] = field(default_factory=list)  # where, text, ok


def _locked(store: RecordStore, exc: EligibilityError) -> str:
    """The service locked lookups (too many, or too many misses: birth dates being guessed,
    kiosk.sim.service.limits): every desk is told, not only the one that asked, since the
    guesses may come from elsewhere with this clinic's credential."""
    log.warning("manual lookup locked by the service: %s", exc.detail)
    store.raise_alert(DESK_KIOSK_ID, AlertReason.OTHER, detail=LOOKUP_LOCKED_ALERT)
    return (
        "照会が多すぎるか誤りが続いたため、資格確認システムが照会を一時止めています"
        f"（{_when(exc.detail)}。係員の責任者に知らせました）"
    )


def _when(detail: str) -> str:
    """The service's "try again in N min" as staff read it; its own words stay in the log."""
    found = re.search(r"(\d{1,5}) min", detail)
    return f"約{int(found[1])}分後に再開" if found else "しばらくしてから再開"


def lookup(
    store: RecordStore,
    client: EligibilityClient | None,
    typed: dict[str, str],
    staff: str,
    today: date,
) -> LookupResult:
    """The manual 被保険者番号 lookup: every field checked (each message beside its field),
    then the service asked and the answer recorded as a reception of its own."""
    result = LookupResult()
    if client is None:
        result.messages.append(("lookup", "この受付デスクには照会用の証明書がありません"
                                "（kiosk enroll、docs/desk.md）", False))  # fmt: skip
        return result
    try:
        born = parse_birth_date(typed.get("birth", ""), today)
    except DateInputError as exc:
        result.messages.append(("lookup:birth", str(exc), False))
        born = None
    try:
        # A placeholder date while the typed one is refused: the other fields are still checked.
        iso = born.isoformat() if born else "2000-01-01"
        numbers = parse_lookup(typed["insurer"], typed["symbol"], typed["number"],
                               typed["branch"], iso)  # fmt: skip
    except LookupInputError as exc:
        result.messages.append((f"lookup:{exc.field or 'number'}", str(exc), False))
        return result
    if born is None:
        return result
    try:
        record = lookup_and_record(client, store, numbers, staff)
    except EligibilityError as exc:
        if exc.kind is EligibilityErrorKind.LOOKUP_LOCKED:
            result.messages.append(("lookup", _locked(store, exc), False))
        else:
            result.messages.append(
                ("lookup", f"資格確認システムに照会できませんでした（{exc.kind.value}）", False)
            )
        return result
    result.done = True
    found = record.outcome is ReceptionOutcome.COMPLETE
    answer = "資格あり" if found else "該当する資格がありません"
    result.messages.append(
        ("lookup", f"照会結果：{answer}（{wareki(born)}生まれ。一覧に記録しました）", found)
    )
    return result
