"""The reception's states and the non-secret facts the flow keeps while it runs."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.config import ConsentMode
from kiosk.flow.certificate import CertStatus
from kiosk.flow.codes import Code
from kiosk.ports import ConsentKind, PhoneKind, ReceptionOutcome, VerificationMethod


class State(enum.Enum):
    IDLE = "idle"  # カードを置いてください
    READING = "reading"  # JPKI AP: token + user-auth certificate
    CARD_ERROR = "card_error"  # not a My Number Card / unreadable (end)
    CHOOSE_METHOD = "choose_method"  # 顔認証 or 暗証番号
    FACE_PREPARING = "face_preparing"  # 照合番号B from the card front, then the chip photo
    # One camera for both (the front held up to the face camera): the card off the reader.
    CARD_RETURN = "card_return"  # the front was read: カードをもう一度リーダーに置いてください
    CARD_CHECKING = "card_checking"  # the card back: the same card? then 照合番号B and photo
    FACE_VERIFYING = "face_verifying"  # live camera vs chip photo
    FACE_RETRY = "face_retry"  # no match, attempts left: again / PIN / staff
    FACE_FAILED = "face_failed"  # attempts used up or no camera: PIN / staff
    PIN_CHECKING = "pin_checking"  # reading tries left without consuming one
    PIN_ENTRY = "pin_entry"
    PIN_VERIFYING = "pin_verifying"
    PIN_LOCKED = "pin_locked"  # locked: face (if possible) / staff
    STAFF_CALLED = "staff_called"  # waiting for a staff member to authenticate
    STAFF_COMPARE = "staff_compare"  # 目視確認: staff compares and decides
    NUMBER_B_CHECKING = "number_b_checking"  # the 照合番号B counter, no try consumed
    NUMBER_B_ENTRY = "number_b_entry"  # staff type 照合番号B (or the printed dates + code)
    NUMBER_B_VERIFYING = "number_b_verifying"  # the typed number unlocks the chip photo
    QUERYING = "querying"  # eligibility confirmation
    REGISTRATION_OFFER = "registration_offer"  # 保険証利用登録 on the spot
    REGISTERING = "registering"
    CONSENT_MEDICATION = "consent_medication"  # 過去の診療・お薬の情報
    CONSENT_CHECKUP = "consent_checkup"  # 特定健診等の情報 (40 and over)
    CONSENT_DIAGNOSIS = "consent_diagnosis"  # 診療情報 (clinic option)
    CONSENT_OPERATION = "consent_operation"  # 手術情報 (clinic option)
    CONSENT_COMBINED = "consent_combined"  # the 2024-10 single consent
    PRESCRIPTION_CHOICE = "prescription_choice"  # 電子処方箋 or 紙 (clinic option, 2025)
    SUBSIDY_QUESTION = "subsidy_question"  # 医療費助成の各種受給者証を利用しますか (PMH option)
    SAVING_CONSENTS = "saving_consents"
    DONE = "done"  # 受付完了 + 限度額情報 offer; taking the card ends it
    SAVING_LIMIT = "saving_limit"
    FINISHED = "finished"  # take your card (end)
    INELIGIBLE = "ineligible"  # 資格無効 etc. (end)
    CERT_ERROR = "cert_error"  # certificate expired / revoked (end)
    SERVICE_DOWN = "service_down"  # pending reception (end)
    ENDED = "ended"  # cancelled, timed out, rejected, declined (end)
    TIMEOUT_WARNING = "timeout_warning"  # 続けますか？
    OUT_OF_SERVICE = "out_of_service"  # no card reader: staff alerted; back when it returns
    CONFIRM_CANCEL = "confirm_cancel"  # やめますか？ (before ending on やめる)
    CLOSING = "closing"  # the card was taken after the end: お呼びするまでお待ちください
    CARD_REMOVED = "card_removed"  # the card was pulled mid-way: the reception stopped
    # The smartphone reception (issue 17, kiosk.flow.phone): スマートフォン on the idle screen.
    PHONE_KIND = "phone_kind"  # iPhone or Android?
    PHONE_PIN_ENTRY = "phone_pin_entry"  # Android: the phone certificate's own 4-digit PIN
    PHONE_HOLD = "phone_hold"  # hold your phone here (iPhone: after Face ID / Touch ID)
    PHONE_READING = "phone_reading"  # the phone is read: certificate, PIN (Android), signature
    PHONE_DECLINED = "phone_declined"  # iPhone: declined or failed on the phone
    PHONE_PIN_LOCKED = "phone_pin_locked"  # the phone certificate's PIN is locked: use the card


# The reception is over in these: record written, secrets wiped, waiting for the card to leave.
END_STATES = frozenset(
    {
        State.CARD_ERROR,
        State.FINISHED,
        State.INELIGIBLE,
        State.CERT_ERROR,
        State.SERVICE_DOWN,
        State.ENDED,
    }
)

# The card has left and the reception is over: a short closing word, then idle. A new card
# starts the next reception at once.
AFTER_STATES = frozenset({State.CLOSING, State.CARD_REMOVED})

# The patient must act here; silence leads to the inactivity warning.
PATIENT_STATES = frozenset(
    {
        State.CHOOSE_METHOD,
        State.FACE_RETRY,
        State.FACE_FAILED,
        State.PIN_ENTRY,
        State.PIN_LOCKED,
        State.STAFF_CALLED,
        State.STAFF_COMPARE,
        State.REGISTRATION_OFFER,
        State.CONSENT_MEDICATION,
        State.CONSENT_CHECKUP,
        State.CONSENT_DIAGNOSIS,
        State.CONSENT_OPERATION,
        State.CONSENT_COMBINED,
        State.PRESCRIPTION_CHOICE,
        State.SUBSIDY_QUESTION,
        State.PHONE_KIND,
        State.PHONE_PIN_ENTRY,
        State.PHONE_HOLD,
        State.PHONE_DECLINED,
        State.PHONE_PIN_LOCKED,
    }
)

# A patient waiting for staff, or staff doing the visual check: never timed out (the card
# leaving the reader still ends the reception).
STAFF_WAIT_STATES = frozenset({State.STAFF_CALLED, State.STAFF_COMPARE, State.NUMBER_B_ENTRY})

# A device or the service is working; a watchdog ends a hung step.
BUSY_STATES = frozenset(
    {
        State.READING,
        State.FACE_PREPARING,
        State.CARD_CHECKING,
        State.FACE_VERIFYING,
        State.PIN_CHECKING,
        State.PIN_VERIFYING,
        State.NUMBER_B_CHECKING,
        State.NUMBER_B_VERIFYING,
        State.QUERYING,
        State.REGISTERING,
        State.SAVING_CONSENTS,
        State.SAVING_LIMIT,
        State.PHONE_READING,
    }
)

CONSENT_STATES: dict[State, ConsentKind | None] = {
    State.CONSENT_MEDICATION: ConsentKind.MEDICATION,
    State.CONSENT_CHECKUP: ConsentKind.CHECKUP,
    State.CONSENT_DIAGNOSIS: ConsentKind.DIAGNOSIS,
    State.CONSENT_OPERATION: ConsentKind.OPERATION,
    State.CONSENT_COMBINED: None,  # one answer for every applicable kind
}

CHECKUP_MIN_AGE = 40
# PrescriptionIssueSelect codes (kiosk.eligibility.codes; the flow imports no adapter package).
PRESCRIPTION_ELECTRONIC = "1"  # 電子処方箋
PRESCRIPTION_PAPER = "2"  # 紙の処方箋


@dataclass(frozen=True)
class FlowSettings:
    """The clinic's choices and the timeouts, in seconds of the injected monotonic clock."""

    consent_mode: ConsentMode = ConsentMode.SEPARATE
    ask_diagnosis: bool = False
    ask_operation: bool = False
    ask_prescription: bool = False  # 電子処方箋 / 紙 after the consents
    ask_subsidy: bool = False  # the 医療費助成 受給者証 question (PMH)
    face_attempts: int = 3
    inactivity_s: float = 60.0
    warning_s: float = 15.0
    face_budget_s: float = 20.0
    card_left_reminder_s: float = 10.0
    # A card left on the reader after an end screen: the desk is alerted at this reminder, and
    # no more than this many reminders sound (the screen keeps saying it, silently).
    card_left_alert_at: int = 2
    card_left_reminders: int = 6
    watchdog_s: float = 45.0
    # Reading a phone waits for its holder (Face ID on an iPhone, the app's prompt): its own
    # budget, longer than the watchdog, so a slow but willing patient is not a device timeout.
    phone_prompt_s: float = 120.0
    closing_s: float = 8.0  # the closing / card-removed screen, then idle
    card_return_s: float = 60.0  # one camera for both: the lifted card back on the reader


