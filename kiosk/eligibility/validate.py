"""What the kiosk accepts from the eligibility service, checked before anything is used or stored.

The service is outside the kiosk: an answer may be cut, huge, nested without end or carry
element names and characters no receipt computer can read. Three checks, each with a clear
error (the flow then records the reception as pending and re-queries it later):

- size: an answer is read in chunks and refused once it passes ``MAX_ANSWER_BYTES`` (a real
  result is a few kilobytes), so a 50 MB answer never sits in memory, let alone in the database;
- shape: the result document (``XmlMsg``) has only the official layout's element names
  (shared/spec/eligibility.md, shared/research/interop.md), every value is text of the item's
  format and length, and only ``ResultOfQualificationConfirmation`` repeats;
- characters: no control characters and nothing XML 1.0 cannot carry, so the document can always
  be written as well-formed XML (:mod:`kiosk.eligibility.xmldoc` runs the same check).

The schema is pydantic TypedDicts (the project's validation library already): it checks types
strictly — a list where the layout has text is an error, never turned into text — and a
document stays the plain dict it was. Messages name the element and the rule, never the value
(it may be a patient's name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Required

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

MAX_ANSWER_BYTES = 256 * 1024  # a result of the mock is ~1.5 kB; real ones stay well under 64 kB
MAX_RESULTS = 20  # ResultOfQualificationConfirmation entries (one per qualification)

# XML 1.0 characters less the C0/C1 controls (tab and newline included: no item of the layout is
# multi-line) and the bidirectional overrides that would reorder a name on the staff screen.
_NOT_PLAIN = re.compile(
    "[^\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u202a-\u202e\u2066-\u2069]"
)


class DocumentError(ValueError):
    """The result document does not have the layout's shape, sizes or characters."""


def check_plain(text: str) -> str:
    """``text`` unchanged, or ValueError when it holds a control or non-XML character."""
    found = _NOT_PLAIN.search(text)
    if found:
        raise ValueError(f"control or non-XML character U+{ord(found.group()):04X}")
    return text


_PLAIN = AfterValidator(check_plain)


def _rule(max_length: int, pattern: str | None = None) -> Any:
    return Field(strict=True, max_length=max_length, pattern=pattern)


# One alias per item format; each is text (strict: a number or a list is an error), no longer
# than the item, in plain characters.
Text = Annotated[str, _rule(100), _PLAIN]
Long = Annotated[str, _rule(400), _PLAIN]  # addresses, messages
Key = Annotated[str, _rule(64), _PLAIN]  # identifiers the kiosk or the service chose
Number = Annotated[str, _rule(40), _PLAIN]  # 記号 and 番号: text (full-width characters occur)
Name = Annotated[str, _rule(100, r"^\S"), _PLAIN]  # never empty, never only spaces
Date8 = Annotated[str, _rule(8, r"^\d{8}$")]  # yyyyMMdd
Time14 = Annotated[str, _rule(14, r"^\d{14}$")]  # yyyyMMddHHmmss
Digit = Annotated[str, _rule(1, r"^\d$")]
OneTwo = Annotated[str, _rule(1, r"^[12]$")]
Sex = Annotated[str, _rule(1, r"^[123]$")]
Code2 = Annotated[str, _rule(2, r"^[0-9A-Z]{2}$")]
Two = Annotated[str, _rule(2, r"^\d{2}$")]
Ratio = Annotated[str, _rule(3, r"^\d{3}$")]  # "030" = 3割
Flag = Annotated[str, _rule(1, r"^[0-3]$")]  # ConsFlg: 0 なし, 1 あり, 2 期限切れ, 3 取得困難
# 国保: 6 digits padded to 8, spaces in front (records written before 2026-12 have them behind).
Insurer = Annotated[str, _rule(8, r"^(\d{8}| {2}\d{6}|\d{6} {2})$")]
Clinic = Annotated[str, _rule(10, r"^\d{10}$")]
LimitFlag = Annotated[str, _rule(3, r"^[AB]\d{2}$")]
PostNumber = Annotated[str, _rule(8, r"^\d{3}-?\d{4}$")]

_STRICT = ConfigDict(extra="forbid", strict=True)


@with_config(_STRICT)
class Header(TypedDict, total=False):
    ProcessExecutionTime: Time14
    QualificationConfirmationDate: Date8
    MedicalInstitutionCode: Clinic
    ArbitraryFileIdentifier: Key
    ReferenceClassification: OneTwo
    SegmentOfResult: Annotated[str, _rule(1, r"^[129]$")]
    ErrorCode: Text
    ErrorMessage: Long
    CharacterCodeIdentifier: Digit  # 0/1 or 1/2 for UTF-8/Shift_JIS: the sources disagree


@with_config(_STRICT)
class SearchInfo(TypedDict, total=False):
    InsurerNumber: Annotated[str, _rule(8), _PLAIN]
    InsuredCardSymbol: Number
    InsuredIdentificationNumber: Number
    InsuredBranchNumber: Two
    Birthdate: Date8
    LimitApplicationCertificateRelatedConsFlg: Flag
    ArbitraryIdentifier: Key


@with_config(_STRICT)
class Elderly(TypedDict, total=False):
    ElderlyRecipientCertificateDate: Date8
    ElderlyRecipientValidStartDate: Date8
    ElderlyRecipientValidEndDate: Date8
    ElderlyRecipientContributionRatio: Ratio


