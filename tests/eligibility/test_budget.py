"""A client call never outlives its budget and stops when the caller cancels it (issue 10 item
6); the configuration refuses timeouts whose calls could outlast the busy-state watchdog."""

from __future__ import annotations

import threading

import httpx
import pytest

from kiosk.config import ClinicConfig, ConfigError, ServiceConfig, load_config
from kiosk.eligibility.client import EligibilityClient
from kiosk.ports import EligibilityError, EligibilityErrorKind

from .helpers import throwaway_kiosk


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _client(handler: httpx.MockTransport, clock: FakeTime, **service: float) -> EligibilityClient:
    url = "http://127.0.0.1:9"  # answered in memory
    config = ServiceConfig(url=url, **service)  # type: ignore[arg-type]
    client = EligibilityClient(
        config, throwaway_kiosk(), ClinicConfig(), sleep=lambda s: None, monotonic=clock
    )
    client._http = httpx.Client(base_url=url, transport=handler)
    return client


class _Body(httpx.SyncByteStream):
    """A body the client reads as a stream, as it reads the real service's."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield self.data


def _json(status: int, text: str) -> httpx.Response:
    return httpx.Response(
        status, headers={"content-type": "application/json"}, stream=_Body(text.encode())
    )


def _session_or(handler_for_nonce):  # type: ignore[no-untyped-def]
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/sessions/challenge":
            return _json(200, '{"challenge": "%s"}' % ("00" * 32))
        if request.url.path == "/v1/sessions":
            return _json(200, '{"token": "t"}')
        return handler_for_nonce(request)  # type: ignore[no-any-return]

    return httpx.MockTransport(handle)


def test_a_call_stops_at_its_budget_and_cuts_each_request_to_what_is_left() -> None:
    clock = FakeTime()
    service = {"connect_timeout": 2.0, "read_timeout": 5.0, "retries": 5}
    budget = ServiceConfig(**service).call_budget_s()  # type: ignore[arg-type]
    tries: list[float] = []

    def hang(request: httpx.Request) -> httpx.Response:
        tries.append(request.extensions["timeout"]["read"])
        clock.now += 3 * 7.0  # a slow failure: pool + connect + write + read
        raise httpx.ReadTimeout("no answer", request=request)

    client = _client(_session_or(hang), clock, **service)
    start = clock.now
    with pytest.raises(EligibilityError) as raised:
        client.new_nonce()
    assert raised.value.kind is EligibilityErrorKind.TIMEOUT
    assert len(tries) < service["retries"] + 1  # the budget, not the retry count, ended it
    assert clock.now - start <= budget + 3 * 7.0  # no try starts after the deadline
    assert tries[0] == 5.0 and all(t <= budget for t in tries)


def test_the_last_try_gets_only_what_is_left_of_the_budget() -> None:
    clock = FakeTime()
    seen: list[float] = []

    def slow(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"]["read"])
        clock.now += 9.0
        raise httpx.ReadTimeout("no answer", request=request)

    client = _client(_session_or(slow), clock, connect_timeout=1.0, read_timeout=5.0, retries=1)
    with pytest.raises(EligibilityError):
        client.new_nonce()
    assert seen[0] == 5.0
    assert seen[1] == pytest.approx(3.2)  # budget 12.2 s, 9 s gone on the first try


def test_cancel_stops_the_call_before_its_next_try() -> None:
    cancel = threading.Event()
    tries = 0

    def fail_and_cancel(request: httpx.Request) -> httpx.Response:
        nonlocal tries
        tries += 1
        cancel.set()  # the reception ended while this try was on the wire
        return _json(503, "{}")

    client = _client(_session_or(fail_and_cancel), FakeTime(), retries=5)
    with pytest.raises(EligibilityError) as raised:
        client.new_nonce(cancel=cancel)
    assert tries == 1
    assert "cancelled" in str(raised.value)


def test_a_cancelled_call_sends_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    sent: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return _json(200, '{"nonce": "00"}')

    client = _client(_session_or(record), FakeTime())
    with pytest.raises(EligibilityError):
        client.new_nonce(cancel=cancel)
    assert sent == []


def test_the_default_configuration_fits_the_watchdog() -> None:
    config = load_config(environ={})
    assert 2 * config.service.call_budget_s() < config.timeouts.watchdog


@pytest.mark.parametrize(
    "service, timeouts",
    [
        ({"read_timeout": 120, "retries": 5}, {}),  # the case: 45 s watchdog
        ({"connect_timeout": 10, "read_timeout": 15, "retries": 0}, {}),  # 2 x 25 s
        ({}, {"watchdog": 20}),  # defaults need 43.2 s
    ],
)
def test_timeouts_that_outlast_the_watchdog_are_refused(
    service: dict[str, float], timeouts: dict[str, float]
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(environ={}, overrides={"service": service, "timeouts": timeouts})
    message = str(raised.value)
    assert "timeouts.watchdog" in message and "read_timeout" in message
    assert "secret" not in message  # the whole configuration is not dumped into the error


def test_a_longer_watchdog_admits_longer_timeouts() -> None:
    config = load_config(
        environ={}, overrides={"service": {"read_timeout": 20}, "timeouts": {"watchdog": 140}}
    )
    assert config.timeouts.watchdog == 140
