"""Which names staff must check: ● from the real system, characters outside JIS X 0208."""

from __future__ import annotations

import pytest

from kiosk.eligibility.names import (
    name_needs_check,
    patient_facing_name,
    replaced_characters,
    shift_jis_text,
)


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("佐藤\u3000花子", False),  # JIS X 0208 kanji and the full-width space
        ("渡邉\u3000愛子", False),  # 邉 is in JIS X 0208 (level 2)
        ("髙橋\u3000健二", True),  # 髙 only in cp932's IBM rows, not in JIS X 0208
        ("𠮷田\u3000誠", True),  # outside the BMP, in no Shift_JIS
        ("●田\u3000ゆり", True),  # the real system could not send a character
        ("", False),
        (None, False),
    ],
)
def test_names_staff_must_check(name: str | None, flagged: bool) -> None:
    assert name_needs_check(name) is flagged
    assert (patient_facing_name(name) is None) is (flagged or not name)


def test_replacement_keeps_length_and_marks_each_character() -> None:
    assert replaced_characters("𠮷髙●子") == ["𠮷", "髙", "●"]
    assert shift_jis_text("𠮷田\u3000髙子") == "●田\u3000●子"
    assert shift_jis_text("𠮷田").encode("shift_jis") == "●田".encode("shift_jis")
