from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.eligibility.document import first_result
from kiosk.records.summary import summarize
from kiosk.sim.personas import load_personas
from kiosk.sim.service.document import result_document

PERSONAS = load_personas()


@pytest.mark.parametrize("key", sorted(PERSONAS))
def test_summary_reads_the_services_result_document(key: str) -> None:
    persona = PERSONAS[key]
    document = result_document(
        persona, {}, clinic_code="1312345678", now=datetime(2026, 11, 23, tzinfo=UTC), file_id="f"
    )
    summary = summarize(document)
    assert summary.validity == persona.insurance.validity
    first = first_result(document) or {}
    assert summary.name == first.get("Name")
    assert summary.insurer_number == first.get("InsurerNumber")
    assert summary.contribution_ratio == first.get("InsuredPartialContributionRatio")
    limit = first.get("LimitApplicationCertificateRelatedInfo") or {}
    assert summary.limit_flag == limit.get("LimitApplicationCertificateClassificationFlag")


def test_no_document_gives_an_empty_summary() -> None:
    assert summarize(None).validity is None
