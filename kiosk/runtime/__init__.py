"""The runtime: runs the flow's effects against the devices and the service.

- ``reception``: :class:`Reception`, the flow and the reception in progress; ``dispatch`` an
  event, ``deliver`` a worker's answer;
- ``card_jobs``, ``phone_jobs``, ``service_jobs``: the slow effects, one module per lane;
- ``jobs``: what the reception and its drivers share (devices, lanes, jobs, answers, hooks);
- ``loop``: the event loop around a reception, with a Qt driver (kiosk.ui.controller) and a
  headless one (kiosk.runtime.headless).

Each reception owns its data (``ReceptionData``: the session's secrets, the card connection, the
consent receipts, the transcript). A job captures the reception that asked for it and reads only
that one; a worker never writes anywhere: its ``Answer`` carries the data, and the runtime applies
it on the loop thread only while that reception is still in progress and the flow accepted the
event. An answer that comes too late is dropped and what it holds (a card connection) released,
so a slow worker can never touch the next patient's reception.
"""

from kiosk.runtime.card_jobs import number_b_allowed
from kiosk.runtime.jobs import (
    Answer,
    Devices,
    Hooks,
    Job,
    JobResult,
    Lane,
    ReceptionData,
    SaveHealth,
    fallback_event,
    settings_from,
)
from kiosk.runtime.reception import Reception
from kiosk.runtime.service_jobs import same_person

__all__ = [
    "Answer",
    "Devices",
    "Hooks",
    "Job",
    "JobResult",
    "Lane",
    "Reception",
    "ReceptionData",
    "SaveHealth",
    "fallback_event",
    "number_b_allowed",
    "same_person",
    "settings_from",
]
