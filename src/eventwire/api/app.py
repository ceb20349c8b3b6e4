"""The FastAPI app of ``eventwire serve``: the JSON API and the static page (``eventwire/web``).

Endpoints (OpenAPI schema at ``/openapi.json``; no /docs page, which would load scripts from a CDN)::

    GET  /api/events            events matching the filters of `eventwire events`, paged
    GET  /api/events.csv        the same as CSV (the columns of `export -f csv`, cells neutralised)
    GET  /api/events/{id}       one event, its mentions, and the canonical event it belongs to
    GET  /api/articles/{id}     an article: text, sections, events, quotes, places, entities
    GET  /api/actors            actors with their counts as actor and as recipient
    GET  /api/places            where the matching events happened (map points and countries)
    GET  /api/timeline          matching events per day and quad class
    GET  /api/negotiations      REQUEST/AGREE/REJECT/CONCEDE/CONSULT between two parties, in order
    GET  /api/stats             counts, events per type and quad, watched feeds
    GET  /api/live              a cheap "has anything changed?" for the page's live updates
    GET  /api/failures          the newest failures rows
    POST /api/articles          ingest one article: only when a token is configured, and only
                                with ``Authorization: Bearer TOKEN``

An invalid parameter is a 422 whose ``detail[].loc`` names it; an unknown id a 404. The page is
served with a Content-Security-Policy that allows no inline script and nothing from elsewhere.
"""

from __future__ import annotations

import hmac
import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import StorageError
from ..store.queries import FILTERS, build_filter
from . import models
from . import queries as q
from .snapshot import Snapshots

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parents[1] / "web"

#: Sent with every response: no inline script, nothing loaded from elsewhere, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_ISO3 = r"^[A-Za-z]{3}$"


class Filters:
    """The query parameters shared by the event endpoints (the filters of ``eventwire events``
    plus ``article``, ``geonameid`` and ``located``)."""

    def __init__(
        self,
        type: Optional[str] = Query(None, max_length=40, description="PLOVER event type, e.g. ASSAULT"),
        quad: Optional[str] = Query(None, max_length=40, description="verbal cooperation, material cooperation, verbal conflict or material conflict"),
        actor: Optional[str] = Query(None, max_length=200, description="words of an actor's name or text"),
        recipient: Optional[str] = Query(None, max_length=200, description="words of a recipient's name or text"),
        actor_country: Optional[str] = Query(None, pattern=_ISO3, description="ISO alpha-3 of an actor"),
        recipient_country: Optional[str] = Query(None, pattern=_ISO3, description="ISO alpha-3 of a recipient"),
        country: Optional[str] = Query(None, pattern=_ISO3, description="where it happened (else an actor's or recipient's country)"),
        place: Optional[str] = Query(None, max_length=200, description="words of the location's name"),
        since: Optional[str] = Query(None, pattern=_DATE, description="on or after: YYYY-MM-DD, YYYY-MM or YYYY"),
        until: Optional[str] = Query(None, pattern=_DATE, description="on or before: YYYY-MM-DD, YYYY-MM or YYYY"),
        aux: Optional[str] = Query(None, max_length=20, description="none, historical, future, hypothetical or negation"),
        text: Optional[str] = Query(None, max_length=200, description="words of a mention sentence or trigger"),
        article: Optional[str] = Query(None, max_length=64, description="an article id"),
        geonameid: Optional[int] = Query(None, ge=0, le=2**53, description="GeoNames id of the location"),
        located: Optional[str] = Query(None, pattern="^(point|country|none)$",
                                       description="point (coordinates), country (located only to a country) or none"),
    ):
        self.shared = {"type": type, "quad": quad, "actor": actor, "recipient": recipient,
                       "actor_country": actor_country, "recipient_country": recipient_country,
                       "country": country, "place": place, "since": since, "until": until, "aux": aux,
                       "text": text}
        self.article, self.geonameid, self.located = article, geonameid, located

    def sql(self) -> tuple[str, list]:
        """WHERE clause and parameters; an unusable value is a 422 naming its parameter."""
        check(self.shared)
        try:
            return q.event_filter(self.shared, self.article, self.geonameid, self.located)
        except StorageError as exc:  # pragma: no cover - check() found nothing, yet it failed
            raise HTTPException(422, detail=[{"loc": ["query"], "msg": str(exc), "type": "value_error"}]) from exc


