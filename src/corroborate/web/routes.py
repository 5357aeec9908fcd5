"""The web UI's pages: each renders one browse.py function's data through autoescaped Jinja2
templates; the same URL with ``?format=json`` is the page's JSON twin (that function's data as is).

Routes hold no query logic: filters become a model.IncidentQuery, consensus and rows come from
browse.py; this module only turns request parameters into calls and data into display pieces.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import ascii_uppercase

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import browse
from ..corpus import NotFound
from ..model import DEFAULT_POLICY, IncidentQuery
from ..store.sqlite import StoreError
from . import render

HERE = Path(__file__).parent
STATIC = HERE / "static"
PER_PAGE = 50  # incidents per list page
MAP_PER_PAGE = browse.MAX_PER_PAGE  # the map reads its points in pages of the API's hard cap
SORTS = (("date_desc", "Newest first"), ("date_asc", "Oldest first"), ("killed_desc", "Most killed"), ("killed_asc", "Fewest killed"))
FACETS = (("country", "Country", True), ("type", "Type", False), ("actor", "Actor", False),
          ("year", "Year", False), ("has_conflict", "Reports disagree", False))  # fmt: skip
MENTION_KINDS = ("casualty", "incident", "date", "place", "actor", "person", "statement")
YEAR = re.compile(r"^\d{4}$")

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True))
env.filters.update(http_url=render.http_url, figure=render.figure)
env.globals["static"] = lambda path: "/static/" + path

router = APIRouter(include_in_schema=False)


# --------------------------------------------------------------------------- plumbing
def _corpus(request: Request):
    return request.app.state.corpus


def _policy(request: Request) -> str:
    return getattr(request.app.state, "policy", None) or DEFAULT_POLICY


def _wants_json(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt not in (None, "", "html", "json"):
        raise HTTPException(422, "format must be html or json")
    return fmt == "json"


def _page(request: Request, template: str, data: dict, **context) -> Response:
    """The page, or its JSON twin: the browse function's ``data`` unchanged."""
    if _wants_json(request):
        return JSONResponse(data)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    json_url = request.url.path + render.with_params(params, format="json")
    html = env.get_template(template).render(data=data, json_url=json_url, **context)
    return HTMLResponse(html)


def _int(request: Request, name: str, default: int, low: int = 1) -> int:
    raw = request.query_params.get(name) or ""
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < low:
        raise HTTPException(422, f"{name} must be a whole number of at least {low}")
    return int(raw)


def _one(request: Request, name: str) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    return value or None


def _call(function, *args, **kwargs):
    """A browse call with its errors as HTTP answers: unknown ids 404, bad parameters 422."""
    try:
        return function(*args, **kwargs)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except StoreError as error:
        if "prefix" not in str(error) and "ambiguous" not in str(error):
            raise
        raise HTTPException(404, str(error)) from None  # an id too short or shared by several: no such page
    except ValueError as error:
        raise HTTPException(422, str(error)) from None


def error_page(request: Request, status: int, message: str) -> Response:
    """An HTML error page (JSON when the twin was asked for); used by the app's handlers."""
    if request.query_params.get("format") == "json" or request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    titles = {404: "Not found", 422: "Invalid request", 413: "Too large", 405: "Not allowed"}
    html = env.get_template("error.html").render(status=status, title=titles.get(status, "Error"), message=message, json_url=None)
    return HTMLResponse(html, status_code=status)


# --------------------------------------------------------------------------- the incident list
def _query(request: Request) -> tuple[IncidentQuery, dict]:
    """The list's filters from the query string (empty fields mean no filter)."""
    countries = tuple(sorted({c.strip().upper() for c in request.query_params.getlist("country") if c.strip()}))
    year = _one(request, "year")
    if year and not YEAR.match(year):
        raise HTTPException(422, "year must be four digits, e.g. 2025")
    conflict = _one(request, "has_conflict")
    if conflict not in (None, "true", "false"):
        raise HTTPException(422, "has_conflict must be true or false")
    sort = _one(request, "sort") or "date_desc"
    if sort not in dict(SORTS):
        raise HTTPException(422, f"sort must be one of {', '.join(dict(SORTS))}")
    query = IncidentQuery(
        policy=_policy(request), countries=countries or None, type=_one(request, "type"), actor=_one(request, "actor"),
        since=f"{year}-01-01" if year else None, until=f"{year}-12-31" if year else None,
        has_conflict=None if conflict is None else conflict == "true",
    )  # fmt: skip
    chosen = {"country": list(countries), "type": _one(request, "type"), "actor": _one(request, "actor"), "year": year,
              "has_conflict": conflict, "q": _one(request, "q"), "sort": sort}  # fmt: skip
    return query, chosen


