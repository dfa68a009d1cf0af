"""Issue 12's attacks, each against the real service process (mutual TLS) and the real client:
credentials, transport, binding, proofs, replays, consents, the kiosk's own checks and the
service's limits. Each attack succeeded before the fix."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import socket
import ssl
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.config import ClinicConfig, ConfigError, KioskConfig, ServiceConfig, load_config
from kiosk.eligibility.attest import Signer, login_message
from kiosk.eligibility.client import EligibilityClient
from kiosk.eligibility.document import first_result
from kiosk.enroll import (
    CERT_NAME,
    KEY_NAME,
    CredentialError,
    Identity,
    identity_of,
    load_credential,
)
from kiosk.ports import ConsentKind, EligibilityError, EligibilityErrorKind, Proof
from kiosk.ports import VerificationMethod as Method
from kiosk.sim.pki import MockPki, NetworkCa
from kiosk.sim.service.kiosks import enroll_local
from kiosk.sim.service.process import ServerProcess
from kiosk.sim.service.server import LIVE_NONCES, LOGIN_FAILURES, LOGIN_LOCKOUT, MAX_BODY

from .helpers import CLINIC, enrolled, make_client, pin_proof

pytestmark = pytest.mark.integration
Kind = EligibilityErrorKind
REPO = Path(__file__).resolve().parents[2]
PATIENT = "sato_hanako"


def _fails(kind: Kind, call: Callable[[], object]) -> EligibilityError:
    with pytest.raises(EligibilityError) as caught:
        call()
    assert caught.value.kind is kind, caught.value
    return caught.value


def _post(client: EligibilityClient, path: str, body: Any, **headers: str) -> httpx.Response:
    """A hand-made request on the client's own mutual-TLS connection, with its session."""
    auth = {"Authorization": f"Bearer {client._session_token()}"}
    return client._http.post(path, json=body, headers=auth | headers)


def _kiosk_cmd(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env,
        timeout=120, check=False,
    )  # fmt: skip


# --- 1. credentials ------------------------------------------------------------------------


def test_no_credential_has_a_default() -> None:
    assert "secret" not in KioskConfig.model_fields
    for path in (REPO / "kiosk/config.py", REPO / "config/kiosk.example.toml"):
        assert "demo-kiosk-secret" not in path.read_text(encoding="utf-8")
    assert not (REPO / "kiosk/sim/service/kiosks.py").read_text().count("demo-kiosk")


