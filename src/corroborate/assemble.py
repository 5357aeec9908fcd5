"""Per-document assembly: one article's mentions -> the incidents it reports.

``assemble`` splits an article into incidents (see its docstring for the rules); an incident's
type is the most reported violent type among triggers of attacks carried out, else the plot or
arrest its triggers name ("planning to detonate explosives" is a plot, not a bombing), and an
attack told only as an "attack" takes the means its sentences name (``incident_type``); and
``document_counts`` picks the numbers of each. ``document_counts`` picks, for killed, injured and arrested, the claim an article gives as its
count of the incident it is about. The policy, in order:

1. Candidates are the casualty claims of the category with a lower bound. "casualties" claims
   (killed and injured together: "killing and wounding 30") never give a killed or an injured
   number: the split is unknown.
2. Candidates are ranked, lexicographically, by
   0. a figure its sentence replaces ("rose from 90 to 170": 90; "initial reports spoke of 25")
      comes last;
   a. update: a toll statement ("the death toll rose to 5") supersedes other figures;
   b. a number ("two people", "at least 49") told before any reference to one person ("a man",
      "he", "the driver", "a priest") is the lead's toll, and the single victims after it are
      among its dead or asides: "the driver was shot and killed" must not beat "as many as 84
      people were killed" above it; a number told only after a named victim is rather a
      statistic ("a 16-year-old was killed ... 28 have been killed this year");
   c. the claim's sentence also holds an incident trigger (shooting, bombing, attack...), so the
      count is about an incident rather than a statistic or an aside;
   d. a number outranks a reference to one person;
   e. for injured: a count of people *wounded* outranks a count of people *shot* (see 4);
   f. precision: exact > bounded or approximate (at least, about, up to...) > vague.
3. Among the best-ranked candidates the first in the text wins: a news lead (the title, then
   the first paragraph) states the total; later sentences go victim by victim ("one of them, a
   19-year-old, died"). An exact figure said elsewhere with a lower bound ("21 killed" in the
   headline, "at least 21 were killed" in the body) takes that bound. The claim's range is kept
   (low = min, high = max); ``best`` is its min.
4. People *shot* include those who died of it ("a man was shot ... he was pronounced dead"): when
   the injured figure is a count of people shot, the killed figure is taken out of it (the Gun
   Violence Archive convention: injured = shot and not killed). "Three shot, one fatally" gives
   killed 1, injured 2; "a man was shot; he died" gives killed 1, injured 0. A count of *other*
   people shot ("another man was shot", "three others were shot") is left whole. People said to be
   alive ("in stable condition", "expected to survive", "treated and released") are not among the
   dead: if the subtraction leaves fewer injured than such a claim counts, that claim gives the figure.
5. A category no claim speaks of gives None ("not reported"), which callers may read as 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .model import Count, DocIncident, Mention  # the records this stage writes (re-exported here)
from .extract.gazetteer import gazetteer
from .incident_type import VIOLENT_TYPES, attack_trigger, attack_word, incident_type, type_by_means
from .roles import attribute_strays, incident_actors, incident_people
from .compare import DATE_PRECISION_RANK, PLACE_PRECISION_RANK, TOWN_PRECISIONS, Interval, interval_of, intervals_meet, place_key, town, towns_agree

INCIDENT_SENTENCE_TYPES = (*VIOLENT_TYPES, "other")
COUNT_CATEGORIES = ("killed", "injured", "arrested")
_PRECISION_RANK = {"exact": 2, "vague": 0}  # every other qualifier (at_least, about, range, ...) ranks 1


def incident_sentences(mentions: Iterable[Mention]) -> set[int]:
    """Start offsets of sentences holding an incident trigger of a violent or generic type."""
    return {m.sentence_start for m in mentions if m.kind == "incident" and m.data["type"] in INCIDENT_SENTENCE_TYPES}


def document_counts(mentions: list[Mention]) -> dict[str, Count | None]:
    """killed / injured / arrested of the incident an article reports (policy in the module doc)."""
    in_incident = incident_sentences(mentions)
    out: dict[str, Count | None] = {}
    for category in COUNT_CATEGORIES:
        claims = [m for m in mentions if m.kind == "casualty" and m.data["category"] == category and m.data["min"] is not None]
        if not claims:
            out[category] = None
            continue

        first_one = min((m.start for m in claims if m.data.get("individual")), default=None)

        def rank(m: Mention) -> tuple:
            qualifier = m.data.get("qualifier") or "exact"
            wounded = not m.data.get("shot")
            total = not m.data.get("individual")
            lead_total = total and (first_one is None or m.start < first_one)
            in_sentence = m.sentence_start in in_incident
            current = not m.data.get("superseded")  # "rose from 90 to 170": never the 90
            # An injured total outranks a wounded figure in an attack sentence, which is often one
            # person ("he was badly hurt"); a killed figure there is the toll itself.
            placed = (total, in_sentence) if category == "injured" else (in_sentence, total)
            return (current, bool(m.data.get("update")), lead_total, *placed, wounded, _PRECISION_RANK.get(qualifier, 1))

        best = max(rank(m) for m in claims)
        pick = min((m for m in claims if rank(m) == best), key=lambda m: (m.start, m.end))
        pick = _qualified(pick, [m for m in claims if rank(m)[:5] == best[:5]])
        low, high = pick.data["min"], pick.data["max"]
        out[category] = Count(low, low, high, pick, tuple(claims))
    injured, killed = out["injured"], out["killed"]
    if injured is not None and killed is not None and injured.chosen.data.get("shot") and not injured.chosen.data.get("others"):
        low = max(0, injured.low - killed.best)
        high = None if injured.high is None else max(0, injured.high - killed.best)
        out["injured"] = Count(low, low, high, injured.chosen, injured.claims, adjusted_by=killed.chosen)
        alive = [m for m in injured.claims if m.data.get("alive")]
        if alive:
            survivors = min(alive, key=lambda m: (-m.data["min"], m.start))
            if survivors.data["min"] > low:  # "one victim is in stable condition": not among the dead
                s_low, s_high = survivors.data["min"], survivors.data["max"]
                out["injured"] = Count(s_low, s_low, s_high, survivors, injured.claims)
    return out



def _qualified(pick: Mention, peers: list[Mention]) -> Mention:
    """The same figure said with a lower bound elsewhere ("21 killed" in the headline, "at least
    21 were killed" in the body; "killed 500", "over 500 were killed"): the article's full
    statement of it, which says the figure may grow."""
    if (pick.data.get("qualifier") or "exact") != "exact":
        return pick
    for m in sorted(peers, key=lambda m: m.start):
        qualifier = m.data.get("qualifier")
        if m.data["max"] is None and (
            (qualifier == "at_least" and m.data["min"] == pick.data["min"])
            or (qualifier == "more_than" and m.data["min"] - 1 == pick.data["min"])
        ):
            return m
    return pick


# --------------------------------------------------------------------------- incidents of one article

# Bump when assembly output changes: stored assemblies of older versions are redone.
ASSEMBLER_VERSION = "5"
ANCHOR_TYPES = (*VIOLENT_TYPES, "plot", "arrest", "other")
# A report dated up to this long after an incident's date is about it ("police said on Friday").
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "on"})
MAX_PREPOSITION_GAP = 25  # characters between a claim and the place it happened ("in the ")
ORIGIN_REACH = 20  # characters around a place read for "from", "resident of", "-born"
YEAR_DAYS = 364  # a date interval this long is a whole year
MAX_CUE_GAP = 120  # characters from "anniversary of" or "convicted" to the attack it is about
OLD_YEARS = 1  # a date ending more than this many years before the article's year is background


@dataclass
class _Frame:
    """An incident being assembled: the cues (dates, towns, countries) that tell its sentences apart."""

    parts: list[list[Mention]] = field(default_factory=list)  # its anchor sentences (or parts of one)
    extra: list[list[Mention]] = field(default_factory=list)  # sentences whose statements, actors, people it takes
    dates: list[Interval] = field(default_factory=list)
    towns: list[dict] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    context: list[Mention] = field(default_factory=list)  # places of the incident it was told after
    weekday: bool = False  # told by a weekday whose year is unknown ("on Saturday", no publication date)
    old: bool = False  # opened by a date years before the article's time: a recalled attack

    def fit(self, cues: _Cues) -> int | None:
        """None: the sentence cannot be about this incident; else how many of its cues agree."""
        agree = 0
        if self.old and not cues.dates and not cues.towns:
            return None  # a country alone ("an attack in Russia") does not carry on "the 2002 siege in Moscow"
        if self.weekday and not self.dates and any(not d.weak_year for d in cues.dates):
            return None  # news names the current attack's day by weekday, an earlier one with its year
        if cues.dates and self.dates:
            if not any(intervals_meet(frame, own) for frame in self.dates for own in cues.dates):
                return None
            agree += 1
        elif cues.old and not self.dates:
            return None  # "the 2002 theatre siege" is not the undated recent attack
        towns = towns_agree(self.towns, cues.towns) if cues.towns and self.towns else None
        if towns is False:
            return None
        if towns:
            return agree + 2  # the same town: a country named beside it (a suspect's) says nothing
        if cues.regions and self.regions:
            if cues.regions.isdisjoint(self.regions):
                return None
            agree += 1
        if cues.countries and self.countries:
            if cues.countries.isdisjoint(self.countries):
                return None
            agree += 1
        return agree

    def take(self, cues: _Cues) -> None:
        if cues.dates and not self.dates:
            self.old = cues.old
            # the earliest: "revised the toll of the January 30 blast on Saturday" dates the blast
            self.dates = [min(cues.dates, key=lambda d: (d.start, d.end))]
        self.weekday = self.weekday or cues.weekday
        self.towns += cues.towns
        self.countries |= cues.countries
        self.regions |= cues.regions


@dataclass
class _Cues:
    """What sets one sentence apart: stated dates, towns or facilities, countries."""

    dates: list[Interval]
    towns: list[dict]
    countries: set[str]
    regions: set[str] = field(default_factory=set)  # first-level areas (a province, a state)
    old: bool = False  # every date is years before the article's time
    weekday: bool = False  # a weekday with no year to place it: no date, but the article's present

    @property
    def any(self) -> bool:
        return bool(self.dates or self.towns or self.countries)


def _cues(mentions: list[Mention], published: date | None, reference_year: int | None) -> _Cues:
    dates, towns, countries, regions, weekday = [], [], set(), set(), False
    for m in mentions:
        if m.kind == "date":
            value = interval_of(m.data)
            if value.weak_year and (value.end - value.start).days >= YEAR_DAYS:
                weekday = True  # "on Saturday" with no publication date: any day of a guessed year
            elif published is None or value.start <= published:
                dates.append(value)
        elif m.kind == "place":
            d = m.data
            if d.get("country_code") and not (d.get("precision") == "country" and gazetteer().demonym(m.text)):
                countries.add(d["country_code"])  # "the first Turkish edition" names no place
            if d.get("precision") in TOWN_PRECISIONS:
                towns.append(town(d, m.text))
            region = d.get("name") if d.get("precision") == "admin1" else d.get("admin1")
            if region:
                regions.add(place_key(region))
    old = bool(dates) and reference_year is not None and all(
        not d.weak_year and d.end.year < reference_year - OLD_YEARS for d in dates
    )  # fmt: skip
    return _Cues(dates, towns, countries, regions, old, weekday)


def _origin(m: Mention, text: str | None) -> bool:
    """A place named as where someone lives or came from, not where anything happened: "workers
    from Tajikistan", "a 42-year-old Texas resident", "a native of Kerman" (``origin_before`` and
    ``origin_after`` of incidents.toml); or as a reference: "12:00 Moscow time", "a group banned
    in Russia" (``reference_before``, ``reference_after``)."""
    if m.kind != "place" or text is None:
        return False
    from .extract.incidents import context_pattern

    before = text[max(0, m.start - ORIGIN_REACH) : m.start].lower()
    after = text[m.end : m.end + ORIGIN_REACH]
    for name in ("origin_before", "reference_before"):
        if any(before.endswith(match.group(0).lower() + " ") for match in context_pattern(name).finditer(before)):
            return True
    if after[:1] not in " -":
        return False
    return any(context_pattern(name).match(after.lstrip(" -")) is not None for name in ("origin_after", "reference_after"))


