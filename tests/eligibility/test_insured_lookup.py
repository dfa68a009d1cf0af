"""The 被保険者番号 lookup through the real service process: staff find a patient without a
usable card by 保険者番号, 記号・番号・枝番 and birth date (the web desk's form over it is tested
in tests/desk)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.desk.actions import lookup
from kiosk.desk.views import LOOKUP_LOCKED_ALERT, queue_line
from kiosk.eligibility.client import EligibilityClient, InsuredNumbers
from kiosk.ports import (
    EligibilityError,
    EligibilityErrorKind,
    ReceptionOutcome,
    StaffActionKind,
    VerificationMethod,
)
from kiosk.records.alerts import InvalidStaffName
from kiosk.records.manual import LookupInputError, lookup_and_record, parse_lookup
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.staff_view import staff_line
from kiosk.records.store import RecordStore, open_store
from kiosk.records.summary import summarize
from kiosk.sim.personas import get_persona
from kiosk.sim.service.limits import MISSES_PER_NUMBER
from kiosk.sim.service.process import ServerProcess

from .helpers import make_client

HANAKO = get_persona("sato_hanako")
NUMBERS = InsuredNumbers(
    insurer_number=HANAKO.insurance.insurer_number,
    symbol=HANAKO.insurance.symbol,
    number=HANAKO.insurance.number,
    branch=HANAKO.insurance.branch,
    birth_date=HANAKO.birth_date,
)


def test_the_numbers_and_birth_date_find_the_person(client: EligibilityClient) -> None:
    q = client.lookup_insured(NUMBERS, key="desk:lookup-1")
    assert (q.validity, q.name, q.birth_date) == ("1", HANAKO.name, HANAKO.birth_date)
    assert q.document["MessageHeader"]["ReferenceClassification"] == "2"  # 被保険者証情報
    s = summarize(q.document)
    assert (s.insurer_number, s.insured_number) == (HANAKO.insurance.insurer_number, "20000")


def test_full_width_digits_and_no_branch_still_match(client: EligibilityClient) -> None:
    wide = replace(NUMBERS, number="２００００", branch="")
    assert client.lookup_insured(wide, key="desk:lookup-2").name == HANAKO.name


@pytest.mark.parametrize(
    "wrong",
    [
        replace(NUMBERS, birth_date=NUMBERS.birth_date.replace(day=4)),
        replace(NUMBERS, number="20001"),
    ],
)
def test_numbers_nobody_has_are_no_qualification(
    client: EligibilityClient, wrong: InsuredNumbers
) -> None:
    with pytest.raises(EligibilityError) as caught:
        client.lookup_insured(wrong, key=f"desk:lookup-{wrong.number}-{wrong.birth_date}")
    assert caught.value.kind is EligibilityErrorKind.NO_QUALIFICATION


def test_a_malformed_insurer_number_is_refused_clearly(client: EligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        client.lookup_insured(replace(NUMBERS, insurer_number="12a"), key="desk:lookup-bad")
    assert caught.value.kind is not EligibilityErrorKind.UNREACHABLE


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    opened = open_store(
        DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}", journal_dir=str(tmp_path / "j"))
    )
    yield opened
    opened.close()


def test_a_lookup_is_recorded_as_a_reception_of_its_own_and_audited(
    client: EligibilityClient, store: RecordStore
) -> None:
    found = lookup_and_record(client, store, NUMBERS, "佐藤")
    nobody = lookup_and_record(client, store, replace(NUMBERS, number="1"), "佐藤")
    row = store.reception(found.reception_id)
    assert row is not None and row.kiosk_id == "desk" and row.method is VerificationMethod.MANUAL
    assert row.outcome is ReceptionOutcome.COMPLETE and row.summary.name == HANAKO.name
    assert staff_line(row).cells[4] == "手入力照会（受付）"
    missing = store.reception(nobody.reception_id)
    assert missing is not None and missing.outcome is ReceptionOutcome.INELIGIBLE
    assert "該当する資格がありません" in staff_line(missing).cells[7]
    audit = [(a.action, a.staff_name) for a in store.alerts.staff_actions(found.reception_id)]
    assert audit == [(StaffActionKind.MANUAL_LOOKUP, "佐藤")]


def test_a_lookup_without_a_staff_name_records_nothing(
    client: EligibilityClient, store: RecordStore
) -> None:
    with pytest.raises(InvalidStaffName):
        lookup_and_record(client, store, NUMBERS, "")
    assert store.count() == 0


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (("1234", "", "1", "", "1980-04-01"), "保険者番号"),
        (("01130012", "", "", "", "1980-04-01"), "番号"),
        (("01130012", "", "1", "1", "1980-04-01"), "枝番"),
        (("01130012", "", "1", "", "1980-02-30"), "生年月日"),
        (("01130012", "", "1", "", "2999-01-01"), "生年月日"),
    ],
)
def test_what_staff_type_wrongly_is_said_in_japanese(
    fields: tuple[str, str, str, str, str], words: str
) -> None:
    with pytest.raises(LookupInputError, match=words):
        parse_lookup(*fields)


def test_full_width_input_is_read_as_staff_mean_it() -> None:
    numbers = parse_lookup(
        "０１１３００１２", " 1000 ", "２００００", "００", "１９９１－０６－０３"
    )
    assert numbers == replace(NUMBERS, birth_date=date(1991, 6, 3))


def test_the_desk_looks_up_in_wareki_and_lists_the_patient(
    server: ServerProcess, store: RecordStore
) -> None:
    """The web desk's lookup (kiosk.desk.actions, what its POST /lookup runs) against the real
    service: a 和暦 birth date and full-width digits; the answer is listed as a desk reception."""
    typed = {"insurer": "01130012", "symbol": "1000", "number": "２００００", "branch": "00",
             "birth": "平成3年6月3日"}  # fmt: skip
    today = datetime.now(CLINIC_TZ).date()
    with make_client(server) as desk_client:
        result = lookup(store, desk_client, typed, "佐藤", today)
    assert result.done, result.messages
    [(_where, text, ok)] = result.messages
    assert ok and text.startswith("照会結果：資格あり（平成3年6月3日生まれ"), text
    [row] = store.receptions_on(today)
    assert staff_line(row).cells[1:3] == ("desk", HANAKO.name)


def test_guessing_a_birth_date_is_locked_after_a_few_misses(client: EligibilityClient) -> None:
    """Issue 25 F9: with someone's insurance numbers, birth dates tried one by one are locked
    after five misses (the real date then too), so the document cannot be farmed."""
    guesses = [replace(NUMBERS, birth_date=date(1980, 1, day)) for day in range(1, 6)]
    for i, guess in enumerate(guesses):
        with pytest.raises(EligibilityError) as missed:
            client.lookup_insured(guess, key=f"desk:guess-{i}")
        assert missed.value.kind is EligibilityErrorKind.NO_QUALIFICATION
    with pytest.raises(EligibilityError) as locked:
        client.lookup_insured(NUMBERS, key="desk:guess-right")
    assert locked.value.kind is EligibilityErrorKind.LOOKUP_LOCKED
    assert "try again in" in locked.value.detail
    other = replace(NUMBERS, number="99999", birth_date=date(1990, 1, 1))
    with pytest.raises(EligibilityError) as unknown:  # other numbers are not locked
        client.lookup_insured(other, key="desk:other")
    assert unknown.value.kind is EligibilityErrorKind.NO_QUALIFICATION


def test_a_locked_lookup_alerts_every_desk(fresh_server: ServerProcess, store: RecordStore) -> None:
    """Issue 25 item 4: when the service locks the lookup (birth dates being guessed), the desk
    that asked reads why and until when, and every desk gets an alert, so staff learn that
    someone is guessing even when the guesses came from elsewhere."""
    today = datetime.now(CLINIC_TZ).date()
    typed = {"insurer": "01130012", "symbol": "1000", "number": "20000", "branch": "00"}
    with make_client(fresh_server) as desk_client:
        for day in range(1, MISSES_PER_NUMBER + 1):
            missed = lookup(store, desk_client, typed | {"birth": f"1980-01-{day:02d}"}, "佐藤",
                            today)  # fmt: skip
            assert missed.done and store.alerts.queue() == [], missed.messages
        locked = lookup(store, desk_client, typed | {"birth": "平成3年6月3日"}, "佐藤", today)
    assert not locked.done
    [(_where, text, ok)] = locked.messages
    assert not ok and "照会を一時止めています" in text and "分後に再開" in text, text
    [queued] = store.alerts.queue()
    assert (queued.alert.kiosk_id, queued.alert.detail) == ("desk", LOOKUP_LOCKED_ALERT)
    assert "照会が止められました" in queue_line(queued).reason
