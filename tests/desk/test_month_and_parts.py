"""The month at a glance and CSV; the lookup from the desk; the chime; the certificate; the
systemd unit."""

from __future__ import annotations

import csv
import io
import stat
import wave
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.desk.chime import chime_wav
from kiosk.desk.month import month_csv, tally
from kiosk.desk.tls import fingerprint, tls_files
from kiosk.ports import VerificationMethod
from tests.desk.conftest import DeskRig, sign_in

REPO = Path(__file__).resolve().parents[2]


def _utc(day: int, hour: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC).replace(tzinfo=None)


def test_the_month_counts_methods_and_the_myna_share() -> None:
    rows = [(_utc(1), VerificationMethod.FACE.value)] * 6 + [
        (_utc(1), VerificationMethod.PIN.value),
        (_utc(2), VerificationMethod.PHONE_PIN.value),
        (_utc(2), VerificationMethod.PHONE_BIOMETRIC.value),
        (_utc(3), VerificationMethod.MANUAL.value),
        (_utc(3), VerificationMethod.MANUAL.value),
        (datetime(2026, 11, 30, 16), VerificationMethod.VISUAL.value),  # 12-01 01:00 JST
        (datetime(2026, 12, 31, 16), VerificationMethod.FACE.value),  # 2027-01-01 JST: out
    ]
    counts = tally(date(2026, 12, 1), rows)
    assert dict(counts.total) == {"face": 6, "pin": 1, "phone": 2, "manual": 2, "visual": 1}
    assert counts.all == 12 and counts.myna == 10
    assert round(counts.myna_share, 3) == round(10 / 12, 3)
    assert len(counts.days) == 31 and counts.days[0][1]["visual"] == 1
    text = month_csv(counts).decode("utf-8")
    assert text.startswith("\ufeff日付,顔認証,暗証番号,目視確認,スマートフォン,手入力照会")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[1] == ["2026-12-01", "6", "1", "1", "0", "0", "8", "100.0%"]
    assert table[-1] == ["2026-12 合計", "6", "1", "1", "2", "2", "12", "83.3%"]


def test_the_month_page_and_its_csv_from_the_records(rig: DeskRig) -> None:
    from kiosk.sim.records import sample_record

    now = datetime.now(UTC)
    rig.desk.today = lambda: now.date()
    for i in range(3):
        rig.desk.store.save(sample_record(f"r-{i}", started_at=now - timedelta(minutes=i)))
    client = rig.client()
    sign_in(client)
    page = client.get("/month")
    assert page.status_code == 200 and "マイナ保険証" in page.text and "100.0%" in page.text
    file = client.get(f"/month.csv?m={now:%Y-%m}")
    assert file.headers["content-type"].startswith("text/csv")
    assert "attachment" in file.headers["content-disposition"]
    assert file.content.decode("utf-8").splitlines()[-1].endswith(",3,100.0%")


def test_a_wareki_lookup_is_recorded_and_the_fields_are_cleared(rig: DeskRig) -> None:
    client = rig.client()
    csrf = sign_in(client)
    typed = {"insurer": "06130012", "symbol": "12", "number": "345", "branch": "01",
             "birth": "平成3年6月3日"}  # fmt: skip
    assert client.post("/lookup", data={"csrf": csrf, **typed}).status_code == 303
    page = client.get("/", headers={"accept": "text/html"}).text
    assert "照会結果：資格あり（平成3年6月3日生まれ" in page
    assert 'value="06130012"' not in page  # cleared after the lookup
    [asked] = rig.desk.client.asked  # type: ignore[union-attr]
    assert asked.birth_date == date(1991, 6, 3)  # type: ignore[attr-defined]
    trail = rig.desk.store.alerts.trail()
    assert (trail[0].action, trail[0].staff_name) == ("manual_lookup", "佐藤")


def test_a_refused_lookup_says_so_beside_the_field_and_keeps_what_was_typed(
    rig: DeskRig,
) -> None:
    client = rig.client()
    csrf = sign_in(client)
    typed = {"insurer": "0613", "symbol": "", "number": "345", "branch": "",
             "birth": "平成元年1月7日"}  # fmt: skip
    client.post("/lookup", data={"csrf": csrf, **typed})
    page = client.get("/", headers={"accept": "text/html"}).text
    assert 'id="lookup-birth-msg">平成は1989年1月8日から' in page
    assert 'id="lookup-insurer-msg">保険者番号は6桁か8桁' in page
    assert 'value="0613"' in page
    assert rig.desk.client.asked == []  # type: ignore[union-attr]


def test_the_chime_is_a_short_wav_made_in_memory() -> None:
    data = chime_wav()
    with wave.open(io.BytesIO(data)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
    assert 0.2 < seconds < 1.0


def test_the_self_signed_certificate_is_made_once_and_private(tmp_path: Path) -> None:
    files = tls_files(tmp_path / "desk", ["desk.clinic.lan", "192.168.1.20"], None, None)
    assert files.made_now
    for path in (files.cert, files.key):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = tls_files(tmp_path / "desk", ["other"], None, None)
    assert not again.made_now and fingerprint(again.cert) == fingerprint(files.cert)


def test_the_desk_unit_runs_kiosk_desk_as_the_kiosk_user() -> None:
    unit = (REPO / "packaging" / "kiosk-desk.service").read_text(encoding="utf-8")
    [start] = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    assert start.split()[:2] == ["ExecStart=/opt/kiosk/kiosk", "desk"]
    assert "--config /etc/kiosk/kiosk.toml" in start
    assert "User=kiosk" in unit and "Restart=on-failure" in unit
    # The release tarball (packaging/pack) carries the unit beside the image.
    assert "kiosk-desk.service" in (REPO / "packaging" / "pack").read_text(encoding="utf-8")
