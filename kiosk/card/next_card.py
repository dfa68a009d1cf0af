"""The next-generation My Number Card (次期個人番号カード, planned for FY2028): every value of its
chip that is not public yet, in this one module (docs/card.md, "The next-generation card").

What is public (research/field-2026-12.md §1.3): two applications instead of four — an
authentication AP (認証AP) holding everything behind a PIN and a 券面等AP that gives the face
data after the printed 6-digit 照合番号 —, two PINs instead of four (a 4-digit one and one of 6
or more characters), ECDSA P-384 with SHA-384 instead of RSA-2048 with SHA-256, certificates
valid 10 years. Everything below marked [U] is this project's choice until the specification
appears; changing it here changes the kiosk (kiosk.card.generations) and the virtual card
(kiosk.sim.card) together.
"""

from __future__ import annotations

import enum

from kiosk.card.myna import KenmenTag

# [U] The applications' AIDs. Made up under the current cards' registered RID (D392…) with a
# last byte no current application uses; the next card is told from the current one by which
# of these answers SELECT (never by ATR: a contactless reader makes the ATR up).
AUTH_AID = bytes.fromhex("D392F000260100000011")  # 認証AP
FACE_AID = bytes.fromhex("D3921000310001010412")  # 券面等AP


class AuthFile(enum.IntEnum):
    """[U] The 認証AP's files: the current JPKI AP's user-authentication side, same ids."""

    AUTH_CERT = 0x000A
    AUTH_CA_CERT = 0x000B
    AUTH_KEY = 0x0017
    AUTH_PIN = 0x0018  # the 4-digit PIN
    SIGN_PASSWORD = 0x001B  # the 6+ character password ("also opens the 入力補助 data")


class FaceFile(enum.IntEnum):
    """[U] The 券面等AP's files: the face data, its issuer certificate, the 照合番号."""

    FACE = 0x0002
    CERTIFICATE = 0x0004
    CHECK_NUMBER = 0x0012  # the printed 6-digit 照合番号


# [U] The face data's layout and signature: the current 券面AP's EF 0002 (FF20, DF21 offsets,
# DF22-DF2A, DF28 the issuer's signature over SHA-256 segments, EF 0004 its card-verifiable
# certificate). 性別 is no longer printed but stays in the chip ([F]), so DF23 stays.
FACE_ITEMS = tuple(KenmenTag)

CHECK_NUMBER_LENGTH = 6  # [F] "an easy-to-read 6-digit 照合番号"
CHECK_NUMBER_TRIES = 10  # [U] the current 照合番号B's limit
PIN_TRIES = 3  # [U] the current user-auth PIN's limit
PIN_LENGTH = 4  # [F] "a 4-digit PIN"
SIGN_PASSWORD_TRIES = 5  # [U] the current 署名用パスワード's limit
SIGN_PASSWORD_LENGTH = (6, 16)  # [F] "6 or more characters"; [U] the upper bound and alphabet

# [U] COMPUTE DIGITAL SIGNATURE (80 2A 00 80) on the 認証AP's key: the data is the SHA-384 hash
# of the message (48 bytes, no DigestInfo: ECDSA signs the hash), the answer is r ‖ s, 48
# bytes each (the plain form of BSI TR-03111, as other ECDSA eID cards answer).
HASH_SIZE = 48
SIGNATURE_SIZE = 96

CERT_VALIDITY_YEARS = 10  # [F] the next card's certificates (the current card's: 5)
