"""The HTTP API (FastAPI): route -> corroborate.browse -> JSON or CSV. Read-only, no logic of its own.

``create_app(db)`` opens the database read-only and serves /api/... (OpenAPI at /openapi.json, an
offline page of it at /docs); the web UI's routes (corroborate.web.routes) are mounted on the same
app when that module exists. Every response carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import threading
import weakref
from collections.abc import Iterable, Iterator
from html import escape
from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from . import __version__, browse
from .corpus import Corpus, NotFound, country_codes
from .extract.incidents import TYPES
from .model import DEFAULT_POLICY, INCIDENT_SORTS, POLICIES, IncidentQuery
from .read import normalise_published
from .store import StoreError

MAX_BODY_BYTES = 64 * 1024  # a read-only API takes no uploads: a larger request body is refused (413)
MAX_TEXT = 200  # characters of a search or name parameter
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]  # fmt: skip
READ_METHODS = {"GET", "HEAD"}
ROLES = ("claimed", "blamed", "denied", "suspected")
KINDS = ("contradiction", "refinement", "update")
FIELDS = ("killed", "injured", "arrested", "date", "location", "perpetrator")

Format = Annotated[Literal["json", "csv"], Query(alias="format", description="json (default) or csv: the same rows as CSV.")]
Page = Annotated[int, Query(ge=1, le=2**31, description="1-based page number.")]
PerPage = Annotated[int, Query(ge=1, le=browse.MAX_PER_PAGE, description=f"Rows per page, at most {browse.MAX_PER_PAGE}.")]
Policy = Annotated[Optional[Literal[POLICIES]], Query(description="Consensus policy for best figures.")]  # type: ignore[valid-type]


class ThreadCorpus:
    """The app's read-only Corpus: one SQLite read connection per serving thread (a connection
    belongs to the thread that opened it), opened on first use; attributes are the Corpus's."""

    def __init__(self, path):
        self.path = path
        self._local = threading.local()
        # Weak: a worker thread that ends (the server's pool retires idle ones) takes its Corpus
        # with it, and the connection is closed as it goes; only living ones are closed at shutdown.
        self._opened: weakref.WeakSet[Corpus] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._get()  # fails now, with the store's message, when the database cannot be read

    def _get(self) -> Corpus:
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = self._local.corpus = Corpus(self.path, readonly=True)
            with self._lock:
                self._opened.add(corpus)
        return corpus

    def open_count(self) -> int:
        """Connections open now (one per living thread that used one)."""
        with self._lock:
            return len(self._opened)

    def __getattr__(self, name: str):
        return getattr(self._get(), name)

    def close(self) -> None:
        with self._lock:
            opened, self._opened = list(self._opened), weakref.WeakSet()
        for corpus in opened:
            try:
                corpus.close()
            except Exception:  # noqa: BLE001 - a connection of a finished thread may refuse; it is gone anyway
                pass


class Guard:
    """ASGI middleware: GET and HEAD only (405), request bodies up to MAX_BODY_BYTES (413), and the
    security headers on every response. HEAD is answered as GET without the body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return await _plain(send, 413, f"request body over {MAX_BODY_BYTES} bytes: this API takes no uploads")
        method = scope["method"]
        if method not in READ_METHODS:
            return await _plain(send, 405, "read-only: only GET and HEAD", [(b"allow", b"GET, HEAD")])
        if b"transfer-encoding" in headers:  # a body of unstated length: read it (up to the limit) to know
            size, more = 0, True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                size += len(message.get("body", b""))
                more = message.get("more_body", False)
                if size > MAX_BODY_BYTES:
                    return await _plain(send, 413, f"request body over {MAX_BODY_BYTES} bytes: this API takes no uploads")
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def guarded(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(scope, receive, guarded)


async def _plain(send, status: int, text: str, extra: list | None = None) -> None:
    body = ('{"detail": "' + text.replace('"', "'") + '"}').encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(extra or []), *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _message(error: RequestValidationError) -> str:
    """'per_page: Input should be less than or equal to 500; sort: ...' from FastAPI's details."""
    parts = []
    for item in error.errors():
        where = ".".join(str(x) for x in item.get("loc", ()) if x not in ("query", "path"))
        parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
    return "; ".join(parts)


