"""Every persona through the real parts (virtual card, the mock service as its own process, the
runtime, SQLite): the result file the kiosk writes is read back as a receipt computer reads it
(libxml2, Shift_JIS) and checked against the persona and the answers given; a clinic-side
folder watcher (watchdog, inotify) sees each file exactly once, and whole; a pending reception
gets its file when the re-query resolves it."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from kiosk.eligibility.codes import half_width_kana, yyyymmdd
from kiosk.eligibility.names import name_needs_check, shift_jis_text
from kiosk.eligibility.requery import PendingRequery
from kiosk.eligibility.xmldoc import SHIFT_JIS_DECLARATION
from kiosk.flow.model import State
from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.records.result_file import FACE_DIR
from kiosk.sim.demo import scenarios as sc
from kiosk.sim.demo.environment import DemoEnvironment
from kiosk.sim.demo.headless import HeadlessDriver
from kiosk.sim.personas import Persona, load_personas

pytestmark = pytest.mark.integration

VISIT = datetime.now().date()
REAL_NAME = re.compile(r"^OQSsiquc01res_face_\d{28}_\d{14}\.xml$")
# Personas whose reception has a result document (the others end before one exists).
WITH_RESULT = sorted(
    p.id
    for p in load_personas().values()
    if p.expected in ("valid", "not_registered") or p.expected in ("invalid:2", "invalid:3")
    or p.expected == "invalid:5"
)  # fmt: skip


class Watcher(FileSystemEventHandler):
    """What a clinic's import program does: react to each new file with the real name and read
    it at once. Counts every sighting and whether the file parsed whole."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.broken: list[str] = []
        self.arrived = threading.Condition()

    def _look(self, path: str) -> None:
        name = Path(path).name
        if not REAL_NAME.match(name):
            return  # the writer's dot-named temp files
        try:
            etree.fromstring(Path(path).read_bytes())
        except (OSError, etree.XMLSyntaxError) as exc:
            self.broken.append(f"{name}: {exc}")
        with self.arrived:
            self.seen[name] += 1
            self.arrived.notify_all()

    def on_created(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._look(str(event.src_path))

    def on_moved(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._look(str(event.dest_path))

    def wait_for(self, name: str, timeout_s: float = 10.0) -> None:
        with self.arrived:
            assert self.arrived.wait_for(lambda: name in self.seen, timeout_s), name


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnvironment]:
    with DemoEnvironment(tmp_path_factory.mktemp("files"), card="inprocess") as environment:
        yield environment


@pytest.fixture(scope="module")
def watcher(env: DemoEnvironment) -> Iterator[Watcher]:
    face = env.result_folder / FACE_DIR
    face.mkdir(mode=0o700, exist_ok=True)
    handler = Watcher()
    observer = Observer()
    observer.schedule(handler, str(face), recursive=False)
    observer.start()
    yield handler
    observer.stop()
    observer.join()


def _plan(persona: Persona, index: int) -> tuple[tuple[sc.Action, ...], dict[str, bool], bool]:
    """The patient's answers: they differ from persona to persona so each flag value is seen."""
    agree_med, agree_chk, electronic = index % 2 == 0, index % 3 != 0, index % 2 == 1
    actions: list[sc.Action] = [sc.Insert(), sc.Choose(State.CHOOSE_METHOD, VerificationMethod.PIN),
                                sc.EnterPin(digits=persona.card.pin)]  # fmt: skip
    if persona.expected == "not_registered":
        actions.append(sc.Register(accept=True))
    answers = {"PharmacistsInfo": agree_med}
    if persona.expected.startswith("invalid"):
        return (*actions, sc.RemoveCard(at=State.INELIGIBLE)), {}, electronic
    if persona.card.certificate == "grace":  # qualification only: no data consent is asked
        answers = {}
    else:
        actions.append(sc.Consent(State.CONSENT_MEDICATION, agree_med))
    if persona.age_on(VISIT) >= 40 and answers:
        actions.append(sc.Consent(State.CONSENT_CHECKUP, agree_chk))
        answers["SpecificHealthCheckupsInfo"] = agree_chk
    actions += [sc.Prescription(electronic=electronic), sc.Limit(provide=True),
                sc.RemoveCard(at=State.FINISHED)]  # fmt: skip
    return tuple(actions), answers, electronic


def _scenario(persona: Persona, actions: tuple[sc.Action, ...]) -> sc.Scenario:
    ineligible = persona.expected.startswith("invalid")
    return sc.Scenario(
        f"file-{persona.id}", "result file", persona.id, actions,
        ReceptionOutcome.INELIGIBLE if ineligible else ReceptionOutcome.COMPLETE,
        State.INELIGIBLE if ineligible else State.FINISHED,
        config={"flow": {"ask_prescription": True}},
    )  # fmt: skip


def _parse(path: Path) -> etree._Element:
    data = path.read_bytes()
    assert data.startswith(SHIFT_JIS_DECLARATION)
    return etree.fromstring(data)


def _check_result(result: etree._Element, persona: Persona, answers: dict[str, bool]) -> None:
    ins = persona.insurance
    assert result.findtext("Name") == shift_jis_text(persona.name)
    assert "\u3000" in result.findtext("Name")  # family and given name as the real system sends
    assert result.findtext("NameKana") == half_width_kana(persona.kana)
    assert result.findtext("Birthdate") == yyyymmdd(persona.birth_date)
    number = ins.insurer_number
    assert result.findtext("InsurerNumber") == (number.rjust(8) if len(number) == 6 else number)
    assert result.findtext("InsuredIdentificationNumber") == ins.number
    assert result.findtext("InsuredBranchNumber") == ins.branch
    assert result.findtext("InsuredCardSymbol") == (ins.symbol or None)
    assert result.findtext("InsuredCardValidDate") == yyyymmdd(ins.qualification_date)
    assert result.findtext("InsuredPartialContributionRatio") == ins.ratio
    assert result.findtext("InsuredCardClassification") in ("01", "A1")
    for prefix, agreed in answers.items():
        assert result.findtext(f"{prefix}ConsFlg") == ("1" if agreed else "0"), prefix
        cons = datetime.strptime(result.findtext(f"{prefix}ConsTime"), "%Y%m%d%H%M%S")
        available = result.findtext(f"{prefix}AvailableTime")
        if agreed:
            assert datetime.strptime(available, "%Y%m%d%H%M%S") - cons == timedelta(hours=24)
        else:
            assert available is None
    if "SpecificHealthCheckupsInfo" not in answers:
        assert result.find("SpecificHealthCheckupsInfoConsFlg") is None  # never asked under 40
    if not answers:  # the certificate's grace: nothing of the data was consented to
        assert result.find("PharmacistsInfoConsFlg") is None
    info = result.find("LimitApplicationCertificateRelatedInfo")
    assert result.findtext("LimitApplicationCertificateRelatedConsFlg") == "1"
    if ins.limit is None:
        assert info is None
    else:
        assert info.findtext("LimitApplicationCertificateClassificationFlag") == ins.limit.flag
    assert result.findtext("ReferenceNumber") == ins.reference_number


@pytest.mark.parametrize("persona_id", WITH_RESULT)
def test_each_persona_leaves_one_complete_file_with_its_answers(
    env: DemoEnvironment, watcher: Watcher, persona_id: str
) -> None:
    persona = load_personas()[persona_id]
    actions, answers, electronic = _plan(persona, WITH_RESULT.index(persona_id))
    rig = env.rig(_scenario(persona, actions))
    driver = HeadlessDriver(rig)
    try:
        result = driver.run(_scenario(persona, actions))
    finally:
        driver.close()
        rig.close()
    [record] = result.records
    assert env.store is not None
    row = env.store.reception(record.reception_id)
    assert row is not None and row.result_file and not row.result_file_due
    assert row.summary.name == persona.name  # the records keep the name exactly as received
    watcher.wait_for(row.result_file)
    root = _parse(env.result_folder / FACE_DIR / row.result_file)
    assert root.findtext("MessageHeader/ArbitraryFileIdentifier") == record.reception_id
    body = root.find("MessageBody")
    assert body.findtext("QualificationValidity") == persona.insurance.validity
    if persona.expected.startswith("invalid"):
        assert body.find("PrescriptionIssueSelect") is None  # the reception ended before it
        return
    assert body.findtext("PrescriptionIssueSelect") == ("1" if electronic else "2")
    _check_result(body.find("ResultList/ResultOfQualificationConfirmation"), persona, answers)
    assert name_needs_check(persona.name) is (persona.id in RARE)


RARE = {"takahashi_kenji", "yoshida_makoto", "yoshizaki_sakura", "tokunaga_hikaru"}


def test_a_pending_reception_gets_its_file_when_resolved(
    env: DemoEnvironment, watcher: Watcher
) -> None:
    persona = load_personas()["hasegawa_ryo"]
    s = sc.scenario("service-down")
    env.server.stop()
    rig = env.rig(s)
    driver = HeadlessDriver(rig)
    try:
        [record] = driver.run(s).records
    finally:
        driver.close()
        rig.close()
        env.server.start()
    assert env.store is not None and env.results is not None
    assert env.store.reception(record.reception_id).result_file is None  # type: ignore[union-attr]
    back = env.rig(s)
    try:
        PendingRequery(env.store, back.client, on_resolved=env.results.write_due).run_once()
    finally:
        back.close()
    row = env.store.reception(record.reception_id)
    assert row is not None and row.outcome is not ReceptionOutcome.PENDING and row.result_file
    watcher.wait_for(row.result_file)
    result = _parse(env.result_folder / FACE_DIR / row.result_file)
    assert result.findtext(".//Name") == persona.name


def test_the_watcher_saw_every_file_exactly_once_and_whole(watcher: Watcher) -> None:
    # Runs after the receptions above (pytest keeps file order).
    assert len(watcher.seen) == len(WITH_RESULT) + 1
    assert set(watcher.seen.values()) == {1}
    assert watcher.broken == []
