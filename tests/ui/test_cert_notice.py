"""The renewal notice of the card's certificate, in the patient's language with its dates: from
3 months before the expiry (the closing screen) to the end of the grace (the limit question,
where a patient in the grace arrives without any consent question)."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.flow.certificate import CertStatus
from kiosk.flow.model import Context, Model, State


def _alert(kiosk, state: State, language: str, **ctx: object) -> str:  # type: ignore[no-untyped-def]
    window = kiosk.window
    window.show_model(Model(state, Context(reception_id="r1", **ctx)))  # type: ignore[arg-type]
    window.set_language(language)
    screen = window.current
    screen.show_texts()
    return screen.alert.plain() if screen.alert.isVisible() else ""


def _end_of(year: int, month: int, day: int) -> datetime:
    """notAfter at the last second of that day in Japan."""
    return datetime(year, month, day, 14, 59, 59, tzinfo=UTC)


def test_in_the_grace_the_limit_question_says_until_when_and_what_is_not_shared(kiosk) -> None:
    grace = {"cert_expires": _end_of(2026, 10, 15), "cert_status": CertStatus.GRACE}
    ja = _alert(kiosk, State.DONE, "ja", **grace)
    assert "2026年10月15日" in ja and "2027年1月31日" in ja and "提供できません" in ja
    en = _alert(kiosk, State.DONE, "en", **grace)
    assert "2026-10-15" in en and "2027-01-31" in en and "no medical or medication data" in en
    assert "15/10/2026" in _alert(kiosk, State.DONE, "pt", **grace)


def test_before_the_expiry_the_closing_screen_asks_to_renew(kiosk) -> None:
    soon = {"cert_expires": _end_of(2027, 1, 10), "cert_status": CertStatus.EXPIRING}
    assert "2027年1月10日" in _alert(kiosk, State.FINISHED, "ja", **soon)
    assert "2027년 1월 10일" in _alert(kiosk, State.FINISHED, "ko", **soon)


def test_a_valid_or_unread_certificate_shows_no_notice(kiosk) -> None:
    valid = {"cert_expires": _end_of(2030, 1, 10), "cert_status": CertStatus.VALID}
    assert _alert(kiosk, State.FINISHED, "ja", **valid) == ""
    assert _alert(kiosk, State.DONE, "ja") == ""
