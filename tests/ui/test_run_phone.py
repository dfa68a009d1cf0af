"""The smartphone reception through the real entry point: `kiosk run` (its own offscreen process)
with the virtual card on vpcd's first reader and the virtual phone on its second (or on the same
one: one reader for both), the mock service's process with its separate phone CA. The patient's
taps come through the test control; the phone is held and taken away as a process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.records.store import open_store
from kiosk.sim.card import Counter, reset_card
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.phone import PhoneCounters, reset_phone, set_approval
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from tests.recent import recent_receptions

from .test_staff_calls import HANAKO, Process, Taps, world  # noqa: F401  (the shared fixture)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

ICHIRO = get_persona("suzuki_ichiro")  # iPhone, approves
YUMI = get_persona("tanaka_yumi")  # Android, one phone-PIN try left
MAKOTO = get_persona("yoshida_makoto")  # Android, phone certificate expired (card valid)
AIKO = get_persona("watanabe_aiko")  # iPhone, declines on the phone


def _config(tmp_path: Path, stack: VirtualReaderStack, service: str, phone_reader: str) -> Path:
    db = _db(tmp_path)
    path = tmp_path / "kiosk.toml"
    path.write_text(f"""
[database]
url = "{db.url}"
journal_dir = "{db.journal_dir}"
[ui]
voice = false
test_control = "file:{tmp_path / "kiosk.taps"}"
{service}
[card]
reader = '{stack.reader_pattern}'
[phone]
reader = '{phone_reader}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
""", encoding="utf-8")  # fmt: skip
    return path


def _db(tmp_path: Path) -> DatabaseConfig:
    return DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                          journal_dir=str(tmp_path / "journal"))  # fmt: skip


@contextmanager
def _kiosk(tmp_path: Path, stack: VirtualReaderStack, service: str,
           phone_reader: str | None = None) -> Iterator[tuple[Process, Taps]]:  # fmt: skip
    config = _config(tmp_path, stack, service, phone_reader or stack.phone_reader_pattern)
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        kiosk.wait_for("smartphone reader available")
        yield kiosk, taps
    finally:
        stack.remove_phone()
        stack.remove()
        kiosk.stop()


def _records(tmp_path: Path) -> list:  # type: ignore[type-arg]
    store = open_store(_db(tmp_path))
    try:
        return recent_receptions(store)
    finally:
        store.close()


def _phone_tries(persona: Persona, stack: VirtualReaderStack) -> int:
    return PhoneCounters(persona, stack.state_dir).load()[Counter.PHONE_PIN]


def _pin(taps: Taps, digits: str) -> None:
    taps(*[f"click key_{d}" for d in digits], "click ok")


def _consents_to_the_end(kiosk: Process, taps: Taps, stack: VirtualReaderStack, at: int) -> None:
    kiosk.wait_for(r"-> consent_medication", at)
    while True:  # as many consent screens as the patient's age brings
        mark = kiosk.mark()
        taps("click agree")
        then = kiosk.wait_for(r"consent_\w+ -> (\w+) \(ConsentAnswered", mark).group(1)
        if not then.startswith("consent_"):
            break
    kiosk.wait_for(r"-> done", at)
    taps("click provide")
    kiosk.wait_for(r"-> finished", at)
    stack.remove_phone()  # スマートフォンをお取りください
    kiosk.wait_for(r"finished -> closing \(PhoneRemoved", at)
    kiosk.wait_for(r"closing -> idle", at)


def test_android_pin_ok_wrong_locked_pulled_mid_read_and_an_expired_certificate(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service = world
    for persona in (HANAKO, YUMI, MAKOTO):
        reset_phone(persona, stack.state_dir)
    with _kiosk(tmp_path, stack, service) as (kiosk, taps):
        # 1. A wrong PIN, then the right one (the phone stays held): a complete reception.
        taps("click phone")
        kiosk.wait_for(r"idle -> phone_kind \(PhoneChosen")
        taps("click android")
        kiosk.wait_for(r"-> phone_pin_entry")
        _pin(taps, "1111")
        kiosk.wait_for(r"phone_pin_entry -> phone_hold \(PinSubmitted")
        stack.place_phone(HANAKO.id)
        kiosk.wait_for(r"phone_hold -> phone_reading \(PhoneArrived")
        kiosk.wait_for(r"phone_reading -> phone_pin_entry \(PhonePinChecked: wrong phone PIN, 2")
        assert _phone_tries(HANAKO, stack) == 2
        at = kiosk.mark()
        _pin(taps, "4321")
        kiosk.wait_for(r"phone_pin_entry -> phone_reading \(PinSubmitted", at)
        kiosk.wait_for(r"phone_reading -> querying \(PhoneRead: .*phonepin", at)
        _consents_to_the_end(kiosk, taps, stack, at)
        assert _phone_tries(HANAKO, stack) == 3  # a correct PIN resets the phone's counter

        # 2. Pulled away mid-read (before VERIFY): told, held again, nothing typed again.
        at = kiosk.mark()
        taps("click phone", "click android")
        kiosk.wait_for(r"-> phone_pin_entry", at)
        _pin(taps, "4321")
        kiosk.wait_for(r"-> phone_hold", at)
        stack.place_phone(HANAKO.id, pull_after=3)
        kiosk.wait_for(r"phone_reading -> phone_hold \(Phone(Removed|Failed)", at)
        assert _phone_tries(HANAKO, stack) == 3  # no try burnt
        stack.place_phone(HANAKO.id)
        kiosk.wait_for(r"phone_hold -> phone_reading \(PhoneArrived", at)
        kiosk.wait_for(r"phone_reading -> querying", at)
        _consents_to_the_end(kiosk, taps, stack, at)

        # 3. One try left: said before anything is sent; the locking try; then the card.
        at = kiosk.mark()
        taps("click phone", "click android")
        kiosk.wait_for(r"-> phone_pin_entry", at)
        _pin(taps, "0000")
        kiosk.wait_for(r"-> phone_hold", at)
        stack.place_phone(YUMI.id)
        kiosk.wait_for(r"phone_reading -> phone_pin_entry \(PhoneTriesRead: one try left", at)
        assert _phone_tries(YUMI, stack) == 1  # nothing was sent
        _pin(taps, "0000")
        kiosk.wait_for(r"phone_reading -> phone_pin_locked \(PhonePinChecked", at)
        assert _phone_tries(YUMI, stack) == 0
        stack.remove_phone()
        taps("click use_card")
        kiosk.wait_for(r"phone_pin_locked -> idle \(UseCard", at)

        # 4. An expired phone certificate: its own screen, no grace.
        at = kiosk.mark()
        taps("click phone", "click android")
        kiosk.wait_for(r"-> phone_pin_entry", at)
        _pin(taps, "8642")
        kiosk.wait_for(r"-> phone_hold", at)
        stack.place_phone(MAKOTO.id)
        kiosk.wait_for(r"querying -> cert_error \(EligibilityFailed: certificate: cert_expired", at)
        stack.remove_phone()
        kiosk.wait_for(r"cert_error -> closing \(PhoneRemoved", at)
        kiosk.wait_for(r"closing -> idle", at)
    records = sorted(_records(tmp_path), key=lambda r: r.started_at)
    outcomes = [(r.method, r.outcome, r.end_code) for r in records]
    pin, gone = VerificationMethod.PHONE_PIN, ReceptionOutcome.ABANDONED
    assert outcomes == [
        (pin, ReceptionOutcome.COMPLETE, None),
        (pin, ReceptionOutcome.COMPLETE, None),
        (None, gone, "use_card"),
        (pin, gone, "cert_expired"),
    ]
    log = "".join(kiosk.lines)
    assert "4321" not in log and "8642" not in log  # no PIN in the log


def test_iphone_ok_and_declined_on_the_phone_then_confirmed(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service = world
    for persona in (ICHIRO, AIKO):
        reset_phone(persona, stack.state_dir)
    with _kiosk(tmp_path, stack, service) as (kiosk, taps):
        taps("click phone")
        kiosk.wait_for(r"-> phone_kind")
        taps("click iphone")
        kiosk.wait_for(r"phone_kind -> phone_hold \(PhoneKindChosen")
        stack.place_phone(ICHIRO.id)
        kiosk.wait_for(r"phone_reading -> querying \(PhoneRead: .*phonebio")
        _consents_to_the_end(kiosk, taps, stack, 0)

        at = kiosk.mark()
        taps("click phone", "click iphone")
        kiosk.wait_for(r"-> phone_hold", at)
        stack.place_phone(AIKO.id)
        kiosk.wait_for(r"phone_reading -> phone_declined \(PhoneFailed: declined", at)
        set_approval(AIKO, stack.state_dir, "approve")  # the holder tries again on the phone
        taps("click retry")
        kiosk.wait_for(r"phone_declined -> phone_reading \(RetryPhone", at)
        kiosk.wait_for(r"phone_reading -> querying", at)
        _consents_to_the_end(kiosk, taps, stack, at)

        # The kiosk closes (SIGTERM) while a patient waits to hold the phone: recorded.
        at = kiosk.mark()
        taps("click phone", "click iphone")
        kiosk.wait_for(r"-> phone_hold", at)
    records = sorted(_records(tmp_path), key=lambda r: r.started_at)
    bio, done = VerificationMethod.PHONE_BIOMETRIC, ReceptionOutcome.COMPLETE
    assert [(r.method, r.outcome, r.end_code) for r in records] == [
        (bio, done, None),
        (bio, done, None),
        (None, ReceptionOutcome.ABANDONED, "kiosk_stopped"),
    ]


def test_a_phone_and_a_card_at_once_the_first_one_wins(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service = world
    reset_phone(ICHIRO, stack.state_dir)
    reset_card(HANAKO, stack.state_dir)
    with _kiosk(tmp_path, stack, service) as (kiosk, taps):
        # The card first: a phone held meanwhile is told to wait; the card's reception goes on.
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        stack.place_phone(ICHIRO.id)
        kiosk.wait_for(r"a phone was held during a card reception: told to wait")
        taps("click pin")
        kiosk.wait_for(r"-> pin_entry")
        _pin(taps, HANAKO.card.pin)
        kiosk.wait_for(r"pin_verifying -> querying")
        kiosk.wait_for(r"-> consent_medication")
        stack.remove_phone()
        kiosk.wait_for(r"the phone was taken")
        stack.remove()
        kiosk.wait_for(r"-> card_removed")
        kiosk.wait_for(r"card_removed -> idle")

        # The phone first: a card placed once the phone is held waits, never mixes in.
        at = kiosk.mark()
        taps("click phone", "click iphone")
        kiosk.wait_for(r"-> phone_hold", at)
        set_approval(ICHIRO, stack.state_dir, "wait")  # the holder has not answered yet
        stack.place_phone(ICHIRO.id)
        kiosk.wait_for(r"phone_hold -> phone_reading", at)
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"a card was placed during a phone reception: told to wait", at)
        set_approval(ICHIRO, stack.state_dir, "approve")
        kiosk.wait_for(r"phone_reading -> querying \(PhoneRead", at)
        stack.remove()
        kiosk.wait_for(r"the card was taken; the phone reception goes on", at)
        _consents_to_the_end(kiosk, taps, stack, at)

        # Chosen, but the card comes before the phone: the card takes over.
        at = kiosk.mark()
        taps("click phone", "click iphone")
        kiosk.wait_for(r"-> phone_hold", at)
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"phone_hold -> idle \(CardInserted: a card was placed before the phone", at)
        kiosk.wait_for(r"idle -> reading \(CardInserted", at)
        kiosk.wait_for(r"-> choose_method", at)
        stack.remove()
        kiosk.wait_for(r"card_removed -> idle", at)
    records = sorted(_records(tmp_path), key=lambda r: r.started_at)
    assert [(r.method, r.end_code) for r in records] == [
        (VerificationMethod.PIN, "card_removed"),
        (VerificationMethod.PHONE_BIOMETRIC, None),
        (None, "switched_to_card"),
        (None, "card_removed"),
    ]
    phone = records[1]
    assert phone.outcome is ReceptionOutcome.COMPLETE and not phone.partial


def test_one_reader_for_both_takes_the_phone_when_it_is_asked_for(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service = world
    reset_phone(ICHIRO, stack.state_dir)
    reset_card(HANAKO, stack.state_dir)
    with _kiosk(tmp_path, stack, service, phone_reader=stack.reader_pattern) as (kiosk, taps):
        # Laid on the reader before スマートフォン was tapped: read as a card, told it is a phone.
        stack.place_phone(ICHIRO.id, slot=0)
        kiosk.wait_for(r"reading -> card_error \(CardFailed: card error: not_mynacard \(a smartph")
        stack.remove_phone()
        kiosk.wait_for(r"card_error -> closing \(CardRemoved")
        kiosk.wait_for(r"closing -> idle")
        at = kiosk.mark()
        taps("click phone", "click iphone")
        kiosk.wait_for(r"-> phone_hold", at)
        stack.place_phone(ICHIRO.id, slot=0)
        kiosk.wait_for(r"phone_hold -> phone_reading \(PhoneArrived", at)
        kiosk.wait_for(r"phone_reading -> querying", at)
        _consents_to_the_end(kiosk, taps, stack, at)

        # スマートフォン chosen, then the card placed on the one reader: taken as the phone, it
        # is not one; マイナンバーカードを使う and the card lying there starts the card's reception.
        at = kiosk.mark()
        taps("click phone", "click iphone")
        kiosk.wait_for(r"-> phone_hold", at)
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"phone_reading -> phone_hold \(PhoneFailed: phone read: not_a_phone", at)
        taps("click use_card")
        kiosk.wait_for(r"phone_hold -> idle \(UseCard", at)
        kiosk.wait_for(r"idle -> reading \(CardInserted", at)
        kiosk.wait_for(r"reading -> choose_method", at)
        stack.remove()
        kiosk.wait_for(r"card_removed -> idle", at)
    laid, record, _chose, card = sorted(_records(tmp_path), key=lambda r: r.started_at)
    assert laid.end_code == "phone_on_card_reader"
    assert record.method is VerificationMethod.PHONE_BIOMETRIC
    assert record.outcome is ReceptionOutcome.COMPLETE
    assert (_chose.end_code, card.end_code) == ("use_card", "card_removed")
