"""Cross-document resolution: incidents of different articles that are one real-world event
become one canonical incident.

Each article's incidents (``assemble.DocIncident``) arrive as ``Candidate``s, in a fixed order
(documents in ingest order, incidents in article order). ``Resolver.add`` compares a candidate
only with the incidents that share a blocking key with it, joins the one it fits best whose
score reaches ``MERGE_SCORE``, or founds a new incident. Comparing only within blocks keeps the
cost near-linear in the number of candidates; a fixed order and fixed tie-breaks make the
outcome deterministic, and adding new documents later gives the same incidents as resolving
everything at once.

Blocking keys: for a dated candidate, its country and every 7-day bucket its date can meet
(the date interval, 3 days before it, the follow-up week after it); its year and each town
or facility it names (in any country: a gazetteer may place a namesake), and each facility's
kind with the first or last letters of its distinctive words (a name written two ways); its
year and each person it names (a report of a trial months later finds the shooting by its
victim's name); its year and its region. Town, person and region blocks are looked up for the
year before too. A report with no year of its own (undated, or its year guessed) is also filed
under "~", where dated reports look, and looks among the yearless filings of every incident; the
main report of such an article is also filed under its country ("u"), where main reports look. A report placed only in a region looks among the region's
incidents; one placed in a town, among those placed only in its region. Each key keeps at most
the 200 most recent incidents.

Score (``score``; ``None`` = cannot be the same event):
- None: another incident of the same article (assembly told them apart); a plot and an attack,
  or an arrest and an attack, unless the data file (resolution.toml) gives their pair a cost; a
  date years before an undated incident's articles (or the reverse); nothing said of where or
  who (no country, and no town or person in common); regions that differ when no town can be
  measured;
- -2 each: dates that cannot meet, towns all more than 100 km apart (a date can be a
  follow-up report's); -1: countries that differ (often a gazetteer's namesake town); -1: an
  undated candidate for a dated incident when its article has a publication date (a background
  mention names a town, not a day) or names a later year than the incident's (the main report of
  an article with no date at all is no evidence against); -1 for a dated report when the
  incident's undated articles name a later year than its date; -2 an arrest joining an attack
  (-1 when the arrest report names an armed group), -2 a plot;
- +1: the date meets every date the incident's reports agree on (meeting only some counts as not
  meeting: a chain of shootings a week apart in one city is not one incident; dates the reports
  state, if any, not days that are only a report's publication); +0.5 when it meets only as a
  report in the week after (more than a day apart); +2: the same town or facility (a facility
  also when written two ways: "Sayed al-Shuhada school" / "Shuhada school"; a facility in common
  counts so in a city of millions too); +1: the same city of a million people or more (it has
  several shootings a week; a facility's entry takes the size of the other report's town), or
  towns of different names within 30 km; +1: a report placed only in a region (province, state)
  the incident's reports name, of a type they give (a region and a group alone fit any of the
  group's attacks there), or in a town no gazetteer measures in that region ("Kashmir's
  Pahalgam"), of a type they give or a generic attack; +1: a death toll of five or more both
  report, on days that meet, in one country, when one names no town; +1: an armed group both name; +1: a rare kind of attack both report in
  the same place, or in one country on days that meet with a town no gazetteer measures
  (resolution.toml: a vehicle ramming, a hijacking; not a bombing or a shooting);
  +1 for each person both name (at most 2); -1: a violent type no type of the incident's reports
  pairs with (resolution.toml: a hijacking for a station bombing); -1: with no person or armed
  group in common, a report of people wounded and no one killed for an incident with reported
  deaths and no wounded-only report, or the reverse (an early "shot" report of a victim who
  later died has the victim's name in common with the later ones, or arrives when the incident
  already holds a wounded-only report). Killed figures that differ are no evidence against: the
  toll of one attack climbs from its first report to the last (1, 4, 19, 22), and a figure of
  one is as often one named victim of many.

A dated background incident (one an article mentions besides its main one), or a dated
candidate (or the main report of an undated article, unless no report of the incident states a
date either) for an incident known only from background mentions, needs a score one higher to
merge: a paragraph recalling an earlier
shooting says little more than a town and a month. (An undated mention is already scored down
against a dated incident.) Of the incidents a candidate can join, it joins the one it passes
the bar by most (then, for a main report, one other main reports describe; then the oldest).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol
from datetime import date, timedelta
from functools import lru_cache

from .assemble import OLD_YEARS, VIOLENT_TYPES, DocIncident
from .compare import (
    TOWN_PRECISIONS, dates_meet, distance_km, facility_stems, is_facility, same_facility_named, same_place_name, town, towns_agree,
)  # fmt: skip
from .extract.lexicon import load_toml

MERGE_SCORE = 2
BACKGROUND = 1  # what a dated background incident needs more to merge
FOLLOW_UP_DATE = 0.5  # a date that meets only as a later report's
CASUALTIES_DISAGREE = 1  # a wounded-only report for an incident with deaths (or the reverse), no person in common
BIG_CITY = 1_000_000  # a city this large has several incidents a week: its name alone is weaker evidence
BUCKET_DAYS = 7
PUBLICATION_LAG_DAYS = 3  # an incident dated by its report's publication happened up to 3 days before
GUESSED_YEARS = 3  # a day or month without a written year: filed under the article's year and the three before
MAX_BLOCK = 200  # incidents kept per blocking key (the most recent); bounds the cost of huge blocks
MAX_VALUES, MAX_TOWNS, MAX_KEYS = 12, 24, 12  # dates and figures, towns an incident keeps for comparison, names a town keeps
DISAGREE = 2  # towns far apart cost this much: other evidence must outweigh it
DATE_DISAGREE = 2  # so do dates that cannot meet
NEARBY_TOWN = 1  # two names within 30 km: a suburb of the same place, or two neighbourhoods a gazetteer misplaced
UNDATED = 1  # an undated candidate for a dated incident needs more in common
COUNTRY_DISAGREE = 1  # countries that differ cost less: a gazetteer namesake is a common cause
FAR_KM = 100.0  # towns this far apart are different events
SAME_KIND = 1  # a rare kind of attack both report, in the same place (resolution.toml)
TYPE_DISAGREE = 1  # a violent type no type of the incident pairs with (resolution.toml)
NAMED_GROUP = 1  # what an arrest or plot report naming an armed group costs less to join an attack
REGION = 1  # a report placed only in a region (province, state) that the incident's reports name
SAME_TOLL, SAME_TOLL_MIN = 1, 5  # a death toll of at least this many both report, on days that meet: one attack's figure
UNDATED_YEAR = "~"  # the year of the town and person blocks of a report with no year of its own
_EPOCH = date(1900, 1, 1).toordinal()


def family(incident_type: str | None) -> str | None:
    """violence | plot (plots and arrests) | None (a generic attack: compatible with both)."""
    if incident_type in VIOLENT_TYPES:
        return "violence"
    if incident_type in ("plot", "arrest"):
        return "plot"
    return None


@dataclass
class Candidate:
    """What resolution compares of one article's incident."""

    document_id: str
    index: int
    type: str | None
    date: dict | None  # {start, end, precision, basis}
    country: str | None
    admin1: str | None
    towns: list[dict]  # {keys, lat, lon}
    actors: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    killed: int | None = None
    reference_year: int | None = None
    main: bool = True  # the article's main incident, not a background mention
    wounded_only: bool = False  # people hurt, no one said killed
    dated_article: bool = True  # False: the article has no publication date (its main incident has no date)

    @property
    def key(self) -> str:
        return f"{self.document_id}:{self.index}"

    @classmethod
    def from_incident(cls, document_id: str, incident: DocIncident) -> Candidate:
        # Where it happened: its location, and the towns its sentences name more than once (a
        # town named once is as often where a suspect was caught or a victim came from).
        location = incident.location or {}
        named = [
            town(m.data, m.text) for m in incident.mentions
            if m.kind == "place" and m.data.get("precision") in TOWN_PRECISIONS and not m.data.get("destination")
        ]  # fmt: skip  (not the hospitals victims were taken to)
        counts: dict[str, int] = {}
        for t in named:
            for key in t["keys"]:
                counts[key] = counts.get(key, 0) + 1
        towns, seen = [], set()
        if location.get("precision") in TOWN_PRECISIONS or location.get("facility"):
            first = town(location, location.get("text") or location.get("name") or "")
            towns.append(first)
            seen |= first["keys"]
        for t in named:
            if not t["keys"] <= seen and (max(counts[k] for k in t["keys"]) > 1 or not towns):
                seen |= t["keys"]
                towns.append(t)
        killed = incident.counts.get("killed")
        actors = frozenset(a["actor_id"] for a in incident.actors if a["actor_id"] and not a["actor_id"].startswith("country:"))
        names = frozenset(filter(None, (surname(m.text) for m in incident.mentions if m.kind == "person")))
        return cls(
            document_id, incident.index, incident.type, incident.date, location.get("country_code"), location.get("admin1"),
            [{**t, "keys": sorted(t["keys"])} for t in towns], actors, names, None if killed is None else killed.best,
            incident.reference_year, incident.main,
            incident.counts.get("killed") is None and incident.counts.get("injured") is not None,
            not (incident.main and incident.date is None),  # assembly dates a main incident by its publication, if any
        )  # fmt: skip


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Capitalised words the person finder takes for names: places, streets, institutions.
_NOT_NAMES = frozenset(
    "day center centre police scene hospital apartments apartment street road avenue ave rd st dr pd county school "
    "church department office news newsradio jurors elementary park parade court station staff university college "
    "dead shooting guilty neighbor sheriff chief officer deputy mayor".split()
)


