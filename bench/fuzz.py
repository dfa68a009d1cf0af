"""Fuzz every parser the kiosk feeds with outside data; only its documented errors may come out.

    .venv/bin/python bench/fuzz.py [--cases 100000] [--seed 1] [--only TARGET] [--case N]

Targets and the errors each may raise (anything else is a crash):

    tlv        BER-TLV: tlv.parse_all, read_header, children       TlvError
    apdu       Command.parse, Response.parse                       ApduError
    myna       layout_of, item_value, parse_basic_info, dates, sex LayoutError, TlvError
    session    MynaCardSession reading a virtual card whose
               answers are mutated in flight                       CardError
    json       the eligibility client reading HTTP answers (any
               status, mutated JSON or bytes) through httpx        EligibilityError
    xml        result documents mutated element by element, read
               by the client; what it accepts must be written as
               UTF-8 and Shift_JIS XML that parses (a
               DocumentError there is a crash)                     EligibilityError
    config     load_config on mutated TOML files + KIOSK_ vars     ConfigError
    phone      PhoneJpkiSession reading a virtual phone (Android
               and iPhone) whose answers are mutated in flight     PhoneError
    marks      in-progress marks as a crash may leave them, made
               into the "interrupted" record a start writes        ValueError, KeyError,
                                                                   TypeError, AttributeError
    journal    journal entries mutated as JSON and as bytes,
               decoded and made storable (check_record)            ValueError (JournalFormatError)
    numberb    照合番号B as staff type it (digits, or the printed
               date in 和暦 or 西暦, expiry year, code) and the
               OCR's printed-date parser                           ValueError (Implausible)
    cli        the bounded number types and `kiosk config` on
               random arguments and files                          SystemExit (argparse's 2)

Inputs come from a seeded generator that mutates valid inputs (the virtual card's real files
and answers, the mock service's documents, the example configuration): byte flips, inserts,
deletes, splices and boundary values, and for JSON and TOML also structure-aware changes (a
value of another type, a list, deep nesting, odd keys, control characters). Why not hypothesis
or atheris: hypothesis is kept for the property tests (its shrinking is worth its ~1 ms per
example there, but 700k examples would take most of an hour on this shared machine); atheris
needs a libFuzzer build and gives no repeatable case numbers. Here every case is a pure function
of (seed, target, index), so a crash is replayed exactly with ``--only T --case N``.

The last line is ``fuzz_cases_min=<n> crashes=<n>``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import random
import sys
import tempfile
import time
import traceback
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from lxml import etree  # libxml2, strict: how clinic software reads the result file

from kiosk.card import myna, number_b, tlv
from kiosk.card.apdu import ApduError, Command, Response
from kiosk.card.myna import InputTag, KenmenTag, LayoutError
from kiosk.card.phone import PhoneJpkiSession
from kiosk.card.session import MynaCardSession
from kiosk.config import ClinicConfig, ConfigError, KioskConfig, ServiceConfig, load_config
from kiosk.eligibility.client import EligibilityClient, InsuredNumbers
from kiosk.eligibility.xmldoc import result_xml, shift_jis_xml
from kiosk.enroll import KioskCredential, identity_of, load_credential
from kiosk.ports import (
    CardError,
    ConsentKind,
    EligibilityError,
    PhoneError,
    PhoneKind,
    Proof,
    VerificationMethod,
)
from kiosk.records.checks import check_record
from kiosk.records.codec import JournalFormatError, record_from_dict, record_to_dict
from kiosk.records.inflight import interrupted_record, parse_mark

ROOT = Path(__file__).resolve().parent.parent
INTERESTING_BYTES = (0x00, 0x01, 0x1F, 0x20, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xFF)
INTERESTING_TEXT = (
    "", " ", "0", "1", "01", "9", "A01", "030", "20261123", "20261123090000", "19800230",
    "\x00", "\x07", "\n", "\t", "\x7f", "\x85", "\ud800", "\ufffe", "\u202e", "<", "&", "]]>",
    "𠮷", "髙", "●", "x" * 120, "長" * 101, "1" * 5000, "null", "{}", "[]",
)  # fmt: skip


# --- mutation ------------------------------------------------------------------------------


def mutate_bytes(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """1 to 4 byte-level changes: flips, boundary bytes, inserts, deletes, repeats, splices."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        pos = rng.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(pos, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1 and out:
            out[min(pos, len(out) - 1)] = rng.choice(INTERESTING_BYTES)
        elif op == 2:
            out[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            del out[pos : pos + rng.randint(1, 16)]
        elif op == 4 and out:
            start = rng.randrange(len(out))
            out[pos:pos] = out[start : start + rng.randint(1, 32)] * rng.randint(1, 4)
        elif op == 5:
            del out[pos:]
        elif op == 6:
            other = rng.choice(corpus)
            cut = rng.randrange(len(other) + 1)
            out[pos:] = other[cut:]
        else:
            out[pos:pos] = rng.randrange(1 << 32).to_bytes(4, "big")[: rng.randint(1, 4)]
    return bytes(out)


def odd_value(rng: random.Random, depth: int = 0) -> Any:
    """A JSON value of a random kind, often one a parser does not expect."""
    kind = rng.randrange(10)
    if kind == 0:
        return rng.choice([None, True, False, 0, -1, 2**63, 1.5, float("1e308")])
    if kind == 1 and depth < 3:
        return [odd_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == 2 and depth < 3:
        return {rng.choice(INTERESTING_TEXT): odd_value(rng, depth + 1)}
    if kind == 3:  # deeper than this is made as text (_deep_json): json.dumps would recurse
        deep: Any = "x"
        for _ in range(rng.choice((20, 200, 600))):
            deep = [deep] if rng.random() < 0.5 else {"a": deep}
        return deep
    return rng.choice(INTERESTING_TEXT) + rng.choice(("", rng.choice(INTERESTING_TEXT)))


def _slots(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if len(path) > 12:  # a deep value is one slot: its insides are not worth visiting
        return
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _slots(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _slots(inner, (*path, i))


def mutate_tree(rng: random.Random, value: Any) -> Any:
    """1 to 3 structure-aware changes to a JSON value: another value or type, a removed or an
    odd key, a value wrapped in a list, a list emptied or repeated."""
    value = deepcopy(value)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(list(_slots(value)))
        if not path:
            if rng.random() < 0.1:
                value = odd_value(rng)
            continue
        parent = value
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        op = rng.randrange(6)
        if op == 0:
            parent[last] = odd_value(rng)
        elif op == 1:
            parent[last] = rng.choice(INTERESTING_TEXT)
        elif op == 2 and isinstance(parent, dict):
            del parent[last]
        elif op == 3 and isinstance(parent, dict):
            parent[rng.choice(INTERESTING_TEXT) or "Na me"] = odd_value(rng)
        elif op == 4:
            parent[last] = [parent[last]] * rng.randint(0, 3)
        else:
            inner = parent[last]
            if isinstance(inner, list) and inner:
                parent[last] = inner * rng.choice((0, 2, 30))
            elif isinstance(inner, str):
                parent[last] = inner + rng.choice(INTERESTING_TEXT)
    return value


# --- bookkeeping ---------------------------------------------------------------------------


@dataclass
class Tally:
    name: str
    cases: int = 0
    handled: int = 0
    crashes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        accepted = self.cases - self.handled - len(self.crashes)
        rate = self.cases / self.seconds if self.seconds else 0.0
        counts = f"accepted={accepted:<7} handled={self.handled:<7}"
        crashes = f"crashes={len(self.crashes):<3}"
        return f"{self.name:<8} cases={self.cases:<7} {counts} {crashes} {rate:6.0f}/s"


Target = Callable[[random.Random], None]


def run_target(name: str, target: Target, handled: tuple[type[BaseException], ...],
               cases: int, seed: int, only_case: int | None = None) -> Tally:  # fmt: skip
    tally = Tally(name)
    began = time.perf_counter()
    indices = range(cases) if only_case is None else (only_case,)
    for i in indices:
        rng = random.Random(f"{seed}:{name}:{i}")
        tally.cases += 1
        try:
            target(rng)
        except handled:
            tally.handled += 1
        except Exception as exc:  # the finding: anything undocumented
            where = traceback.extract_tb(exc.__traceback__)[-1]
            tally.crashes.append(
                f"{name} case {i}: {type(exc).__name__}: {str(exc)[:120]} "
                f"at {Path(where.filename).name}:{where.lineno}"
            )
            if only_case is not None:
                traceback.print_exc()
    tally.seconds = time.perf_counter() - began
    return tally


# --- card ----------------------------------------------------------------------------------


def _card_corpus() -> list[bytes]:
    kenmen = myna.build_ef(
        [(tag, bytes([0x30 + i]) * (3 + i * 7)) for i, tag in enumerate(KenmenTag)]
    )
    basic = myna.build_ef([
        (InputTag.NAME, "佐藤 花子".encode()), (InputTag.ADDRESS, "東京都".encode()),
        (InputTag.BIRTH_DATE, b"19910603"), (InputTag.SEX, b"2"),
    ])  # fmt: skip
    cert = tlv.encode(
        0x30, tlv.encode(0x30, b"\x02\x01\x01" + bytes(40)) + tlv.encode(0x04, bytes(300))
    )
    return [kenmen, basic, cert, tlv.encode(0xDF10, b"123456789012"), b"\x30\x82\x01\x00"]


def target_tlv(corpus: list[bytes]) -> Target:
    def run(rng: random.Random) -> None:
        data = mutate_bytes(rng, rng.choice(corpus), corpus)
        tlv.read_header(data, rng.randrange(len(data) + 1))
        stack = tlv.parse_all(data)
        for _ in range(50):  # walk into constructed values, bounded
            if not stack:
                break
            item = stack.pop()
            if item.constructed:
                stack.extend(item.children())

    return run


def target_apdu(rng: random.Random) -> None:
    seeds = [b"\x00\xa4\x04\x0c\x0a" + myna.JPKI_AID, b"\x00\xb0\x00\x00\x00",
             b"\x00\xb0\x00\x00\x00\x00\x00", b"\x80\x2a\x00\x80\x33" + bytes(51) + b"\x00",
             b"\x00\x20\x00\x80", bytes(300) + b"\x90\x00", b"\x63\xc2"]  # fmt: skip
    data = mutate_bytes(rng, rng.choice(seeds), seeds)
    if rng.random() < 0.5:
        Command.parse(data)
    else:
        Response.parse(data)


def target_myna(corpus: list[bytes]) -> Target:
    dates, sexes = [b"19910603", b"20290603", b"19800230"], [b"1", b"2", b"9"]

    def run(rng: random.Random) -> None:
        call = rng.randrange(5)
        if call == 0:
            data = mutate_bytes(rng, corpus[0], corpus)
            layout = myna.layout_of(data, list(KenmenTag))
            start, end = layout.span(rng.choice(list(KenmenTag)))
            myna.item_value(data[start:end], KenmenTag.PHOTO)
        elif call == 1:
            myna.parse_basic_info(mutate_bytes(rng, corpus[1], corpus))
        elif call == 2:
            item = tlv.encode(KenmenTag.PHOTO, bytes(rng.randint(0, 300)))
            myna.item_value(mutate_bytes(rng, item, corpus), KenmenTag.PHOTO)
        elif call == 3:
            myna.parse_yyyymmdd(mutate_bytes(rng, rng.choice(dates), dates))
        else:
            myna.parse_sex(mutate_bytes(rng, rng.choice(sexes), sexes))

    return run


class _Replay:
    """A card that answers from a recording of the virtual card, some answers mutated."""

    def __init__(self, answers: dict[bytes, bytes], rng: random.Random, corpus: list[bytes]):
        self._answers, self._rng, self._corpus = answers, rng, corpus
        self._rate = rng.choice((0.05, 0.2, 0.5))

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        answer = self._answers.get(bytes(apdu), b"\x6d\x00")
        if self._rng.random() < self._rate:
            return mutate_bytes(self._rng, answer, self._corpus)
        return answer


@dataclass(frozen=True)
class Recording:
    answers: dict[bytes, bytes]
    pin: bytes
    number_b: str


def record_card(workdir: Path) -> Recording:
    """Every answer of the virtual card to a full read, PIN path and card face included."""
    from kiosk.sim.card import VirtualCard, number_b_of
    from kiosk.sim.personas import get_persona
    from kiosk.sim.pki import MockPki

    persona = get_persona("sato_hanako")
    card = VirtualCard(persona, workdir / "cards", pki=MockPki(workdir / "pki"),
                       photo_jp2=lambda: bytes(range(256)) * 12)  # fmt: skip
    answers: dict[bytes, bytes] = {}

    class Recorder:
        def transmit(self, apdu: bytes | bytearray) -> bytes:
            answer = card.transmit(apdu)
            answers[bytes(apdu)] = answer
            return answer

    pin = persona.card.pin.encode()
    for extended in (False, True):
        session = MynaCardSession(Recorder(), extended_length=extended)
        session.read_identity()
        session.pin_tries_left()
        session.verify_pin(bytearray(pin))
        session.sign(b"\x00" * 32)
        session.read_card_face(number_b_of(persona))
        MynaCardSession(Recorder(), extended_length=extended).read_basic_info(bytearray(pin))
    return Recording(answers, pin, number_b_of(persona))


def target_session(recording: Recording, corpus: list[bytes]) -> Target:
    def run(rng: random.Random) -> None:
        session = MynaCardSession(_Replay(recording.answers, rng, corpus),
                                  extended_length=rng.random() < 0.5)  # fmt: skip
        call = rng.randrange(6)
        if call == 0:
            session.read_identity()
        elif call == 1:
            session.pin_tries_left()
        elif call == 2:
            session.verify_pin(bytearray(recording.pin))
        elif call == 3:
            session.sign(b"\x00" * 32)
        elif call == 4:
            session.read_card_face(recording.number_b)
        else:
            session.read_basic_info(bytearray(recording.pin))

    return run


# --- eligibility answers -------------------------------------------------------------------


def _documents() -> list[dict[str, Any]]:
    from kiosk.eligibility.codes import ConsentFlag
    from kiosk.sim.personas import load_personas
    from kiosk.sim.service.document import ConsentState, result_document

    now = datetime(2026, 11, 23, 1, 2, 3, tzinfo=UTC)
    agreed = {k: ConsentState(k, ConsentFlag.YES, now) for k in ConsentKind}
    return [
        result_document(p, agreed if i % 2 else {}, clinic_code="1312345678", now=now,
                        file_id=f"fuzz-{i}", prescription=(None, "1", "2")[i % 3])
        for i, p in enumerate(load_personas().values())
    ]  # fmt: skip


def _answers(documents: list[dict[str, Any]]) -> dict[str, list[Any]]:
    stamp = "2026-11-23T10:02:03+09:00"
    receipt = {"kind": "PharmacistsInfo", "flag": "1", "cons_time": stamp, "available_time": stamp}
    limit = {**receipt, "kind": "LimitApplicationCertificateRelated", "available_time": None}
    results = [
        {"validity": d["MessageBody"]["QualificationValidity"], "has_limit_certificate": False,
         "document": d} for d in documents
    ]  # fmt: skip
    return {
        "/v1/sessions/challenge": [{"challenge": "cd" * 32, "expires_in": 60}],
        "/v1/sessions": [{"token": "t0", "expires_in": 600}],
        "/v1/nonces": [{"nonce": "ab" * 32, "expires_in": 120}],
        "/v1/confirmations": results,
        "/v1/registrations": [{"registered": True}],
        "/v1/results": results,
        "/v1/insured-lookups": results,
        "/v1/consents": [{"receipts": [receipt, limit]}],
        "error": [{"error": {"code": c, "message": "m"}} for c in
                  ("proof_rejected", "cert_expired", "not_registered", "unauthenticated", "x")],
    }  # fmt: skip


STATUSES = (200,) * 8 + (400, 401, 404, 409, 422, 429, 500, 503)


class _Service:
    """Answers for one case, chosen and mutated by its generator (an httpx MockTransport)."""

    def __init__(self, rng: random.Random, answers: dict[str, list[Any]], mode: str):
        self._rng, self._answers, self._mode = rng, answers, mode
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        rng, path = self._rng, request.url.path
        if rng.random() < 0.7 and path in ("/v1/sessions/challenge", "/v1/sessions", "/v1/nonces"):
            return httpx.Response(200, json=self._answers[path][0])
        status = 200 if self._mode == "xml" else rng.choice(STATUSES)
        pool = self._answers[path] if status < 400 else self._answers["error"]
        value = _echoing(rng.choice(pool), request)
        if rng.random() < (0.9 if self._mode == "xml" else 0.5):
            value = mutate_tree(rng, value)
        body = _encode(value, rng)
        if self._mode == "json" and rng.random() < 0.4:
            body = mutate_bytes(rng, body, [body]) if rng.random() < 0.95 else _deep_json(rng)
        return httpx.Response(status, content=body)


def _echoing(value: Any, request: httpx.Request) -> Any:
    """An answer about the request asked (its key echoed), as a service's is: the client
    refuses any other (MISMATCH) before its other checks would see it."""
    document = value.get("document") if isinstance(value, dict) else None
    if not isinstance(document, dict) or not isinstance(document.get("MessageHeader"), dict):
        return value
    value = deepcopy(value)
    value["document"]["MessageHeader"]["ArbitraryFileIdentifier"] = request.headers.get(
        "idempotency-key", ""
    )
    return value


def _encode(value: Any, rng: random.Random) -> bytes:
    """JSON as a service might send it: escaped or raw UTF-8, lone surrogates kept as they
    came (a JSON text can carry them escaped)."""
    text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    return text.encode("utf-8", "surrogatepass")


def _deep_json(rng: random.Random) -> bytes:
    depth = rng.choice((1000, 5000, 100_000))
    opener, closer = (b"[", b"]") if rng.random() < 0.5 else (b'{"a":', b"}")
    return opener * depth + b"1" + closer * depth


def _client(transport: httpx.BaseTransport) -> EligibilityClient:
    service = ServiceConfig(url="http://127.0.0.1:9", retries=1)  # answered in memory
    kiosk, credential = _credential()
    return EligibilityClient(service, kiosk, ClinicConfig(), sleep=lambda _s: None,
                             transport=transport, credential=credential)  # fmt: skip


@functools.cache
def _credential() -> tuple[KioskConfig, KioskCredential]:
    """A kiosk key and certificate from a throw-away CA: the in-memory answers check nothing,
    but the client signs its login and attestations with a real key."""
    from kiosk.sim.pki import NetworkCa
    from kiosk.sim.service.kiosks import enroll_local

    root = Path(tempfile.mkdtemp(prefix="fuzz-kiosk-"))
    kiosk = KioskConfig(account_id="F0000001", credential_dir=str(root / "credential"))
    identity = identity_of(kiosk, ClinicConfig().code)
    enroll_local(root / "service", NetworkCa(root / "ca"), Path(kiosk.credential_dir), identity)
    return kiosk, load_credential(Path(kiosk.credential_dir), identity)


INSURED = InsuredNumbers("01130012", "1000", "20000", "00", date(1991, 6, 3))


def _call(client: EligibilityClient, rng: random.Random, only_results: bool) -> Any:
    """One of the client's calls; with ``only_results`` one that returns a result document."""
    cert, key = b"\x30\x03\x02\x01\x01", uuid.UUID(int=rng.getrandbits(128)).hex
    face = Proof(VerificationMethod.FACE, b"\x01" * 32)
    call = rng.choice((0, 5, 6)) if only_results else rng.randrange(7)
    if call == 0:
        return client.confirm(cert, face, key=key)
    if call == 5:
        return client.final_result(cert, prescription=rng.choice((None, "1")), key=key)
    if call == 6:
        return client.lookup_insured(INSURED, key=key)
    if call == 1:
        return client.new_nonce()
    if call == 2:
        return client.register(cert, face, key=key)
    if call == 3:
        return client.record_consents(cert, {ConsentKind.MEDICATION: True}, key=key)
    return client.confirm_deferred(cert, VerificationMethod.VISUAL, datetime.now(UTC), key=key)


def target_json(answers: dict[str, list[Any]]) -> Target:
    def run(rng: random.Random) -> None:
        with _client(_Service(rng, answers, "json").transport) as client:
            _call(client, rng, only_results=False)

    return run


class ExportCrash(Exception):
    """The client accepted a document that the export cannot write as well-formed XML."""


def target_xml(answers: dict[str, list[Any]]) -> Target:
    def run(rng: random.Random) -> None:
        with _client(_Service(rng, answers, "xml").transport) as client:
            qualification = _call(client, rng, only_results=True)
        file_id = uuid.UUID(int=rng.getrandbits(128)).hex
        try:  # both writers: the UTF-8 export and the Shift_JIS result file for clinic systems
            ET.fromstring(result_xml(qualification.document, clinic_code="1312345678",
                                     file_id=file_id))  # fmt: skip
            etree.fromstring(shift_jis_xml(qualification.document, clinic_code="1312345678",
                                           file_id=file_id))  # fmt: skip
        except Exception as exc:
            raise ExportCrash(f"{type(exc).__name__}: {exc}") from exc

    return run


# --- configuration -------------------------------------------------------------------------


def _toml_values(rng: random.Random) -> str:
    return rng.choice([
        '""', '"x"', "0", "-1", "99999", "1e400", "nan", "inf", "true", "[]", '["", "12"]', "{}",
        "{ a = 1 }", "1979-05-27", "1979-05-27T07:32:00Z", '"\\u0000"', '"\\ud800"', "'''a\nb'''",
        "[" * 2000 + "]" * 2000, "{a={a={a={a=1}}}}", '"' + "x" * 5000 + '"', '"sqlite:///"',
        '"postgresql://u@h:99999/d"', '"postgresql://u@h:abc/d"', '"("', '"synthetic:"',
    ])  # fmt: skip


def mutate_toml(rng: random.Random, text: str) -> bytes:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.randrange(5)
        if op == 0 and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + _toml_values(rng)
        elif op == 1:
            del lines[i]
        elif op == 2:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 3:
            lines.insert(i, rng.choice(["[clinic]", "clinic = 5", "[[ui]]", "[x]", "a.b.c = 1"]))
        else:
            lines[i] = lines[i].replace("=", rng.choice(["", "==", " = = "]), 1)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return mutate_bytes(rng, data, [data]) if rng.random() < 0.3 else data


def target_config(workdir: Path) -> Target:
    text = (ROOT / "config" / "kiosk.example.toml").read_text(encoding="utf-8")
    path = workdir / "fuzz.toml"
    keys = ["KIOSK_UI__VOICE", "KIOSK_SERVICE__RETRIES", "KIOSK_CLINIC", "KIOSK_DATABASE__URL",
            "KIOSK_STAFF__PIN_HASHES", "KIOSK_KIOSK__SECRET", "KIOSK___", "KIOSK_X__Y"]  # fmt: skip

    def run(rng: random.Random) -> None:
        path.write_bytes(mutate_toml(rng, text))
        env = {rng.choice(keys): _toml_values(rng) for _ in range(rng.randint(0, 2))}
        load_config(path, environ=env)

    return run


# --- main ----------------------------------------------------------------------------------


# --- the phone, marks, the journal, 照合番号B, the command line (issue 25 item 6) -------------


def record_phone(workdir: Path, persona_id: str) -> Recording:
    """Every answer of a persona's virtual phone (Android or iPhone) to a full read."""
    from kiosk.sim.personas import get_persona
    from kiosk.sim.phone import VirtualPhone
    from kiosk.sim.pki import MockPki

    persona = get_persona(persona_id)
    phone = VirtualPhone(persona, workdir / "phones", pki=MockPki(workdir / "pki"))
    answers: dict[bytes, bytes] = {}

    class Recorder:
        def transmit(self, apdu: bytes | bytearray) -> bytes:
            answer = phone.transmit(apdu)
            answers[bytes(apdu)] = answer
            return answer

    pin = persona.phone.pin.encode() if persona.phone is not None else b""
    session = PhoneJpkiSession(Recorder())
    kind = session.identify()
    session.read_identity()
    if kind is PhoneKind.ANDROID:
        session.pin_tries_left()
        session.verify_pin(bytearray(pin))
    session.sign(b"\x00" * 32)
    return Recording(answers, pin, "")


def target_phone(recordings: list[Recording], corpus: list[bytes]) -> Target:
    def run(rng: random.Random) -> None:
        recording = rng.choice(recordings)
        session = PhoneJpkiSession(_Replay(recording.answers, rng, corpus))
        kind = session.identify()
        session.read_identity()
        if kind is PhoneKind.ANDROID:  # an iPhone is verified on the phone: nothing to send
            session.pin_tries_left()
            session.verify_pin(bytearray(recording.pin))
        session.sign(b"\x00" * 32)  # as recorded: another challenge is another APDU

    return run


def target_marks(rng: random.Random) -> None:
    good = {"reception_id": uuid.UUID(int=rng.getrandbits(128)).hex, "state": "querying",
            "started_at": datetime(2026, 12, 1, 9, 0, tzinfo=UTC).isoformat()}  # fmt: skip
    data = mutate_tree(rng, good) if rng.random() < 0.7 else good
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.3:
        raw = mutate_bytes(rng, raw, [raw])
    mark = parse_mark(raw.decode("utf-8", "replace"))
    check_record(interrupted_record(mark, "kiosk-01", datetime.now(UTC)))


@functools.cache
def _journal_entry() -> dict[str, Any]:
    from kiosk.sim.records import sample_record

    return json.loads(json.dumps(record_to_dict(sample_record("fuzz-1"))))  # type: ignore[no-any-return]


def target_journal(rng: random.Random) -> None:
    entry = mutate_tree(rng, deepcopy(_journal_entry()))
    raw = _encode(entry, rng)
    if rng.random() < 0.3:
        raw = mutate_bytes(rng, raw, [raw])
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise JournalFormatError("not an object")
    check_record(record_from_dict(data))


_TODAY = date(2026, 12, 7)


def target_numberb(rng: random.Random) -> None:
    if rng.random() < 0.4:
        size = rng.choice((13, 14, 15))
        digits = "".join(rng.choice("0123456789０１２３ a-") for _ in range(size))
        number_b.check_digits(digits, _TODAY)
        return
    if rng.random() < 0.5:
        era = rng.choice((None, "令和", "平成", "昭和", "大正", "明治", "R", "", "慶応"))
        year, month, day, expiry = (rng.choice(_NUMBERS) for _ in range(4))
        code = rng.choice(("1234", "12a4", "", "12345"))
        number_b.typed_number_b(era, year, month, day, expiry, code, _TODAY)
        return
    text = rng.choice(_PRINTED)
    raw = text.encode()
    number_b.parse_printed(mutate_bytes(rng, raw, [raw]).decode("utf-8", "replace"))


_NUMBERS = (0, 1, 2, 12, 13, 29, 30, 31, 64, 99, 2035, -1, 10**6)
_PRINTED = ("平成元年 3月31日生", "昭和55年2月17日生", "1992年11月5日生", "令和1年5月1日")


def target_cli(workdir: Path) -> Target:
    from kiosk.cli import PORT, float_in, int_in
    from kiosk.config_cli import main as config_main

    path = workdir / "cli.toml"
    example = (ROOT / "config" / "kiosk.example.toml").read_bytes()

    def run(rng: random.Random) -> None:
        word = rng.choice((*INTERESTING_TEXT, "nan", "inf", "-inf", "1e308", "0x10", "1_000", "٣"))
        for parse in (int_in(1, 36500), float_in(0.1, 3600), PORT):
            with contextlib.suppress(argparse.ArgumentTypeError):
                parse(word)
        path.write_bytes(mutate_bytes(rng, example, [example]))
        args = rng.choice((["--config", str(path)], ["--config", word], ["--conf"], [word]))
        with contextlib.redirect_stdout(None), contextlib.redirect_stderr(None):  # type: ignore[type-var]
            config_main(args)

    return run


def targets(workdir: Path) -> dict[str, tuple[Target, tuple[type[BaseException], ...]]]:
    corpus = _card_corpus()
    answers = _answers(_documents())
    phones = [record_phone(workdir, who) for who in ("sato_hanako", "suzuki_ichiro")]
    mark_errors = (ValueError, KeyError, TypeError, AttributeError)
    return {
        "phone": (target_phone(phones, corpus), (PhoneError,)),
        "marks": (target_marks, mark_errors),
        "journal": (target_journal, (ValueError, RecursionError)),
        "numberb": (target_numberb, (ValueError,)),
        "cli": (target_cli(workdir), (SystemExit,)),
        "tlv": (target_tlv(corpus), (tlv.TlvError,)),
        "apdu": (target_apdu, (ApduError,)),
        "myna": (target_myna(corpus), (LayoutError, tlv.TlvError)),
        "session": (target_session(record_card(workdir), corpus), (CardError,)),
        "json": (target_json(answers), (EligibilityError,)),
        "xml": (target_xml(answers), (EligibilityError,)),
        "config": (target_config(workdir), (ConfigError,)),
    }


def fuzz(cases: int, seed: int, only: str | None = None, case: int | None = None,
         out: Callable[[str], None] = print) -> list[Tally]:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-") as tmp:
        found = targets(Path(tmp))
        tallies = []
        for name, (target, handled) in found.items():
            if only and name != only:
                continue
            tally = run_target(name, target, handled, cases, seed, case)
            out(tally.line())
            for crash in tally.crashes[:5]:
                out(f"  {crash}")
            tallies.append(tally)
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="per target (100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="one target: tlv apdu myna session json xml config "
                        "phone marks journal numberb cli")  # fmt: skip
    parser.add_argument("--case", type=int, help="replay one case (with --only), traceback shown")
    args = parser.parse_args()
    os.environ.setdefault("KIOSK_PKI_DIR", tempfile.mkdtemp(prefix="kiosk-fuzz-pki-"))
    with (
        contextlib.redirect_stderr(sys.stdout)
        if args.case is not None
        else contextlib.nullcontext()
    ):
        tallies = fuzz(args.cases, args.seed, args.only, args.case)
    crashes = sum(len(t.crashes) for t in tallies)
    print(f"fuzz_cases_min={min(t.cases for t in tallies)} crashes={crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
