"""What the desk's pages show, as plain values the templates lay out (tested without a server):
the alert queue's lines and counts, and the reception list's filters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from kiosk.ports import AlertReason, StaffActionKind
from kiosk.records.alerts import (
    DESK_KIOSK_ID,
    RESOLVED_CARD_TAKEN,
    RESOLVED_RECEPTION_ENDED,
    QueuedAlert,
    StaffAction,
    reason_text,
)
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.staff_view import NOT_CHECKABLE_FROM, VISUAL_REASONS, StaffLine

# The queue's counts per kind, in a word or two.
SHORT: dict[AlertReason, str] = {
    AlertReason.CALL: "呼び出し",
    AlertReason.PIN_LOCKED: "暗証番号ロック",
    AlertReason.FACE_FAILED: "顔認証できず",
    AlertReason.SERVICE_DOWN: "照会待ち",
    AlertReason.CARD_ERROR: "カード読取",
    AlertReason.NAME_CHECK: "氏名要確認",
    AlertReason.INELIGIBLE: "資格なし",
    AlertReason.CERT_ERROR: "証明書",
    AlertReason.DEVICE_TIMEOUT: "機器応答なし",
    AlertReason.IDENTITY_MISMATCH: "本人情報不一致",
    AlertReason.OUT_OF_SERVICE: "受付機休止",
    AlertReason.RECORD_NOT_SAVED: "記録できず",
    AlertReason.RESULT_FILE: "結果ファイル",
    AlertReason.STAFF_PIN_LOCKED: "職員ロック",
    AlertReason.INTERRUPTED: "途中で再起動",
    AlertReason.OTHER: "その他",
}
# Alerts of reason OTHER say what they are in their detail code; the desk words the known ones.
LOOKUP_LOCKED_ALERT = "lookup_locked"  # the manual lookup locked (kiosk.desk.actions)
STAFF_PIN_RENEW_ALERT = "staff_pin_renew"  # kiosk.staff_auth.LEGACY_ALERT
OTHER_WORDS: dict[str, tuple[str, str]] = {
    LOOKUP_LOCKED_ALERT: (
        "被保険者番号の照会が多すぎるか誤りが続いたため、照会が止められました"
        "（生年月日の当てずっぽうの可能性。しばらくしてから再照会）",
        "Manual lookups were locked after too many or too many wrong ones (birth dates may be "
        "being guessed); try again later",
    ),
    STAFF_PIN_RENEW_ALERT: (
        "受付機の職員用暗証番号が古い形式です。kiosk config --hash-pin で6桁以上の新しい番号に"
        "替えてください",
        "The kiosk's staff PINs use the old format: set new ones of 6 or more digits with "
        "kiosk config --hash-pin",
    ),
}
VISUAL_WORDS = {StaffActionKind.APPROVE: "本人と確認", StaffActionKind.REJECT: "本人と確認できず"}
FILTERS = {"today": "本日すべて", "action": "要対応", "pending": "照会待ち"}


def clock(at: datetime) -> str:
    return at.astimezone(CLINIC_TZ).strftime("%H:%M:%S")


@dataclass(frozen=True)
class QueueLine:
    id: int
    at: str
    kiosk: str
    kind: str  # the reason code: a CSS class, never shown
    reason: str
    reason_en: str
    count: int
    state: str  # "open" | "taken" | "resolved"
    state_text: str
    check_text: str  # the visual check: who went, what the kiosk recorded
    can_take: bool
    can_resolve: bool
    can_check: bool


def reason_words(q: QueuedAlert) -> tuple[str, str]:
    a = q.alert
    if a.kiosk_id == DESK_KIOSK_ID and a.reason is AlertReason.STAFF_PIN_LOCKED:
        # Raised by the desk itself (kiosk.desk.accounts): the kiosk's wording would mislead.
        return (
            f"受付デスクのアカウント「{a.detail}」がパスワード誤りでロックされました",
            "A desk account was locked after wrong passwords",
        )
    if a.reason is AlertReason.OTHER and a.detail in OTHER_WORDS:
        return OTHER_WORDS[a.detail]
    return reason_text(a.reason, "ja"), reason_text(a.reason, "en")


def state_of(q: QueuedAlert) -> tuple[str, str]:
    if q.resolved_at is not None:
        when = clock(q.resolved_at)
        if q.resolved_why == RESOLVED_RECEPTION_ENDED:
            return "resolved", f"受付が終了したため自動で解決（{when}）"
        if q.resolved_why == RESOLVED_CARD_TAKEN:
            return "resolved", f"カードが取られたため自動で解決（{when}）"
        return "resolved", f"対応済み：{q.resolved_by}（{when}）"
    if q.alert.taken_by:
        return "taken", f"対応中：{q.alert.taken_by}"
    return "open", "未対応"


def check_words(q: QueuedAlert, sent: StaffAction | None, outcome: StaffAction | None) -> str:
    parts = []
    if sent is not None:
        parts.append(f"目視確認へ：{sent.staff_name}（{clock(sent.at)}）")
    if outcome is not None:
        words = VISUAL_WORDS.get(outcome.action, outcome.action.value)
        parts.append(f"受付機で{words}：{outcome.staff_name}（{clock(outcome.at)}）")
    return "　".join(parts)


def checkable(q: QueuedAlert) -> bool:
    a = q.alert
    return (
        not q.resolved
        and a.reception_id is not None
        and a.reason in VISUAL_REASONS
        and a.detail not in NOT_CHECKABLE_FROM
    )


def queue_line(
    q: QueuedAlert, sent: StaffAction | None = None, outcome: StaffAction | None = None
) -> QueueLine:
    state, state_text = state_of(q)
    ja, en = reason_words(q)
    return QueueLine(
        id=q.alert.id,
        at=clock(q.last_at),
        kiosk=q.alert.kiosk_id,
        kind=q.alert.reason.value,
        reason=ja,
        reason_en=en,
        count=q.count,
        state=state,
        state_text=state_text,
        check_text=check_words(q, sent, outcome),
        can_take=state == "open",
        can_resolve=state != "resolved",
        can_check=checkable(q) and sent is None,
    )


def kind_counts(alerts: list[QueuedAlert]) -> list[tuple[str, int]]:
    """Unresolved alerts per kind, the commonest first (repeats counted)."""
    counts: Counter[str] = Counter()
    for q in alerts:
        if not q.resolved:
            counts[SHORT[q.alert.reason]] += q.count
    return counts.most_common()


def keep(kind: str, line: StaffLine) -> bool:
    if kind == "action":
        return line.needs_staff
    if kind == "pending":
        return line.pending
    return True