def _split_by_country(sentence: list[Mention], text: str | None) -> list[list[Mention]]:
    """A sentence naming places in several countries ("94 killed in Kerman, Iran, and 139 at
    Crocus City Hall near Moscow") as parts: each mention goes with the nearest place, or
    with the place right after it behind "in", "at", "near" ("139 dead in the Crocus City Hall")."""
    places = [m for m in sentence if m.kind == "place" and m.data.get("country_code")]
    parts: dict[str, list[Mention]] = {}

    def distance(p: Mention, m: Mention) -> int:
        if text is not None and 0 <= p.start - m.end <= MAX_PREPOSITION_GAP:
            gap = text[m.end : p.start].split()
            if gap and gap[0].lower() in PLACE_PREPOSITIONS:
                return 0
        return max(p.start - m.end, m.start - p.end, 0)

    for m in sentence:
        nearest = min(places, key=lambda p: (distance(p, m), p.start))
        parts.setdefault(nearest.data["country_code"], []).append(m)
    return [parts[k] for k in sorted(parts, key=lambda k: parts[k][0].start)]


def assemble(mentions: list[Mention], published: str | date | None = None, text: str | None = None) -> list[DocIncident]:
    """The incidents one article reports, the one it is mainly about first.

    Sentences holding an incident trigger or a casualty claim (anchors) are read in order.
    The first anchor opens the first incident. Each later anchor joins the incident
    its cues agree with: a stated date within the incident's date or the week after it (a
    year guessed from the document compares by month and day only); a town or facility within
    30 km of one of the incident's; a province or state of the incident's; a country of the
    incident's. An anchor whose cues disagree
    with every incident so far opens a new one (a background paragraph: "In 2017, gunmen
    attacked parliament in Tehran"), and so does one dated years before the article's time
    when the incident has no date yet. An anchor without cues joins the incident of the
    anchor before it; one that opens an incident with a date but no place ("an earlier attack,
    in October 2022, killed 13") takes the place of the incident before it, marked as
    context. A sentence naming places in several countries is read in parts, each
    mention with its nearest place; a place after "from" (the suspects "from Tajikistan") is no
    cue when ``text`` is given. Sentences with no anchor give their statements, actors and
    people to the incident before them.

    The main incident, listed first, is the first with violence (a violent trigger, or people
    killed or hurt): an article on an arrest "over last month's shooting" is about the
    shooting; but talk of attacks with no victims, date or town yields to the first incident
    with victims. A main incident whose sentences name no place takes the article's most named
    town (basis "article"). An incident other than the main one is kept only if it has a casualty
    claim, or more than one sentence tells it with a date with its year written or a town: an
    attack mentioned only by name ("since Beslan", "the September 11 attacks", "the 2002 theatre
    siege in Moscow") gives nothing; nor do deaths told as no attack (no attack word with its
    casualty claims: "1,000 fighters have died in wars abroad", "before he died"). A recalled
    attack dated years back takes no later sentence that agrees with it only by country.
    """
    from .extract.incidents import says

    if isinstance(published, str):
        from .extract.dates import parse_published

        published = parse_published(published)
    mentions = _readable(mentions, text)
    stated_years = [date.fromisoformat(m.data["end"]).year for m in mentions if m.kind == "date" and m.data.get("basis") == "stated"]
    reference_year = published.year if published else max(stated_years, default=None)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_start, []).append(m)
    parts: list[tuple[list[Mention], bool]] = []  # (mentions, one of several parts of a sentence)
    for start in sorted(by_sentence):
        sentence = by_sentence[start]
        countries = {m.data["country_code"] for m in sentence if m.kind == "place" and m.data.get("country_code")}
        split = _split_by_country(sentence, text) if len(countries) > 1 else [sentence]
        parts += [(part, len(split) > 1) for part in split]

    from .extract.incidents import caption_spans

    captions = caption_spans(text) if text is not None else []
    frames: list[_Frame] = []
    current: _Frame | None = None
    lead: list[Mention] = []
    for part, partial in parts:
        if not _anchor(part, text) or any(a <= part[0].start < b for a, b in captions):
            if current is not None:
                current.extra.append(part)
            else:
                lead += part  # "It was a black Sunday yesterday for the parish": before any anchor
            continue
        cues = _cues([m for m in part if not _origin(m, text)], published, reference_year)
        chosen = current
        if not frames:
            chosen = _Frame()
            frames.append(chosen)
        elif cues.any:
            # Going back to an earlier incident takes a cue that agrees, not just none that disagrees.
            fitting = [
                (agree, f is current, -i) for i, f in enumerate(frames)
                if (agree := f.fit(cues)) is not None and (agree > 0 or f is current)
            ]  # fmt: skip
            if fitting:
                chosen = frames[-max(fitting)[2]]
            elif current is not None and _continues(part, cues, current):
                chosen = current
            else:
                chosen = _Frame()
                if not (cues.towns or cues.countries) and current is not None:
                    # "An earlier attack, in October 2022, killed 13": told where the last one was
                    chosen.context = [m for p in current.parts for m in p if m.kind == "place"]
                    chosen.countries = set(current.countries)
                frames.append(chosen)
        chosen.parts.append(part)
        chosen.take(cues)
        if not partial or current is None:
            current = chosen  # a list of places in passing ("attacks in Russia, Iran and Turkey") moves nothing

    # The main incident: the first with violence (a trigger, or people killed or hurt); an
    # article on an arrest "over last month's shooting" is mainly about the shooting.
    main = _main_frame(frames)
    if main is not None and text is not None and _retrospective(main, text, published, reference_year):
        return []  # an anniversary or a trial years on: the past attack is no new incident
    if text is not None and says("accident", text):
        # deaths told with no attack word in an article naming an accident are the accident's
        frames = [f for f in frames if any(attack_trigger(m) for part in f.parts for m in part)]
        main = main if main in frames else None
    incidents = []
    for frame in sorted(frames, key=lambda f: f is not main):
        own = [m for part in frame.parts for m in part]
        extra = [m for part in frame.extra for m in part if m.kind in ("statement", "actor", "person")]
        if frame is main and not any(m.kind == "date" for m in own):
            # the article's lead before its first anchor dates the main incident it opens on
            own = own + [m for m in lead if m.kind == "date" and not any(a <= m.start < b for a, b in captions)]
        incident = _incident(len(incidents), frame is main, own, extra, published, frame.context, text)
        if incident is not None:
            incident.reference_year = reference_year
            incidents.append(incident)
    if incidents and incidents[0].location is None:
        # "Police said a man was shot Sunday" names no place: the article's most named town does
        places = [m for m in mentions if m.kind == "place" and not _origin(m, text)]
        if places:
            incidents[0].location = {**_most_named(places), "basis": "article"}
    attribute_strays(incidents, mentions)  # claims and blame told apart from the attack's sentences
    return incidents


