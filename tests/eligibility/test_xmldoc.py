"""The OQSsiquc01res-style XML a receipt computer reads, and the layout's code tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.eligibility.codes import JST, ConsentFlag, half_width_kana
from kiosk.eligibility.xmldoc import DocumentError, result_xml
from kiosk.ports import ConsentKind
from kiosk.sim.personas import get_persona
from kiosk.sim.service.document import ConsentState, result_document
from kiosk.sim.service.kiosks import KioskFileError, load_kiosks

NOW = datetime(2026, 11, 23, 1, 2, 3, tzinfo=UTC)  # 10:02:03 in Japan


def _document(
    persona_id: str, consents: dict[ConsentKind, ConsentState] | None = None
) -> dict[str, Any]:
    persona = get_persona(persona_id)
    return result_document(persona, consents or {}, clinic_code="1312345678", now=NOW, file_id="f1")


def test_xml_round_trips_element_names_and_text_values() -> None:
    agreed = ConsentState(ConsentKind.MEDICATION, ConsentFlag.YES, NOW)
    limit = ConsentState(ConsentKind.LIMIT, ConsentFlag.YES, NOW)
    doc = _document("kimura_hiroshi", {ConsentKind.MEDICATION: agreed, ConsentKind.LIMIT: limit})
    data = result_xml(doc, clinic_code="9912345678", file_id="OQS-1")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(data)
    assert root.tag == "XmlMsg"
    assert root.findtext("MessageHeader/MedicalInstitutionCode") == "9912345678"
    assert root.findtext("MessageHeader/ArbitraryFileIdentifier") == "OQS-1"
    assert root.findtext("MessageHeader/ProcessExecutionTime") == "20261123100203"
    assert root.findtext("MessageHeader/CharacterCodeIdentifier") == "0"
    result = root.find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    assert result is not None
    assert result.findtext("Name") == "木村\u3000博"  # 全角空白, as the real system sends it
    assert result.findtext("NameKana") == "ｷﾑﾗ ﾋﾛｼ"
    assert result.findtext("InsurerNumber") == "  138057"  # 国保: 6 digits right-aligned in 8
    assert result.findtext("InsuredPartialContributionRatio") == "020"
    assert result.findtext("ElderlyRecipientCertificateInfo/ElderlyRecipientContributionRatio")
    assert result.findtext("PharmacistsInfoConsFlg") == "1"
    assert result.findtext("PharmacistsInfoAvailableTime") == "20261124100203"
    flag = "LimitApplicationCertificateRelatedInfo/LimitApplicationCertificateClassificationFlag"
    assert result.findtext(flag) == "B04"


def test_no_qualification_has_no_result_list() -> None:
    root = ET.fromstring(result_xml(_document("nakamura_rie"), clinic_code="1312345678"))
    assert root.findtext("MessageBody/QualificationValidity") == "4"
    assert root.find("MessageBody/ResultList") is None


def test_non_text_values_and_wrong_shapes_are_refused() -> None:
    with pytest.raises(DocumentError):
        result_xml({"MessageHeader": {}}, clinic_code="1312345678")
    with pytest.raises(DocumentError):
        result_xml({"MessageHeader": {}, "MessageBody": {"X": 1}}, clinic_code="1312345678")


def test_consent_expires_after_24_hours() -> None:
    state = ConsentState(ConsentKind.CHECKUP, ConsentFlag.YES, NOW)
    assert state.available_time == NOW + timedelta(hours=24)
    assert state.effective_flag(NOW + timedelta(hours=23)) is ConsentFlag.YES
    assert state.effective_flag(NOW + timedelta(hours=24)) is ConsentFlag.EXPIRED
    assert ConsentState(ConsentKind.LIMIT, ConsentFlag.YES, NOW).available_time is None


def test_half_width_kana() -> None:
    assert half_width_kana("ガッコウ パン") == "ｶﾞｯｺｳ ﾊﾟﾝ"
    assert NOW.astimezone(JST).hour == 10


def test_kiosks_file_has_no_default_kiosk_and_refuses_shared_secrets(tmp_path: Path) -> None:
    assert load_kiosks(tmp_path) == {}
    assert not (tmp_path / "kiosks.toml").exists()  # nothing is written on first start
    (tmp_path / "kiosks.toml").write_text('[[kiosk]]\naccount_id = "F01"\nsecret = "s3cret"\n')
    with pytest.raises(KioskFileError, match="shared secret") as caught:
        load_kiosks(tmp_path)
    assert "s3cret" not in str(caught.value)
    (tmp_path / "kiosks.toml").write_text("[[kiosk]\n")
    with pytest.raises(KioskFileError):
        load_kiosks(tmp_path)
