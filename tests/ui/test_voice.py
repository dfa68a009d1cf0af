"""Voice guidance through the real engines: Open JTalk reads every spoken Japanese text as
Japanese (its own text analysis gives every word a kana reading), espeak-ng reads the other
languages in their own voice, one utterance at a time, reminders never restart themselves,
errors are said, staff screens are silent."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.flow.codes import Code
from kiosk.flow.model import Context, Model, State
from kiosk.ui import texts
from kiosk.ui.voice import (
    ESPEAK_VOICES,
    Voice,
    japanese_command,
    player_command,
    synth_command,
)
from kiosk_dev.screenshots import sample_model

FAKE_CARD = Path(__file__).with_name("fake_sound_card.py")
KANA = re.compile(r"^[\u30a0-\u30ffー、]+$")
# How espeak-ng reads a character it has no rules for: its Unicode block's name, in English
# ("Chinese letter", "Japanese letter").
LETTER_NAME = re.compile(r"\(en\)[^(]*l'[eE]t")


def spoken_texts(window, clock, language: str) -> set[str]:  # type: ignore[no-untyped-def]
    """What the kiosk would say on every screen in this language, and the reminder."""
    said = set()
    for state in State:
        window.show_model(sample_model(state, clock.monotonic()))
        if window.language() != language:
            window.set_language(language)
        said.add(window.current.spoken())
    said.add(window.reminder.text())
    return {s for s in said if s}


def analysis(text: str, tmp_path: Path) -> list[list[str]]:
    """Open JTalk's own text analysis of ``text``: one row per word (surface, ..., reading)."""
    trace = tmp_path / "trace.txt"
    cmd = japanese_command(trace=str(trace))
    assert cmd is not None
    subprocess.run(cmd, input=text.encode(), stdout=subprocess.DEVNULL, check=True, timeout=60)
    lines = trace.read_text(encoding="utf-8").split("[Output label]")[0].splitlines()
    return [line.split(",") for line in lines[1:] if line.strip()]


def test_every_spoken_japanese_text_is_read_in_japanese(kiosk, clock, tmp_path) -> None:
    said = spoken_texts(kiosk.window, clock, "ja")
    assert len(said) > 25
    problems = []
    for text in sorted(said):
        rows = analysis(text, tmp_path)
        for row in rows:
            surface, pos, reading = row[0], row[1], row[8]
            if pos != "記号" and not KANA.match(reading):
                problems.append(f"{text}: {surface} read as {reading!r}")
        assert "".join(r[8] for r in rows if r[1] != "記号"), text
    assert not problems, "\n".join(problems)


def test_known_words_get_their_reading(tmp_path) -> None:
    reading = "".join(r[8] for r in analysis("係員：目視確認。暗証番号が違います。", tmp_path))
    assert "カカリイン" in reading and "アンショウバンゴウ" in reading.replace("ー", "ウ")


@pytest.mark.parametrize("language", sorted(ESPEAK_VOICES))
def test_other_languages_are_read_by_their_own_espeak_voice(kiosk, clock, language) -> None:
    said = spoken_texts(kiosk.window, clock, language)
    cmd = synth_command(language)
    assert cmd is not None
    voice = cmd[cmd.index("-v") + 1]
    switched = []
    for text in sorted(said):
        out = subprocess.run(["espeak-ng", "-q", "-x", "-v", voice, text], capture_output=True,
                             text=True, check=True, timeout=60).stdout  # fmt: skip
        if LETTER_NAME.search(out):
            switched.append(f"{text}: {out.strip()}")
    assert not switched, "\n".join(switched)


def test_chinese_is_spoken_in_mandarin_as_speech_of_its_length(kiosk, clock) -> None:
    """Every Chinese screen text is read as Mandarin syllables (pinyin phonemes, no English
    "letter" names) and becomes a WAV about as long as its characters take to say."""
    cmd = synth_command("zh")
    assert cmd is not None and "cmn" in cmd
    data = cmd[cmd.index("--path") + 1]
    said = spoken_texts(kiosk.window, clock, "zh")
    assert len(said) > 25
    for text in sorted(said):
        phonemes = subprocess.run(["espeak-ng", "--path", data, "-q", "-x", "-v", "cmn", text],
                                  capture_output=True, text=True, check=True,
                                  timeout=60).stdout  # fmt: skip
        assert not LETTER_NAME.search(phonemes), (text, phonemes)
        if not re.search("[A-Za-z]", text):  # a Latin word (iPhone) is read in English
            assert "(en)" not in phonemes, (text, phonemes)  # Debian's data: every character
    wav = subprocess.run(cmd, input="请把卡放在读卡器上。".encode(), capture_output=True,
                         check=True, timeout=60).stdout  # fmt: skip
    seconds = (len(wav) - 44) / (22050 * 2)  # espeak-ng: 22.05 kHz, 16-bit mono
    assert 1.5 < seconds < 6.0, seconds  # 10 syllables, not silence and not a spelled name


# --- one at a time -------------------------------------------------------------------------


def player_log(path: Path) -> tuple[list[int], int]:
    lines = path.read_text().splitlines() if path.exists() else []
    starts = [int(line.split()[2]) for line in lines if line.startswith("start")]
    ends = [line for line in lines if line.startswith("end")]
    return starts, len(ends)


