"""Everything a demo run needs, real parts only: the mock eligibility service as its own HTTP
server process, the mock PKI it shares with the virtual cards, a records store on SQLite, and
per scenario a virtual card (through pcscd + vpcd when they are installed, else in process) and
a synthetic camera with the real face pipeline."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import wiring
from kiosk.card.front_ocr import FrontOcr
from kiosk.card.pcsc import PcscReader, ReaderMonitor
from kiosk.card.phone import PcscPhoneReader
from kiosk.config import Config, load_config
from kiosk.face.verifier import FaceVerifierService
from kiosk.flow.clock import SystemClock
from kiosk.ports import CardReader, EligibilityPort, PhoneReader
from kiosk.records.result_file import ResultFiles
from kiosk.records.store import RecordStore, open_store
from kiosk.runtime import Devices
from kiosk.sim.camera import SyntheticCamera
from kiosk.sim.card import InProcessReader, VirtualCard, reset_card
from kiosk.sim.card_front import VARIATIONS, SyntheticCardFront
from kiosk.sim.demo.scenarios import DEMO_STAFF_PIN, Scenario
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.phone import InProcessPhoneReader, VirtualPhone, reset_phone
from kiosk.sim.pki import MockPki
from kiosk.sim.reader_stack import StackUnavailable, VirtualReaderStack, missing_parts
from kiosk.sim.service.process import ServerProcess
from kiosk.staff_auth import hash_pin
from kiosk.wiring import Built

DEMO_TIMEOUTS = {"face_budget": 8.0}


class CardSlot:
    """Puts a persona's card on the reader and takes it off, in process or through pcscd."""

    reader: CardReader
    phone_reader: PhoneReader  # the NFC reader beside it, for the smartphone scenarios

    def insert(self, persona: Persona) -> None: ...

    def remove(self) -> None: ...

    def hold_phone(self, persona: Persona) -> None: ...

    def take_phone(self) -> None: ...

    def watch_phone(self, on_arrived: Callable[[], None], on_removed: Callable[[], None]) -> bool:
        """As ``watch``, for the NFC reader."""
        return False

    def watch(self, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> bool:
        """Start reporting insert/remove by a reader monitor; False if the driver must."""
        return False

    def unwatch(self) -> None:
        """Stop the monitor ``watch`` started (one driver at a time watches the slot)."""

    def close(self) -> None: ...


class InProcessSlot(CardSlot):
    def __init__(self, state_dir: Path, pki: MockPki) -> None:
        self.state_dir, self.pki = state_dir, pki
        self.reader = self._reader = InProcessReader()
        self.phone_reader = self._phones = InProcessPhoneReader()

    def insert(self, persona: Persona) -> None:
        self._reader.insert(VirtualCard(persona, self.state_dir, pki=self.pki))

    def remove(self) -> None:
        self._reader.remove()

    def hold_phone(self, persona: Persona) -> None:
        self._phones.place(VirtualPhone(persona, self.state_dir, pki=self.pki))

    def take_phone(self) -> None:
        self._phones.remove()


class PcscSlot(CardSlot):
    """The card path a real kiosk takes: pyscard → pcscd → vpcd → a virtual-card process."""

    def __init__(self, state_dir: Path, pki_dir: Path) -> None:
        self.stack = VirtualReaderStack(state_dir=state_dir, pki_dir=pki_dir).start()
        self.reader = PcscReader(self.stack.reader_pattern)
        self.phone_reader = PcscPhoneReader(self.stack.phone_reader_pattern)
        self._monitor: ReaderMonitor | None = None
        self._phone_monitor: ReaderMonitor | None = None

    def insert(self, persona: Persona) -> None:
        self.stack.insert(persona.id)

    def remove(self) -> None:
        self.stack.remove()

    def hold_phone(self, persona: Persona) -> None:
        self.stack.place_phone(persona.id)

    def take_phone(self) -> None:
        self.stack.remove_phone()

    def watch_phone(self, on_arrived: Callable[[], None], on_removed: Callable[[], None]) -> bool:
        self._unwatch_phone()
        pattern = self.stack.phone_reader_pattern
        self._phone_monitor = ReaderMonitor(pattern, on_arrived, on_removed)
        self._phone_monitor.start()
        return True

    def _unwatch_phone(self) -> None:
        if self._phone_monitor is not None:
            self._phone_monitor.stop()
            self._phone_monitor = None

    def watch(self, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> bool:
        self.unwatch()
        self._monitor = ReaderMonitor(self.stack.reader_pattern, on_inserted, on_removed)
        self._monitor.start()
        return True

    def unwatch(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None
        self._unwatch_phone()

    def close(self) -> None:
        self.unwatch()
        self.stack.stop()


@dataclass
class ScenarioRig:
    config: Config
    devices: Devices
    slot: CardSlot
    persona: Persona
    camera: SyntheticCamera
    face: FaceVerifierService
    client: EligibilityPort  # the kiosk's eligibility client (tests re-query with it)

    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Stop the camera and close the scenario's HTTP client (idempotent)."""
        self.face.close()
        Built.closing(self.closers)


class DemoEnvironment:
    """One service process, PKI, store and card slot for a whole demo run."""

    def __init__(self, workdir: Path | None = None, card: str = "auto") -> None:
        self._own_dir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="kiosk-demo-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.pki_dir = self.workdir / "pki"
        os.environ["KIOSK_PKI_DIR"] = str(self.pki_dir)  # card processes and server share it
        self.pki = MockPki(self.pki_dir)
        self.card_mode = _card_mode(card)
        self.server = ServerProcess(self.workdir / "service", pki_dir=self.pki_dir)
        self.base = load_config(environ={}, overrides=self._base_overrides())
        self.store: RecordStore | None = None
        self.results: ResultFiles | None = None
        self.result_folder = self.workdir / "oqs"  # what the clinic's receipt computer watches
        self.slot: CardSlot | None = None
        self.staff_pin_hash = hash_pin(DEMO_STAFF_PIN)
        self._front_ocr: FrontOcr | None = None

    def front_ocr(self) -> FrontOcr:
        """One OCR engine for the whole run (loading Tesseract's jpn model takes ~0.3 s)."""
        if self._front_ocr is None:
            self._front_ocr = FrontOcr()
        return self._front_ocr

    def _base_overrides(self) -> dict[str, dict[str, Any]]:
        return {
            "service": self.server.service_settings(read_timeout=3.0, retries=1),
            "kiosk": {"credential_dir": str(self.workdir / "credential")},
            "database": {
                "url": f"sqlite:///{self.workdir / 'kiosk.sqlite3'}",
                "journal_dir": str(self.workdir / "journal"),
            },
            "timeouts": dict(DEMO_TIMEOUTS),
        }

    def __enter__(self) -> DemoEnvironment:
        # The demo kiosk enrols like a real one: its own key, a certificate from the mock
        # network CA, and only its public key at the service.
        self.server.enroll(self.base.kiosk, self.base.clinic.code)
        self.server.start()
        self.store = open_store(self.base.database)
        self.result_folder.mkdir(mode=0o700, exist_ok=True)
        self.results = ResultFiles(self.store, self.result_folder, self.base.clinic.code,
                                   kiosk_id=self.base.kiosk.id, alerts=self.store)  # fmt: skip
        state_dir = self.workdir / "cards"
        if self.card_mode == "pcsc":
            try:
                self.slot = PcscSlot(state_dir, self.pki_dir)
            except StackUnavailable as exc:
                print(f"demo: no virtual PC/SC reader ({exc}); using the in-process card")
                self.card_mode = "inprocess"
        if self.slot is None:
            self.slot = InProcessSlot(state_dir, self.pki)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._front_ocr is not None:
            self._front_ocr.close()
        if self.slot is not None:
            self.slot.close()
        if self.store is not None:
            self.store.close()
        self.server.stop()
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def rig(self, scenario: Scenario) -> ScenarioRig:
        """Devices for one scenario: a fresh card (PIN counters as in the fixture) and camera."""
        assert self.store is not None and self.slot is not None
        overrides = self._base_overrides()
        for section, values in scenario.config.items():
            overrides.setdefault(section, {}).update(values)
        overrides["staff"] = {"pin_hashes": [self.staff_pin_hash]}
        config = load_config(environ={}, overrides=overrides)
        persona = get_persona(scenario.persona)
        reset_card(persona, self.workdir / "cards")
        if persona.phone is not None:
            reset_phone(persona, self.workdir / "cards")
        # The kiosk's own wiring, with the simulated devices plugged in: the slot's readers,
        # the run's store and result files, a synthetic camera and the persona's card front.
        built = wiring.build_devices(config, store=self.store, reader=self.slot.reader,
                                     phone=self.slot.phone_reader, results=self.results,
                                     requery=False)  # fmt: skip
        seed = len(scenario.name)
        camera = SyntheticCamera(persona.photo, scenario.camera, seed=seed)
        face = wiring.open_face(config, camera)[1]
        built.devices.face = face
        # 照合番号B through the OCR path, from the persona's rendered card front.
        front = SyntheticCardFront(persona, VARIATIONS["tilted"], seed=seed)
        built.devices.card_front = wiring.card_front_on(front, SystemClock(), self.front_ocr())
        return ScenarioRig(config, built.devices, self.slot, persona, camera, face,
                           built.devices.eligibility, built.closers)  # fmt: skip


def _card_mode(card: str) -> str:
    if card == "auto":
        return "pcsc" if not missing_parts() and os.geteuid() == 0 else "inprocess"
    if card not in ("pcsc", "inprocess"):
        raise ValueError("card must be auto, pcsc or inprocess")
    return card