def surname(text: str) -> str | None:
    """The family name of a person mention of two or more capitalised words ("Jordan Smith Jr."
    -> "smith"); None for one word or what looks like a place or an institution."""
    words = [w for w in text.replace("’", "'").split() if w.lower() not in _SUFFIXES]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    last = words[-1].removesuffix("'s").lower()
    if len(last) < 3 or not last.replace("-", "").replace("'", "").isalpha() or last in _NOT_NAMES:
        return None
    return last


def _undated_both(cluster: Cluster, c: Candidate) -> bool:
    """An undated article's main report and an incident no report dates: neither says when, so the
    point a dated recall needs ("in 2017, a bombing in Mogadishu") has nothing to guard against."""
    return c.date is None and not c.dated_article and not cluster.dates


def incident_id(founder: str) -> str:
    """A canonical incident's id: stable, from the key of the candidate that founded it."""
    return "inc_" + hashlib.sha1(founder.encode()).hexdigest()[:12]


@dataclass
class Cluster:
    """A canonical incident as resolution sees it: the values of its members, to compare with."""

    id: str
    order: int  # creation order: ties go to the older incident
    families: set[str] = field(default_factory=set)
    dates: list[dict] = field(default_factory=list)
    country: str | None = None
    admin1s: set[str] = field(default_factory=set)
    towns: list[dict] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    killed: list[int] = field(default_factory=list)
    members: int = 0
    filed: list[list] = field(default_factory=list)  # [blocking key, filing number]: rebuilds the index
    documents: set[str] = field(default_factory=set)  # an article's own incidents are never merged
    types: dict[str, int] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)  # the members' reference years (lowest, highest)
    mains: int = 0  # members that are their article's main incident
    wounded_only: int = 0  # members that report people hurt and no one killed
    undated_year: int | None = None  # the latest year its undated articles (no publication date) name

    def add(self, c: Candidate) -> None:
        self.members += 1
        self.mains += c.main
        self.wounded_only += c.wounded_only
        self.documents.add(c.document_id)
        if c.type:
            self.types[c.type] = self.types.get(c.type, 0) + 1
        if not c.dated_article and not c.date and c.reference_year:
            self.undated_year = max(self.undated_year or c.reference_year, c.reference_year)
        if c.reference_year:
            self.years = [min(self.years[0], c.reference_year), max(self.years[1], c.reference_year)] if self.years else [c.reference_year] * 2
        if family(c.type):
            self.families.add(family(c.type))
        if c.date:
            same = next((d for d in self.dates if all(d.get(k) == c.date.get(k) for k in ("start", "end", "precision", "basis"))), None)
            if same is not None:
                same["n"] = same.get("n", 1) + 1
            elif len(self.dates) < MAX_VALUES:
                self.dates.append({**c.date, "n": 1})
        self.country = self.country or c.country
        if c.admin1:
            self.admin1s.add(c.admin1)
        for t in c.towns:
            same = next((x for x in self.towns if set(t["keys"]) & set(x["keys"])), None)
            if same is not None:
                same["n"] = same.get("n", 1) + 1
                # the facilities other reports name in the town, kept to compare (not their towns: a
                # gazetteer's misplaced facility would carry its wrong town into this one)
                same["keys"] = [*same["keys"], *(k for k in t["keys"] if k not in same["keys"] and is_facility(k))][:MAX_KEYS]
            elif len(self.towns) < MAX_TOWNS:
                self.towns.append({**t, "n": 1})
        self.actors |= c.actors
        self.names |= c.names
        if c.killed is not None and len(self.killed) < MAX_VALUES:
            self.killed.append(c.killed)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "order": self.order, "families": sorted(self.families), "dates": self.dates,
            "country": self.country, "admin1s": sorted(self.admin1s), "towns": self.towns,
            "actors": sorted(self.actors), "names": sorted(self.names), "killed": self.killed, "members": self.members,
            "filed": self.filed, "types": self.types, "years": self.years, "documents": sorted(self.documents),
            "mains": self.mains, "wounded_only": self.wounded_only, "undated_year": self.undated_year,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict) -> Cluster:
        # By name: a positional list silently shifts when a field is added (types landed in documents).
        return cls(
            id=d["id"], order=d["order"], families=set(d["families"]), dates=d["dates"], country=d["country"],
            admin1s=set(d["admin1s"]), towns=d["towns"], actors=set(d["actors"]), names=set(d["names"]),
            killed=d["killed"], members=d["members"], filed=[[tuple(k), n] for k, n in d["filed"]],
            documents=set(d.get("documents", [])), types=d.get("types", {}), years=d.get("years", []),
            mains=d.get("mains", d["members"]), wounded_only=d.get("wounded_only", 0),
            undated_year=d.get("undated_year"),
        )

    def core_dates(self) -> list[dict]:
        """The dates a third or more of the most given one's support: an incident is compared by
        what its reports agree on, not by every date one of them gave (which lets it drift)."""
        return _core(self.dates)

    def core_towns(self) -> list[dict]:
        return _core(self.towns)