def test_a_new_screen_interrupts_and_utterances_never_overlap(
    kiosk, clock, qtbot, tmp_path
) -> None:
    log = tmp_path / "player.log"
    window = kiosk.window
    window.voice = Voice(True, [sys.executable, str(FAKE_CARD), str(log)])
    heard: list[str] = []
    window.voice.started.connect(heard.append)
    flow = [State.READING, State.CHOOSE_METHOD, State.PIN_CHECKING, State.PIN_ENTRY,
            State.PIN_VERIFYING, State.QUERYING, State.CONSENT_MEDICATION]  # fmt: skip
    for state in flow:  # faster than anyone can listen: each one cuts the one before
        window.show_model(sample_model(state, clock.monotonic()))
        qtbot.wait(120)
    qtbot.waitUntil(lambda: not window.voice.busy, timeout=60_000)
    starts, ends = player_log(log)
    assert starts and all(n == 0 for n in starts), starts  # no player while another played
    assert ends >= 1  # the last one was heard to its end
    assert heard[-1] == texts.tr(texts.CONSENT_MEDICATION_TITLE)
    assert len(starts) <= len(heard) <= len(flow)  # a player killed at once may not log


def test_a_reminder_waits_for_its_own_end(kiosk, qtbot, tmp_path) -> None:
    log = tmp_path / "player.log"
    voice = Voice(True, [sys.executable, str(FAKE_CARD), str(log)])
    heard: list[str] = []
    voice.started.connect(heard.append)
    reminder = texts.tr(texts.TAKE_CARD_REMINDER)
    voice.remind(reminder, "ja")
    qtbot.waitUntil(lambda: len(player_log(log)[0]) == 1, timeout=30_000)
    for _ in range(3):  # the reminder's timer fires again while it is still being said
        voice.remind(reminder, "ja")
        qtbot.wait(50)
    qtbot.waitUntil(lambda: not voice.busy, timeout=60_000)
    assert heard == [reminder] and player_log(log) == ([0], 1)
    voice.close()


def test_errors_are_said_and_staff_screens_are_silent(kiosk, clock) -> None:
    window = kiosk.window
    window.set_language("ja")
    wrong = Model(
        State.PIN_ENTRY, Context(reception_id="r", pin_tries_left=1, error=Code.WRONG_PIN)
    )
    window.show_model(wrong)
    said = window.current.spoken()
    assert said.startswith(texts.tr(texts.WRONG_PIN)) and texts.tr(texts.LAST_TRY) in said
    window.show_model(sample_model(State.STAFF_COMPARE, clock.monotonic()))
    assert window.current.spoken() == ""
    assert window.exit_screen.spoken() == ""
    QApplication.processEvents()


def test_the_pin_prompt_is_said_once_and_again_only_for_a_wrong_pin(kiosk, clock) -> None:
    """Issue 26: every digit tap (a model update: Touch) restarted 「暗証番号（4桁）を…」."""
    window = kiosk.window
    said: list[str] = []
    window.voice.say = lambda text, language: said.append(text)  # type: ignore[method-assign]
    entry = Model(State.PIN_ENTRY, Context(reception_id="r", pin_tries_left=3))
    window.show_model(entry)
    for _ in range(4):  # four taps on the keypad
        window.show_model(entry)
    assert len(said) == 1
    wrong = Model(State.PIN_ENTRY, Context(reception_id="r", pin_tries_left=2,
                                           error=Code.WRONG_PIN))  # fmt: skip
    window.show_model(wrong)
    window.show_model(wrong)
    assert len(said) == 2 and said[1] != said[0]  # the wrong PIN is said, once


def test_headphones_get_the_voice_and_the_first_screen_says_so(kiosk, clock) -> None:
    """``ui.voice_headphones``: aplay's ``-D`` names the device; the first words of each
    reception tell the patient where the voice comes from, and the bar shows it."""
    assert player_command(["aplay", "-q", "-"], "plughw:CARD=Headset") == [
        "aplay", "-D", "plughw:CARD=Headset", "-q", "-",
    ]  # fmt: skip
    assert player_command(["aplay", "-q", "-"], "") == ["aplay", "-q", "-"]
    window = kiosk.window
    window.voice = Voice(False, headphones="plughw:CARD=Headset")
    said: list[str] = []
    window.voice.say = lambda text, language: said.append(text)  # type: ignore[method-assign]
    notice = texts.tr(texts.VOICE_HEADPHONES)
    for _ in range(2):  # two patients
        for state in (State.READING, State.CHOOSE_METHOD, State.IDLE):
            window.show_model(sample_model(state, clock.monotonic()))
    assert [s.startswith(notice) for s in said] == [True, False, True, False]


def test_say_again_repeats_the_screen(kiosk, clock) -> None:
    window = kiosk.window
    said: list[str] = []
    window.voice.say = lambda text, language: said.append(text)  # type: ignore[method-assign]
    window.show_model(sample_model(State.CHOOSE_METHOD, clock.monotonic()))
    window.again_button.click()
    assert len(said) == 2 and said[0] == said[1] == window.current.spoken()
    window.show_model(sample_model(State.STAFF_COMPARE, clock.monotonic()))
    said.clear()
    window.again_button.click()
    assert said == []  # staff screens say nothing, asked or not