def _continues(part: list[Mention], cues: _Cues, current: _Frame) -> bool:
    """"Fifteen officers, including the police chief of Ognevka, were also killed": victims
    counted in addition to those just told are of the same attack, whatever town names them,
    unless its date or country says otherwise; so are arrests told after an attack."""
    if not (any(m.kind == "casualty" and m.data.get("others") for m in part) or _arrests_only(part)):
        return False
    if _arrests_only(part) and not any(_violent(m) for p in current.parts for m in p):
        return False
    return current.fit(_Cues(cues.dates, [], cues.countries, cues.regions, cues.old, cues.weekday)) is not None


def _arrests_only(part: list[Mention]) -> bool:
    """Arrests and nothing else: "police arrested two men in Ognevka on Tuesday" after an attack
    are arrests over it, wherever they were made (in the same country, within its days)."""
    triggers = [m for m in part if m.kind == "incident"]
    claims = [m for m in part if m.kind == "casualty" and m.data["min"] is not None]
    return bool(triggers or claims) and all(m.data["type"] == "arrest" for m in triggers) and all(
        m.data["category"] == "arrested" for m in claims
    )


def _main_frame(frames: list[_Frame]) -> _Frame | None:
    """The first incident with violence (a violent trigger, or people killed or hurt; when
    nobody is, also an attack told with the town or facility it struck): an
    article on an arrest "over last month's shooting" is mainly about the shooting. Unless it
    is only talk of attacks, with no victims, no date and no town ("the second suicide bomber
    was also Tajik ... attacks in Afghanistan"), and a later incident has victims: that one."""
    violent = [f for f in frames if any(_violent(m) for part in f.parts for m in part)]
    if not any(_hurt(m) for f in violent for part in f.parts for m in part):
        violent = [f for f in frames if f in violent or _placed_attack(f)]
    if not violent:
        return frames[0] if frames else None
    hurt = [f for f in violent if any(_hurt(m) for part in f.parts for m in part)]
    first = violent[0]
    if hurt and first not in hurt and not any(_dated_or_placed(m) for part in first.parts for m in part):
        return hurt[0]
    return first


