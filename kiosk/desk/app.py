"""The desk's web application (FastAPI, pages rendered on the server with Jinja2, live updates
by server-sent events and one small script of our own: static/desk.js).

Security on a shared LAN (docs/desk.md): HTTPS only (the server has no plain-HTTP listener);
server-side sessions in a ``__Host-`` cookie (Secure, HttpOnly, SameSite=Strict) that expire
after 15 idle minutes or 12 hours; a CSRF token checked on every POST, and cross-site requests
refused outright; a Content-Security-Policy with no inline script or style; frames refused.
Alert and reception ids are the only values in URLs; patient data is in page bodies only."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from kiosk.desk import actions
from kiosk.desk.accounts import Accounts, Verdict
from kiosk.desk.chime import chime_wav
from kiosk.desk.feed import Feed
from kiosk.desk.month import COLUMNS, count_month, month_csv, month_start, next_month
from kiosk.desk.sessions import COOKIE, DeskSession, Message, SessionBook
from kiosk.desk.views import FILTERS, keep, kind_counts, queue_line
from kiosk.eligibility.client import EligibilityClient
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.staff_view import HEADERS, staff_line
from kiosk.records.store import RecordStore

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
MAX_FORM = 16 * 1024
KEEPALIVE_S = 15.0
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
HEADERS_ALWAYS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer a browser posts forms with "Origin: null",
    # and the origin check below could not tell the desk's own forms from anyone's.
    "Referrer-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def clinic_today() -> date:
    return datetime.now(CLINIC_TZ).date()


@dataclass
class Desk:
    """Everything the routes use; built by ``kiosk desk`` (kiosk.desk.cli) or a test."""

    store: RecordStore
    sessions: SessionBook = field(default_factory=SessionBook)
    client: EligibilityClient | None = None
    clinic_name: str = ""
    today: Callable[[], date] = clinic_today
    watch: bool = True  # start the live feed with the server (tests of pages alone: False)

    def __post_init__(self) -> None:
        self.accounts = Accounts(self.store)
        self.feed = Feed(self.store)
        self.chime = chime_wav()
        self.stopping = asyncio.Event()


class NotSignedIn(Exception):
    """No live staff session: a page goes to the sign-in page, anything else answers 401."""


class SecurityHeaders:
    """Pure ASGI (not BaseHTTPMiddleware): the event stream passes through unbuffered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: AsgiMessage) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS_ALWAYS.items():
                    headers[name] = value
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(desk: Desk) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if desk.watch:
            desk.feed.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            desk.stopping.set()
            desk.feed.wake_all()  # open event streams end now, not at their next keep-alive
            desk.feed.stop()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.tests["startswith"] = lambda value, prefix: str(value).startswith(prefix)
    app.state.desk = desk
    _routes(app, desk, templates)
    return app


# --- sessions, forms --------------------------------------------------------------------------


def _session(desk: Desk, request: Request, *, touch: bool = True) -> DeskSession | None:
    return desk.sessions.get(request.cookies.get(COOKIE), touch=touch)


def _staff(desk: Desk, request: Request, *, touch: bool = True) -> DeskSession:
    session = _session(desk, request, touch=touch)
    if session is None or session.staff is None:
        raise NotSignedIn()
    return session


def _set_cookie(response: Response, session: DeskSession) -> None:
    response.set_cookie(COOKIE, session.sid, path="/", secure=True, httponly=True,
                        samesite="strict")  # fmt: skip


