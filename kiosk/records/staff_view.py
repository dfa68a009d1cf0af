"""What the staff list shows for a reception, as plain text (no Qt, so it is tested alone)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ports import AlertReason, ConsentKind, ReceptionOutcome, StaffAlert, VerificationMethod
from kiosk.records.alerts import reason_text
from kiosk.records.rows import CLINIC_TZ, ReceptionRow
from kiosk.records.summary import LIMIT_LABELS, VALIDITY_LABELS

METHOD_LABELS = {
    VerificationMethod.FACE: "顔認証",
    VerificationMethod.PIN: "暗証番号",
    VerificationMethod.VISUAL: "目視確認",
    VerificationMethod.MANUAL: "手入力照会（受付）",
    VerificationMethod.PHONE_PIN: "スマホ（暗証番号）",
    VerificationMethod.PHONE_BIOMETRIC: "スマホ（生体認証）",
}
CONSENT_LABELS = {
    ConsentKind.MEDICATION: "薬剤",
    ConsentKind.CHECKUP: "健診",
    ConsentKind.DIAGNOSIS: "診療",
    ConsentKind.OPERATION: "手術",
    ConsentKind.LIMIT: "限度額",
}
RATIO_LABELS = {"010": "1割", "020": "2割", "030": "3割"}
HEADERS = (
    "時刻",
    "受付機",
    "氏名",
    "資格・保険者番号",
    "確認方法",
    "同意",
    "限度額区分",
    "状態・理由",
)
NO_NAME = "氏名未取得（資格確認前）"

# Why a reception ended, in the words staff use: (Japanese, English), by the flow's end code.
END_TEXT: dict[str, tuple[str, str]] = {
    "cancelled": ("患者さんが「やめる」を押しました", "the patient cancelled"),
    "cert_grace": (
        "電子証明書の期限切れ後3か月以内：資格確認のみ、診療・薬剤情報の提供なし",
        "certificate expired, in its 3-month grace: qualification only, no data shared",
    ),
    "timeout": ("操作がなく時間切れ", "no answer: timed out"),
    "card_removed": ("途中でカードが取られました", "the card was taken mid-way"),
    "removed": ("途中でカードが取られました", "the card was taken mid-way"),
    "not_mynacard": ("マイナンバーカードではありません", "not a My Number Card"),
    "juki_card": (
        "住基カード（保険証には使えません）",
        "an old 住基カード (not a health insurance card)",
    ),
    "unreadable": ("カードを読み取れませんでした", "the card could not be read"),
    "no_reader": ("カードリーダーがありません", "no card reader"),
    "staff_rejected": ("目視確認で本人と確認できませんでした", "visual check: not the same person"),
    "registration_declined": ("保険証利用登録をしませんでした", "declined to register the card"),
    "device_timeout": ("機器が応答しませんでした", "a device did not answer"),
    "proof_rejected": (
        "資格確認システムが本人確認を受け付けませんでした",
        "the service refused the proof",
    ),
    "service_down": ("資格確認システムにつながらず照会待ち", "service unreachable: pending"),
    "cert_expired": ("電子証明書の有効期限切れ", "certificate expired"),
    "cert_revoked": ("電子証明書が失効しています", "certificate revoked"),
    "validity_2": ("資格が無効です", "qualification invalid"),
    "validity_3": ("資格が無効です（新しい資格あり）", "invalid: a newer qualification exists"),
    "validity_4": ("該当する資格がありません", "no qualification found"),
    "validity_5": ("複数の資格が該当します", "several qualifications match"),
    "malformed": ("資格確認システムの応答が読めませんでした", "unreadable answer from the service"),
    "interrupted": (
        "受付の途中で受付機が止まり、再起動しました",
        "the kiosk stopped mid-way and restarted",
    ),
    # The smartphone reception (kiosk.flow.phone).
    "use_card": ("スマートフォンをやめてカードを使うことにしました", "phone given up for the card"),
    "switched_to_card": (
        "スマートフォンを選んだ後、カードが置かれました（カードで受付）",
        "a card was placed after choosing the phone",
    ),
    "phone_on_card_reader": (
        "カードリーダーにスマートフォンが置かれました",
        "a smartphone was placed on the card reader",
    ),
    "kiosk_stopped": ("受付の途中で受付機が終了しました", "the kiosk was closed mid-way"),
    "phone_back": ("スマートフォンの選択を取り消しました", "the phone choice was withdrawn"),
    "phone_no_reader": ("スマートフォン用リーダーがありません", "no smartphone reader"),
    "not_registered": ("保険証利用登録がされていません", "not registered for insurance use"),
    # One camera for both (kiosk.flow.lift): the card lifted to show its front.
    "different_card": (
        "券面を見せた後、別のカードが置かれました（受付中止）",
        "another card was placed after the front was shown",
    ),
    "card_not_returned": (
        "券面を見せた後、カードが戻されませんでした",
        "the card was not put back after its front was shown",
    ),
}


@dataclass(frozen=True)
class StaffLine:
    cells: tuple[str, ...]
    needs_staff: bool
    reception_id: str
    pending: bool = False
    name_check: bool = False  # the desk offers a field to record the correct name


def name_text(row: ReceptionRow) -> str:
    name = row.summary.name
    if not name:
        return NO_NAME
    if row.corrected_name:
        return f"{row.corrected_name}（訂正：{row.corrected_by}／受信：{name}）"
    if row.name_check:
        return f"{name} ⚠氏名要確認（●・置換文字）"
    return name


def eligibility_text(row: ReceptionRow) -> str:
    if row.outcome is ReceptionOutcome.PENDING:
        return "照会待ち（システム停止中に受付）"
    s = row.summary
    if s.validity is None:
        return "照会なし"
    parts = [VALIDITY_LABELS.get(s.validity, s.validity)]
    if s.insurer_number:
        parts.append(s.insurer_number)
    numbers = "・".join(x for x in (s.insured_card_symbol, s.insured_number) if x)
    if numbers:
        parts.append(numbers + (f"（{s.insured_branch}）" if s.insured_branch else ""))
    if s.contribution_ratio:
        parts.append(RATIO_LABELS.get(s.contribution_ratio, s.contribution_ratio))
    return " ".join(parts)


def consents_text(row: ReceptionRow) -> str:
    if row.end_code == "cert_grace" and row.outcome is ReceptionOutcome.COMPLETE:
        return "同意なし：証明書の期限切れ（資格確認のみ）"
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
    if flag:
        return f"区分{LIMIT_LABELS.get(flag, flag)}"
    return "提供あり（区分は資格情報になし）"


def reason_words(row: ReceptionRow) -> str:
    """Why it ended, in Japanese with the English after it; the recorded English reason when
    the code is one the desk does not know yet."""
    code = row.end_code
    if code is not None and code in END_TEXT:
        ja, en = END_TEXT[code]
        return f"{ja}（{en}）"
    return row.end_reason


def status_text(row: ReceptionRow) -> str:
    labels = {
        ReceptionOutcome.COMPLETE: "受付完了",
        ReceptionOutcome.PENDING: "要対応：資格照会待ち",
        ReceptionOutcome.INELIGIBLE: "要対応：資格確認できず",
        ReceptionOutcome.ABANDONED: "中断",
        ReceptionOutcome.RESOLVED: "要対応：後から資格確認（同意は未確認）",
    }
    text = labels[row.outcome]
    if row.partial:
        return f"{text}・一部未完了：同意が記録されていません（{reason_words(row)}）"
    if row.needs_staff and row.outcome is ReceptionOutcome.COMPLETE:
        text += "（要対応）"
    if row.outcome is not ReceptionOutcome.COMPLETE and (row.end_code or row.end_reason):
        text += f"：{reason_words(row)}"
    return text


def needs_staff(row: ReceptionRow) -> bool:
    return (
        row.needs_staff
        or row.partial
        or (row.name_check and not row.corrected_name)
        or row.outcome
        in (ReceptionOutcome.PENDING, ReceptionOutcome.INELIGIBLE, ReceptionOutcome.RESOLVED)
        or row.method is VerificationMethod.VISUAL
    )


def staff_line(row: ReceptionRow) -> StaffLine:
    cells = (
        row.started_at.strftime("%H:%M:%S"),
        row.kiosk_id,
        name_text(row),
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
        name_check=row.name_check,
    )


# --- alerts ------------------------------------------------------------------------------

# Where the desk can answer with a visual check: the patient is at the kiosk, stuck on identity.
VISUAL_REASONS = frozenset({AlertReason.CALL, AlertReason.PIN_LOCKED, AlertReason.FACE_FAILED})
# ... unless the call came while the card is in the patient's hand (one camera for both): there
# is nothing to compare until it is back on the reader, and the kiosk would ignore the check.
NOT_CHECKABLE_FROM = frozenset({"card_return"})


@dataclass(frozen=True)
class AlertLine:
    alert_id: int
    kiosk_id: str
    reception_id: str | None
    text: str  # time, kiosk, the reason in Japanese and English, the name once known
    open: bool  # nobody has taken it yet: highlighted, with a sound when it arrives
    can_check: bool  # the desk can send someone to the kiosk for a visual check


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
        can_check=running
        and alert.reception_id is not None
        and alert.reason in VISUAL_REASONS
        and alert.detail not in NOT_CHECKABLE_FROM,
    )