def _placed_attack(frame: _Frame) -> bool:
    """An attack done told with where it struck ("after the attack on the Crocus City Hall in
    Moscow"): violence, though its word says nothing of the means."""
    return any(
        any(attack_word(m) and m.data["status"] == "executed" for m in part if m.kind == "incident")
        and any(m.kind == "place" and m.data.get("precision") in TOWN_PRECISIONS for m in part)
        for part in frame.parts
    )


def _hurt(m: Mention) -> bool:
    return m.kind == "casualty" and m.data["category"] in ("killed", "injured", "casualties") and m.data["min"] is not None


def _dated_or_placed(m: Mention) -> bool:
    return m.kind == "date" or (m.kind == "place" and m.data.get("precision") in TOWN_PRECISIONS)


def _readable(mentions: list[Mention], text: str | None) -> list[Mention]:
    """The mentions that can tell the article's incidents: none from a caption under a file
    photo (an earlier event's picture); in a match report, no shots or attacks of play."""
    if text is None:
        return mentions
    from .extract.incidents import file_photo_spans, sport_report, sport_trigger

    captions = file_photo_spans(text)
    if captions:
        mentions = [m for m in mentions if not any(a <= m.start < b for a, b in captions)]
    hurt = any(m.kind == "casualty" and m.data["category"] in ("killed", "injured", "casualties") for m in mentions)
    if not hurt and sport_report(text):
        mentions = [m for m in mentions if not (m.kind == "incident" and sport_trigger(m.text))]
    return mentions