def _core(values: list[dict]) -> list[dict]:
    if not values:
        return values
    top = max(v.get("n", 1) for v in values)
    return [v for v in values if v.get("n", 1) * 3 >= top]


def _window(value: dict) -> dict:
    """A date stated by the text as is; one taken from the publication date, widened back."""
    if value.get("basis") != "published":
        return value
    return _widened(value["start"], value["end"], value["precision"])


@lru_cache(maxsize=65536)
def _widened(start: str, end: str, precision: str) -> dict:
    earlier = date.fromisoformat(start) - timedelta(days=PUBLICATION_LAG_DAYS)
    return {"start": earlier.isoformat(), "end": end, "precision": precision, "basis": "stated"}


def _towns_agree(a: list[dict], b: list[dict]) -> bool | None:
    """As ``compare.towns_agree``, but a facility written two ways is one place
    (``compare.same_place_name``), and towns measured apart count against only beyond 100 km
    (articles name different neighbourhoods and suburbs of one place)."""
    if _in_common(a, b):
        return True
    agree = towns_agree(a, b)
    if agree is not False:
        return agree
    far = all(
        distance_km(x["lat"], x["lon"], y["lat"], y["lon"]) > FAR_KM
        for x in a for y in b if None not in (x["lat"], x["lon"], y["lat"], y["lon"])
    )  # fmt: skip
    return False if far else None


