"""Check-in: today's visit registered with the clinic's system once the reception is complete,
and the 受付番号 the patient is shown, optionally printed (docs/checkin.md).

``open_checkin`` gives the ``CheckIn`` port the configuration names: ORCA's HTTP API
(kiosk.checkin.orca), a file per visit in a watched folder (kiosk.checkin.filedrop), or none.
"""

from __future__ import annotations

import os
import threading

from kiosk.checkin.config import CheckInConfig, System
from kiosk.ports import CheckIn, CheckInState, VisitRequest, VisitResult

PASSWORD_ENV = "KIOSK_CHECKIN__ORCA__PASSWORD"


class NoCheckIn:
    """Today's behaviour: nothing is sent; the patient is shown the kiosk's own number."""

    def register_visit(
        self, visit: VisitRequest, *, cancel: threading.Event | None = None
    ) -> VisitResult:
        return VisitResult(CheckInState.NOT_USED, visit.kiosk_number)


def open_checkin(config: CheckInConfig) -> CheckIn:
    if config.system is System.ORCA:
        from kiosk.checkin.orca import OrcaCheckIn  # httpx only where ORCA is used

        password = config.orca.password or os.environ.get(PASSWORD_ENV, "")
        return OrcaCheckIn(config.orca, password=password)
    if config.system is System.FILEDROP:
        from kiosk.checkin.filedrop import FileDropCheckIn

        return FileDropCheckIn(config.filedrop)
    return NoCheckIn()
