"""The kiosk's client of the online eligibility service (implements ``EligibilityPort``).

Only the user-auth certificate and the proof leave the kiosk: a PIN-path signature over the
service's one-time nonce, or the kiosk's own attestation (a signature by its per-kiosk key, made
by ``kiosk enroll``) that a face or staff visual check passed. Never a PIN, a photo or a My Number.
The kiosk logs in by signing the service's challenge with the same key, over mutual TLS when the
service is HTTPS; it checks that each answer is about its request (echoed file id and clinic).

Every request is safe to retry: a nonce request only wastes a nonce and the others carry the
caller's idempotency key, so transport failures and 5xx answers are retried a bounded number of
times with exponential backoff. Every failure ends as an ``EligibilityError`` of a known kind.

One call never outlives ``ServiceConfig.call_budget_s()`` (each request's timeouts are cut to
what is left of it), and a caller's ``cancel`` event stops it before its next try or during a
pause: the configuration keeps a step's calls under the runtime's watchdog (kiosk/config.py).
"""

from __future__ import annotations

import base64
import logging
import random
import re
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

import httpx
from pydantic import BaseModel, ValidationError

from kiosk.config import BACKOFF_CAP_S, BACKOFF_S, ClinicConfig, KioskConfig, ServiceConfig
from kiosk.eligibility.attest import Signer, attestation_message, login_message
from kiosk.eligibility.codes import QualificationValidity, parse_yyyymmdd
from kiosk.eligibility.document import first_result
from kiosk.eligibility.validate import (
    MAX_ANSWER_BYTES,
    AnswerTooLarge,
    DocumentError,
    check_document,
    parse_json,
    plain_message,
    read_limited,
)
from kiosk.enroll import KioskCredential, identity_of, load_credential
from kiosk.ports import (
    ConsentKind,
    ConsentReceipt,
    EligibilityError,
    EligibilityErrorKind,
    Proof,
    Qualification,
    VerificationMethod,
)

log = logging.getLogger(__name__)
Kind = EligibilityErrorKind

# The service's error codes, as the flow and the UI know them.
_CODES: dict[str, EligibilityErrorKind] = {
    "proof_rejected": Kind.PROOF_REJECTED,
    "cert_expired": Kind.CERT_EXPIRED,
    "cert_revoked": Kind.CERT_REVOKED,
    "not_registered": Kind.NOT_REGISTERED,
    "no_qualification": Kind.NO_QUALIFICATION,
    "lookup_locked": Kind.LOOKUP_LOCKED,
    # A card's certificate sent with a phone method or the reverse: our own mistake, refused.
    "cert_kind_mismatch": Kind.PROOF_REJECTED,
}
# Proven by a signature over the service's nonce: the card's (PIN) or the phone's (Android: its
# PIN on the kiosk; iPhone: Face ID / Touch ID on the phone). [U] What a real phone proves to the
# real service is not public: docs/card.md, Smartphone.
_SIGNED = (VerificationMethod.PIN, VerificationMethod.PHONE_PIN, VerificationMethod.PHONE_BIOMETRIC)
# RFC 6750's b64token: what an Authorization header can carry (httpx would raise on anything
# else, e.g. a non-ASCII character, while building the next request).
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{1,1024}=*")


class _ConfirmAnswer(BaseModel):
    validity: Literal["1", "2", "3", "4", "5", "6"]
    has_limit_certificate: bool
    document: dict[str, Any]


class _Receipt(BaseModel):
    kind: ConsentKind
    flag: Literal["0", "1"]
    cons_time: datetime
    available_time: datetime | None


class _ConsentAnswer(BaseModel):
    receipts: list[_Receipt]


class _Reply(NamedTuple):
    """A whole answer, read within the size limit."""

    status_code: int
    content: bytes


class _Retry(Exception):
    """A failure worth another attempt; carries the error to raise if attempts run out."""

    def __init__(self, error: EligibilityError) -> None:
        super().__init__(str(error))
        self.error = error


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class InsuredNumbers:
    """What staff read off a 資格確認書, an expired 保険証 or a 資格情報のお知らせ."""

    insurer_number: str  # 保険者番号: 6 digits (国保) or 8
    symbol: str  # 記号 (may be empty)
    number: str  # 番号
    branch: str  # 枝番: 2 digits, or empty when the document has none
    birth_date: date


