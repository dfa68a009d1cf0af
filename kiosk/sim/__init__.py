"""The world around the kiosk, imitated for the demo and the tests: the virtual My Number Card
and its vpcd bridge, the mock eligibility service and its PKI, the synthetic cameras, the
personas they share, and the test servers (pcscd + vpcd, PostgreSQL).

Nothing here runs in a clinic. No product module imports this package (an import-linter contract
in pyproject.toml), and the kiosk image leaves it out; ``kiosk run`` reaches a simulated device
only through the entry points it registers (:mod:`kiosk.plugins`).
"""
