"""Kiosk configuration: one TOML file plus environment overrides, validated at start-up.

Environment overrides are named ``KIOSK_<SECTION>__<KEY>`` (double underscore between section and
key), e.g. ``KIOSK_SERVICE__URL=http://127.0.0.1:8800`` or ``KIOSK_FLOW__CONSENT_MODE=combined``.
Values are parsed as TOML scalars when they look like one (numbers, booleans, arrays), else taken
as strings. A bad value stops start-up with a message naming the setting and what is allowed.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kiosk.plugins import CAMERAS, CARD_FRONTS, CONTROLS, adapter_names
from kiosk.staff_auth import check_hash

ENV_PREFIX = "KIOSK_"


class ConsentMode(enum.Enum):
    SEPARATE = "separate"  # the leaflet flow: one screen per consent, limit offer at the end
    COMBINED = "combined"  # since 2024-10-07: one combined consent, limit info by default


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class ClinicConfig(_Section):
    code: Annotated[str, Field(pattern=r"^\d{10}$")] = "1312345678"  # MedicalInstitutionCode
    name: str = "デモ診療所"


class KioskConfig(_Section):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = "kiosk-01"
    account_id: Annotated[str, Field(pattern=r"^F0[0-9A-Za-z]{1,30}$")] = "F0000001"
    # The kiosk's own key and certificate, made by `kiosk enroll` at install: no default
    # credential exists, and the kiosk refuses to start without a valid one (kiosk/enroll.py).
    credential_dir: str = "var/credential"


class FlowConfig(_Section):
    consent_mode: ConsentMode = ConsentMode.SEPARATE
    ask_diagnosis: bool = False  # 診療情報 consent screen
    ask_operation: bool = False  # 手術情報 consent screen
    ask_prescription: bool = False  # 電子処方箋 / 紙 choice after the consents (2025)
    ask_subsidy: bool = False  # 「医療費助成の各種受給者証を利用しますか」 (PMH clinics)
    visit_type: str = "outpatient"  # 外来 (OQSCD028 1); 訪問 and オンライン are out of scope
    face_attempts: Annotated[int, Field(ge=1, le=5)] = 3

    @field_validator("visit_type")
    @classmethod
    def _outpatient_only(cls, value: str) -> str:
        if value != "outpatient":
            raise ValueError(
                "only 'outpatient' (外来): home visits (訪問) and online care (オンライン) "
                "have their own readers and flows, out of this kiosk's scope"
            )
        return value


class TimeoutConfig(_Section):
    """Seconds."""

    inactivity: Annotated[float, Field(gt=0, le=600)] = 60.0
    warning: Annotated[float, Field(gt=0, le=120)] = 15.0
    face_budget: Annotated[float, Field(gt=0, le=120)] = 20.0
    card_left_reminder: Annotated[float, Field(gt=0, le=300)] = 10.0
    # A card left on the reader: the desk is alerted at this reminder; at most this many sound.
    card_left_alert_at: Annotated[int, Field(ge=1, le=20)] = 2
    card_left_reminders: Annotated[int, Field(ge=1, le=60)] = 6
    # A busy step (card, service) that has not answered by then ends the reception (a service
    # step as pending): a hung device or service can never freeze the kiosk.
    watchdog: Annotated[float, Field(ge=10, le=300)] = 45.0
    # Reading a smartphone waits for its holder to approve on it (Face ID, the app's prompt).
    phone_prompt: Annotated[float, Field(ge=10, le=600)] = 120.0


# The client's pause before retry k (1-based): min(cap, base * 2**(k-1)), less a random part.
BACKOFF_S = 0.2
BACKOFF_CAP_S = 2.0
CALLS_PER_STEP = 2  # a confirmation or registration: a nonce, then the call itself


class ServiceConfig(_Section):
    url: Annotated[str, Field(pattern=r"^https?://")] = "http://127.0.0.1:8800"
    connect_timeout: Annotated[float, Field(gt=0, le=60)] = 2.0
    read_timeout: Annotated[float, Field(gt=0, le=120)] = 5.0
    retries: Annotated[int, Field(ge=0, le=5)] = 2
    ca_file: str | None = None  # TLS: a CA bundle to trust for the service

    def call_budget_s(self) -> float:
        """The longest one client call may take, every try and pause included (the client
        stops at this deadline)."""
        pauses = sum(
            min(BACKOFF_CAP_S, BACKOFF_S * 2 ** (k - 1)) for k in range(1, self.retries + 1)
        )
        return float((self.connect_timeout + self.read_timeout) * (self.retries + 1) + pauses)

    @model_validator(mode="after")
    def _tls_off_loopback(self) -> ServiceConfig:
        # The kiosk's login and every patient's data travel on this link: only a loopback
        # service (tests, a gateway on the same machine) may be plain HTTP.
        parts = urlsplit(self.url)
        if parts.scheme != "https" and not _loopback(parts.hostname or ""):
            raise ValueError("a service that is not on this machine needs an https:// url")
        if parts.scheme == "https" and not self.ca_file:
            raise ValueError("an https:// service needs ca_file: the CA to verify it against")
        return self


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DatabaseConfig(_Section):
    url: str = "sqlite:///var/kiosk.sqlite3"
    journal_dir: str = "var/journal"
    # Seconds between rounds re-querying pending receptions (kiosk run, in the background).
    requery_interval: Annotated[float, Field(ge=1, le=3600)] = 60.0

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            raise ValueError("must start with sqlite:// or postgresql://")
        try:
            port = urlsplit(value).port
        except ValueError:
            port = 0
        if port == 0:  # None when the URL names no port (the driver's default)
            raise ValueError("the port must be a number from 1 to 65535")
        return value


def _valid_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc
    return value


class CardConfig(_Section):
    reader: str = ".*"  # a regular expression matched against PC/SC reader names
    # 券面AP issuer keys trusted besides the production one (5000023): files holding a
    # self-signed card-verifiable certificate, e.g. the virtual card's mock issuer
    # (var/pki/cv/surface-issuer.cvc). Empty on a production kiosk.
    surface_issuers: tuple[str, ...] = ()

    _reader_regex = field_validator("reader")(_valid_regex)


class PhoneConfig(_Section):
    """The NFC reader smartphones are held over (issue 17): a regular expression on PC/SC reader
    names, as ``card.reader``. Empty: no smartphone reception (スマートフォン is not offered). The
    same text as ``card.reader``: one reader for both (a clinic with a single reader)."""

    reader: str = ""

    _reader_regex = field_validator("reader")(_valid_regex)


class CameraConfig(_Section):
    # device:N | device:/dev/videoN | file:PATH | NAME:ARGS of a registered adapter (plugins.py)
    source: str = "device:0"
    width: Annotated[int, Field(ge=160, le=3840)] = 640
    height: Annotated[int, Field(ge=120, le=2160)] = 480
    fps: Annotated[int, Field(ge=1, le=120)] = 30
    # Chosen from real people's photos as chip photos of 1.5-5 kB (docs/face.md, calibration):
    # with the 3-of-5 rule every genuine session matched from 0.48 to 0.51 and impostor frames
    # first passed at 0.52; 0.49 keeps the wider margin on the impostor side.
    match_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.49
    liveness: Annotated[str, Field(pattern=r"^(off|blink|turn)$")] = "blink"
    # Height of the camera's lens above the floor, in cm. Mounted above a seated patient's eyes
    # (~120 cm, a wheelchair user's), a seated face shows low in the frame, looking up: the
    # face screen then tells the patient to stay seated and raise the face to the camera.
    mount_height_cm: Annotated[int, Field(ge=60, le=220)] = 140

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str) -> str:
        kind, sep, rest = value.partition(":")
        if sep and rest and kind in ("device", "file"):
            return value  # built in: no need to scan every installed package's entry points
        known = ("device", "file", *adapter_names(CAMERAS))
        if not (sep and rest and kind in known):
            raise ValueError(f"must be KIND:VALUE with KIND one of {', '.join(known)}")
        return value


class CardFrontConfig(_Section):
    # Where 照合番号B is read for face recognition (kiosk/card/front.py): none | device:N |
    # device:/dev/videoN | file:PATH | face-camera (one camera for both: the card is held up
    # to the face camera) | NAME:ARGS of a registered adapter (plugins.CARD_FRONTS)
    source: str = "none"

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str) -> str:
        kind, sep, rest = value.partition(":")
        if value in ("none", "face-camera"):
            return value
        known = ("device", "file", *adapter_names(CARD_FRONTS))
        if not (sep and rest and kind in known):
            raise ValueError(
                f"must be none, face-camera or KIND:VALUE with KIND one of {', '.join(known)}"
            )
        return value


class StaffConfig(_Section):
    # scrypt hashes made by `kiosk config --hash-pin`, each with its cost; never PINs. Hashes
    # from before issue 25 (no cost named) still work, with a warning (kiosk.staff_auth).
    pin_hashes: tuple[str, ...] = ()
    lockout_attempts: Annotated[int, Field(ge=1, le=20)] = 5
    lockout_seconds: Annotated[float, Field(ge=10, le=86400)] = 300.0

    @field_validator("pin_hashes")
    @classmethod
    def _hash_format(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            check_hash(item)  # a PinHashError is a ValueError: the message never holds the value
        return value


class ResultsConfig(_Section):
    """The result file per reception for the clinic's systems (kiosk.records.result_file)."""

    folder: str | None = None  # the online-eligibility (OQS) folder; files go into its face/
    retry_interval: Annotated[float, Field(ge=1, le=3600)] = 30.0  # seconds, for a failed folder


