"""What can happen to a reception: the patient's choices, device and service results, time.

Events carry no secrets: the PIN digits go straight from the keypad into the Session, and
``PinSubmitted`` only says they are there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.flow.codes import Code
from kiosk.ports import (
    CardErrorKind,
    EligibilityErrorKind,
    FaceOutcome,
    PhoneErrorKind,
    PhoneKind,
    PinStatus,
    VerificationMethod,
)


@dataclass(frozen=True)
class Event:
    @property
    def name(self) -> str:
        return type(self).__name__


# --- the card on the reader --------------------------------------------------------------
@dataclass(frozen=True)
class CardInserted(Event):
    reception_id: str


@dataclass(frozen=True)
class CardRemoved(Event):
    pass


@dataclass(frozen=True)
class ReaderLost(Event):
    """No card reader: pcscd is not running, or no reader matches ``card.reader``."""

    reason: str  # short English, for the log and the staff alert


@dataclass(frozen=True)
class SavingStopped(Event):
    """Nothing can be saved (database away and the journal not writable): take no patients."""

    reason: str  # short English, for the log and the staff alert


@dataclass(frozen=True)
class SavingResumed(Event):
    """Receptions can be saved again."""


@dataclass(frozen=True)
class ReaderFound(Event):
    """The configured reader is there (again)."""


@dataclass(frozen=True)
class CardRead(Event):
    face_available: bool  # the runtime knows whether a camera works right now
    # The face camera alone (staff can type 照合番号B without a card-front camera); None: as
    # face_available.
    face_camera: bool | None = None
    # One camera for both: the patient takes the card off the reader to show its front.
    front_held_up: bool = False
    # The user-auth certificate's notAfter, for the renewal notice and the grace.
    cert_expires: datetime | None = None
    # Which card generation was read ("current" or "next", told by SELECT in kiosk.card).
    generation: str = "current"


@dataclass(frozen=True)
class CardFailed(Event):
    kind: CardErrorKind
    phone: bool = False  # a smartphone answered on the card reader (kiosk.card.phone's token)


# --- verification ------------------------------------------------------------------------
@dataclass(frozen=True)
class MethodChosen(Event):
    method: VerificationMethod  # FACE or PIN


@dataclass(frozen=True)
class FacePrepared(Event):
    pass


@dataclass(frozen=True)
class FrontRead(Event):
    """One camera for both: 照合番号B read from the held-up front (kept in the session)."""


@dataclass(frozen=True)
class CardBack(Event):
    """The lifted card is back on the reader and is the same card (its user-auth certificate)."""


@dataclass(frozen=True)
class CardSwapped(Event):
    """Another card was placed where the lifted one should have come back: never mixed."""


@dataclass(frozen=True)
class FacePrepareFailed(Event):
    # NO_CARD_FRONT | PHOTO_UNREADABLE | FRONT_UNREADABLE | FRONT_MISREAD | NUMBER_B_GUARD
    reason: Code


@dataclass(frozen=True)
class FaceVerified(Event):
    outcome: FaceOutcome
    reason: str = ""


@dataclass(frozen=True)
class RetryFace(Event):
    pass


@dataclass(frozen=True)
class PinTriesRead(Event):
    tries_left: int


@dataclass(frozen=True)
class PinSubmitted(Event):
    pass


@dataclass(frozen=True)
class PinVerified(Event):
    status: PinStatus
    tries_left: int


@dataclass(frozen=True)
class PinRejected(Event):
    """The PIN was not sent: it is not four digits (a caller's mistake, no try used)."""

    reason: Code  # PIN_FORMAT


@dataclass(frozen=True)
class Back(Event):
    pass


@dataclass(frozen=True)
class CallStaff(Event):
    pass


@dataclass(frozen=True)
class MoreTime(Event):
    """時間を延長 on 続けますか？: go on, and every later screen waits twice as long."""


@dataclass(frozen=True)
class StaffAcknowledged(Event):
    """A staff member took the call at the desk: the kiosk shows that staff have seen it."""


@dataclass(frozen=True)
class StaffCallUndelivered(Event):
    """The patient's call could not reach any desk now (the records database is down; the
    alert is held and sent later): the patient is told to speak to the reception desk."""


@dataclass(frozen=True)
class StaffAuthenticated(Event):
    """A staff member proved themself at this kiosk (the staff PIN behind the hidden corner)
    and switched it into 目視確認 for this patient. Only this shows the chip photo and the card's
    data: the check is made where the patient stands, by someone looking at them."""


@dataclass(frozen=True)
class StaffSent(Event):
    """The desk sent a staff member to this kiosk for a visual check. The patient is told that
    staff are coming; nothing of the card is shown until the staff member authenticates here."""


@dataclass(frozen=True)
class NumberBEntryChosen(Event):
    """Staff, authenticated at the kiosk, chose to type 照合番号B (the front was not read)."""


@dataclass(frozen=True)
class NumberBTriesRead(Event):
    tries_left: int  # the card's 照合番号B counter, read without consuming a try
    allowed: int  # how many numbers the kiosk may still submit (the runtime's guard)


@dataclass(frozen=True)
class NumberBSubmitted(Event):
    """Staff typed 照合番号B: the digits are in the Session, never in an event."""


@dataclass(frozen=True)
class NumberBRejected(Event):
    """The typed number did not open the photo. ``wrong_number_b``: the card refused it (one
    try used); ``number_b_implausible`` / ``number_b_guard``: not sent, no try used."""

    reason: Code
    tries_left: int | None = None
    allowed: int | None = None


@dataclass(frozen=True)
class StaffDecided(Event):
    """Staff at the kiosk, after :class:`StaffAuthenticated`, judged the patient to be (or not
    to be) the card's holder. The desk cannot send this."""

    approved: bool


# --- eligibility -------------------------------------------------------------------------
@dataclass(frozen=True)
class EligibilityConfirmed(Event):
    validity: str  # QualificationValidity code
    birth_date: date
    visit_date: date
    name_check: bool = False  # ● or replaced characters in the answer's name
    # When the answer came (the kiosk's clock): the certificate's grace starts at its notAfter
    # instant, as the service decides. None: the start of the visit date (Japan).
    checked_at: datetime | None = None


@dataclass(frozen=True)
class EligibilityFailed(Event):
    kind: EligibilityErrorKind


@dataclass(frozen=True)
class RegistrationAnswered(Event):
    accept: bool


@dataclass(frozen=True)
class Registered(Event):
    pass


# --- consents and the end ----------------------------------------------------------------
@dataclass(frozen=True)
class ConsentAnswered(Event):
    agree: bool


@dataclass(frozen=True)
class PrescriptionChosen(Event):
    electronic: bool  # 電子処方箋 (True) or 紙の処方箋


@dataclass(frozen=True)
class SubsidyAnswered(Event):
    use: bool  # 医療費助成の各種受給者証を利用する


@dataclass(frozen=True)
class ConsentsSaved(Event):
    ok: bool


@dataclass(frozen=True)
class LimitAnswered(Event):
    provide: bool


@dataclass(frozen=True)
class LimitSaved(Event):
    ok: bool


# --- the smartphone (kiosk.flow.phone) ----------------------------------------------------
@dataclass(frozen=True)
class PhoneChosen(Event):
    """スマートフォン on the idle screen: a phone reception starts."""

    reception_id: str


@dataclass(frozen=True)
class PhoneKindChosen(Event):
    kind: PhoneKind


@dataclass(frozen=True)
class PhoneArrived(Event):
    """The NFC reader sees a phone. ``reception_id`` is used only if this starts a reception
    (a phone held over an idle kiosk)."""

    reception_id: str


@dataclass(frozen=True)
class PhoneRemoved(Event):
    pass


@dataclass(frozen=True)
class PhoneRead(Event):
    """Read ``attempt`` is done: certificate read, holder verified (Android PIN / iPhone on the
    phone), the service's nonce signed. The phone is no longer needed."""

    attempt: int


@dataclass(frozen=True)
class PhonePinChecked(Event):
    """Android: the phone certificate's PIN was not accepted (WRONG, LOCKED_NOW) or is locked
    (ALREADY_LOCKED: 0 tries read, nothing sent)."""

    attempt: int
    status: PinStatus
    tries_left: int


@dataclass(frozen=True)
class PhoneTriesRead(Event):
    """Android: one try left, and the patient has not been told yet: no VERIFY was sent."""

    attempt: int
    tries_left: int


@dataclass(frozen=True)
class PhonePinRejected(Event):
    """The PIN in the session is not four digits: nothing was sent to the phone."""

    attempt: int


@dataclass(frozen=True)
class PhoneFailed(Event):
    attempt: int
    kind: PhoneErrorKind
    pin_used: bool = False  # the PIN went to the phone before it failed (re-entry needed)


@dataclass(frozen=True)
class PhoneKindFound(Event):
    """The phone held is not the kind the patient chose (it says which it is): nothing was sent
    to it."""

    attempt: int
    kind: PhoneKind


@dataclass(frozen=True)
class PhoneNonceFailed(Event):
    """The service gave no nonce for the phone to sign."""

    attempt: int
    kind: EligibilityErrorKind


@dataclass(frozen=True)
class PhoneReaderLost(Event):
    """The NFC reader went away (unplugged, pcscd gone): a smartphone reception waiting for the
    phone ends, told so; the card still works."""

    reason: str  # short English, for the log and the staff alert


@dataclass(frozen=True)
class KioskStopping(Event):
    """The kiosk is closing (SIGTERM, staff exit) during a smartphone reception: it ends, recorded.
    (A card reception ends on CardRemoved, as if its card had left.)"""


@dataclass(frozen=True)
class RetryPhone(Event):
    pass


@dataclass(frozen=True)
class UseCard(Event):
    """The patient will use the My Number Card instead: the phone reception ends."""


# --- the patient and the clock -----------------------------------------------------------
@dataclass(frozen=True)
class Cancel(Event):
    """End the reception (やめる, confirmed)."""


@dataclass(frozen=True)
class AskCancel(Event):
    """やめる was tapped: ask before ending, a mis-tap must not end the reception."""


@dataclass(frozen=True)
class Continue(Event):
    """続けますか？ → はい"""


@dataclass(frozen=True)
class Touch(Event):
    """Any touch on the screen: the patient is still there."""


@dataclass(frozen=True)
class Tick(Event):
    """Time passed; the flow compares the step's ``now`` with the state's deadline."""
