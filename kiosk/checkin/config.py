"""The ``[checkin]`` settings: which clinic system the kiosk registers visits with, the
departments a patient may choose, and the receipt printer (docs/checkin.md).

They are a section of their own so that ``kiosk.config.Config`` takes them as one field
(``checkin: CheckInConfig = CheckInConfig()``); the default is today's behaviour: no clinic
system, no printer.
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

LANGUAGES = ("ja", "en", "zh", "ko", "vi", "pt")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class System(enum.Enum):
    NONE = "none"  # today's behaviour: the kiosk's own number, nothing sent
    ORCA = "orca"  # 日医標準レセプトソフト's HTTP API
    FILEDROP = "filedrop"  # one file per visit in a folder another system watches


class Department(_Section):
    """One department the patient may choose; ``names`` in the shipped languages (Japanese is
    required, a missing language shows the Japanese name)."""

    code: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,4}$")]  # the clinic system's 診療科コード
    doctor: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{0,10}$")] = ""  # its ドクターコード
    names: dict[str, Annotated[str, Field(min_length=1, max_length=40)]]

    @model_validator(mode="after")
    def _names_known(self) -> Department:
        unknown = sorted(set(self.names) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"names: unknown languages {unknown}; use {', '.join(LANGUAGES)}")
        if "ja" not in self.names:
            raise ValueError("names: the Japanese name (ja) is required")
        return self

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["ja"]


class OrcaConfig(_Section):
    url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/\S*)?$")] = "http://127.0.0.1:8000"
    user: str = "ormaster"
    # The API password; empty: read from the environment (KIOSK_CHECKIN__ORCA__PASSWORD).
    password: Annotated[str, Field(repr=False)] = ""
    ca_file: str | None = None  # for an https URL with the clinic's own CA
    connect_timeout: Annotated[float, Field(gt=0, le=30)] = 2.0
    read_timeout: Annotated[float, Field(gt=0, le=60)] = 5.0
    # One visit's calls together (up to 4 + max_candidates) never take longer than this.
    budget: Annotated[float, Field(gt=0, le=120)] = 15.0
    # More patients than this with the card holder's kana and birth date: straight to the desk.
    max_candidates: Annotated[int, Field(ge=1, le=20)] = 5
    register_new: bool = True  # a first visit is registered as a new patient


class Encoding(enum.Enum):
    UTF8 = "utf-8"
    SHIFT_JIS = "shift_jis"


class FileDropConfig(_Section):
    folder: str | None = None  # the folder the clinic's system watches
    encoding: Encoding = Encoding.UTF8
    # The kiosk's own list of the visits already dropped (exactly once, even after the clinic's
    # system took a file away); kept on the kiosk, never in the watched folder.
    ledger: str = "var/checkin-sent"


class PrinterKind(enum.Enum):
    NONE = "none"
    NETWORK = "network"  # ESC/POS over TCP (port 9100)
    USB = "usb"


class PrinterConfig(_Section):
    kind: PrinterKind = PrinterKind.NONE
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 9100
    usb_vendor: Annotated[int, Field(ge=0, le=0xFFFF)] = 0
    usb_product: Annotated[int, Field(ge=0, le=0xFFFF)] = 0
    # Each connect, send and status read waits at most this long: a printer that is off or out
    # of paper is told in seconds, and the number is on screen anyway.
    timeout: Annotated[float, Field(gt=0, le=10)] = 2.0
    check_paper: bool = True  # ask the paper sensor (DLE EOT 4) before printing
    kanji: bool = True  # a Japanese-model printer: Kanji mode with Shift_JIS (FS C 1, FS &)


class CheckInConfig(_Section):
    system: System = System.NONE
    departments: list[Department] = []  # several: the patient chooses; one or none: skipped
    orca: OrcaConfig = OrcaConfig()
    filedrop: FileDropConfig = FileDropConfig()
    printer: PrinterConfig = PrinterConfig()
    # How often a queued visit is sent again while the clinic's system is down (seconds).
    retry_interval: Annotated[float, Field(ge=1, le=3600)] = 30.0

    @model_validator(mode="after")
    def _system_settings(self) -> CheckInConfig:
        if self.system is System.FILEDROP and not self.filedrop.folder:
            raise ValueError("system = 'filedrop' needs filedrop.folder")
        codes = [d.code for d in self.departments]
        if len(codes) != len(set(codes)):
            raise ValueError("departments: each code once")
        return self

    def asks_department(self) -> bool:
        return len(self.departments) > 1
