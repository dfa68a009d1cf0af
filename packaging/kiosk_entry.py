"""The frozen kiosk's entry point: the `kiosk` command of the product (run, staff, db, export,
config). multiprocessing's spawn start method (the face encoder runs in its own process) re-runs
this executable, and freeze_support() turns that run into the child instead of a second kiosk."""

import multiprocessing
import sys

from kiosk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
