"""The client refuses a service answer it cannot trust — too large (while reading), not of the
result layout's shape, or with characters no XML file can carry — with a clear MALFORMED error,
which the flow records as a pending reception. A stand-in service on a real socket sends the
answers; the client is the kiosk's own."""

from __future__ import annotations

import copy
import gzip
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kiosk.eligibility.validate import MAX_ANSWER_BYTES, DocumentError, check_document
from kiosk.eligibility.xmldoc import result_xml
from kiosk.ports import EligibilityError, EligibilityErrorKind, Proof, VerificationMethod
from kiosk.sim.records import sample_document

from .helpers import make_client

Kind = EligibilityErrorKind
Answer = Callable[["_Handler"], None]
CHUNK = 64 * 1024


class _Handler(BaseHTTPRequestHandler):
    server: _Service

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        if self.path == "/v1/sessions/challenge":
            self.send_json({"challenge": "00" * 32, "expires_in": 60})
        elif self.path == "/v1/sessions":
            self.send_json({"token": self.server.token, "expires_in": 600})
        elif self.path == "/v1/nonces":
            self.send_json({"nonce": "00" * 32, "expires_in": 120})
        else:
            self.server.answer(self)

    def send_json(self, value: Any, status: int = 200) -> None:
        self.send_bytes(json.dumps(value).encode("ascii"), status)

    def send_bytes(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Service(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer: Answer = lambda h: h.send_json({})
        self.token = "t"
        self.streamed = 0  # bytes of a streamed answer that got onto the socket
        self.stream_done = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def service() -> Iterator[_Service]:
    server = _Service()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _confirmation(document: Any, validity: str = "1") -> dict[str, Any]:
    # About this request (the key _confirm sends): the client refuses any other (MISMATCH).
    if isinstance(document, dict) and isinstance(document.get("MessageHeader"), dict):
        document["MessageHeader"]["ArbitraryFileIdentifier"] = "k1"
    return {"validity": validity, "has_limit_certificate": False, "document": document}


def _confirm(service: _Service) -> Any:
    proof = Proof(VerificationMethod.FACE, b"\x00" * 32)
    with make_client(service.url, retries=1) as client:
        return client.confirm(b"cert", proof, key="k1")


def _refused(service: _Service, answer: Answer) -> EligibilityError:
    service.answer = answer
    with pytest.raises(EligibilityError) as caught:
        _confirm(service)
    assert caught.value.kind is Kind.MALFORMED
    return caught.value


def _result(document: dict[str, Any]) -> dict[str, Any]:
    body = document["MessageBody"]
    result: dict[str, Any] = body["ResultList"]["ResultOfQualificationConfirmation"][0]
    return result


def _with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(sample_document())
    change(document)
    return document


def test_a_valid_answer_is_taken(service: _Service) -> None:
    service.answer = lambda h: h.send_json(_confirmation(sample_document()))
    assert _confirm(service).name == "試験 太郎"


BAD_DOCUMENTS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "list-valued-name": (lambda d: _result(d).update(Name=["試験", "太郎"]), "Name"),
    "number-valued-branch": (lambda d: _result(d).update(InsuredBranchNumber=1), "Branch"),
    "empty-name": (lambda d: _result(d).update(Name=""), "Name"),
    "control-character": (lambda d: _result(d).update(Name="試験\x07太郎"), "U+0007"),
    "newline-in-kana": (lambda d: _result(d).update(NameKana="ｼｹﾝ\nﾀﾛｳ"), "U+000A"),
    "lone-surrogate": (lambda d: _result(d).update(Address="\ud800"), "Address"),
    "bidi-override": (lambda d: _result(d).update(Name="\u202e試験"), "U+202E"),
    "odd-element-name": (lambda d: _result(d).update({"Na me<>": "x"}), "not permitted"),
    "unknown-element": (lambda d: d["MessageBody"].update(Extra="1"), "Extra"),
    "name-too-long": (lambda d: _result(d).update(Name="長" * 120), "Name"),
    "branch-three-digits": (lambda d: _result(d).update(InsuredBranchNumber="001"), "Branch"),
    "no-results": (lambda d: d["MessageBody"]["ResultList"].update(
        ResultOfQualificationConfirmation=[]), "ResultOfQualificationConfirmation"),
    "result-not-a-list": (lambda d: d["MessageBody"]["ResultList"].update(
        ResultOfQualificationConfirmation=_result(d)), "ResultOfQualificationConfirmation"),
    "validity-disagrees": (lambda d: d["MessageBody"].update(QualificationValidity="2"),
                           "validity differs"),
}  # fmt: skip


@pytest.mark.parametrize("name", BAD_DOCUMENTS)
def test_a_document_off_the_layout_is_refused(service: _Service, name: str) -> None:
    change, says = BAD_DOCUMENTS[name]
    error = _refused(service, lambda h: h.send_json(_confirmation(_with(change))))
    assert says in str(error)
    assert "試験" not in str(error) and "長長" not in str(error)  # the value is never repeated


def test_a_50_mb_answer_is_refused_while_it_is_read(service: _Service) -> None:
    total = 50 * 1024 * 1024

    def stream(h: _Handler) -> None:  # chunked, no length: the client must count as it reads
        h.send_response(200)
        h.send_header("content-type", "application/json")
        h.send_header("transfer-encoding", "chunked")
        h.end_headers()
        piece = b" " * CHUNK
        try:
            while h.server.streamed < total:
                h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                h.server.streamed += len(piece)
        except OSError:
            pass  # the client hung up: what we wanted
        finally:
            h.server.stream_done.set()

    error = _refused(service, stream)
    assert "larger than" in str(error)
    assert service.stream_done.wait(30)
    # Loopback socket buffers hold a few MB at most: the rest was never sent, let alone read.
    assert service.streamed < total // 2


def test_a_declared_length_over_the_limit_is_refused_before_reading(service: _Service) -> None:
    def declared(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("content-length", str(MAX_ANSWER_BYTES + 1))
        h.end_headers()
        h.wfile.write(b"{")

    assert "bytes" in str(_refused(service, declared))


def test_a_compressed_answer_is_refused_unread(service: _Service) -> None:
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))  # ~20 kB that inflate to 20 MB

    def compressed(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("content-encoding", "gzip")
        h.send_header("content-length", str(len(bomb)))
        h.end_headers()
        h.wfile.write(bomb)

    assert "compressed" in str(_refused(service, compressed))


def test_json_nested_beyond_the_parser_is_malformed_not_a_crash(service: _Service) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000  # 200 kB: under the size limit
    _refused(service, lambda h: h.send_bytes(deep))


def test_an_error_message_is_kept_plain_in_the_error(service: _Service) -> None:
    body = {"error": {"code": "odd\ncode", "message": "line1\nline2\x1b[31m" + "x" * 1000}}
    error = _refused(service, lambda h: h.send_json(body, status=400))
    assert "\n" not in str(error) and "\x1b" not in str(error)
    assert len(str(error)) < 300


def test_every_accepted_document_exports_as_well_formed_xml() -> None:
    for change, _ in BAD_DOCUMENTS.values():
        document = _with(change)
        try:
            check_document(document)
        except DocumentError:
            with pytest.raises(DocumentError):
                result_xml(document, clinic_code="1312345678")
            continue
        ET.fromstring(result_xml(document, clinic_code="1312345678"))  # well-formed or raises


@pytest.mark.parametrize("token", ["トークン", "a b", "x" * 2000, "t\r\nX-Injected: 1"])
def test_a_session_token_no_header_can_carry_is_refused(service: _Service, token: str) -> None:
    service.token = token
    service.answer = lambda h: h.send_json(_confirmation(sample_document()))
    with pytest.raises(EligibilityError) as caught:
        _confirm(service)
    assert caught.value.kind is Kind.MALFORMED


def test_a_refused_answer_makes_a_pending_reception_without_its_result(service: _Service) -> None:
    """Through the runtime: a PIN reception whose confirmation answer has a list-valued Name is
    recorded as pending (re-queried later), never as complete with a half-read result."""
    from kiosk.flow import effects as fx
    from kiosk.flow import events as ev
    from kiosk.flow.model import FlowSettings, State
    from kiosk.ports import ReceptionOutcome
    from kiosk.runtime import Devices, Reception
    from tests.unit.runtime_fakes import FakeFront, Rig

    bad = _with(lambda d: _result(d).update(Name=["試験", "太郎"]))
    service.answer = lambda h: h.send_json(_confirmation(bad))
    rig = Rig()
    with make_client(service.url, retries=0) as client:
        devices = Devices(rig.reader, client, rig.store, rig.face, FakeFront())
        rig.reception = Reception(FlowSettings(), devices, rig.clock, "k1")
        rig.insert()
        rig.finish_kind(fx.ReadCard)
        rig.post(ev.MethodChosen(VerificationMethod.PIN))
        rig.finish_kind(fx.ReadPinTries)
        rig.reception.session.set_pin("1234")
        rig.post(ev.PinSubmitted())
        rig.finish_kind(fx.VerifyPin)
        rig.finish_kind(fx.ConfirmEligibility)  # the real client against the stand-in service
        assert rig.state is State.SERVICE_DOWN
        rig.drain()
    (record,) = rig.store.records
    assert record.outcome is ReceptionOutcome.PENDING
    assert record.qualification is None
