"""The 受付番号 slip against the emulated network printer on loopback: what arrives carries the
number and the Japanese lines; a printer that is off, out of paper or silent is a named error
and never holds the caller (each test has a bound of its own: a hang fails it)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.checkin.config import PrinterConfig
from kiosk.checkin.printer import (
    KANJI_ON,
    KANJI_SHIFT_JIS,
    PrinterError,
    PrinterErrorKind,
    SlipPrinter,
)
from kiosk.sim.printer import EmulatedPrinter

WHEN = datetime(2026, 12, 8, 9, 30)
pytestmark = pytest.mark.timeout(30)


def printer_at(port: int, **settings: object) -> SlipPrinter:
    config = PrinterConfig.model_validate(
        {"kind": "network", "port": port, "timeout": 0.5, **settings}
    )
    return SlipPrinter(config, clinic_name="デモ診療所")


def test_the_slip_carries_the_number_in_large_print_and_japanese_text() -> None:
    with EmulatedPrinter() as emulated:
        printer_at(emulated.port).print_number("12", WHEN)
        [job] = emulated.wait_jobs(1)
    assert b"\x1d!\x33" in job  # GS ! 0x33: 4 x 4, the number's size
    assert job.index(b"\x1d!\x33") < job.index(b"12\n")
    assert KANJI_SHIFT_JIS + KANJI_ON + "受付番号".encode("shift_jis") in job
    assert "お呼びするまでお待ちください".encode("shift_jis") in job
    assert "デモ診療所".encode("shift_jis") in job
    assert b"2026-12-08 09:30" in job
    assert job.endswith(b"\x1dV\x00")  # GS V 0: the full cut, last


def test_without_kanji_mode_the_library_code_pages_are_used() -> None:
    with EmulatedPrinter() as emulated:
        printer_at(emulated.port, kanji=False).print_number("12", WHEN)
        [job] = emulated.wait_jobs(1)
    assert KANJI_ON not in job
    assert b"12\n" in job


def test_out_of_paper_is_told_and_nothing_is_printed() -> None:
    with EmulatedPrinter(mode="paper_out") as emulated:
        with pytest.raises(PrinterError) as failed:
            printer_at(emulated.port).print_number("12", WHEN)
        [job] = emulated.wait_jobs(1)
    assert failed.value.kind is PrinterErrorKind.PAPER_OUT
    assert b"12\n" not in job


def test_a_printer_reporting_offline() -> None:
    with EmulatedPrinter(mode="offline") as emulated, pytest.raises(PrinterError) as failed:
        printer_at(emulated.port).print_number("12", WHEN)
    assert failed.value.kind is PrinterErrorKind.OFFLINE


def test_a_silent_printer_is_given_up_on() -> None:
    with EmulatedPrinter(mode="silent") as emulated, pytest.raises(PrinterError) as failed:
        printer_at(emulated.port).print_number("12", WHEN)
    assert failed.value.kind is PrinterErrorKind.TIMEOUT


def test_a_printer_that_is_switched_off() -> None:
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(PrinterError) as failed:
        printer_at(port).print_number("12", WHEN)
    assert failed.value.kind is PrinterErrorKind.OFFLINE


def test_no_printer_configured() -> None:
    printer = SlipPrinter(PrinterConfig(), clinic_name="デモ診療所")
    assert not printer.enabled
    with pytest.raises(PrinterError) as failed:
        printer.print_number("12", WHEN)
    assert failed.value.kind is PrinterErrorKind.UNAVAILABLE


def test_the_emulator_answers_a_status_request_split_across_reads() -> None:
    with (
        EmulatedPrinter(mode="paper_out") as emulated,
        socket.create_connection(("127.0.0.1", emulated.port), timeout=5) as conn,
    ):
        conn.sendall(b"\x10")
        conn.sendall(b"\x04\x04")
        assert conn.recv(1) == b"\x72"


@pytest.mark.integration
def test_the_emulator_as_a_process_of_its_own_records_each_job(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = [sys.executable, "-m", "kiosk.sim.printer", "--port", str(port)]
    proc = subprocess.Popen([*args, "--record", str(tmp_path)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        assert b"emulated printer" in proc.stdout.readline()  # listening
        printer_at(port).print_number("34", WHEN)
        jobs = _files_in(tmp_path, "job-*.bin")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    [job] = jobs
    assert b"34\n" in job.read_bytes()


def _files_in(folder: Path, pattern: str) -> list[Path]:
    """The files once one is there: the emulator writes a job when its connection ends."""
    for _ in range(200):
        if found := sorted(folder.glob(pattern)):
            return found
        time.sleep(0.05)
    return []
