"""The month at a glance: receptions by how the patient was identified, the share that used the
マイナ保険証 (card or smartphone) against the desk's manual lookups, and the same as CSV.

Counted: receptions of the clinic month (Japan time) with an identification method, whatever
their outcome (an ineligible answer still used the card); receptions that ended before anyone
was identified (a card taken away, a timeout) have no method and are not counted."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, select

from kiosk.ports import VerificationMethod
from kiosk.records.models import Reception
from kiosk.records.rows import CLINIC_TZ, from_db, to_db

# The month page's columns: (key, Japanese heading, methods counted there).
COLUMNS: tuple[tuple[str, str, frozenset[VerificationMethod]], ...] = (
    ("face", "顔認証", frozenset({VerificationMethod.FACE})),
    ("pin", "暗証番号", frozenset({VerificationMethod.PIN})),
    ("visual", "目視確認", frozenset({VerificationMethod.VISUAL})),
    ("phone", "スマートフォン",
     frozenset({VerificationMethod.PHONE_PIN, VerificationMethod.PHONE_BIOMETRIC})),
    ("manual", "手入力照会", frozenset({VerificationMethod.MANUAL})),
)  # fmt: skip
MYNA = ("face", "pin", "visual", "phone")  # the マイナ保険証, card or phone
_COLUMN_OF = {m: key for key, _, methods in COLUMNS for m in methods}


@dataclass(frozen=True)
class MonthCounts:
    first: date
    days: list[tuple[date, Counter[str]]]  # every day of the month, in order
    total: Counter[str]

    @property
    def all(self) -> int:
        return sum(self.total.values())

    @property
    def myna(self) -> int:
        return sum(self.total[k] for k in MYNA)

    def share(self, key: str) -> float:
        return self.total[key] / self.all if self.all else 0.0

    @property
    def myna_share(self) -> float:
        return self.myna / self.all if self.all else 0.0


def month_start(text: str | None, today: date) -> date:
    """``2026-12`` as the month's first day; this month when absent or not a month."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def count_month(engine: Engine, first: date) -> MonthCounts:
    start = to_db(datetime.combine(first, time(), CLINIC_TZ))
    end = to_db(datetime.combine(next_month(first), time(), CLINIC_TZ))
    query = select(Reception.started_at, Reception.method).where(
        Reception.started_at >= start, Reception.started_at < end, Reception.method.is_not(None)
    )
    with engine.connect() as conn:
        rows = list(conn.execute(query))
    return tally(first, [(s, str(m)) for s, m in rows])


def tally(first: date, rows: list[tuple[datetime, str]]) -> MonthCounts:
    """Pure: (started_at naive UTC, method value) pairs into per-day and month counts."""
    days: dict[date, Counter[str]] = {}
    day = first
    while day < next_month(first):
        days[day] = Counter()
        day += timedelta(days=1)
    total: Counter[str] = Counter()
    for started, method in rows:
        key = _COLUMN_OF.get(VerificationMethod(method))
        when = from_db(started).date()
        if key is None or when not in days:
            continue
        days[when][key] += 1
        total[key] += 1
    return MonthCounts(first, sorted(days.items()), total)


def month_csv(month: MonthCounts) -> bytes:
    """UTF-8 with a BOM, so Excel on the clinic's Windows PC opens the Japanese headings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["日付", *(title for _, title, _ in COLUMNS), "合計", "マイナ保険証の割合"])
    for day, counts in month.days:
        writer.writerow(_row(day.isoformat(), counts))
    writer.writerow(_row(f"{month.first:%Y-%m} 合計", month.total))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _row(label: str, counts: Counter[str]) -> list[str]:
    total = sum(counts.values())
    myna = sum(counts[k] for k in MYNA)
    share = f"{100 * myna / total:.1f}%" if total else ""
    return [label, *(str(counts[key]) for key, _, _ in COLUMNS), str(total), share]
