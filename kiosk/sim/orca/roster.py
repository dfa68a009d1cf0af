"""The demo clinic's patients in the mock ORCA, made from the personas.

Some personas are known patients (a 患者番号, their insurance), the others come for the first
time. Two are the cases a kiosk must never guess: 田中由美 was registered twice (two 患者番号
with the same kana and birth date), and 木村博's record still holds his old insurance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kiosk.sim.personas import Persona, load_personas


@dataclass(frozen=True)
class Insurance:
    insurer_number: str
    symbol: str
    number: str
    branch: str


@dataclass(frozen=True)
class Patient:
    patient_id: str
    name: str
    kana: str
    birth_date: date
    sex: str
    insurances: tuple[Insurance, ...]


# persona id → 患者番号 of the returning patients.
RETURNING = {
    "sato_hanako": "00012",
    "suzuki_ichiro": "00015",
    "takahashi_kenji": "00021",
    "yoshida_makoto": "00034",
    "tanaka_yumi": "00051",
    "kimura_hiroshi": "00060",
    "yamamoto_chiyo": "00072",
    "shimizu_kazuo": "00088",
}
DUPLICATE = ("tanaka_yumi", "00052")  # the same person registered a second time
OLD_INSURANCE = "kimura_hiroshi"  # his record has the insurance he had before
FIRST_PATIENT_ID = 101  # new patients get 00101, 00102, …


def _insurance(persona: Persona) -> Insurance:
    ins = persona.insurance
    return Insurance(ins.insurer_number, ins.symbol, ins.number, ins.branch)


def _patient(persona: Persona, patient_id: str) -> Patient:
    return Patient(
        patient_id=patient_id,
        name=persona.name,
        kana=persona.kana,
        birth_date=persona.birth_date,
        sex=persona.sex,
        insurances=(_insurance(persona),),
    )


def initial_patients() -> list[Patient]:
    people = load_personas()
    patients = [_patient(people[pid], number) for pid, number in RETURNING.items()]
    persona_id, number = DUPLICATE
    patients.append(_patient(people[persona_id], number))
    old = Insurance("01130012", "9999", "77777", "00")
    return [
        replace(p, insurances=(old,)) if p.patient_id == RETURNING[OLD_INSURANCE] else p
        for p in patients
    ]