def test_kiosk_run_refuses_to_start_without_its_own_credential(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ncredential_dir = "{tmp_path / "none"}"\n'
        f'[database]\nurl = "sqlite:///{tmp_path / "k.sqlite3"}"\n'
        f'journal_dir = "{tmp_path / "journal"}"\n[ui]\nvoice = false\n',
        encoding="utf-8",
    )
    done = _kiosk_cmd("run", "--windowed", "--config", str(config))
    assert done.returncode == 1, done.stderr  # not enrolled: the environment
    assert "kiosk enroll" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_old_shared_secret_is_refused_and_never_printed(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nsecret = "demo-kiosk-secret-4711"\n', encoding="utf-8")
    done = _kiosk_cmd("config", "--config", str(config))
    assert done.returncode == 2
    assert "kiosk enroll" in done.stderr
    assert "4711" not in done.stderr + done.stdout


def test_kiosk_config_prints_no_key_material(server: ServerProcess, tmp_path: Path) -> None:
    kiosk = enrolled(server)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ncredential_dir = "{kiosk.credential_dir}"\n', encoding="utf-8")
    done = _kiosk_cmd("config", "--config", str(config))
    assert done.returncode == 0, done.stderr
    key_body = (Path(kiosk.credential_dir) / "kiosk.key.pem").read_text().splitlines()[1]
    assert "PRIVATE" not in done.stdout and key_body not in done.stdout


def _local_kiosk(tmp_path: Path) -> tuple[Path, Identity]:
    identity = Identity("F0000042", CLINIC.code, "kiosk-42")
    directory = tmp_path / "cred"
    enroll_local(tmp_path / "service", NetworkCa(tmp_path / "ca"), directory, identity)
    return directory, identity


def test_an_exposed_weak_or_foreign_credential_is_refused(tmp_path: Path) -> None:
    directory, identity = _local_kiosk(tmp_path)
    load_credential(directory, identity)  # the good one loads
    key = directory / "kiosk.key.pem"
    key.chmod(0o644)
    with pytest.raises(CredentialError, match="readable by others"):
        load_credential(directory, identity)
    key.chmod(0o600)
    with pytest.raises(CredentialError, match="names account"):
        load_credential(directory, Identity("F0000042", "2799999999", "kiosk-42"))
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    key.write_bytes(
        weak.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(CredentialError, match="too weak"):
        load_credential(directory, identity)


def test_enroll_check_reports_a_missing_credential(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ncredential_dir = "{tmp_path / "none"}"\n', encoding="utf-8")
    done = _kiosk_cmd("enroll", "--check", "--config", str(config))
    assert done.returncode == 1 and "run `kiosk enroll`" in done.stderr  # the environment


def test_the_service_keeps_only_public_keys(server: ServerProcess) -> None:
    kiosk = enrolled(server)
    key_pem = (Path(kiosk.credential_dir) / "kiosk.key.pem").read_bytes()
    key = serialization.load_pem_private_key(key_pem, None)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    kiosks = (server.data_dir / "kiosks.toml").read_text()
    assert "PUBLIC KEY" in kiosks and "PRIVATE" not in kiosks and "secret" not in kiosks
    for path in server.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert key_pem.splitlines()[1] not in data and der not in data, path


# --- 2. transport --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "says"),
    [
        ({"url": "http://192.0.2.10:8800"}, "https"),
        ({"url": "https://gateway.example:8443"}, "ca_file"),
    ],
)
def test_plain_http_off_this_machine_and_https_without_a_ca_are_refused(
    service: dict[str, str], says: str
) -> None:
    with pytest.raises(ConfigError, match=says):
        load_config(environ={}, overrides={"service": service})
    load_config(environ={}, overrides={"service": {"url": "http://127.0.0.1:8800"}})


def test_a_client_without_a_network_certificate_gets_no_connection(server: ServerProcess) -> None:
    context = ssl.create_default_context(cafile=server.ca_file)
    with pytest.raises(httpx.TransportError):
        httpx.post(f"{server.url}/v1/sessions/challenge", json={}, verify=context, timeout=5)


# --- 3. login and binding ------------------------------------------------------------------


def test_a_captured_login_cannot_be_replayed(server: ServerProcess) -> None:
    sent: list[tuple[str, bytes]] = []
    with make_client(server) as client:
        hook = client._http.event_hooks["request"]
        hook.append(lambda r: sent.append((r.url.path, r.read())))
        client._session_token(renew=True)
        login = next(body for path, body in sent if path == "/v1/sessions")
        json_type = {"Content-Type": "application/json"}
        again = client._http.post("/v1/sessions", content=login, headers=json_type)
    assert again.status_code == 401


def _raw_login(
    client: EligibilityClient,
    who: Signer,
    sign: Callable[[bytes], bytes],
    claimed: Signer | None = None,
) -> int:
    """Log in signing as ``who``; the body names ``claimed`` (default: the same)."""
    named = claimed or who
    challenge = client._http.post("/v1/sessions/challenge", json={"account_id": who.account_id})
    if challenge.status_code != 200:
        return challenge.status_code
    nonce = bytes.fromhex(challenge.json()["challenge"])
    body = {
        "account_id": named.account_id,
        "clinic_code": named.clinic_code,
        "kiosk_id": named.kiosk_id,
        "challenge": nonce.hex(),
        "signature": base64.b64encode(sign(login_message(who, nonce))).decode(),
    }
    return client._http.post("/v1/sessions", json=body).status_code


def test_a_kiosk_account_logs_in_only_as_its_own_clinic_and_kiosk(server: ServerProcess) -> None:
    kiosk = enrolled(server)
    credential = load_credential(Path(kiosk.credential_dir), identity_of(kiosk, CLINIC.code))
    with make_client(server) as client:
        own = Signer(kiosk.account_id, CLINIC.code, kiosk.id)
        assert _raw_login(client, own, credential.sign) == 200
        other_clinic = Signer(kiosk.account_id, "2799999999", kiosk.id)
        assert _raw_login(client, other_clinic, credential.sign) == 401
        other_kiosk = Signer(kiosk.account_id, CLINIC.code, "kiosk-99")
        assert _raw_login(client, other_kiosk, credential.sign) == 401
        # Its own signature, but the body claims the other clinic: refused all the same.
        assert _raw_login(client, own, credential.sign, claimed=other_clinic) == 401


OTHER_CLINIC = "2799999999"


def _clinic_b_kiosk(server: ServerProcess) -> KioskConfig:
    """A kiosk of another clinic, enrolled with the same service (its own key and certificate)."""
    directory = Path(server.data_dir).parent / f"{Path(server.data_dir).name}-clinic-b"
    kiosk = KioskConfig(id="kiosk-b1", account_id="F0000777", credential_dir=str(directory))
    if not (directory / CERT_NAME).exists():
        server.enroll(kiosk, OTHER_CLINIC)
    return kiosk


def _clinic_b_client(server: ServerProcess, kiosk: KioskConfig) -> EligibilityClient:
    settings = server.service_settings(connect_timeout=2.0, read_timeout=5.0)
    clinic = ClinicConfig(code=OTHER_CLINIC)
    return EligibilityClient(ServiceConfig(**settings), kiosk, clinic, sleep=lambda _s: None)


def test_a_certificate_logs_in_only_as_the_account_it_was_issued_for(
    server: ServerProcess,
) -> None:
    """Issue 25 item 4: a connection presenting clinic A's certificate cannot log in as clinic
    B's account, even signing with B's key (a key copied without its certificate, or a kiosk
    of one clinic lending its connection to another's account)."""
    a, b = enrolled(server), _clinic_b_kiosk(server)
    b_key = load_credential(Path(b.credential_dir), identity_of(b, OTHER_CLINIC))
    as_b = Signer(b.account_id, OTHER_CLINIC, b.id)
    with make_client(server, kiosk=a) as over_a:
        assert _raw_login(over_a, as_b, b_key.sign) == 401
    with _clinic_b_client(server, b) as over_b:
        assert _raw_login(over_b, as_b, b_key.sign) == 200  # its own certificate: in


def test_a_session_works_only_over_the_certificate_it_logged_in_with(
    server: ServerProcess,
) -> None:
    """A bearer token taken from clinic B's kiosk is of no use on clinic A's connection."""
    a, b = enrolled(server), _clinic_b_kiosk(server)
    with _clinic_b_client(server, b) as client_b, make_client(server, kiosk=a) as client_a:
        stolen = {"Authorization": f"Bearer {client_b._session_token()}"}
        assert client_a._http.post("/v1/nonces", headers=stolen).status_code == 401
        assert client_b._http.post("/v1/nonces", headers=stolen).status_code == 200
        assert len(client_b.new_nonce()) == 32  # the owner's session is untouched


def test_repeated_wrong_logins_lock_the_account_out(fresh_server: ServerProcess) -> None:
    kiosk = enrolled(fresh_server)
    with make_client(fresh_server, retries=0) as client:
        who = Signer(kiosk.account_id, CLINIC.code, kiosk.id)
        forger = load_credential(*_other_key(fresh_server, kiosk)).sign
        for _ in range(LOGIN_FAILURES):
            assert _raw_login(client, who, forger) == 401
        # Now even the right key is refused until the lockout ends.
        _fails(Kind.UNREACHABLE, client.new_nonce)
        locked = client._http.post("/v1/sessions/challenge", json={"account_id": who.account_id})
        assert locked.status_code == 429 and locked.json()["error"]["code"] == "locked"
        fresh_server.set_fault(clock_offset_s=LOGIN_LOCKOUT + 1)
        assert len(client.new_nonce()) == 32


def _other_key(server: ServerProcess, kiosk: KioskConfig) -> tuple[Path, Identity]:
    """The same account and names, but a key the service never saw (another enrolment)."""
    directory = Path(server.data_dir).parent / f"{Path(server.data_dir).name}-forger"
    identity = identity_of(kiosk, CLINIC.code)
    if not (directory / "kiosk.cert.pem").exists():
        enroll_local(directory / "service", server.network, directory / "cred", identity)
    return directory / "cred", identity


# --- 4. proofs -----------------------------------------------------------------------------


def test_a_kiosk_attestation_cannot_stand_in_for_the_pin_signature(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert = pki.user_cert_der(PATIENT)
    # A valid attestation by this kiosk's own key, labelled as a PIN check, without the card.
    proof = client._attested(cert, Proof(Method.PIN, client.new_nonce()), _now())
    body = {"certificate": base64.b64encode(cert).decode(), "proof": proof}
    answer = _post(client, "/v1/confirmations", body, **{"Idempotency-Key": "pin-by-kiosk"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "proof_rejected"
    assert "Name" not in answer.text


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- 5. replays under an idempotency key ---------------------------------------------------


def test_a_captured_confirmation_is_not_answered_in_another_session_or_after_a_restart(
    fresh_server: ServerProcess, pki: MockPki
) -> None:
    sent: list[bytes] = []
    with make_client(fresh_server) as first:
        first._http.event_hooks["request"].append(lambda r: sent.append(r.read()))
        cert, proof = pin_proof(pki, PATIENT, first.new_nonce())
        original = first.confirm(cert, proof, key="captured:confirm")
        captured = json.loads(next(b for b in sent if b and b"proof" in b))
        # The kiosk's own retry (same session, same spent nonce) still gets its answer back.
        retry = _post(
            first, "/v1/confirmations", captured, **{"Idempotency-Key": "captured:confirm"}
        )
        assert retry.status_code == 200 and retry.json()["document"] == original.document
    with make_client(fresh_server) as other_session:
        replay = _post(other_session, "/v1/confirmations", captured,
                       **{"Idempotency-Key": "captured:confirm"})  # fmt: skip
        assert replay.status_code == 403 and "Name" not in replay.text
        fresh_server.restart()
        other_session._session_token(renew=True)  # the restarted service forgot every session
        replay = _post(other_session, "/v1/confirmations", captured,
                       **{"Idempotency-Key": "captured:confirm"})  # fmt: skip
        assert replay.status_code == 403 and "Name" not in replay.text
        # With a fresh proof of the same card, the key answers again.
        cert, proof = pin_proof(pki, PATIENT, other_session.new_nonce())
        assert other_session.confirm(cert, proof, key="captured:confirm").validity == "1"


# --- 6. consents ---------------------------------------------------------------------------


def test_consents_need_this_kiosks_live_confirmation_and_stay_with_its_clinic(
    fresh_server: ServerProcess, pki: MockPki, tmp_path: Path
) -> None:
    cert, meds = pki.user_cert_der(PATIENT), {ConsentKind.MEDICATION: True}
    neighbour = enrolled(fresh_server, id="kiosk-02", account_id="F0000002")
    with make_client(fresh_server) as ours, make_client(fresh_server, kiosk=neighbour) as theirs:
        _confirm(ours, pki, "ours:confirm")
        # Another kiosk of the same clinic never saw this patient: it cannot write for them.
        _fails(Kind.PROOF_REJECTED, lambda: theirs.record_consents(cert, meds, key="theirs:c"))
        assert ours.record_consents(cert, meds, key="ours:consents")
        fresh_server.set_fault(clock_offset_s=16 * 60)  # the confirmation is no longer live
        _fails(Kind.PROOF_REJECTED, lambda: ours.record_consents(cert, meds, key="ours:late"))
    fresh_server.clear_faults()
    # A kiosk of another clinic confirms and consents: its consents are that clinic's only.
    other = ClinicConfig(code="2799999999")
    far_kiosk = KioskConfig(id="kiosk-77", account_id="F0000077", credential_dir=str(tmp_path))
    fresh_server.enroll(far_kiosk, other.code)
    service = ServiceConfig(**fresh_server.service_settings())
    with EligibilityClient(service, far_kiosk, other) as far:
        _confirm(far, pki, "far:confirm")
        far.record_consents(cert, {ConsentKind.DIAGNOSIS: True}, key="far:consents")
    with make_client(fresh_server) as ours:
        result = first_result(_confirm(ours, pki, "ours:again").document)
    assert result is not None and result.get("DiagnosisInfoConsFlg") != "1"


def _confirm(client: EligibilityClient, pki: MockPki, key: str) -> Any:
    cert, proof = pin_proof(pki, PATIENT, client.new_nonce())
    return client.confirm(cert, proof, key=key)


# --- 7. the kiosk checks what comes back ---------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        {"ArbitraryFileIdentifier": "another-reception:confirm"},
        {"MedicalInstitutionCode": "2799999999"},
    ],
    ids=["file-id", "clinic"],
)
def test_an_answer_for_another_request_or_clinic_is_refused(
    client: EligibilityClient, pki: MockPki, server: ServerProcess, header: dict[str, str]
) -> None:
    server.set_fault(header=header)
    _fails(Kind.MISMATCH, lambda: _confirm(client, pki, f"echo:{next(iter(header))}"))


# --- 8. the service's limits ---------------------------------------------------------------


def _raw_http(
    server: ServerProcess, head: str, chunks: int, chunk: bytes, kiosk: KioskConfig | None = None
) -> tuple[bytes, int]:
    """Send ``head`` then up to ``chunks`` × ``chunk`` until the server answers or closes;
    the answer and the bytes it let us send. The TLS certificate is ``kiosk``'s own (a session
    works only over it) or, without one, a network certificate of no account."""
    context = ssl.create_default_context(cafile=server.ca_file)
    context.load_cert_chain(*_cert_files(server, kiosk))
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(head.encode())
        answer, sent = _send_until_answered(tls, chunks, chunk)
        return answer + _read_rest(tls), sent


def _cert_files(server: ServerProcess, kiosk: KioskConfig | None) -> tuple[str, str]:
    if kiosk is None:
        cert, key = server.network.client_files("harness")
        return str(cert), str(key)
    directory = Path(kiosk.credential_dir)
    return str(directory / CERT_NAME), str(directory / KEY_NAME)


def _send_until_answered(tls: ssl.SSLSocket, chunks: int, chunk: bytes) -> tuple[bytes, int]:
    tls.setblocking(False)
    answer, sent = b"", 0
    for _ in range(chunks):
        with contextlib.suppress(ssl.SSLWantReadError, BlockingIOError):
            answer += tls.recv(65536)
        if answer:
            break
        try:
            sent += tls.send(chunk)
        except (ssl.SSLWantWriteError, BlockingIOError):
            continue
        except OSError:  # the server closed the connection on us
            break
    tls.setblocking(True)
    tls.settimeout(10)
    return answer, sent


def _read_rest(tls: ssl.SSLSocket) -> bytes:
    rest = b""
    with contextlib.suppress(OSError):
        while more := tls.recv(65536):
            rest += more
    return rest


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_an_unauthenticated_200_mb_body_is_refused_unread(server: ServerProcess) -> None:
    assert server.pid is not None
    before = _rss_kib(server.pid)
    head = (
        "POST /v1/confirmations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
    )
    answer, sent = _raw_http(server, head, 3200, b"A" * 65536)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert len(answer) < 2048 and b"AAAA" not in answer
    assert sent < 64 * 1024 * 1024  # the server stopped listening long before 200 MB
    assert _rss_kib(server.pid) - before < 50 * 1024


def test_an_authenticated_300_mb_body_is_refused_past_the_limit(
    server: ServerProcess, client: EligibilityClient
) -> None:
    assert server.pid is not None
    before = _rss_kib(server.pid)
    head = (
        "POST /v1/confirmations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {client._session_token()}\r\nIdempotency-Key: big\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"10000\r\n" + b"B" * 65536 + b"\r\n"  # a 64 KiB chunk, 4800 of them = 300 MB
    answer, sent = _raw_http(server, head, 4800, chunk, kiosk=enrolled(server))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert len(answer) < 2048 and b"BBBB" not in answer
    assert sent < 64 * 1024 * 1024
    assert _rss_kib(server.pid) - before < 50 * 1024
    declared = _post(client, "/v1/confirmations", {"certificate": "A" * (MAX_BODY + 1)})
    assert declared.status_code == 413


def test_errors_never_echo_the_request(client: EligibilityClient) -> None:
    marker = "ZQXJ" * 40
    bad = {"certificate": marker, "proof": {"method": "face", "nonce": marker}}
    for path, body in (
        ("/v1/confirmations", bad),
        ("/v1/consents", {"certificate": marker, "consents": [{"kind": marker, "agreed": 1}]}),
        ("/v1/sessions/challenge", {"account_id": marker}),
        ("/v1/sessions", {"account_id": "F01", "signature": marker}),
    ):
        answer = _post(client, path, body, **{"Idempotency-Key": "echo"})
        assert 400 <= answer.status_code < 500, (path, answer.status_code)
        assert "ZQXJ" not in answer.text, (path, answer.text[:300])
    json_type = {"Content-Type": "application/json"}
    not_json = client._http.post("/v1/sessions", content=b"{" + marker.encode(), headers=json_type)
    assert not_json.status_code == 422 and "ZQXJ" not in not_json.text


def test_nonces_are_limited_per_session(fresh_server: ServerProcess, pki: MockPki) -> None:
    with make_client(fresh_server, retries=0) as client:
        nonces = [client.new_nonce() for _ in range(LIVE_NONCES)]
        _fails(Kind.UNREACHABLE, client.new_nonce)  # 429: the service says no more
        cert, proof = pin_proof(pki, PATIENT, nonces[0])
        assert client.confirm(cert, proof, key="nonce-cap").validity == "1"
        assert len(client.new_nonce()) == 32  # a used nonce makes room for the next


def test_a_revoked_kiosk_is_out_at_once_and_its_key_never_comes_back(
    fresh_server: ServerProcess, pki: MockPki, tmp_path: Path
) -> None:
    """Issue 25 item 4: the operator revokes a kiosk (stolen, retired); its running session ends
    on its next request and its key cannot be enrolled again."""
    kiosk = KioskConfig(credential_dir=str(tmp_path / "credential"))
    fresh_server.enroll(kiosk, CLINIC.code)
    with make_client(fresh_server, kiosk=kiosk) as client:
        client.new_nonce()  # logged in and working
        account = identity_of(kiosk, CLINIC.code).account_id
        done = _kiosk_cmd("eligibility-server", "revoke", "--data", str(fresh_server.data_dir),
                          "--account", account)  # fmt: skip
        assert done.returncode == 0, done.stderr
        with pytest.raises(EligibilityError) as refused:
            client.new_nonce()
        assert refused.value.kind is EligibilityErrorKind.PROOF_REJECTED
    from kiosk.sim.service.kiosks import KioskFileError, enroll

    request = (Path(kiosk.credential_dir) / "kiosk.csr.pem").read_bytes()
    with pytest.raises(KioskFileError, match="revoked"):
        enroll(fresh_server.data_dir, fresh_server.network, request)
    again = _kiosk_cmd("eligibility-server", "revoke", "--data", str(fresh_server.data_dir),
                       "--account", account)  # fmt: skip
    assert again.returncode == 2 and "no enrolled kiosk" in again.stderr


# --- 9. slow connections -------------------------------------------------------------------

HANDSHAKE_S, REQUEST_S = 1.0, 2.0
GIVE_UP_S = 25.0  # far past both deadlines, well short of the event loop's own 60 s


@pytest.fixture
def strict_server(tmp_path: Path, pki: MockPki) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path / "data", pki_dir=pki.directory, handshake_timeout=HANDSHAKE_S,
                       request_timeout=REQUEST_S) as proc:  # fmt: skip
        yield proc


def _closed_by_server(sock: socket.socket) -> bool:
    """Wait for the server to close (EOF or reset) — True — or for GIVE_UP_S to pass."""
    sock.settimeout(GIVE_UP_S)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except OSError:  # reset by the server
        return True
    return True


@pytest.mark.parametrize("sent", [b"", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"])
def test_a_connection_stalled_in_the_handshake_is_dropped(
    strict_server: ServerProcess, sent: bytes
) -> None:
    """Issue 25 item 4: a client that opens a connection and sends nothing, or the first bytes
    of a ClientHello, then stalls, is dropped by the server's handshake deadline."""
    with socket.create_connection(("127.0.0.1", strict_server.port), timeout=10) as raw:
        raw.sendall(sent)
        assert _closed_by_server(raw)
    with make_client(strict_server) as client:  # and the service still serves
        assert len(client.new_nonce()) == 32


def test_a_request_trickled_after_the_handshake_is_dropped(strict_server: ServerProcess) -> None:
    """A client with a network certificate that sends its request headers a byte at a time is
    dropped once the request has taken longer than the request deadline to arrive."""
    context = ssl.create_default_context(cafile=strict_server.ca_file)
    context.load_cert_chain(*_cert_files(strict_server, None))
    raw = socket.create_connection(("127.0.0.1", strict_server.port), timeout=10)
    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        header = b"X-Slow: " + b"a" * 400
        sent = 0
        with contextlib.suppress(OSError):  # the server closed the connection on us
            for byte in header:
                tls.sendall(bytes([byte]))
                sent += 1
                if _answered_or_closed(tls):
                    break
        assert sent < len(header), "the server waited for every trickled byte"
        assert _closed_by_server(tls)


def _answered_or_closed(tls: ssl.SSLSocket) -> bool:
    """After a pause of a tenth of a second: has the server said or closed anything?"""
    tls.settimeout(0.1)
    try:
        tls.recv(4096)
    except (TimeoutError, ssl.SSLWantReadError):
        return False
    return True


def test_a_slow_answer_is_not_cut_by_the_request_deadline(strict_server: ServerProcess) -> None:
    """The deadline counts the client's sending, not the service's answering: a request whose
    answer takes longer than the deadline still gets it."""
    with make_client(strict_server, read_timeout=REQUEST_S * 5) as client:
        client.new_nonce()  # logged in
        strict_server.set_fault(latency_ms=int(REQUEST_S * 1500), count=1)
        assert len(client.new_nonce()) == 32
