from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sim.card import InProcessReader, VirtualCard
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.pki import MockPki


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(scope="session")
def pki(pki_dir: Path) -> MockPki:
    return MockPki(pki_dir)


@pytest.fixture
def hanako() -> Persona:
    return get_persona("sato_hanako")


@pytest.fixture(scope="session")
def small_photo() -> bytes:
    # A real JPEG 2000 codestream header is not needed by the card: it stores bytes. A fixed
    # 3000-byte value spans several short reads and keeps unit tests free of the face stack.
    return bytes(range(256)) * 11 + b"\xff\xd9" * 92


@pytest.fixture
def card(hanako: Persona, tmp_path: Path, pki: MockPki, small_photo: bytes) -> VirtualCard:
    return VirtualCard(hanako, tmp_path / "cards", pki=pki, photo_jp2=lambda: small_photo)


@pytest.fixture(params=[False, True], ids=["short", "extended"])
def reader(request: pytest.FixtureRequest, card: VirtualCard) -> Iterator[InProcessReader]:
    yield InProcessReader(card, extended_length=request.param)
