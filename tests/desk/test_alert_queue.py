"""Alerts that help: take, resolve, clear handled; repeats fold; an alert resolves itself when
its reception ends; two desks at once; the visual check only sends staff to the kiosk."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from kiosk.desk import actions
from kiosk.desk.feed import Feed
from kiosk.ports import AlertReason, StaffActionKind
from kiosk.records.store import RecordStore
from kiosk.sim.records import sample_record
from tests.desk.conftest import DeskRig, sign_in


def _page(rig: DeskRig, client: object) -> str:
    return client.get("/part/alerts").text  # type: ignore[attr-defined,no-any-return]


def test_take_resolve_and_clear_handled_from_the_desk(rig: DeskRig) -> None:
    client = rig.client()
    csrf = sign_in(client)
    alert = rig.desk.store.raise_alert("kiosk-01", AlertReason.CARD_ERROR)
    assert 'class="alert open' in _page(rig, client) and "カード読取 <b>1</b>" in _page(rig, client)
    client.post(f"/alerts/{alert}/take", data={"csrf": csrf})
    assert "対応中：佐藤" in _page(rig, client)
    client.post(f"/alerts/{alert}/resolve", data={"csrf": csrf})
    assert "解決済みにしました" in client.get("/", headers={"accept": "text/html"}).text
    html = _page(rig, client)
    assert "対応済み：佐藤" in html and "対応済みを消す（1件）" in html
    again = client.post(f"/alerts/{alert}/take", data={"csrf": csrf})
    assert again.status_code == 303
    page = client.get("/", headers={"accept": "text/html"}).text
    assert "この呼び出しは解決済みです" in page and "対応します" not in page
    client.post("/alerts/clear", data={"csrf": csrf})
    assert f'data-id="{alert}"' not in _page(rig, client)
    kinds = [e.action for e in rig.desk.store.alerts.trail()]
    assert {"take", "resolve", "clear_handled"} <= set(kinds)
    assert all(e.staff_name == "佐藤" for e in rig.desk.store.alerts.trail()[:3])


def test_repeated_machine_alerts_fold_into_one_line_with_a_count(store: RecordStore) -> None:
    first = store.raise_alert("kiosk-02", AlertReason.OUT_OF_SERVICE, detail="no_reader")
    for _ in range(4):
        assert store.raise_alert("kiosk-02", AlertReason.OUT_OF_SERVICE,
                                 detail="no_reader") == first  # fmt: skip
    other = store.raise_alert("kiosk-03", AlertReason.OUT_OF_SERVICE, detail="no_reader")
    with_reception = store.raise_alert("kiosk-02", AlertReason.CALL, reception_id="r1")
    again = store.raise_alert("kiosk-02", AlertReason.CALL, reception_id="r1")
    queue = {q.alert.id: q.count for q in store.alerts.queue()}
    assert queue[first] == 5 and queue[other] == 1
    assert with_reception != again  # a patient's calls are never folded
    store.alerts.resolve_alert(first, "佐藤")
    assert store.raise_alert("kiosk-02", AlertReason.OUT_OF_SERVICE, detail="no_reader") != first


def test_an_alert_resolves_itself_when_its_reception_ends(rig: DeskRig) -> None:
    store = rig.desk.store
    alert = store.raise_alert("kiosk-01", AlertReason.FACE_FAILED, reception_id="r-9")
    feed = Feed(store)
    feed.look()
    assert not store.alerts.queued(alert).resolved  # type: ignore[union-attr]
    store.save(sample_record("r-9"))
    feed.look()
    q = store.alerts.queued(alert)
    assert q is not None and q.resolved_why == "reception_ended" and q.resolved_by is None
    client = rig.client()
    csrf = sign_in(client)
    assert "受付が終了したため自動で解決" in _page(rig, client)
    client.post(f"/alerts/{alert}/check", data={"csrf": csrf})
    page = client.get("/", headers={"accept": "text/html"}).text
    assert "この受付はすでに終了しています（受付完了" in page
    assert "向かってください" not in page
    assert not [
        a for a in store.alerts.staff_actions("r-9") if a.action is not StaffActionKind.TAKE
    ]


def test_the_visual_check_sends_staff_and_shows_what_the_kiosk_decided(rig: DeskRig) -> None:
    store = rig.desk.store
    alert = store.raise_alert("kiosk-01", AlertReason.PIN_LOCKED, reception_id="r-5")
    client = rig.client()
    csrf = sign_in(client)
    html = _page(rig, client)
    assert "受付機で目視確認する（係員が向かう）" in html
    assert "本人と確認" not in html and "approve" not in html and "reject" not in html
    client.post(f"/alerts/{alert}/check", data={"csrf": csrf})
    [sent] = [a for a in store.alerts.staff_actions("r-5")
              if a.action is StaffActionKind.VISUAL_CHECK]  # fmt: skip
    assert (sent.kiosk_id, sent.staff_name, sent.alert_id) == ("kiosk-01", "佐藤", alert)
    # The kiosk records the decision after staff authenticate there (kiosk side, not the desk).
    store.alerts.record_action("kiosk-01", StaffActionKind.APPROVE, "佐藤", "kiosk",
                               reception_id="r-5", alert_id=alert)  # fmt: skip
    html = _page(rig, client)
    assert "目視確認へ：佐藤" in html and "受付機で本人と確認：佐藤" in html
    assert "受付機で目視確認する" not in html  # sent once


def test_no_approve_or_reject_route_exists(rig: DeskRig) -> None:
    client = rig.client()
    csrf = sign_in(client)
    alert = rig.desk.store.raise_alert("kiosk-01", AlertReason.PIN_LOCKED, reception_id="r-6")
    for verb in ("approve", "reject"):
        assert client.post(f"/alerts/{alert}/{verb}", data={"csrf": csrf}).status_code in (404, 405)


def test_two_desks_take_the_same_alert_one_wins_the_other_is_told_who(rig: DeskRig) -> None:
    first, second = rig.client(), rig.client()
    csrf1, csrf2 = sign_in(first, "佐藤"), sign_in(second, "田中")
    alert = rig.desk.store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r-1")
    first.post(f"/alerts/{alert}/take", data={"csrf": csrf1})
    second.post(f"/alerts/{alert}/take", data={"csrf": csrf2})
    page = second.get("/", headers={"accept": "text/html"}).text
    assert "佐藤さんがすでに対応しています" in page
    takes = [a for a in rig.desk.store.alerts.staff_actions("r-1")]
    assert [(a.action, a.staff_name) for a in takes] == [(StaffActionKind.TAKE, "佐藤")]


def test_at_the_same_instant_exactly_one_desk_wins(store: RecordStore) -> None:
    """Both databases: the UPDATE ... WHERE taken_at IS NULL decides."""
    for _round in range(5):
        alert = store.raise_alert("kiosk-01", AlertReason.CALL, reception_id=f"r-{_round}")
        assert alert is not None
        barrier = threading.Barrier(2)
        said: dict[str, tuple[str, bool]] = {}

        def press(
            staff: str,
            alert_id: int = alert,
            barrier: threading.Barrier = barrier,
            said: dict[str, tuple[str, bool]] = said,
        ) -> None:
            barrier.wait()
            said[staff] = actions.take(store, alert_id, staff)

        threads = [threading.Thread(target=press, args=(s,)) for s in ("佐藤", "田中")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = [s for s, (_, ok) in said.items() if ok]
        assert len(winners) == 1, said
        [loser] = {"佐藤", "田中"} - set(winners)
        assert said[loser][0].startswith(f"{winners[0]}さんがすでに対応しています")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_new_columns_migrate_on_both_databases(kind: str, request: pytest.FixtureRequest,
                                                    tmp_path: object) -> None:  # fmt: skip
    from kiosk.records import schema

    if kind == "sqlite":
        url = f"sqlite:///{tmp_path}/m.sqlite3"
    else:
        url = request.getfixturevalue("postgres").create_database()
    engine = schema.make_engine(url)
    schema.upgrade(engine, "0006_requery_claim")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO staff_alert (kiosk_id, reason, detail, raised_at, updated_at) "
            "VALUES ('kiosk-01', 'call', '', '2026-12-01 00:00:00', '2026-12-01 00:00:00')"
        ))  # fmt: skip
    schema.upgrade(engine)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT repeat_count, resolved_at FROM staff_alert")).one()
        assert tuple(row) == (1, None)
        assert conn.execute(sa.text("SELECT count(*) FROM desk_account")).scalar() == 0
    schema.downgrade(engine, "0006_requery_claim")
    schema.upgrade(engine)
    engine.dispose()


def test_alerts_that_ask_for_work_after_the_reception_stay_until_resolved(rig: DeskRig) -> None:
    """A ● name to correct, 資格無効, a card left behind: the reception's end is not their end."""
    store = rig.desk.store
    waiting = store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r-10")
    name = store.raise_alert("kiosk-01", AlertReason.NAME_CHECK, reception_id="r-10")
    left = store.raise_alert("kiosk-01", AlertReason.CARD_LEFT, reception_id="r-10")
    store.save(sample_record("r-10"))
    Feed(store).look()
    states = {a: store.alerts.queued(a) for a in (waiting, name, left)}
    assert states[waiting].resolved  # type: ignore[union-attr]
    assert not states[name].resolved and not states[left].resolved  # type: ignore[union-attr]
    store.resolve_alert_of("kiosk-01", AlertReason.CARD_LEFT, "r-10", "card_taken")
    q = store.alerts.queued(left)
    assert q is not None and q.resolved_why == "card_taken"
    client = rig.client()
    sign_in(client)
    assert "カードが取られたため自動で解決" in _page(rig, client)
