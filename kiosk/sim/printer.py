"""An emulated ESC/POS network printer on loopback: it records every job it was sent and answers
the real-time status requests (DLE EOT 1 printer, DLE EOT 4 paper sensor) as a printer would.

Modes: ``ok``; ``paper_out`` (the paper sensor says no paper); ``offline`` (the printer status
says offline); ``silent`` (takes the connection and the bytes, never answers: a hung printer).
A printer that is switched off is no listener at all: ``stop()`` or a closed port.

In tests it runs as a thread-server (``EmulatedPrinter``); ``python -m kiosk.sim.printer`` runs
it as a process of its own and writes each job to a file.
"""

from __future__ import annotations

import argparse
import socketserver
import threading
from pathlib import Path

DLE_EOT = b"\x10\x04"
# Status bytes (fixed bits 0x12 set): DLE EOT 1 → bit 3 offline; DLE EOT 4 → bits 5-6 no paper.
ONLINE, OFFLINE = 0x12, 0x1A
PAPER_OK, PAPER_OUT = 0x12, 0x72
MODES = ("ok", "paper_out", "offline", "silent")


def status_reply(mode: str, request: int) -> bytes | None:
    """The byte a printer in ``mode`` answers to DLE EOT ``request``; None: no answer."""
    if mode == "silent":
        return None
    if request == 1:
        return bytes([OFFLINE if mode == "offline" else ONLINE])
    if request == 4:
        return bytes([PAPER_OUT if mode == "paper_out" else PAPER_OK])
    return bytes([0x12])


class _Job(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        received = bytearray()
        while chunk := self.request.recv(4096):
            start = len(received)
            received += chunk
            self._answer(received, start)
        self.server.owner.record(bytes(received))

    def _answer(self, received: bytearray, start: int) -> None:
        # A request may straddle two reads: look from just before the new bytes.
        at = received.find(DLE_EOT, max(0, start - 2))
        while at != -1 and at + 2 < len(received):
            reply = status_reply(self.server.owner.mode, received[at + 2])
            if reply is not None:
                self.request.sendall(reply)
            at = received.find(DLE_EOT, at + 3)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, owner: EmulatedPrinter) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", port), _Job)


class EmulatedPrinter:
    """A context manager; ``port`` is where it listens, ``jobs`` what it received, one entry
    per connection (complete once the client closed it)."""

    def __init__(self, port: int = 0, *, mode: str = "ok", record_dir: Path | None = None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode = mode
        self._record_dir = record_dir
        self._jobs: list[bytes] = []
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._server = _Server(port, self)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> EmulatedPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, job: bytes) -> None:
        with self._done:
            self._jobs.append(job)
            if self._record_dir is not None:
                (self._record_dir / f"job-{len(self._jobs):04d}.bin").write_bytes(job)
            self._done.notify_all()

    @property
    def jobs(self) -> list[bytes]:
        with self._lock:
            return list(self._jobs)

    def wait_jobs(self, count: int, timeout: float = 10.0) -> list[bytes]:
        """The jobs once ``count`` have arrived (or what there is after ``timeout``)."""
        with self._done:
            self._done.wait_for(lambda: len(self._jobs) >= count, timeout)
            return list(self._jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.sim.printer", description="Emulate an ESC/POS network printer."
    )
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--mode", choices=MODES, default="ok")
    parser.add_argument("--record", type=Path, required=True, help="folder for the jobs")
    args = parser.parse_args(argv)
    args.record.mkdir(parents=True, exist_ok=True)
    printer = EmulatedPrinter(args.port, mode=args.mode, record_dir=args.record)
    print(f"emulated printer on 127.0.0.1:{printer.port}", flush=True)
    try:
        printer._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        printer._server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
