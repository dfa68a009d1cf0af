"""Every word the kiosk shows, in English source form; Japanese comes from assets/i18n/kiosk_ja.ts.

The strings are marked with QT_TRANSLATE_NOOP so `pyside6-lupdate kiosk/ui/texts.py -ts
assets/i18n/kiosk_ja.ts` finds them; screens translate them when they are shown, so a language
switch only re-reads this catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # PySide6's stub says object; it returns the source string unchanged

    def QT_TRANSLATE_NOOP(context: str, source: str) -> str: ...

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "kiosk"


def tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


# --- always on screen --------------------------------------------------------------------
LARGE_TEXT = QT_TRANSLATE_NOOP("kiosk", "Large text")
NORMAL_TEXT = QT_TRANSLATE_NOOP("kiosk", "Normal text")
CALL_STAFF = QT_TRANSLATE_NOOP("kiosk", "Call staff")
CANCEL = QT_TRANSLATE_NOOP("kiosk", "Cancel")
TAKE_CARD_REMINDER = QT_TRANSLATE_NOOP("kiosk", "Please take your card from the reader.")

# --- buttons -----------------------------------------------------------------------------
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
APPROVE = QT_TRANSLATE_NOOP("kiosk", "Same person: approve")
REJECT = QT_TRANSLATE_NOOP("kiosk", "Not the same person")
STAFF_EXIT = QT_TRANSLATE_NOOP("kiosk", "Close the kiosk")

# --- idle and reading --------------------------------------------------------------------
IDLE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Please place your My Number Card on the reader")
OUT_OF_SERVICE_TITLE = QT_TRANSLATE_NOOP("kiosk", "This reception kiosk cannot be used now")
OUT_OF_SERVICE_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The card reader is not working. Please ask the staff at the reception desk."
)
IDLE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Place the card face up on the reader. Leave it there until the screen tells you to take it.",
)
WAIT_BODY = QT_TRANSLATE_NOOP("kiosk", "Please wait. Do not take the card off the reader.")
READING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Reading your card…")

# --- verification ------------------------------------------------------------------------
CHOOSE_TITLE = QT_TRANSLATE_NOOP("kiosk", "How do you want to confirm that this is you?")
CHOOSE_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Face recognition compares your face with the photo in the card's chip."
)
NO_CAMERA_NOTE = QT_TRANSLATE_NOOP(
    "kiosk", "Face recognition is not available right now. Please use your PIN."
)
FACE_PREPARING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Getting ready for face recognition…")
FACE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Look at the camera")
FACE_BODY = QT_TRANSLATE_NOOP("kiosk", "Put your face inside the oval and take off your mask.")
TIME_LEFT = QT_TRANSLATE_NOOP("kiosk", "Time left: {n} s")
FACE_RETRY_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your face could not be confirmed")
FACE_RETRY_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "You can try again, use your PIN, or ask a staff member to check your card."
)
FACE_FAILED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Face recognition cannot be used")
FACE_FAILED_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Please use your PIN, or ask a staff member to check your card."
)
FACE_CAMERA_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The camera is not working. Please use your PIN, or call a staff member."
)
FACE_PHOTO_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "The photo in the card could not be read. Please use your PIN, or call a staff member."
)
FACE_FRONT_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "The front of the card could not be read. Please use your PIN, or call a staff member.",
)
FACE_GUARD_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Face recognition cannot be used with this card now. Please use your PIN, or call a staff "
    "member.",
)
PIN_CHECKING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking your card…")
PIN_TITLE = QT_TRANSLATE_NOOP("kiosk", "Enter your 4-digit PIN")
PIN_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "This is the user-certificate PIN you chose when you received the card."
)
TRIES_LEFT = QT_TRANSLATE_NOOP("kiosk", "Tries left: {n}")
WRONG_PIN = QT_TRANSLATE_NOOP("kiosk", "The PIN was not correct.")
LAST_TRY = QT_TRANSLATE_NOOP("kiosk", "One more wrong PIN will lock it.")
PIN_FORMAT = QT_TRANSLATE_NOOP("kiosk", "The PIN is 4 digits. Please enter it again.")
PIN_VERIFYING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking your PIN…")
PIN_LOCKED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your PIN is locked")
PIN_LOCKED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "The PIN was entered wrongly 3 times, so the card locked it. Only your city office can "
    "unlock it. Today you can use face recognition or ask a staff member.",
)

# --- staff -------------------------------------------------------------------------------
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
DESK_DECIDES = QT_TRANSLATE_NOOP("kiosk", "The staff member decides at the reception desk.")
SEX_MALE = QT_TRANSLATE_NOOP("kiosk", "male")
SEX_FEMALE = QT_TRANSLATE_NOOP("kiosk", "female")
SEX_OTHER = QT_TRANSLATE_NOOP("kiosk", "sex not stated")

# --- eligibility -------------------------------------------------------------------------
QUERYING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Checking your health insurance…")
REGISTRATION_TITLE = QT_TRANSLATE_NOOP(
    "kiosk", "Your card is not yet registered for use as a health insurance card"
)
REGISTRATION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "You can register now. It takes a few seconds, and after that the card works as your "
    "health insurance card at any clinic or pharmacy.",
)
REGISTERING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Registering your card…")

# --- consents ----------------------------------------------------------------------------
CONSENT_MEDICATION_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your past treatment and medicines")
CONSENT_MEDICATION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May this clinic's doctors see the treatment and medicines you received at other clinics "
    "and pharmacies? It is used only here, only for today's care. You can say no; your "
    "treatment will not change.",
)
CONSENT_CHECKUP_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your health check-up results")
CONSENT_CHECKUP_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May this clinic's doctors see the results of your specific health check-ups (for people "
    "aged 40 and over)? It is used only here, only for today's care.",
)
CONSENT_DIAGNOSIS_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your diagnoses")
CONSENT_DIAGNOSIS_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May this clinic's doctors see the diagnoses other clinics made? It is used only here, "
    "only for today's care.",
)
CONSENT_OPERATION_TITLE = QT_TRANSLATE_NOOP("kiosk", "Your past operations")
CONSENT_OPERATION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May this clinic's doctors see the operations you had at other hospitals? It is used only "
    "here, only for today's care.",
)
CONSENT_COMBINED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Sharing your health information")
CONSENT_COMBINED_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "May this clinic's doctors see your past treatment, medicines, health check-ups and "
    "operations, and your high-cost medical expense limit? It is used only here, only for "
    "today's care.",
)
SAVING_TITLE = QT_TRANSLATE_NOOP("kiosk", "Saving your answers…")

# --- the 2025 items after the consents (each a clinic option) -------------------------------
PRESCRIPTION_TITLE = QT_TRANSLATE_NOOP("kiosk", "How do you want to receive your prescription?")
PRESCRIPTION_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "With an electronic prescription the pharmacy receives it electronically; you do not carry "
    "paper. Either way you get the same medicine.",
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

# --- the end -----------------------------------------------------------------------------
DONE_TITLE = QT_TRANSLATE_NOOP("kiosk", "Reception is complete")
DONE_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please take your card. If you use the high-cost medical expense system, press Provide "
    "before you take the card.",
)
DONE_LIMIT = QT_TRANSLATE_NOOP(
    "kiosk",
    "High-cost medical expense system: when your limit information is provided, you pay only "
    "up to your monthly limit at the counter.",
)
FINISHED_TITLE = QT_TRANSLATE_NOOP("kiosk", "Thank you. Please take your card.")
FINISHED_BODY = QT_TRANSLATE_NOOP("kiosk", "Please wait to be called.")
FINISHED_LIMIT = QT_TRANSLATE_NOOP("kiosk", "Your limit information was provided.")
FINISHED_STAFF = QT_TRANSLATE_NOOP(
    "kiosk", "Some answers could not be sent. Please tell the reception desk."
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
    "It has expired or was revoked. Please take your card to the reception desk today and "
    "renew the certificate at your city office.",
)
SERVICE_DOWN_TITLE = QT_TRANSLATE_NOOP("kiosk", "The insurance check is not available right now")
SERVICE_DOWN_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Your reception is saved and will be checked later. Please take your card and show your "
    "Eligibility Information Notice or Certificate of Eligibility at the reception desk.",
)
CARD_ERROR_TITLE = QT_TRANSLATE_NOOP("kiosk", "This card cannot be read")
CARD_ERROR_BODY = QT_TRANSLATE_NOOP(
    "kiosk",
    "Please take the card and check that it is your My Number Card, face up. If it still does "
    "not work, go to the reception desk.",
)
NOT_MYNACARD_TITLE = QT_TRANSLATE_NOOP("kiosk", "This is not a My Number Card")
ENDED_TITLE = QT_TRANSLATE_NOOP("kiosk", "The reception has ended")
ENDED_BODY = QT_TRANSLATE_NOOP(
    "kiosk", "Please take your card. If you need help, go to the reception desk."
)
ENDED_TIMEOUT = QT_TRANSLATE_NOOP("kiosk", "There was no answer for a while.")
ENDED_REJECTED = QT_TRANSLATE_NOOP("kiosk", "The staff member could not confirm that this is you.")
ENDED_DECLINED = QT_TRANSLATE_NOOP("kiosk", "Without registration the card cannot be used today.")
ENDED_DEVICE = QT_TRANSLATE_NOOP("kiosk", "The card reader did not answer.")
ENDED_REFUSED = QT_TRANSLATE_NOOP("kiosk", "The insurance service refused the check.")
TIMEOUT_TITLE = QT_TRANSLATE_NOOP("kiosk", "Do you want to continue?")
TIMEOUT_BODY = QT_TRANSLATE_NOOP("kiosk", "Otherwise the reception ends in {n} s.")

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
}
