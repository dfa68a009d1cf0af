"""The mock online eligibility service: FastAPI app, one process, state in its data directory.

Endpoints (OpenAPI at /openapi.json):
  POST /v1/sessions/challenge  a one-time login challenge for an enrolled kiosk account
  POST /v1/sessions          kiosk login: the challenge signed by the kiosk's key -> bearer token
  POST /v1/nonces            a one-time nonce for the next proof
  POST /v1/confirmations     eligibility by certificate + proof          (Idempotency-Key)
  POST /v1/registrations     保険証利用登録 by certificate + proof          (Idempotency-Key)
  POST /v1/consents          consent flags, incl. limit-info provision   (Idempotency-Key)
  POST /v1/results           the re-query after the consents: the final document (Idempotency-Key)
  POST /v1/insured-lookups   eligibility by 保険者番号, 記号・番号・枝番 and birth date: the
                             被保険者番号 lookup staff use for a patient without a usable card
  GET  /healthz
With ``faults=True`` also PUT/DELETE /_test/faults (latency, error status, hang, malformed body,
before or after the request is processed, and a clock offset), hidden from the OpenAPI document.

Who may do what (docs/security.md): a kiosk account is bound to one clinic code and kiosk id and
holds only a public key here; on mutual TLS the client's certificate must carry that key at
login and every request of the session (kiosk.sim.service.transport hands it over, and bounds
slow handshakes and requests); the bearer token is checked before a body is read and bodies are
size-limited; logins lock out after repeated failures; each session may hold a few live nonces;
a PIN proof needs the card's signature, a face or visual attestation expires in minutes; a
stored answer comes back only to the same session with the spent nonce, or with a fresh proof;
consents need this kiosk's live confirmation of that patient; errors never echo the request.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.eligibility.attest import Signer, attestation_message, login_message
from kiosk.eligibility.codes import ConsentFlag
from kiosk.enroll import verify_signature
from kiosk.ports import ConsentKind
from kiosk.sim.personas import Persona, load_personas
from kiosk.sim.pki import MockPki, fingerprint
from kiosk.sim.service.document import ConsentState, header, result_document
from kiosk.sim.service.kiosks import FILE_NAME, REVOKED_FILE, KioskAccount, load_kiosks
from kiosk.sim.service.limits import LookupLimits, LookupLocked
from kiosk.sim.service.store import ServiceStore, StoredAnswer
from kiosk.sim.service.transport import client_certificate

NONCE_BYTES = 32
# A face or visual check is vouched for by the kiosk alone: the claim is good for minutes. A
# re-query after an outage longer than that is a matter for staff, not for the kiosk's word.
ATTESTATION_MAX_AGE = timedelta(minutes=10)
ATTESTATION_MAX_SKEW = timedelta(minutes=1)
CONSENT_WINDOW = timedelta(minutes=15)  # consents follow a confirmation by the same kiosk
JAPAN = timezone(timedelta(hours=9))


def last_grace_day(expires: date) -> date:
    """An expired card certificate still confirms the qualification (only) for 3 months from
    the end of its expiry month: until the day before the 1st of the 4th month after it."""
    months = expires.year * 12 + expires.month - 1 + 4
    return date(months // 12, months % 12 + 1, 1) - timedelta(days=1)


CHALLENGE_TTL = 60.0
LOGIN_FAILURES = 5  # per account (or per client address) before it is locked out
LOGIN_LOCKOUT = 300.0
HOST_FAILURES = 20
LIVE_NONCES = 16  # per session: a reception uses one or two
SESSIONS_PER_ACCOUNT = 4
MAX_LOGIN_BODY = 4 * 1024
MAX_BODY = 64 * 1024  # a certificate, a signature and a few fields


class ServiceError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


# --- request models ------------------------------------------------------------------------

_Strict = ConfigDict(extra="forbid")
B64 = Annotated[str, Field(max_length=16384, pattern=r"^[A-Za-z0-9+/=]+$")]
MAX_KEY = 128


Account = Annotated[str, Field(pattern=r"^F0[0-9A-Za-z]{1,30}$")]


class ChallengeRequest(BaseModel):
    model_config = _Strict
    account_id: Account


class SessionRequest(BaseModel):
    model_config = _Strict
    account_id: Account
    clinic_code: Annotated[str, Field(pattern=r"^\d{10}$")]
    kiosk_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
    challenge: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    signature: Annotated[str, Field(max_length=1024, pattern=r"^[A-Za-z0-9+/=]+$")]


class ProofModel(BaseModel):
    model_config = _Strict
    # "phonepin" / "phonebio": the smartphone's certificate signed the nonce (Android after its
    # PIN on the kiosk, iPhone after Face ID / Touch ID on the phone; docs/card.md, Smartphone).
    method: Literal["pin", "face", "visual", "phonepin", "phonebio"]
    nonce: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    signature: B64 | None = None
    verified_at: Annotated[str, Field(max_length=64)] | None = None
    deferred: bool = False  # a re-query of a reception recorded while the service was down
    attestation: Annotated[str, Field(max_length=1024, pattern=r"^[A-Za-z0-9+/=]+$")] | None = None


class ConfirmRequest(BaseModel):
    model_config = _Strict
    certificate: B64
    proof: ProofModel


class ConsentItem(BaseModel):
    model_config = _Strict
    kind: ConsentKind
    agreed: bool


class ConsentRequest(BaseModel):
    model_config = _Strict
    certificate: B64
    consents: Annotated[list[ConsentItem], Field(min_length=1, max_length=len(ConsentKind))]


class ResultRequest(BaseModel):
    model_config = _Strict
    certificate: B64
    prescription_issue_select: Literal["1", "2"] | None = None  # 1 電子処方箋, 2 紙


class FaultRequest(BaseModel):
    model_config = _Strict
    latency_ms: Annotated[int, Field(ge=0, le=60000)] = 0
    status: Annotated[int, Field(ge=400, le=599)] | None = None
    hang: bool = False
    malformed: bool = False
    after: bool = False  # apply after the request was processed (its answer is lost)
    count: Annotated[int, Field(ge=1)] | None = None  # only the next N requests
    clock_offset_s: float = 0.0
    # A wrong answer, for the kiosk's own checks: another person's document, or other
    # MessageHeader values (ArbitraryFileIdentifier, MedicalInstitutionCode).
    answer_as: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")] | None = None
    header: dict[str, Annotated[str, Field(max_length=64)]] | None = None


# --- service state -------------------------------------------------------------------------


@dataclass
class Faults:
    latency_ms: int = 0
    status: int | None = None
    hang: bool = False
    malformed: bool = False
    after: bool = False
    count: int | None = None

    def take(self) -> Faults | None:
        """The fault for this request, if any, counting it down."""
        if not (self.latency_ms or self.status or self.hang or self.malformed):
            return None
        if self.count is not None:
            if self.count <= 0:
                return None
            self.count -= 1
        return Faults(self.latency_ms, self.status, self.hang, self.malformed, self.after)


@dataclass
class Session:
    account: KioskAccount
    token_hash: str
    expires: float
    nonces: dict[bytes, float] = field(default_factory=dict)  # live nonces it was given
    # SHA-256 of the TLS client certificate's public key it logged in over (None: plain HTTP).
    tls_key: str | None = None

    @property
    def account_id(self) -> str:
        return self.account.account_id

    @property
    def clinic_code(self) -> str:
        return self.account.clinic_code

    def signer(self) -> Signer:
        return Signer(self.account_id, self.clinic_code, self.account.kiosk_id)


@dataclass
class Failures:
    count: int = 0
    locked_until: float = 0.0


@dataclass
class Holder:
    persona: Persona
    cert_der: bytes = field(repr=False)
    fingerprint: str
    phone: bool = False  # the smartphone's certificate (phone CA), not the card's
    grace: bool = False  # an expired card certificate in its 3 months: qualification only


PHONE_METHODS = ("phonepin", "phonebio")


class Service:
    def __init__(
        self, data_dir: Path, pki: MockPki, *, nonce_ttl: float = 120.0, token_ttl: float = 3600.0
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.pki = pki
        self.data_dir = data_dir
        self._kiosks_seen = -1
        self._kiosks: dict[str, KioskAccount] = {}
        self.kiosks()
        self.store = ServiceStore(data_dir / "state.sqlite3")
        self.people = load_personas()
        self.nonce_ttl = nonce_ttl
        self.token_ttl = token_ttl
        self.faults = Faults()
        self.clock_offset = 0.0
        self.wrong_answer: tuple[str | None, dict[str, str]] = (None, {})
        self._nonces: dict[bytes, tuple[str, float]] = {}
        self._sessions: dict[str, Session] = {}
        self._certs: dict[bytes, tuple[x509.Certificate, bool]] = {}  # DER -> (cert, phone?)
        self._challenges: dict[str, tuple[bytes, float]] = {}
        self._failures: dict[str, Failures] = {}
        self.lookup_limits = LookupLimits()

    def kiosks(self) -> dict[str, KioskAccount]:
        """The enrolled kiosks less the revoked ones, re-read when either file changed."""
        files = (self.data_dir / FILE_NAME, self.data_dir / REVOKED_FILE)
        seen = hash(tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in files))
        if seen != self._kiosks_seen:
            self._kiosks, self._kiosks_seen = load_kiosks(self.data_dir), seen
        return self._kiosks

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset)

    def clock(self) -> float:
        return time.monotonic() + self.clock_offset

    # --- kiosks and nonces -------------------------------------------------------------

    def challenge(self, req: ChallengeRequest, client: str) -> dict[str, Any]:
        self._not_locked(req.account_id, client)
        if req.account_id not in self.kiosks():
            self._failed(req.account_id, client)
            raise ServiceError(401, "unauthenticated", "unknown kiosk account or bad signature")
        # One live challenge per account: asking again replaces it, so none pile up.
        challenge = secrets.token_bytes(NONCE_BYTES)
        self._challenges[req.account_id] = (challenge, self.clock() + CHALLENGE_TTL)
        return {"challenge": challenge.hex(), "expires_in": CHALLENGE_TTL}

    def login(
        self, req: SessionRequest, client: str, tls_cert: str | None = None
    ) -> dict[str, Any]:
        """``tls_cert``: the client's TLS certificate (PEM), None on plain HTTP. On mutual TLS
        it must carry the account's enrolled key: a kiosk holding clinic A's network
        certificate cannot log in as clinic B's account, even with B's key in hand."""
        self._not_locked(req.account_id, client)
        account = self.kiosks().get(req.account_id)
        issued = self._challenges.pop(req.account_id, None)  # spent by any attempt
        tls_key = cert_key_digest(tls_cert) if tls_cert is not None else None
        if (
            account is None
            or (tls_cert is not None and tls_key != public_key_digest(account.public_key_pem))
            or not self._login_valid(account, req, issued)
        ):
            self._failed(req.account_id, client)
            raise ServiceError(401, "unauthenticated", "unknown kiosk account or bad signature")
        self._failures.pop(req.account_id, None)
        self._failures.pop(client, None)
        token = secrets.token_urlsafe(32)
        self._drop_old_sessions(account.account_id)
        expires = self.clock() + self.token_ttl
        self._sessions[token] = Session(account, _hash(token), expires, tls_key=tls_key)
        return {"token": token, "expires_in": self.token_ttl}

    def _login_valid(
        self, account: KioskAccount, req: SessionRequest, issued: tuple[bytes, float] | None
    ) -> bool:
        # The binding: an account logs in only as the clinic and kiosk it was enrolled for.
        if (req.clinic_code, req.kiosk_id) != (account.clinic_code, account.kiosk_id):
            return False
        if issued is None or issued[1] < self.clock() or issued[0].hex() != req.challenge:
            return False
        who = Signer(account.account_id, account.clinic_code, account.kiosk_id)
        signature = _b64(req.signature, "signature")
        return verify_signature(account.public_key_pem, login_message(who, issued[0]), signature)

    def _not_locked(self, account_id: str, client: str) -> None:
        now = self.clock()
        for who in (account_id, client):
            failures = self._failures.get(who)
            if failures is not None and failures.locked_until > now:
                raise ServiceError(429, "locked", "too many failed logins: try again later")

    def _failed(self, account_id: str, client: str) -> None:
        if len(self._failures) > 10000:
            self._failures.clear()  # a flood of made-up names must not grow memory
        for who, limit in ((account_id, LOGIN_FAILURES), (client, HOST_FAILURES)):
            failures = self._failures.setdefault(who, Failures())
            failures.count += 1
            if failures.count >= limit:
                failures.count, failures.locked_until = 0, self.clock() + LOGIN_LOCKOUT

    def forget_failed_logins(self) -> None:
        self._failures.clear()

    def _drop_old_sessions(self, account_id: str) -> None:
        now = self.clock()
        self._sessions = {t: s for t, s in self._sessions.items() if s.expires >= now}
        mine = [t for t, s in self._sessions.items() if s.account_id == account_id]
        for token in mine[: max(0, len(mine) - SESSIONS_PER_ACCOUNT + 1)]:
            self._forget(self._sessions.pop(token))

    def _forget(self, session: Session) -> None:
        for nonce in session.nonces:
            self._nonces.pop(nonce, None)

    def session(self, authorization: str | None, tls_cert: str | None = None) -> Session:
        """The live session of this bearer token, asked for over the connection that presents
        ``tls_cert``: a session is good only with the certificate it logged in over, so a
        token taken from one kiosk is of no use on another kiosk's connection."""
        scheme, _, token = (authorization or "").partition(" ")
        found = self._sessions.get(token) if scheme.lower() == "bearer" else None
        if (
            found is not None
            and found.tls_key is not None
            and (tls_cert is None or cert_key_digest(tls_cert) != found.tls_key)
        ):
            raise ServiceError(401, "unauthenticated", "kiosk session of another certificate")
        if found is not None and found.account_id not in self.kiosks():
            found = None  # the kiosk was removed from the service: its sessions end now
        if found is None or found.expires < self.clock():
            gone = self._sessions.pop(token, None)
            if gone is not None:
                self._forget(gone)
            raise ServiceError(401, "unauthenticated", "kiosk session missing or expired")
        return found

    def new_nonce(self, session: Session) -> dict[str, Any]:
        now = self.clock()
        session.nonces = {n: t for n, t in session.nonces.items() if t >= now}
        if len(session.nonces) >= LIVE_NONCES:
            raise ServiceError(429, "too_many_nonces", "use or let expire the nonces given")
        if len(self._nonces) > 10000:
            self._sweep()
        nonce = secrets.token_bytes(NONCE_BYTES)
        expires = now + self.nonce_ttl
        self._nonces[nonce] = (session.account_id, expires)
        session.nonces[nonce] = expires
        return {"nonce": nonce.hex(), "expires_in": self.nonce_ttl}

    def _sweep(self) -> None:
        now = self.clock()
        self._nonces = {n: v for n, v in self._nonces.items() if v[1] >= now}

    def _use_nonce(self, session: Session, nonce: bytes) -> None:
        # Popped before any other check: a nonce is spent by any attempt, forged or not.
        entry = self._nonces.pop(nonce, None)
        session.nonces.pop(nonce, None)
        if entry is None or entry[0] != session.account_id:
            raise ServiceError(403, "proof_rejected", "nonce unknown or already used")
        if entry[1] < self.clock():
            raise ServiceError(403, "proof_rejected", "nonce expired")

    # --- certificates and proofs -------------------------------------------------------

    def certificate(self, text: str) -> tuple[bytes, x509.Certificate]:
        """The certificate, issued by the card's user-auth CA or by the smartphone CA."""
        der = _b64(text, "certificate")
        known = self._certs.get(der)
        if known is None:
            known = self._load_certificate(der)
            if len(self._certs) > 4096:
                self._certs.clear()
            self._certs[der] = known
        return der, known[0]

    def _load_certificate(self, der: bytes) -> tuple[x509.Certificate, bool]:
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError as exc:
            raise ServiceError(403, "proof_rejected", "not a certificate") from exc
        # The current card's CA, the next card's (ECDSA P-384), the smartphones'.
        cas = ((self.pki.ca_cert(), False), (self.pki.next_ca_cert(), False),
               (self.pki.phone_ca_cert(), True))  # fmt: skip
        for ca, phone in cas:
            try:
                cert.verify_directly_issued_by(ca)
            except (ValueError, TypeError, InvalidSignature):
                continue
            return cert, phone
        raise ServiceError(
            403, "proof_rejected", "certificate not issued by the user-auth or smartphone CA"
        )

    def is_phone(self, der: bytes) -> bool:
        known = self._certs.get(der)
        return known is not None and known[1]

    def holder(self, der: bytes, cert: x509.Certificate) -> Holder:
        if self.is_phone(der):
            return self._phone_holder(der, cert)
        now = self.now()
        if now < cert.not_valid_before_utc:
            raise ServiceError(403, "cert_expired", "user-auth certificate is not valid yet")
        expired = now > cert.not_valid_after_utc
        expires = cert.not_valid_after_utc.astimezone(JAPAN).date()
        if expired and now.astimezone(JAPAN).date() > last_grace_day(expires):
            raise ServiceError(
                403, "cert_expired", "user-auth certificate expired more than 3 months ago"
            )
        if self.pki.is_revoked(cert):
            raise ServiceError(403, "cert_revoked", "user-auth certificate has been revoked")
        persona_id = self.pki.persona_for_cert(der)
        if persona_id is None or persona_id not in self.people:
            raise ServiceError(404, "no_qualification", "no qualification for this certificate")
        return Holder(self.people[persona_id], der, fingerprint(der), grace=expired)

    def _phone_holder(self, der: bytes, cert: x509.Certificate) -> Holder:
        """A smartphone certificate: its own validity with no grace after expiry (the card's
        3-month grace for 資格情報の提供 does not apply to a phone: readers.md), its own CRL."""
        now = self.now()
        if now > cert.not_valid_after_utc:
            raise ServiceError(
                403, "cert_expired", "smartphone certificate expired (no grace period for phones)"
            )
        if now < cert.not_valid_before_utc:
            raise ServiceError(403, "cert_expired", "smartphone certificate is not valid yet")
        if self.pki.is_phone_revoked(cert):
            raise ServiceError(403, "cert_revoked", "smartphone certificate has been revoked")
        persona_id = self.pki.phone_persona_for_cert(der)
        if persona_id is None or persona_id not in self.people:
            raise ServiceError(404, "no_qualification", "no qualification for this certificate")
        return Holder(self.people[persona_id], der, fingerprint(der), phone=True)

    def _check_kind(self, der: bytes, proof: ProofModel) -> None:
        """A phone method needs the phone's certificate and a card method the card's."""
        phone = self.is_phone(der)
        if proof.method in PHONE_METHODS and not phone:
            raise ServiceError(
                403, "cert_kind_mismatch", "a card's certificate presented with a phone method"
            )
        if proof.method not in PHONE_METHODS and phone:
            raise ServiceError(
                403, "cert_kind_mismatch", "a smartphone's certificate presented with a card method"
            )

    def verify_proof(self, session: Session, req: ConfirmRequest) -> Holder:
        der, cert = self.certificate(req.certificate)
        proof = req.proof
        self._check_kind(der, proof)
        nonce = bytes.fromhex(proof.nonce)
        self._use_nonce(session, nonce)
        if _card_signed(proof):
            assert proof.signature is not None
            self._check_signature(cert, nonce, _b64(proof.signature, "signature"))
        elif _attested(proof):
            self._check_attestation(session, der, proof, nonce)
        else:
            # A PIN check is proven by the card alone: no kiosk word stands in for it.
            raise ServiceError(403, "proof_rejected", "proof does not fit its method")
        return self.holder(der, cert)

    @staticmethod
    def _check_signature(cert: x509.Certificate, nonce: bytes, signature: bytes) -> None:
        key = cert.public_key()
        try:
            if isinstance(key, rsa.RSAPublicKey):  # the current card: PKCS#1 v1.5, SHA-256
                key.verify(signature, nonce, padding.PKCS1v15(), hashes.SHA256())
            elif isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp384r1":
                key.verify(signature, nonce, ec.ECDSA(hashes.SHA384()))  # the next card
            else:
                raise ServiceError(403, "proof_rejected", "not an RSA or P-384 user-auth key")
        except InvalidSignature as exc:
            raise ServiceError(403, "proof_rejected", "signature does not verify") from exc

    def _check_attestation(
        self, session: Session, der: bytes, proof: ProofModel, nonce: bytes
    ) -> None:
        assert proof.verified_at is not None and proof.attestation is not None
        try:
            verified_at = datetime.fromisoformat(proof.verified_at)
        except ValueError as exc:
            raise ServiceError(403, "proof_rejected", "verified_at is not a time") from exc
        if verified_at.tzinfo is None:
            raise ServiceError(403, "proof_rejected", "verified_at needs a time zone")
        now = self.now()
        if not now - ATTESTATION_MAX_AGE <= verified_at <= now + ATTESTATION_MAX_SKEW:
            raise ServiceError(403, "proof_rejected", "verified_at is out of range")
        message = attestation_message(
            session.signer(),
            method=proof.method,
            deferred=proof.deferred,
            nonce=nonce,
            verified_at=proof.verified_at,
            cert_der=der,
        )
        signature = _b64(proof.attestation, "attestation")
        if not verify_signature(session.account.public_key_pem, message, signature):
            raise ServiceError(403, "proof_rejected", "kiosk attestation does not verify")

    # --- the three keyed operations ----------------------------------------------------

    def registered(self, persona: Persona) -> bool:
        return persona.insurance.registered or self.store.is_registered(persona.id)

    def confirm(self, session: Session, req: ConfirmRequest, key: str) -> Response:
        def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
            holder = self.verify_proof(session, req)
            if not self.registered(holder.persona):
                raise ServiceError(403, "not_registered", "not registered for insurance use")
            now = self.now()
            persona, header = self._answered(holder.persona)
            document = result_document(
                persona,
                self.store.consents(persona.id, session.clinic_code),
                clinic_code=session.clinic_code,
                now=now,
                file_id=key,
            )
            document["MessageHeader"].update(header)
            answer = {
                "validity": persona.insurance.validity,
                "has_limit_certificate": persona.insurance.limit is not None,
                "document": document,
            }
            return answer, lambda db: self.store.note_confirmation(
                db, session.account_id, holder.fingerprint, now
            )

        # A confirmation records nothing a patient would see twice, so a kiosk that lost the
        # answer and asks again with a fresh proof under the same key simply gets a new answer.
        return self._keyed(session, "confirmations", req, key, run, again=run)

    def _answered(self, persona: Persona) -> tuple[Persona, dict[str, str]]:
        """Whom the answer is about: the holder, unless a test switched on a wrong answer."""
        other, header = self.wrong_answer
        return (self.people.get(other, persona) if other else persona), header

    def register(self, session: Session, req: ConfirmRequest, key: str) -> Response:
        def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
            holder = self.verify_proof(session, req)
            now = self.now()

            def write(db: Any) -> None:
                self.store.register(db, holder.persona.id, session.account_id, now)
                self.store.note_confirmation(db, session.account_id, holder.fingerprint, now)

            return {"registered": True}, write

        return self._keyed(
            session, "registrations", req, key, run,
            proven=lambda: self.verify_proof(session, req).fingerprint,
        )  # fmt: skip

    def consents(self, session: Session, req: ConsentRequest, key: str) -> Response:
        def confirmed() -> Holder:
            der, cert = self.certificate(req.certificate)
            holder = self.holder(der, cert)
            at = self.store.confirmed_at(session.account_id, holder.fingerprint)
            if at is None or self.now() - at > CONSENT_WINDOW:
                raise ServiceError(403, "proof_rejected", "no recent confirmation by this kiosk")
            return holder

        def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
            holder = confirmed()
            if holder.grace and any(item.kind is not ConsentKind.LIMIT for item in req.consents):
                raise ServiceError(
                    403, "consent_unavailable",
                    "expired certificate: qualification only, no medical or medication data",
                )  # fmt: skip
            now = self.now()
            states = [
                ConsentState(item.kind, ConsentFlag.YES if item.agreed else ConsentFlag.NO, now)
                for item in req.consents
            ]
            receipts = [_receipt(state) for state in states]

            def write(db: Any) -> None:
                for state in states:
                    self.store.record_consent(db, holder.persona.id, session.clinic_code, state)

            return {"receipts": receipts}, write

        return self._keyed(
            session, "consents", req, key, run, proven=lambda: confirmed().fingerprint
        )

    def result(self, session: Session, req: ResultRequest, key: str) -> Response:
        """The re-query after the consents, as the real system answers it: the current document
        with the consents on record (limit information once agreed) and the prescription choice.
        Like consents, only for a certificate this kiosk confirmed within ``CONSENT_WINDOW``."""

        def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
            der, cert = self.certificate(req.certificate)
            holder = self.holder(der, cert)
            confirmed = self.store.confirmed_at(session.account_id, holder.fingerprint)
            now = self.now()
            if confirmed is None or now - confirmed > CONSENT_WINDOW:
                raise ServiceError(403, "proof_rejected", "no recent confirmation by this kiosk")
            document = result_document(
                holder.persona,
                self.store.consents(holder.persona.id, session.clinic_code),
                clinic_code=session.clinic_code,
                now=now,
                file_id=key,
                prescription=req.prescription_issue_select,
            )
            answer = {
                "validity": holder.persona.insurance.validity,
                "has_limit_certificate": holder.persona.insurance.limit is not None,
                "document": document,
            }
            return answer, lambda db: None

        # It records nothing: asked again with this kiosk's live confirmation, it answers anew.
        return self._keyed(session, "results", req, key, run, again=run)

    def _keyed(
        self,
        session: Session,
        endpoint: str,
        req: BaseModel,
        key: str,
        run: Callable[[], tuple[dict[str, Any], Callable[[Any], None]]],
        *,
        again: Callable[[], tuple[dict[str, Any], Callable[[Any], None]]] | None = None,
        proven: Callable[[], str] | None = None,
    ) -> Response:
        """Run a keyed request once; give its stored answer back only to a retry of the same
        reception: the same session with the nonce it spent (before that nonce would have
        expired), or a fresh proof for the same certificate (``proven``). ``again`` instead
        answers anew when the proof is fresh (confirmations)."""
        request_hash = hashlib.sha256(f"{endpoint}|{req.model_dump_json()}".encode()).hexdigest()
        stored = self.store.answer(session.account_id, key)
        if stored is not None:
            if stored.endpoint != endpoint:
                raise ServiceError(409, "idempotency_conflict", "key reused for another request")
            if (stored.request_hash, stored.session) == (request_hash, session.token_hash) and (
                self.now() <= stored.replay_until
            ):
                return _stored(stored)
            if again is None:
                assert proven is not None
                # Consents carry no proof of their own: a retry must be the same request.
                if endpoint == "consents" and stored.request_hash != request_hash:
                    raise ServiceError(
                        409, "idempotency_conflict", "key reused for another request"
                    )
                if proven() != stored.fingerprint:
                    raise ServiceError(409, "idempotency_conflict", "key used for another patient")
                return _stored(stored)
            if _subject(req) != stored.fingerprint:
                raise ServiceError(409, "idempotency_conflict", "key used for another patient")
            run = again
        # Errors are not kept: they record nothing, so the same key may be tried again.
        answer, write = run()
        body = json.dumps(answer, ensure_ascii=False).encode()
        until = self.now() + timedelta(seconds=self.nonce_ttl)
        kept = StoredAnswer(
            endpoint, request_hash, 200, body, _subject(req),
            session.token_hash, until,
        )  # fmt: skip
        with self.store.transaction() as db:
            write(db)
            self.store.keep_answer(db, session.account_id, key, kept)
        return Response(body, 200, media_type="application/json")


