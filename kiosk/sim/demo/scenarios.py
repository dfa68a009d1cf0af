"""The demo's patient scenarios, as data shared by the headless driver and the Qt driver.

A scenario is a persona, the clinic's settings, what the camera sees, and the patient's actions.
Each action waits for the state it belongs to, then acts, the way a person reads a screen and
presses a button. The drivers turn actions into flow events (headless) or clicks (the window).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.flow.model import AFTER_STATES, State
from kiosk.ports import PhoneKind, ReceptionOutcome, VerificationMethod

FACE, PIN = VerificationMethod.FACE, VerificationMethod.PIN
DEMO_STAFF_PIN = "9876"  # the demo's staff member (a fixture, like the personas' PINs)


def reached(now: State, wanted: State) -> bool:
    """The reception is where an action waits: idle includes the closing / card-removed
    screens, where the next card is accepted at once."""
    return now is wanted or (wanted is State.IDLE and now in AFTER_STATES)


@dataclass(frozen=True)
class Action:
    at: State  # the state the patient waits for before acting


@dataclass(frozen=True)
class Insert(Action):
    at: State = State.IDLE


@dataclass(frozen=True)
class Choose(Action):
    method: VerificationMethod = PIN


@dataclass(frozen=True)
class EnterPin(Action):
    digits: str = field(default="", repr=False)
    at: State = State.PIN_ENTRY


@dataclass(frozen=True)
class Consent(Action):
    agree: bool = True


@dataclass(frozen=True)
class Limit(Action):
    provide: bool = True
    at: State = State.DONE


@dataclass(frozen=True)
class Prescription(Action):
    electronic: bool = True  # 電子処方箋, else 紙
    at: State = State.PRESCRIPTION_CHOICE


@dataclass(frozen=True)
class Subsidy(Action):
    use: bool = True  # 医療費助成の受給者証を利用する
    at: State = State.SUBSIDY_QUESTION


@dataclass(frozen=True)
class RemoveCard(Action):
    pass


@dataclass(frozen=True)
class Wait(Action):
    seconds: float = 0.0


@dataclass(frozen=True)
class CallStaff(Action):
    pass


@dataclass(frozen=True)
class StaffLogin(Action):
    pin: str = field(default=DEMO_STAFF_PIN, repr=False)
    at: State = State.STAFF_CALLED


@dataclass(frozen=True)
class StaffDecide(Action):
    approve: bool = True
    at: State = State.STAFF_COMPARE


@dataclass(frozen=True)
class Register(Action):
    accept: bool = True
    at: State = State.REGISTRATION_OFFER


@dataclass(frozen=True)
class RetryFace(Action):
    at: State = State.FACE_RETRY


@dataclass(frozen=True)
class Continue(Action):
    at: State = State.TIMEOUT_WARNING


@dataclass(frozen=True)
class Cancel(Action):
    pass


# --- the smartphone (issue 17) -------------------------------------------------------------
@dataclass(frozen=True)
class Smartphone(Action):
    """スマートフォン on the idle screen."""

    at: State = State.IDLE


@dataclass(frozen=True)
class PhoneKindChoice(Action):
    kind: PhoneKind = PhoneKind.ANDROID
    at: State = State.PHONE_KIND


@dataclass(frozen=True)
class HoldPhone(Action):
    """The persona's phone held over the NFC reader."""

    at: State = State.PHONE_HOLD


@dataclass(frozen=True)
class TakePhone(Action):
    pass


@dataclass(frozen=True)
class RetryPhone(Action):
    at: State = State.PHONE_DECLINED


@dataclass(frozen=True)
class UseCard(Action):
    pass


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    persona: str
    actions: tuple[Action, ...]
    outcome: ReceptionOutcome  # what the record must say
    last_state: State  # the state the reception ends in, before the card leaves
    camera: str = "genuine"  # the synthetic camera's variant
    config: dict[str, dict[str, Any]] = field(default_factory=dict)
    service_down: bool = False
    expect_checkup_asked: bool | None = None
    expect_limit: bool | None = None
    expect_prescription: str | None = None  # PrescriptionIssueSelect the record must hold
    expect_method: VerificationMethod | None = None  # the method the record must carry


def _take_card(state: State) -> RemoveCard:
    return RemoveCard(at=state)