def _same_site(request: Request) -> None:
    """A form posted from another site is refused before its CSRF token is even read."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise HTTPException(403, "cross-site request refused")
    origin = request.headers.get("origin")
    if origin is not None and origin != f"https://{request.headers.get('host', '')}":
        raise HTTPException(403, "cross-site request refused")


async def _form(request: Request, session: DeskSession) -> dict[str, str]:
    _same_site(request)
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413, "form too large")
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    fields = {key: values[0] for key, values in parsed.items()}
    if not hmac.compare_digest(fields.get("csrf", "").encode(), session.csrf.encode()):
        raise HTTPException(403, "invalid or missing CSRF token: reload the page")
    return fields


def _back(where: str = "/") -> RedirectResponse:
    return RedirectResponse(where, status_code=303)


# --- what the pages show -----------------------------------------------------------------------


def alerts_view(desk: Desk) -> dict[str, Any]:
    book = desk.store.alerts
    queue = book.queue()
    rids = [q.alert.reception_id for q in queue if q.alert.reception_id]
    outcomes = book.visual_outcomes(rids)
    sent = book.visual_requests([q.alert.id for q in queue])
    lines = [
        queue_line(q, sent.get(q.alert.id), outcomes.get(q.alert.reception_id or "")) for q in queue
    ]
    return {
        "lines": lines,
        "counts": kind_counts(queue),
        "newest": max((q.alert.id for q in queue), default=0),
        "handled": sum(1 for q in queue if q.resolved),
    }


def receptions_view(desk: Desk, kind: str) -> dict[str, Any]:
    lines = [staff_line(r) for r in desk.store.receptions_on(desk.today())]
    kind = kind if kind in FILTERS else "today"
    return {
        "rows": [line for line in lines if keep(kind, line)],
        "headers": HEADERS,
        "filter": kind,
        "filters": FILTERS,
        "total": len(lines),
        "waiting": sum(line.needs_staff for line in lines),
    }


def _routes(app: FastAPI, desk: Desk, templates: Jinja2Templates) -> None:
    def page(request: Request, name: str, session: DeskSession, status: int = 200,
             **context: Any) -> Response:  # fmt: skip
        messages = session.take_messages()
        context |= {"session": session, "clinic": desk.clinic_name, "messages": messages,
                    "form": session.form}  # fmt: skip
        response = templates.TemplateResponse(request, name, context, status_code=status)
        session.form = {}
        _set_cookie(response, session)
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return _back("/login")
        return Response("sign in first", status_code=401, media_type="text/plain")

    @app.get("/login")
    async def login_page(request: Request) -> Response:
        session = _session(desk, request) or desk.sessions.create(None)
        if session.staff is not None:
            return _back("/")
        return page(request, "login.html", session)

    @app.post("/login")
    async def login(request: Request) -> Response:
        session = _session(desk, request)
        if session is None:
            _same_site(request)
            return _back("/login")  # the sign-in page had expired: a fresh one
        fields = await _form(request, session)
        name, password = fields.get("name", ""), fields.get("password", "")
        verdict = await run_in_threadpool(desk.accounts.verify, name, password)
        if verdict is not Verdict.OK:
            text = (
                "このアカウントはロックされています。15分後にもう一度お試しください。"
                if verdict is Verdict.LOCKED
                else "名前かパスワードが違います。"
            )
            session.messages.append(Message("login", text))
            return page(request, "login.html", session, status=401)
        desk.sessions.drop(session.sid)  # a new id at sign-in: no session fixation
        signed_in = desk.sessions.create(" ".join(name.split()))
        response = _back("/")
        _set_cookie(response, signed_in)
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        session = _staff(desk, request)
        await _form(request, session)
        desk.sessions.drop(session.sid)
        await run_in_threadpool(actions.logged_out, desk.store, session.staff or "")
        response = _back("/login")
        response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return response

    @app.get("/")
    async def home(request: Request, f: str = "today") -> Response:
        session = _staff(desk, request)
        alerts = await run_in_threadpool(alerts_view, desk)
        receptions = await run_in_threadpool(receptions_view, desk, f)
        return page(request, "desk.html", session, alerts=alerts, receptions=receptions,
                    lookup_on=desk.client is not None)  # fmt: skip

    @app.get("/part/alerts")
    async def part_alerts(request: Request) -> Response:
        session = _staff(desk, request, touch=False)  # the page's own refresh: not staff activity
        alerts = await run_in_threadpool(alerts_view, desk)
        return templates.TemplateResponse(
            request, "_alerts.html", {"alerts": alerts, "session": session, "messages": []}
        )

    @app.get("/part/receptions")
    async def part_receptions(request: Request, f: str = "today") -> Response:
        session = _staff(desk, request, touch=False)
        receptions = await run_in_threadpool(receptions_view, desk, f)
        return templates.TemplateResponse(
            request, "_receptions.html", {"receptions": receptions, "session": session}
        )

    @app.get("/events")
    async def events(request: Request) -> Response:
        session = _staff(desk, request, touch=False)
        return _event_stream(_stream(desk, session.sid))

    @app.get("/events/waiting")
    async def waiting_events(request: Request) -> Response:
        # For the sign-in page: a desk whose session ran out still rings for a new call. Only a
        # count of calls nobody has taken: no kiosk, no reason, nothing about a patient.
        if _session(desk, request, touch=False) is None:
            raise NotSignedIn()
        return _event_stream(_waiting(desk))

    @app.get("/chime.wav")
    async def chime(request: Request) -> Response:
        if _session(desk, request, touch=False) is None:
            raise NotSignedIn()
        return Response(
            desk.chime, media_type="audio/wav", headers={"Cache-Control": "private, max-age=3600"}
        )

    def alert_action(
        path: str, act: Callable[[RecordStore, int, str], str | tuple[str, bool]]
    ) -> None:
        async def handler(request: Request, alert_id: int) -> Response:
            session = _staff(desk, request)
            await _form(request, session)
            result = await run_in_threadpool(act, desk.store, alert_id, session.staff or "")
            text, ok = result if isinstance(result, tuple) else (result, True)
            session.messages.append(Message("alerts", text, ok))
            return _back("/")

        app.post(path)(handler)

    alert_action("/alerts/{alert_id}/take", actions.take)
    alert_action("/alerts/{alert_id}/resolve", actions.resolve)
    alert_action("/alerts/{alert_id}/check", actions.visual_check)

    @app.post("/alerts/clear")
    async def clear(request: Request) -> Response:
        session = _staff(desk, request)
        await _form(request, session)
        text = await run_in_threadpool(actions.clear_handled, desk.store, session.staff or "")
        session.messages.append(Message("alerts", text, True))
        return _back("/")

    @app.post("/lookup")
    async def lookup(request: Request) -> Response:
        session = _staff(desk, request)
        fields = await _form(request, session)
        typed = {k: fields.get(k, "") for k in actions.LOOKUP_FIELDS}
        result = await run_in_threadpool(
            actions.lookup, desk.store, desk.client, typed, session.staff or "", desk.today()
        )
        session.messages.extend(Message(where, text, ok) for where, text, ok in result.messages)
        if not result.done:
            session.form = typed  # a refused entry stays for correcting; a lookup clears all
        return _back("/#lookup")

    @app.post("/receptions/name")
    async def correct_name(request: Request) -> Response:
        session = _staff(desk, request)
        fields = await _form(request, session)
        text, ok = await run_in_threadpool(
            actions.correct_name, desk.store, fields.get("reception", ""),
            fields.get("name", ""), session.staff or "",
        )  # fmt: skip
        session.messages.append(Message("receptions", text, ok))
        return _back("/")

    @app.get("/month")
    async def month(request: Request, m: str | None = None) -> Response:
        session = _staff(desk, request)
        first = month_start(m, desk.today())
        counts = await run_in_threadpool(count_month, desk.store.reader, first)
        previous = (first - timedelta(days=1)).replace(day=1)
        return page(request, "month.html", session, counts=counts, columns=COLUMNS,
                    month=f"{first:%Y-%m}", previous=f"{previous:%Y-%m}",
                    following=f"{next_month(first):%Y-%m}")  # fmt: skip

    @app.get("/month.csv")
    async def month_file(request: Request, m: str | None = None) -> Response:
        _staff(desk, request)
        first = month_start(m, desk.today())
        counts = await run_in_threadpool(count_month, desk.store.reader, first)
        name = f"receptions-{first:%Y-%m}.csv"
        return Response(
            month_csv(counts),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


async def _waiting(desk: Desk) -> AsyncIterator[str]:
    """The sign-in page's stream: the number of calls nobody has taken, when it changes."""
    sub = desk.feed.subscribe()
    last = -1
    try:
        yield "retry: 2000\n\n"
        while not desk.stopping.is_set():
            count = await run_in_threadpool(desk.store.alerts.waiting_count)
            if count != last:
                last = count
                yield f"event: waiting\ndata: {count}\n\n"
            try:
                await asyncio.wait_for(sub.event.wait(), KEEPALIVE_S)
                sub.take()
            except TimeoutError:
                yield ": keep-alive\n\n"
    finally:
        desk.feed.unsubscribe(sub)


def _event_stream(events: AsyncIterator[str]) -> StreamingResponse:
    """Server-sent events, never cached nor buffered by a proxy on the way."""
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


async def _stream(desk: Desk, sid: str) -> AsyncIterator[str]:
    """The page's event stream: ``alerts`` / ``receptions`` when they changed, a comment every
    :data:`KEEPALIVE_S`, and ``signed-out`` when the session is gone (expired or signed out)."""
    sub = desk.feed.subscribe()
    try:
        yield "retry: 2000\n\n"
        while not desk.stopping.is_set():
            if desk.sessions.get(sid, touch=False) is None:
                yield "event: signed-out\ndata: 1\n\n"
                return
            try:
                await asyncio.wait_for(sub.event.wait(), KEEPALIVE_S)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            for kind in sorted(sub.take()):
                yield f"event: {kind}\ndata: 1\n\n"
    finally:
        desk.feed.unsubscribe(sub)
