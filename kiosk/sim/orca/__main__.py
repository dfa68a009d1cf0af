"""``python -m kiosk.sim.orca``: the mock ORCA API server (see cli.py)."""

import sys

from kiosk.sim.orca.cli import main

sys.exit(main(sys.argv[1:]))
