"""The card holder as the clinic's system matches them, from the eligibility answer's result
(its element names: docs/eligibility.md)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from kiosk.eligibility.codes import parse_yyyymmdd
from kiosk.ports import PatientKey


class ResultError(ValueError):
    """The eligibility result lacks what a check-in needs."""


def _field(result: Mapping[str, Any], name: str, *, required: bool = True) -> str:
    value = result.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ResultError(f"the eligibility result has no {name}")
    return value


def full_width_kana(kana: str) -> str:
    """The answer's half-width kana (ｻﾄｳ ﾊﾅｺ) as clinic systems keep it (サトウ ハナコ)."""
    return unicodedata.normalize("NFKC", kana)


def patient_key(result: Mapping[str, Any]) -> PatientKey:
    """From one ResultOfQualificationConfirmation (``first_result`` of the document)."""
    try:
        birth = parse_yyyymmdd(_field(result, "Birthdate"))
    except ValueError as exc:
        raise ResultError("the eligibility result's Birthdate is not a date") from exc
    return PatientKey(
        insurer_number=_field(result, "InsurerNumber").strip(),  # 国保: 6 digits, padded to 8
        symbol=_field(result, "InsuredCardSymbol", required=False),
        number=_field(result, "InsuredIdentificationNumber"),
        branch=_field(result, "InsuredBranchNumber", required=False),
        birth_date=birth,
        name=_field(result, "Name"),
        kana=full_width_kana(_field(result, "NameKana")),
        sex=_field(result, "Sex1"),
    )