@with_config(_STRICT)
class LimitInfo(TypedDict, total=False):
    LimitApplicationCertificateClassification: Two
    LimitApplicationCertificateClassificationFlag: LimitFlag
    LimitApplicationCertificateDate: Date8
    LimitApplicationCertificateValidStartDate: Date8
    LimitApplicationCertificateValidEndDate: Date8
    LimitApplicationCertificateLongTermDate: Date8


@with_config(_STRICT)
class Result(TypedDict, total=False):
    """One ResultOfQualificationConfirmation. The groups whose child elements the public
    sources do not name (特定疾病 SpecificDiseasesCertificateList, 医療扶助
    PublicExpenseResultList) are not accepted: inventing their layout would be worse. [U]"""

    InsuredCardClassification: Code2
    InsurerNumber: Insurer  # 国保: 6 digits padded to 8
    InsurerName: Text
    InsuredName: Text
    InsuredCardSymbol: Number
    InsuredIdentificationNumber: Number
    InsuredBranchNumber: Two
    PersonalFamilyClassification: OneTwo
    Name: Required[Name]
    NameOfOther: Text
    NameKana: Text
    NameOfOtherKana: Text
    Sex1: Sex
    Sex2: Sex
    Birthdate: Required[Date8]
    Address: Long
    PostNumber: PostNumber
    QualificationDate: Date8
    DisqualificationDate: Date8
    InsuredCertificateIssuanceDate: Date8
    InsuredCardValidDate: Date8
    InsuredCardExpirationDate: Date8
    InsuredPartialContributionRatio: Ratio
    PreschoolClassification: Digit
    ReasonOfLoss: Code2
    ElderlyRecipientCertificateInfo: Elderly
    LimitApplicationCertificateRelatedConsFlg: Flag
    LimitApplicationCertificateRelatedConsTime: Time14
    LimitApplicationCertificateRelatedInfo: LimitInfo
    SpecificDiseasesCertificateRelatedConsFlg: Flag
    SpecificDiseasesCertificateRelatedConsTime: Time14
    SpecificHealthCheckupsInfoConsFlg: Flag
    SpecificHealthCheckupsInfoConsTime: Time14
    SpecificHealthCheckupsInfoAvailableTime: Time14
    PharmacistsInfoConsFlg: Flag
    PharmacistsInfoConsTime: Time14
    PharmacistsInfoAvailableTime: Time14
    DiagnosisInfoConsFlg: Flag
    DiagnosisInfoConsTime: Time14
    DiagnosisInfoAvailableTime: Time14
    OperationInfoConsFlg: Flag
    OperationInfoConsTime: Time14
    OperationInfoAvailableTime: Time14
    ReferenceNumber: Key
    QualificationConfirmationKey: Key


@with_config(_STRICT)
class ResultList(TypedDict):
    ResultOfQualificationConfirmation: Annotated[
        list[Result], Field(min_length=1, max_length=MAX_RESULTS)
    ]


@with_config(_STRICT)
class Body(TypedDict, total=False):
    ProcessingResultStatus: Required[OneTwo]
    QualificationValidity: Annotated[str, _rule(1, r"^[1-6]$")]
    ProcessingResultCode: Text
    ProcessingResultMessage: Long
    PrescriptionIssueSelect: OneTwo
    QualificationConfirmSearchInfo: SearchInfo
    ResultList: ResultList


@with_config(_STRICT)
class Document(TypedDict):
    MessageHeader: Header
    MessageBody: Body


_DOCUMENT: TypeAdapter[Document] = TypeAdapter(Document)


def _where(loc: Iterable[int | str]) -> str:
    parts = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
            continue
        # An unknown element's name is the sender's text: shown quoted and short, never raw.
        name = part if re.fullmatch(r"[A-Za-z0-9_]{1,64}", part) else repr(part[:40])
        parts.append(f".{name}" if parts else name)
    return "".join(parts) or "the document"


def check_document(document: Any) -> Mapping[str, Any]:
    """``document`` unchanged when it is a result document of the layout, else DocumentError
    naming the first element that is wrong and why."""
    try:
        _DOCUMENT.validate_python(document)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        raise DocumentError(f"{_where(first['loc'])}: {first['msg']}") from None
    except RecursionError:  # a Python object nested beyond the interpreter's limit
        raise DocumentError("nested too deeply") from None
    return document  # type: ignore[no-any-return]


class AnswerTooLarge(ValueError):
    """The service's answer is larger than the kiosk reads."""


def read_limited(chunks: Iterable[bytes], limit: int = MAX_ANSWER_BYTES) -> bytes:
    """Join ``chunks`` (a streamed body) but stop with AnswerTooLarge as soon as they pass
    ``limit``: the rest is never read."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise AnswerTooLarge(f"answer larger than {limit // 1024} KiB")
        parts.append(chunk)
    return b"".join(parts)


def parse_json(data: bytes) -> Any:
    """The JSON value of ``data``; ValueError for anything that is not JSON, nested beyond the
    parser's recursion limit included (Python's json raises RecursionError for that)."""
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def plain_message(text: object, limit: int = 200) -> str:
    """A service-supplied message made safe for a log line and the record's end reason: control
    characters replaced, length cut."""
    return _NOT_PLAIN.sub("?", str(text))[:limit]
