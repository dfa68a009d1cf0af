"""The real service process on a free loopback port, a shared mock PKI, and client helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.eligibility.client import EligibilityClient
from kiosk.sim.pki import MockPki
from kiosk.sim.service.process import ServerProcess

from .helpers import NONCE_TTL, make_client


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return MockPki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pki: MockPki) -> Iterator[ServerProcess]:
    data = tmp_path_factory.mktemp("eligibility")
    with ServerProcess(data, pki_dir=pki.directory, nonce_ttl=NONCE_TTL) as proc:
        yield proc


@pytest.fixture
def fresh_server(tmp_path: Path, pki: MockPki) -> Iterator[ServerProcess]:
    """A server of its own, for tests that change state or restart it."""
    with ServerProcess(tmp_path / "data", pki_dir=pki.directory, nonce_ttl=NONCE_TTL) as proc:
        yield proc


@pytest.fixture(autouse=True)
def _no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    # The module's shared server must not carry one test's fault into the next.
    if "server" in request.fixturenames:
        proc: ServerProcess = request.getfixturevalue("server")
        if proc.pid is not None:
            proc.clear_faults()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[EligibilityClient]:
    with make_client(server) as opened:
        yield opened
