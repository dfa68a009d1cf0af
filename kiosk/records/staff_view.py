"""What the staff list shows for a reception, as plain text (no Qt, so it is tested alone)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ports import ConsentKind, ReceptionOutcome, VerificationMethod
from kiosk.records.store import ReceptionRow
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
    return StaffLine(cells=cells, needs_staff=needs_staff(row), reception_id=row.reception_id)
