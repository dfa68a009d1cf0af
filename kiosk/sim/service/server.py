"""The mock online eligibility service: FastAPI app, one process, state in its data directory.

Endpoints (OpenAPI at /openapi.json):
  POST /v1/sessions          kiosk authentication (face-auth account id + secret) -> bearer token
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
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.eligibility.attest import attestation_mac, macs_match
from kiosk.eligibility.codes import ConsentFlag
from kiosk.ports import ConsentKind
from kiosk.sim.personas import Persona, load_personas
from kiosk.sim.pki import MockPki, fingerprint
from kiosk.sim.service.document import ConsentState, header, result_document
from kiosk.sim.service.kiosks import load_kiosks
from kiosk.sim.service.store import ServiceStore, StoredAnswer

NONCE_BYTES = 32
ATTESTATION_MAX_AGE = timedelta(days=7)  # a deferred re-query may come days later
ATTESTATION_MAX_SKEW = timedelta(minutes=5)
CONSENT_WINDOW = timedelta(minutes=30)  # consents follow a confirmation by the same kiosk


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


class SessionRequest(BaseModel):
    model_config = _Strict
    account_id: Annotated[str, Field(max_length=64)]
    secret: Annotated[str, Field(max_length=256)]
    clinic_code: Annotated[str, Field(pattern=r"^\d{10}$")]


class ProofModel(BaseModel):
    model_config = _Strict
    method: Literal["pin", "face", "visual"]
    nonce: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    signature: B64 | None = None
    verified_at: Annotated[str, Field(max_length=64)] | None = None
    attestation: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


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
    account_id: str
    clinic_code: str
    expires: float


@dataclass
class Holder:
    persona: Persona
    cert_der: bytes = field(repr=False)
    fingerprint: str


class Service:
    def __init__(
        self, data_dir: Path, pki: MockPki, *, nonce_ttl: float = 120.0, token_ttl: float = 3600.0
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.pki = pki
        self.kiosks = load_kiosks(data_dir)
        self.store = ServiceStore(data_dir / "state.sqlite3")
        self.people = load_personas()
        self.nonce_ttl = nonce_ttl
        self.token_ttl = token_ttl
        self.faults = Faults()
        self.clock_offset = 0.0
        self._nonces: dict[bytes, tuple[str, float]] = {}
        self._sessions: dict[str, Session] = {}
        self._certs: dict[bytes, x509.Certificate] = {}

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset)

    def clock(self) -> float:
        return time.monotonic() + self.clock_offset

    # --- kiosks and nonces -------------------------------------------------------------

    def login(self, req: SessionRequest) -> dict[str, Any]:
        secret = self.kiosks.get(req.account_id)
        if secret is None or not macs_match(secret, req.secret):
            raise ServiceError(401, "unauthenticated", "unknown kiosk account or wrong secret")
        if len(self._sessions) > 1000:
            now = self.clock()
            self._sessions = {t: s for t, s in self._sessions.items() if s.expires >= now}
        token = secrets.token_urlsafe(32)
        self._sessions[token] = Session(
            req.account_id, req.clinic_code, self.clock() + self.token_ttl
        )
        return {"token": token, "expires_in": self.token_ttl}

    def session(self, authorization: str | None) -> Session:
        scheme, _, token = (authorization or "").partition(" ")
        found = self._sessions.get(token) if scheme.lower() == "bearer" else None
        if found is None or found.expires < self.clock():
            self._sessions.pop(token, None)
            raise ServiceError(401, "unauthenticated", "kiosk session missing or expired")
        return found

    def new_nonce(self, session: Session) -> dict[str, Any]:
        if len(self._nonces) > 10000:
            self._sweep()
        nonce = secrets.token_bytes(NONCE_BYTES)
        self._nonces[nonce] = (session.account_id, self.clock() + self.nonce_ttl)
        return {"nonce": nonce.hex(), "expires_in": self.nonce_ttl}

    def _sweep(self) -> None:
        now = self.clock()
        self._nonces = {n: v for n, v in self._nonces.items() if v[1] >= now}

    def _use_nonce(self, session: Session, nonce: bytes) -> None:
        # Popped before any other check: a nonce is spent by any attempt, forged or not.
        entry = self._nonces.pop(nonce, None)
        if entry is None or entry[0] != session.account_id:
            raise ServiceError(403, "proof_rejected", "nonce unknown or already used")
        if entry[1] < self.clock():
            raise ServiceError(403, "proof_rejected", "nonce expired")

    # --- certificates and proofs -------------------------------------------------------

    def certificate(self, text: str) -> tuple[bytes, x509.Certificate]:
        der = _b64(text, "certificate")
        cert = self._certs.get(der)
        if cert is None:
            try:
                cert = x509.load_der_x509_certificate(der)
                cert.verify_directly_issued_by(self.pki.ca_cert())
            except (ValueError, TypeError, InvalidSignature) as exc:
                raise ServiceError(
                    403, "proof_rejected", "certificate not issued by the user-auth CA"
                ) from exc
            if len(self._certs) > 4096:
                self._certs.clear()
            self._certs[der] = cert
        return der, cert

    def holder(self, der: bytes, cert: x509.Certificate) -> Holder:
        now = self.now()
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise ServiceError(403, "cert_expired", "user-auth certificate is outside its validity")
        if self.pki.is_revoked(cert):
            raise ServiceError(403, "cert_revoked", "user-auth certificate has been revoked")
        persona_id = self.pki.persona_for_cert(der)
        if persona_id is None or persona_id not in self.people:
            raise ServiceError(404, "no_qualification", "no qualification for this certificate")
        return Holder(self.people[persona_id], der, fingerprint(der))

    def verify_proof(self, session: Session, req: ConfirmRequest) -> Holder:
        der, cert = self.certificate(req.certificate)
        proof = req.proof
        nonce = bytes.fromhex(proof.nonce)
        self._use_nonce(session, nonce)
        if proof.signature is not None:
            self._check_signature(cert, nonce, _b64(proof.signature, "signature"))
        elif proof.attestation is not None and proof.verified_at is not None:
            self._check_attestation(session, der, proof, nonce)
        else:
            raise ServiceError(403, "proof_rejected", "neither a signature nor an attestation")
        return self.holder(der, cert)

    @staticmethod
    def _check_signature(cert: x509.Certificate, nonce: bytes, signature: bytes) -> None:
        key = cert.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise ServiceError(403, "proof_rejected", "not an RSA user-auth certificate")
        try:
            key.verify(signature, nonce, padding.PKCS1v15(), hashes.SHA256())
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
        expected = attestation_mac(
            self.kiosks[session.account_id],
            account_id=session.account_id,
            method=proof.method,
            nonce=nonce,
            verified_at=proof.verified_at,
            cert_der=der,
        )
        if not macs_match(expected, proof.attestation):
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
            document = result_document(
                holder.persona,
                self.store.consents(holder.persona.id, session.clinic_code),
                clinic_code=session.clinic_code,
                now=now,
                file_id=key,
            )
            answer = {
                "validity": holder.persona.insurance.validity,
                "has_limit_certificate": holder.persona.insurance.limit is not None,
                "document": document,
            }
            return answer, lambda db: self.store.note_confirmation(
                db, session.account_id, holder.fingerprint, now
            )

        # A confirmation records nothing a patient would see twice, so a kiosk that lost the
        # answer and asks again with a fresh proof under the same key simply gets a new answer.
        return self._keyed(session, "confirmations", req, key, run, new_proof_asks_again=True)

    def register(self, session: Session, req: ConfirmRequest, key: str) -> Response:
        def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
            holder = self.verify_proof(session, req)
            now = self.now()

            def write(db: Any) -> None:
                self.store.register(db, holder.persona.id, session.account_id, now)
                self.store.note_confirmation(db, session.account_id, holder.fingerprint, now)

            return {"registered": True}, write

        return self._keyed(session, "registrations", req, key, run)

    def consents(self, session: Session, req: ConsentRequest, key: str) -> Response:
        def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
            der, cert = self.certificate(req.certificate)
            holder = self.holder(der, cert)
            confirmed = self.store.confirmed_at(session.account_id, holder.fingerprint)
            now = self.now()
            if confirmed is None or now - confirmed > CONSENT_WINDOW:
                raise ServiceError(403, "proof_rejected", "no recent confirmation by this kiosk")
            states = [
                ConsentState(item.kind, ConsentFlag.YES if item.agreed else ConsentFlag.NO, now)
                for item in req.consents
            ]
            receipts = [_receipt(state) for state in states]

            def write(db: Any) -> None:
                for state in states:
                    self.store.record_consent(db, holder.persona.id, session.clinic_code, state)

            return {"receipts": receipts}, write

        return self._keyed(session, "consents", req, key, run)

    def result(self, session: Session, req: ResultRequest, key: str) -> Response:
        """The re-query after the consents, as the real system answers it: the current document
        with the consents on record (limit information once agreed) and the prescription choice.
        Like consents, only for a certificate this kiosk confirmed within the last 30 minutes."""

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

        return self._keyed(session, "results", req, key, run)

    def _keyed(
        self,
        session: Session,
        endpoint: str,
        req: BaseModel,
        key: str,
        run: Callable[[], tuple[dict[str, Any], Callable[[Any], None]]],
        *,
        new_proof_asks_again: bool = False,
    ) -> Response:
        request_hash = hashlib.sha256(f"{endpoint}|{req.model_dump_json()}".encode()).hexdigest()
        stored = self.store.answer(session.account_id, key)
        if stored is not None and (stored.endpoint, stored.request_hash) == (
            endpoint,
            request_hash,
        ):
            return Response(stored.body, stored.status, media_type="application/json")
        if stored is not None and not (new_proof_asks_again and stored.endpoint == endpoint):
            raise ServiceError(409, "idempotency_conflict", "key reused for another request")
        # Errors are not kept: they record nothing, so the same key may be tried again.
        answer, write = run()
        body = json.dumps(answer, ensure_ascii=False).encode()
        with self.store.transaction() as db:
            write(db)
            self.store.keep_answer(
                db, session.account_id, key, StoredAnswer(endpoint, request_hash, 200, body)
            )
        return Response(body, 200, media_type="application/json")


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

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        # The PID lets a starter tell its own process from another one on the same port.
        return {"status": "ok", "pid": os.getpid()}

    @app.post("/v1/sessions")
    async def sessions(req: SessionRequest) -> JSONResponse:
        return JSONResponse(service.login(req))

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
    if faults:
        _add_fault_routes(app, service)
        app.add_middleware(FaultMiddleware, service=service)
    return app


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
    return service.session(request.headers.get("authorization"))


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
        return {"status": "ok"}

    @app.delete("/_test/faults", include_in_schema=False)
    async def clear_faults() -> dict[str, str]:
        service.faults = Faults()
        service.clock_offset = 0.0
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

    def run() -> tuple[dict[str, Any], Callable[[Any], None]]:
        now = service.now()
        found = _insured_person(service, req)
        if found is None:
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

    return service._keyed(session, "insured-lookups", req, key, run)


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