def _measured(a: list[dict], b: list[dict]) -> bool:
    """Some town of ``a`` and some town of ``b`` both have coordinates."""
    return any(None not in (x["lat"], x["lon"]) for x in a) and any(None not in (y["lat"], y["lon"]) for y in b)


def _in_common(a: list[dict], b: list[dict]) -> list[dict]:
    """The towns of ``a`` that ``b`` names too."""
    return [x for x in a if any(same_place_name(x, y) for y in b)]


def _within_a_day(a: dict, b: dict) -> bool:
    """Two dates that overlap or are a day apart (a guessed year: left to ``dates_meet``)."""
    if "document_year" in (a.get("basis"), b.get("basis")):
        return True
    day = timedelta(days=1)
    return date.fromisoformat(a["start"]) <= date.fromisoformat(b["end"]) + day and date.fromisoformat(b["start"]) <= date.fromisoformat(a["end"]) + day


def score(cluster: Cluster, c: Candidate) -> float | None:
    """How well a candidate fits an incident (see the module doc); None: not the same event."""
    if c.document_id in cluster.documents:
        return None  # the article itself told them apart
    types = _type_cost(cluster, c)
    when = _date_score(cluster, c)
    if types is None or when is None:
        return None
    where = _place_score(cluster, c)
    if where is None:
        return None
    total, towns = when - types + where[0], where[1]
    names = bool(c.names & cluster.names)
    if not (c.country or towns or names):
        return None  # nothing says where or who: too little to join anything
    if c.actors & cluster.actors:
        total += 1
    # "a truck driven into a crowd in Berlin", not "a shooting in Chicago"; a town no gazetteer
    # measures, in the same country on days that meet, is no place against it ("a train hijacked near Bolan")
    unmeasured = towns is None and c.country == cluster.country and when > 0
    if c.type in cluster.types and c.type in _distinctive_types() and (towns or c.admin1 in cluster.admin1s or unmeasured):
        total += SAME_KIND
    if names:
        total += min(2, len(c.names & cluster.names))
    if c.killed is not None and c.killed >= SAME_TOLL_MIN and c.killed in cluster.killed and c.country == cluster.country and when > 0:
        if not (c.towns and cluster.towns):
            total += SAME_TOLL  # "killed 26" in two reports of the same days in one country, one naming no town
    if not names and not c.actors & cluster.actors and _deaths_disagree(cluster, c):
        total -= CASUALTIES_DISAGREE
    return total


