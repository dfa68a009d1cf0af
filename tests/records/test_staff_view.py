from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.records.staff_view import staff_line
from kiosk.records.store import ReceptionRow
from kiosk.records.summary import ResultSummary
from kiosk.sim.records import JST

ROW = ReceptionRow(
    reception_id="r",
    kiosk_id="kiosk-01",
    started_at=datetime(2026, 11, 23, 9, 30, tzinfo=JST),
    ended_at=datetime(2026, 11, 23, 9, 32, tzinfo=JST),
    outcome=ReceptionOutcome.COMPLETE,
    method=VerificationMethod.FACE,
    end_reason="card taken",
    needs_staff=False,
    registered_now=False,
    limit_provided=False,
    summary=ResultSummary(
        validity="1",
        name="試験 一郎",
        insurer_number="06139993",
        contribution_ratio="020",
        limit_flag="B04",
    ),
    consents=(),
)


def test_complete_face_reception_without_limit_info_is_not_highlighted() -> None:
    line = staff_line(ROW)
    assert line.cells == ("09:30:00", "試験 一郎", "有効 06139993 2割", "顔認証", "—",
                          "提供なし", "受付完了")  # fmt: skip
    assert not line.needs_staff


def test_visual_check_and_ineligible_receptions_need_staff() -> None:
    assert staff_line(replace(ROW, method=VerificationMethod.VISUAL)).needs_staff
    ineligible = staff_line(
        replace(ROW, outcome=ReceptionOutcome.INELIGIBLE, summary=ResultSummary(validity="2"))
    )
    assert ineligible.needs_staff
    assert ineligible.cells[1] == "（未確認）"
    assert ineligible.cells[2] == "無効"


def test_abandoned_reception_says_why_and_provided_limit_shows_its_category() -> None:
    line = staff_line(
        replace(ROW, outcome=ReceptionOutcome.ABANDONED, end_reason="card removed",
                limit_provided=True)
    )  # fmt: skip
    assert line.cells[6] == "中断：card removed"
    assert line.cells[5] == "一般"
