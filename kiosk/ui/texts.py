"""Every word the kiosk shows, in English source form; the other languages come from
assets/i18n/kiosk_<language>.ts (ja, zh, ko, vi, pt), each reviewed against the Japanese, which
follows the leaflet (shared/seeds) wherever the leaflet has words for it.

The strings are marked with QT_TRANSLATE_NOOP so `pyside6-lupdate kiosk/ui/texts.py -ts
assets/i18n/kiosk_ja.ts` finds them; screens translate them when they are shown, so a language
switch only re-reads this catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # PySide6's stub says object; it returns the source string unchanged

    def QT_TRANSLATE_NOOP(context: str, source: str) -> str: ...

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "kiosk"


def tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


FULL_STOPS = ("。", "！", "？", "」")


def sentences(parts: Iterable[str]) -> str:
    """Sentences one after another: after a Japanese or Chinese full stop no space (an ASCII
    space between 「…。」 and the next sentence is a typo in Japanese); after others one."""
    out = ""
    for part in (p for p in parts if p):
        out += (" " if out and not out.endswith(FULL_STOPS) else "") + part
    return out


# Each language by its own name, so a patient who reads only one of them finds it.
LANGUAGE_NAMES = {
    "ja": "日本語",
    "en": "English",
    "zh": "中文(简体)",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt": "Português (Brasil)",
}


# --- always on screen ---------------------------------------------------------------------
LARGE_TEXT = QT_TRANSLATE_NOOP("kiosk", "Large text")
NORMAL_TEXT = QT_TRANSLATE_NOOP("kiosk", "Normal text")
# The voice (ui.voice) and the USB keypad (kiosk.ui.keys, docs/ui.md): for patients who cannot
# read the screen. The PIN's digits are never said, only how many there are.
SAY_AGAIN = QT_TRANSLATE_NOOP("kiosk", "Listen again")
KEY_DIGITS = QT_TRANSLATE_NOOP("kiosk", "{n} digits entered.")
KEY_PRESS_ENTER = QT_TRANSLATE_NOOP("kiosk", "Press the Enter key.")
VOICE_HEADPHONES = QT_TRANSLATE_NOOP("kiosk", "The voice comes from the headphones.")
CALL_STAFF = QT_TRANSLATE_NOOP("kiosk", "Call staff")
CANCEL = QT_TRANSLATE_NOOP("kiosk", "Stop")
TAKE_CARD_REMINDER = QT_TRANSLATE_NOOP("kiosk", "Please take your card from the reader.")
STEP_READ = QT_TRANSLATE_NOOP("kiosk", "Read card")
STEP_IDENTITY = QT_TRANSLATE_NOOP("kiosk", "Identity")
STEP_CONSENT = QT_TRANSLATE_NOOP("kiosk", "Consent")
STEP_DONE = QT_TRANSLATE_NOOP("kiosk", "Done")
STEPS = (STEP_READ, STEP_IDENTITY, STEP_CONSENT, STEP_DONE)  # the leaflet's four

# --- buttons ------------------------------------------------------------------------------
USE_FACE = QT_TRANSLATE_NOOP("kiosk", "Face recognition")
USE_PIN = QT_TRANSLATE_NOOP("kiosk", "PIN (4 digits)")
SWITCH_TO_PIN = QT_TRANSLATE_NOOP("kiosk", "Use my PIN instead")
TRY_AGAIN = QT_TRANSLATE_NOOP("kiosk", "Try again")
BACK = QT_TRANSLATE_NOOP("kiosk", "Back")
CLEAR = QT_TRANSLATE_NOOP("kiosk", "Clear")
DELETE = QT_TRANSLATE_NOOP("kiosk", "Delete")
OK = QT_TRANSLATE_NOOP("kiosk", "OK")
AGREE = QT_TRANSLATE_NOOP("kiosk", "I agree")
DISAGREE = QT_TRANSLATE_NOOP("kiosk", "I do not agree")
PROVIDE = QT_TRANSLATE_NOOP("kiosk", "Provide")
NOT_PROVIDE = QT_TRANSLATE_NOOP("kiosk", "Do not provide")
REGISTER = QT_TRANSLATE_NOOP("kiosk", "Register")
NOT_REGISTER = QT_TRANSLATE_NOOP("kiosk", "Do not register")
CONTINUE = QT_TRANSLATE_NOOP("kiosk", "Continue")
MORE_TIME = QT_TRANSLATE_NOOP("kiosk", "More time")
KEEP_GOING = QT_TRANSLATE_NOOP("kiosk", "No, continue")
CANCEL_YES = QT_TRANSLATE_NOOP("kiosk", "Yes, stop")
APPROVE = QT_TRANSLATE_NOOP("kiosk", "Same person: approve")
REJECT = QT_TRANSLATE_NOOP("kiosk", "Not the same person")
STAFF_EXIT = QT_TRANSLATE_NOOP("kiosk", "Close the kiosk")
# The kiosk is never closed under a patient: the staff PIN does nothing until the reception ends.
STAFF_EXIT_BUSY = QT_TRANSLATE_NOOP(
    "kiosk", "A patient's reception is in progress. Close the kiosk once it has ended."
)

# --- idle and reading ---------------------------------------------------------------------
IDLE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Please place your My Number Card on the card reader")
IDLE_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Put the card face up. Leave it there until the screen asks you to take it."
)
OUT_OF_SERVICE_TITLE = QT_TRANSLATE_NOOP("kiosk", "This reception kiosk cannot be used now")
OUT_OF_SERVICE_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The card reader is not working. Please ask the staff at the reception desk."
)
OUT_OF_SERVICE_RECORDS_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Receptions cannot be saved right now. Please ask the staff at the reception desk.",
)
WAIT_BODY = QT_TRANSLATE_NOOP("kiosk", "Please wait. Leave your card on the reader.")
SLOW_WAIT = QT_TRANSLATE_NOOP("kiosk", "This is taking a little longer. Please keep waiting.")
READING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Reading your card…")

# --- verification -------------------------------------------------------------------------
CHOOSE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Choose face recognition or PIN")
CHOOSE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Face recognition: the camera compares your face with the photo in the card. PIN: the 4 "
    "digits you set when you applied for the card.",
)
NO_CAMERA_NOTE = QT_TRANSLATE_NOOP(
    "kiosk", "Face recognition cannot be used right now. Please use your PIN."
)
FACE_PREPARING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Getting ready for face recognition…")
FACE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Look at the camera")
FACE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Fit your face inside the frame on the screen; the picture is taken automatically. Please"
    " take off your mask.",
)
TIME_LEFT = QT_TRANSLATE_NOOP("kiosk", "Time left: {n} s")
FACE_RETRY_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your face could not be confirmed")
FACE_RETRY_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "You can try again, use your PIN, or call a staff member."
)
FACE_FAILED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Face recognition cannot be used")
FACE_FAILED_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Please use your PIN. If you do not know it, call a staff member."
)
FACE_CAMERA_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The camera is not working. Please use your PIN, or call a staff member."
)
FACE_PHOTO_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The photo in the card could not be read. Please use your PIN, or call a staff member."
)
FACE_FRONT_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The front of the card could not be read. Please use your PIN, or call a staff member."
)
FACE_GUARD_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Face recognition cannot be used with this card now. Please use your PIN, or call a staff"
    " member.",
)
PIN_CHECKING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking your card…")
PIN_TITLE = QT_TRANSLATE_NOOP("kiosk", "Enter your 4-digit PIN")
PIN_BODY = QT_TRANSLATE_NOOP("kiosk", "The 4-digit PIN you set when you applied for the card.")
TRIES_LEFT = QT_TRANSLATE_NOOP("kiosk", "Tries left: {n}")
WRONG_PIN = QT_TRANSLATE_NOOP("kiosk", "The PIN is not correct.")
PIN_FORMAT = QT_TRANSLATE_NOOP("kiosk", "The PIN is 4 digits. Please enter it again.")
LAST_TRY = QT_TRANSLATE_NOOP("kiosk", "If it is wrong once more, the PIN will be locked.")
PIN_VERIFYING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking your PIN…")
PIN_LOCKED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your PIN is locked")
PIN_LOCKED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "The PIN was entered wrongly 3 times, so it is locked. Your city office can unlock it. "
    "Today, please use face recognition or call a staff member.",
)

# --- staff --------------------------------------------------------------------------------
STAFF_CALLED_TITLE = QT_TRANSLATE_NOOP("kiosk", "A staff member is coming")
STAFF_CALLED_BODY = QT_TRANSLATE_NOOP("kiosk", "Please wait here. Staff: enter your staff PIN.")
STAFF_PIN_WRONG = QT_TRANSLATE_NOOP("kiosk", "Staff PIN not accepted.")
STAFF_LOCKED = QT_TRANSLATE_NOOP("kiosk", "Staff functions are locked for {n} min.")
STAFF_COMPARE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Staff: visual check")
STAFF_COMPARE_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Compare the photo in the card's chip with the patient in front of the kiosk."
)
NO_CHIP_PHOTO = QT_TRANSLATE_NOOP("kiosk", "Chip photo not read: compare with the card's face.")
STAFF_EXIT_TITLE = QT_TRANSLATE_NOOP("kiosk", "Staff: close the kiosk")
STAFF_WAIT_BODY = QT_TRANSLATE_NOOP("kiosk", "Please wait here. A staff member has been called.")
CALL_UNDELIVERED = QT_TRANSLATE_NOOP(
    "kiosk", "Your call could not reach the staff. Please speak to the reception desk."
)
PIN_UNUSABLE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "The PIN of this card cannot be used (it is locked, or the card was issued without a PIN). "
    "Today, please use face recognition or call a staff member.",
)
PIN_ALSO_LOCKED = QT_TRANSLATE_NOOP(
    "kiosk", "The PIN of this card cannot be used either. Please press Call staff."
)
FACE_ALSO_UNUSABLE = QT_TRANSLATE_NOOP(
    "kiosk", "Face recognition cannot be used either. Please press Call staff."
)
STAFF_SEEN = QT_TRANSLATE_NOOP("kiosk", "A staff member has seen your call and is on the way.")
STAFF_VISUAL_LOGIN = QT_TRANSLATE_NOOP(
    "kiosk", "Staff: enter your staff PIN to start the visual check."
)
CHIP_PHOTO_LABEL = QT_TRANSLATE_NOOP("kiosk", "Photo in the card's chip")
LIVE_LABEL = QT_TRANSLATE_NOOP("kiosk", "Camera now")
CARD_FACTS = QT_TRANSLATE_NOOP("kiosk", "From the card: born {birth} (age {age}), {sex}")
NAME_FACT = QT_TRANSLATE_NOOP("kiosk", "Name (eligibility answer): {name}")
NO_FACTS = QT_TRANSLATE_NOOP(
    "kiosk", "Name, age and sex: compare with what is printed on the card."
)
SEX_MALE = QT_TRANSLATE_NOOP("kiosk", "male")
SEX_FEMALE = QT_TRANSLATE_NOOP("kiosk", "female")
SEX_OTHER = QT_TRANSLATE_NOOP("kiosk", "sex not stated")
STAFF_ON_THE_WAY = QT_TRANSLATE_NOOP("kiosk", "A staff member has been called. Please wait here.")

# --- staff type 照合番号B (the card front could not be read) -------------------------------
NUMBER_B_CHECKING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking the card…")
NUMBER_B_TITLE = QT_TRANSLATE_NOOP("kiosk", "Staff: enter number B from the card")
NUMBER_B_BODY = QT_TRANSLATE_NOOP("kiosk", "Type it as printed on the card front.")
NUMBER_B_PARTS = QT_TRANSLATE_NOOP("kiosk", "Enter birth date, expiry, code")
NUMBER_B_DIGITS = QT_TRANSLATE_NOOP("kiosk", "Enter the 14 digits")
WESTERN_YEAR = QT_TRANSLATE_NOOP("kiosk", "Western")
YEAR_FIELD = QT_TRANSLATE_NOOP("kiosk", "Year {v}")
MONTH_FIELD = QT_TRANSLATE_NOOP("kiosk", "Month {v}")
DAY_FIELD = QT_TRANSLATE_NOOP("kiosk", "Day {v}")
EXPIRY_FIELD = QT_TRANSLATE_NOOP("kiosk", "Valid until {v}")
CODE_FIELD = QT_TRANSLATE_NOOP("kiosk", "Security code {v}")
DIGITS_FIELD = QT_TRANSLATE_NOOP("kiosk", "Number B {v}")
NUMBER_B_TRIES = QT_TRANSLATE_NOOP(
    "kiosk", "Tries left on the card: {n}. This kiosk stops after {k} more."
)
WRONG_NUMBER_B = QT_TRANSLATE_NOOP(
    "kiosk",
    "The card did not accept this number: one try was used. Check the card and enter it again.",
)
NUMBER_B_BAD_BIRTH = QT_TRANSLATE_NOOP(
    "kiosk", "This birth date is not possible. Not sent to the card: no try was used."
)
NUMBER_B_BAD_EXPIRY = QT_TRANSLATE_NOOP(
    "kiosk", "This expiry year is not possible. Not sent to the card: no try was used."
)
NUMBER_B_BAD_CODE = QT_TRANSLATE_NOOP(
    "kiosk", "The security code is 4 digits. Not sent to the card: no try was used."
)
TO_VISUAL_CHECK = QT_TRANSLATE_NOOP("kiosk", "Visual check instead")
TYPE_NUMBER_B = QT_TRANSLATE_NOOP("kiosk", "Enter number B")
NUMBER_B_STOPPED = QT_TRANSLATE_NOOP(
    "kiosk",
    "Number B can no longer be entered for this card (its remaining tries are kept). Please "
    "check visually.",
)

# --- eligibility --------------------------------------------------------------------------
QUERYING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking your health insurance…")
# After a face match or a correct PIN, while the insurance is checked: the patient hears and
# sees that the hard part is over (issue 26 item 5).
IDENTITY_CONFIRMED = QT_TRANSLATE_NOOP("kiosk", "Identity confirmed")
REGISTRATION_TITLE = QT_TRANSLATE_NOOP(
    "kiosk", "Your card is not yet registered as a health insurance card"
)
REGISTRATION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "You can register it here, now. Afterwards the card works as your health insurance card "
    "at any clinic or pharmacy.",
)
REGISTRATION_TERMS = QT_TRANSLATE_NOOP(
    "kiosk",
    "By pressing Register you agree to the terms for using the My Number Card as a health "
    "insurance card, and your insurance can then be checked with this card. You can ask to "
    "cancel the registration later.",
)
REGISTERING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Registering your card…")

# --- consents -----------------------------------------------------------------------------
CONSENT_MEDICATION_TITLE = QT_TRANSLATE_NOOP("kiosk", "① Your past treatment and medicines")
CONSENT_MEDICATION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May we give this clinic's doctors the records of your past treatment and of the "
    "medicines you were prescribed? They are used only for your care. If you do not agree, "
    "you are still treated as usual.",
)
CONSENT_CHECKUP_TITLE = QT_TRANSLATE_NOOP("kiosk", "② Your health check-up results")
CONSENT_CHECKUP_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May we give this clinic's doctors the results of your metabolic check-ups (ages 40–74) "
    "and check-ups for older people (75 and over)? They are used for your care and your "
    "health.",
)
CONSENT_DIAGNOSIS_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your diagnoses")
CONSENT_DIAGNOSIS_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May we give this clinic's doctors the diagnoses made at other clinics? They are used "
    "only for your care.",
)
CONSENT_OPERATION_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your past operations")
CONSENT_OPERATION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May we give this clinic's doctors the records of operations you had at other hospitals? "
    "They are used only for your care.",
)
CONSENT_COMBINED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Sharing your medical information")
CONSENT_COMBINED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May we give this clinic's doctors the records of your past treatment, medicines, health "
    "check-ups and operations? They are used only for your care. Your high-cost medical "
    "expense limit goes to the payment counter, so you pay no more than your limit.",
)
SAVING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Saving your answers…")

# --- the 2025 items after the consents (each a clinic option) -----------------------------
PRESCRIPTION_TITLE = QT_TRANSLATE_NOOP("kiosk", "How do you want to receive your prescription?")
PRESCRIPTION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "With an electronic prescription the pharmacy receives it electronically; you do not "
    "carry paper. Either way you get the same medicine.",
)
PRESCRIPTION_ELECTRONIC = QT_TRANSLATE_NOOP("kiosk", "Electronic prescription")
PRESCRIPTION_PAPER = QT_TRANSLATE_NOOP("kiosk", "Paper prescription")
SUBSIDY_TITLE = QT_TRANSLATE_NOOP(
    "kiosk", "Do you want to use your medical expense subsidy certificates?"
)
SUBSIDY_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "For example a certificate for children's or single parents' medical expenses from your "
    "city. If you use one, the clinic receives it with your insurance.",
)
USE = QT_TRANSLATE_NOOP("kiosk", "Use")
NOT_USE = QT_TRANSLATE_NOOP("kiosk", "Do not use")

# --- the end ------------------------------------------------------------------------------
DONE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Do you want to provide your limit information?")
DONE_LIMIT = QT_TRANSLATE_NOOP(
    "kiosk",
    "If you use the high-cost medical expense system, press Provide before you take your "
    "card. Then you pay no more than your limit at the counter.",
)
DONE_THEN = QT_TRANSLATE_NOOP("kiosk", "After you answer, please take your card.")
DONE_LIMIT_PHONE = QT_TRANSLATE_NOOP(
    "kiosk",
    "If you use the high-cost medical expense system, press Provide. Then you pay no more than "
    "your limit at the counter.",
)
FINISHED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Please take your card from the card reader")
FINISHED_BODY = QT_TRANSLATE_NOOP("kiosk", "Your reception is complete.")
FINISHED_LIMIT = QT_TRANSLATE_NOOP("kiosk", "Your limit information was provided.")
FINISHED_STAFF = QT_TRANSLATE_NOOP(
    "kiosk", "Some answers could not be sent. Please tell the reception desk."
)
CLOSING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Thank you")
CLOSING_BODY = QT_TRANSLATE_NOOP("kiosk", "Please wait until you are called.")
CLOSING_STAFF = QT_TRANSLATE_NOOP("kiosk", "Please go to the reception desk.")
CLOSING_CARD = QT_TRANSLATE_NOOP("kiosk", "Don't forget your card!")
CARD_REMOVED_TITLE = QT_TRANSLATE_NOOP("kiosk", "The card was taken off the reader")
CARD_REMOVED_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The reception has stopped. To start again, place your card on the reader again."
)
CONFIRM_CANCEL_TITLE = QT_TRANSLATE_NOOP("kiosk", "Do you want to stop the reception?")
CONFIRM_CANCEL_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "If you stop, you will need to start again from the beginning."
)
INELIGIBLE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your health insurance could not be confirmed")
INELIGIBLE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please take your card and go to the reception desk with your Certificate of Eligibility "
    "or your Eligibility Information Notice.",
)
CERT_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your card's electronic certificate cannot be used")
CERT_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "It has expired or was cancelled. Please take your card to the reception desk. Your city "
    "office can renew it.",
)
SERVICE_DOWN_TITLE = QT_TRANSLATE_NOOP("kiosk", "The insurance check cannot be done right now")
SERVICE_DOWN_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Your reception is saved and will be checked later. Please take your card and go to the "
    "reception desk.",
)
# One camera for both: the card was lifted to show its front (kiosk.flow.lift).
CARD_RETURN_TITLE = QT_TRANSLATE_NOOP("kiosk", "Please place your card on the reader again")
CARD_RETURN_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The front of the card has been read. Place the same card on the reader."
)
# The card's certificate, 3 months either side of its expiry (kiosk.flow.certificate).
DATE_FORMAT = QT_TRANSLATE_NOOP("kiosk", "{year}-{month:02d}-{day:02d}")
CERT_EXPIRING_NOTE = QT_TRANSLATE_NOOP(
    "kiosk", "Your card's certificate expires on {date}. Please renew it at your city office."
)
CERT_GRACE_NOTE = QT_TRANSLATE_NOOP(
    "kiosk",
    "Your card's certificate expired on {date}. Until {until} it still works as your insurance"
    " card, but no medical or medication data can be shared. Renew it at your city office.",
)
CARD_RETURN_UNREAD_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The front of the card could not be read. Place the same card on the reader."
)
DIFFERENT_CARD_TITLE = QT_TRANSLATE_NOOP("kiosk", "This is not the card you showed")
DIFFERENT_CARD_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "The reception has stopped. A staff member has been called. Please take this card and wait.",
)
CARD_ERROR_TITLE = QT_TRANSLATE_NOOP("kiosk", "This card cannot be read")
CARD_ERROR_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please take the card and place it again, face up. If it still cannot be read, please go "
    "to the reception desk.",
)
NOT_MYNACARD_TITLE = QT_TRANSLATE_NOOP("kiosk", "This is not a My Number Card")
NOT_MYNACARD_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please take this card and place your My Number Card instead. If you do not have one, "
    "please go to the reception desk.",
)
JUKI_CARD_TITLE = QT_TRANSLATE_NOOP(
    "kiosk", "A Basic Resident Register Card cannot be used as a health insurance card"
)
ENDED_TITLE = QT_TRANSLATE_NOOP("kiosk", "The reception has ended")
ENDED_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Please take your card. If you need help, please go to the reception desk."
)
ENDED_TIMEOUT = QT_TRANSLATE_NOOP("kiosk", "There was no answer for a while.")
ENDED_CANCELLED = QT_TRANSLATE_NOOP("kiosk", "You stopped the reception.")
ENDED_REJECTED = QT_TRANSLATE_NOOP("kiosk", "The staff member could not confirm that this is you.")
ENDED_DECLINED = QT_TRANSLATE_NOOP(
    "kiosk", "Without registration, the card cannot be used as a health insurance card today."
)
ENDED_DEVICE = QT_TRANSLATE_NOOP("kiosk", "The card reader did not answer.")
ENDED_REFUSED = QT_TRANSLATE_NOOP("kiosk", "The insurance check was refused.")
TIMEOUT_TITLE = QT_TRANSLATE_NOOP("kiosk", "Do you want to continue?")
TIMEOUT_BODY = QT_TRANSLATE_NOOP("kiosk", "If there is no answer, the reception ends in {n} s.")

# --- the smartphone (issue 17) -------------------------------------------------------------
# Brand names, the same in every language (not in the catalogue).
PHONE_KIND_NAMES = {"iphone": "iPhone", "android": "Android"}
USE_PHONE = QT_TRANSLATE_NOOP("kiosk", "Use a smartphone")
USE_CARD = QT_TRANSLATE_NOOP("kiosk", "Use my card instead")
PHONE_KIND_TITLE = QT_TRANSLATE_NOOP("kiosk", "Which smartphone do you have?")
PHONE_KIND_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "For a smartphone with the My Number Card's certificate set up on it. On your first visit, "
    "please also bring your My Number Card.",
)
PHONE_PIN_TITLE = QT_TRANSLATE_NOOP("kiosk", "Smartphone PIN (4 digits)")
PHONE_PIN_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The PIN of the certificate on your smartphone, not your card's PIN."
)
PHONE_IS_ANDROID = QT_TRANSLATE_NOOP(
    "kiosk", "Your smartphone is an Android: please enter its PIN."
)
PHONE_LAST_TRY = QT_TRANSLATE_NOOP("kiosk", "If it is wrong once more, it will be locked.")
PHONE_REMOVED_PIN = QT_TRANSLATE_NOOP(
    "kiosk", "The smartphone moved away during the check. Please enter the PIN again."
)
PHONE_HOLD_TITLE = QT_TRANSLATE_NOOP("kiosk", "Hold your smartphone over the reader")
PHONE_HOLD_IPHONE_TITLE = QT_TRANSLATE_NOOP(
    "kiosk", "Confirm on your iPhone, then hold it over the reader"
)
PHONE_HOLD_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Hold it still until the screen changes. This takes 1 to 2 seconds."
)
PHONE_HOLD_IPHONE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Use Face ID or Touch ID on your iPhone. Then hold it still until the screen changes (1 to 2"
    " seconds).",
)
PHONE_REMOVED = QT_TRANSLATE_NOOP(
    "kiosk", "The smartphone moved away. Nothing is lost: please hold it again."
)
PHONE_NOT_A_PHONE = QT_TRANSLATE_NOOP(
    "kiosk",
    "This could not be read as a smartphone with the certificate. Please hold your smartphone, "
    "or use your card.",
)
PHONE_UNREADABLE = QT_TRANSLATE_NOOP(
    "kiosk", "The smartphone could not be read. Please hold it over the reader again."
)
PHONE_READING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Reading your smartphone… Keep holding it")
PHONE_READING_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Do not move your smartphone until the screen changes."
)
PHONE_DECLINED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your iPhone did not confirm that it is you")
PHONE_DECLINED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Face ID or Touch ID was cancelled or did not succeed. You can try again on your iPhone, "
    "use your card, or call a staff member.",
)
PHONE_LOCKED_TITLE = QT_TRANSLATE_NOOP("kiosk", "The PIN of your smartphone is locked")
PHONE_LOCKED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "The PIN of the certificate on your smartphone cannot be used now. Your card has its own "
    "PIN and still works: today, please use your My Number Card.",
)
PHONE_CERT_TITLE = QT_TRANSLATE_NOOP("kiosk", "The certificate on your smartphone cannot be used")
PHONE_CERT_EXPIRED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "It has expired. A smartphone's certificate cannot be used after its expiry date, and it "
    "is renewed on its own, apart from the card. Today, please use your My Number Card.",
)
PHONE_CERT_REVOKED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "It was cancelled. Please set up the certificate on your smartphone again. Today, please "
    "use your My Number Card.",
)
PHONE_NOT_REGISTERED = QT_TRANSLATE_NOOP(
    "kiosk",
    "Your My Number Card is not yet registered as a health insurance card. You can register it "
    "here with the card: place the card on the card reader.",
)
PHONE_NO_READER = QT_TRANSLATE_NOOP(
    "kiosk", "The smartphone reader is not working. Please use your My Number Card."
)
PHONE_FINISHED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Please take your smartphone")
PHONE_TAKE_REMINDER = QT_TRANSLATE_NOOP("kiosk", "Please take your smartphone from the reader.")
PHONE_CLOSING = QT_TRANSLATE_NOOP("kiosk", "Don't forget your smartphone!")
PHONE_ENDED_BODY = QT_TRANSLATE_NOOP("kiosk", "If you need help, please go to the reception desk.")
PHONE_INELIGIBLE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please go to the reception desk with your Certificate of Eligibility or your Eligibility "
    "Information Notice.",
)
PHONE_SERVICE_DOWN_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Your reception is saved and will be checked later. Please go to the reception desk.",
)
PHONE_ON_CARD_READER_TITLE = QT_TRANSLATE_NOOP("kiosk", "This is a smartphone")
PHONE_ON_CARD_READER_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please take it off the card reader. To use a smartphone, tap Use a smartphone on the first "
    "screen and follow the steps. If the first screen has no such button, please use your My "
    "Number Card.",
)
OTHER_DEVICE_CARD = QT_TRANSLATE_NOOP(
    "kiosk",
    "This reception uses your smartphone. Please take your card off the card reader.",
)
OTHER_DEVICE_PHONE = QT_TRANSLATE_NOOP(
    "kiosk",
    "This reception uses your card. Please take your smartphone away from the reader.",
)

# --- face coaching (kiosk.face.hints.Hint values) ------------------------------------------
HINTS = {
    "no_face": QT_TRANSLATE_NOOP("kiosk", "Your face is not in view."),
    "several_faces": QT_TRANSLATE_NOOP("kiosk", "Only one person, please."),
    "too_far": QT_TRANSLATE_NOOP("kiosk", "Come a little closer."),
    "too_close": QT_TRANSLATE_NOOP("kiosk", "Move back a little."),
    "too_dark": QT_TRANSLATE_NOOP("kiosk", "It is too dark."),
    "too_bright": QT_TRANSLATE_NOOP("kiosk", "There is too much light behind you."),
    "look_at_camera": QT_TRANSLATE_NOOP("kiosk", "Look straight at the camera."),
    "mask_suspected": QT_TRANSLATE_NOOP("kiosk", "Please take off your mask, or use your PIN."),
    "blink": QT_TRANSLATE_NOOP("kiosk", "Please blink."),
    "turn_left": QT_TRANSLATE_NOOP("kiosk", "Turn your head a little to your left."),
    "turn_right": QT_TRANSLATE_NOOP("kiosk", "Turn your head a little to your right."),
    "hold_still": QT_TRANSLATE_NOOP("kiosk", "Hold still…"),
    # A seated patient under a camera mounted above seated eye height (camera.mount_height_cm).
    "seated_look_up": QT_TRANSLATE_NOOP(
        "kiosk", "You can stay seated. Raise your face a little towards the camera."
    ),
    # The card-front reader's (kiosk.card.front.GLARE): a lamp's reflection over a printed field.
    "card_glare": QT_TRANSLATE_NOOP(
        "kiosk", "Light is reflecting on the card. Please tilt or move the card a little."
    ),
    # On the card-front tray the card lies on the reader: it must stay there (no tilting).
    "card_glare_tray": QT_TRANSLATE_NOOP(
        "kiosk",
        "Light is reflecting on the card. Keep the card on the reader and slide it a little.",
    ),
    # One camera for both (card_front.source = "face-camera"): the front first, then the face.
    "show_card_front": QT_TRANSLATE_NOOP(
        "kiosk", "Take the card off the reader and hold its front up to the camera."
    ),
}
CARD_FRONT_HINTS = frozenset({"card_glare", "card_glare_tray", "show_card_front"})
