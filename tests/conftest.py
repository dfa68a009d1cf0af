"""Suite-wide: every test that starts real processes or displays is also marked ``system``, so
``scripts/run test -m "not system"`` is the quick edit loop (units, flow, screens offscreen,
parsers). Under pytest-xdist, scripts/run uses ``--dist loadfile``: a module's tests stay on one
worker, in order, as they share its module-scoped processes (a service, a pcscd stack, a kiosk)
and some read what earlier ones left (the result-file watcher)."""

from __future__ import annotations

import pytest

SYSTEM_MARKS = ("integration", "slow")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(m) for m in SYSTEM_MARKS) or "kiosk_image" in item.nodeid:
            item.add_marker(pytest.mark.system)
