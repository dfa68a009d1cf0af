"""Why the screen says what it says: the codes a reception carries in ``Context.error`` (the message
the screen shows) and records as its end code (the desk says it in words, kiosk.records.
staff_view). One closed set, so a screen, the desk and the flow cannot drift apart; a ``StrEnum``,
so a code is stored and compared as the plain string the records have always held.

The adapters' own kinds (a card's, the service's, the face match's, the phone's) enter through
``Code.of`` with the same value."""

from __future__ import annotations

import enum

from kiosk.ports import CardErrorKind, EligibilityErrorKind, FaceOutcome, PhoneErrorKind


class Code(enum.StrEnum):
    # --- the card ----------------------------------------------------------------------------
    CARD_REMOVED = "card_removed"  # pulled mid-way
    NOT_MYNACARD = "not_mynacard"
    JUKI_CARD = "juki_card"  # the old 住基カード
    UNREADABLE = "unreadable"
    REMOVED = "removed"
    NO_READER = "no_reader"  # the card reader is gone
    PHONE_ON_CARD_READER = "phone_on_card_reader"  # a smartphone laid on the card reader
    DIFFERENT_CARD = "different_card"  # one camera for both: another card came back
    CARD_NOT_RETURNED = "card_not_returned"
    # --- face and 照合番号B ----------------------------------------------------------------------
    NO_CARD_FRONT = "no_card_front"
    FRONT_UNREADABLE = "front_unreadable"
    FRONT_MISREAD = "front_misread"  # a plausible number the card refused (one try used)
    PHOTO_UNREADABLE = "photo_unreadable"
    NUMBER_B_GUARD = "number_b_guard"  # too few 照合番号B tries left on the card to risk one
    NUMBER_B_IMPLAUSIBLE = "number_b_implausible"  # refused by our check: no try used
    WRONG_NUMBER_B = "wrong_number_b"
    CAMERA_UNAVAILABLE = "camera_unavailable"
    FACE_EXHAUSTED = "face_exhausted"
    NO_MATCH = "no_match"
    LIVENESS_FAILED = "liveness_failed"
    TIMEOUT = "timeout"  # also the service's, and the patient's silence
    # --- the PIN -----------------------------------------------------------------------------
    WRONG_PIN = "wrong_pin"
    PIN_FORMAT = "pin_format"  # not four digits: never sent to the card
    LOCKED_NOW = "locked_now"
    ALREADY_LOCKED = "already_locked"
    LAST_TRY = "last_try"  # the phone's: told before the last try is used
    # --- staff -------------------------------------------------------------------------------
    STAFF_CALLED = "staff_called"
    CALL_UNDELIVERED = "call_undelivered"  # 係員を呼ぶ held: the database could not take it
    STAFF_REJECTED = "staff_rejected"
    # --- the eligibility service -------------------------------------------------------------
    SERVICE_DOWN = "service_down"
    UNREACHABLE = "unreachable"
    PROOF_REJECTED = "proof_rejected"
    CERT_EXPIRED = "cert_expired"
    CERT_REVOKED = "cert_revoked"
    CERT_GRACE = "cert_grace"  # expired less than 3 months ago: qualification only
    NOT_REGISTERED = "not_registered"
    NO_QUALIFICATION = "no_qualification"
    MALFORMED = "malformed"
    MISMATCH = "mismatch"  # the answer is about someone else
    REGISTRATION_DECLINED = "registration_declined"
    VALIDITY_2 = "validity_2"  # 無効
    VALIDITY_3 = "validity_3"  # 無効（新しい資格あり）
    VALIDITY_4 = "validity_4"  # 該当資格なし
    VALIDITY_5 = "validity_5"  # 複数該当
    VALIDITY_OTHER = "validity_other"  # a code the service should not send
    # --- the patient and the kiosk -----------------------------------------------------------
    CANCELLED = "cancelled"
    DEVICE_TIMEOUT = "device_timeout"
    KIOSK_STOPPED = "kiosk_stopped"
    RECORDS_UNSAVED = "records_unsaved"  # out of service: nothing can be saved
    # --- the smartphone ----------------------------------------------------------------------
    PHONE_NO_READER = "phone_no_reader"
    PHONE_REMOVED = "phone_removed"
    PHONE_BACK = "phone_back"
    USE_CARD = "use_card"
    SWITCHED_TO_CARD = "switched_to_card"
    KIND_ANDROID = "kind_android"
    CANCELLED_ON_PHONE = "cancelled_on_phone"
    NOT_A_PHONE = "not_a_phone"

    @classmethod
    def of(cls, kind: CardErrorKind | EligibilityErrorKind | FaceOutcome | PhoneErrorKind) -> Code:
        """An adapter's kind as the reception's code (the same value)."""
        return cls(kind.value)

    @classmethod
    def validity(cls, value: str) -> Code:
        """An invalid QualificationValidity as the end code (``validity_2`` …)."""
        try:
            return cls(f"validity_{value}")
        except ValueError:
            return cls.VALIDITY_OTHER