def _anchor(part: list[Mention], text: str | None) -> bool:
    """A trigger, or a casualty claim not told of an accident: "a stampede at his funeral killed
    56" and "the bus plunged into a ravine, killing 40" count no victims of an attack."""
    if any(m.kind == "incident" and m.data["type"] in ANCHOR_TYPES for m in part):
        return True
    claims = [m for m in part if m.kind == "casualty" and m.data["min"] is not None]
    if not claims:
        return False
    if text is None:
        return True
    from .extract.incidents import says

    return not says("accident", text[claims[0].sentence_start : claims[0].sentence_end])


def _retrospective(main: _Frame, text: str, published: date | None, reference_year: int | None) -> bool:
    """The article's lead (the main incident's first three sentences) marks an anniversary of
    the attack, or a trial over it years later ("convicted eight people ... over an attack six
    years ago"): the cue stands before the attack's trigger in its sentence ("the city's 650th
    anniversary celebrations" dates no attack)."""
    from .extract.incidents import context_pattern, says
    from .extract.lexicon import load_toml

    own = [m for part in main.parts for m in part]
    starts = sorted({m.sentence_start for m in own})[:3]
    lead = [m for m in own if m.sentence_start in starts]
    sentences = {m.sentence_start: text[m.sentence_start : m.sentence_end] for m in lead}
    triggers = [m for m in lead if attack_trigger(m)]

    def before_trigger(name: str) -> bool:
        for start, sentence in sentences.items():
            for cue in context_pattern(name).finditer(sentence):
                at = start + cue.end()
                if any(m.sentence_start == start and 0 <= m.start - at <= MAX_CUE_GAP for m in triggers):
                    return True
        return False

    if before_trigger("anniversary") or before_trigger("verdict"):
        return True
    if not before_trigger("trial"):
        return False
    days = load_toml("incidents.toml")["context"]["trial_min_days"]
    dated = [interval_of(m.data) for m in lead if m.kind == "date" and m.data.get("basis") != "document_year"]
    back = published is not None and any((published - d.end).days >= days for d in dated)
    old = reference_year is not None and any(d.end.year < reference_year for d in dated)
    return back or old or says("years_back", " ".join(sentences.values()))


