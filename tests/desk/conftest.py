"""The web desk in tests: a records store, the desk application over a TestClient speaking
https://testserver (the session cookie is Secure), and a signed-in staff member."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiosk.config import DatabaseConfig
from kiosk.desk.app import Desk, create_app
from kiosk.desk.sessions import SessionBook
from kiosk.ports import Qualification
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import sample_record
from tests.records.conftest import db_config, postgres, store  # noqa: F401  (same databases)

PASSWORD = "correct horse battery"
BASE = "https://testserver"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeLookup:
    """The eligibility client's lookup, answering from a table (no service, no credential)."""

    def __init__(self) -> None:
        self.asked: list[object] = []

    def lookup_insured(self, numbers: object, *, key: str) -> Qualification:
        self.asked.append(numbers)
        document = sample_record("x").qualification or {}
        return Qualification("1", "試験 太郎", date(1991, 6, 3), False, document)

    def close(self) -> None:
        pass


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[RecordStore]:
    config = DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                            journal_dir=str(tmp_path / "journal"))  # fmt: skip
    opened = open_store(config)
    yield opened
    opened.close()


@dataclass
class DeskRig:
    desk: Desk
    clock: FakeClock

    def client(self) -> TestClient:
        return TestClient(create_app(self.desk), base_url=BASE, follow_redirects=False)


@pytest.fixture
def rig(sqlite_store: RecordStore) -> DeskRig:
    clock = FakeClock()
    desk = Desk(sqlite_store, sessions=SessionBook(clock=clock), clinic_name="テスト診療所",
                watch=False, client=FakeLookup())  # type: ignore[arg-type]  # fmt: skip
    desk.accounts.add("佐藤", PASSWORD)
    desk.accounts.add("田中", PASSWORD)
    return DeskRig(desk, clock)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found[1]


def sign_in(client: TestClient, name: str = "佐藤", password: str = PASSWORD) -> str:
    """Sign in; the CSRF token of the signed-in session."""
    page = client.get("/login")
    response = client.post("/login", data={"csrf": csrf_of(page.text), "name": name,
                                           "password": password})  # fmt: skip
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/", headers={"accept": "text/html"}).text)
