"""The demo and test personas: one data file shared by the virtual card and the mock service.

The file lives in the package (``kiosk/sim/data/personas.toml``) so that the virtual card process,
the demo and the eligibility server all read the same people.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CardFixture:
    kind: str  # "mynacard" or "jukinet" (the old 住基カード, not a My Number Card)
    pin: str
    pin_tries_left: int
    certificate: str  # "valid" | "expiring" | "grace" | "expired" | "revoked"
    my_number: str
    card_expiry: date
    security_code: str
    # How the card front prints the birth date: "wareki" (和暦, Japanese nationals) or
    # "seireki" (西暦, foreign residents).
    calendar: str = "wareki"
    # A foreign resident's 通称 (alias), printed on the front beside the name; "" for none.
    alias: str = ""
    # "current" (issued since 2016) or "next" (次期個人番号カード: two applications, ECDSA
    # P-384, 西暦 front; docs/card.md "The next-generation card").
    generation: str = "current"
    # The next card's printed 6-digit 照合番号 (it opens the 券面等AP); "" on a current card.
    check_number: str = ""

    @property
    def is_next(self) -> bool:
        return self.generation == "next"


@dataclass(frozen=True)
class PhoneFixture:
    """The persona's smartphone (スマホ用電子証明書, issue 17): a certificate of its own, issued
    separately from the card's, with its own PIN counter and expiry (docs/card.md, Smartphone)."""

    kind: str  # "android" | "iphone"
    certificate: str  # "valid" | "expired" | "revoked"
    cert_expiry: date  # the phone certificate's own notAfter (an "expired" one is in the past)
    pin: str = ""  # Android: the phone certificate's 4-digit PIN, typed on the kiosk
    pin_tries_left: int = 3
    # iPhone: what the holder does when the phone asks (Face ID / Touch ID): "approve",
    # "decline" or "wait" (until a test says; ``kiosk virtual-phone --approval``).
    approval: str = "approve"


@dataclass(frozen=True)
class Elderly:
    ratio: str
    certificate_date: date
    valid_start: date
    valid_end: date


@dataclass(frozen=True)
class Limit:
    classification: str  # "01" | "02" | "03"
    flag: str  # A01-A06 / B01-B10
    certificate_date: date
    valid_start: date
    valid_end: date


@dataclass(frozen=True)
class Insurance:
    registered: bool
    validity: str  # QualificationValidity code
    card_classification: str
    insurer_number: str
    insurer_name: str
    symbol: str
    number: str
    branch: str
    personal_family: str
    ratio: str
    qualification_date: date
    elderly: Elderly | None
    limit: Limit | None
    card_valid_until: date | None = None  # InsuredCardExpirationDate, when the card has one
    reference_number: str | None = None  # 照会番号 the demo clinic registered for this person


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    kana: str
    birth_date: date
    sex: str
    photo: str
    expected: str
    note: str
    card: CardFixture
    insurance: Insurance
    phone: PhoneFixture | None = None

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)


def age_on(birth: date, day: date) -> int:
    """Age in completed years on ``day`` (a birthday counts from the day itself)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class PersonaError(ValueError):
    """The personas file is malformed or a persona does not exist."""


def _persona(raw: dict[str, Any]) -> Persona:
    ins = dict(raw["insurance"])
    elderly = ins.pop("elderly", None)
    limit = ins.pop("limit", None)
    return Persona(
        id=raw["id"],
        name=raw["name"],
        kana=raw["kana"],
        birth_date=raw["birth_date"],
        sex=raw["sex"],
        photo=raw["photo"],
        expected=raw["expected"],
        note=raw.get("note", ""),
        card=CardFixture(**raw["card"]),
        insurance=Insurance(
            **ins,
            elderly=Elderly(**elderly) if elderly else None,
            limit=Limit(**limit) if limit else None,
        ),
        phone=PhoneFixture(**raw["phone"]) if "phone" in raw else None,
    )


def load_personas(path: Path | None = None) -> dict[str, Persona]:
    """Read the personas file (the packaged one unless ``path`` is given), keyed by id."""
    if path is None:
        return dict(_packaged())
    return _parse(path.read_bytes())


@lru_cache(maxsize=1)
def _packaged() -> tuple[tuple[str, Persona], ...]:
    data = resources.files("kiosk.sim.data").joinpath("personas.toml").read_bytes()
    return tuple(_parse(data).items())


def _parse(data: bytes) -> dict[str, Persona]:
    try:
        people = [_persona(p) for p in tomllib.loads(data.decode("utf-8"))["persona"]]
    except (KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise PersonaError(f"personas file is malformed: {exc}") from exc
    return {p.id: p for p in people}


def get_persona(persona_id: str) -> Persona:
    people = load_personas()
    if persona_id not in people:
        raise PersonaError(f"no persona {persona_id!r}; known: {', '.join(sorted(people))}")
    return people[persona_id]