@dataclass(frozen=True)
class Context:
    """Everything non-secret the flow knows about the reception in progress."""

    reception_id: str | None = None
    face_available: bool = False
    photo_read: bool = False
    method: VerificationMethod | None = None
    face_attempts: int = 0
    face_spent: bool = False  # face ended in FACE_FAILED: not offered again this reception
    pin_tries_left: int | None = None
    error: Code | None = None  # the message to show, and the end code recorded
    validity: str | None = None
    birth_date: date | None = None
    visit_date: date | None = None
    answers: tuple[tuple[ConsentKind, bool], ...] = ()
    consents_saved: bool | None = None
    prescription: str | None = None  # PrescriptionIssueSelect: "1" 電子処方箋, "2" 紙
    subsidy: bool | None = None  # uses 医療費助成の受給者証 today
    registered_now: bool = False
    limit_provided: bool | None = None
    outcome: ReceptionOutcome | None = None
    needs_staff: bool = False
    reminders: int = 0
    walked_away: bool = False  # the card was left on the reader: the desk was alerted
    more_time: bool = False  # 時間を延長: this patient's screens wait twice as long
    staff_seen: bool = False  # a staff member took this patient's call at the desk
    name_check: bool = False  # ● or replaced characters in the name: staff check it
    face_camera: bool = False  # the face camera works (typing 照合番号B needs no card-front one)
    front_unread: bool = False  # the card front was not read: staff go straight to typing
    number_b_tries_left: int | None = None  # the card's 照合番号B counter, as last read
    number_b_allowed: int | None = None  # typed numbers the kiosk may still submit
    # One camera for both: the front is held up to the face camera, so the card leaves the
    # reader on purpose (``card_lifted``) and must come back the same card before any VERIFY.
    front_held_up: bool = False
    card_lifted: bool = False
    lift_failed: Code | None = None  # the front read failed with the card off: said once back
    # The card's user-auth certificate (kiosk.flow.certificate): its notAfter, as read, and
    # what that means when the eligibility answer came.
    cert_expires: datetime | None = None
    card_generation: str = "current"  # "next": the next card, its own renewal dates
    cert_status: CertStatus | None = None
    # The smartphone reception (kiosk.flow.phone). ``phone``: this reception uses a phone, from
    # the スマートフォン choice on (also on its closing screen, which words it for the phone).
    phone: bool = False
    phone_kind: PhoneKind | None = None
    phone_present: bool = False  # the NFC reader says a phone is held over it
    phone_reads: int = 0  # reads started; a late answer of an earlier read is ignored
    # A second device arrived while this reception runs with the first: "card" (during a phone
    # reception) or "phone" (during a card reception); the screen tells the patient to take it.
    other_device: str | None = None

    def face_offered(self) -> bool:
        """顔認証 can still be chosen: a camera works and face has not already failed."""
        return self.face_available and not self.face_spent

    def number_b_typable(self) -> bool:
        """Staff can still type 照合番号B: a face camera works, the photo is not read yet and
        the tries guard has not stopped it."""
        return self.face_camera and not self.photo_read and self.number_b_allowed != 0

    def pin_offered(self) -> bool:
        """暗証番号 can still be chosen: the card has not said its PIN is locked (0 tries)."""
        return self.pin_tries_left != 0

    def age(self) -> int | None:
        if self.birth_date is None or self.visit_date is None:
            return None
        b, v = self.birth_date, self.visit_date
        return v.year - b.year - ((v.month, v.day) < (b.month, b.day))


@dataclass(frozen=True)
class Model:
    state: State = State.IDLE
    ctx: Context = field(default_factory=Context)
    deadline: float | None = None  # monotonic seconds; None = no timeout in this state
    resume: State | None = None  # where "続けますか？ → はい" returns to

    @property
    def in_reception(self) -> bool:
        return (
            self.state not in (State.IDLE, State.OUT_OF_SERVICE)
            and self.state not in END_STATES
            and self.state not in AFTER_STATES
        )
