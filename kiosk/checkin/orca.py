"""Check-in with ORCA (日医標準レセプトソフト) over its published HTTP API (docs/checkin.md).

One visit takes these calls, each documented on the API pages of www.orca.med.or.jp:

1. ``/api01rv2/patientlst3v2?class=01``: the patients with the card holder's kana name and
   birth date (the 氏名検索);
2. ``/api01rv2/patientgetv2?id=…``: each candidate's insurance, compared with the card's;
3. ``/orca12/patientmodv2?class=01``: a first visit is registered as a new patient;
4. ``/api01rv2/acceptlstv2?class=03``: today's acceptances, so that a visit sent again (its
   answer was lost) is found instead of registered twice;
5. ``/orca11/acceptmodv2``: the 受付登録 with department and doctor; its 受付ID is the number
   the patient is shown.

Looking before writing is what makes a retry safe: ORCA registers a second identical patient
or acceptance when asked twice (it only warns). No call is retried here: a failure is a
``CheckInError`` and the caller queues the visit. Every call is bounded by the timeouts and
the whole visit by ``OrcaConfig.budget``.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from kiosk.checkin.config import OrcaConfig
from kiosk.checkin.patient import full_width_kana
from kiosk.checkin.xml2 import (
    MAX_ANSWER_BYTES,
    Field,
    Record,
    Xml2Error,
    parse_answer,
    record,
    records,
    request_body,
    text,
)
from kiosk.eligibility.names import name_needs_check
from kiosk.ports import (
    CheckInError,
    CheckInErrorKind,
    CheckInState,
    DeskReason,
    MatchStatus,
    PatientKey,
    PatientMatch,
    VisitRequest,
    VisitResult,
)

log = logging.getLogger(__name__)
Kind = CheckInErrorKind

# Api_Result codes. Success is all zeros ("00", "000"); patientmodv2 and acceptmodv2 also
# answer K-codes (warnings, e.g. a possible duplicate) with the registration done. [U] "21"
# is "nothing found" on the list calls, "90" "in use by another terminal" (try again later).
NOTHING_FOUND = "21"
BUSY = "90"


@dataclass(frozen=True)
class _Acceptance:
    number: str
    patient_id: str


def _ok(code: str, *, warnings: bool = False) -> bool:
    return bool(code) and (set(code) == {"0"} or (warnings and code.startswith("K")))


def _shown(acceptance_id: str) -> str:
    """ORCA's 受付ID "00012" as the patient is told it: 12."""
    return (acceptance_id.lstrip("0") or "0") if acceptance_id.isdigit() else acceptance_id


def _same(a: str, b: str) -> bool:
    """Equal after NFKC and without spaces: ORCA keeps full-width digits and kana spaces."""
    return _plain(a) == _plain(b)


def _plain(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split())


