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
NBSP = "\u00a0"
_MARKS = str.maketrans("", "", NO_BREAK + MAY_BREAK)
# 行頭禁則 and 行末禁則: what may not begin a line, and what may not end one.
NO_LINE_START = frozenset(
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー。、．，」』）〕】！？・：；…"
)
NO_LINE_END = frozenset("「『（〔【")

_parser = budoux.load_default_japanese_parser()


def _kinsoku(parts: list[str]) -> list[str]:
    """Glue a phrase that starts with a closing mark to the one before it, and one that ends
    with an opening mark to the one after it (BudouX mostly does; this makes it certain)."""
    out: list[str] = []
    for part in parts:
        if out and (part[0] in NO_LINE_START or out[-1][-1] in NO_LINE_END):
            out[-1] += part
        else:
            out.append(part)
    return out


@lru_cache(maxsize=2048)
def phrases(text: str) -> tuple[str, ...]:
    """The text's phrases, line by line (a newline is always a break)."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("\n")
        out += _kinsoku(_parser.parse(line)) if line else []
    return tuple(out)


@lru_cache(maxsize=2048)
def japanese(text: str) -> str:
    """The text with breaks allowed between phrases only (a space inside a phrase, as in
    「残り 12 秒」, becomes a no-break space)."""
    parts = [p if p == "\n" else NO_BREAK.join(p.replace(" ", NBSP)) for p in phrases(text)]
    joined = ""
    for prev, part in zip(["\n", *parts], parts, strict=False):
        sep = "" if "\n" in (prev, part) else MAY_BREAK
        joined += sep + part
    return joined


def plain(text: str) -> str:
    """The text without the break marks (for speech and comparisons)."""
    return text.translate(_MARKS).replace(NBSP, " ")
