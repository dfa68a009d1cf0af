"""PC/SC adapter (pyscard): the reader chosen by a name pattern, an exclusive connection for one
reception, and a monitor thread that reports cards arriving and leaving.

Only this module talks to pcscd. It turns PC/SC return codes into :class:`CardError` kinds: a card
pulled mid-APDU is REMOVED (never a hang: pcscd answers SCARD_W_REMOVED_CARD at once), a missing
reader or a stopped pcscd is NO_READER.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

from smartcard import scard

from kiosk.card.session import MynaCardSession
from kiosk.ports import CardError, CardErrorKind

log = logging.getLogger(__name__)

EMPTY_ANSWER_WAIT_S = 1.5
PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
_REMOVED = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
}
_NO_READER = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_E_INVALID_HANDLE,
}


def _hex(code: int) -> str:
    return f"0x{code & 0xFFFFFFFF:08X}"


def error_for(code: int, what: str) -> CardError:
    """The CardError for a PC/SC return code."""
    text = f"{what}: {scard.SCardGetErrorMessage(code)} ({_hex(code)})"
    if code in _REMOVED:
        return CardError(CardErrorKind.REMOVED, text)
    if code in _NO_READER:
        return CardError(CardErrorKind.NO_READER, text)
    return CardError(CardErrorKind.UNREADABLE, text)


def _establish() -> int:
    code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if code != scard.SCARD_S_SUCCESS:
        raise error_for(code, "pcscd")
    return int(context)


def _matching(context: int, pattern: re.Pattern[str]) -> list[str]:
    code, names = scard.SCardListReaders(context, [])
    if code == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if code != scard.SCARD_S_SUCCESS:
        raise error_for(code, "list readers")
    return [name for name in names if pattern.search(name)]


class PcscTransport:
    """One exclusive connection to a card; :meth:`close` resets the card so no verified PIN
    outlives the reception."""

    def __init__(self, context: int, card: int, protocol: int, reader: str) -> None:
        self.reader = reader
        self._context = context
        self._card = card
        self._protocol = protocol
        self._open = True

    @property
    def handle(self) -> int:
        return self._card

    @property
    def protocol(self) -> int:
        return self._protocol

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        if not self._open:
            raise CardError(CardErrorKind.REMOVED, "the card connection is closed")
        code, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if code != scard.SCARD_S_SUCCESS:
            error = error_for(code, "transmit")
            if error.kind is not CardErrorKind.UNREADABLE:
                self.close()  # the card or reader is gone: release the exclusive hold now
            raise error
        if len(response) < 2:
            self._check_present()
        return bytes(response)

    def _check_present(self) -> None:
        """vpcd answers an empty response when its card drops mid-APDU, and pcscd notices the
        empty slot only at its next poll: wait that long for the removal, so the case is REMOVED
        as on a real reader (which answers SCARD_W_REMOVED_CARD at once)."""
        deadline = time.monotonic() + EMPTY_ANSWER_WAIT_S
        state = scard.SCARD_STATE_UNAWARE
        while (left := deadline - time.monotonic()) > 0:
            states = [(self.reader, state)]
            code, states = scard.SCardGetStatusChange(self._context, int(left * 1000), states)
            if code == scard.SCARD_E_TIMEOUT:
                return
            event = states[0][1] if code == scard.SCARD_S_SUCCESS else scard.SCARD_STATE_EMPTY
            if event & (scard.SCARD_STATE_EMPTY | scard.SCARD_STATE_UNAVAILABLE):
                self.close()
                raise CardError(CardErrorKind.REMOVED, "the card left during the command")
            state = event & ~scard.SCARD_STATE_CHANGED

    def close(self) -> None:
        if not self._open:
            return
        self._open = False
        code = scard.SCardDisconnect(self._card, scard.SCARD_RESET_CARD)
        if code != scard.SCARD_S_SUCCESS:
            log.debug("disconnect: %s", _hex(code))
        scard.SCardReleaseContext(self._context)


class PcscReader:
    """Implements :class:`kiosk.ports.CardReader` on the first PC/SC reader whose name matches
    ``pattern`` (a regular expression, config ``card.reader``)."""

    def __init__(self, pattern: str, *, extended_length: bool = False) -> None:
        self.pattern = re.compile(pattern)
        self.extended_length = extended_length

    def reader_names(self) -> list[str]:
        context = _establish()
        try:
            return _matching(context, self.pattern)
        finally:
            scard.SCardReleaseContext(context)

    def connect(self) -> MynaCardSession:
        return MynaCardSession(self.open_transport(), extended_length=self.extended_length)

    def open_transport(self) -> PcscTransport:
        """The exclusive connection alone (the benchmark drives it with raw APDUs too)."""
        context = _establish()
        try:
            return self._connect(context)
        except BaseException:
            scard.SCardReleaseContext(context)
            raise

    def _connect(self, context: int) -> PcscTransport:
        names = _matching(context, self.pattern)
        if not names:
            raise CardError(CardErrorKind.NO_READER, f"no reader matches {self.pattern.pattern!r}")
        protocols = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        code, card, protocol = scard.SCardConnect(
            context, names[0], scard.SCARD_SHARE_EXCLUSIVE, protocols
        )
        if code == scard.SCARD_E_SHARING_VIOLATION:
            raise CardError(CardErrorKind.UNREADABLE, "another program holds the card")
        if code != scard.SCARD_S_SUCCESS:
            raise error_for(code, f"connect to {names[0]}")
        return PcscTransport(context, card, protocol, names[0])


class ReaderMonitor:
    """Watches the reader matching ``pattern`` on its own thread and calls ``on_inserted()`` /
    ``on_removed()`` there (the UI re-emits them as queued Qt signals). An unplugged reader or a
    stopped pcscd counts as a removal; a replugged reader with a card on it as an insertion.

    ``on_reader(available, reason)`` hears whether there is a reader at all: once at start, then
    at every change (pcscd stopped or started, the reader unplugged or plugged in). A lost reader
    is reported after the removal of a card that was on it, a found one before its card."""

    def __init__(
        self,
        pattern: str,
        on_inserted: Callable[[], None],
        on_removed: Callable[[], None],
        *,
        on_reader: Callable[[bool, str], None] | None = None,
        poll_ms: int = 250,
    ) -> None:
        self.pattern = re.compile(pattern)
        self._on_inserted = on_inserted
        self._on_removed = on_removed
        self._on_reader = on_reader
        self.reader: bool | None = None  # unknown until the first look
        self._poll_ms = poll_ms
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: int | None = None
        self.present = False

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        context = self._context
        if context is not None:
            scard.SCardCancel(context)  # wakes a blocked SCardGetStatusChange
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _set_present(self, present: bool) -> None:
        if present == self.present:
            return
        self.present = present
        callback = self._on_inserted if present else self._on_removed
        try:
            callback()
        except Exception:
            log.exception("card monitor callback failed")

    def _set_reader(self, available: bool, reason: str) -> None:
        if available == self.reader:
            return
        self.reader = available
        if self._on_reader is None:
            return
        try:
            self._on_reader(available, reason)
        except Exception:
            log.exception("card monitor reader callback failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._context = _establish()
            except CardError:
                self._set_present(False)
                self._set_reader(False, "pcscd is not running")
                self._stop.wait(self._poll_ms / 1000)
                continue
            try:
                self._watch(self._context)
            except CardError as exc:
                log.info("card monitor: %s", exc)
                self._set_present(False)
                self._set_reader(False, "pcscd stopped")
                self._stop.wait(self._poll_ms / 1000)
            finally:
                context, self._context = self._context, None
                scard.SCardReleaseContext(context)

    def _watch(self, context: int) -> None:
        """Follow one pcscd connection until it fails (pcscd gone) or the monitor stops."""
        while not self._stop.is_set():
            names = _matching(context, self.pattern)
            if not names:
                self._set_present(False)
                self._set_reader(False, f"no reader matches {self.pattern.pattern!r}")
                self._wait_for_readers(context)
                continue
            self._set_reader(True, names[0])
            self._follow(context, names[0])

    def _wait_for_readers(self, context: int) -> None:
        states = [(PNP_NOTIFICATION, scard.SCARD_STATE_UNAWARE)]
        code, _ = scard.SCardGetStatusChange(context, self._poll_ms, states)
        if code not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
            if code in _NO_READER - {scard.SCARD_E_UNKNOWN_READER}:
                raise error_for(code, "wait for readers")
            self._stop.wait(self._poll_ms / 1000)

    def _follow(self, context: int, name: str) -> None:
        """Report the reader's card state until the reader goes away."""
        state = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            code, states = scard.SCardGetStatusChange(context, self._poll_ms, [(name, state)])
            if code == scard.SCARD_E_TIMEOUT:
                continue
            if code == scard.SCARD_E_CANCELLED:
                return
            if code != scard.SCARD_S_SUCCESS:
                if code in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
                    raise error_for(code, "reader status")
                self._set_present(False)
                return
            event = states[0][1]
            if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                self._set_present(False)
                return
            self._set_present(bool(event & scard.SCARD_STATE_PRESENT)
                              and not event & scard.SCARD_STATE_MUTE)  # fmt: skip
            state = event & ~scard.SCARD_STATE_CHANGED
