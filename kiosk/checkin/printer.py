"""The 受付番号 slip on an ESC/POS receipt printer, over the network or USB (docs/checkin.md).

python-escpos opens the connection (with a timeout), asks the paper sensor (DLE EOT 4), sets
the size and alignment and cuts. It has no Kanji mode (its text() goes through single-byte code
pages), so the Japanese lines go as Shift_JIS between FS C 1 (Kanji code system: Shift_JIS),
FS & (Kanji mode on) and FS . (off): the commands of Japanese-model printers. A printer that is
off, out of paper or silent is a ``PrinterError`` within a few timeouts: the number is on the
screen, and the reception never waits for paper. The slip carries no name: slips get left.
"""

from __future__ import annotations

import contextlib
import enum
import logging
from datetime import datetime
from typing import Any

from kiosk.checkin.config import PrinterConfig, PrinterKind
from kiosk.eligibility.names import shift_jis_text

log = logging.getLogger(__name__)

KANJI_SHIFT_JIS = b"\x1c\x43\x01"  # FS C 1: the Kanji code system is Shift_JIS
KANJI_ON = b"\x1c\x26"  # FS &
KANJI_OFF = b"\x1c\x2e"  # FS .
NO_PAPER = 0


class PrinterErrorKind(enum.Enum):
    OFFLINE = "offline"  # no connection, or the printer says it is offline
    PAPER_OUT = "paper_out"
    TIMEOUT = "timeout"  # connected, but it did not answer or take the slip in time
    UNAVAILABLE = "unavailable"  # not configured, or no USB support on this machine


class PrinterError(Exception):
    def __init__(self, kind: PrinterErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail


def slip_lines(clinic_name: str, number: str, when: datetime) -> tuple[str, str, str, str]:
    """What the slip says, top to bottom (the number itself printed large in between)."""
    return (
        clinic_name,
        "受付番号",
        "お呼びするまでお待ちください",
        when.strftime("%Y-%m-%d %H:%M"),
    )


class SlipPrinter:
    """Prints one slip per call; each call opens and closes its own connection."""

    def __init__(self, config: PrinterConfig, *, clinic_name: str) -> None:
        self._config = config
        self._clinic_name = clinic_name

    @property
    def enabled(self) -> bool:
        return self._config.kind is not PrinterKind.NONE

    def print_number(self, number: str, when: datetime) -> None:
        """Raises PrinterError; never waits longer than a few ``timeout``s."""
        printer = self._open()
        try:
            if self._config.check_paper:
                self._check_paper(printer)
            self._slip(printer, number, when)
        except TimeoutError as exc:  # socket.timeout is TimeoutError
            raise PrinterError(PrinterErrorKind.TIMEOUT, "the printer did not answer") from exc
        except OSError as exc:
            raise PrinterError(PrinterErrorKind.OFFLINE, exc.strerror or str(exc)) from exc
        finally:
            _close(printer)
        log.info("slip printed for number %s", number)

    def _open(self) -> Any:
        config = self._config
        if config.kind is PrinterKind.NETWORK:
            from escpos.printer import Network

            printer: Any = Network(config.host, config.port, timeout=config.timeout)
        elif config.kind is PrinterKind.USB:
            from escpos.printer import Usb

            if not Usb.is_usable():
                raise PrinterError(PrinterErrorKind.UNAVAILABLE, "no USB support (pyusb)")
            timeout_ms = int(config.timeout * 1000)
            printer = Usb(config.usb_vendor, config.usb_product, timeout=timeout_ms)
        else:
            raise PrinterError(PrinterErrorKind.UNAVAILABLE, "no printer configured")
        from escpos.exceptions import DeviceNotFoundError

        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterError(PrinterErrorKind.OFFLINE, "cannot connect") from exc
        return printer

    @staticmethod
    def _check_paper(printer: Any) -> None:
        if not printer.is_online():
            raise PrinterError(PrinterErrorKind.OFFLINE, "the printer reports offline")
        if printer.paper_status() == NO_PAPER:
            raise PrinterError(PrinterErrorKind.PAPER_OUT, "the paper sensor reports no paper")

    def _slip(self, printer: Any, number: str, when: datetime) -> None:
        clinic, title, wait, stamp = slip_lines(self._clinic_name, number, when)
        printer.set(align="center", normal_textsize=True)
        self._japanese(printer, clinic + "\n\n")
        self._japanese(printer, title + "\n")
        printer.set(align="center", custom_size=True, width=4, height=4)
        printer.text(f"{number}\n")
        printer.set(align="center", normal_textsize=True)
        self._japanese(printer, wait + "\n")
        printer.text(f"{stamp}\n")
        printer.cut()

    def _japanese(self, printer: Any, line: str) -> None:
        if not self._config.kanji:
            printer.text(line)  # python-escpos's own code pages: whatever they can carry
            return
        encoded = shift_jis_text(line).encode("shift_jis", errors="replace")
        printer._raw(KANJI_SHIFT_JIS + KANJI_ON + encoded + KANJI_OFF)


def _close(printer: Any) -> None:
    with contextlib.suppress(OSError):  # the connection is gone either way
        printer.close()