def _place_score(cluster: Cluster, c: Candidate) -> tuple[float, bool | None] | None:
    """What the places say, and whether the towns agree (None: nothing to compare); None: two
    regions, with no town measured to tell."""
    total = 0.0
    if cluster.country and c.country and cluster.country != c.country:
        total -= COUNTRY_DISAGREE  # usually two places; often a gazetteer's namesake ("Salem", "Forest")
    towns_of = cluster.core_towns()
    towns = _towns_agree(towns_of, c.towns) if c.towns and towns_of else None
    if towns is False:
        total -= DISAGREE
    elif towns:
        pairs = [(x, y) for x in towns_of for y in c.towns if same_place_name(x, y)]
        # a big city's name counts less unless the report is an undated mention, already scored down
        # (a facility carries no population: the size is the other report's town's)
        big = bool(c.date and cluster.dates or not c.dated_article) and all(
            max(x.get("population") or 0, y.get("population") or 0) >= BIG_CITY for x, y in pairs
        )
        facility = any(same_facility_named(x, y) for x, y in pairs)
        total += 2 if facility or (pairs and not big) else NEARBY_TOWN
    elif c.admin1 and cluster.admin1s:
        if c.admin1 not in cluster.admin1s and not _measured(towns_of, c.towns):
            return None  # towns within 100 km can be in two regions (a capital and its suburbs)
        if c.admin1 in cluster.admin1s and not _measured(towns_of, c.towns) and (c.type in cluster.types or not family(c.type)):
            # "in Balochistan" for an attack of that kind in one of its towns, or also only "in
            # Balochistan"; or a town the gazetteer lacks, in the region of the incident's towns
            total += REGION
    return total, towns