def check(filters: dict[str, Any]) -> None:
    """Try each filter alone through ``build_filter``; raise a 422 listing the bad ones by name."""
    errors = []
    for name, value in filters.items():
        if value is None:
            continue
        try:
            build_filter(**{name: value})
        except StorageError as exc:
            msg = str(exc).replace(f"--{name} ", "")
            errors.append({"loc": ["query", name], "msg": f"{name}: {msg}", "type": "value_error"})
    if errors:
        raise HTTPException(422, detail=errors)


def create_app(db: str | Path, *, token: str | None = None, snapshots: Snapshots | None = None,
               refresh_interval: float = 2.0, allowed_hosts: list[str] | None = None,
               watcher=None, max_bytes: int = 5_000_000) -> FastAPI:
    """The API and page over one database.

    Args:
        db: the DuckDB file (read through a private snapshot; see :mod:`.snapshot`).
        token: enables ``POST /api/articles`` for requests with ``Authorization: Bearer TOKEN``;
            None: no write endpoint at all.
        snapshots: an open :class:`Snapshots` to use (default: one is made and opened at startup).
        refresh_interval: seconds between checks of the database for changes.
        allowed_hosts: Host header values accepted (DNS-rebinding guard); None accepts any.
        watcher: a :class:`eventwire.runners.watch.Watcher` to run in a thread while serving
            (``serve --watch``); it must share ``snapshots.write_lock``.
        max_bytes: largest text ``POST /api/articles`` accepts, in bytes of UTF-8.

    Raises:
        StorageError: at startup, when the database cannot be read.
    """
    snaps = snapshots or Snapshots(db, interval=refresh_interval)
    own_snaps = snapshots is None
    ingest_lock = threading.Lock()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if own_snaps:
            snaps.open()
        thread = None
        if watcher is not None:
            thread = threading.Thread(target=watcher.run_forever, name="eventwire-watch", daemon=True)
            thread.start()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
                if thread is not None:
                    thread.join(timeout=30)
            if own_snaps:
                snaps.close()

    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="PLOVER events from news, with the sentence behind every record.")
    app.state.snapshots = snaps

    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    from starlette.middleware.gzip import GZipMiddleware

    app.add_middleware(GZipMiddleware, minimum_size=2048)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StorageError)
    async def storage_error(request: Request, exc: StorageError):
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return JSONResponse({"detail": _json_safe_errors(exc.errors())}, status_code=422)

    # ------------------------------------------------------------------ events

    @app.get("/api/events", response_model=models.EventPage, tags=["events"])
    def list_events(f: Filters = Depends(),
                    page: int = Query(1, ge=1, le=1_000_000, description="1-based page number"),
                    page_size: int = Query(50, ge=1, le=q.MAX_PAGE_SIZE, description=f"at most {q.MAX_PAGE_SIZE}")):
        """Events matching every filter (AND), newest event date first, one page at a time."""
        where, params = f.sql()
        with snaps.cursor() as cur:
            return q.events_page(cur, where, params, page, page_size)

    @app.get("/api/events.csv", tags=["events"], response_class=StreamingResponse,
             responses={200: {"content": {"text/csv": {}}, "description": "one row per event"}})
    def events_csv(f: Filters = Depends()):
        """Every matching event as CSV: the columns of ``eventwire export -f csv``; text cells
        that start with =, +, -, @, tab or CR get a leading apostrophe (no spreadsheet formulas)."""
        where, params = f.sql()
        return StreamingResponse(_csv_rows(snaps, where, params), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/api/events/{event_id}", response_model=models.EventDetail, tags=["events"],
             responses={404: {"description": "no such event"}})
    def get_event(event_id: str):
        """One event with its mentions and the canonical event (all its reports) it belongs to."""
        with snaps.cursor() as cur:
            ev = q.event_detail(cur, event_id)
        if ev is None:
            raise HTTPException(404, detail=f"no event {event_id!r}")
        return ev

    @app.get("/api/articles/{article_id}", response_model=models.ArticleDetail, tags=["articles"],
             responses={404: {"description": "no such article"}})
    def get_article(article_id: str):
        """An article's text with its sections, events, quotes, places and entities (offsets)."""
        with snaps.cursor() as cur:
            art = q.article_detail(cur, article_id)
        if art is None:
            raise HTTPException(404, detail=f"no article {article_id!r}")
        return art

    @app.get("/api/actors", response_model=list[models.Actor], tags=["aggregates"])
    def list_actors(q_: Optional[str] = Query(None, alias="q", max_length=200, description="words of the name"),
                    limit: int = Query(100, ge=1, le=q.MAX_PAGE_SIZE)):
        """Actors and recipients by name, with their event counts in each role."""
        with snaps.cursor() as cur:
            return q.actors(cur, q_, limit)

    @app.get("/api/places", response_model=models.Places, tags=["aggregates"])
    def list_places(f: Filters = Depends()):
        """Where the matching events happened: points with coordinates, and countries for the
        events located only to a country."""
        where, params = f.sql()
        with snaps.cursor() as cur:
            return q.places(cur, where, params)

    @app.get("/api/timeline", response_model=models.Timeline, tags=["aggregates"])
    def get_timeline(f: Filters = Depends()):
        """Matching events per day and quad class (day-precision events; others counted apart)."""
        where, params = f.sql()
        with snaps.cursor() as cur:
            return q.timeline(cur, where, params)

    @app.get("/api/negotiations", response_model=list[models.Event], tags=["aggregates"])
    def get_negotiations(a: str = Query(..., min_length=1, max_length=200, description="a party: ISO alpha-3 (RUS) or words of a name"),
                         b: str = Query(..., min_length=1, max_length=200, description="the other party"),
                         f: Filters = Depends()):
        """REQUEST, AGREE, REJECT, CONCEDE and CONSULT events in which both parties take part,
        oldest first."""
        check(f.shared)
        if not a.strip() or not b.strip():
            raise HTTPException(422, detail=[{"loc": ["query", "a" if not a.strip() else "b"],
                                              "msg": "give a party: an ISO alpha-3 code or a name", "type": "value_error"}])
        with snaps.cursor() as cur:
            return q.negotiations(cur, a, b, f.shared)

    # ------------------------------------------------------------------ state

    @app.get("/api/stats", response_model=models.Stats, tags=["state"])
    def get_stats():
        """Counts of articles, events, canonical events, failures and runs; watched feeds."""
        with snaps.cursor() as cur:
            out = q.stats(cur)
            from ..runners.feedstate import feed_rows

            out["feeds"] = feed_rows(cur)
        out["snapshot"] = snaps.generation
        return out

    @app.get("/api/live", response_model=models.Live, tags=["state"])
    def get_live():
        """The snapshot generation and the newest counts; the page polls this to show new events."""
        with snaps.cursor() as cur:
            arts, evs, last = cur.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                "(SELECT max(ingested_at) FROM articles)").fetchone()
        return {"snapshot": snaps.generation, "taken": snaps.taken, "articles": arts, "events": evs,
                "last_ingest": last.isoformat() if last else None, "error": snaps.last_error}

    @app.get("/api/failures", response_model=list[models.FailureRow], tags=["state"])
    def get_failures(limit: int = Query(50, ge=1, le=q.MAX_PAGE_SIZE)):
        """The newest documents that could not be read or processed, with the reason."""
        with snaps.cursor() as cur:
            return q.failures(cur, limit)

    # ------------------------------------------------------------------ write (token only)

    if token:
        @app.post("/api/articles", response_model=models.Ingested, tags=["articles"],
                  responses={401: {"description": "missing or wrong token"},
                             413: {"description": "text too large"}})
        def post_article(body: models.NewArticle, authorization: Optional[str] = Header(None)):
            """Extract and store one article (needs ``Authorization: Bearer TOKEN``)."""
            scheme, _, given = (authorization or "").partition(" ")
            if scheme.lower() != "bearer" or not given.strip() \
                    or not hmac.compare_digest(given.strip().encode(), token.encode()):
                raise HTTPException(401, detail="a valid token is required (Authorization: Bearer TOKEN)",
                                    headers={"WWW-Authenticate": "Bearer"})
            if len(body.text.encode("utf-8")) > max_bytes:
                raise HTTPException(413, detail=f"text: over {max_bytes:,} bytes")
            with ingest_lock:
                return _ingest_one(body, db, snaps, state, max_bytes)

    # ------------------------------------------------------------------ page

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app