class UiConfig(_Section):
    language: Annotated[str, Field(pattern=r"^(ja|en|zh|ko|vi|pt)$")] = "ja"
    fullscreen: bool = True
    large_text: bool = False  # the clinic's default; a patient's choice lasts one reception
    # The clinic's name as patients know it, in the top bar; empty: ``clinic.name``.
    clinic_name: Annotated[str, Field(max_length=24)] = ""
    voice: bool = True
    voice_player: str = "aplay -q -"  # reads a WAV on stdin (e.g. "paplay" under PulseAudio)
    # An ALSA device for the voice (passed as ``-D`` to aplay), e.g. "plughw:CARD=Headset":
    # speech to the patient's headphones only; empty: the player's default device.
    voice_headphones: Annotated[str, Field(pattern=r"^[A-Za-z0-9_:=,.-]*$")] = ""
    # Tests only: NAME:ARG of a registered remote control (kiosk.controls) that taps the
    # window's buttons from outside; empty (the default, and the only value a kiosk image knows).
    test_control: str = ""

    @field_validator("test_control")
    @classmethod
    def _known_control(cls, value: str) -> str:
        if not value:
            return value
        kind, sep, rest = value.partition(":")
        known = adapter_names(CONTROLS)
        if not (sep and rest and kind in known):
            raise ValueError(f"must be empty or KIND:VALUE with KIND one of {known or 'none'}")
        return value