def _violent(m: Mention) -> bool:
    if m.kind == "incident":
        return m.data["type"] in VIOLENT_TYPES
    return m.kind == "casualty" and m.data["category"] in ("killed", "injured", "casualties") and m.data["min"] is not None


def _incident(
    index: int, main: bool, own: list[Mention], extra: list[Mention], published: date | None, context: list[Mention],
    text: str | None = None,
) -> DocIncident | None:
    claims = [m for m in own if m.kind == "casualty" and m.data["min"] is not None]
    stated = [m for m in own if m.kind == "date"]
    towns = [m for m in own if m.kind == "place" and m.data.get("precision") in TOWN_PRECISIONS]
    told = len({m.sentence_start for m in own}) > 1  # more than one sentence tells it
    if not main and not (claims or (told and (towns or any(m.data.get("basis") == "stated" for m in stated)))):
        return None  # named in passing ("the 2002 theatre siege in Moscow"): no incident of its own
    told_as_attack = {m.sentence_start for m in own if m.kind == "incident"}
    if not main and not (told_as_attack and (not claims or any(m.sentence_start in told_as_attack for m in claims))):
        return None  # deaths told as no attack ("1,000 fighters have died in wars abroad", "before he died")
    mentions = sorted(own + extra, key=lambda m: (m.start, m.end, m.kind))
    triggers = [m for m in own if m.kind == "incident"]
    counts = document_counts(mentions)
    kind, status = incident_type(triggers, counts)
    if kind == "other" and status == "executed" and text is not None:
        kind = type_by_means(own, extra, text)
    places = [m for m in own if m.kind == "place"]
    location = _location(places)
    if location is None and context:
        location = {**_location(context), "basis": "context"}  # where the incident told before it happened
    return DocIncident(
        index, main, mentions, kind, status, _date(stated, published, main),
        location, counts, incident_actors(mentions), incident_people(mentions),
    )  # fmt: skip