def _csv_cell(value) -> str | int | float:
    """A CSV cell; text that a spreadsheet would run as a formula (=, +, -, @) is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(columns: list[str], rows: Iterable[dict], name: str) -> StreamingResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
            if buffer.tell() > 16_384:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    headers = {"content-disposition": f'attachment; filename="{name}.csv"'}
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)


INCIDENT_CSV = [
    "id", "date", "date_end", "precision", "type", "status", "place", "facility", "admin1", "country", "country_name", "lat", "lon",
    "killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high", "arrested_best", "arrested_low",
    "arrested_high", "actors", "n_sources", "n_independent", "has_conflict", "conflicts",
]  # fmt: skip
CONFLICT_CSV = ["incident", "field", "kind", "facility", "place", "country", "value", "text", "quote", "speaker", "outlet", "published", "document"]
ACTOR_CSV = ["id", "name", "kind", "parent", "incidents"]


def _flat_incident(row: dict) -> dict:
    flat = {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
    for category in browse.CATEGORIES:
        for key, value in row[category].items():
            flat[f"{category}_{key}"] = value
    flat["actors"] = "; ".join(f"{a['name']} ({a['role']})" for a in row["actors"])
    return flat


def _flat_conflicts(rows: list[dict]) -> Iterator[dict]:
    """One CSV row per claim of each conflict."""
    for conflict in rows:
        place = conflict["place"]
        for claim in conflict["claims"]:
            value = claim.get("value") or claim.get("text") or claim.get("name")
            if "min" in claim:
                value = claim["min"] if claim.get("max") == claim["min"] else f"{claim['min']}-{claim.get('max') or ''}"
            yield {
                "incident": conflict["incident"], "field": conflict["field"], "kind": conflict["kind"],
                "facility": place.get("facility"), "place": place.get("name"), "country": place.get("country_code"),
                "value": value, "text": claim.get("text"), "quote": claim.get("quote"), "speaker": claim.get("speaker"),
                "outlet": claim.get("outlet"), "published": claim.get("published"), "document": claim.get("document"),
            }  # fmt: skip


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    normal = normalise_published(value)
    if normal is None:
        raise ValueError(f"{name} must be an ISO 8601 date such as 2024-01-03")
    return normal[:10]


# Routes return JSONResponse themselves: browse.py's data is plain JSON already, and FastAPI's
# encoder would walk every nested value again (most of a large answer's time).
router = APIRouter(prefix="/api")


def incident_query(
    request: Request,
    country: Annotated[Optional[list[str]], Query(max_length=MAX_TEXT, description="ISO code or English name; repeat for several.")] = None,
    since: Annotated[Optional[str], Query(max_length=40, description="Dated on or after this ISO date.")] = None,
    until: Annotated[Optional[str], Query(max_length=40, description="Dated on or before this ISO date.")] = None,
    type: Annotated[Optional[Literal[TYPES]], Query(description="Incident type.")] = None,  # type: ignore[valid-type]
    actor: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="Actor id, name or alias (branches too).")] = None,
    role: Annotated[Optional[Literal[ROLES]], Query(description="The actor's role.")] = None,  # type: ignore[valid-type]
    min_killed: Annotated[Optional[int], Query(ge=0, le=2**62, description="Best killed figure at least this.")] = None,
    has_conflict: Annotated[Optional[bool], Query(description="true: reports contradict or update each other; false: they do not.")] = None,
    q: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="Words in the place, country, an actor's name or a report's title.")] = None,
    policy: Policy = None,
) -> IncidentQuery:
    """The filters of `corroborate incidents`, as query parameters (shared by /api/incidents and /api/export)."""
    codes = country_codes(country) if country else None
    return IncidentQuery(
        policy=policy or request.app.state.policy, countries=None if codes is None else tuple(codes), since=_date(since, "since"),
        until=_date(until, "until"), type=type, actor=actor, role=role, min_killed=min_killed, has_conflict=has_conflict, text=q,
    )  # fmt: skip


Filters = Annotated[IncidentQuery, Depends(incident_query)]


@router.get("/incidents", summary="Incidents, filtered, sorted and paginated (CSV with ?format=csv)")
def incidents(
    request: Request,
    query: Filters,
    sort: Annotated[Literal[INCIDENT_SORTS], Query(description="Order of the list.")] = "date_desc",  # type: ignore[valid-type]
    page: Page = 1,
    per_page: PerPage = 50,
    facets: Annotated[bool, Query(description="false: leave out the facet counts (faster paging).")] = True,
    fmt: Format = "json",
):
    data = browse.incident_list(request.app.state.corpus, query, sort=sort, page=page, per_page=per_page, facets=facets)
    if fmt == "csv":
        return _csv(INCIDENT_CSV, (_flat_incident(r) for r in data["incidents"]), "incidents")
    return JSONResponse(data)


@router.get("/incidents/{incident_id}", summary="One incident with its claims, attributions, series and conflicts")
def incident(request: Request, incident_id: str, policy: Policy = None):
    return JSONResponse(browse.incident_detail(request.app.state.corpus, incident_id[:80], policy or request.app.state.policy))


@router.get("/conflicts", summary="Classified disagreements between reports (CSV with ?format=csv: one row per claim)")
def conflicts(
    request: Request,
    kind: Annotated[Optional[Literal[KINDS]], Query(description="contradiction, refinement or update.")] = None,  # type: ignore[valid-type]
    field: Annotated[Optional[Literal[FIELDS]], Query(description="The field the reports disagree on.")] = None,  # type: ignore[valid-type]
    page: Page = 1,
    per_page: PerPage = 50,
    fmt: Format = "json",
):
    data = browse.conflict_list(request.app.state.corpus, kind, field, page, per_page)
    if fmt == "csv":
        return _csv(CONFLICT_CSV, _flat_conflicts(data["conflicts"]), "conflicts")
    return JSONResponse(data)


@router.get("/actors", summary="Registered actors, most often named first (CSV with ?format=csv)")
def actors(
    request: Request,
    q: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="Words in the id, name or an alias.")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
    fmt: Format = "json",
):
    data = browse.actor_list(request.app.state.corpus, q, page, per_page)
    if fmt == "csv":
        return _csv(ACTOR_CSV, data["actors"], "actors")
    return JSONResponse(data)


@router.get("/actors/{actor_id}", summary="One actor: aliases, parent, branches, incidents, statements about and by it")
def actor(request: Request, actor_id: str, policy: Policy = None):
    return JSONResponse(browse.actor_detail(request.app.state.corpus, actor_id[:MAX_TEXT], policy or request.app.state.policy))


@router.get("/documents/{document_id}", summary="One stored document: metadata, text, mentions, syndication group, incidents")
def document(request: Request, document_id: str):
    return JSONResponse(browse.document_detail(request.app.state.corpus, document_id[:80].strip().lower()))


@router.get("/export/{fmt}", summary="Incidents in an export format, streamed (as `corroborate export`); takes the incident filters")
def export(
    request: Request,
    fmt: str,
    query: Filters,
    table: Annotated[str, Query(max_length=40, description="csv: incidents (default), claims, actors or documents.")] = "incidents",
):
    try:
        from .export import FORMATS, write  # corroborate.export: one streaming entry point for every format
    except ImportError:
        return JSONResponse({"detail": "exports are not available in this version"}, status_code=501)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    media_type, suffix, binary = spec.media_type, spec.suffix if spec.suffix.startswith(".") else "." + spec.suffix, spec.binary
    if table not in spec.tables:
        raise ValueError(f"the {fmt} export has no table {table!r}: use one of {', '.join(spec.tables)}")
    path = request.app.state.corpus.path
    return StreamingResponse(
        _export_chunks(lambda stream: _export_into(write, fmt, path, stream, query, table), binary),
        media_type=media_type, headers={"content-disposition": f'attachment; filename="corroborate{suffix}"'},
    )  # fmt: skip


def _export_into(write, fmt: str, path, stream, query: IncidentQuery, table: str) -> None:
    with Corpus(path, readonly=True) as corpus:  # its own connection, in the writer's thread
        write(fmt, corpus, stream, query=query, policy=query.policy, table=table)


class _Gone(Exception):
    """The client left: the export stops writing."""


class _Chunks(io.RawIOBase):
    """A write-only stream handing what is written to a bounded queue (text is UTF-8 encoded);
    once ``gone`` is set (the client left), writing raises _Gone instead of waiting forever."""

    def __init__(self, chunks, gone: threading.Event):
        self.chunks, self.gone, self.written = chunks, gone, 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        import queue

        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        while raw:
            if self.gone.is_set():
                raise _Gone
            try:
                self.chunks.put(raw, timeout=0.5)
                break
            except queue.Full:
                continue
        self.written += len(raw)
        return len(data)

    def tell(self) -> int:
        return self.written


def _export_chunks(run, binary: bool) -> Iterator[bytes]:
    """Run ``run(stream)`` in a thread and yield what it writes, as it writes it (flat memory: the
    queue holds at most 64 chunks). A failure re-raises here, ending the body early; a client that
    leaves stops the writer."""
    import queue

    chunks: queue.Queue = queue.Queue(maxsize=64)
    gone, failed = threading.Event(), []
    done = object()

    def target() -> None:
        raw = _Chunks(chunks, gone)
        stream = raw if binary else io.TextIOWrapper(io.BufferedWriter(raw, 65536), encoding="utf-8", newline="")
        try:
            run(stream)
            stream.flush()
        except _Gone:
            pass
        except Exception as error:  # noqa: BLE001 - handed to the response's thread, raised there
            failed.append(error)
        finally:
            while not gone.is_set():
                try:
                    chunks.put(done, timeout=0.5)
                    break
                except queue.Full:
                    continue

    threading.Thread(target=target, daemon=True, name="corroborate-export").start()
    try:
        while (chunk := chunks.get()) is not done:
            yield chunk
        if failed:
            raise failed[0]
    finally:
        gone.set()


def _docs_page(spec: dict) -> str:
    """/docs: the OpenAPI description as plain HTML (no scripts, nothing from the network)."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Corroborate API</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head><body>",
        f"<h1>{escape(spec['info']['title'])} {escape(spec['info']['version'])}</h1>",
        "<p>Read-only JSON API. Machine-readable description: <a href='/openapi.json'>/openapi.json</a>. "
        "Lists take <code>?format=csv</code> for the same rows as CSV.</p>",
    ]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            parts.append(f"<section><h2><code>{escape(method.upper())} {escape(path)}</code></h2><p>{escape(op.get('summary', ''))}</p>")
            params = op.get("parameters", [])
            if params:
                parts.append("<table><thead><tr><th>parameter</th><th>in</th><th>description</th></tr></thead><tbody>")
                for p in params:
                    parts.append(
                        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                        f"<td>{escape(p.get('description', ''))}</td></tr>"
                    )
                parts.append("</tbody></table>")
            parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its package is missing
        return False


