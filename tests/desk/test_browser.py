"""The desk in a real browser: Debian's chromium driven by Playwright, against `kiosk desk`'s
application served over HTTPS by uvicorn (a thread of this test), at the desk PC's and the
tablet's sizes. Alerts are written the way a kiosk writes them (RecordStore.raise_alert).

Set DESK_SCREENSHOTS=docs/screenshots to refresh the documentation's screenshots."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import DatabaseConfig
from kiosk.desk.app import Desk, create_app
from kiosk.desk.tls import tls_files
from kiosk.ports import AlertReason
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import sample_record
from tests.desk.conftest import PASSWORD, FakeLookup

pytestmark = [pytest.mark.system, pytest.mark.integration]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required"]  # fmt: skip
SIZES = [(1280, 720), (1920, 1080), (800, 1280)]
SHOTS = os.environ.get("DESK_SCREENSHOTS")


@dataclass
class Server:
    url: str
    store: RecordStore
    desk: Desk


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import uvicorn

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required (scripts/run setup installs it)")
    work = tmp_path_factory.mktemp("desk")
    store = open_store(DatabaseConfig(url=f"sqlite:///{work / 'k.sqlite3'}",
                                      journal_dir=str(work / "journal")))  # fmt: skip
    desk = Desk(store, client=FakeLookup(), clinic_name="テスト診療所")  # type: ignore[arg-type]
    desk.accounts.add("佐藤", PASSWORD)
    now = datetime.now(CLINIC_TZ)
    for i in range(12):
        store.save(sample_record(f"r-{i:02d}", kiosk_id=f"kiosk-0{1 + i % 2}",
                                 started_at=now - timedelta(minutes=5 * i)))  # fmt: skip
    files = tls_files(work / "tls", ["127.0.0.1", "localhost"], None, None)
    port = _free_port()
    config = uvicorn.Config(create_app(desk), host="127.0.0.1", port=port, log_level="warning",
                            ssl_certfile=str(files.cert), ssl_keyfile=str(files.key),
                            timeout_graceful_shutdown=2)  # fmt: skip
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started
    yield Server(f"https://127.0.0.1:{port}", store, desk)
    uv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _shot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    from PIL import Image

    path = Path(SHOTS) / f"desk-{name}.png"
    page.screenshot(path=str(path))
    # A palette PNG: a fraction of the size, the text as sharp.
    Image.open(path).convert("RGB").quantize(colors=24).save(path, optimize=True)


def _sign_in(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    assert page.url.endswith("/login")
    page.fill("#name", "佐藤")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    try:
        page.wait_for_selector("#queue-head", timeout=10_000)
    except Exception:
        print(page.url, page.content()[:3000])
        raise
    # (Selectors, not wait_for_function: the page's CSP forbids evaluating strings.)
    page.wait_for_selector("body[data-live='1']", state="attached", timeout=10_000)


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box  # type: ignore[no-any-return]


def _inside(box: dict[str, float], width: int, height: int) -> bool:
    return (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5
            and box["y"] + box["height"] <= height + 0.5)  # fmt: skip


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            or a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"])  # fmt: skip


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_desk_in_chromium(server: Server, browser: Any, width: int, height: int) -> None:
    context = browser.new_context(ignore_https_errors=True, viewport={"width": width,
                                  "height": height}, accept_downloads=True)  # fmt: skip
    page = context.new_page()
    try:
        _sign_in(page, server)
        _live_alert(page, server, width, height)
        _twenty_alerts(page, server, width, height)
        _shot(page, f"{width}x{height}")
        _wareki_lookup(page, width, height)
        _month(page, server, width, height)
        _signed_out_still_rings(page, server)
    finally:
        context.close()
        server.store.alerts.resolve_ended([])  # (nothing: keeps the store warm)
        for q in server.store.alerts.queue():
            if not q.resolved:
                server.store.alerts.resolve_alert(q.alert.id, "後片付け")
        server.store.alerts.clear_handled("後片付け")


def _live_alert(page: Any, server: Server, width: int, height: int) -> None:
    chimes = int(page.get_attribute("body", "data-chimes"))
    start = time.monotonic()
    alert = server.store.raise_alert(f"kiosk-{width}", AlertReason.OUT_OF_SERVICE,
                                     detail="no_reader")  # fmt: skip
    page.wait_for_selector(f'li.alert[data-id="{alert}"]', timeout=10_000)
    latency = time.monotonic() - start
    print(f"\n{width}x{height}: alert on screen {latency * 1000:.0f} ms after the kiosk raised it")
    page.wait_for_selector(f"body[data-chimes='{chimes + 1}']", state="attached")
    # The same machine alert again: one line with a count, and no second chime.
    server.store.raise_alert(f"kiosk-{width}", AlertReason.OUT_OF_SERVICE, detail="no_reader")
    page.wait_for_selector(f'li.alert[data-id="{alert}"] .repeat', timeout=10_000)
    assert page.locator(f'li.alert[data-id="{alert}"] .repeat').inner_text() == "×2"
    time.sleep(0.5)
    assert int(page.get_attribute("body", "data-chimes")) == chimes + 1


def _twenty_alerts(page: Any, server: Server, width: int, height: int) -> None:
    reasons = [AlertReason.CALL, AlertReason.PIN_LOCKED, AlertReason.FACE_FAILED,
               AlertReason.CARD_ERROR, AlertReason.NAME_CHECK]  # fmt: skip
    last = 0
    for i in range(20):
        last = server.store.raise_alert(f"kiosk-0{1 + i % 3}", reasons[i % 5],
                                        reception_id=f"live-{width}-{i}") or 0  # fmt: skip
    page.wait_for_selector(f'li.alert[data-id="{last}"]', timeout=10_000)
    page.wait_for_selector("table.receptions tbody tr")
    alerts, receptions = _box(page, "#alerts"), _box(page, "#receptions")
    first_row = _box(page, "table.receptions tbody tr")
    assert _inside(alerts, width, height) and _inside(receptions, width, height)
    assert _apart(alerts, receptions)
    assert _inside(first_row, width, height) and _apart(first_row, alerts)
    assert receptions["height"] >= 150  # the list is still readable, not a sliver
    # A reception a kiosk finishes appears in the open list without a reload.
    rid = f"live-row-{width}"
    server.store.save(sample_record(rid, started_at=datetime.now(CLINIC_TZ)))
    page.wait_for_selector(f'tr[data-reception="{rid}"]', timeout=10_000)
    one_line = _box(page, f'li.alert[data-id="{last}"]')
    assert one_line["height"] < 60  # one line per alert


def _wareki_lookup(page: Any, width: int, height: int) -> None:
    page.click("#lookup summary")
    page.fill("#lookup-insurer", "06130012")
    page.fill("#lookup-symbol", "12")
    page.fill("#lookup-number", "345")
    page.fill("#lookup-birth", "平成元年1月7日")
    page.click(".lookup-form button[type=submit]")
    message = page.wait_for_selector("#lookup-birth-msg")
    assert "平成は1989年1月8日から" in message.inner_text()
    assert page.input_value("#lookup-insurer") == "06130012"  # kept to correct one field
    box = _box(page, "#lookup-birth-msg")
    font = page.eval_on_selector("#lookup-birth-msg", "e => getComputedStyle(e).fontSize")
    assert float(font.removesuffix("px")) >= 18 and box["width"] > 0
    page.fill("#lookup-birth", "H3.6.3")
    page.click(".lookup-form button[type=submit]")
    result = page.wait_for_selector("#lookup-result")
    assert "資格あり（平成3年6月3日生まれ" in result.inner_text()
    assert page.input_value("#lookup-insurer") == "" and page.input_value("#lookup-birth") == ""
    if width == 1280:
        page.locator("#lookup").scroll_into_view_if_needed()
        _shot(page, f"lookup-{width}x{height}")


def _month(page: Any, server: Server, width: int, height: int) -> None:
    page.click("text=今月の集計")
    page.wait_for_selector("#myna-share")
    assert page.locator("#myna-share").inner_text().endswith("%")
    if width == 1280:
        _shot(page, f"month-{width}x{height}")
    with page.expect_download() as got:
        page.click("#csv")
    data = Path(got.value.path()).read_bytes().decode("utf-8")
    assert data.startswith("\ufeff日付,顔認証")
    assert "合計" in data.splitlines()[-1]


def _signed_out_still_rings(page: Any, server: Server) -> None:
    """A desk whose session ended shows the count of untaken calls and rings for a new one."""
    page.click("text=サインアウト")
    page.wait_for_selector("#password")
    page.wait_for_selector("#waiting.msg", timeout=10_000)  # the 20 calls still waiting
    server.store.raise_alert("kiosk-09", AlertReason.CALL, reception_id="after-sign-out")
    page.wait_for_selector("body[data-chimes='1']", state="attached", timeout=10_000)
    assert "件あります" in page.inner_text("#waiting")
    assert "kiosk-09" not in page.content()  # the count only
