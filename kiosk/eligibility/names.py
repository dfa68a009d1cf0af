"""Names as the eligibility system returns them, and the characters a clinic must check.

The real system returns a character it cannot carry as ● (about 4 % of enrolee records; 64–77 %
of clinics saw it), and some rare characters (髙, 𠮷, JIS X 0213-only kanji) come through that
receipt computers working in Shift_JIS (JIS X 0208) cannot store. The kiosk keeps every name
exactly as received; this module says whether staff must check it, and it is the one place the
staff desk list and the result file agree on that.
"""

from __future__ import annotations

PLACEHOLDER = "●"  # U+25CF, JIS X 0208 row 1 (0x819C in Shift_JIS): what the real system sends
FAMILY_GIVEN_SEPARATOR = "\u3000"  # the real system separates family and given name with 全角空白


def fits_jis_x_0208(char: str) -> bool:
    """Whether Shift_JIS (JIS X 0208 + JIS X 0201) can carry ``char`` (or every character of a
    longer text). Python's ``shift_jis``
    codec is the strict one, without the vendor rows (NEC, IBM) that cp932 adds: 髙 is an IBM
    extension and fails here, as it would in a receipt computer that follows the standard."""
    try:
        char.encode("shift_jis")
    except UnicodeEncodeError:
        return False
    return True


def replaced_characters(name: str) -> list[str]:
    """The characters of ``name`` that are ● or that Shift_JIS cannot carry, in order."""
    return [c for c in name if c == PLACEHOLDER or not fits_jis_x_0208(c)]


def name_needs_check(name: str | None) -> bool:
    """True when staff must check the name against the patient's card: it holds ● (a character
    the real system could not send) or a character outside JIS X 0208."""
    return bool(name) and bool(replaced_characters(name or ""))


def shift_jis_text(text: str) -> str:
    """``text`` with every character Shift_JIS cannot carry replaced by ●, as the real system
    does; the exact text stays in the kiosk's records."""
    if fits_jis_x_0208(text):  # nearly every text: one encode instead of one per character
        return text
    return "".join(c if fits_jis_x_0208(c) else PLACEHOLDER for c in text)


def patient_facing_name(name: str | None) -> str | None:
    """The name to show the patient, or None when it must not be shown as theirs: a name with ●
    or replaced characters would look like a mistake about who they are."""
    if not name or name_needs_check(name):
        return None
    return name