def create_app(db=None, policy: str = DEFAULT_POLICY) -> FastAPI:
    """The API (and the web UI, when corroborate.web.routes exists) over the database at ``db``
    ($CORROBORATE_DB or ./corroborate.db by default), opened read-only. Raises StoreError when the
    database is missing, damaged or from a newer Corroborate."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}: use one of {', '.join(POLICIES)}")
    from .corpus import default_db_path

    corpus = ThreadCorpus(db if db is not None else default_db_path())
    app = FastAPI(title="Corroborate", version=__version__, docs_url=None, redoc_url=None)
    app.state.corpus = corpus
    app.state.policy = policy
    app.add_middleware(Guard)

    @app.exception_handler(RequestValidationError)
    async def invalid(request, error: RequestValidationError):
        return JSONResponse({"detail": _message(error), "errors": error.errors()}, status_code=422)

    @app.exception_handler(ValueError)
    async def bad_value(request, error: ValueError):
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(NotFound)
    async def not_found(request, error: NotFound):
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(StoreError)
    async def store_error(request, error: StoreError):
        return JSONResponse({"detail": str(error)}, status_code=422 if "ambiguous" in str(error) else 503)

    app.include_router(router)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs():
        return _docs_page(app.openapi())

    if _has_module("corroborate.web.routes"):
        from .web import routes

        app.include_router(routes.router)
        if hasattr(routes, "mount"):
            routes.mount(app)  # static assets and anything a router cannot carry
    app.router.add_event_handler("shutdown", corpus.close)
    return app
