"""What staff record about a reception from the desk, stored on both databases: the desk's fields
(how it ended, partial, a name to check) and a correct name, audited, kept through a replay."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.ports import StaffActionKind
from kiosk.records.alerts import InvalidStaffName
from kiosk.records.reading import InvalidCorrection
from kiosk.records.store import RecordStore
from kiosk.sim.records import sample_record


def test_the_desk_fields_are_stored_and_a_correct_name_is_recorded_and_audited(
    store: RecordStore,
) -> None:
    store.save(replace(sample_record("p", name="髙●　一郎"), end_code="card_removed", partial=True))
    row = store.reception("p")
    assert row is not None and row.end_code == "card_removed" and row.partial and row.name_check
    with pytest.raises(InvalidStaffName):
        store.correct_name("p", "髙橋　一郎", " ")
    with pytest.raises(InvalidCorrection):
        store.correct_name("p", "   ", "佐藤")
    store.correct_name("p", "髙橋　一郎", "佐藤")
    row = store.reception("p")
    assert row is not None and (row.corrected_name, row.corrected_by) == ("髙橋　一郎", "佐藤")
    assert row.summary.name == "髙●　一郎"  # the received name is kept as it came
    [action] = store.alerts.staff_actions("p")
    assert (action.action, action.staff_name) == (StaffActionKind.CORRECT_NAME, "佐藤")
    # A replay of the same reception (the journal) keeps what the desk recorded.
    store.save(replace(sample_record("p", name="髙●　一郎"), end_code="card_removed", partial=True))
    again = store.reception("p")
    assert again is not None and again.corrected_name == "髙橋　一郎"
