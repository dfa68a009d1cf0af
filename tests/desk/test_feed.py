"""The live part: the feed wakes every open page when a kiosk writes an alert (PostgreSQL
NOTIFY or SQLite's poll), and a page's event stream says what changed or that it is signed out."""

from __future__ import annotations

import asyncio
import time

from kiosk.desk.app import Desk, _stream
from kiosk.desk.feed import ALERTS, Feed
from kiosk.ports import AlertReason
from kiosk.records.store import RecordStore


def test_the_feed_wakes_open_pages_when_a_kiosk_raises_an_alert(store: RecordStore) -> None:
    feed = Feed(store)

    async def watch() -> float:
        loop = asyncio.get_running_loop()
        sub = feed.subscribe()
        feed.start(loop)
        try:
            await asyncio.wait_for(sub.event.wait(), 10)  # the first look: everything is new
            sub.take()
            start = time.monotonic()
            await loop.run_in_executor(None, store.raise_alert, "kiosk-01", AlertReason.CALL)
            while ALERTS not in sub.kinds:
                await asyncio.wait_for(sub.event.wait(), 10)
                if ALERTS not in sub.kinds:
                    sub.take()
            return time.monotonic() - start
        finally:
            await loop.run_in_executor(None, feed.stop)

    latency = asyncio.run(watch())
    print(f"\n{store.engine.dialect.name}: the feed woke {latency * 1000:.0f} ms after the alert")
    assert latency < 10


def test_a_pages_stream_says_what_changed_and_ends_when_signed_out(
    sqlite_store: RecordStore,
) -> None:
    desk = Desk(sqlite_store, watch=False)
    session = desk.sessions.create("佐藤")

    async def read() -> list[str]:
        desk.feed._loop = asyncio.get_running_loop()
        got: list[str] = []
        stream = _stream(desk, session.sid)
        got.append(await anext(stream))
        pending = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.05)
        desk.feed.publish({ALERTS})
        got.append(await asyncio.wait_for(pending, 5))
        desk.sessions.drop(session.sid)  # signed out (or expired) elsewhere
        got.append(await asyncio.wait_for(anext(stream), 5))
        try:
            await asyncio.wait_for(anext(stream), 5)
        except StopAsyncIteration:
            got.append("(ended)")
        await stream.aclose()
        return got

    got = asyncio.run(read())
    assert got[0].startswith("retry:")
    assert got[1] == "event: alerts\ndata: 1\n\n"
    assert got[2:] == ["event: signed-out\ndata: 1\n\n", "(ended)"]
