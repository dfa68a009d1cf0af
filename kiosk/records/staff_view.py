"""What the staff list shows for a reception, as plain text (no Qt, so it is tested alone)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ports import AlertReason, ConsentKind, ReceptionOutcome, StaffAlert, VerificationMethod
from kiosk.records.alerts import reason_text
from kiosk.records.store import CLINIC_TZ, ReceptionRow
from kiosk.records.summary import LIMIT_LABELS, VALIDITY_LABELS

METHOD_LABELS = {
    VerificationMethod.FACE: "顔認証",
    VerificationMethod.PIN: "暗証番号",
    VerificationMethod.VISUAL: "目視確認",
}
CONSENT_LABELS = {
    ConsentKind.MEDICATION: "薬剤",
    ConsentKind.CHECKUP: "健診",
    ConsentKind.DIAGNOSIS: "診療",
    ConsentKind.OPERATION: "手術",
    ConsentKind.LIMIT: "限度額",
}
RATIO_LABELS = {"010": "1割", "020": "2割", "030": "3割"}
HEADERS = ("時刻", "氏名", "資格", "確認方法", "同意", "限度額区分", "状態")


@dataclass(frozen=True)
class StaffLine:
    cells: tuple[str, ...]
    needs_staff: bool
    reception_id: str
    pending: bool = False


def eligibility_text(row: ReceptionRow) -> str:
    if row.outcome is ReceptionOutcome.PENDING:
        return "照会待ち（システム停止中に受付）"
    s = row.summary
    if s.validity is None:
        return "照会なし"
    parts = [VALIDITY_LABELS.get(s.validity, s.validity)]
    if s.insurer_number:
        parts.append(s.insurer_number)
    if s.contribution_ratio:
        parts.append(RATIO_LABELS.get(s.contribution_ratio, s.contribution_ratio))
    return " ".join(parts)


def consents_text(row: ReceptionRow) -> str:
    marks = [
        f"{CONSENT_LABELS[c.kind]}{'○' if c.agreed else '×'}"
        for c in row.consents
        if c.kind is not ConsentKind.LIMIT
    ]
    return " ".join(marks) or "—"


def limit_text(row: ReceptionRow) -> str:
    if row.limit_provided is None:
        return "—"
    if not row.limit_provided:
        return "提供なし"
    flag = row.summary.limit_flag
    return LIMIT_LABELS.get(flag, flag) if flag else "提供あり（区分なし）"


def status_text(row: ReceptionRow) -> str:
    labels = {
        ReceptionOutcome.COMPLETE: "受付完了",
        ReceptionOutcome.PENDING: "要対応：資格照会待ち",
        ReceptionOutcome.INELIGIBLE: "要対応：資格確認できず",
        ReceptionOutcome.ABANDONED: "中断",
    }
    text = labels[row.outcome]
    if row.needs_staff and row.outcome is ReceptionOutcome.COMPLETE:
        text += "（要対応）"
    if row.outcome is ReceptionOutcome.ABANDONED and row.end_reason:
        text += f"：{row.end_reason}"
    return text


def needs_staff(row: ReceptionRow) -> bool:
    return (
        row.needs_staff
        or row.outcome in (ReceptionOutcome.PENDING, ReceptionOutcome.INELIGIBLE)
        or row.method is VerificationMethod.VISUAL
    )


def staff_line(row: ReceptionRow) -> StaffLine:
    cells = (
        row.started_at.strftime("%H:%M:%S"),
        row.summary.name or "（未確認）",
        eligibility_text(row),
        METHOD_LABELS.get(row.method, "—") if row.method else "—",
        consents_text(row),
        limit_text(row),
        status_text(row),
    )
    return StaffLine(
        cells=cells,
        needs_staff=needs_staff(row),
        reception_id=row.reception_id,
        pending=row.outcome is ReceptionOutcome.PENDING,
    )


# --- alerts ------------------------------------------------------------------------------

# Where the desk can answer with a visual check: the patient is at the kiosk, stuck on identity.
VISUAL_REASONS = frozenset({AlertReason.CALL, AlertReason.PIN_LOCKED, AlertReason.FACE_FAILED})


@dataclass(frozen=True)
class AlertLine:
    alert_id: int
    kiosk_id: str
    reception_id: str | None
    text: str  # time, kiosk, the reason in Japanese and English, the name once known
    open: bool  # nobody has taken it yet: highlighted, with a sound when it arrives
    can_check: bool  # the desk can switch on / decide the visual check for it


def alert_line(alert: StaffAlert, running: bool, name: str | None = None) -> AlertLine:
    """``running``: the alert's reception has not ended (no record yet)."""
    when = alert.raised_at.astimezone(CLINIC_TZ).strftime("%H:%M:%S")
    parts = [
        when,
        alert.kiosk_id,
        reason_text(alert.reason, "ja"),
        f"（{reason_text(alert.reason, 'en')}）",
    ]
    if name:
        parts.append(f"氏名：{name}")
    if alert.taken_by:
        parts.append(f"対応：{alert.taken_by}")
    elif not running and alert.reception_id:
        parts.append("受付は終了しています")
    return AlertLine(
        alert_id=alert.id,
        kiosk_id=alert.kiosk_id,
        reception_id=alert.reception_id,
        text="  ".join(parts),
        open=alert.taken_by is None,
        can_check=running and alert.reception_id is not None and alert.reason in VISUAL_REASONS,
    )
