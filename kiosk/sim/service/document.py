"""The mock service's result document (`XmlMsg`) for a persona, as JSON-ready nested dicts.

Element names are the official layout's; every value is text. The kiosk reads it with
:mod:`kiosk.eligibility.document`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.eligibility.codes import (
    CONSENT_VALID_FOR,
    CharacterCodeIdentifier,
    ConsentFlag,
    ProcessingResultStatus,
    QualificationValidity,
    ReferenceClassification,
    SegmentOfResult,
    half_width_kana,
    timestamp,
    yyyymmdd,
)
from kiosk.eligibility.document import VIEWING_CONSENTS
from kiosk.ports import ConsentKind
from kiosk.sim.personas import Persona


@dataclass(frozen=True)
class ConsentState:
    """One consent on record for a person at a clinic."""

    kind: ConsentKind
    flag: ConsentFlag
    cons_time: datetime

    @property
    def available_time(self) -> datetime | None:
        if self.kind is ConsentKind.LIMIT or self.flag is not ConsentFlag.YES:
            return None
        return self.cons_time + CONSENT_VALID_FOR

    def effective_flag(self, now: datetime) -> ConsentFlag:
        available = self.available_time
        if available is not None and now >= available:
            return ConsentFlag.EXPIRED
        return self.flag


def header(clinic_code: str, now: datetime, file_id: str) -> dict[str, str]:
    return {
        "ProcessExecutionTime": timestamp(now),
        "QualificationConfirmationDate": timestamp(now)[:8],
        "MedicalInstitutionCode": clinic_code,
        "ArbitraryFileIdentifier": file_id,
        "ReferenceClassification": ReferenceClassification.CARD.value,
        "SegmentOfResult": SegmentOfResult.NORMAL.value,
        "CharacterCodeIdentifier": CharacterCodeIdentifier.UTF8.value,
    }


def _insurer_number(number: str) -> str:
    # 国保 insurer numbers have 6 digits; the layout's field is 8 characters, right-aligned with
    # two spaces in front, as MynaReception's OQS request builder writes it (PadLeft(8, ' ')).
    return number.rjust(8) if len(number) == 6 else number


def _result(
    persona: Persona, consents: Mapping[ConsentKind, ConsentState], now: datetime
) -> dict[str, Any]:
    """One ResultOfQualificationConfirmation, elements in the layout's order (as receipt-computer
    software writes and reads them: OQSDrug2's face exporter, ORCA's API)."""
    ins = persona.insurance
    out: dict[str, Any] = {
        "InsuredCardClassification": ins.card_classification,
        "InsurerNumber": _insurer_number(ins.insurer_number),
    }
    if ins.symbol:
        out["InsuredCardSymbol"] = ins.symbol
    out |= {
        "InsuredIdentificationNumber": ins.number,
        "InsuredBranchNumber": ins.branch,
        "PersonalFamilyClassification": ins.personal_family,
        "Name": persona.name,  # family and given name apart by 全角空白, as received
        "NameKana": half_width_kana(persona.kana),
        "Sex1": persona.sex,
        "Birthdate": yyyymmdd(persona.birth_date),
        "QualificationDate": yyyymmdd(ins.qualification_date),
        # What a receipt computer needs to open the patient's insurance record (有効開始日).
        "InsuredCertificateIssuanceDate": yyyymmdd(ins.qualification_date),
        "InsuredCardValidDate": yyyymmdd(ins.qualification_date),
    }
    if ins.card_valid_until is not None:
        out["InsuredCardExpirationDate"] = yyyymmdd(ins.card_valid_until)
    out["InsuredPartialContributionRatio"] = ins.ratio
    out["InsurerName"] = ins.insurer_name
    if ins.elderly is not None:
        out["ElderlyRecipientCertificateInfo"] = {
            "ElderlyRecipientCertificateDate": yyyymmdd(ins.elderly.certificate_date),
            "ElderlyRecipientValidStartDate": yyyymmdd(ins.elderly.valid_start),
            "ElderlyRecipientValidEndDate": yyyymmdd(ins.elderly.valid_end),
            "ElderlyRecipientContributionRatio": ins.elderly.ratio,
        }
    out |= _limit(persona, consents.get(ConsentKind.LIMIT), now)
    for kind in VIEWING_CONSENTS:
        state = consents.get(kind)
        if state is None:
            continue
        out[f"{kind.value}ConsFlg"] = state.effective_flag(now).value
        out[f"{kind.value}ConsTime"] = timestamp(state.cons_time)
        if state.available_time is not None:
            out[f"{kind.value}AvailableTime"] = timestamp(state.available_time)
    if ins.reference_number:
        out["ReferenceNumber"] = ins.reference_number
    return out


def _limit(persona: Persona, consent: ConsentState | None, now: datetime) -> dict[str, Any]:
    prefix = ConsentKind.LIMIT.value
    if consent is None:
        return {}
    out: dict[str, Any] = {
        f"{prefix}ConsFlg": consent.flag.value,
        f"{prefix}ConsTime": timestamp(consent.cons_time),
    }
    limit = persona.insurance.limit
    # The limit certificate's contents are given only with the patient's consent.
    if limit is not None and consent.flag is ConsentFlag.YES:
        info = {
            "LimitApplicationCertificateClassification": limit.classification,
            "LimitApplicationCertificateClassificationFlag": limit.flag,
            "LimitApplicationCertificateDate": yyyymmdd(limit.certificate_date),
            "LimitApplicationCertificateValidStartDate": yyyymmdd(limit.valid_start),
            "LimitApplicationCertificateValidEndDate": yyyymmdd(limit.valid_end),
        }
        out["LimitApplicationCertificateRelatedInfo"] = info
    return out


def result_document(
    persona: Persona,
    consents: Mapping[ConsentKind, ConsentState],
    *,
    clinic_code: str,
    now: datetime,
    file_id: str,
    prescription: str | None = None,
) -> dict[str, Any]:
    """The full `XmlMsg` document for a person the service knows; ``prescription`` is the
    patient's PrescriptionIssueSelect (1 電子処方箋, 2 紙) once the kiosk has sent it."""
    validity = persona.insurance.validity
    body: dict[str, Any] = {
        "ProcessingResultStatus": ProcessingResultStatus.NORMAL.value,
        "QualificationValidity": validity,
    }
    if prescription is not None:
        body["PrescriptionIssueSelect"] = prescription
    if validity != QualificationValidity.NO_QUALIFICATION.value:
        body["ResultList"] = {
            "ResultOfQualificationConfirmation": [_result(persona, consents, now)]
        }
    return {"MessageHeader": header(clinic_code, now, file_id), "MessageBody": body}
