from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from kiosk.config import DatabaseConfig
from kiosk.ports import ReceptionOutcome
from kiosk.records import cli, export_cli, schema
from kiosk.records.store import open_store
from kiosk.sim.records import JST, sample_record

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


def _env(monkeypatch: pytest.MonkeyPatch, config: DatabaseConfig) -> None:
    monkeypatch.setenv("KIOSK_DATABASE__URL", config.url)
    monkeypatch.setenv("KIOSK_DATABASE__JOURNAL_DIR", config.journal_dir)


def test_kiosk_db_upgrade_command_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    env = {**os.environ, "KIOSK_DATABASE__URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "db", "upgrade"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"revision {schema.head_revision()}" in done.stdout
    engine = schema.make_engine(url)
    assert schema.current_revision(engine) == schema.head_revision()
    engine.dispose()


def test_purge_keeps_receptions_younger_than_the_limit(
    db_config: DatabaseConfig, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(db_config)
    now = datetime.now(JST)
    store.save(sample_record("old", started_at=now - timedelta(days=91)))
    store.save(sample_record("new", started_at=now - timedelta(days=89)))
    _env(monkeypatch, db_config)
    assert cli.main(["purge", "--older-than", "90"]) == 0
    assert "purged 1 receptions" in capsys.readouterr().out
    assert store.reception("old") is None and store.reception("new") is not None
    store.close()


def test_export_writes_one_result_file_per_reception_with_a_result(
    db_config: DatabaseConfig, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = open_store(db_config)
    store.save(sample_record("a", started_at=NINE, name="山田 花子"))
    store.save(sample_record("b", started_at=NINE + timedelta(minutes=5)))
    store.save(sample_record("p", started_at=NINE, outcome=ReceptionOutcome.PENDING))
    store.save(sample_record("other-day", started_at=NINE - timedelta(days=1)))
    store.close()
    _env(monkeypatch, db_config)
    out = tmp_path / "oqs"
    assert export_cli.main(["--date", "2026-11-23", "--dir", str(out)]) == 0
    files = sorted((out / "face").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert len(files) == 2
    assert all(p.name.startswith("OQSsiquc01res_face_13123456780") for p in files)
    assert [p.stat().st_mode & 0o777 for p in files] == [0o600, 0o600]
    data = files[0].read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>')
    root = etree.fromstring(data)
    assert root.tag == "XmlMsg"
    assert root.findtext("MessageHeader/MedicalInstitutionCode") == "1312345678"
    assert root.findtext("MessageHeader/ArbitraryFileIdentifier") == "a"
    assert root.findtext("MessageHeader/CharacterCodeIdentifier") == "1"
    assert root.findtext("MessageBody/QualificationValidity") == "1"
    result = root.find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    assert result is not None
    assert result.findtext("Name") == "山田 花子"
    assert result.findtext("InsuredPartialContributionRatio") == "030"
    # A re-export replaces the files: same names, no second copy.
    assert export_cli.main(["--date", "2026-11-23", "--dir", str(out)]) == 0
    assert sorted((out / "face").iterdir()) == sorted(files)


def test_commands_report_an_unreachable_database_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    down = DatabaseConfig(
        url="postgresql+psycopg://kiosk@127.0.0.1:9/none?connect_timeout=1",
        journal_dir=str(tmp_path / "journal"),
    )
    _env(monkeypatch, down)
    assert cli.main(["purge", "--older-than", "30"]) == 1
    assert export_cli.main(["--date", "2026-11-23", "--dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err.count("database unavailable") == 2


def test_config_file_is_read_before_or_after_the_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "k.sqlite3"}"\n'
        f'journal_dir = "{tmp_path / "journal"}"\n',
        encoding="utf-8",
    )
    assert cli.main(["upgrade", "--config", str(toml)]) == 0
    assert cli.main(["--config", str(toml), "purge", "--older-than", "30"]) == 0
    assert (tmp_path / "k.sqlite3").exists()
    assert "purged 0 receptions" in capsys.readouterr().out
