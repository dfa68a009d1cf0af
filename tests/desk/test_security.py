"""The desk on a shared LAN: sessions, CSRF, lockout, headers, and no patient data in URLs."""

from __future__ import annotations

from kiosk.desk.accounts import MAX_FAILURES
from kiosk.desk.sessions import ABSOLUTE_S, COOKIE, IDLE_S
from kiosk.ports import AlertReason
from tests.desk.conftest import PASSWORD, DeskRig, csrf_of, sign_in


def test_without_a_session_pages_go_to_sign_in_and_the_rest_answers_401(rig: DeskRig) -> None:
    client = rig.client()
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"] == "/login"
    paths = ("/part/alerts", "/part/receptions", "/events", "/month.csv", "/chime.wav",
             "/events/waiting", "/month")  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 401, path
    assert client.post("/alerts/1/take", data={"csrf": "x"}).status_code == 401


def test_the_session_cookie_is_secure_httponly_strict_and_rotated_at_sign_in(
    rig: DeskRig,
) -> None:
    client = rig.client()
    page = client.get("/login")
    before = page.cookies[COOKIE]
    cookie = page.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/" in cookie and "Domain" not in cookie
    sign_in(client)
    assert client.cookies[COOKIE] != before  # no session fixation
    assert rig.desk.sessions.get(before) is None


def test_an_idle_session_and_an_old_session_expire(rig: DeskRig) -> None:
    client = rig.client()
    sign_in(client)
    rig.clock.now += IDLE_S - 5
    assert client.get("/part/alerts").status_code == 200
    client.get("/", headers={"accept": "text/html"})  # staff activity: the idle clock restarts
    rig.clock.now += IDLE_S - 5
    assert client.get("/month").status_code == 200
    rig.clock.now += IDLE_S + 1
    assert client.get("/part/alerts").status_code == 401
    again = rig.client()
    sign_in(again)
    for _ in range(int(ABSOLUTE_S // (IDLE_S - 60)) + 1):  # busy all day: still ends at 12 h
        rig.clock.now += IDLE_S - 60
        again.get("/month")
    assert again.get("/part/alerts").status_code == 401


def test_a_forged_or_unknown_session_cookie_is_refused(rig: DeskRig) -> None:
    client = rig.client()
    client.cookies.set(COOKIE, "forged-" + "A" * 40)
    assert client.get("/part/alerts").status_code == 401
    assert client.get("/", headers={"accept": "text/html"}).headers["location"] == "/login"


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(rig: DeskRig) -> None:
    client = rig.client()
    sign_in(client)
    alert = rig.desk.store.raise_alert("kiosk-01", AlertReason.CALL)
    assert client.post(f"/alerts/{alert}/take", data={}).status_code == 403
    assert client.post(f"/alerts/{alert}/take", data={"csrf": "wrong"}).status_code == 403
    assert rig.desk.store.alerts.alert(alert).taken_by is None  # type: ignore[union-attr]


def test_a_cross_site_form_post_is_refused_even_with_the_token(rig: DeskRig) -> None:
    client = rig.client()
    csrf = sign_in(client)
    alert = rig.desk.store.raise_alert("kiosk-01", AlertReason.CALL)
    evil = client.post(f"/alerts/{alert}/take", data={"csrf": csrf},
                       headers={"origin": "https://evil.example"})  # fmt: skip
    assert evil.status_code == 403
    cross = client.post(f"/alerts/{alert}/take", data={"csrf": csrf},
                        headers={"sec-fetch-site": "cross-site"})  # fmt: skip
    assert cross.status_code == 403
    ok = client.post(f"/alerts/{alert}/take", data={"csrf": csrf},
                     headers={"origin": "https://testserver"})  # fmt: skip
    assert ok.status_code == 303
    assert rig.desk.store.alerts.alert(alert).taken_by == "佐藤"  # type: ignore[union-attr]


def test_a_wrong_password_does_not_sign_in_and_does_not_say_which_was_wrong(
    rig: DeskRig,
) -> None:
    client = rig.client()
    page = client.get("/login")
    wrong = client.post("/login", data={"csrf": csrf_of(page.text), "name": "佐藤",
                                        "password": "not the password"})  # fmt: skip
    unknown = client.post("/login", data={"csrf": csrf_of(wrong.text), "name": "誰か",
                                          "password": PASSWORD})  # fmt: skip
    assert wrong.status_code == unknown.status_code == 401
    assert (
        "名前かパスワードが違います" in wrong.text and "名前かパスワードが違います" in unknown.text
    )
    assert client.get("/part/alerts").status_code == 401


def test_brute_force_locks_the_account_and_every_desk_sees_an_alert(rig: DeskRig) -> None:
    client = rig.client()
    html = client.get("/login").text
    for _ in range(MAX_FAILURES):
        html = client.post("/login", data={"csrf": csrf_of(html), "name": "佐藤",
                                           "password": "guess-guess"}).text  # fmt: skip
    assert "ロックされています" in html
    right = client.post("/login", data={"csrf": csrf_of(html), "name": "佐藤",
                                        "password": PASSWORD})  # fmt: skip
    assert right.status_code == 401 and "ロックされています" in right.text
    [alert] = rig.desk.store.alerts.open_alerts()
    assert alert.reason is AlertReason.STAFF_PIN_LOCKED and alert.detail == "佐藤"
    other = rig.client()
    sign_in(other, "田中")
    assert (
        "受付デスクのアカウント「佐藤」がパスワード誤りでロックされました"
        in other.get("/part/alerts").text
    )
    trail = [(e.action, e.ok) for e in rig.desk.store.alerts.trail()]
    assert ("desk_locked", False) in trail and trail.count(("desk_login_failed", False)) >= 5


def test_every_response_carries_a_strict_csp_and_refuses_frames(rig: DeskRig) -> None:
    client = rig.client()
    for response in (client.get("/login"), client.get("/static/desk.js")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
    sign_in(client)
    page = client.get("/", headers={"accept": "text/html"}).text
    assert "<script>" not in page and " style=" not in page and "onclick" not in page


def test_sign_out_ends_the_session(rig: DeskRig) -> None:
    client = rig.client()
    csrf = sign_in(client)
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert client.get("/part/alerts").status_code == 401
    assert rig.desk.store.alerts.trail()[0].action == "desk_logout"
