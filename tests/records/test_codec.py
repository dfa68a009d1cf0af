from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from kiosk.ports import ReceptionOutcome
from kiosk.records.codec import JournalFormatError, record_from_dict, record_to_dict
from kiosk.sim.records import sample_record


@pytest.mark.parametrize("outcome", list(ReceptionOutcome))
def test_a_record_survives_the_journal_unchanged(outcome: ReceptionOutcome) -> None:
    record = sample_record("r-1", outcome=outcome, cert_der=b"\x30\x82\x00\xffcert")
    text = json.dumps(record_to_dict(record), ensure_ascii=False)
    assert record_from_dict(json.loads(text)) == record


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("kiosk_id"),
        lambda d: d.update(outcome="finished"),
        lambda d: d.update(format=99),
        lambda d: d.update(started_at="yesterday"),
        lambda d: d["consents"].append({"kind": "Unknown"}),
    ],
)
def test_a_damaged_entry_is_a_typed_error(damage: Callable[[dict[str, Any]], object]) -> None:
    data = record_to_dict(sample_record("r-1"))
    damage(data)
    with pytest.raises(JournalFormatError):
        record_from_dict(data)
