"""The mock service's connections: bounded time for a TLS handshake and for each request, and
the client's TLS certificate handed to the application so a login can be bound to it.

uvicorn (0.55) gives neither: a client that opens a connection and stalls mid-handshake is held
for the event loop's default 60 s, and one that trickles its request headers one byte at a time
is held for ever (an adversarial run, issue 25 item 4). Here:

- the loop's ``create_server`` gets ``ssl_handshake_timeout`` (:class:`GuardedLoop`);
- the HTTP protocol (:func:`guarded_protocol`) closes a connection whose request has not fully
  arrived within ``request_s`` of its first byte (of the connection, for the first request).
  The time the application takes to answer is not counted (a slow answer is not the client's
  doing), nor the idle time between kept-alive requests (uvicorn's keep-alive timeout);
- each request's scope carries the ASGI TLS extension's ``client_cert_chain`` (the peer's
  certificate as PEM), which uvicorn leaves out.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import MutableMapping
from typing import Any

import uvloop
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)


class GuardedLoop(uvloop.Loop):  # type: ignore[misc]  # uvloop's Loop is untyped Cython
    """A uvloop loop whose TLS servers drop a handshake that does not finish in time."""

    handshake_s: float = 60.0  # the loop's own default, until :func:`guarded_loop` sets it

    async def create_server(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("ssl") is not None:
            kwargs.setdefault("ssl_handshake_timeout", self.handshake_s)
        return await super().create_server(*args, **kwargs)


def guarded_loop(handshake_s: float) -> asyncio.AbstractEventLoop:
    loop = GuardedLoop()
    loop.handshake_s = handshake_s
    return loop  # type: ignore[no-any-return]


def guarded_protocol(request_s: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with a deadline on each request's arrival."""

    class Guarded(_GuardedHttp):
        request_timeout = request_s

    return Guarded


class _GuardedHttp(HttpToolsProtocol):  # type: ignore[misc]  # uvicorn's protocol is untyped
    request_timeout = 15.0
    _deadline: asyncio.TimerHandle | None = None
    _peer_pem: str | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        tls = transport.get_extra_info("ssl_object")
        if isinstance(tls, ssl.SSLObject):
            der = tls.getpeercert(binary_form=True)
            self._peer_pem = ssl.DER_cert_to_PEM_cert(der) if der else None
        self._start_deadline()  # the first request's bytes must come too

    def data_received(self, data: bytes) -> None:
        self._start_deadline()  # a new request after a kept-alive pause: its own deadline
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._peer_pem is not None:
            self.scope["extensions"] = {"tls": {"client_cert_chain": [self._peer_pem]}}

    def on_message_complete(self) -> None:
        self._stop_deadline()  # all of it arrived: answering takes what it takes
        super().on_message_complete()

    def _start_deadline(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.request_timeout, self._too_slow)

    def _stop_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.cycle is not None and self.cycle.response_started:
            return  # an answer is on its way (a body read by the app as it streams)
        log.warning("closing a connection whose request took over %.0f s to arrive",
                    self.request_timeout)  # fmt: skip
        self.transport.abort()


def client_certificate(scope: MutableMapping[str, Any]) -> str | None:
    """The TLS client's certificate (PEM) of this request, None on plain HTTP."""
    tls = scope.get("extensions", {}).get("tls", {})
    chain = tls.get("client_cert_chain") if isinstance(tls, dict) else None
    return chain[0] if chain else None
