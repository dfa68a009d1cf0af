"""Device adapters that live outside the product, found by name through package entry points.

The simulators (``kiosk.sim``) are development and demo parts: the kiosk image leaves them out,
and no product module imports them. A configuration can still name one (``camera.source =
"synthetic:…"``), so that tests and demos drive the real ``kiosk run`` with simulated devices:
the simulator package registers its adapters under an entry-point group, and the product looks
them up here by name. In a build without the simulators the lookup fails with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

CAMERAS = "kiosk.cameras"
# Card-front cameras (`card_front.source`), e.g. the simulators' rendered card fronts.
CARD_FRONTS = "kiosk.card_fronts"
# Test-only remote controls for a window (`ui.test_control`): they tap buttons from outside.
CONTROLS = "kiosk.controls"


class AdapterUnavailable(LookupError):
    """The configuration names an adapter this build does not have."""


def load_adapter(group: str, name: str) -> Any:
    """The object registered as ``name`` in the entry-point ``group``."""
    found = entry_points(group=group, name=name)
    for entry in found:
        return entry.load()
    known = ", ".join(adapter_names(group)) or "none installed"
    raise AdapterUnavailable(f"no {name!r} adapter in this build ({group}: {known})")


def adapter_names(group: str) -> tuple[str, ...]:
    """The adapters this build has in ``group``."""
    return tuple(sorted({e.name for e in entry_points(group=group)}))


def attach_control(spec: str, window: object) -> Callable[[], None]:
    """Attach the test control ``spec`` ("NAME:ARG", from ``ui.test_control``) to ``window``;
    returns its closer."""
    name, _, arg = spec.partition(":")
    attach = load_adapter(CONTROLS, name)
    closer: Callable[[], None] = attach(arg, window)
    return closer
