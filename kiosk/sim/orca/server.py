"""The mock ORCA API: FastAPI app, one process, its state in a file of its data directory.

Endpoints, in ORCA's xml2 format (UTF-8, Basic authentication), as the API pages of
www.orca.med.or.jp describe them (docs/checkin.md lists the pages and what is inferred):
  POST /api01rv2/patientlst3v2?class=01  patients by name or kana (prefix) and birth-date range
  GET  /api01rv2/patientgetv2?id=N       one patient with the insurance on record
  POST /orca12/patientmodv2?class=01     register a new patient (Patient_ID "*": the next one)
  POST /api01rv2/acceptlstv2?class=03    the day's acceptances (all)
  POST /orca11/acceptmodv2               受付登録 (Request_Number 01): the next 受付ID of the day
  GET  /healthz                          {"pid": …} for the launcher
With ``faults=True`` also PUT/DELETE /_test/faults (slow, hang, 5xx, malformed, busy; before or
after the request is processed) and GET /_test/state (what was registered), for tests.

Like the real one, it registers a second acceptance or a second identical patient when asked
twice: exactly once is the kiosk's job.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal, TypeAlias

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from kiosk.checkin.xml2 import Field as Leaf
from kiosk.checkin.xml2 import document
from kiosk.private_files import make_private_dir, write_private_file
from kiosk.sim.orca.roster import FIRST_PATIENT_ID, Insurance, Patient, initial_patients

STATE_FILE = "orca-state.json"
MAX_BODY = 200_000
Fields: TypeAlias = Mapping[str, "str | ET.Element"]


@dataclass
class Acceptance:
    date: str
    acceptance_id: str
    time: str
    patient_id: str
    department: str
    doctor: str


@dataclass
class OrcaState:
    """What the clinic's ORCA holds; everything but the roster is kept in the data directory."""

    directory: Path
    patients: dict[str, Patient] = field(default_factory=dict)
    added: list[Patient] = field(default_factory=list)
    acceptances: list[Acceptance] = field(default_factory=list)

    @classmethod
    def open(cls, directory: Path) -> OrcaState:
        make_private_dir(directory)
        state = cls(directory, {p.patient_id: p for p in initial_patients()})
        path = directory / STATE_FILE
        if path.exists():
            saved = json.loads(path.read_text("utf-8"))
            for raw in saved["added"]:
                state._add(_patient_from(raw))
            state.acceptances = [Acceptance(**a) for a in saved["acceptances"]]
        return state

    def _add(self, patient: Patient) -> None:
        self.patients[patient.patient_id] = patient
        self.added.append(patient)

    def save(self) -> None:
        data = {
            "added": [_patient_json(p) for p in self.added],
            "acceptances": [asdict(a) for a in self.acceptances],
        }
        payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        write_private_file(self.directory / STATE_FILE, payload)

    def new_patient(self, patient: Patient) -> Patient:
        number = FIRST_PATIENT_ID + len(self.added)
        registered = Patient(
            f"{number:05d}",
            patient.name,
            patient.kana,
            patient.birth_date,
            patient.sex,
            patient.insurances,
        )
        self._add(registered)
        self.save()
        return registered

    def accept(self, patient_id: str, day: str, time: str, department: str, doctor: str) -> str:
        today = [a for a in self.acceptances if a.date == day]
        number = f"{len(today) + 1:05d}"
        self.acceptances.append(Acceptance(day, number, time, patient_id, department, doctor))
        self.save()
        return number


def _patient_json(p: Patient) -> dict[str, object]:
    raw = asdict(p)
    raw["birth_date"] = p.birth_date.isoformat()
    return raw


def _patient_from(raw: dict[str, object]) -> Patient:
    insurances = raw["insurances"]
    assert isinstance(insurances, list)
    return Patient(
        patient_id=str(raw["patient_id"]),
        name=str(raw["name"]),
        kana=str(raw["kana"]),
        birth_date=date.fromisoformat(str(raw["birth_date"])),
        sex=str(raw["sex"]),
        insurances=tuple(Insurance(**i) for i in insurances),
    )