def _type_cost(cluster: Cluster, c: Candidate) -> float | None:
    """0 for types of one family (or a generic attack); the cost of an arrest or a plot reported
    for a violent incident (or the reverse), one less when that report names an armed group
    (members of a group arrested are far more often held over its attack than in routine police
    work); None for families that cannot meet."""
    own = family(c.type)
    # an incident with a violent report is an attack, whatever arrests and plots joined it
    theirs = "violence" if "violence" in cluster.families else next(iter(cluster.families), None)
    if not own or not theirs:
        return 0.0
    if own == theirs:
        return 0.0 if own != "violence" or _types_pair(c.type, cluster.types) else TYPE_DISAGREE
    plotted = c.type if own == "plot" else max((t for t in cluster.types if family(t) == "plot"), key=cluster.types.get)
    cost = _cross_family_costs().get(plotted)
    if cost is None:
        return None
    return float(cost) - (NAMED_GROUP if (c.actors if own == "plot" else cluster.actors) else 0)


def _types_pair(kind: str, types: dict[str, int]) -> bool:
    """The type is one of the incident's, or one attack's reports can give both (resolution.toml)."""
    pairs = _compatible_types()
    return kind in types or any(frozenset((kind, t)) in pairs for t in types)


@lru_cache(maxsize=1)
def _compatible_types() -> frozenset[frozenset[str]]:
    table = load_toml("resolution.toml")["types"]["compatible"]
    return frozenset(frozenset((a, b)) for a, others in table.items() for b in others)


@lru_cache(maxsize=1)
def _distinctive_types() -> frozenset[str]:
    return frozenset(load_toml("resolution.toml")["types"]["distinctive"])


@lru_cache(maxsize=1)
def _cross_family_costs() -> dict[str, float]:
    return dict(load_toml("resolution.toml")["types"]["cross_family"])


def _date_score(cluster: Cluster, c: Candidate) -> float | None:
    """What the dates say (see the module doc): +1 the same day, +0.5 a report in the week after,
    -2 dates that cannot meet, -1 an undated report that says less than its silence would;
    None for dates years apart."""
    dates = cluster.core_dates()
    if c.date and not dates and cluster.years and int(c.date["end"][:4]) < cluster.years[0] - OLD_YEARS:
        return None  # "the 2002 theatre siege" is not an undated recent attack
    if dates and not c.date and c.reference_year:
        if max(int(d["end"][:4]) for d in dates) < c.reference_year - OLD_YEARS:
            return None
    if c.date and dates:
        # the dates reports state outweigh days that are only a report's publication (a report
        # that states no date is often a later one)
        stated = [d for d in dates if d.get("basis") != "published"] or dates
        if all(dates_meet(_window(d), _window(c.date)) for d in stated):
            return 1.0 if all(_within_a_day(_window(d), _window(c.date)) for d in stated) else FOLLOW_UP_DATE
        return -DATE_DISAGREE
    if dates and not c.date:
        return -UNDATED if _undated_is_suspect(dates, c) else 0.0
    if c.date and not dates and cluster.undated_year and int(c.date["end"][:4]) < cluster.undated_year:
        return -UNDATED  # the undated reports name a later year than this report's incident
    return 0.0


