"""Fake devices for the runtime tests: every answer is tagged with the card (persona number) it
came from, so a test can tell which reception a result document, a consent receipt, a
certificate or a photo belongs to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.clock import JST, ManualClock
from kiosk.flow.model import FlowSettings, State
from kiosk.ports import (
    CardError,
    CardErrorKind,
    CardFace,
    CardIdentity,
    ConsentKind,
    ConsentReceipt,
    FaceOutcome,
    FaceResult,
    PinResult,
    PinStatus,
    Proof,
    Qualification,
    ReceptionRecord,
)
from kiosk.runtime import Devices, Job, Reception, fallback_event

PIN = b"1234"
BASE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


def persona_of(blob: bytes) -> int:
    """b"cert-7" / b"photo-7" / b"sig-7" -> 7"""
    return int(blob.rsplit(b"-", 1)[1])


class FakeCard:
    def __init__(self, reader: FakeReader, persona: int) -> None:
        self.reader, self.persona = reader, persona
        self.closed = False
        self.pins: list[bytes] = []
        self.tries = 3

    def _present(self) -> None:
        if self.closed or self.reader.present != self.persona:
            raise CardError(CardErrorKind.REMOVED, "card gone")

    def read_identity(self) -> CardIdentity:
        self._present()
        return CardIdentity(f"cert-{self.persona}".encode(), b"ca")

    def pin_tries_left(self) -> int:
        self._present()
        return self.tries

    def verify_pin(self, pin: bytearray) -> PinResult:
        self._present()
        if len(pin) != 4 or not bytes(pin).isdigit():
            raise ValueError("the user-authentication PIN is 4 digits")
        self.pins.append(bytes(pin))
        if bytes(pin) == PIN:
            return PinResult(PinStatus.OK, 3)
        self.tries -= 1
        return PinResult(PinStatus.WRONG, self.tries)

    def sign(self, challenge: bytes) -> bytes:
        self._present()
        return f"sig-{self.persona}".encode()

    def number_b_tries_left(self) -> int:
        self._present()
        return 10

    def read_card_face(self, number_b: str) -> CardFace:
        self._present()
        photo = f"photo-{self.persona}".encode()
        return CardFace(photo, date(1980, 1, 1), "1", date(2030, 1, 1))

    def close(self) -> None:
        self.closed = True


class FakeReader:
    def __init__(self) -> None:
        self.present: int | None = None
        self.cards: list[FakeCard] = []

    def connect(self) -> FakeCard:
        if self.present is None:
            raise CardError(CardErrorKind.REMOVED, "no card")
        card = FakeCard(self, self.present)
        self.cards.append(card)
        return card


@dataclass
class FakeService:
    """Answers at once; ``calls`` keeps (what, idempotency key, persona of the certificate)."""

    calls: list[tuple[str, str, int]] = field(default_factory=list)
    registered: set[int] = field(default_factory=set)
    cancels: list[threading.Event] = field(default_factory=list)
    unregistered_every: int = 4  # every 4th persona must register first
    gates: dict[str, threading.Event] = field(default_factory=dict)  # key -> hold the answer
    hang: threading.Event | None = None  # every confirmation waits for it (a hung service)

    def new_nonce(self, **kw: Any) -> bytes:
        if kw.get("cancel") is not None:
            self.cancels.append(kw["cancel"])
        return b"nonce"

    def _note(self, what: str, key: str, cert: bytes, kw: dict[str, Any]) -> int:
        p = persona_of(cert)
        self.calls.append((what, key, p))
        if kw.get("cancel") is not None:
            self.cancels.append(kw["cancel"])
        return p

    def confirm(self, cert_der: bytes, proof: Proof, *, key: str, **kw: Any) -> Qualification:
        p = self._note("confirm", key, cert_der, kw)
        if key in self.gates:  # a slow service: the request is sent, the answer comes later
            assert self.gates[key].wait(10)
        if self.hang is not None:  # a read in progress: cancel cannot interrupt it
            assert self.hang.wait(60)
        if proof.signature is not None:
            assert persona_of(proof.signature) == p, "signed by another card"
        if p % self.unregistered_every == 0 and p not in self.registered:
            from kiosk.ports import EligibilityError, EligibilityErrorKind

            raise EligibilityError(EligibilityErrorKind.NOT_REGISTERED)
        doc = {"ResultOfQualificationConfirmation": {"Name": f"name-{p}"}, "persona": p}
        born = date(1990 if p % 2 else 1960, 1, 1)  # even personas see the check-up consent
        return Qualification("1", f"name-{p}", born, False, doc)

    def register(self, cert_der: bytes, proof: Proof, *, key: str, **kw: Any) -> None:
        self.registered.add(self._note("register", key, cert_der, kw))

    def record_consents(
        self, cert_der: bytes, answers: Any, *, key: str, **kw: Any
    ) -> list[ConsentReceipt]:
        p = self._note("consents", key, cert_der, kw)
        stamp = BASE + timedelta(minutes=p)  # the persona, readable from the receipt
        return [ConsentReceipt(ConsentKind(k), v, stamp, None) for k, v in answers.items()]

    def final_result(
        self, cert_der: bytes, *, prescription: str | None, key: str, **kw: Any
    ) -> Qualification:
        p = self._note("result", key, cert_der, kw)
        doc = {"ResultOfQualificationConfirmation": {"Name": f"name-{p}"}, "persona": p, "final": 1}
        born = date(1990 if p % 2 else 1960, 1, 1)
        return Qualification("1", f"name-{p}", born, False, doc)

    def confirm_deferred(self, *a: Any, **kw: Any) -> Qualification:
        raise AssertionError("not used by the runtime")


class FakeFace:
    def __init__(self) -> None:
        self.photos: list[tuple[str | None, bytes]] = []  # (reception of the job, photo)
        self.running: str | None = None

    def available(self) -> bool:
        return True

    def verify(self, chip_photo_jp2: bytes, **kw: Any) -> FaceResult:
        self.photos.append((self.running, chip_photo_jp2))
        return FaceResult(FaceOutcome.MATCH)


class FakeFront:
    held_up = False  # a tray camera: the card stays on the reader

    def number_b(self, on_hint: Callable[[str], None] | None = None) -> str:
        return "12345678901234"


class FakeStore:
    def __init__(self) -> None:
        self.records: list[ReceptionRecord] = []

    def save(self, record: ReceptionRecord) -> None:
        self.records.append(record)


class Rig:
    """One Reception on fake devices; jobs wait in ``pending`` until the test finishes them,
    in any order: that is the latency."""

    def __init__(self, settings: FlowSettings | None = None) -> None:
        self.clock = ManualClock()
        self.reader = FakeReader()
        self.service = FakeService()
        self.store = FakeStore()
        self.face = FakeFace()
        devices = Devices(self.reader, self.service, self.store, self.face, FakeFront())
        self.reception = Reception(settings or FlowSettings(), devices, self.clock, "k1")
        self.pending: list[Job] = []
        self.persona_of_reception: dict[str, int] = {}
        self.next_persona = 0

    @property
    def state(self) -> State:
        return self.reception.state

    def post(self, event: ev.Event) -> None:
        self.pending += self.reception.dispatch(event)

    def insert(self) -> None:
        self.next_persona += 1
        p = self.next_persona
        self.reader.present = p
        self.persona_of_reception[f"r{p}"] = p
        self.post(ev.CardInserted(f"r{p}"))

    def remove(self) -> None:
        self.reader.present = None
        self.post(ev.CardRemoved())

    def finish(self, index: int = 0) -> None:
        job = self.pending.pop(index)
        self.face.running = job.reception_id
        try:
            answer = job.run()
        except Exception as exc:
            answer = fallback_event(job.effect, exc)
        self.pending += self.reception.deliver(job, answer)

    def finish_kind(self, kind: type[fx.Effect]) -> None:
        index = next(i for i, j in enumerate(self.pending) if isinstance(j.effect, kind))
        self.finish(index)

    def drain(self) -> None:
        while self.pending:
            self.finish(0)

    def tick(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.post(ev.Tick())
