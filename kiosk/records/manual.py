"""The 被保険者番号 lookup at the desk, for a patient without a usable card (資格確認書, an
expired card, 資格情報のお知らせ): staff enter 保険者番号, 記号・番号・枝番 and the birth date;
the answer is recorded as a reception of its own (method ``manual``, kiosk ``desk``) and the
lookup is an audited staff action."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date, datetime

from kiosk.eligibility.client import EligibilityClient, InsuredNumbers
from kiosk.ports import (
    EligibilityError,
    EligibilityErrorKind,
    Qualification,
    ReceptionOutcome,
    ReceptionRecord,
    StaffActionKind,
    Transition,
    VerificationMethod,
)
from kiosk.records.alerts import staff_name_of
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.store import RecordStore
from kiosk.records.summary import VALID_CODES

DESK_ID = "desk"


class LookupInputError(ValueError):
    """What staff typed cannot be a lookup; the message says what to fix, in Japanese, and
    ``field`` which entry it concerns (insurer, symbol, number, branch, birth) so a desk can
    show it beside that entry."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _plain(text: str) -> str:
    # Full-width digits and spaces as people type them on a Japanese keyboard.
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_lookup(insurer: str, symbol: str, number: str, branch: str, born: str) -> InsuredNumbers:
    insurer, symbol, number, branch, born = (
        _plain(x) for x in (insurer, symbol, number, branch, born)
    )
    if not re.fullmatch(r"\d{6}|\d{8}", insurer):
        raise LookupInputError("保険者番号は6桁か8桁の数字です", "insurer")
    if not number or len(number) > 40 or len(symbol) > 40:
        raise LookupInputError("番号を入力してください（記号・番号は40文字まで）", "number")
    if branch and not re.fullmatch(r"\d{2}", branch):
        raise LookupInputError("枝番は2桁の数字です（ない場合は空欄）", "branch")
    digits = born.replace("-", "").replace("/", "")
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise LookupInputError("生年月日は 1980-04-01 のように入力してください", "birth") from None
    if len(digits) != 8 or not digits.isdigit() or birth > datetime.now(CLINIC_TZ).date():
        raise LookupInputError("生年月日は 1980-04-01 のように入力してください", "birth")
    return InsuredNumbers(insurer, symbol, number, branch, birth)


def lookup_and_record(
    client: EligibilityClient, store: RecordStore, numbers: InsuredNumbers, staff_name: str
) -> ReceptionRecord:
    """Ask the service, record the answer as its own reception, audit the lookup. Raises
    EligibilityError when the service cannot answer (nothing is recorded then)."""
    staff = staff_name_of(staff_name)
    rid = f"desk-{uuid.uuid4().hex}"
    started = datetime.now(CLINIC_TZ)
    try:
        q: Qualification | None = client.lookup_insured(numbers, key=f"{rid}:lookup")
    except EligibilityError as exc:
        if exc.kind is not EligibilityErrorKind.NO_QUALIFICATION:
            raise
        q = None
    record = _record(rid, q, started)
    store.save(record)
    store.alerts.record_action(DESK_ID, StaffActionKind.MANUAL_LOOKUP, staff, "desk",
                               reception_id=rid, detail=record.outcome.value)  # fmt: skip
    return record


def _record(rid: str, q: Qualification | None, started: datetime) -> ReceptionRecord:
    ended = datetime.now(CLINIC_TZ)
    valid = q is not None and q.validity in VALID_CODES
    outcome = ReceptionOutcome.COMPLETE if valid else ReceptionOutcome.INELIGIBLE
    code = None if valid else f"validity_{q.validity if q is not None else '4'}"
    step = Transition(ended, "desk", "ManualLookup", outcome.value, "被保険者番号 lookup by staff")
    return ReceptionRecord(
        reception_id=rid,
        kiosk_id=DESK_ID,
        started_at=started,
        ended_at=ended,
        outcome=outcome,
        method=VerificationMethod.MANUAL,
        end_reason="manual lookup at the desk",
        qualification=dict(q.document) if q is not None else None,
        consents=(),  # consents need the patient at a card reader
        registered_now=False,
        limit_provided=None,
        needs_staff=not valid,
        transitions=(step,),
        end_code=code,
    )