def _date(stated: list[Mention], published: date | None, main: bool) -> dict | None:
    """The most precise stated date not after publication (the earliest of the best precision:
    an incident's sentences agree on its date within a week, and the later days are those of
    reports about it, "the toll rose to 83, officials said Tuesday" after "on Monday morning";
    the first of them when a year is guessed from the document, which orders nothing);
    for the main incident without one, the publication date (basis "published")."""
    usable = [m for m in stated if published is None or date.fromisoformat(m.data["start"]) <= published]
    if usable:
        best = max(DATE_PRECISION_RANK.get(m.data["precision"], 0) for m in usable)
        candidates = [m for m in usable if DATE_PRECISION_RANK.get(m.data["precision"], 0) == best]
        if any(m.data.get("basis") == "document_year" for m in candidates):
            pick = candidates[0]  # a guessed year orders nothing: the first told is the incident's
        else:
            pick = min(candidates, key=lambda m: (m.data["start"], m.start))
        return {k: pick.data[k] for k in ("start", "end", "precision", "basis")}
    if main and published is not None:
        return {"start": published.isoformat(), "end": published.isoformat(), "precision": "day", "basis": "published"}
    return None


def _location(places: list[Mention]) -> dict | None:
    """The most precise place named (facility > town > region > country); ties: the most
    named, then the first. A facility without a town takes the town named beside it."""
    places = _where_it_happened(places)
    if not places:
        return None
    counts: dict[str, int] = {}
    for m in places:
        counts[place_key(m.text)] = counts.get(place_key(m.text), 0) + 1
    pick = max(places, key=lambda m: (PLACE_PRECISION_RANK.get(m.data.get("precision"), 0), counts[place_key(m.text)], -m.start))
    location = {**pick.data, "text": pick.text}
    if location.get("facility") and not location.get("name"):
        town = next((m for m in places if m.data.get("precision") == "city"), None)
        if town is not None:
            location.update({k: town.data[k] for k in ("name", "country_code", "admin1", "latitude", "longitude")})
    if not location.get("country_code"):
        country = next((m.data["country_code"] for m in places if m.data.get("country_code")), None)
        location["country_code"] = country
    return location


def _where_it_happened(places: list[Mention]) -> list[Mention]:
    """Not the hospitals and places victims were taken to, unless the article names no other."""
    return [m for m in places if not m.data.get("destination")] or places


def _most_named(places: list[Mention]) -> dict:
    """The town or facility an article names most (else its most named region or country)."""
    places = _where_it_happened(places)
    counts: dict[str, int] = {}
    for m in places:
        counts[place_key(m.text)] = counts.get(place_key(m.text), 0) + 1
    pick = max(places, key=lambda m: (m.data.get("precision") in TOWN_PRECISIONS, counts[place_key(m.text)], -m.start))
    return {**pick.data, "text": pick.text}


__all__ = [
    "ASSEMBLER_VERSION", "COUNT_CATEGORIES", "Count", "DocIncident", "INCIDENT_SENTENCE_TYPES", "VIOLENT_TYPES",
    "assemble", "document_counts", "incident_sentences",
]  # fmt: skip
