"""Switching languages: the source strings are English, so English is "no translator"; every
other language is the kiosk_<code>.qm catalogue built from assets/i18n/kiosk_<code>.ts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.ui import i18n_build

LANGUAGES = ("ja", "en", "zh", "ko", "vi", "pt")  # zh: simplified; pt: Brazilian


class LanguageError(RuntimeError):
    pass


class Translations:
    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.language = "en"

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise LanguageError(f"unknown language {language!r}")
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
        if language != "en":
            i18n_build.ensure_built()
            translator = QTranslator()
            if not translator.load(str(i18n_build.qm_path(language))):
                raise LanguageError(f"cannot load {i18n_build.qm_path(language)}")
            if app is not None:
                app.installTranslator(translator)
            self._translator = translator
        self.language = language

    def close(self) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