class EligibilityClient:
    def __init__(
        self,
        service: ServiceConfig,
        kiosk: KioskConfig,
        clinic: ClinicConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,  # tests and bench/fuzz.py: answers in memory
        monotonic: Callable[[], float] = time.monotonic,
        credential: KioskCredential | None = None,
    ) -> None:
        """Raises ``CredentialError`` when the kiosk has no valid credential of its own."""
        self._kiosk = kiosk
        self._clinic = clinic
        self._signer = Signer(kiosk.account_id, clinic.code, kiosk.id)
        # The CA file first: a missing one is the machine's problem (exit 1), reported as such.
        trust = ssl.create_default_context(cafile=service.ca_file) if service.ca_file else None
        self._credential = credential or load_credential(
            Path(kiosk.credential_dir), identity_of(kiosk, clinic.code)
        )
        self._retries = service.retries
        self._budget_s = service.call_budget_s()
        self._connect_s = service.connect_timeout
        self._read_s = service.read_timeout
        self._sleep = sleep
        self._monotonic = monotonic
        verify: ssl.SSLContext | bool = True
        if service.url.startswith("https://"):
            verify = self._credential.present(trust or ssl.create_default_context())
        timeout = httpx.Timeout(
            connect=service.connect_timeout,
            read=service.read_timeout,
            write=service.read_timeout,
            pool=service.connect_timeout,
        )
        self._http = httpx.Client(
            base_url=service.url,
            timeout=timeout,
            verify=verify,
            headers={"Accept-Encoding": "identity"},  # sizes are counted as sent (_read_body)
            transport=transport,
        )
        self._token: str | None = None
        self._token_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> EligibilityClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- EligibilityPort -----------------------------------------------------------------

    def new_nonce(self, *, cancel: threading.Event | None = None) -> bytes:
        answer = self._call("/v1/nonces", None, cancel=cancel)
        try:
            return bytes.fromhex(str(answer["nonce"]))
        except (KeyError, ValueError) as exc:
            raise EligibilityError(Kind.MALFORMED, "nonce answer without a nonce") from exc

    def confirm(
        self, cert_der: bytes, proof: Proof, *, key: str, cancel: threading.Event | None = None
    ) -> Qualification:
        body = {"certificate": _b64(cert_der), "proof": self._proof(cert_der, proof)}
        return self._qualification(
            self._call("/v1/confirmations", body, key=key, cancel=cancel), key
        )

    def register(
        self, cert_der: bytes, proof: Proof, *, key: str, cancel: threading.Event | None = None
    ) -> None:
        body = {"certificate": _b64(cert_der), "proof": self._proof(cert_der, proof)}
        answer = self._call("/v1/registrations", body, key=key, cancel=cancel)
        if answer.get("registered") is not True:
            raise EligibilityError(Kind.MALFORMED, "registration not acknowledged")

    def record_consents(
        self,
        cert_der: bytes,
        answers: Mapping[ConsentKind, bool],
        *,
        key: str,
        cancel: threading.Event | None = None,
    ) -> list[ConsentReceipt]:
        items = [{"kind": kind.value, "agreed": agreed} for kind, agreed in answers.items()]
        body = {"certificate": _b64(cert_der), "consents": items}
        answer = self._call("/v1/consents", body, key=key, cancel=cancel)
        try:
            parsed = _ConsentAnswer.model_validate(answer)
        except ValidationError as exc:
            raise EligibilityError(Kind.MALFORMED, "consent answer has the wrong shape") from exc
        return [
            ConsentReceipt(r.kind, r.flag == "1", r.cons_time, r.available_time)
            for r in parsed.receipts
        ]

    def final_result(
        self,
        cert_der: bytes,
        *,
        prescription: str | None,
        key: str,
        cancel: threading.Event | None = None,
    ) -> Qualification:
        """The re-query after the consents: the document as the clinic's systems must receive it
        (consents with their times, limit information once agreed, PrescriptionIssueSelect)."""
        body: dict[str, Any] = {"certificate": _b64(cert_der)}
        if prescription is not None:
            body["prescription_issue_select"] = prescription
        return self._qualification(self._call("/v1/results", body, key=key, cancel=cancel), key)

    def lookup_insured(self, numbers: InsuredNumbers, *, key: str) -> Qualification:
        """The 被保険者番号 lookup staff use for a patient without a usable card: eligibility
        by 保険者番号, 記号・番号・枝番 and birth date. Raises NO_QUALIFICATION when nobody has
        those numbers (QualificationValidity 4)."""
        body = {
            "insurer_number": numbers.insurer_number,
            "symbol": numbers.symbol,
            "number": numbers.number,
            "branch": numbers.branch,
            "birth_date": numbers.birth_date.strftime("%Y%m%d"),
        }
        return self._qualification(self._call("/v1/insured-lookups", body, key=key), key)

    def confirm_deferred(
        self, cert_der: bytes, method: VerificationMethod, verified_at: datetime, *, key: str
    ) -> Qualification:
        """Re-query with the kiosk's attestation of the check done at ``verified_at`` (a naive
        time is taken as UTC)."""
        if verified_at.tzinfo is None:
            verified_at = verified_at.replace(tzinfo=UTC)
        proof = Proof(method, self.new_nonce())
        body = {
            "certificate": _b64(cert_der),
            "proof": self._attested(cert_der, proof, verified_at, deferred=True),
        }
        return self._qualification(self._call("/v1/confirmations", body, key=key), key)

    # --- proofs ----------------------------------------------------------------------------

    def _proof(self, cert_der: bytes, proof: Proof) -> dict[str, Any]:
        if proof.method in _SIGNED:
            if proof.signature is None:
                raise EligibilityError(
                    Kind.PROOF_REJECTED, f"{proof.method.value} without a signature"
                )
            signature = _b64(proof.signature)
            return {
                "method": proof.method.value,
                "nonce": proof.nonce.hex(),
                "signature": signature,
            }
        return self._attested(cert_der, proof, datetime.now(UTC))

    def _attested(
        self, cert_der: bytes, proof: Proof, verified_at: datetime, *, deferred: bool = False
    ) -> dict[str, Any]:
        stamp = verified_at.isoformat()
        message = attestation_message(
            self._signer,
            method=proof.method.value,
            deferred=deferred,
            nonce=proof.nonce,
            verified_at=stamp,
            cert_der=cert_der,
        )
        return {
            "method": proof.method.value,
            "nonce": proof.nonce.hex(),
            "verified_at": stamp,
            "deferred": deferred,
            "attestation": _b64(self._credential.sign(message)),
        }

    def _qualification(self, answer: Mapping[str, Any], key: str) -> Qualification:
        try:
            parsed = _ConfirmAnswer.model_validate(answer)
        except ValidationError as exc:
            raise EligibilityError(
                Kind.MALFORMED, "confirmation answer has the wrong shape"
            ) from exc
        try:
            check_document(parsed.document)
        except DocumentError as exc:
            raise EligibilityError(Kind.MALFORMED, f"result document: {exc}") from exc
        stated = parsed.document["MessageBody"].get("QualificationValidity", parsed.validity)
        if stated != parsed.validity:
            raise EligibilityError(Kind.MALFORMED, "validity differs from the result document")
        self._check_echo(parsed.document, key)
        if parsed.validity == QualificationValidity.NO_QUALIFICATION.value:
            raise EligibilityError(Kind.NO_QUALIFICATION, "QualificationValidity 4 該当資格なし")
        result = first_result(parsed.document)
        try:
            if result is None:
                raise KeyError("ResultOfQualificationConfirmation")
            name = str(result["Name"])
            birth: date = parse_yyyymmdd(str(result["Birthdate"]))
        except (KeyError, ValueError) as exc:
            raise EligibilityError(Kind.MALFORMED, f"result document lacks {exc}") from exc
        return Qualification(
            validity=parsed.validity,
            name=name,
            birth_date=birth,
            has_limit_certificate=parsed.has_limit_certificate,
            document=parsed.document,
        )

    def _check_echo(self, document: Mapping[str, Any], key: str) -> None:
        """The answer must be about this request: another reception's or another clinic's
        result is never taken as this patient's."""
        head = document.get("MessageHeader")
        head = head if isinstance(head, Mapping) else {}
        if head.get("ArbitraryFileIdentifier") != key:
            raise EligibilityError(Kind.MISMATCH, "answer is for another request")
        if head.get("MedicalInstitutionCode") != self._clinic.code:
            raise EligibilityError(Kind.MISMATCH, "answer is for another clinic")

    # --- transport -------------------------------------------------------------------------

    def _call(
        self,
        path: str,
        body: Any,
        *,
        key: str | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        deadline = self._monotonic() + self._budget_s
        error = EligibilityError(Kind.UNREACHABLE)
        for attempt in range(self._retries + 1):
            if attempt:
                delay = min(BACKOFF_CAP_S, BACKOFF_S * 2 ** (attempt - 1))
                self._pause(delay * (0.5 + random.random() / 2), cancel)
            if cancel is not None and cancel.is_set():
                raise EligibilityError(Kind.TIMEOUT, "cancelled: the reception gave up")
            if self._monotonic() >= deadline:
                break
            try:
                return self._attempt(path, body, key, deadline)
            except _Retry as retry:
                error = retry.error
                log.info("eligibility %s attempt %d failed: %s", path, attempt + 1, error)
        raise error

    def _pause(self, seconds: float, cancel: threading.Event | None) -> None:
        if cancel is None:
            self._sleep(seconds)
        elif cancel.wait(seconds):
            raise EligibilityError(Kind.TIMEOUT, "cancelled: the reception gave up")

    def _timeout(self, deadline: float) -> httpx.Timeout:
        """The configured timeouts, cut to what is left of the call's budget."""
        left = max(0.001, deadline - self._monotonic())
        connect, read = min(self._connect_s, left), min(self._read_s, left)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def _attempt(self, path: str, body: Any, key: str | None, deadline: float) -> dict[str, Any]:
        response = self._send(path, body, key, self._session_token(deadline), deadline)
        if response.status_code == 401:
            # The service forgets sessions on restart: log in again, once.
            token = self._session_token(deadline, renew=True)
            response = self._send(path, body, key, token, deadline)
        return self._answer(response)

    def _send(self, path: str, body: Any, key: str | None, token: str, deadline: float) -> _Reply:
        headers = {"Authorization": f"Bearer {token}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return self._request(path, body, headers, deadline)

    def _request(self, path: str, body: Any, headers: dict[str, str], deadline: float) -> _Reply:
        try:
            timeout = self._timeout(deadline)
            with self._http.stream(
                "POST", path, json=body, headers=headers, timeout=timeout
            ) as response:
                return _Reply(response.status_code, _read_body(response))
        except httpx.ConnectTimeout as exc:
            raise _Retry(EligibilityError(Kind.UNREACHABLE, "connect timed out")) from exc
        except httpx.TimeoutException as exc:
            raise _Retry(EligibilityError(Kind.TIMEOUT, type(exc).__name__)) from exc
        except httpx.TransportError as exc:
            raise _Retry(EligibilityError(Kind.UNREACHABLE, type(exc).__name__)) from exc

    def _session_token(self, deadline: float | None = None, *, renew: bool = False) -> str:
        if deadline is None:
            deadline = self._monotonic() + self._budget_s
        with self._token_lock:
            if self._token is None or renew:
                self._token = self._login(deadline)
            return self._token

    def _login(self, deadline: float) -> str:
        """Sign the service's one-time challenge with the kiosk's key: nothing reusable
        travels, and the service holds only the public key."""
        who = {"account_id": self._signer.account_id}
        answer = self._answer(self._request("/v1/sessions/challenge", who, {}, deadline))
        try:
            challenge = bytes.fromhex(str(answer["challenge"]))
        except (KeyError, ValueError) as exc:
            raise _Retry(EligibilityError(Kind.MALFORMED, "challenge answer without one")) from exc
        body = who | {
            "clinic_code": self._signer.clinic_code,
            "kiosk_id": self._signer.kiosk_id,
            "challenge": challenge.hex(),
            "signature": _b64(self._credential.sign(login_message(self._signer, challenge))),
        }
        answer = self._answer(self._request("/v1/sessions", body, {}, deadline))
        token = answer.get("token")
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            raise _Retry(EligibilityError(Kind.MALFORMED, "session answer without token"))
        return token

    @staticmethod
    def _answer(response: _Reply) -> dict[str, Any]:
        status = response.status_code
        if status >= 500 or status == 429:
            raise _Retry(EligibilityError(Kind.UNREACHABLE, f"service answered {status}"))
        try:
            data = parse_json(response.content)
        except ValueError as exc:
            raise _Retry(EligibilityError(Kind.MALFORMED, "answer is not JSON")) from exc
        if not isinstance(data, dict):
            raise _Retry(EligibilityError(Kind.MALFORMED, "answer is not a JSON object"))
        if status >= 400:
            raise _error(status, data)
        return data


def _read_body(response: httpx.Response) -> bytes:
    """The body, refused as soon as it passes the size limit (a declared length first). The
    client asks for no compression and refuses any: a few kB of gzip can inflate to gigabytes
    in one decoder call, before any count could stop it."""
    if response.headers.get("content-encoding", "identity").lower() != "identity":
        raise EligibilityError(Kind.MALFORMED, "answer is compressed, which was not asked for")
    declared = response.headers.get("content-length", "")
    try:
        if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(f"answer of {declared} bytes")
        return read_limited(response.iter_bytes())  # identity: the bytes as sent
    except AnswerTooLarge as exc:
        raise EligibilityError(Kind.MALFORMED, str(exc)) from exc


def _error(status: int, data: Mapping[str, Any]) -> EligibilityError:
    error = data.get("error")
    code = error.get("code") if isinstance(error, Mapping) else None
    # The service's words go into logs and the record's end reason: plain and short.
    message = plain_message(error.get("message", "")) if isinstance(error, Mapping) else ""
    code = plain_message(code, 40) if code is not None else None
    if code == "unauthenticated":
        return EligibilityError(Kind.PROOF_REJECTED, "the service rejected this kiosk's account")
    kind = _CODES.get(str(code))
    if kind is None:
        return EligibilityError(Kind.MALFORMED, f"service answered {status} {code}: {message}")
    if code == "cert_kind_mismatch":
        message = f"{code}: {message}"
    return EligibilityError(kind, message)
