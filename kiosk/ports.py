"""The contracts between the reception runtime and the devices and services it drives.

Each port has several adapters (see docs/architecture.md): the card has a PC/SC adapter and an
in-process virtual card; the face verifier runs on a real or synthetic camera; eligibility goes
over HTTP to the (mock) service; records go to SQLAlchemy. The runtime only knows these types.
No Qt here, and no I/O: these are the shapes that cross module boundaries.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

# --- card --------------------------------------------------------------------------------


class CardErrorKind(enum.Enum):
    NOT_MYNACARD = "not_mynacard"  # a card answered, but it is not a My Number Card
    JUKI_CARD = "juki_card"  # the old 住基カード (its JPKI token says so): never a 保険証
    UNREADABLE = "unreadable"  # no sensible answer: garbage, wrong status words, a bad file
    REMOVED = "removed"  # the card left the reader mid-operation
    NO_READER = "no_reader"  # the configured reader is not there


class CardError(Exception):
    """A card operation failed in a way the patient must be told about."""

    def __init__(self, kind: CardErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail


class PinStatus(enum.Enum):
    OK = "ok"
    WRONG = "wrong"  # tries_left > 0
    LOCKED_NOW = "locked_now"  # this try locked the PIN (63C0)
    ALREADY_LOCKED = "already_locked"  # locked before this try (6984)


@dataclass(frozen=True)
class PinResult:
    status: PinStatus
    tries_left: int


@dataclass(frozen=True)
class CardIdentity:
    """What the JPKI AP (the next card's 認証AP) gives without a PIN: the user-authentication
    certificate and its CA, and which card generation gave them ("current" or "next": told by
    SELECT, kiosk.card.generations)."""

    user_cert_der: bytes = field(repr=False)
    ca_cert_der: bytes = field(repr=False)
    generation: str = "current"


@dataclass(frozen=True)
class CardFace:
    """What the 券面AP gives after 照合番号B (the next card's 券面等AP after its 6-digit 照合番号).
    The photo is secret: never log or store it."""

    photo_jp2: bytes = field(repr=False)
    birth_date: date
    sex: str
    expiry: date


class CardSession(Protocol):
    """One card on the reader, held exclusively for one reception, of either generation (the
    current card or the next one, told apart by SELECT inside the card layer)."""

    def read_identity(self) -> CardIdentity: ...

    def pin_tries_left(self) -> int: ...

    def verify_pin(self, pin: bytearray) -> PinResult: ...

    def sign(self, challenge: bytes) -> bytes:
        """The user-auth key's signature over ``challenge``, PIN first: RSA PKCS#1 v1.5 over
        SHA-256 on the current card, ECDSA P-384 over SHA-384 (DER) on the next one."""
        ...

    def number_b_tries_left(self) -> int:
        """The counter of the number that opens the face data (照合番号B, or the next card's
        照合番号), read without consuming a try."""
        ...

    def read_card_face(self, number_b: str) -> CardFace:
        """The face data after the number printed on the front: 14 digits (照合番号B) on the
        current card, 6 (照合番号) on the next; a number of the other kind is refused before
        anything reaches the card (no try used)."""
        ...

    def close(self) -> None: ...


class CardReader(Protocol):
    def connect(self) -> CardSession:
        """Connect to the card on the reader; raises CardError."""
        ...


class CardFrontSource(Protocol):
    """Where 照合番号B comes from: the card's printed front (virtual values, OCR, staff entry)."""

    @property
    def held_up(self) -> bool:
        """One camera for both: the front is held up to the face camera, so the card leaves
        the reader while it is read (kiosk.flow.lift)."""
        ...

    def number_b(self, on_hint: Callable[[str], None] | None = None) -> str | None:
        """The number that opens the face data, as the front prints it: 14 digits (照合番号B)
        from a current front, 6 (照合番号) from a next-generation one, or None; ``on_hint``
        gets what the screen should ask the patient while it reads (``card_glare``: tilt or
        move the card)."""
        ...


# --- smartphone (スマホ用電子証明書, issue 17) ------------------------------------------------


class PhoneKind(enum.Enum):
    """What the patient chose on the kiosk: the two flows differ in where the holder is
    verified (Android: the certificate's 4-digit PIN typed on the kiosk; iPhone: Face ID /
    Touch ID on the phone itself)."""

    ANDROID = "android"
    IPHONE = "iphone"


class PhoneErrorKind(enum.Enum):
    NOT_A_PHONE = "not_a_phone"  # something answered on the NFC reader, but not a phone's JPKI
    CANCELLED_ON_PHONE = "cancelled_on_phone"  # the holder declined (or failed) on the phone
    REMOVED = "removed"  # the phone left the reader mid-operation
    UNREADABLE = "unreadable"  # no sensible answer
    NO_READER = "no_reader"  # the configured NFC reader is not there


class PhoneError(Exception):
    def __init__(self, kind: PhoneErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail


class PhoneSession(Protocol):
    """One phone held over the NFC reader, for one reception. The phone holds its own
    利用者証明用 certificate (issued separately from the card's, own PIN counter, own expiry,
    no chip photo). What is and is not public about how a reader talks to it: docs/card.md."""

    kind: PhoneKind

    def read_identity(self) -> CardIdentity: ...

    def pin_tries_left(self) -> int:
        """Android: the phone certificate's PIN counter, read without consuming a try."""
        ...

    def verify_pin(self, pin: bytearray) -> PinResult:
        """Android only."""
        ...

    def sign(self, challenge: bytes) -> bytes:
        """Signature by the phone's user-auth key (Android: PIN first; iPhone: the phone asks its
        holder; PhoneError CANCELLED_ON_PHONE when they decline)."""
        ...

    def close(self) -> None: ...


class PhoneReader(Protocol):
    def connect(self) -> PhoneSession:
        """Connect to the phone on the NFC reader; raises PhoneError."""
        ...


# --- face --------------------------------------------------------------------------------


class FaceOutcome(enum.Enum):
    MATCH = "match"
    NO_MATCH = "no_match"
    LIVENESS_FAILED = "liveness_failed"
    TIMEOUT = "timeout"
    CAMERA_UNAVAILABLE = "camera_unavailable"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class FaceResult:
    outcome: FaceOutcome
    reason: str = ""


# Left, top, right, bottom as fractions of the camera frame's width and height.
FaceBox = tuple[float, float, float, float]


class FaceVerifier(Protocol):
    def available(self) -> bool: ...

    def verify(
        self,
        chip_photo_jp2: bytes,
        *,
        budget_s: float,
        is_cancelled: Callable[[], bool],
        on_hint: Callable[[str], None],
        on_face: Callable[[FaceBox | None], None] = lambda box: None,
    ) -> FaceResult:
        """Match live frames against the chip photo; ``on_hint`` gets coaching hint codes,
        ``on_face`` where the face followed is (the screen's guide oval goes round it)."""
        ...


# --- eligibility -------------------------------------------------------------------------


class EligibilityErrorKind(enum.Enum):
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    PROOF_REJECTED = "proof_rejected"
    CERT_EXPIRED = "cert_expired"
    CERT_REVOKED = "cert_revoked"
    NOT_REGISTERED = "not_registered"
    NO_QUALIFICATION = "no_qualification"
    MALFORMED = "malformed"
    # The answer is not about this request (echoed keys, clinic) or not about the person whose
    # card is on the reader (chip birth date / sex): never stored, staff are called.
    MISMATCH = "mismatch"
    # Too many 被保険者番号 lookups missed (birth dates being guessed): locked for a while.
    LOOKUP_LOCKED = "lookup_locked"


class EligibilityError(Exception):
    def __init__(self, kind: EligibilityErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail


class VerificationMethod(enum.Enum):
    FACE = "face"
    PIN = "pin"
    VISUAL = "visual"  # staff 目視確認
    MANUAL = "manual"  # staff looked the patient up by 被保険者番号 at the desk (no card)
    # The values fit the records' 8-character method column.
    PHONE_PIN = "phonepin"  # Android: the phone certificate's PIN typed on the kiosk
    PHONE_BIOMETRIC = "phonebio"  # iPhone: Face ID / Touch ID on the phone


@dataclass(frozen=True)
class Proof:
    """How the kiosk proves the holder was verified: a PIN-path signature over the service's
    nonce, or (face / visual) nothing from the card: the client adds the kiosk's attestation."""

    method: VerificationMethod
    nonce: bytes
    signature: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Qualification:
    """The eligibility answer, reduced to what the flow needs, plus the full result document
    (real element names, text values) for records and receipt-computer export."""

    validity: str  # QualificationValidity code "1".."6"
    name: str
    birth_date: date
    has_limit_certificate: bool
    document: Mapping[str, Any]


class ConsentKind(enum.Enum):
    """Viewing consents; values are the element-name prefixes of the result layout."""

    MEDICATION = "PharmacistsInfo"  # 過去のお薬の情報
    CHECKUP = "SpecificHealthCheckupsInfo"  # 特定健診等の情報 (40 and over)
    DIAGNOSIS = "DiagnosisInfo"  # 診療情報 (clinic option)
    OPERATION = "OperationInfo"  # 手術情報 (clinic option)
    LIMIT = "LimitApplicationCertificateRelated"  # 限度額情報


@dataclass(frozen=True)
class ConsentReceipt:
    kind: ConsentKind
    agreed: bool
    cons_time: datetime
    available_time: datetime | None


class EligibilityPort(Protocol):
    """``cancel``: set by the runtime when the reception ends or its watchdog gives up; a call
    stops before its next try (EligibilityError TIMEOUT)."""

    def new_nonce(self, *, cancel: threading.Event | None = None) -> bytes: ...

    def confirm(
        self, cert_der: bytes, proof: Proof, *, key: str, cancel: threading.Event | None = None
    ) -> Qualification: ...

    def register(
        self, cert_der: bytes, proof: Proof, *, key: str, cancel: threading.Event | None = None
    ) -> None: ...

    def record_consents(
        self,
        cert_der: bytes,
        answers: Mapping[ConsentKind, bool],
        *,
        key: str,
        cancel: threading.Event | None = None,
    ) -> list[ConsentReceipt]: ...

    def final_result(
        self,
        cert_der: bytes,
        *,
        prescription: str | None,
        key: str,
        cancel: threading.Event | None = None,
    ) -> Qualification:
        """Re-query after the consents: the final document (consents, limit information,
        PrescriptionIssueSelect) for the clinic's result file."""
        ...

    def confirm_deferred(
        self, cert_der: bytes, method: VerificationMethod, verified_at: datetime, *, key: str
    ) -> Qualification:
        """Re-query a pending reception (service was down) with the kiosk's attestation that
        the holder was verified at ``verified_at``."""
        ...


# --- records -----------------------------------------------------------------------------


class ReceptionOutcome(enum.Enum):
    COMPLETE = "complete"
    PENDING = "pending"  # service down: re-query later
    INELIGIBLE = "ineligible"
    ABANDONED = "abandoned"  # card removed, timeout, rejected, locked, error
    # A pending reception the re-query confirmed after the patient left: eligible, but the
    # patient never saw the consent screens. Staff finish it (never "complete").
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Transition:
    at: datetime
    source: str
    event: str
    target: str
    reason: str


@dataclass(frozen=True)
class ReceptionRecord:
    """One reception as the clinic keeps it. Never a PIN, a photo, an encoding or a My Number."""

    reception_id: str  # also the idempotency key
    kiosk_id: str
    started_at: datetime
    ended_at: datetime
    outcome: ReceptionOutcome
    method: VerificationMethod | None
    end_reason: str
    qualification: Mapping[str, Any] | None
    consents: tuple[ConsentReceipt, ...]
    registered_now: bool
    limit_provided: bool | None
    needs_staff: bool
    transitions: tuple[Transition, ...]
    # Only while PENDING: the public user-auth certificate (no name, no My Number in it), so the
    # reception can be re-queried when the service is back; cleared once it is resolved.
    requery_cert_der: bytes | None = field(default=None, repr=False)
    # The 2025 flow items: PrescriptionIssueSelect ("1" 電子 / "2" 紙) and the answer to
    # 「医療費助成の各種受給者証を利用しますか」; None where the clinic does not ask.
    prescription: str | None = None
    subsidy_certificates: bool | None = None
    # The code of why it ended ("cancelled", "card_removed", "not_mynacard", …), which the desk
    # says in words; None when it simply finished.
    end_code: str | None = None
    # Complete (eligibility confirmed) but the consents were not all answered and recorded:
    # e.g. the card was taken during the consents.
    partial: bool = False


class ReceptionStore(Protocol):
    def save(self, record: ReceptionRecord) -> None:
        """Write atomically; if the database is unavailable, journal durably and replay later."""
        ...


class AlertReason(enum.Enum):
    """Why a kiosk (or the records side) needs a staff member. ``kiosk.records.alerts`` says each
    in plain Japanese and English; the desk shows those words, never these codes."""

    CALL = "call"  # the patient pressed 係員を呼ぶ
    PIN_LOCKED = "pin_locked"
    FACE_FAILED = "face_failed"
    SERVICE_DOWN = "service_down"  # the eligibility service did not answer: pending reception
    CARD_ERROR = "card_error"
    NAME_CHECK = "name_check"  # ● or replaced characters in the name from the service
    INELIGIBLE = "ineligible"
    CERT_ERROR = "cert_error"
    DEVICE_TIMEOUT = "device_timeout"
    IDENTITY_MISMATCH = "identity_mismatch"  # birth date / sex differ from the card
    OUT_OF_SERVICE = "out_of_service"  # no reader, nothing can be saved: the kiosk stopped
    RECORD_NOT_SAVED = "record_not_saved"  # a reception could not be written
    RESULT_FILE = "result_file"  # the result file for the receipt computer could not be written
    STAFF_PIN_LOCKED = "staff_pin_locked"  # wrong staff PINs at a kiosk locked its staff screen
    INTERRUPTED = "interrupted"  # the kiosk stopped mid-reception and was restarted
    CARD_LEFT = "card_left"  # a card left on the reader after its reception ended
    OTHER = "other"


@dataclass(frozen=True)
class StaffAlert:
    """One call for staff, as every desk sees it; ``taken_by`` is set once a staff member took
    it (the alert is then cleared from the desk's alert list)."""

    id: int
    kiosk_id: str
    reason: AlertReason
    detail: str
    reception_id: str | None
    raised_at: datetime
    taken_by: str | None = None
    taken_at: datetime | None = None


class StaffActionKind(enum.Enum):
    """Every staff action the audit trail records (``staff_action``)."""

    TAKE = "take"  # a staff member took the call (the kiosk shows that staff have seen it)
    VISUAL_CHECK = "visual_check"  # switch the kiosk into 目視確認 for this patient
    APPROVE = "approve"  # 目視確認: same person
    REJECT = "reject"  # 目視確認: not the same person
    LOGIN = "login"  # staff PIN accepted at the kiosk
    LOGIN_FAILED = "login_failed"  # staff PIN refused at the kiosk (locks only that route)
    EXIT = "exit"  # the kiosk was closed by staff
    CORRECT_NAME = "correct_name"  # the correct name recorded for a ● name
    MANUAL_LOOKUP = "manual_lookup"  # 被保険者番号 lookup at the desk


class StaffAlerts(Protocol):
    """Where alerts go: the records database (:class:`kiosk.records.store.RecordStore`)."""

    def raise_alert(
        self,
        kiosk_id: str,
        reason: AlertReason,
        *,
        reception_id: str | None = None,
        detail: str = "",
    ) -> int | None:
        """Record the alert and wake every desk; the alert id, or None when the database cannot
        take it now (logged; never raises for an unavailable database)."""
        ...

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
        """Add a staff action to the audit trail (logged, never raised, if it cannot)."""
        ...

    def resolve_alert_of(
        self, kiosk_id: str, reason: AlertReason, reception_id: str, why: str
    ) -> None:
        """The kiosk saw the matter of an alert end (a card left behind was taken): every desk
        shows it resolved, with ``why`` (logged, never raised, if it cannot)."""
        ...


class ResultFileWriter(Protocol):
    """Writes the result files the clinic's systems read (kiosk.records.result_file)."""

    def write_due(self) -> object:
        """Write every reception's file that is due; a folder that cannot take them keeps them
        due and tells staff why."""
        ...


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


# --- check-in: the clinic's visit queue (issue 29) ---------------------------------------


@dataclass(frozen=True)
class PatientKey:
    """Who the card holder is, as the eligibility answer says: what the clinic's system matches
    its 患者番号 on. Names and birth dates stay out of logs (``repr`` leaves them out)."""

    insurer_number: str  # 保険者番号
    symbol: str  # 記号 (may be empty)
    number: str  # 番号
    branch: str  # 枝番 (may be empty)
    birth_date: date = field(repr=False)
    name: str = field(repr=False)
    kana: str = field(repr=False)
    sex: str = field(repr=False)  # "1" male, "2" female (the result layout's codes)


class MatchStatus(enum.Enum):
    FOUND = "found"  # exactly one patient of the clinic is this card holder
    NEW = "new"  # no patient of the clinic is: a first visit
    AMBIGUOUS = "ambiguous"  # more than one could be, or one with other insurance: never guess


class DeskReason(enum.Enum):
    """Why a visit went to the desk instead of being registered (the desk says it in words)."""

    SEVERAL_PATIENTS = "several_patients"  # several patients share the name and birth date
    INSURANCE_DIFFERS = "insurance_differs"  # one patient, but the clinic has other insurance
    REFUSED = "refused"  # the clinic's system answered with a refusal (its code in ``detail``)
    NEW_PATIENT = "new_patient"  # a first visit, and the clinic registers new patients itself
    NAME_CHECK = "name_check"  # a new patient whose name has ● or replaced characters


@dataclass(frozen=True)
class PatientMatch:
    status: MatchStatus
    patient_id: str | None = None  # the clinic's 患者番号 when FOUND
    reason: DeskReason | None = None  # when AMBIGUOUS


@dataclass(frozen=True)
class VisitRequest:
    """Today's visit to register, once the reception is complete. ``key`` is the reception id,
    the idempotency key: the same visit sent again is registered once. ``kiosk_number`` is the
    kiosk's own 受付番号, shown when the clinic's system gives none or cannot be reached."""

    key: str
    patient: PatientKey
    visit_at: datetime
    kiosk_number: str
    department: str | None = None  # the clinic system's 診療科コード, where the clinic uses them
    doctor: str | None = None  # its ドクターコード, where used
    consents: Mapping[ConsentKind, bool] = field(default_factory=dict)


class CheckInState(enum.Enum):
    REGISTERED = "registered"  # the clinic's system holds the visit; ``number`` is its 受付番号
    DELIVERED = "delivered"  # the visit's file is in the clinic's folder; the kiosk's number
    TO_DESK = "to_desk"  # not registered: staff check the patient in (``reason``)
    NOT_USED = "not_used"  # no clinic system configured: the kiosk's number only


@dataclass(frozen=True)
class VisitResult:
    state: CheckInState
    number: str  # the 受付番号 the patient is shown (the clinic's, or the kiosk's own)
    patient_id: str | None = None  # the clinic's 患者番号, when known
    new_patient: bool = False  # registered as a new patient by this visit
    reason: DeskReason | None = None  # when TO_DESK
    detail: str = ""  # the clinic system's code and message: never a name or a birth date


class CheckInErrorKind(enum.Enum):
    """The clinic's system could not be asked now: the visit is queued and sent again."""

    UNREACHABLE = "unreachable"  # no connection
    TIMEOUT = "timeout"  # no whole answer in time
    SERVER_ERROR = "server_error"  # 5xx, or the system says it is busy
    MALFORMED = "malformed"  # an answer that is not what the API documents
    REJECTED = "rejected"  # 401/403/404: the kiosk's settings are wrong (staff must fix them)
    FOLDER = "folder"  # the drop folder cannot take the file (missing, full, read-only)


class CheckInError(Exception):
    def __init__(self, kind: CheckInErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail


class CheckIn(Protocol):
    """Registers a completed reception's visit with the clinic's system (kiosk.checkin)."""

    def register_visit(
        self, visit: VisitRequest, *, cancel: threading.Event | None = None
    ) -> VisitResult:
        """Exactly once per ``visit.key``, however often called; raises CheckInError when the
        clinic's system cannot be asked now (the caller queues the visit and tries again)."""
        ...
