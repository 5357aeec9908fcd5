"""A canonical incident as researchers read it: every claim of every member article, a consensus
per field under a chosen policy, the disagreements classified, and corroboration counted by
independent sources (syndication groups), not by copies.

Counts (killed, injured, arrested). Each member article gives one figure per category, the
one ``assemble.document_counts`` chose for the incident (its range: low, best = its min, high).
A syndication group (an original and its copies) speaks once: its figure is the one of its most
recently published member. Then, across groups:

- ``conservative`` (ACLED-style lowest credible figure): best = the smallest group figure;
- ``ucdp`` (UCDP-style best estimate): best = the figure most groups give; when several tie,
  for killed the highest of those (a death toll rises as the wounded die and bodies are found:
  the lower of two figures is most often the earlier count), for the other counts their median
  (the lower middle one when their number is even);
- ``latest`` (the default, model.DEFAULT_POLICY; the README says why): best = the figure of the
  most recently published article (ties: the one ingested
  last); an article without a publication date counts as the oldest.

Under every policy low is the smallest figure any member gives and high the largest number any
member states (an open "at least 94" states 94). Members are the articles that report the
incident as their main one; an article that recalls it in the background ("the attack in Kunduz
a week earlier killed 150") counts only when no report about it gives a figure. ``claims`` lists every casualty claim of the
category in the member articles, including the ones not chosen, each traced to its span.

Conflicts: the distinct figures chosen by member articles, compared two by two as ranges
[min, max] (max open = no upper bound): ranges that share no number are a ``contradiction``
("exactly 91" vs "at least 94"; 13 vs 15) unless the later one is a toll update ("rose to",
"climbed to"), which makes it an ``update``; ranges that overlap are a ``refinement`` ("more
than a hundred" vs 284). Dates: intervals that do not meet contradict, nested ones refine.
Places: towns more than 30 km apart contradict; a town and the facility or region holding it
refine. Attribution: different armed groups claimed or blamed for one incident, or a group
that denies what another party claims of it, contradict.

Date and place consensus: the most precise value, among those supported by the most
independent sources; the publication date stands in for a date only when no member states one.
A day whose year was guessed from its article ("October 26") takes the year of a stated
month that holds it ("October 2022"): 2022-10-26.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .assemble import COUNT_CATEGORIES, VIOLENT_TYPES
from .model import DEFAULT_POLICY, POLICIES
from .compare import DATE_PRECISION_RANK, PLACE_PRECISION_RANK, SAME_TOWN_KM, dates_meet, distance_km

_BASIS_RANK = {"stated": 3, "stated_year": 2, "publication": 2, "document_year": 1, "published": 0}
_ROLE_BY_STATEMENT = {"claimed", "blamed", "denied"}


@dataclass(frozen=True)
class Source:
    """What an incident record shows of a member article."""

    id: str
    published: str | None
    outlet: str | None
    title: str | None
    url: str | None
    group: str | None
    seq: int
    text: str

    @property
    def group_key(self) -> str:
        return self.group or self.id


def _claim(mention: dict, source: Source) -> dict:
    """A claim as exported: the value, its words, its sentence and span, who said it, when."""
    data = mention["data"]
    start, end = mention["sentence"]
    speaker = mention.get("speaker")
    claim = {
        "document": source.id,
        "text": mention["text"],
        "quote": source.text[start:end].strip(),
        "start": mention["start"],
        "end": mention["end"],
        "speaker": None if speaker is None else speaker["text"],
        "speaker_actor": None if speaker is None else speaker.get("actor_id"),
        "outlet": source.outlet,
        "published": source.published,
    }
    if mention["kind"] == "casualty":
        claim.update(min=data["min"], max=data["max"], qualifier=data.get("qualifier"), update=bool(data.get("update")))
    return claim


def _order(source: Source) -> tuple:
    return (source.published or "", source.seq)


def build(incident_id: str, members: list[tuple[str, dict]], sources: dict[str, Source], policy: str = DEFAULT_POLICY) -> dict:
    """The record of one canonical incident (the export's ``incidents[]`` item)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}: use one of {', '.join(POLICIES)}")
    docs = sorted({d for d, _ in members}, key=lambda d: _order(sources[d]))
    groups = {sources[d].group_key for d in docs}
    record: dict = {
        "id": incident_id,
        **_type(members, sources),
        "date": None,
        "location": None,
        "documents": docs,
        "independent_sources": len(groups),
        "conflicts": [],
    }
    record["date"], date_conflicts = _dates(members, sources)
    record["location"], place_conflicts = _places(members, sources)
    for category in COUNT_CATEGORIES:
        record[category], conflicts = _counts(category, members, sources, policy)
        record["conflicts"] += conflicts
    record["conflicts"] += date_conflicts + place_conflicts
    record["actors"], actor_conflicts = _actors(members, sources)
    record["conflicts"] += actor_conflicts
    record["people"] = _people(members, sources)
    return record


def _type(members: list[tuple[str, dict]], sources: dict[str, Source]) -> dict:
    """The type most independent sources report (a violent one before "other"); its status."""
    support: dict[str, set[str]] = {}
    status: dict[str, str] = {}
    for d, inc in members:
        support.setdefault(inc["type"], set()).add(sources[d].group_key)
        status.setdefault(inc["type"], inc["status"])
    kind = max(support, key=lambda k: (k != "other", len(support[k]), k in VIOLENT_TYPES, k))
    return {"type": kind, "status": status[kind]}


# --------------------------------------------------------------------------- counts


def _range(low: int, high: int | None) -> tuple[int, float]:
    return low, float("inf") if high is None else high


def classify(earlier: dict, later: dict) -> str:
    """contradiction | refinement | update, for two casualty claims (later = published later)."""
    a, b = _range(earlier["min"], earlier["max"]), _range(later["min"], later["max"])
    if a[0] <= b[1] and b[0] <= a[1]:
        return "refinement"
    return "update" if later.get("update") else "contradiction"


def _category_claims(category: str, members: list[tuple[str, dict]], sources: dict[str, Source]) -> tuple[list[dict], list[tuple]]:
    """Every claim of the category, and the figure each member article gives: (source, figure
    {low, best, high}, its claim, whether that claim is among the listed ones, whether the
    incident is the one its article is mainly about)."""
    claims, chosen = [], []
    for d, inc in members:
        source = sources[d]
        mine = [i for i, m in enumerate(inc["mentions"]) if m["kind"] == "casualty" and m["data"]["category"] == category and m["data"]["min"] is not None]
        claims += [_claim(inc["mentions"][i], source) for i in mine]
        figure = inc["counts"].get(category)
        if figure is not None:
            claim = _claim(inc["mentions"][figure["chosen"]], source)
            claim.update(min=figure["low"], max=figure["high"])  # "3 shot, 1 fatally": the adjusted figure
            chosen.append((source, figure, claim, figure["chosen"] in mine, bool(inc.get("main"))))
    return claims, chosen


def tabulate(incident_id: str, members: list[tuple[str, dict]], sources: dict[str, Source]) -> tuple[dict, dict, dict]:
    """What the incident tables store of one incident: its record under the default policy, the
    best figure of each category under every policy, and each member article's chosen figure
    ({category: [(claim, low, high, listed)]})."""
    record = build(incident_id, members, sources, DEFAULT_POLICY)
    bests = {
        policy: {c: record[c]["best"] if policy == DEFAULT_POLICY else _counts(c, members, sources, policy)[0]["best"] for c in COUNT_CATEGORIES}
        for policy in POLICIES
    }  # fmt: skip
    chosen = {
        c: [(claim, figure["low"], figure["high"], listed) for _, figure, claim, listed, _ in _category_claims(c, members, sources)[1]]
        for c in COUNT_CATEGORIES
    }  # fmt: skip
    return record, bests, chosen


def _counts(category: str, members: list[tuple[str, dict]], sources: dict[str, Source], policy: str) -> tuple[dict, list[dict]]:
    claims, listed = _category_claims(category, members, sources)
    chosen = [(source, figure, claim) for source, figure, claim, _, _ in listed]  # (source, figure {low, best, high}, claim)
    out = {"low": None, "best": None, "high": None, "claims": claims, "values": []}
    if not chosen:
        return out, []
    # Reports about the incident speak for its figure; an article recalling it in the background
    # (often with a stale or rounded toll) only when no report about it gives one.
    reporting = [(source, figure, claim) for source, figure, claim, _, main in listed if main] or chosen
    by_group: dict[str, tuple] = {}
    for item in sorted(reporting, key=lambda c: _order(c[0])):
        by_group[item[0].group_key] = item  # the group's latest report
    figures = [item[1]["best"] for item in by_group.values()]
    if policy == "conservative":
        best = min(figures)
    elif policy == "ucdp":
        votes = {f: figures.count(f) for f in figures}
        top = max(votes.values())
        tied = sorted(f for f in figures if votes[f] == top)
        best = tied[-1] if category == "killed" else tied[(len(tied) - 1) // 2]
    else:
        best = max(reporting, key=lambda c: _order(c[0]))[1]["best"]
    out["low"] = min(f["low"] for _, f, _ in reporting)
    out["high"] = max(f["high"] if f["high"] is not None else f["low"] for _, f, _ in reporting)
    out["best"] = best
    values: dict[int, dict] = {}  # by the number stated: "91" and "at least 91" are one figure
    for source, figure, claim in chosen:
        value = values.setdefault(claim["min"], {"min": claim["min"], "max": claim["max"], "documents": [], "groups": set()})
        if value["max"] is not None:
            value["max"] = None if claim["max"] is None else max(value["max"], claim["max"])
        value["documents"].append(source.id)
        value["groups"].add(source.group_key)
    out["values"] = [
        {"min": v["min"], "max": v["max"], "documents": v["documents"], "independent_sources": len(v["groups"])}
        for _, v in sorted(values.items())
    ]  # fmt: skip
    return out, _conflicts(category, [(s, c) for s, _, c in chosen], classify_pair=classify)


def _conflicts(field: str, items: list[tuple[Source, dict]], classify_pair: Callable[[dict, dict], str], key=None) -> list[dict]:
    """One conflict per kind found among the distinct values of a field."""
    key = key or (lambda c: (c["min"], c["max"]))
    items = sorted(items, key=lambda item: _order(item[0]))
    found: dict[str, list[dict]] = {}
    for i, (_, first) in enumerate(items):
        for _, second in items[i + 1 :]:
            if key(first) == key(second):
                continue
            kind = classify_pair(first, second)
            involved = found.setdefault(kind, [])
            for claim in (first, second):
                if claim not in involved:
                    involved.append(claim)
    return [{"field": field, "kind": kind, "claims": claims} for kind, claims in sorted(found.items())]


# --------------------------------------------------------------------------- dates and places


def _dates(members: list[tuple[str, dict]], sources: dict[str, Source]) -> tuple[dict | None, list[dict]]:
    stated = [(sources[d], inc["date"]) for d, inc in members if inc.get("date") and inc["date"].get("basis") != "published"]
    stated = [(s, _reyear(v, [w for _, w in stated])) for s, v in stated]
    fallback = [(sources[d], inc["date"]) for d, inc in members if inc.get("date")]
    pool = stated or fallback
    if not pool:
        return None, []
    support: dict[tuple, set[str]] = {}
    basis_of: dict[tuple, int] = {}
    for source, value in pool:
        key = (value["start"], value["end"], value["precision"])
        support.setdefault(key, set()).add(source.group_key)
        basis_of[key] = max(basis_of.get(key, 0), _BASIS_RANK.get(value.get("basis"), 0))
    # the most precise; then the most sources consistent with it; its own support; a stated
    # year over a guessed one; then the later (reports are mostly of recent events)
    best = max(
        support,
        key=lambda k: (DATE_PRECISION_RANK.get(k[2], 0), sum(len(g) for j, g in support.items() if _within(k, j)), len(support[k]), basis_of[k], k[0]),
    )  # fmt: skip
    basis = next(v.get("basis") for _, v in pool if (v["start"], v["end"], v["precision"]) == best)
    consensus = {"start": best[0], "end": best[1], "precision": best[2], "basis": basis}
    claims = [(s, {"document": s.id, "published": s.published, **v}) for s, v in stated]

    def kind(a: dict, b: dict) -> str:
        if _within((a["start"], a["end"]), (b["start"], b["end"])) or _within((b["start"], b["end"]), (a["start"], a["end"])):
            return "refinement"
        return "refinement" if dates_meet(a, b) else "contradiction"

    return consensus, _conflicts("date", claims, kind, key=lambda c: (c["start"], c["end"]))


def _reyear(value: dict, others: list[dict]) -> dict:
    """A day or month whose year was guessed from its article ("October 26", in an article
    that names other years) takes the year of a stated date of the same month, if any."""
    if value.get("basis") != "document_year":
        return value
    start, end = date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    for other in others:
        if other.get("basis") != "stated":
            continue
        first, last = date.fromisoformat(other["start"]), date.fromisoformat(other["end"])
        try:
            moved = (start.replace(year=first.year), end.replace(year=first.year))
        except ValueError:
            continue
        if first <= moved[0] and moved[1] <= last:
            return {**value, "start": moved[0].isoformat(), "end": moved[1].isoformat(), "basis": "stated_year"}
    return value


def _within(inner: tuple, outer: tuple) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _places(members: list[tuple[str, dict]], sources: dict[str, Source]) -> tuple[dict | None, list[dict]]:
    located = [(sources[d], inc["location"]) for d, inc in members if inc.get("location")]
    if not located:
        return None, []
    support: dict[str, set[str]] = {}
    for source, loc in located:
        support.setdefault(_place_key(loc), set()).add(source.group_key)
    facility = max((loc for _, loc in located if loc.get("facility")), key=lambda loc: len(support[_place_key(loc)]), default=None)
    best = max(located, key=lambda item: (len(support[_place_key(item[1])]), PLACE_PRECISION_RANK.get(item[1].get("precision"), 0)))[1]
    location = {k: best.get(k) for k in ("name", "country_code", "admin1", "latitude", "longitude", "precision")}
    location["facility"] = facility["facility"] if facility else best.get("facility")
    if facility and not location["name"] and facility.get("name"):
        location.update({k: facility.get(k) for k in ("name", "country_code", "admin1", "latitude", "longitude")})
    claims = [(s, {"document": s.id, "published": s.published, "text": loc.get("text"), **{k: loc.get(k) for k in location}}) for s, loc in located]

    def kind(a: dict, b: dict) -> str:
        if a.get("country_code") and b.get("country_code") and a["country_code"] != b["country_code"]:
            return "contradiction"
        if None not in (a.get("latitude"), b.get("latitude"), a.get("longitude"), b.get("longitude")):
            km = distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
            if km > SAME_TOWN_KM and "city" in (a.get("precision"), b.get("precision")) and a.get("precision") == b.get("precision"):
                return "contradiction"
        return "refinement"

    return location, _conflicts("location", claims, kind, key=_place_key)


def _place_key(loc: dict) -> str:
    return (loc.get("facility") or loc.get("name") or loc.get("text") or "").lower()


# --------------------------------------------------------------------------- actors and people


def _actors(members: list[tuple[str, dict]], sources: dict[str, Source]) -> tuple[list[dict], list[dict]]:
    merged: dict[tuple, dict] = {}
    for d, inc in members:
        source = sources[d]
        for actor in inc["actors"]:
            key = (actor["actor_id"] or actor["name"].lower(), actor["role"], actor["by"])
            entry = merged.setdefault(key, {"actor_id": actor["actor_id"], "name": " ".join(actor["name"].split()), "role": actor["role"], "by": actor["by"], "claims": []})
            entry["claims"].append(_claim(inc["mentions"][actor["mention"]], source))
    actors = sorted(merged.values(), key=lambda a: (a["role"] == "suspected", a["role"], a["name"].lower()))
    conflicts = []
    stated = [a for a in actors if a["role"] in _ROLE_BY_STATEMENT and a["actor_id"]]  # a state blamed counts too
    perpetrators = [a for a in stated if a["role"] in ("claimed", "blamed")]
    ids = {a["actor_id"] for a in perpetrators}
    if len(ids) > 1 and not _one_family(ids):
        conflicts.append({"field": "perpetrator", "kind": "contradiction", "claims": _attributed(perpetrators)})
    for denial in (a for a in stated if a["role"] == "denied"):
        accused = [a for a in perpetrators if a["actor_id"] == denial["actor_id"]]
        if accused:
            conflicts.append({"field": "perpetrator", "kind": "contradiction", "claims": _attributed([*accused, denial])})
    return actors, conflicts


def _attributed(actors: list[dict]) -> list[dict]:
    """Statement claims with who they are about and in what role ("ISKP", "claimed")."""
    return [{**c, "actor": a["name"], "actor_id": a["actor_id"], "role": a["role"]} for a in actors for c in a["claims"]]


def _one_family(actor_ids: set[str]) -> bool:
    """Groups that are one another's parent or branch (ISKP and the Islamic State) agree."""
    from .extract.actors import registry

    actors = registry().actors
    lineage = {}
    for actor_id in actor_ids:
        chain, current = {actor_id}, actors.get(actor_id)
        while current is not None and current.parent and current.parent not in chain:
            chain.add(current.parent)
            current = actors.get(current.parent)
        lineage[actor_id] = chain
    return any(all(root in chain for chain in lineage.values()) for root in set().union(*lineage.values()))


def _people(members: list[tuple[str, dict]], sources: dict[str, Source]) -> list[dict]:
    merged: dict[str, dict] = {}
    for d, inc in members:
        for person in inc["people"]:
            entry = merged.setdefault(person["name"].lower(), {"name": person["name"], "role": person["role"], "claims": []})
            entry["role"] = entry["role"] or person["role"]
            entry["claims"].append(_claim(inc["mentions"][person["mention"]], sources[d]))
    return list(merged.values())


def timeline(record: dict) -> list[dict]:
    """Every casualty claim of an incident in publication order (unknown dates first)."""
    rows = []
    for category in COUNT_CATEGORIES:
        for claim in record[category]["claims"]:
            rows.append({"category": category, **claim})
    return sorted(rows, key=lambda c: (c["published"] or "", c["document"], c["start"]))


__all__ = ["DEFAULT_POLICY", "POLICIES", "Source", "build", "classify", "tabulate", "timeline"]
