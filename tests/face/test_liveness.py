from __future__ import annotations

from kiosk.face.hints import Hint
from kiosk.face.liveness import BlinkCheck, TurnCheck, eye_aspect_ratio, measures


def _eye(height: float) -> list[tuple[int, int]]:
    return [
        (0, 0),
        (3, -round(height)),
        (7, -round(height)),
        (10, 0),
        (7, round(height)),
        (3, round(height)),
    ]


def test_eye_aspect_ratio_falls_when_the_eye_closes() -> None:
    assert eye_aspect_ratio(_eye(2)) > 0.3
    assert eye_aspect_ratio(_eye(0)) == 0.0


def test_blink_needs_open_closed_open() -> None:
    check = BlinkCheck()
    for ear in (0.32, 0.31, 0.33, 0.30):
        check.feed(ear, 0.0)
    assert not check.passed
    check.feed(0.12, 0.0)
    assert not check.passed
    check.feed(0.31, 0.0)
    assert check.passed


def test_a_still_face_never_blinks() -> None:
    check = BlinkCheck()
    for i in range(300):
        check.feed(0.30 + 0.01 * (i % 3), 0.0)
    assert not check.passed


def test_turn_must_go_the_asked_way_and_come_back() -> None:
    wrong = TurnCheck(Hint.TURN_LEFT)
    right = TurnCheck(Hint.TURN_LEFT)
    for yaw in (0.02, 0.03, 0.02, -0.2, -0.25, 0.02):
        wrong.feed(0.3, yaw)
    for yaw in (0.02, 0.03, 0.02, 0.2, 0.25, 0.02):
        right.feed(0.3, yaw)
    assert not wrong.passed and right.passed


def test_measures_needs_eyes_and_nose() -> None:
    assert measures({"left_eye": _eye(2)}) is None
