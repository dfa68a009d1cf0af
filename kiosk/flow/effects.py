"""What the flow asks the runtime to do. Effects are data; the runtime runs the slow ones on
workers and answers with an event. Every effect that can take time has exactly one answer."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.flow.model import Context
from kiosk.ports import (
    AlertReason,
    ConsentKind,
    PhoneKind,
    ReceptionOutcome,
    StaffActionKind,
    VerificationMethod,
)


@dataclass(frozen=True)
class Effect:
    @property
    def name(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class ReadCard(Effect):
    """→ CardRead | CardFailed"""


@dataclass(frozen=True)
class PrepareFace(Effect):
    """照合番号B from the card front, then the 券面AP photo into the session.
    → FacePrepared | FacePrepareFailed | CardFailed"""


@dataclass(frozen=True)
class ReadCardFace(Effect):
    """One camera for both, once the front was read: the card on the reader now is checked to
    be the one read at the start (``same_card``: its user-auth certificate again, no PIN),
    then, with ``photo``, the guard, the 照合番号B read from the front and the 券面AP photo.
    → FacePrepared | FacePrepareFailed | CardBack | CardSwapped | CardFailed"""

    same_card: bool = True
    photo: bool = True


@dataclass(frozen=True)
class VerifyFace(Effect):
    """→ FaceVerified"""

    budget_s: float


@dataclass(frozen=True)
class CancelFace(Effect):
    """Stop a running face verification; its late answer is ignored by the flow."""


@dataclass(frozen=True)
class CancelService(Effect):
    """A service step's watchdog gave up: stop its call (no more retries); a late answer is
    ignored by the flow."""


@dataclass(frozen=True)
class ReadPinTries(Effect):
    """→ PinTriesRead | CardFailed"""


@dataclass(frozen=True)
class VerifyPin(Effect):
    """Uses the digits in the session and wipes them at once.
    → PinVerified | PinRejected (not 4 digits: nothing sent to the card) | CardFailed"""


@dataclass(frozen=True)
class ReadNumberBTries(Effect):
    """The 照合番号B counter, without consuming a try. → NumberBTriesRead | FacePrepareFailed |
    CardFailed"""


@dataclass(frozen=True)
class VerifyNumberB(Effect):
    """The 照合番号B staff typed (in the session, wiped at once) unlocks the 券面AP photo; checked
    for plausibility and against the tries guard first.
    → FacePrepared | NumberBRejected | FacePrepareFailed | CardFailed"""


@dataclass(frozen=True)
class ReadPhone(Effect):
    """The phone over the NFC reader, in one go while it is held: certificate; Android: tries
    (read without consuming one), then VERIFY with the session's PIN; a nonce from the service,
    signed by the phone (iPhone: the phone asks its holder). The proof waits in the session.
    ``last_try_shown``: the patient was told this is the last try (else 1 try left stops
    before VERIFY). → PhoneRead | PhonePinChecked | PhoneTriesRead | PhonePinRejected |
    PhoneKindFound | PhoneFailed | PhoneNonceFailed"""

    kind: PhoneKind
    attempt: int
    last_try_shown: bool = False


@dataclass(frozen=True)
class ConfirmEligibility(Effect):
    """→ EligibilityConfirmed | EligibilityFailed | CardFailed"""

    method: VerificationMethod


@dataclass(frozen=True)
class Register(Effect):
    """保険証利用登録. → Registered | EligibilityFailed | CardFailed"""

    method: VerificationMethod


@dataclass(frozen=True)
class SaveConsents(Effect):
    """Record the consents, then fetch the final result document (the re-query after the
    consents, with ``prescription`` as PrescriptionIssueSelect). → ConsentsSaved"""

    answers: tuple[tuple[ConsentKind, bool], ...]
    prescription: str | None = None


@dataclass(frozen=True)
class SaveLimit(Effect):
    """限度額情報の提供, then the final document again (now with the limit information).
    → LimitSaved"""

    prescription: str | None = None


@dataclass(frozen=True)
class AlertStaff(Effect):
    """Call a staff member: the alert goes to every open desk (`kiosk desk`) through the
    records database, and the kiosk sounds. ``detail`` is a code or a short English note, never
    a name. The one way the flow calls staff; the runtime writes it on a worker."""

    reason: AlertReason
    detail: str = ""


@dataclass(frozen=True)
class ResolveAlert(Effect):
    """What an alert was about is over at the kiosk (a card left behind was taken): the desks
    show it resolved. The runtime writes it on a worker."""

    reason: AlertReason
    why: str


@dataclass(frozen=True)
class AuditStaff(Effect):
    """A staff member's decision at this kiosk, for the staff audit trail (the desk shows who
    decided and when). The kiosk knows a valid staff PIN was entered, not whose it was."""

    action: StaffActionKind


@dataclass(frozen=True)
class Remind(Effect):
    """Sound and message: the card is still on the reader."""


@dataclass(frozen=True)
class SaveRecord(Effect):
    """Build the reception record from ``ctx`` (the reception's final facts) and the session
    (before the wipe that follows), then write it on a worker."""

    outcome: ReceptionOutcome
    reason: str
    ctx: Context


@dataclass(frozen=True)
class WipeSession(Effect):
    """Drop every secret of the reception: PIN, certificate, photo, encodings, proof."""
