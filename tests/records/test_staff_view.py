from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from kiosk.ports import AlertReason, ReceptionOutcome, StaffAlert, VerificationMethod
from kiosk.records.rows import ReceptionRow
from kiosk.records.staff_view import END_TEXT, alert_line, staff_line
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
    assert line.cells == ("09:30:00", "kiosk-01", "試験 一郎", "有効 06139993 2割", "顔認証",
                          "—", "提供なし", "受付完了")  # fmt: skip
    assert not line.needs_staff


def test_visual_check_and_ineligible_receptions_need_staff() -> None:
    assert staff_line(replace(ROW, method=VerificationMethod.VISUAL)).needs_staff
    ineligible = staff_line(
        replace(ROW, outcome=ReceptionOutcome.INELIGIBLE, summary=ResultSummary(validity="2"))
    )
    assert ineligible.needs_staff
    assert ineligible.cells[2] == "氏名未取得（資格確認前）"
    assert ineligible.cells[3] == "無効"


def test_abandoned_reception_says_why_and_provided_limit_shows_its_category() -> None:
    line = staff_line(
        replace(ROW, outcome=ReceptionOutcome.ABANDONED, end_reason="card removed in pin_entry",
                end_code="card_removed", limit_provided=True)
    )  # fmt: skip
    assert line.cells[7] == "中断：途中でカードが取られました（the card was taken mid-way）"
    assert line.cells[6] == "区分一般"


def test_a_reception_in_the_certificates_grace_says_why_no_consent_was_asked() -> None:
    line = staff_line(replace(ROW, end_code="cert_grace"))
    assert line.cells[5] == "同意なし：証明書の期限切れ（資格確認のみ）"
    assert line.cells[7] == "受付完了" and not line.needs_staff


@pytest.mark.parametrize("code", sorted(END_TEXT))
def test_every_end_code_is_said_in_japanese_and_english(code: str) -> None:
    line = staff_line(replace(ROW, outcome=ReceptionOutcome.ABANDONED, end_code=code))
    ja, en = END_TEXT[code]
    assert line.cells[7] == f"中断：{ja}（{en}）" and "_" not in ja


def test_an_unknown_end_code_falls_back_to_the_recorded_reason() -> None:
    line = staff_line(
        replace(ROW, outcome=ReceptionOutcome.ABANDONED, end_code="new_thing", end_reason="x y")
    )
    assert line.cells[7] == "中断：x y"


def test_a_reception_before_eligibility_is_identifiable() -> None:
    line = staff_line(
        replace(ROW, outcome=ReceptionOutcome.ABANDONED, summary=ResultSummary(), method=None,
                end_code="cancelled", kiosk_id="kiosk-03")
    )  # fmt: skip
    assert line.cells[:3] == ("09:30:00", "kiosk-03", "氏名未取得（資格確認前）")
    assert "やめる" in line.cells[7]


def test_insured_numbers_are_shown_once_known() -> None:
    summary = replace(ROW.summary, insured_card_symbol="1234", insured_number="567",
                      insured_branch="01")  # fmt: skip
    assert staff_line(replace(ROW, summary=summary)).cells[3] == "有効 06139993 1234・567（01） 2割"


def test_a_partial_reception_is_flagged_and_needs_staff() -> None:
    line = staff_line(replace(ROW, partial=True, end_code="card_removed"))
    assert line.needs_staff
    assert line.cells[7].startswith("受付完了・一部未完了：同意が記録されていません")


def test_the_limit_category_is_shown_and_its_absence_said() -> None:
    with_flag = replace(ROW, limit_provided=True, summary=replace(ROW.summary, limit_flag="A03"))
    assert staff_line(with_flag).cells[6] == "区分ウ"
    without = replace(ROW, limit_provided=True, summary=replace(ROW.summary, limit_flag=None))
    assert staff_line(without).cells[6] == "提供あり（区分は資格情報になし）"


def test_a_name_with_placeholders_is_flagged_until_the_correct_name_is_recorded() -> None:
    odd = replace(ROW, summary=replace(ROW.summary, name="髙●　一郎"), name_check=True)
    line = staff_line(odd)
    assert line.name_check and line.needs_staff and "⚠氏名要確認" in line.cells[2]
    fixed = staff_line(replace(odd, corrected_name="髙橋　一郎", corrected_by="佐藤"))
    assert not fixed.needs_staff
    assert fixed.cells[2] == "髙橋　一郎（訂正：佐藤／受信：髙●　一郎）"


def test_the_desk_offers_the_visual_check_unless_the_card_is_in_the_patients_hand() -> None:
    call = StaffAlert(1, "kiosk-01", AlertReason.CALL, "choose_method", "r",
                      datetime(2026, 11, 23, 9, 30, tzinfo=JST))  # fmt: skip
    assert alert_line(call, running=True).can_check
    assert not alert_line(call, running=False).can_check  # the reception is over
    lifted = replace(call, detail="card_return")  # one camera for both: nothing to compare yet
    assert not alert_line(lifted, running=True).can_check