def _facets(data: dict, chosen: dict) -> list[dict]:
    out = []
    for name, title, multiple in FACETS:
        options = [{"value": _facet_value(value), "label": label, "count": n} for value, label, n in data["facets"].get(name, [])]
        selected = chosen[name] if multiple else [chosen[name]] if chosen[name] else []
        known = {o["value"] for o in options}
        # A chosen value no incident now has (0 matches) stays visible so it can be unticked.
        options += [{"value": v, "label": v, "count": 0} for v in selected if v not in known]
        out.append({"name": name, "title": title, "multiple": multiple, "options": options, "selected": selected})
    return out


def _facet_value(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _list_context(request: Request, data: dict, chosen: dict) -> dict:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "page")]
    page, pages = data["page"], data["pages"]
    sort = chosen["sort"]

    def toggle(column: str) -> tuple[str, str]:
        desc, asc = f"{column}_desc", f"{column}_asc"
        target = asc if sort == desc else desc
        mark = " ↓" if sort == desc else " ↑" if sort == asc else ""
        return request.url.path + render.with_params(params, sort=target), mark

    (date_link, date_mark), (killed_link, killed_mark) = toggle("date"), toggle("killed")
    return {
        "rows": data["incidents"], "total": data["total"], "facets": _facets(data, chosen), "filters": chosen, "sorts": SORTS,
        "filtered": any(chosen[k] for k in ("country", "type", "actor", "year", "has_conflict", "q")),
        "sort_links": {"date": date_link, "date_mark": date_mark, "killed": killed_link, "killed_mark": killed_mark},
        "pages": {"page": page, "count": pages,
                  "prev": render.with_params(params, page=page - 1) if page > 1 else None,
                  "next": render.with_params(params, page=page + 1) if page < pages else None},
    }  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def incident_list_page(request: Request) -> Response:
    query, chosen = _query(request)
    page = _int(request, "page", 1)
    per_page = _int(request, "per_page", PER_PAGE)
    data = _call(browse.incident_list, _corpus(request), query, text=chosen["q"], sort=chosen["sort"], page=page, per_page=per_page)
    return _page(request, "index.html", data, nav="incidents", **_list_context(request, data, chosen))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    """The map: points come from this page's JSON twin (the same filters as the list), which
    map.js reads page by page; the table under the map lists this page's placed incidents."""
    query, chosen = _query(request)
    page = _int(request, "page", 1)
    per_page = _int(request, "per_page", MAP_PER_PAGE)
    data = _call(browse.incident_list, _corpus(request), query, text=chosen["q"], sort=chosen["sort"], page=page, per_page=per_page,
                 facets=False)  # fmt: skip
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "page")]
    located = sum(1 for r in data["incidents"] if r["lat"] is not None and r["lon"] is not None)
    return _page(request, "map.html", data, nav="map", rows=data["incidents"], total=data["total"], located=located,
                 data_url="/map" + render.with_params(params, format="json"))  # fmt: skip


# --------------------------------------------------------------------------- one incident
def _value_text(value: dict) -> str:
    low, high, qualifier = value.get("min"), value.get("max"), value.get("qualifier") or "exact"
    if high is None:
        return f"{low}+"
    text = str(low) if low == high else f"{low}\u2013{high}"
    return text if qualifier in ("exact", "range") else f"{text} ({qualifier.replace('_', ' ')})"