class OrcaCheckIn:
    """The ``CheckIn`` port on ORCA. ``transport``: tests' in-memory answers."""

    def __init__(
        self,
        config: OrcaConfig,
        *,
        password: str | None = None,
        transport: httpx.BaseTransport | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._monotonic = monotonic
        verify: ssl.SSLContext | bool = True
        if config.ca_file:
            verify = ssl.create_default_context(cafile=config.ca_file)
        self._http = httpx.Client(
            base_url=config.url,
            auth=(config.user, password if password is not None else config.password),
            verify=verify,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OrcaCheckIn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the port ---------------------------------------------------------------------

    def register_visit(
        self, visit: VisitRequest, *, cancel: threading.Event | None = None
    ) -> VisitResult:
        call = self._call(cancel)
        match = self._find(call, visit.patient)
        if match.status is MatchStatus.AMBIGUOUS:
            return self._to_desk(visit, match.reason or DeskReason.SEVERAL_PATIENTS)
        patient_id, new = match.patient_id, False
        if match.status is MatchStatus.NEW:
            if not self._config.register_new:
                return self._to_desk(visit, DeskReason.NEW_PATIENT)
            if name_needs_check(visit.patient.name):
                return self._to_desk(visit, DeskReason.NAME_CHECK)
            patient_id, new = self._register_patient(call, visit.patient), True
        assert patient_id is not None
        found = self._find_acceptance(call, visit, patient_id)
        if found is None:
            accepted = self._accept(call, visit, patient_id)
            if isinstance(accepted, VisitResult):
                return accepted
            found = accepted
        log.info("visit %s registered with ORCA as 受付ID %s", visit.key, found.number)
        return VisitResult(
            CheckInState.REGISTERED, found.number, patient_id=patient_id, new_patient=new
        )

    def find_patient(
        self, patient: PatientKey, *, cancel: threading.Event | None = None
    ) -> PatientMatch:
        """The clinic's patient for this card holder (no visit registered)."""
        return self._find(self._call(cancel), patient)

    def _call(self, cancel: threading.Event | None) -> _Call:
        return _Call(self._http, self._config, self._monotonic, cancel)

    # --- matching ---------------------------------------------------------------------

    def _find(self, call: _Call, patient: PatientKey) -> PatientMatch:
        day = patient.birth_date.isoformat()
        fields: dict[str, Field] = {
            "WholeName": full_width_kana(patient.kana),  # as ORCA keeps kana
            "Birth_StartDate": day,
            "Birth_EndDate": day,
        }
        answer = call.post("/api01rv2/patientlst3v2", {"class": "01"}, "patientlst3req", fields)
        found = call.result(answer, "patientlst2res", nothing_found=True)
        if found is None:
            return PatientMatch(MatchStatus.NEW)
        ids = [
            text(child, "Patient_ID")
            for child in records(found, "Patient_Information")
            if _same(text(child, "WholeName_inKana"), patient.kana)
            and text(child, "BirthDate") == day
        ]
        return self._by_insurance(call, patient, [i for i in ids if i])

    def _by_insurance(self, call: _Call, patient: PatientKey, ids: list[str]) -> PatientMatch:
        if not ids:
            return PatientMatch(MatchStatus.NEW)
        if len(ids) > self._config.max_candidates:
            return PatientMatch(MatchStatus.AMBIGUOUS, reason=DeskReason.SEVERAL_PATIENTS)
        insured = [pid for pid in ids if self._has_insurance(call, pid, patient)]
        if len(insured) == 1:
            return PatientMatch(MatchStatus.FOUND, patient_id=insured[0])
        if not insured and len(ids) == 1:
            return PatientMatch(MatchStatus.AMBIGUOUS, reason=DeskReason.INSURANCE_DIFFERS)
        return PatientMatch(MatchStatus.AMBIGUOUS, reason=DeskReason.SEVERAL_PATIENTS)

    def _has_insurance(self, call: _Call, patient_id: str, patient: PatientKey) -> bool:
        answer = call.get("/api01rv2/patientgetv2", {"id": patient_id}, "patientinfores")
        info = record(call.result(answer, "patientinfores") or {}, "Patient_Information")
        if not _same(text(info, "Patient_ID"), patient_id):
            raise CheckInError(Kind.MALFORMED, "patientgetv2 answered about another patient")
        return any(
            _same(text(ins, "InsuranceProvider_Number"), patient.insurer_number)
            and _same(text(ins, "HealthInsuredPerson_Symbol"), patient.symbol)
            and _same(text(ins, "HealthInsuredPerson_Number"), patient.number)
            for ins in records(info, "HealthInsurance_Information")
        )

    # --- registering --------------------------------------------------------------------

    def _register_patient(self, call: _Call, patient: PatientKey) -> str:
        insurance: dict[str, Field] = {
            "InsuranceProvider_Number": patient.insurer_number,
            "HealthInsuredPerson_Symbol": patient.symbol,
            "HealthInsuredPerson_Number": patient.number,
            "HealthInsuredPerson_Branch_Number": patient.branch,
        }
        fields: dict[str, Field] = {
            "Patient_ID": "*",  # ORCA gives the next 患者番号
            "WholeName": patient.name,
            "WholeName_inKana": full_width_kana(patient.kana),
            "BirthDate": patient.birth_date.isoformat(),
            "Sex": patient.sex,
            "HealthInsurance_Information": insurance,
        }
        answer = call.post("/orca12/patientmodv2", {"class": "01"}, "patientmodreq", fields)
        done = call.result(answer, "patientmodres", warnings=True)
        patient_id = text(record(done or {}, "Patient_Information"), "Patient_ID")
        if not patient_id:
            raise CheckInError(Kind.MALFORMED, "patientmodv2 gave no Patient_ID")
        return patient_id

    def _find_acceptance(
        self, call: _Call, visit: VisitRequest, patient_id: str
    ) -> _Acceptance | None:
        fields: dict[str, Field] = {
            "Acceptance_Date": visit.visit_at.date().isoformat(),
            "Department_Code": visit.department or "",
            "Physician_Code": visit.doctor or "",
        }
        answer = call.post("/api01rv2/acceptlstv2", {"class": "03"}, "acceptlstreq", fields)
        listed = call.result(answer, "acceptlstres", nothing_found=True)
        for child in records(listed or {}, "Acceptlst_Information"):
            who = text(record(child, "Patient_Information"), "Patient_ID")
            same_department = not visit.department or _same(
                text(child, "Department_Code"), visit.department
            )
            if _same(who, patient_id) and same_department:
                return _Acceptance(_shown(text(child, "Acceptance_Id")), patient_id)
        return None

    def _accept(
        self, call: _Call, visit: VisitRequest, patient_id: str
    ) -> _Acceptance | VisitResult:
        fields: dict[str, Field] = {
            "Request_Number": "01",  # 受付登録
            "Patient_ID": patient_id,
            "Acceptance_Date": visit.visit_at.date().isoformat(),
            "Acceptance_Time": visit.visit_at.strftime("%H:%M:%S"),
            "Department_Code": visit.department or "",
            "Physician_Code": visit.doctor or "",
        }
        answer = call.post("/orca11/acceptmodv2", {}, "acceptreq", fields)
        code = text(answer, "Api_Result")
        if code == BUSY:
            raise CheckInError(Kind.SERVER_ERROR, f"acceptmodv2 {code}")
        if not _ok(code, warnings=True):
            return self._to_desk(visit, DeskReason.REFUSED, _refusal(answer))
        number = text(answer, "Acceptance_Id")
        if not number:
            raise CheckInError(Kind.MALFORMED, "acceptmodv2 gave no Acceptance_Id")
        return _Acceptance(_shown(number), patient_id)

    def _to_desk(self, visit: VisitRequest, reason: DeskReason, detail: str = "") -> VisitResult:
        log.info("visit %s goes to the desk: %s %s", visit.key, reason.value, detail)
        return VisitResult(CheckInState.TO_DESK, visit.kiosk_number, reason=reason, detail=detail)


def _refusal(answer: Mapping[str, object]) -> str:
    """The code and ORCA's message, cut short (messages name no patient)."""
    code, message = answer.get("Api_Result", ""), answer.get("Api_Result_Message", "")
    return f"{code} {message}"[:120] if isinstance(message, str) else str(code)


class _Call:
    """One visit's requests: a shared deadline, the caller's cancel, error mapping."""

    def __init__(
        self,
        http: httpx.Client,
        config: OrcaConfig,
        monotonic: Callable[[], float],
        cancel: threading.Event | None,
    ) -> None:
        self._http = http
        self._config = config
        self._monotonic = monotonic
        self._deadline = monotonic() + config.budget
        self._cancel = cancel

    def post(
        self, path: str, params: Mapping[str, str], name: str, fields: Mapping[str, Field]
    ) -> Record:
        body = request_body(name, fields)
        headers = {"Content-Type": "application/xml"}
        return self._send("POST", path, params, body, headers, _answer_name(name))

    def get(self, path: str, params: Mapping[str, str], answer_name: str) -> Record:
        return self._send("GET", path, params, None, {}, answer_name)

    def result(
        self, answer: Record, name: str, *, nothing_found: bool = False, warnings: bool = False
    ) -> Record | None:
        """``answer`` when its Api_Result says done; None for "nothing found" where allowed."""
        code = text(answer, "Api_Result")
        if _ok(code, warnings=warnings):
            return answer
        if nothing_found and code == NOTHING_FOUND:
            return None
        if code == BUSY:
            raise CheckInError(Kind.SERVER_ERROR, f"{name}: busy ({code})")
        # A refused lookup or patient registration: the kiosk's request or ORCA's settings
        # are wrong, which staff must see (retrying would not change it).
        raise CheckInError(Kind.REJECTED, f"{name}: {_refusal(answer)}")

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        body: bytes | None,
        headers: Mapping[str, str],
        answer_name: str,
    ) -> Record:
        left = self._left()
        config = self._config
        timeout = httpx.Timeout(
            min(config.read_timeout, left),
            connect=min(config.connect_timeout, left),
        )
        try:
            request = self._http.build_request(
                method, path, params=params, content=body, headers=headers, timeout=timeout
            )
            response = self._http.send(request, stream=True)
            try:
                payload = self._read(response)
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            raise CheckInError(Kind.TIMEOUT, f"{path}: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise CheckInError(Kind.UNREACHABLE, f"{path}: {type(exc).__name__}") from exc
        self._check_status(path, response.status_code)
        try:
            return parse_answer(payload, answer_name)
        except Xml2Error as exc:
            raise CheckInError(Kind.MALFORMED, f"{path}: {exc}") from exc

    def _left(self) -> float:
        if self._cancel is not None and self._cancel.is_set():
            raise CheckInError(Kind.TIMEOUT, "cancelled")
        left = self._deadline - self._monotonic()
        if left <= 0:
            raise CheckInError(Kind.TIMEOUT, "the visit's time budget is spent")
        return left

    def _read(self, response: httpx.Response) -> bytes:
        """The whole answer within the size limit and the deadline (a slow drip ends too)."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise CheckInError(Kind.MALFORMED, "answer too large")
            chunks.append(chunk)
            self._left()
        return b"".join(chunks)

    @staticmethod
    def _check_status(path: str, status: int) -> None:
        if status == 200:
            return
        if status >= 500:
            raise CheckInError(Kind.SERVER_ERROR, f"{path}: HTTP {status}")
        if status in (401, 403, 404, 405):
            raise CheckInError(Kind.REJECTED, f"{path}: HTTP {status}")
        raise CheckInError(Kind.MALFORMED, f"{path}: HTTP {status}")


def _answer_name(request_name: str) -> str:
    """``patientlst3req`` → ``patientlst2res``…: the answer's record name. [U] patientlst3v2
    answers as patientlst2v2 does ("レスポンス内容は、複数の患者情報取得と同様")."""
    names = {
        "patientlst3req": "patientlst2res",
        "patientmodreq": "patientmodres",
        "acceptlstreq": "acceptlstres",
        "acceptreq": "acceptres",
    }
    return names[request_name]