# --- xml2 ----------------------------------------------------------------------------------


def xmlio2(name: str, fields: Mapping[str, Leaf]) -> bytes:
    now = datetime.now()
    head: dict[str, Leaf] = {
        "Information_Date": now.date().isoformat(),
        "Information_Time": now.strftime("%H:%M:%S"),
    }
    return document("xmlio2", name, {**head, **fields})


class BadRequest(ValueError):
    pass


def request_fields(payload: bytes, name: str) -> dict[str, str | ET.Element]:
    """The leaves of ``<data><name>`` (text) and its records (elements)."""
    if len(payload) > MAX_BODY or b"<!DOCTYPE" in payload:
        raise BadRequest("body refused")
    try:
        root = ET.fromstring(payload)
    except ET.ParseError as exc:
        raise BadRequest(str(exc)) from exc
    record = root.find(name) if root.tag == "data" else None
    if record is None:
        raise BadRequest(f"no <data><{name}>")
    return {c.tag: (c if len(c) else (c.text or "").strip()) for c in record}


def _text(fields: Fields, name: str) -> str:
    value = fields.get(name, "")
    return value if isinstance(value, str) else ""


def _plain(value: str) -> str:
    return "".join(value.split())


def _patient_info(p: Patient) -> dict[str, Leaf]:
    return {
        "Patient_ID": p.patient_id,
        "WholeName": p.name,
        "WholeName_inKana": p.kana,
        "BirthDate": p.birth_date.isoformat(),
        "Sex": p.sex,
    }


def _insurance_info(i: Insurance) -> dict[str, Leaf]:
    return {
        "InsuranceProvider_Number": i.insurer_number,
        "HealthInsuredPerson_Symbol": i.symbol,
        "HealthInsuredPerson_Number": i.number,
        "HealthInsuredPerson_Branch_Number": i.branch,
    }


def _result(code: str, message: str) -> dict[str, Leaf]:
    return {"Api_Result": code, "Api_Result_Message": message}


# --- the calls -----------------------------------------------------------------------------


def patient_list(state: OrcaState, fields: Fields) -> bytes:
    wanted = _plain(_text(fields, "WholeName"))
    if not wanted:
        return xmlio2("patientlst2res", _result("01", "氏名の設定がありません"))
    start = _text(fields, "Birth_StartDate") or "0000-00-00"
    end = _text(fields, "Birth_EndDate") or "9999-99-99"
    found = [
        p
        for p in state.patients.values()
        if (_plain(p.name).startswith(wanted) or _plain(p.kana).startswith(wanted))
        and start <= p.birth_date.isoformat() <= end
    ]
    if not found:
        return xmlio2("patientlst2res", _result("21", "対象患者がいません"))
    listed: list[Mapping[str, Leaf]] = [_patient_info(p) for p in found]
    return xmlio2(
        "patientlst2res",
        {
            **_result("00", "処理終了"),
            "Target_Patient_Count": f"{len(found):03d}",
            "Patient_Information": listed,
        },
    )


def patient_get(state: OrcaState, patient_id: str) -> bytes:
    patient = state.patients.get(patient_id.zfill(5))
    if patient is None:
        return xmlio2("patientinfores", _result("10", "患者番号に該当する患者が存在しません"))
    insurances: list[Mapping[str, Leaf]] = [_insurance_info(i) for i in patient.insurances]
    info: dict[str, Leaf] = {**_patient_info(patient), "HealthInsurance_Information": insurances}
    return xmlio2("patientinfores", {**_result("00", "処理終了"), "Patient_Information": info})