def _stored(stored: StoredAnswer) -> Response:
    return Response(stored.body, stored.status, media_type="application/json")


def _subject(req: BaseModel) -> str:
    """Whom a keyed request is about: its certificate, or (a lookup by insurance numbers) the
    numbers asked for."""
    certificate = getattr(req, "certificate", None)
    if isinstance(certificate, str):
        return _fingerprint(certificate)
    return hashlib.sha256(req.model_dump_json().encode()).hexdigest()


@functools.lru_cache(maxsize=256)
def cert_key_digest(pem: str) -> str | None:
    """SHA-256 of the public key a TLS client certificate carries (None if it cannot be read)."""
    try:
        key = x509.load_pem_x509_certificate(pem.encode("ascii")).public_key()
    except ValueError:
        return None
    return _key_digest(key)


@functools.lru_cache(maxsize=256)
def public_key_digest(pem: bytes) -> str:
    """SHA-256 of an enrolled kiosk's public key, as :func:`cert_key_digest` computes it."""
    return _key_digest(serialization.load_pem_public_key(pem))


def _key_digest(key: PublicKeyTypes) -> str:
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def _fingerprint(certificate_b64: str) -> str:
    return fingerprint(_b64(certificate_b64, "certificate"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _card_signed(proof: ProofModel) -> bool:
    """Signed by the card (PIN) or the phone (its PIN, or its holder's approval on it)."""
    return (
        proof.method in ("pin", *PHONE_METHODS)
        and not proof.deferred
        and proof.signature is not None
        and proof.attestation is None
    )


def _attested(proof: ProofModel) -> bool:
    """The kiosk's word: a face or visual check now, or any check of a reception recorded
    while the service was down (the card cannot sign for a nonce that did not exist)."""
    if proof.signature is not None or proof.attestation is None or proof.verified_at is None:
        return False
    return proof.method in ("face", "visual") or proof.deferred  # a phone's deferred re-query too


def _receipt(state: ConsentState) -> dict[str, Any]:
    available = state.available_time
    return {
        "kind": state.kind.value,
        "flag": state.flag.value,
        "cons_time": state.cons_time.isoformat(),
        "available_time": available.isoformat() if available else None,
    }


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ServiceError(400, "malformed_request", f"{what} is not base64") from exc


# --- faults --------------------------------------------------------------------------------


class FaultMiddleware:
    """Applies the test fault switches to /v1 requests, before or after they are processed."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = None
        if scope["type"] == "http" and scope["path"].startswith("/v1/"):
            fault = self.service.faults.take()
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.after:
            await self.app(scope, receive, _discard)
        if fault.hang:
            await asyncio.sleep(3600)
        if fault.malformed:
            await Response(b'{"validity": "1", "docu', 200, media_type="application/json")(
                scope, receive, send
            )
        elif fault.status is not None:
            body = _error_body("fault", "injected fault")
            await JSONResponse(body, fault.status)(scope, receive, send)
        elif not fault.after:
            await self.app(scope, receive, send)
        else:
            await JSONResponse(_error_body("fault", "answer lost"), 503)(scope, receive, send)


async def _discard(message: Message) -> None:
    return None


# --- authentication before the body, and body limits --------------------------------------


class GuardMiddleware:
    """Runs before any body is read: a /v1 request other than the login needs a live session,
    and no body may exceed its limit (declared or streamed). The body is read here, capped, and
    handed on; an over-long one is refused without being kept or echoed."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        login = path.startswith("/v1/sessions")
        if not login:
            try:
                self.service.session(_header(scope, b"authorization"), client_certificate(scope))
            except ServiceError as exc:
                await _refuse(scope, receive, send, exc.status, exc.code, exc.message)
                return
        limit = MAX_LOGIN_BODY if login else MAX_BODY
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(scope, receive, send, 413, "too_large", f"body over {limit} bytes")
            return
        body = await _read_capped(receive, limit)
        if body is None:
            await _refuse(scope, receive, send, 413, "too_large", f"body over {limit} bytes")
            return
        await self.app(scope, _replay(body), send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _read_capped(receive: Receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    # "Connection: close": the unread rest of a refused body is never parsed.
    response = JSONResponse(_error_body(code, message), status, headers={"connection": "close"})
    await response(scope, receive, send)


# --- the app -------------------------------------------------------------------------------


def create_app(service: Service, *, faults: bool = False) -> FastAPI:
    app = FastAPI(
        title="Mock online eligibility service (オンライン資格確認)",
        version="1",
        description="A stand-in for the closed-network service; see docs/eligibility.md.",
    )

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(_error_body(exc.code, exc.message), exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Where and what kind of error, never the value: a request is not echoed back.
        where = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
        message = "invalid request: " + ", ".join(w or "body" for w in where[:10])
        return JSONResponse(_error_body("malformed_request", message[:500]), 422)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        # The PID lets a starter tell its own process from another one on the same port.
        return {"status": "ok", "pid": os.getpid()}

    @app.post("/v1/sessions/challenge")
    async def challenge(req: ChallengeRequest, request: Request) -> JSONResponse:
        return JSONResponse(service.challenge(req, _client(request)))

    @app.post("/v1/sessions")
    async def sessions(req: SessionRequest, request: Request) -> JSONResponse:
        return JSONResponse(service.login(req, _client(request), client_certificate(request.scope)))

    # Headers are read from the request rather than declared as parameters: FastAPI's header
    # parameter machinery cost about half a millisecond per request, a third of the service's
    # time. They are still documented in the OpenAPI document.
    @app.post("/v1/nonces", openapi_extra=_headers(idempotent=False))
    async def nonces(request: Request) -> JSONResponse:
        return JSONResponse(service.new_nonce(_session(service, request)))

    @app.post("/v1/confirmations", openapi_extra=_headers(idempotent=True))
    async def confirmations(req: ConfirmRequest, request: Request) -> Response:
        return service.confirm(_session(service, request), req, _key(request))

    @app.post("/v1/registrations", openapi_extra=_headers(idempotent=True))
    async def registrations(req: ConfirmRequest, request: Request) -> Response:
        return service.register(_session(service, request), req, _key(request))

    @app.post("/v1/consents", openapi_extra=_headers(idempotent=True))
    async def consents(req: ConsentRequest, request: Request) -> Response:
        return service.consents(_session(service, request), req, _key(request))

    _add_result_route(app, service)
    _add_insured_lookup_route(app, service)
    app.add_middleware(GuardMiddleware, service=service)
    if faults:
        _add_fault_routes(app, service)
        app.add_middleware(FaultMiddleware, service=service)
    return app


def _client(request: Request) -> str:
    return f"host:{request.client.host if request.client else '?'}"


def _headers(*, idempotent: bool) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string"}}
    ]
    if idempotent:
        key_schema = {"type": "string", "minLength": 1, "maxLength": MAX_KEY}
        params.append(
            {"name": "Idempotency-Key", "in": "header", "required": True, "schema": key_schema}
        )
    return {"parameters": params}


def _session(service: Service, request: Request) -> Session:
    return service.session(request.headers.get("authorization"), client_certificate(request.scope))


def _key(request: Request) -> str:
    key = request.headers.get("idempotency-key", "")
    if not 1 <= len(key) <= MAX_KEY:
        raise ServiceError(400, "malformed_request", "an Idempotency-Key header is required")
    return key


def _add_result_route(app: FastAPI, service: Service) -> None:
    @app.post("/v1/results", openapi_extra=_headers(idempotent=True))
    async def results(req: ResultRequest, request: Request) -> Response:
        return service.result(_session(service, request), req, _key(request))


def _add_fault_routes(app: FastAPI, service: Service) -> None:
    @app.put("/_test/faults", include_in_schema=False)
    async def set_faults(req: FaultRequest) -> dict[str, str]:
        service.faults = Faults(
            req.latency_ms, req.status, req.hang, req.malformed, req.after, req.count
        )
        service.clock_offset = req.clock_offset_s
        service.wrong_answer = (req.answer_as, dict(req.header or {}))
        return {"status": "ok"}

    @app.delete("/_test/faults", include_in_schema=False)
    async def clear_faults() -> dict[str, str]:
        service.faults = Faults()
        service.clock_offset = 0.0
        service.wrong_answer = (None, {})
        service.forget_failed_logins()  # one test's lockout must not carry into the next
        service.lookup_limits.clear()
        return {"status": "ok"}


# --- the 被保険者番号 lookup (staff, for a patient without a usable card) ---------------------


class InsuredLookupRequest(BaseModel):
    """What staff read off a 資格確認書, an expired 保険証 or a 資格情報のお知らせ."""

    model_config = _Strict
    insurer_number: Annotated[str, Field(pattern=r"^\d{6}(\d{2})?$")]
    symbol: Annotated[str, Field(max_length=40)] = ""
    number: Annotated[str, Field(min_length=1, max_length=40)]
    branch: Annotated[str, Field(pattern=r"^(\d{2})?$")] = ""
    birth_date: Annotated[str, Field(pattern=r"^\d{8}$")]  # yyyyMMdd


def _insured_key(text: str) -> str:
    # Cards print digits full- or half-width and symbols with spaces; compare them as one.
    return "".join(text.split()).translate(_FULL_WIDTH_DIGITS)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def lookup_insured(
    service: Service, session: Session, req: InsuredLookupRequest, key: str
) -> Response:
    """Answer as the real system's 被保険者番号 lookup does: the result document of the person
    with these insurance numbers and birth date (ReferenceClassification 2, 被保険者証情報), or
    QualificationValidity 4 該当資格なし. No consents: they need the patient at a card reader."""

    number = "|".join(_insured_key(v) for v in (req.insurer_number, req.symbol, req.number))
    who = (session.account_id, session.clinic_code, number)

    def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
        now = service.now()
        try:
            service.lookup_limits.ask(*who, service.clock())
        except LookupLocked as exc:
            raise ServiceError(403, "lookup_locked", str(exc)) from None
        found = _insured_person(service, req)
        if found is None:
            service.lookup_limits.missed(*who, service.clock())
            answer: dict[str, Any] = {"validity": "4", "has_limit_certificate": False,
                                      "document": _no_qualification(session, now, key)}  # fmt: skip
            return answer, lambda db: None
        document = result_document(found, {}, clinic_code=session.clinic_code, now=now,
                                   file_id=key)  # fmt: skip
        document["MessageHeader"]["ReferenceClassification"] = "2"  # 被保険者証情報
        answer = {
            "validity": found.insurance.validity,
            "has_limit_certificate": found.insurance.limit is not None,
            "document": document,
        }
        return answer, lambda db: None

    # It records nothing: asked again under its key, it answers anew.
    return service._keyed(session, "insured-lookups", req, key, run, again=run)


def _insured_person(service: Service, req: InsuredLookupRequest) -> Persona | None:
    wanted = (
        _insured_key(req.insurer_number), _insured_key(req.symbol), _insured_key(req.number),
        _insured_key(req.branch), req.birth_date,
    )  # fmt: skip
    for persona in service.people.values():
        ins = persona.insurance
        have = (
            _insured_key(ins.insurer_number), _insured_key(ins.symbol), _insured_key(ins.number),
            _insured_key(ins.branch) if req.branch else "", persona.birth_date.strftime("%Y%m%d"),
        )  # fmt: skip
        if have == wanted:
            return persona
    return None


def _no_qualification(session: Session, now: datetime, key: str) -> dict[str, Any]:
    head = header(session.clinic_code, now, key)
    head["ReferenceClassification"] = "2"
    body = {"ProcessingResultStatus": "1", "QualificationValidity": "4"}
    return {"MessageHeader": head, "MessageBody": body}


def _add_insured_lookup_route(app: FastAPI, service: Service) -> None:
    @app.post("/v1/insured-lookups", openapi_extra=_headers(idempotent=True))
    async def insured_lookups(req: InsuredLookupRequest, request: Request) -> Response:
        return lookup_insured(service, _session(service, request), req, _key(request))
