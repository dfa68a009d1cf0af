"""Code tables of the online eligibility result layout; each enum value is the official code."""

from __future__ import annotations

import enum
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

JST = timezone(timedelta(hours=9), "JST")
CONSENT_VALID_FOR = timedelta(hours=24)  # AvailableTime = ConsTime + 24 h


class ReferenceClassification(enum.Enum):
    CARD = "1"  # マイナンバーカード
    INSURANCE_CARD_DATA = "2"  # 被保険者証情報


class SegmentOfResult(enum.Enum):
    NORMAL = "1"
    IN_PROGRESS = "2"
    ABNORMAL = "9"


class CharacterCodeIdentifier(enum.Enum):
    UTF8 = "0"
    SHIFT_JIS = "1"


class ProcessingResultStatus(enum.Enum):
    NORMAL = "1"
    ERROR = "2"


class QualificationValidity(enum.Enum):
    VALID = "1"  # 有効
    INVALID = "2"  # 無効
    INVALID_NEW_QUALIFICATION = "3"  # 無効（新しい資格あり）
    NO_QUALIFICATION = "4"  # 該当資格なし
    MULTIPLE = "5"  # 複数該当
    VALID_UNREGISTERED = "6"  # 有効（未登録）: medical aid only


VALID_CODES = frozenset(
    {QualificationValidity.VALID.value, QualificationValidity.VALID_UNREGISTERED.value}
)


class InsuredCardClassification(enum.Enum):
    """OQSCD010 as receipt-computer code lists it (myclinic-ts onshi-result, OQSDrug2). There is
    no 後期高齢者 code: their card is a 被保険者証（一般）; the insurer number (39…) tells them
    apart. A1 (医療扶助, the 医療券) is from the research note's OQSCD010 list."""

    GENERAL = "01"  # 被保険者証（一般）
    RETIRED = "02"  # 被保険者証（退職）
    SHORT_TERM = "03"  # 短期被保険者証（一般）
    SHORT_TERM_RETIRED = "04"  # 短期被保険者証（退職）
    CERTIFICATE = "05"  # 被保険者資格証明書
    SPECIAL_RETIRED = "06"  # 特例退職被保険者証
    SELF_DEFENSE = "07"  # 自衛官診療証
    MEDICAL_AID = "A1"  # 医療扶助


class PersonalFamilyClassification(enum.Enum):
    INSURED = "1"  # 本人
    DEPENDANT = "2"  # 家族


class Sex(enum.Enum):
    MALE = "1"
    FEMALE = "2"
    UNSET = "3"


class InsuredPartialContributionRatio(enum.Enum):
    THIRTY = "030"  # 3割
    TWENTY = "020"  # 2割
    TEN = "010"  # 1割


class LimitApplicationCertificateClassification(enum.Enum):
    LIMIT = "01"  # 限度額適用認定証
    LIMIT_AND_REDUCTION = "02"  # 限度額適用・標準負担額減額認定証
    REDUCTION = "03"  # 標準負担額減額認定証


class ClassificationFlag(enum.Enum):
    A01 = "A01"  # ア
    A02 = "A02"  # イ
    A03 = "A03"  # ウ
    A04 = "A04"  # エ
    A05 = "A05"  # オ
    A06 = "A06"  # オ（境）
    B01 = "B01"  # 現役並みⅢ
    B02 = "B02"  # 現役並みⅡ
    B03 = "B03"  # 現役並みⅠ
    B04 = "B04"  # 一般
    B05 = "B05"  # 低所得Ⅱ
    B06 = "B06"  # 低所得Ⅰ
    B07 = "B07"  # 低所得Ⅰ（老福）
    B08 = "B08"  # 低所得Ⅰ（境）
    B09 = "B09"  # 一般Ⅱ
    B10 = "B10"  # 一般Ⅰ


class PrescriptionIssueSelect(enum.Enum):
    ELECTRONIC = "1"  # 電子処方箋
    PAPER = "2"  # 紙の処方箋


class ConsentFlag(enum.Enum):
    NO = "0"  # 同意なし
    YES = "1"  # 同意あり
    EXPIRED = "2"  # 期限切れ
    UNOBTAINABLE = "3"  # 取得困難


def yyyymmdd(day: date) -> str:
    return day.strftime("%Y%m%d")


def timestamp(moment: datetime) -> str:
    """yyyyMMddHHmmss in Japan time, the layout's time format."""
    return moment.astimezone(JST).strftime("%Y%m%d%H%M%S")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=JST).astimezone(UTC)


def parse_yyyymmdd(text: str) -> date:
    return datetime.strptime(text, "%Y%m%d").date()


@lru_cache(maxsize=1)
def _half_width_table() -> dict[int, str]:
    # Built from Unicode's own compatibility mappings rather than a hand-typed table.
    table: dict[int, str] = {}
    halves = [chr(c) for c in range(0xFF61, 0xFFA0)]
    for half in halves:
        for suffix in ("", "\uff9e", "\uff9f"):
            full = unicodedata.normalize("NFKC", half + suffix)
            if len(full) == 1 and ord(full) not in table:
                table[ord(full)] = half + suffix
    table[ord("　")] = " "
    return table


def half_width_kana(text: str) -> str:
    """NameKana is half-width katakana (ｻﾄｳ ﾊﾅｺ)."""
    return text.translate(_half_width_table())
