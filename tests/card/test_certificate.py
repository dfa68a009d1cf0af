"""The expiry the kiosk reads off the card's user-auth certificate: notAfter to the second (and
its day in Japan), and nothing (no crash, no data in the log) when the card's bytes are not a
certificate."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.card.certificate import expiry
from kiosk.flow.certificate import day_of


def _cert(not_after: dt.datetime) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "12345")])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(not_after - dt.timedelta(days=365)).not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return cert.public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (dt.datetime(2029, 6, 3, 14, 59, 59, tzinfo=dt.UTC), dt.date(2029, 6, 3)),  # 23:59 JST
        (dt.datetime(2029, 6, 3, 15, 0, 0, tzinfo=dt.UTC), dt.date(2029, 6, 4)),  # 00:00 JST
    ],
)
def test_the_expiry_is_the_instant_and_its_day_in_japan(utc: dt.datetime, day: dt.date) -> None:
    expires = expiry(_cert(utc))
    assert expires == utc and expires is not None and day_of(expires) == day


@pytest.mark.parametrize("garbage", [b"", b"\x30\x03\x02\x01\x01", b"cert-1", bytes(range(256))])
def test_bytes_that_are_no_certificate_give_no_date(
    garbage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert expiry(garbage) is None
    assert "no readable expiry date" in caplog.text
    assert not garbage or garbage.hex() not in caplog.text
