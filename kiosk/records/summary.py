"""The few result items the staff list and receipt computers look up, read from a qualification
document (the ``OQSsiquc01res`` element names, text values)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# QualificationValidity codes, as the result layout defines them.
VALIDITY_LABELS = {
    "1": "有効",
    "2": "無効",
    "3": "無効（新しい資格あり）",
    "4": "該当資格なし",
    "5": "複数該当",
    "6": "有効（未登録）",
}
VALID_CODES = frozenset({"1", "6"})

# LimitApplicationCertificateClassificationFlag codes.
LIMIT_LABELS = {
    "A01": "ア", "A02": "イ", "A03": "ウ", "A04": "エ", "A05": "オ", "A06": "オ（境）",
    "B01": "現役並みⅢ", "B02": "現役並みⅡ", "B03": "現役並みⅠ", "B04": "一般",
    "B05": "低所得Ⅱ", "B06": "低所得Ⅰ", "B07": "低所得Ⅰ（老福）", "B08": "低所得Ⅰ（境）",
    "B09": "一般Ⅱ", "B10": "一般Ⅰ",
}  # fmt: skip


@dataclass(frozen=True)
class ResultSummary:
    validity: str | None = None
    name: str | None = None
    name_kana: str | None = None
    birth_date: str | None = None
    insurer_number: str | None = None
    insured_card_symbol: str | None = None
    insured_number: str | None = None
    insured_branch: str | None = None
    contribution_ratio: str | None = None
    limit_flag: str | None = None


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    # The document may be nested (XmlMsg/MessageBody/ResultList/...) or already flattened; the
    # first occurrence of an element name is the one of the first (primary) result.
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield str(key), value
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def _first_texts(document: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in _walk(document):
        if key not in found and isinstance(value, str | int) and not isinstance(value, bool):
            found[key] = str(value)
    return found


def summarize(document: Mapping[str, Any] | None) -> ResultSummary:
    if not document:
        return ResultSummary()
    t = _first_texts(document)
    return ResultSummary(
        validity=t.get("QualificationValidity"),
        name=t.get("Name"),
        name_kana=t.get("NameKana"),
        birth_date=t.get("Birthdate"),
        insurer_number=t.get("InsurerNumber"),
        insured_card_symbol=t.get("InsuredCardSymbol"),
        insured_number=t.get("InsuredIdentificationNumber"),
        insured_branch=t.get("InsuredBranchNumber"),
        contribution_ratio=t.get("InsuredPartialContributionRatio"),
        limit_flag=t.get("LimitApplicationCertificateClassificationFlag"),
    )
