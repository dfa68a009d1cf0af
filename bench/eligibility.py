"""Benchmark: confirm + consent round trips against the real mock service process.

1, 10 and 50 simulated kiosks run concurrently, each enrolled with its own key and logged in
by signing the service's challenge, over mutual TLS (``--http`` for plain HTTP on loopback), each
repeating one reception's service traffic: a nonce, a PIN-path confirmation (a real RSA
signature over the nonce, checked by the server against the certificate, its CA and the
revocation list) and a consent recording. Each level is bounded in time and in round trips;
everything stays on loopback. The 1-kiosk run is the baseline for the ratios.
Last line: ``eligibility_rps_50=<n> p99_ms_50=<n>``.

    .venv/bin/python bench/eligibility.py [--seconds 6] [--levels 1,10,50] [--http]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import ssl
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import h11
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.config import ClinicConfig, KioskConfig
from kiosk.eligibility.attest import Signer, login_message
from kiosk.enroll import KioskCredential, identity_of, load_credential
from kiosk.sim.pki import MockPki
from kiosk.sim.service.process import ServerProcess

PERSONAS = ("sato_hanako", "suzuki_ichiro", "takahashi_kenji", "tanaka_yumi", "kimura_hiroshi")
MAX_ROUNDS_PER_KIOSK = 400


@dataclass
class Level:
    kiosks: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]


@dataclass(frozen=True)
class Card:
    key: rsa.RSAPrivateKey
    cert_b64: str


class Connection:
    """One kiosk's keep-alive HTTP/1.1 connection, parsed with h11.

    httpx's per-request overhead made the load generator the bottleneck (one core busy at
    ~165 req/s while the server idled at 17%), so the benchmark measured the client. h11 alone
    is the same protocol machinery with far less around it.
    """

    def __init__(self, host: str, port: int, tls: ssl.SSLContext | None) -> None:
        self.host, self.port, self.tls = host, port, tls
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.conn = h11.Connection(h11.CLIENT)

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port, ssl=self.tls)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()

    async def post(self, path: str, body: object, headers: dict[str, str]) -> tuple[int, bytes]:
        assert self.reader is not None and self.writer is not None
        data = json.dumps(body).encode() if body is not None else b""
        head = [("Host", self.host), ("Content-Type", "application/json")]
        head += [("Content-Length", str(len(data))), *headers.items()]
        out = self.conn.send(h11.Request(method="POST", target=path, headers=head))
        out += self.conn.send(h11.Data(data=data)) + self.conn.send(h11.EndOfMessage())
        self.writer.write(out)
        status, chunks = 0, []
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                self.conn.receive_data(await self.reader.read(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                self.conn.start_next_cycle()
                return status, b"".join(chunks)
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionError("server closed the connection")


async def _timed(level: Level, conn: Connection, path: str, body: object, headers: dict) -> dict:
    start = time.perf_counter()
    status, data = await conn.post(path, body, headers)
    level.latencies_ms.append((time.perf_counter() - start) * 1000)
    if status != 200:
        level.errors += 1
        raise RuntimeError(f"{path}: {status} {data[:200]!r}")
    return dict(json.loads(data))


@dataclass(frozen=True)
class Kiosk:
    signer: Signer
    credential: KioskCredential
    tls: ssl.SSLContext | None


def _enroll(server: ServerProcess, directory: Path, count: int, tls: bool) -> list[Kiosk]:
    kiosks = []
    for n in range(count):
        config = KioskConfig(
            id=f"bench-{n}", account_id=f"F0B{n:05d}", credential_dir=str(directory / str(n))
        )
        server.enroll(config, ClinicConfig().code)
        identity = identity_of(config, ClinicConfig().code)
        credential = load_credential(Path(config.credential_dir), identity)
        signer = Signer(identity.account_id, identity.clinic_code, identity.kiosk_id)
        context = credential.tls_context(server.ca_file) if tls else None
        kiosks.append(Kiosk(signer, credential, context))
    return kiosks


async def _login(conn: Connection, kiosk: Kiosk) -> dict[str, str]:
    who = {"account_id": kiosk.signer.account_id}
    _status, data = await conn.post("/v1/sessions/challenge", who, {})
    challenge = bytes.fromhex(json.loads(data)["challenge"])
    signature = kiosk.credential.sign(login_message(kiosk.signer, challenge))
    login = who | {
        "clinic_code": kiosk.signer.clinic_code,
        "kiosk_id": kiosk.signer.kiosk_id,
        "challenge": challenge.hex(),
        "signature": base64.b64encode(signature).decode(),
    }
    _status, data = await conn.post("/v1/sessions", login, {})
    return {"Authorization": f"Bearer {json.loads(data)['token']}"}


async def _kiosk(
    url: str, kiosk: Kiosk, number: int, card: Card, level: Level, deadline: float
) -> None:
    parsed = urlsplit(url)
    conn = Connection(parsed.hostname or "127.0.0.1", parsed.port or 80, kiosk.tls)
    await conn.open()
    try:
        auth = await _login(conn, kiosk)
        for round_ in range(MAX_ROUNDS_PER_KIOSK):
            if time.monotonic() >= deadline:
                return
            key = f"bench-{level.kiosks}-{number}-{round_}"
            nonce = bytes.fromhex((await _timed(level, conn, "/v1/nonces", None, auth))["nonce"])
            signature = card.key.sign(nonce, padding.PKCS1v15(), hashes.SHA256())
            proof = {
                "method": "pin",
                "nonce": nonce.hex(),
                "signature": base64.b64encode(signature).decode(),
            }
            body: dict[str, object] = {"certificate": card.cert_b64, "proof": proof}
            headers = auth | {"Idempotency-Key": f"{key}:confirm"}
            await _timed(level, conn, "/v1/confirmations", body, headers)
            consents = [{"kind": "PharmacistsInfo", "agreed": True}]
            body = {"certificate": card.cert_b64, "consents": consents}
            headers = auth | {"Idempotency-Key": f"{key}:consents"}
            await _timed(level, conn, "/v1/consents", body, headers)
    finally:
        await conn.close()


async def _run_level(url: str, kiosks: list[Kiosk], cards: list[Card], seconds: float) -> Level:
    level = Level(len(kiosks))
    start = time.perf_counter()
    deadline = time.monotonic() + seconds
    tasks = [
        _kiosk(url, kiosk, n, cards[n % len(cards)], level, deadline)
        for n, kiosk in enumerate(kiosks)
    ]
    await asyncio.gather(*tasks)
    level.elapsed_s = time.perf_counter() - start
    return level


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per concurrency level")
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of mutual TLS")
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.levels.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-eligibility-") as tmp:
        pki = MockPki(Path(tmp) / "pki")
        cards = []
        for persona_id in PERSONAS:
            key, cert = pki.user_credentials(persona_id)
            cards.append(Card(key, base64.b64encode(cert).decode()))
        server = ServerProcess(Path(tmp) / "data", pki_dir=pki.directory, tls=not args.http)
        kiosks = _enroll(server, Path(tmp) / "kiosks", max(levels), tls=not args.http)
        with server:
            results = [
                asyncio.run(_run_level(server.url, kiosks[:n], cards, args.seconds)) for n in levels
            ]
    base = results[0]
    print(f"{'kiosks':>6} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6} {'rps/base':>9} {'p99/base':>9}")  # fmt: skip
    for r in results:
        print(
            f"{r.kiosks:>6} {len(r.latencies_ms):>9} {r.rps:>8.1f} {r.percentile(50):>8.1f} "
            f"{r.percentile(99):>8.1f} {r.errors:>6} {r.rps / base.rps:>9.2f} "
            f"{r.percentile(99) / base.percentile(99):>9.2f}"
        )
    last = results[-1]
    n, p99 = last.kiosks, last.percentile(99)
    print(f"eligibility_rps_{n}={last.rps:.0f} p99_ms_{n}={p99:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
