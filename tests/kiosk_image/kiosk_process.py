"""`kiosk run` (from source or the frozen image) as a child process whose log the test reads:
it waits for log lines (the runtime logs every transition as ``source -> target``) and stops
the kiosk the way systemd does, with SIGTERM."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
from pathlib import Path


class KioskProcess:
    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log_path = log
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._eof = False
        self.proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        threading.Thread(target=self._read, name="kiosk-log", daemon=True).start()

    @classmethod
    def attach(cls, proc: subprocess.Popen[str], log: Path) -> KioskProcess:
        """Read the log of a kiosk started by someone else (cage's child)."""
        self = cls.__new__(cls)
        self.log_path, self.lines, self._changed, self.proc = log, [], threading.Condition(), proc
        self._eof = False
        threading.Thread(target=self._read, name="kiosk-log", daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.proc.stderr is not None
        with self.log_path.open("w", encoding="utf-8") as out:
            for line in self.proc.stderr:
                out.write(line)
                out.flush()
                with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()
        with self._changed:
            self._eof = True
            self._changed.notify_all()

    def wait_log(self, pattern: str, timeout: float = 60.0, start: int = 0) -> int:
        """Index of the first line from ``start`` on that matches ``pattern``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for i in range(start, len(self.lines)):
                    if regex.search(self.lines[i]):
                        return i
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    tail = "".join(self.lines[-40:])
                    raise AssertionError(f"no log line matching {pattern!r}; log ends:\n{tail}")
                self._changed.wait(min(left, 0.5))

    def stop(self, timeout: float = 30.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # With PYTHONFAULTHANDLER set (see `environment`), SIGABRT prints every thread's
            # stack into the log: where it hung.
            self.proc.send_signal(signal.SIGABRT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            raise

    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)
