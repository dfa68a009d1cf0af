"""The file drop: whole files only (a real inotify watcher reads each as it appears), UTF-8 or
Shift_JIS as configured, and exactly once per visit, even after the clinic took the file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from lxml import etree
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from kiosk.checkin import NoCheckIn, open_checkin
from kiosk.checkin.config import CheckInConfig, Encoding, FileDropConfig
from kiosk.checkin.filedrop import FileDropCheckIn, file_name
from kiosk.ports import CheckInError, CheckInErrorKind, CheckInState

from .helpers import visit_of


def drop(tmp_path: Path, encoding: Encoding = Encoding.UTF8) -> FileDropCheckIn:
    folder = tmp_path / "watched"
    folder.mkdir(exist_ok=True)
    config = FileDropConfig(folder=str(folder), encoding=encoding, ledger=str(tmp_path / "sent"))
    return FileDropCheckIn(config)


def read(path: Path) -> etree._Element:
    # lxml reads the declared encoding, as a receipt computer's parser does.
    return etree.fromstring(path.read_bytes())


def test_a_visit_becomes_one_file_with_the_documented_fields(tmp_path: Path) -> None:
    result = drop(tmp_path).register_visit(visit_of("sato_hanako", "r1", number="12"))
    assert (result.state, result.number) == (CheckInState.DELIVERED, "12")
    [path] = (tmp_path / "watched").iterdir()
    assert path.name == file_name("r1") == "CHECKIN_r1.xml"
    doc = read(path)
    fields = {child.tag: child.text for child in doc if len(child) == 0}
    assert fields == {
        "ReceptionId": "r1",
        "KioskNumber": "12",
        "VisitDate": "20261208",
        "VisitTime": "093000",
        "DepartmentCode": "01",
        "PhysicianCode": None,
        "InsurerNumber": "01130012",
        "InsuredCardSymbol": "1000",
        "InsuredIdentificationNumber": "20000",
        "InsuredBranchNumber": "00",
        "Name": "佐藤\u3000花子",
        "NameKana": "サトウ ハナコ",
        "Birthdate": "19910603",
        "Sex": "2",
    }
    consents = [(c.findtext("Kind"), c.findtext("Flag")) for c in doc.find("Consents")]
    assert consents == [("PharmacistsInfo", "1"), ("SpecificHealthCheckupsInfo", "0")]


def test_shift_jis_carries_what_it_can_and_marks_the_rest(tmp_path: Path) -> None:
    drop(tmp_path, Encoding.SHIFT_JIS).register_visit(visit_of("yoshida_makoto", "r1"))
    raw = (tmp_path / "watched" / "CHECKIN_r1.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="Shift_JIS"?>')
    assert "田　誠".encode("shift_jis") in raw
    assert read(tmp_path / "watched" / "CHECKIN_r1.xml").findtext("Name") == "●田\u3000誠"


def test_utf8_keeps_the_exact_name(tmp_path: Path) -> None:
    drop(tmp_path).register_visit(visit_of("yoshida_makoto", "r1"))
    assert read(tmp_path / "watched" / "CHECKIN_r1.xml").findtext("Name") == "𠮷田\u3000誠"


def test_exactly_once_even_after_the_clinic_took_the_file(tmp_path: Path) -> None:
    checkin = drop(tmp_path)
    visit = visit_of("suzuki_ichiro", "r1")
    checkin.register_visit(visit)
    taken = tmp_path / "watched" / "CHECKIN_r1.xml"
    taken.unlink()  # the clinic's system picked it up
    again = checkin.register_visit(visit)
    assert again.state is CheckInState.DELIVERED
    assert list((tmp_path / "watched").iterdir()) == []


def test_a_missing_folder_is_a_named_error_and_the_retry_delivers(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    config = FileDropConfig(folder=str(folder), ledger=str(tmp_path / "sent"))
    checkin = FileDropCheckIn(config)
    visit = visit_of("suzuki_ichiro", "r1")
    with pytest.raises(CheckInError) as missing:
        checkin.register_visit(visit)
    assert missing.value.kind is CheckInErrorKind.FOLDER
    folder.mkdir()  # the share is back
    checkin.register_visit(visit)
    assert [p.name for p in folder.iterdir()] == ["CHECKIN_r1.xml"]


def test_a_key_that_is_no_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="visit key"):
        drop(tmp_path).register_visit(visit_of("sato_hanako", "../r1"))


class _Reader(FileSystemEventHandler):
    """A clinic-side watcher: reads each file the moment it shows up under a real name."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.broken: list[str] = []
        self.lock = threading.Lock()
        self.all_read = threading.Event()
        self.expected: set[str] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = Path(str(getattr(event, "dest_path", "") or event.src_path))
        if event.is_directory or path.name.startswith(".") or not path.exists():
            return
        try:
            reception = read(path).findtext("ReceptionId") or ""
        except etree.XMLSyntaxError:
            reception = ""
        with self.lock:
            (self.read if reception else self.broken).append(path.name)
            if self.expected <= set(self.read):
                self.all_read.set()


def test_a_watcher_never_sees_half_a_file(tmp_path: Path) -> None:
    checkin = drop(tmp_path)
    reader = _Reader()
    reader.expected = {f"CHECKIN_r{n}.xml" for n in range(30)}
    observer = Observer()
    observer.schedule(reader, str(tmp_path / "watched"))
    observer.start()
    try:
        for n in range(30):
            checkin.register_visit(visit_of("sato_hanako", f"r{n}"))
        reader.all_read.wait(30)  # the watcher's thread reads them behind us
    finally:
        observer.stop()
        observer.join()
    assert reader.broken == []
    assert reader.expected <= set(reader.read)


def test_the_configuration_chooses_the_adapter(tmp_path: Path) -> None:
    assert isinstance(open_checkin(CheckInConfig()), NoCheckIn)
    none = NoCheckIn().register_visit(visit_of("sato_hanako", "r1", number="3"))
    assert (none.state, none.number) == (CheckInState.NOT_USED, "3")
    folder = str(tmp_path)
    config = CheckInConfig.model_validate({"system": "filedrop", "filedrop": {"folder": folder}})
    dropped = open_checkin(config)
    assert isinstance(dropped, FileDropCheckIn)