def _claim_rows(data: dict) -> list[dict]:
    """The claims table's rows: each claim with its highlight segments, its conflict kind if a
    classified disagreement names it, and a short letter for its independent source group."""
    disputed = {}
    for conflict in data["conflicts"]:
        for c in conflict["claims"]:
            disputed[(conflict["field"], c.get("document"), c.get("start"), c.get("end"))] = conflict["kind"]
    starts = {}
    for incident_claims in (data["incident"].get(c, {}).get("claims", []) for c in browse.CATEGORIES):
        for c in incident_claims:
            starts[(c["document"], c["text"], c["quote"])] = (c["start"], c["end"])
    letters: dict[str, str] = {}
    rows = []
    for claim in data["claims"]:
        group = claim.get("group")
        if group and group not in letters:
            n = len(letters)
            letters[group] = ascii_uppercase[n % 26] + (str(n // 26) if n >= 26 else "")
        doc = claim.get("document") or {}
        start, end = starts.get((doc.get("id"), claim["text"], claim["quote"]), (None, None))
        rows.append({
            "field": claim["category"], "value_text": _value_text(claim["value"]), "text": claim["text"],
            "segs": render.quote_segments(claim["quote"], claim.get("quote_start"), claim.get("quote_end"), claim["text"]),
            "speaker": claim.get("speaker"), "outlet": claim.get("outlet"), "published": claim.get("published"),
            "document": doc.get("id") or "", "title": doc.get("title"),
            "group": group, "group_label": f"source {letters[group]}" if group else None,
            "conflict": disputed.get((claim["category"], doc.get("id"), start, end)),
        })  # fmt: skip
    return rows


def _chart_points(series: dict) -> list[dict]:
    return [{"category": category, "published": p.get("published"), "value": p.get("min")}
            for category, points in series.items() for p in points if p.get("min") is not None]  # fmt: skip


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> Response:
    data = _call(browse.incident_detail, _corpus(request), incident_id, _policy(request))
    claims = _claim_rows(data)
    attributions: dict[tuple, dict] = {}
    for a in data.get("attributions", []):  # one entry per actor and role, each report's words under it
        value = a["value"]
        entry = attributions.setdefault((value["role"], value["actor_id"] or value["name"]), {"value": value, "reports": []})
        entry["reports"].append({**a, "segs": render.quote_segments(a["quote"], a.get("quote_start"), a.get("quote_end"), a["text"])})
    conflicted = {c["field"] for c in data["conflicts"] if c["kind"] in ("contradiction", "update")}
    return _page(request, "incident.html", data, nav="incidents", inc=data["incident"], claims=claims, attributions=list(attributions.values()),
                 conflicted=conflicted, chart=render.chart(_chart_points(data.get("series", {}))),
                 documents=data.get("documents", []))  # fmt: skip


# --------------------------------------------------------------------------- actors, documents
def _statement_rows(rows: list[dict]) -> list[dict]:
    return [{**r, "segs": render.quote_segments(r.get("quote"), None, None, r.get("text"))} for r in rows]


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> Response:
    data = _call(browse.actor_detail, _corpus(request), actor_id, _policy(request))
    return _page(request, "actor.html", data, nav=None, actor=data["actor"], incidents=data["incidents"]["incidents"],
                 n_incidents=data["incidents"]["total"], about=_statement_rows(data["about"]), by=_statement_rows(data["by"]))  # fmt: skip


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str) -> Response:
    data = _call(browse.document_detail, _corpus(request), document_id)
    spans = [(m["start"], m["end"], m["kind"], m.get("label")) for m in data["mentions"]]
    kinds = [k for k in MENTION_KINDS if any(m["kind"] == k for m in data["mentions"])]
    members = data["syndication"]["members"]
    return _page(request, "document.html", data, nav=None, doc=data["document"], segs=render.segments(data["text"], spans),
                 n_mentions=len(data["mentions"]), kinds=kinds, incidents=data["incidents"],
                 group=members if len(members) > 1 else [])  # fmt: skip


# --------------------------------------------------------------------------- bundled assets
@router.get("/static/{path:path}")
def static_file(path: str) -> Response:
    """A bundled asset (CSS, JS, vendor copies of npm files); nothing outside static/."""
    target = (STATIC / path).resolve()
    if not target.is_file() or STATIC.resolve() not in target.parents:
        raise HTTPException(404, "no such file")
    return FileResponse(target, headers={"Cache-Control": "public, max-age=3600"})


def mount(app) -> None:
    """What a router cannot carry (api.create_app calls this): HTML error pages for the pages,
    while /api/ paths and ?format=json keep FastAPI's JSON errors."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def page_error(request: Request, error: StarletteHTTPException):
        path = request.url.path
        if path.startswith(("/api/", "/static/", "/openapi", "/docs")) or request.query_params.get("format") == "json":
            return await http_exception_handler(request, error)
        return error_page(request, error.status_code, str(error.detail))