def patient_register(state: OrcaState, fields: Fields) -> bytes:
    if _text(fields, "Patient_ID") != "*":
        return xmlio2("patientmodres", _result("P1", "患者番号の自動採番のみ受け付けます"))
    try:
        birth = date.fromisoformat(_text(fields, "BirthDate"))
    except ValueError:
        return xmlio2("patientmodres", _result("03", "生年月日が誤っています"))
    name, kana, sex = (_text(fields, k) for k in ("WholeName", "WholeName_inKana", "Sex"))
    if not (name and kana and sex in ("1", "2")):
        return xmlio2("patientmodres", _result("02", "氏名、カナ氏名、性別を設定してください"))
    insurance = fields.get("HealthInsurance_Information")
    insurances: tuple[Insurance, ...] = ()
    if isinstance(insurance, ET.Element):
        leaf = {c.tag: (c.text or "").strip() for c in insurance}
        insurances = (
            Insurance(
                leaf.get("InsuranceProvider_Number", ""),
                leaf.get("HealthInsuredPerson_Symbol", ""),
                leaf.get("HealthInsuredPerson_Number", ""),
                leaf.get("HealthInsuredPerson_Branch_Number", ""),
            ),
        )
    twin = any(
        _plain(p.kana) == _plain(kana) and p.birth_date == birth for p in state.patients.values()
    )
    patient = state.new_patient(Patient("", name, kana, birth, sex, insurances))
    code, message = ("K0", "同一患者が存在します") if twin else ("00", "登録終了")
    return xmlio2(
        "patientmodres", {**_result(code, message), "Patient_Information": _patient_info(patient)}
    )


def acceptance_list(state: OrcaState, fields: Fields) -> bytes:
    day = _text(fields, "Acceptance_Date") or date.today().isoformat()
    department = _text(fields, "Department_Code")
    listed: list[Mapping[str, Leaf]] = [
        {
            "Acceptance_Id": a.acceptance_id,
            "Acceptance_Time": a.time,
            "Department_Code": a.department,
            "Physician_Code": a.doctor,
            "Patient_Information": _patient_info(state.patients[a.patient_id]),
        }
        for a in state.acceptances
        if a.date == day and (not department or a.department == department)
    ]
    if not listed:
        return xmlio2("acceptlstres", {"Acceptance_Date": day, **_result("21", "受付がありません")})
    return xmlio2(
        "acceptlstres",
        {"Acceptance_Date": day, **_result("00", "処理終了"), "Acceptlst_Information": listed},
    )


def accept(state: OrcaState, fields: Fields) -> bytes:
    if _text(fields, "Request_Number") != "01":
        return xmlio2("acceptres", _result("91", "処理区分未設定"))
    patient = state.patients.get(_text(fields, "Patient_ID").zfill(5))
    if patient is None:
        return xmlio2("acceptres", _result("10", "患者番号に該当する患者が存在しません"))
    day = _text(fields, "Acceptance_Date") or date.today().isoformat()
    time = _text(fields, "Acceptance_Time") or datetime.now().strftime("%H:%M:%S")
    department = _text(fields, "Department_Code") or "01"
    doctor = _text(fields, "Physician_Code")
    number = state.accept(patient.patient_id, day, time, department, doctor)
    return xmlio2(
        "acceptres",
        {
            **_result("00", "受付登録終了"),
            "Acceptance_Date": day,
            "Acceptance_Time": time,
            "Acceptance_Id": number,
            "Department_Code": department,
            "Physician_Code": doctor,
            "Patient_Information": _patient_info(patient),
        },
    )


# --- faults --------------------------------------------------------------------------------

FaultMode = Literal["slow", "hang", "5xx", "malformed", "busy"]


class FaultRequest(BaseModel):
    mode: FaultMode
    latency_ms: Annotated[int, Field(ge=0, le=120_000)] = 3000  # "slow": before answering
    count: Annotated[int, Field(ge=1)] | None = None  # the next N API calls; None: all
    after: bool = False  # process the request first, then lose its answer to the fault
    path: str | None = None  # only calls to this path (e.g. /orca11/acceptmodv2); None: all


@dataclass
class Faults:
    mode: str | None = None
    latency_ms: int = 0
    count: int | None = None
    after: bool = False
    path: str | None = None

    def take(self, path: str) -> Faults | None:
        if self.mode is None or self.count == 0 or self.path not in (None, path):
            return None
        if self.count is not None:
            self.count -= 1
        return Faults(self.mode, self.latency_ms, None, self.after)


