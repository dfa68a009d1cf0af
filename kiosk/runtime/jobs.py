"""What the runtime and its drivers share: the devices a kiosk runs with, the lanes its workers
run on, a job (a slow effect to run on a worker) and the answer a worker gives back, the data one
reception owns, the hooks the screen and the transcript listen on, and the flow's settings from
the configuration."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from kiosk.config import Config
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import FlowSettings, Model
from kiosk.flow.session import Session
from kiosk.ports import (
    CardError,
    CardErrorKind,
    CardFrontSource,
    CardReader,
    CardSession,
    ConsentReceipt,
    EligibilityErrorKind,
    EligibilityPort,
    FaceBox,
    FaceOutcome,
    FaceVerifier,
    PhoneErrorKind,
    PhoneReader,
    ReceptionRecord,
    ReceptionStore,
    ResultFileWriter,
    StaffAlerts,
    Transition,
)

log = logging.getLogger("kiosk.runtime")


@runtime_checkable
class SaveHealth(Protocol):
    """A store that can tell whether anything can be saved now (the records store)."""

    def can_save(self) -> bool: ...


def settings_from(config: Config) -> FlowSettings:
    t = config.timeouts
    return FlowSettings(
        consent_mode=config.flow.consent_mode,
        ask_diagnosis=config.flow.ask_diagnosis,
        ask_operation=config.flow.ask_operation,
        ask_prescription=config.flow.ask_prescription,
        ask_subsidy=config.flow.ask_subsidy,
        face_attempts=config.flow.face_attempts,
        inactivity_s=t.inactivity,
        warning_s=t.warning,
        face_budget_s=t.face_budget,
        card_left_reminder_s=t.card_left_reminder,
        card_left_alert_at=t.card_left_alert_at,
        card_left_reminders=t.card_left_reminders,
        watchdog_s=t.watchdog,
        phone_prompt_s=t.phone_prompt,
    )


@dataclass
class Devices:
    """The adapters one kiosk runs with. ``card_front`` may change per card (virtual cards)."""

    reader: CardReader
    eligibility: EligibilityPort
    store: ReceptionStore
    face: FaceVerifier | None = None
    card_front: CardFrontSource | None = None
    results: ResultFileWriter | None = None  # the clinic's result files, after each record
    alerts: StaffAlerts | None = None  # the desks' alerts; the RecordStore in `kiosk run`
    phone: PhoneReader | None = None  # the NFC reader for smartphones ([phone] reader)


class Lane(enum.Enum):
    """Which workers run a job. Drivers keep one pool per lane, so a hung service call can never
    hold up a card read, and a record write never queues behind either."""

    CARD = "card"
    FACE = "face"
    SERVICE = "service"
    RECORD = "record"
    PHONE = "phone"  # one thread: two reads never talk to the phone at once


@dataclass(eq=False)
class ReceptionData:
    """What one reception owns while it runs; a new one for every card placed."""

    reception_id: str | None = None
    session: Session = field(default_factory=Session)
    card: CardSession | None = None
    receipts: list[ConsentReceipt] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    started_at: datetime | None = None
    face_cancel: threading.Event = field(default_factory=threading.Event)
    # Set when the reception ends or a service step's watchdog fires: a running service call
    # stops retrying and a queued one does not start.
    service_cancel: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class Answer:
    """A worker's result: the flow's event and the data that comes with it. ``apply`` runs on
    the loop thread, only for the reception that asked and only if the flow took the event;
    otherwise ``release`` (on a worker) gives back what the answer holds."""

    event: ev.Event
    apply: Callable[[ReceptionData], None] | None = field(default=None, repr=False)
    release: Callable[[], None] | None = field(default=None, repr=False)


JobResult = Answer | ev.Event | None
Cancel = threading.Event


@dataclass(frozen=True)
class Job:
    """A slow effect to run on a worker; ``run()`` returns the flow's answer (or None)."""

    effect: fx.Effect
    reception_id: str | None
    run: Callable[[], JobResult] = field(repr=False, compare=False)
    lane: Lane = Lane.CARD
    owner: ReceptionData | None = field(default=None, repr=False, compare=False)


@dataclass
class Hooks:
    """What the runtime tells the screen and the transcript; each defaults to doing nothing."""

    on_transition: Callable[[Transition, Model], None] = lambda t, m: None
    on_hint: Callable[[str], None] = lambda hint: None
    on_face: Callable[[FaceBox | None], None] = lambda box: None  # the guide oval follows it
    on_remind: Callable[[], None] = lambda: None
    on_staff: Callable[[str], None] = lambda reason: None
    on_record: Callable[[ReceptionRecord], None] = lambda record: None


@dataclass(frozen=True)
class Release(fx.Effect):
    """Not the flow's: give back what a dropped answer held (a card connection)."""


def need_card(rec: ReceptionData) -> CardSession:
    if rec.card is None:
        raise CardError(CardErrorKind.REMOVED, "no card session")
    return rec.card


def close_card(card: CardSession) -> None:
    try:
        card.close()
    except CardError:
        log.debug("card already gone when closing")


def fallback_event(effect: fx.Effect, exc: BaseException) -> ev.Event | None:
    """The flow's answer when a worker failed in a way no adapter foresaw: never a hang."""
    log.error("%s failed unexpectedly: %s", effect.name, type(exc).__name__)
    card = (
        fx.ReadCard, fx.PrepareFace, fx.ReadPinTries, fx.VerifyPin, fx.ReadNumberBTries,
        fx.VerifyNumberB, fx.ReadCardFace,
    )  # fmt: skip
    if isinstance(effect, card):
        return ev.CardFailed(CardErrorKind.UNREADABLE)
    if isinstance(effect, fx.VerifyFace):
        return ev.FaceVerified(FaceOutcome.CAMERA_UNAVAILABLE, type(exc).__name__)
    if isinstance(effect, fx.ReadPhone):
        return ev.PhoneFailed(effect.attempt, PhoneErrorKind.UNREADABLE)
    if isinstance(effect, (fx.ConfirmEligibility, fx.Register)):
        return ev.EligibilityFailed(EligibilityErrorKind.MALFORMED)
    if isinstance(effect, fx.SaveConsents):
        return ev.ConsentsSaved(ok=False)
    if isinstance(effect, fx.SaveLimit):
        return ev.LimitSaved(ok=False)
    return None