C = State.CHOOSE_METHOD
MED, CHK = State.CONSENT_MEDICATION, State.CONSENT_CHECKUP

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "face-under-40",
        "Face matched, patient under 40: no health-checkup question",
        "sato_hanako",
        (Insert(), Choose(C, FACE), Consent(MED, True), Limit(provide=False),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED,
        expect_checkup_asked=False, expect_limit=False,
    ),
    Scenario(
        "face-40-plus-all-consents",
        "Face matched, patient 40+: both consents and the limit information",
        "suzuki_ichiro",
        (Insert(), Choose(C, FACE), Consent(MED, True), Consent(CHK, True), Limit(provide=True),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED,
        expect_checkup_asked=True, expect_limit=True,
    ),
    Scenario(
        "pin-after-one-wrong",
        "PIN: one wrong try, then the right PIN; card taken without limit info",
        "takahashi_kenji",
        (Insert(), Choose(C, PIN), EnterPin(digits="0000"), EnterPin(digits="4321"),
         Consent(MED, False), Consent(CHK, True), _take_card(State.DONE)),
        ReceptionOutcome.COMPLETE, State.DONE, expect_limit=False,
    ),
    Scenario(
        "pin-locked",
        "PIN: three wrong tries lock the card's PIN; the patient is sent to the office",
        "tanaka_yumi",
        (Insert(), Choose(C, PIN), EnterPin(digits="9999"), EnterPin(digits="8888"),
         EnterPin(digits="7777"), Cancel(State.PIN_LOCKED), _take_card(State.ENDED)),
        ReceptionOutcome.ABANDONED, State.ENDED,
    ),
    Scenario(
        "face-fails-then-pin",
        "The camera sees someone else: the patient switches to the PIN",
        "yoshida_makoto",
        (Insert(), Choose(C, FACE), Choose(State.FACE_RETRY, PIN), EnterPin(digits="7777"),
         Consent(MED, True), Consent(CHK, False), Limit(provide=False),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, camera="impostor:tom_hanks",
    ),
    Scenario(
        "face-fails-then-staff",
        "Face fails every try: staff authenticate and approve a visual check (目視確認)",
        "watanabe_aiko",
        (Insert(), Choose(C, FACE), RetryFace(), CallStaff(State.FACE_FAILED), StaffLogin(),
         StaffDecide(approve=True), Consent(MED, True), Limit(provide=False),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, camera="impostor:astronaut",
        config={"flow": {"face_attempts": 2}},
    ),
    Scenario(
        "not-registered",
        "Not registered for insurance use: registration on the spot, then the reception",
        "saito_jun",
        (Insert(), Choose(C, PIN), EnterPin(digits="5050"), Register(accept=True),
         Consent(MED, True), Consent(CHK, True), Limit(provide=False),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED,
    ),
    Scenario(
        "ineligible",
        "資格無効: the patient is told to see the reception desk",
        "kobayashi_mei",
        (Insert(), Choose(C, PIN), EnterPin(digits="2468"), _take_card(State.INELIGIBLE)),
        ReceptionOutcome.INELIGIBLE, State.INELIGIBLE,
    ),
    Scenario(
        "service-down",
        "The eligibility service is down: a pending reception, re-queried later",
        "hasegawa_ryo",
        (Insert(), Choose(C, PIN), EnterPin(digits="1130"), _take_card(State.SERVICE_DOWN)),
        ReceptionOutcome.PENDING, State.SERVICE_DOWN, service_down=True,
    ),
    Scenario(
        "card-removed",
        "The card is taken off the reader in the middle of the PIN entry",
        "sato_hanako",
        (Insert(), Choose(C, PIN), _take_card(State.PIN_ENTRY)),
        ReceptionOutcome.ABANDONED, State.PIN_ENTRY,
    ),
    Scenario(
        "inactivity-timeout",
        "Nobody answers: 続けますか？, then the reception is cancelled",
        "sato_hanako",
        (Insert(), Wait(C, 61.0), Wait(State.TIMEOUT_WARNING, 16.0), _take_card(State.ENDED)),
        ReceptionOutcome.ABANDONED, State.ENDED,
    ),
    Scenario(
        "combined-consent",
        "The clinic uses the 2024-10 combined consent; limit info is provided by default",
        "kimura_hiroshi",
        (Insert(), Choose(C, PIN), EnterPin(digits="1954"), Consent(State.CONSENT_COMBINED, True),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED,
        config={"flow": {"consent_mode": "combined"}}, expect_limit=True,
    ),
    Scenario(
        "prescription-and-subsidy",
        "2025 items: the patient chooses an electronic prescription and uses a 受給者証",
        "suzuki_ichiro",
        (Insert(), Choose(C, PIN), EnterPin(digits="2580"), Consent(MED, True),
         Consent(CHK, False), Prescription(electronic=True), Subsidy(use=True),
         Limit(provide=True), _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED,
        config={"flow": {"ask_prescription": True, "ask_subsidy": True}},
        expect_limit=True, expect_prescription="1",
    ),
    Scenario(
        "rare-name-paper",
        "A name with ●: kept as received, staff alerted; paper prescription, combined consent",
        "yoshizaki_sakura",
        (Insert(), Choose(C, PIN), EnterPin(digits="4112"),
         Consent(State.CONSENT_COMBINED, True), Prescription(electronic=False),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED,
        config={"flow": {"consent_mode": "combined", "ask_prescription": True}},
        expect_limit=True, expect_prescription="2",
    ),
    Scenario(
        "certificate-expired",
        "The card's user-authentication certificate has expired: renew at the city office",
        "matsumoto_go",
        (Insert(), Choose(C, PIN), EnterPin(digits="6060"), _take_card(State.CERT_ERROR)),
        ReceptionOutcome.ABANDONED, State.CERT_ERROR,
    ),
    Scenario(
        "certificate-grace",
        "The certificate expired a month ago: the 3-month grace, qualification only, no consents",
        "ogawa_minoru",
        (Insert(), Choose(C, PIN), EnterPin(digits="3210"), Limit(provide=True),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, expect_checkup_asked=False, expect_limit=True,
    ),
    Scenario(
        "certificate-expiring",
        "The certificate expires in 40 days: the renewal notice, the reception as usual",
        "nishida_emi",
        (Insert(), Choose(C, PIN), EnterPin(digits="8808"), Consent(MED, True),
         Limit(provide=False), _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, expect_checkup_asked=False, expect_limit=False,
    ),
    Scenario(
        "next-card-face",
        "Next-generation card: the 6-digit 照合番号 read from its front opens the photo; face",
        "nishimura_aoi",
        (Insert(), Choose(C, FACE), Consent(MED, True), Limit(provide=False),
         _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, expect_checkup_asked=False,
        expect_limit=False, expect_method=VerificationMethod.FACE,
    ),
    Scenario(
        "next-card-pin",
        "Next-generation card (ECDSA P-384): the PIN, one try used before; 40+: both consents",
        "morita_kei",
        (Insert(), Choose(C, PIN), EnterPin(digits="1357"), Consent(MED, True),
         Consent(CHK, True), Limit(provide=True), _take_card(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, expect_checkup_asked=True,
        expect_limit=True, expect_method=VerificationMethod.PIN,
    ),
    Scenario(
        "phone-android",
        "Smartphone, Android: the phone certificate's PIN on the kiosk, then the phone held",
        "sato_hanako",
        (Smartphone(), PhoneKindChoice(kind=PhoneKind.ANDROID),
         EnterPin(digits="4321", at=State.PHONE_PIN_ENTRY), HoldPhone(), Consent(MED, True),
         Limit(provide=False), TakePhone(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, expect_checkup_asked=False,
        expect_limit=False, expect_method=VerificationMethod.PHONE_PIN,
    ),
    Scenario(
        "phone-iphone",
        "Smartphone, iPhone: Face ID on the phone, then the phone held; 40+: both consents",
        "suzuki_ichiro",
        (Smartphone(), PhoneKindChoice(kind=PhoneKind.IPHONE), HoldPhone(), Consent(MED, True),
         Consent(CHK, True), Limit(provide=True), TakePhone(State.FINISHED)),
        ReceptionOutcome.COMPLETE, State.FINISHED, expect_checkup_asked=True,
        expect_limit=True, expect_method=VerificationMethod.PHONE_BIOMETRIC,
    ),
    Scenario(
        "phone-iphone-declined",
        "Smartphone, iPhone: the holder declines on the phone; the patient will use the card",
        "watanabe_aiko",
        (Smartphone(), PhoneKindChoice(kind=PhoneKind.IPHONE), HoldPhone(),
         TakePhone(State.PHONE_DECLINED), UseCard(State.PHONE_DECLINED)),
        ReceptionOutcome.ABANDONED, State.PHONE_DECLINED,
    ),
    Scenario(
        "phone-certificate-expired",
        "Smartphone, Android: the phone's certificate has expired (no grace; the card works)",
        "yoshida_makoto",
        (Smartphone(), PhoneKindChoice(kind=PhoneKind.ANDROID),
         EnterPin(digits="8642", at=State.PHONE_PIN_ENTRY), HoldPhone(),
         TakePhone(State.CERT_ERROR)),
        ReceptionOutcome.ABANDONED, State.CERT_ERROR,
    ),
    Scenario(
        "not-a-mynacard",
        "An old 住基カード is placed: not a My Number Card",
        "juki_card",
        (Insert(), _take_card(State.CARD_ERROR)),
        ReceptionOutcome.ABANDONED, State.CARD_ERROR,
    ),
)  # fmt: skip


def scenario(name: str) -> Scenario:
    for s in SCENARIOS:
        if s.name == name:
            return s
    raise KeyError(f"no scenario {name!r}; `kiosk demo --list` names them")
