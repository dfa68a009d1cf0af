"""A stand-in for the sound card in tests: reads a WAV on stdin and stays "playing" for the
sound's length. It appends `start <pid> <others>` when it starts — <others> is how many other
players are still alive then, which must be 0 — and `end <pid> <bytes>` when it has played all
(a player killed by an interruption writes no end)."""

from __future__ import annotations

import os
import struct
import sys
import time
from pathlib import Path


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status  # a zombie has stopped playing


def main(log: Path) -> None:
    started = [int(line.split()[1]) for line in log.read_text().splitlines()
               if line.startswith("start")] if log.exists() else []  # fmt: skip
    others = sum(alive(pid) for pid in started)
    with log.open("a") as out:
        out.write(f"start {os.getpid()} {others}\n")
    data = sys.stdin.buffer.read()
    rate = struct.unpack("<I", data[28:32])[0] if data[:4] == b"RIFF" and len(data) > 44 else 0
    time.sleep(min((len(data) - 44) / rate, 30.0) if rate else 0.0)
    with log.open("a") as out:
        out.write(f"end {os.getpid()} {len(data)}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