def _undated_is_suspect(dates: list[dict], c: Candidate) -> bool:
    """An undated report is weaker evidence for a dated incident when its article has a date (its
    incident is then one it mentions in passing) or names a year later than the incident's
    (it is likely about a later event); the main report of an article with no date at all is not."""
    if c.dated_article or not c.main:
        return True
    return bool(c.reference_year) and max(int(d["end"][:4]) for d in dates) < c.reference_year


def _deaths_disagree(cluster: Cluster, c: Candidate) -> bool:
    """A report of people hurt and no one killed, and an incident with reported deaths and no
    such report (or the reverse: a report of deaths, an incident known only as wounded-only)."""
    if c.wounded_only:
        return bool(cluster.killed) and not cluster.wounded_only
    return bool(c.killed) and not cluster.killed and cluster.wounded_only > 0


def _years(c: Candidate) -> list[int | None]:
    """The years a candidate's town and person blocks are filed under: its date's year; for a
    date whose year was guessed, or none, the article's year and the three before it."""
    if c.date and c.date.get("basis") != "document_year":
        return [int(c.date["start"][:4])]
    if c.reference_year:
        return list(range(c.reference_year - GUESSED_YEARS, c.reference_year + 1))
    return []


def blocking_keys(c: Candidate, lookup: bool = False) -> list[tuple]:
    """The blocks a candidate is filed under (see the module doc); with ``lookup``, the blocks
    it is looked up in: town and person blocks of the year before and after too."""
    country = c.country or ""
    keys: list[tuple] = []
    if c.date and c.date.get("precision") in ("day", "week", "month"):
        value = _window(c.date)
        first = (date.fromisoformat(value["start"]).toordinal() - _EPOCH - 1) // BUCKET_DAYS
        last = (date.fromisoformat(value["end"]).toordinal() - _EPOCH + 7) // BUCKET_DAYS
        keys += [("w", country, b) for b in range(first, last + 1)]
    years = _years(c)
    if lookup and years:
        years = list(range(years[0] - 1, years[-1] + 1))  # a report looks back: the year before, not after
    if not lookup or _yearless(c):
        years.append(None)  # every incident is also filed yearless, where undated reports (and those of a guessed year) look
    if (not lookup and _yearless(c)) or (lookup and c.date):
        years.append(UNDATED_YEAR)  # reports with no year of their own, where dated reports look too
    if c.main and country and (lookup or _yearless(c)):
        keys.append(("u", country))  # an article's main report with no year of its own, where main reports look
    for y in dict.fromkeys(years):
        keys += [("t", k, y) for t in c.towns for k in t["keys"]]
        keys += [("f", stem, y) for t in c.towns for k in t["keys"] for stem in facility_stems(k)]
        keys += [("n", name, y) for name in sorted(c.names)]
        keys += _region_keys(c, country, y, lookup)
    return keys


def _yearless(c: Candidate) -> bool:
    return not c.date or c.date.get("basis") == "document_year"


def _region_keys(c: Candidate, country: str, year: int | str | None, lookup: bool) -> list[tuple]:
    """Region blocks: every incident is filed under its region ("r"), one placed only in a region
    under "ro" too. A report placed only in a region looks among all the region's incidents; one
    placed in a town, among those placed only in its region."""
    if not c.admin1:
        return []
    if lookup:
        return [("ro" if c.towns else "r", country, c.admin1, year)]
    return [("r", country, c.admin1, year)] + ([] if c.towns else [("ro", country, c.admin1, year)])


