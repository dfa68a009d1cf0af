"""Fuzz the real service from its own OpenAPI document: no input makes it answer 5xx."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from kiosk.enroll import CERT_NAME, KEY_NAME
from kiosk.sim.service.process import ServerProcess

from .helpers import enrolled, make_client

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PATHS = [
    "/v1/sessions/challenge",
    "/v1/sessions",
    "/v1/nonces",
    "/v1/confirmations",
    "/v1/registrations",
    "/v1/consents",
]
# A nonce request has no body and only an optional header: there is nothing invalid to make.
CASES = [
    (path, mode)
    for path in PATHS
    for mode in schemathesis.GenerationMode
    if not (path == "/v1/nonces" and mode is schemathesis.GenerationMode.NEGATIVE)
]


@pytest.mark.parametrize(("path", "mode"), CASES, ids=[f"{p}-{m.value}" for p, m in CASES])
def test_no_server_error_for_any_input(
    server: ServerProcess, path: str, mode: schemathesis.GenerationMode
) -> None:
    with make_client(server) as client:
        token = client._session_token()
    # Mutual TLS: the fuzzer connects with the kiosk's own certificate, the only one its
    # session is good over.
    credential = Path(enrolled(server).credential_dir)
    tls = {
        "verify": server.ca_file,
        "cert": (str(credential / CERT_NAME), str(credential / KEY_NAME)),
    }
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json", **tls)
    operation = schema[path]["POST"]
    headers = {} if path.startswith("/v1/sessions") else {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        response = case.call(base_url=server.url, headers=headers, timeout=10, **tls)
        assert response.status_code < 500, (response.status_code, response.text)
        assert "json" in " ".join(response.headers.get("content-type", []))

    check()
