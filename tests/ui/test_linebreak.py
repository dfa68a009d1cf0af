"""Japanese line breaking: every Japanese text, laid out the way its label lays it out, at both
text sizes and several widths, breaks only between phrases — never inside a word, never before
a small kana, 。、」 or ー."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from kiosk.flow.model import State
from kiosk.ui import linebreak, texts, theme
from kiosk.ui.widgets import Words
from kiosk_dev.screenshots import sample_model

NO_LINE_START = linebreak.NO_LINE_START
WIDTHS = (360, 520, 700, 860)  # from the face screen's side column to a full text column


def line_starts(text: str, font: QFont, width: int) -> list[int]:
    """Where each line after the first begins, as Qt wraps a word-wrapped label."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return starts[1:]


def bad_breaks(text: str, font: QFont, width: int) -> list[str]:
    """Breaks inside a phrase or before a character that must not start a line, shown as
    before／after in the plain text."""
    shown = linebreak.japanese(text)
    plain_index = [
        i for i, ch in enumerate(shown) if ch not in (linebreak.NO_BREAK, linebreak.MAY_BREAK)
    ]
    allowed = set()
    pos = 0
    for phrase in linebreak.phrases(text):
        pos += len(phrase)
        allowed.add(pos)
    problems = []
    for start in line_starts(shown, font, width):
        # the plain index of the first visible character of the line
        at = next((k for k, i in enumerate(plain_index) if i >= start), len(text))
        if at == 0 or at >= len(text):
            continue
        if at not in allowed or text[at] in NO_LINE_START:
            problems.append(f"{text[max(0, at - 6) : at]}／{text[at : at + 6]}")
    return problems


def fonts() -> list[QFont]:
    out = []
    for large in (False, True):
        k = theme.LARGE_SCALE if large else 1.0
        for px, bold in ((24, False), (36, True), (30, True), (20, False)):
            f = QFont(theme.FONT_FAMILY)
            f.setPixelSize(round(px * k))
            f.setBold(bold)
            out.append(f)
    return out


def japanese_texts() -> list[str]:
    sources = [v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str)]
    sources += list(texts.HINTS.values())
    out = [QCoreApplication.translate(texts.CONTEXT, s) for s in sources]
    return [t.replace("{n}", "12") for t in out if any("\u3040" <= ch <= "\u30ff" for ch in t)]


def test_plain_qt_breaks_inside_words_and_ours_does_not(qapp: QApplication, kiosk) -> None:
    """The test can fail: the same text without our marks breaks inside a phrase."""
    kiosk.window.set_language("ja")
    text = QCoreApplication.translate(texts.CONTEXT, texts.DONE_LIMIT)
    font = fonts()[0]
    naive = []
    for width in range(300, 900, 7):
        phrases_end = set()
        pos = 0
        for p in linebreak.phrases(text):
            pos += len(p)
            phrases_end.add(pos)
        naive += [s for s in line_starts(text, font, width) if s not in phrases_end]
        assert bad_breaks(text, font, width) == [], width
    assert naive, "Qt alone never broke inside a phrase: the test would prove nothing"


def test_every_japanese_text_breaks_between_phrases_at_both_sizes(kiosk) -> None:
    kiosk.window.set_language("ja")
    problems = []
    for text in japanese_texts():
        for font in fonts():
            for width in WIDTHS:
                problems += [
                    f"{width}px {font.pixelSize()}px: {p}" for p in bad_breaks(text, font, width)
                ]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_japanese_label_on_every_screen_breaks_between_phrases(kiosk, clock, large) -> None:
    window = kiosk.window
    problems = []
    for state in State:
        window.show_model(sample_model(state, clock.monotonic()))
        if window.language() != "ja" or window.large_text != large:
            window.set_language("ja")
            window.set_large_text(large)
        QApplication.processEvents()
        for lab in window.current.findChildren(Words):
            if not (lab.isVisible() and lab.wordWrap() and lab.plain()):
                continue
            width = lab.contentsRect().width()
            problems += [f"{state.value}: {p}" for p in bad_breaks(lab.plain(), lab.font(), width)]
    assert not problems, "\n".join(problems)
