"""Every screen, all six languages, normal and large text: nothing clipped, touch targets of at
least 80 px, and the translated screens really translated."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.flow.codes import Code
from kiosk.flow.model import State
from kiosk.ui import theme
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.widgets import Words
from kiosk_dev.screenshots import sample_model


def _visible(window: QWidget, kind: type) -> list:
    return [w for w in window.findChildren(kind) if w.isVisibleTo(window) and w.isVisible()]


def clipped(window: QWidget) -> list[str]:
    problems = []
    for lab in _visible(window, QLabel):
        if not lab.text():
            continue
        if lab.wordWrap():
            need = lab.heightForWidth(lab.width())
            if need > lab.height() + 1:
                problems.append(f"label {lab.text()[:30]!r}: needs {need} px, has {lab.height()}")
        else:
            hint = lab.sizeHint()
            if hint.width() > lab.width() + 1 or hint.height() > lab.height() + 1:
                problems.append(
                    f"label {lab.text()[:30]!r}: {hint.toTuple()} in {lab.size().toTuple()}"
                )
    for b in _visible(window, QPushButton):
        hint = b.sizeHint()
        if hint.width() > b.width() + 1 or hint.height() > b.height() + 1:
            problems.append(f"button {b.text()!r}: {hint.toTuple()} in {b.size().toTuple()}")
    return problems


def small_targets(window: QWidget) -> list[str]:
    return [
        f"{b.objectName()} {b.size().toTuple()}"
        for b in _visible(window, QPushButton)
        if b.width() < theme.TOUCH_MIN_PX or b.height() < theme.TOUCH_MIN_PX
    ]


def use(window: QWidget, language: str, large: bool = False) -> None:
    if window.language() != language:  # type: ignore[attr-defined]
        window.set_language(language)  # type: ignore[attr-defined]
    if window.large_text != large:  # type: ignore[attr-defined]
        window.set_large_text(large)  # type: ignore[attr-defined]


def shown_text(w: QLabel | QPushButton) -> str:
    return w.plain() if isinstance(w, Words) else w.text()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_clipped_text_and_big_targets_on_every_screen(kiosk, clock, language, large) -> None:
    window = kiosk.window
    problems = []
    for state in State:
        window.show_model(sample_model(state, clock.monotonic()))
        use(window, language, large)  # after: the idle screen brings back the clinic's choice
        QApplication.processEvents()
        problems += [f"{state.value}: {p}" for p in clipped(window) + small_targets(window)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_translated_screens_show_no_english_source_text(kiosk, clock, language) -> None:
    from kiosk.ui import texts

    sources = {v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str)}
    sources |= set(texts.HINTS.values())
    sources -= {texts.OK}  # "OK" is the Portuguese word too
    window = kiosk.window
    for state in State:
        window.show_model(sample_model(state, clock.monotonic()))
        use(window, language)
        QApplication.processEvents()
        shown = [shown_text(w) for w in _visible(window, QLabel) + _visible(window, QPushButton)]
        assert not [t for t in shown if t in sources], state


def test_language_button_switches_the_shown_screen(kiosk, clock, qtbot) -> None:
    from PySide6.QtCore import Qt

    window = kiosk.window
    window.show_model(sample_model(State.DONE, clock.monotonic()))
    assert window.current.buttons()["provide"].text() == "提供する"
    qtbot.mouseClick(window.lang_button, Qt.MouseButton.LeftButton)
    assert window.current.buttons()["provide"].text() == "Provide"
    assert window.lang_button.text() == "日本語"
    qtbot.mouseClick(window.lang_button, Qt.MouseButton.LeftButton)
    assert window.current.buttons()["provide"].text() == "提供する"


def test_a_card_left_behind_and_taken_brings_back_the_clinics_language_and_text_size(
    kiosk,
) -> None:
    from kiosk.flow.model import Context, Model

    window = kiosk.window
    window.show_model(Model(State.FINISHED, Context(reception_id="r", reminders=2)))
    window.set_language("vi")
    window.set_large_text(True)
    window.show_model(Model(State.CLOSING, Context(walked_away=False)))  # the patient took it
    assert (window.language(), window.large_text) == ("vi", True)
    window.show_model(Model(State.FINISHED, Context(reception_id="r2", walked_away=True)))
    window.show_model(Model(State.CLOSING, Context(walked_away=True)))  # someone else took it
    assert (window.language(), window.large_text) == ("ja", False)


def test_the_juki_card_is_told_it_cannot_be_used(kiosk) -> None:
    from kiosk.flow.model import Context, Model

    window = kiosk.window
    window.show_model(Model(State.CARD_ERROR, Context(reception_id="r", error=Code.JUKI_CARD)))
    assert window.current.title.plain() == "住民基本台帳カードは保険証として使えません"
    assert "表向き" not in window.current.body[0].plain()


def test_contrast_of_every_colour_pair_is_at_least_4_5() -> None:
    low = {k: round(theme.contrast(*p), 2) for k, p in theme.PAIRS.items()}
    assert all(v >= 4.5 for v in low.values()), low


def test_scales_to_1920x1080_without_clipping(kiosk, clock) -> None:
    window = kiosk.window
    window.resize(1920, 1080)
    for state in (State.DONE, State.PIN_ENTRY, State.CONSENT_COMBINED, State.FACE_VERIFYING):
        window.show_model(sample_model(state, clock.monotonic()))
        QApplication.processEvents()
        assert not clipped(window), state


def _dead_end_models():
    from kiosk.flow.model import Context, Model

    locked = Context(reception_id="r", face_available=True, face_spent=True, pin_tries_left=0)
    return (
        Model(State.PIN_LOCKED, replace(locked, error=Code.ALREADY_LOCKED)),
        Model(State.FACE_FAILED, replace(locked, error=Code.FRONT_UNREADABLE)),
    )


def test_a_locked_pin_after_a_failed_face_offers_no_dead_button_and_says_call_staff(kiosk) -> None:
    window = kiosk.window
    use(window, "ja")
    lock, face = _dead_end_models()
    window.show_model(lock)
    words = [b.plain() for b in window.current.body]
    assert "暗証番号なしで発行されたカード" in words[0] and "3回" not in words[0]
    assert words[1] == "顔認証も使えません。「係員を呼ぶ」を押してください。"
    assert not window.current.buttons()["face"].isEnabled()
    window.show_model(face)
    assert "暗証番号も使えません" in window.current.body[1].plain()
    assert not window.current.buttons()["pin"].isEnabled()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dead_end_screens_fit_in_every_language(kiosk, clock, language) -> None:
    window = kiosk.window
    use(window, language, large=True)
    for model in _dead_end_models():
        window.show_model(model)
        QApplication.processEvents()
        assert clipped(window) == [], (model.state, language)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_front_hints_show_translated_and_whole_on_the_preparing_screen(
    kiosk, clock, language, large
) -> None:
    from kiosk.ui import texts

    window = kiosk.window
    window.show_model(sample_model(State.FACE_PREPARING, clock.monotonic()))
    use(window, language, large)
    for hint in sorted(texts.CARD_FRONT_HINTS):
        kiosk.controller.hint.emit(hint)  # as the card-front reader's worker sends it
        QApplication.processEvents()
        label = window.current.hint_label
        assert label.isVisible() and shown_text(label), hint
        if language != "en":
            assert shown_text(label) != texts.HINTS[hint], (language, hint)
        assert not clipped(window), (language, hint)