class Resolver:
    """Incidents resolved so far, with their blocking index; ``add`` candidates in order.

    With a ``source`` (the store), earlier incidents and blocks are loaded only when a candidate
    looks them up, so adding documents costs the same however large the database is; the new
    filings are in ``new_filings`` for the store to keep. Without one, everything is in memory
    (built from ``clusters``, as the resolve benchmark and the tests use it).
    """

    def __init__(self, clusters: Iterable[Cluster] = (), source: BlockSource | None = None):
        self.clusters: dict[str, Cluster] = {c.id: c for c in clusters}  # the incidents loaded so far
        self.index: dict[tuple, dict[str, None]] = {}  # key -> incident ids, oldest filed first
        self.source = source
        if source is None:
            filings = sorted((n, key, c.id) for c in self.clusters.values() for key, n in c.filed)
            for _, key, cluster_id in filings:
                posting = self.index.setdefault(key, {})
                posting.pop(cluster_id, None)  # dropped from a full block and filed again later
                posting[cluster_id] = None
            for key, posting in self.index.items():
                for cluster_id in list(posting)[:-MAX_BLOCK]:
                    del posting[cluster_id]
            self.filings = filings[-1][0] + 1 if filings else 0
            self.count = len(self.clusters)
        else:
            self.filings, self.count = source.next_filing(), source.incident_count()
        self.changed: set[str] = set()
        self.new_filings: list[tuple[tuple, str, int]] = []  # (key, incident id, filing number)
        self.comparisons = 0

    def _posting(self, key: tuple) -> dict[str, None]:
        posting = self.index.get(key)
        if posting is None:
            posting = dict.fromkeys(self.source.block_posting(key, MAX_BLOCK)) if self.source is not None else {}
            self.index[key] = posting
        return posting

    def _cluster(self, cluster_id: str) -> Cluster:
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            cluster = self.clusters[cluster_id] = Cluster.from_dict(self.source.cluster_state(cluster_id))
        return cluster

    def add(self, c: Candidate) -> str:
        """The id of the incident the candidate joins (or founds)."""
        seen, best, best_rank = set(), None, None
        for key in blocking_keys(c, lookup=True):
            for cluster_id in self._posting(key):
                if cluster_id in seen:
                    continue
                seen.add(cluster_id)
                cluster = self._cluster(cluster_id)
                self.comparisons += 1
                value = score(cluster, c)
                background = (c.date is not None or not c.dated_article) and not (c.main and (cluster.mains or _undated_both(cluster, c)))
                needed = MERGE_SCORE + (BACKGROUND if background else 0)
                if value is None or value < needed:
                    continue
                rank = _rank(value, needed, cluster, c)
                if best_rank is None or rank > best_rank:
                    best, best_rank = cluster, rank
        if best is None:
            best = Cluster(incident_id(c.key), self.count)
            self.count += 1
            self.clusters[best.id] = best
        best.add(c)
        self.changed.add(best.id)
        for key in blocking_keys(c):
            posting = self._posting(key)
            if best.id not in posting:
                posting[best.id] = None
                if self.source is None:
                    best.filed.append([key, self.filings])  # memory mode rebuilds its index from these
                self.new_filings.append((key, best.id, self.filings))
                self.filings += 1
                if len(posting) > MAX_BLOCK:
                    del posting[next(iter(posting))]
        return best.id


def _rank(value: float, needed: float, cluster: Cluster, c: Candidate) -> tuple:
    """The incidents a candidate can join, best first: by the margin over what it needs, then (for
    a main report) one that other main reports describe rather than one known only from background
    mentions, then the older."""
    return (value - needed, bool(c.main and cluster.mains), -cluster.order)


class BlockSource(Protocol):
    """Where a Resolver finds earlier incidents (implemented by the store)."""

    def block_posting(self, key: tuple, limit: int) -> list[str]:
        """The incident ids filed under ``key``, the ``limit`` most recently filed, oldest first."""

    def cluster_state(self, incident_id: str) -> dict:
        """An incident's Cluster.as_dict()."""

    def incident_count(self) -> int: ...

    def next_filing(self) -> int: ...


@contextmanager
def paused_gc():
    """Resolution creates many small long-lived objects and no reference cycles: the cyclic
    garbage collector would only rescan them (40% of the time at 100,000 incidents)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = [
    "BlockSource", "Candidate", "Cluster", "MERGE_SCORE", "Resolver", "blocking_keys", "family", "incident_id", "paused_gc", "score",
]  # fmt: skip
