"""The lookup limits on their own clock: windows slide, locks open again, one number's misses
do not lock another's, and an account that guesses across many numbers is locked itself."""

from __future__ import annotations

import pytest

from kiosk.sim.service.limits import (
    LOCKOUT_S,
    LOOKUPS_PER_ACCOUNT,
    MISSES_PER_ACCOUNT,
    MISSES_PER_NUMBER,
    WINDOW_S,
    LookupLimits,
    LookupLocked,
)


def test_a_number_locked_by_misses_opens_again_after_the_lockout() -> None:
    limits = LookupLimits()
    for t in range(MISSES_PER_NUMBER):
        limits.ask("F01", "13", "n1", float(t))
        limits.missed("F01", "13", "n1", float(t))
    with pytest.raises(LookupLocked):
        limits.ask("F02", "13", "n1", 10.0)  # another desk of the same clinic too
    limits.ask("F01", "13", "n2", 10.0)  # another number is not locked
    limits.ask("F01", "13", "n1", LOCKOUT_S + 10)


def test_an_account_guessing_across_numbers_is_locked() -> None:
    limits = LookupLimits()
    for t in range(MISSES_PER_ACCOUNT):
        limits.ask("F01", "13", f"n{t}", float(t))
        limits.missed("F01", "13", f"n{t}", float(t))
    with pytest.raises(LookupLocked):
        limits.ask("F01", "13", "fresh", 30.0)
    limits.ask("F02", "13", "fresh", 30.0)  # another kiosk of the clinic goes on


def test_the_lookups_per_account_slide_over_the_window() -> None:
    limits = LookupLimits()
    for t in range(LOOKUPS_PER_ACCOUNT):
        limits.ask("F01", "13", "n", float(t))
    with pytest.raises(LookupLocked):
        limits.ask("F01", "13", "n", 100.0)
    limits.ask("F01", "13", "n", WINDOW_S + 1.0)  # the first ones left the window
