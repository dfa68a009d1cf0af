"""The card side of vsmartcard's vpcd protocol: connect to the virtual reader's TCP port and
answer its messages until stopped.

Each message is a 2-byte big-endian length and a payload. A 1-byte payload is a control message
(0 power off, 1 power on, 2 reset, 4 get ATR); anything longer is a C-APDU answered with an
R-APDU. vpcd writes the length and the body separately; with delayed ACKs that costs ~40 ms per
APDU, so the socket re-arms TCP_QUICKACK before every receive (the kernel clears it).
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Protocol

log = logging.getLogger(__name__)

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


class Card(Protocol):
    @property
    def atr(self) -> bytes: ...

    def reset(self) -> None: ...

    def transmit(self, apdu: bytes) -> bytes: ...


class ConnectionLost(ConnectionError):
    """vpcd closed the connection (pcscd stopped)."""


def _quickack(sock: socket.socket) -> None:
    if hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        _quickack(sock)
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionLost("vpcd closed the connection")
        data += chunk
    return bytes(data)


def answer(card: Card, message: bytes) -> bytes | None:
    """The reply to one vpcd message, or None when the message wants none."""
    if len(message) == 1:
        if message[0] == GET_ATR:
            return card.atr
        if message[0] in (POWER_OFF, POWER_ON, RESET):
            card.reset()
        return None
    return card.transmit(message)


class VpcdLink:
    """One connection from a card to vpcd. ``pull_after`` drops the connection after that many
    APDUs, which is how tests take the card out of the field in the middle of a read."""

    def __init__(self, card: Card, host: str, port: int, *, pull_after: int | None = None):
        self._card = card
        self._stop = threading.Event()
        self._pull_after = pull_after
        self.apdus = 0
        self._sock = socket.create_connection((host, port), timeout=5)
        self._sock.settimeout(None)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def serve(self) -> None:
        """Answer until vpcd goes away, :meth:`stop` is called or the card is pulled."""
        try:
            while not self._stop.is_set():
                size = int.from_bytes(_recv_exact(self._sock, 2), "big")
                message = _recv_exact(self._sock, size)
                reply = answer(self._card, message)
                if len(message) > 1:
                    self.apdus += 1
                    if self._pull_after is not None and self.apdus > self._pull_after:
                        return
                if reply is not None:
                    self._sock.sendall(len(reply).to_bytes(2, "big") + reply)
        except OSError as exc:
            if not self._stop.is_set():
                raise ConnectionLost(str(exc)) from exc
        finally:
            self._sock.close()

    def stop(self) -> None:
        self._stop.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            log.debug("vpcd socket already closed")
