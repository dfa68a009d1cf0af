"""Translations build from the .ts sources, every string is in every shipped language, rare
kanji in names render with Noto Sans CJK JP, and the camera preview keeps only the newest frame."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontInfo, QRawFont

from kiosk.face.camera import Frame
from kiosk.sim.personas import load_personas
from kiosk.ui import i18n_build, texts, theme
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.window import FrameRelay


def _catalogue() -> set[str]:
    strings = {v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str)}
    return (strings | set(texts.HINTS.values())) - {texts.CONTEXT}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_string_has_a_finished_translation_in_every_shipped_language(language: str) -> None:
    # Qt falls back to the English source for a missing one: a patient who chose Korean would
    # meet an English sentence on exactly the screen where something went wrong.
    root = ET.parse(i18n_build.TS_DIR / f"kiosk_{language}.ts").getroot()
    done = {
        m.findtext("source"): m.findtext("translation")
        for m in root.iter("message")
        if m.find("translation") is not None and not m.find("translation").get("type")
    }
    missing = [s for s in _catalogue() if not done.get(s)]
    assert not missing


def test_lrelease_builds_the_qm_files(tmp_path: Path) -> None:
    built = i18n_build.build(tmp_path)
    names = sorted(p.name for p in built)
    assert names == [f"kiosk_{code}.qm" for code in ("ja", "ko", "pt", "vi", "zh")]
    assert all(p.stat().st_size > 1000 for p in built)


def test_rare_kanji_in_persona_names_have_glyphs_in_the_kiosk_font(qapp) -> None:
    font = QFont(theme.FONT_FAMILY, 24)
    assert QFontInfo(font).family() == theme.FONT_FAMILY
    raw = QRawFont.fromFont(font)
    names = "".join(p.name for p in load_personas().values())
    for ch in "髙𠮷邉齋":
        assert ch in names
    missing = [ch for ch in set(names) if not ch.isspace() and not raw.supportsCharacter(ord(ch))]
    assert not missing


def test_preview_keeps_only_the_newest_frame(qtbot) -> None:
    relay = FrameRelay(camera=None)
    shown: list[int] = []
    relay.ready.connect(lambda: shown.append(relay.take().pixel(0, 0)))

    def capture() -> None:
        for i in range(50):
            image = np.full((48, 64, 3), i, dtype=np.uint8)
            relay._on_frame(Frame(i, 0.0, image))

    t = threading.Thread(target=capture)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    qtbot.wait(50)
    assert len(shown) == 1  # 50 frames while the GUI was busy → one repaint, the last frame
    assert shown[0] & 0xFF == 49


def test_write_screenshots_makes_one_png_per_screen_per_language(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from kiosk.flow.model import State
    from kiosk.ui.i18n import LANGUAGES
    from kiosk_dev.screenshots import PHONE_CTX, write_screenshots

    paths = write_screenshots(tmp_path)
    # every screen in every language, and the smartphone's wording of the card's end screens
    assert len(paths) == len(LANGUAGES) * (len(State) + len(PHONE_CTX))
    assert (tmp_path / "ja-finished-phone.png").exists()
    image = QImage(str(tmp_path / "ja-done.png"))
    assert (image.width(), image.height()) == (1280, 800)


def test_a_catalogue_being_rebuilt_is_always_whole_for_a_reader(tmp_path: Path, qapp) -> None:
    """The image build rebuilds the catalogues while kiosks (and tests) load them: a reader sees
    the old file or the new one, never a half-written one. (Written in place, as before, a load
    failed under the parallel suite, and in this test Qt crashed reading a half-written file.)"""
    from PySide6.QtCore import QTranslator

    i18n_build.build(tmp_path)
    target = tmp_path / "kiosk_ja.qm"
    done = threading.Event()

    def rebuild() -> None:
        try:
            for _ in range(4):
                i18n_build.build(tmp_path)
        finally:
            done.set()

    builder = threading.Thread(target=rebuild)
    builder.start()
    failed = 0
    while not done.is_set():
        failed += not QTranslator().load(str(target))
    builder.join()
    assert failed == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