class Config(_Section):
    clinic: ClinicConfig = ClinicConfig()
    kiosk: KioskConfig = KioskConfig()
    flow: FlowConfig = FlowConfig()
    timeouts: TimeoutConfig = TimeoutConfig()
    service: ServiceConfig = ServiceConfig()
    database: DatabaseConfig = DatabaseConfig()
    card: CardConfig = CardConfig()
    phone: PhoneConfig = PhoneConfig()
    camera: CameraConfig = CameraConfig()
    card_front: CardFrontConfig = CardFrontConfig()
    staff: StaffConfig = StaffConfig()
    results: ResultsConfig = ResultsConfig()
    ui: UiConfig = UiConfig()

    @model_validator(mode="after")
    def _service_fits_the_watchdog(self) -> Config:
        # Else the watchdog gives up on a step whose HTTP calls keep running: the reception
        # goes pending while its calls hold the service workers, and later patients queue.
        step = CALLS_PER_STEP * self.service.call_budget_s()
        if step >= self.timeouts.watchdog:
            s = self.service
            raise ValueError(
                f"service: {CALLS_PER_STEP} calls x ((connect_timeout {s.connect_timeout:g} + "
                f"read_timeout {s.read_timeout:g}) x (retries {s.retries} + 1) + pauses) = "
                f"{step:.1f} s must be below timeouts.watchdog ({self.timeouts.watchdog:g} s); "
                "lower the timeouts or retries, or raise the watchdog"
            )
        return self


class ConfigError(ValueError):
    """The configuration cannot be used; the message says which setting and why."""


def _env_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, text in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        out.setdefault(section, {})[key] = _env_value(text)
    return out


def _merge(base: dict[str, Any], over: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, values in over.items():
        current = merged.setdefault(section, {})
        if not isinstance(current, dict):
            raise ConfigError(f"invalid configuration: {section} must be a table, like [{section}]")
        current.update(values)
    return merged


# Settings whose value an error message must not repeat: it would land in a terminal, a journal
# or a support ticket (a secret, PIN hashes, a database URL that may carry a password).
HIDDEN_SETTINGS = frozenset({("kiosk", "secret"), ("staff", "pin_hashes"), ("database", "url")})


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        if tuple(err["loc"]) == ("kiosk", "secret"):
            parts.append(f"{where}: shared secrets are gone; run `kiosk enroll` (docs/security.md)")
        elif not where:  # a check across sections: its message names the settings
            parts.append(err["msg"].removeprefix("Value error, "))
        elif tuple(err["loc"][:2]) in HIDDEN_SETTINGS:
            parts.append(f"{where}: {err['msg']} (value not shown)")
        else:
            parts.append(f"{where}: {err['msg']} (got {_clip(repr(err.get('input')))})")
    return "invalid configuration: " + "; ".join(parts)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's tables, or a ConfigError that says in one line what is wrong with the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"configuration file {path} is a directory, not a file") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"configuration file {path} is not UTF-8 text (at byte {exc.start})"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read configuration file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {path} is not valid TOML: {exc}") from exc
    except RecursionError as exc:  # tomllib recurses once per nested array or inline table
        raise ConfigError(f"configuration file {path} nests arrays or tables too deeply") from exc
    except ValueError as exc:  # a NUL or a lone surrogate in the name: not printable either
        raise ConfigError("the configuration file's name is not a usable path") from exc


def load_config(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, dict[str, Any]] | None = None,
) -> Config:
    """Read ``path`` (if given), apply environment overrides, then keyword section overrides."""
    data = _read_toml(path) if path is not None else {}
    data = _merge(data, env_overrides(os.environ if environ is None else environ))
    data = _merge(data, dict(overrides or {}))
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from exc