def _json_safe_errors(errors) -> list[dict]:
    """Validation errors as JSON: FastAPI's own handler decodes a raw ``bytes`` input as UTF-8 and
    fails with a 500 on a body that is not (a POST without a JSON content type). Such an input is
    left out and the message says what is wrong with the body.

    Args:
        errors: ``RequestValidationError.errors()``: dicts with ``loc``, ``msg``, ``type``, ``input``.

    Returns:
        The same errors, JSON-encodable.
    """
    from fastapi.encoders import jsonable_encoder

    out = []
    for err in errors:
        err = dict(err)
        raw = err.get("input")
        if isinstance(raw, (bytes, bytearray)):
            err.pop("input")
            try:
                raw.decode("utf-8")
                err["msg"] = f"{err.get('msg', 'invalid')}: the body must be a JSON object (Content-Type: application/json)"
            except UnicodeDecodeError as bad:
                err["msg"] = (f"the body is not UTF-8 (byte 0x{raw[bad.start]:02x} at offset {bad.start}): "
                              "send a UTF-8 JSON object with Content-Type: application/json")
        out.append(jsonable_encoder(err))
    return out


def _csv_rows(snaps: Snapshots, where: str, params: list) -> Iterator[str]:
    """CSV text of the ``event_rows`` view for the matching events, a chunk at a time."""
    import csv
    import io

    from ..csvsafe import row

    buf = io.StringIO()
    w = csv.writer(buf)
    with snaps.cursor() as cur:
        cur.execute(f"SELECT r.* FROM event_rows r JOIN events e ON e.id = r.event_id WHERE {where} "
                    "ORDER BY e.date DESC NULLS LAST, e.article_id, e.ordinal", params)
        w.writerow([d[0] for d in cur.description])
        while True:
            rows = cur.fetchmany(1000)
            if not rows:
                break
            w.writerows(row(r) for r in rows)
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _ingest_one(body: models.NewArticle, db, snaps: Snapshots, state: dict, max_bytes: int) -> dict:
    """Run the pipeline over a posted article and store it (under the snapshot's write lock)."""
    from ..errors import EventwireError, InputError
    from ..ingest.text import article_from_text
    from ..pipeline import Failure
    from ..runners.local import build_pipeline, process
    from ..store import Store

    text = body.text
    if body.title and not text.lstrip().startswith(body.title.strip()):
        text = f"{body.title.strip()}\n\n{text}"
    try:
        art = article_from_text(text, body.url or "api:POST /api/articles", body.published,
                                url=body.url, title=body.title, outlet=body.outlet)
    except InputError as exc:
        raise HTTPException(422, detail=[{"loc": ["body", "text"], "msg": exc.reason, "type": "value_error"}]) from exc
    if "pipeline" not in state:
        try:
            state["pipeline"] = build_pipeline({"max_bytes": max_bytes})
        except EventwireError as exc:
            raise HTTPException(503, detail=str(exc)) from exc
    res = process(state["pipeline"], art)
    if isinstance(res, Failure):
        with snaps.write_lock:
            with Store(db, timeout=30) as st:
                run = st.start_run(["eventwire", "serve", "POST /api/articles"])
                st.write_failure(res, run)
                st.finish_run(run, {"read": 1, "failed": 1})
        snaps.refresh(force=True)
        return {"article_id": art.hash, "stored": False, "events": 0, "failure": res.error}
    with snaps.write_lock:
        with Store(db, timeout=30) as st:
            run = st.start_run(["eventwire", "serve", "POST /api/articles"])
            stored = st.write_article(res, run)
            st.finish_run(run, {"read": 1, "stored": int(stored), "skipped": int(not stored)})
    snaps.refresh(force=True)
    return {"article_id": res.hash, "stored": stored, "events": len(res.events), "failure": None}


__all__ = ["create_app", "Filters", "FILTERS", "SECURITY_HEADERS"]