MALFORMED = b'<?xml version="1.0"?><xmlio2><patientlst2res type="record"><Api_Res'
BUSY_ANSWERS = {
    "patientlst3req": "patientlst2res",
    "patientmodreq": "patientmodres",
    "acceptlstreq": "acceptlstres",
    "acceptreq": "acceptres",
}


def _faulty(fault: Faults, record: str) -> Response | None:
    if fault.mode == "5xx":
        return Response(b"Internal Server Error", status_code=503)
    if fault.mode == "malformed":
        return Response(MALFORMED, media_type="application/xml")
    if fault.mode == "busy":
        answer = xmlio2(BUSY_ANSWERS.get(record, "patientinfores"), _result("90", "他端末使用中"))
        return Response(answer, media_type="application/xml")
    return None


Handler: TypeAlias = Callable[[OrcaState, Fields], bytes]


# --- the app -------------------------------------------------------------------------------


def create_app(
    state: OrcaState,
    *,
    user: str,
    password: str,
    faults: bool = False,
    initial_fault: Faults | None = None,
) -> FastAPI:
    app = FastAPI(title="mock ORCA API", docs_url=None, redoc_url=None)
    app.state.faults = initial_fault or Faults()
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    async def serve(request: Request, record: str, handle: Callable[[], bytes]) -> Response:
        if request.headers.get("authorization") != expected:
            return Response(status_code=401, headers={"WWW-Authenticate": 'Basic realm="orca"'})
        fault: Faults | None = app.state.faults.take(request.url.path)
        if fault is not None and fault.mode in ("slow", "hang"):
            await asyncio.sleep(3600 if fault.mode == "hang" else fault.latency_ms / 1000)
            fault = None
        if fault is not None and not fault.after and (early := _faulty(fault, record)):
            return early
        try:
            answer = handle()
        except BadRequest:
            return Response(status_code=400)
        if fault is not None and (late := _faulty(fault, record)):
            return late
        return Response(answer, media_type="application/xml")

    def post(path: str, record: str, call: Handler) -> None:
        async def endpoint(request: Request) -> Response:
            payload = await request.body()
            answer = lambda: call(state, request_fields(payload, record))  # noqa: E731
            return await serve(request, record, answer)

        app.add_api_route(path, endpoint, methods=["POST"], include_in_schema=False)

    post("/api01rv2/patientlst3v2", "patientlst3req", patient_list)
    post("/orca12/patientmodv2", "patientmodreq", patient_register)
    post("/api01rv2/acceptlstv2", "acceptlstreq", acceptance_list)
    post("/orca11/acceptmodv2", "acceptreq", accept)

    @app.get("/api01rv2/patientgetv2", include_in_schema=False)
    async def patientget(request: Request, id: str = "") -> Response:
        return await serve(request, "patientgetreq", lambda: patient_get(state, id))

    @app.get("/healthz")
    async def healthz() -> dict[str, int]:
        return {"pid": os.getpid()}

    if faults:
        _test_routes(app, state)
    return app


def _test_routes(app: FastAPI, state: OrcaState) -> None:
    @app.put("/_test/faults", include_in_schema=False)
    async def set_faults(req: FaultRequest) -> dict[str, str]:
        app.state.faults = Faults(req.mode, req.latency_ms, req.count, req.after, req.path)
        return {"status": "set"}

    @app.delete("/_test/faults", include_in_schema=False)
    async def clear_faults() -> dict[str, str]:
        app.state.faults = Faults()
        return {"status": "cleared"}

    @app.get("/_test/state", include_in_schema=False)
    async def show_state() -> JSONResponse:
        return JSONResponse(
            {
                "added": [_patient_json(p) for p in state.added],
                "acceptances": [asdict(a) for a in state.acceptances],
            }
        )


__all__ = ["OrcaState", "create_app"]
