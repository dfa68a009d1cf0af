"""Japanese line breaking (禁則処理) for the kiosk's labels.

Qt breaks Japanese text between any two characters (UAX #14 treats kana and kanji alike), so
「ください」 can end up as くださ／い. BudouX (Google's phrase segmenter: a small model shipped in
the package, no dictionary download) splits a sentence into phrases (文節); we glue the characters
of each phrase with WORD JOINER (U+2060, "no break here") and allow a break only between phrases
(ZERO WIDTH SPACE, U+200B). BudouX keeps 。、」 and small kana with the phrase before them, so a
line never starts with them. Only a phrase longer than a whole line would still break (Qt's
emergency break); no kiosk text has one."""

from __future__ import annotations

from functools import lru_cache

import budoux

NO_BREAK = "\u2060"
MAY_BREAK = "\u200b"
_MARKS = str.maketrans("", "", NO_BREAK + MAY_BREAK)

_parser = budoux.load_default_japanese_parser()


@lru_cache(maxsize=2048)
def phrases(text: str) -> tuple[str, ...]:
    """The text's phrases, line by line (a newline is always a break)."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("\n")
        out += _parser.parse(line) if line else []
    return tuple(out)


@lru_cache(maxsize=2048)
def japanese(text: str) -> str:
    """The text with breaks allowed between phrases only."""
    parts = [p if p == "\n" else NO_BREAK.join(p) for p in phrases(text)]
    joined = ""
    for prev, part in zip(["\n", *parts], parts, strict=False):
        sep = "" if "\n" in (prev, part) else MAY_BREAK
        joined += sep + part
    return joined


def plain(text: str) -> str:
    """The text without the break marks (for speech and comparisons)."""
    return text.translate(_MARKS)
