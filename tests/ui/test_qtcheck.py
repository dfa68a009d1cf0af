"""The start-up check recognises a binding that leaks references to True (issue 10 item 1)."""

from __future__ import annotations

import ctypes

from kiosk.ui.qtcheck import PROBES, leaks_true


def test_the_installed_binding_passes() -> None:
    assert not leaks_true()


def test_an_emit_that_drops_a_reference_to_true_is_caught() -> None:
    decref = ctypes.pythonapi.Py_DecRef
    decref.argtypes = [ctypes.py_object]
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    try:
        assert leaks_true(lambda: decref(True))
    finally:
        for _ in range(PROBES):  # give back what the fake leak took
            incref(True)
