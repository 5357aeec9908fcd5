"""Places and facilities, geocoded offline and disambiguated by the rest of the document.

A name with several gazetteer entries (Kerman in Iran or California) takes the one best
supported by the document: a demonym or country right beside it ("the Iranian city of Kerman",
"Kerman, Iran") decides; otherwise the countries the document names elsewhere, then the
first-level areas it names ("Springfield" in an article that mentions the Illinois State Police
is Springfield, Illinois, not the larger Springfield, Missouri), and only then population. A
name that is a country and also a first-level area ("Georgia") is the area when the document
is about that area's country and nothing else in it points to the other country. A town
written with its state ("Greenwood, Minn.") stays in that state, unplaced, when the gazetteer
has no such town there.

Besides names the model tags as places and names after "in", "near", ...: towns named as a
local's or its police's ("Hampton man", "the Dayton Police Department"), with a compass point
("West Philadelphia"), or as an incident's modifier ("the Moscow bombing"). Not towns: a name
that goes on as a street's ("Bridlewood Drive"), a county's ("Harris County": kept by name,
unplaced), a title, an abbreviated month, or a family name already read as a person's.

A hospital, or a place reached by "taken to", "treated at", ..., is marked ``destination``:
where victims went, not where the incident happened.

Not places of the story: a country or town named as a party (the speaker, "Washington said";
the accused, "blamed Pakistan"; "Pakistan-based", "the treaty with India": extract/parties.py), an origin ("workers
from Tajikistan"), a world region ("Central Asia"), a demonym ("Somali"), a dateline abroad (or at home
when the body names other towns or regions of its country: extract/datelines.py), a
common noun with a capital ("On Train", "in Church"). A world city beats a small namesake
unless its area is named beside it; a town known only abroad, in an article plainly about
another country, is that country's own town the gazetteer lacks ("Palma", Mozambique). A
facility is placed at the town written after it, in its sentence, before it, else at the
document's town; one named after a foreign town ("Madina mosque") is not in that town.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from .datelines import filed_elsewhere, is_dateline, with_datelines
from .gazetteer import Place, fold, gazetteer
from .lexicon import load_toml
from .parties import modifier, party_tokens

PLACE_LABELS = ("GPE", "LOC", "FAC")
WEAK_LABELS = ("NORP", "ORG", "PERSON")  # the small model often labels places so; need a cue
MAX_NAME_TOKENS = 4
NEAR_WINDOW = 5  # tokens around a name searched for a demonym or country
WEIGHT_NEAR, WEIGHT_DOCUMENT, WEIGHT_COUNTRY, WEIGHT_NAMESAKE_CITY = 10.0, 3.0, 20.0, 3.0
WEIGHT_REGION = 1.5  # per mention (at most 3) of the first-level area a town is in
WEIGHT_OWN_NAME = 1.0  # the place is called so, not only known by it as an alternate spelling ("Khar" is Khar, not Haar)
# A city this large is what its name means unless its namesake's area or country is named right
# beside it: "Paris" in an article that mentions Texas elsewhere is still Paris, France.
WORLD_CITY_POPULATION, WORLD_CITY_RATIO = 1_000_000, 10
# A town only abroad, smaller than this, in an article plainly about another country that never
# points to the town's: a namesake there the gazetteer lacks ("Palma" in Mozambique, not Spain).
NAMESAKE_ABROAD_POPULATION = 500_000
# Capitalised words that describe a facility rather than name it.
DESCRIPTIVE = frozenset("shia shiite sunni sufi catholic christian muslim jewish hindu sikh buddhist orthodox protestant christmas".split())
# Capitalised words that are places somewhere but almost never in news prose.
NOT_PLACES = frozenset(
    "north south east west central northern southern eastern western hall august march may june "
    "april january july monday tuesday wednesday thursday friday saturday sunday police islamic christmas easter "
    "state union national university republic army city province district "
    # titles and abbreviated months, which the small model tags as places: "Officer Jose Estrada", "Nov. 5"
    "officer sheriff deputy detective sergeant sgt lt capt captain chief trooper judge mayor governor gov "
    "senator sen rep president agent jan feb mar apr jun jul aug sep sept oct nov dec "
    "northwest northeast southwest southeast midwest side one".split()
)


UNKNOWN_CUES = frozenset(("in", "near", "at", "outside"))  # before a place name the gazetteer lacks
COMMON_WORD_TOWN_POPULATION = 50_000  # towns named like a common noun ("Church", "Valley") smaller than this
FUNCTION_POS = frozenset(("VERB", "ADP", "AUX", "SCONJ", "CCONJ", "PRON", "DET"))  # no facility name opens with these
HEADLINE_TITLE_SHARE = 0.6  # a line with this share of capitalised words is in title case
COMPASS = frozenset("north south east west northeast northwest southeast southwest n s e w ne nw se sw".split())
KNOWN_TOWN_POPULATION = 10_000
# Lower-case nouns after a town's name that make it a place: "Hampton man", "Toledo police".
LOCAL_NOUNS = frozenset(
    "man woman men women boy girl boys girls teen teens teenager teenagers toddler child children baby infant "
    "mother father mom dad couple family resident residents student students police officer officers cop cops "
    "sheriff deputies firefighters neighborhood neighbourhood home homes house apartment".split()
)
# A town right before these (with these words between) is where an incident happened.
INCIDENT_NOUNS = frozenset("attack attacks bombing bombings blast blasts shooting shootings massacre siege explosion explosions attackers bombers".split())
INCIDENT_MODIFIERS = frozenset("terrorist terror suicide twin deadly mass school theatre theater concert".split())


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int  # character offsets
    end: int
    place: Place | None  # None: a facility whose town the document does not name
    facility: str | None = None
    destination: bool = False  # where victims were taken or treated: "taken to Stroger Hospital", any hospital

    @property
    def precision(self) -> str:
        """country | admin1 | city (geocoded), unresolved (a settlement by name only), facility."""
        return "facility" if self.facility else self.place.kind

    def as_dict(self) -> dict:
        p = self.place
        data = {
            "name": p.name if p else None, "country_code": p.country_code if p else None,
            "admin1": p.admin1 if p else None, "latitude": p.latitude if p else None,
            "longitude": p.longitude if p else None, "precision": self.precision,
            "facility": self.facility, "population": p.population if p and p.population else None,
        }  # fmt: skip
        if self.destination:
            data["destination"] = True
        return data


def find_places(doc, exclude: frozenset[int] = frozenset()) -> list[PlaceMention]:
    """Every place and facility named in a spaCy Doc, in text order.

    ``exclude`` holds token indices already taken by other mentions (actor names such as
    "Islamic State Khorasan Province" contain place names that are not places here).
    """
    gaz = gazetteer()
    data = load_toml("places.toml")
    cues = set(data["cues"]["before"]) | set(data["cues"]["kinds"])
    streets, areas = frozenset(data["cues"]["streets"]), frozenset(data["cues"]["areas"])
    not_towns = streets | areas
    surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    regions_ = frozenset(fold(name) for name in data["regions"]["names"])
    lower_words = frozenset(t.text for t in doc if t.is_lower)
    modifiers = frozenset(data["metonyms"]["compound_modifiers"])
    parties = party_tokens(doc, data["metonyms"])
    bodies = frozenset(data["facilities"]["nouns"]) | frozenset(data["facilities"]["institutions"])
    spans = [
        (a, b) for a, b in with_datelines(doc, gaz, _candidate_spans(doc, gaz, cues))
        if not exclude.intersection(range(a, b)) and (_plausible(doc[a:b]) or is_dateline(doc, a, b))
        and not (b - a == 1 and doc[a].text in surnames and not _is_country(gaz, doc[a].text))
        and fold(doc[a:b].text.removeprefix("the ")) not in regions_ and not _demonym_only(doc[a:b], gaz)
        and not (parties.intersection(range(a, b)) or _common_word_in_title(doc[a:b], lower_words) or modifier(doc, b, modifiers))
        and not _ends_a_body_name(doc, a, b, gaz, bodies)
    ]  # fmt: skip  ("siblings of Parker" after "Maleki Parker": the family name, not the town)
    unknown = [(a, b) for a, b in _unknown_settlements(doc, gaz, data["cues"]["settlements"], spans) if not exclude.intersection(range(a, b))]
    spans = [(a, b) for a, b in spans if not any(u <= a < v for u, v in unknown)]  # "Bulo" of "village of Bulo Hawo"
    institutions = frozenset(data["facilities"]["nouns"]) | frozenset(data["facilities"]["institutions"])
    unknown += [(a, b) for a, b in _unknown_names(doc, gaz, spans + unknown, regions_, institutions) if not exclude.intersection(range(a, b))]
    context = _document_countries(doc, gaz, spans)  # "Harris County" says the country as well as "Harris" would
    main = _main_country(context)  # a dateline abroad is where the report was filed ("NEW DELHI: ... in Balochistan")
    spans = [(a, b) for a, b in spans if not _common_word_town(doc[a:b], gaz, lower_words, context)]
    spans = [(a, b) for a, b in spans if not (main and is_dateline(doc, a, b) and main not in {p.country_code for p in gaz.lookup(doc[a:b].text)})]
    regions = _document_regions(doc, gaz, spans, streets)
    counties = [(a, b + 1) for a, b in spans if _word_after(doc, b) in areas]  # "Harris County": not the town of Harris
    spans = [(a, b) for a, b in spans if _word_after(doc, b) not in not_towns]  # "Bridlewood Drive", "Market St."
    repeats = Counter(fold(doc[a:b].text) for a, b in spans)
    mentions = []
    for start, end in spans:
        text = doc[start:end].text
        candidates = gaz.lookup(text)
        best = _choose(candidates, doc, start, end, gaz, context, regions, repeats[fold(text)])
        area = _area_after(doc, end, gaz, context + Counter(p.country_code for p in candidates))
        if best is not None and area is not None and best.kind == "city" and (best.country_code, best.admin1) != (area.country_code, area.admin1):
            best = Place(text, "unresolved", area.country_code, area.admin1, None, None, 0)  # "Greenwood, Minn.": not in the gazetteer
        if best is not None:
            mentions.append(PlaceMention(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), best))
    for start, end in counties:
        text = doc[start:end].text
        area = _area_after(doc, end, gaz, context)
        if area is None:  # "Los Angeles County" in an article that names California: in California
            town = _choose(gaz.lookup(doc[start : end - 1].text), doc, start, end - 1, gaz, context, regions)
            if town is not None and town.admin1 and regions.get((town.country_code, fold(town.admin1))):
                area = town
        code = area.country_code if area else _near_country(doc, start, end, gaz) or _main_country(context)
        place = Place(text, "unresolved", code, area.admin1 if area else None, None, None, 0)
        mentions.append(PlaceMention(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), place))
    # the one country of the towns the document names: where an unknown village most likely is
    town_countries = {m.place.country_code for m in mentions if m.place.kind == "city"}
    towns_country = next(iter(town_countries)) if len(town_countries) == 1 else None
    for start, end in unknown:
        text = doc[start:end].text
        owner = _possessive_area(doc, start, gaz)  # "Kashmir's Pahalgam": in that area
        code = owner.country_code if owner else _near_country(doc, start, end, gaz) or _main_country(context) or towns_country
        place = Place(text, "unresolved", code, owner.admin1 if owner else None, None, None, 0)
        mentions.append(PlaceMention(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), place))
    datelines = {doc[a].idx for a, b in spans if is_dateline(doc, a, b)}
    mentions = [m for m in mentions if not (m.start in datelines and filed_elsewhere(m, mentions, datelines))]
    facilities = _facilities(doc, mentions, data["facilities"], context)
    mentions = [m for m in mentions if not any(f.start <= m.start and m.end <= f.end for f in facilities)] + facilities
    verbs, care = frozenset(data["cues"]["destination_verbs"]), tuple(data["facilities"]["care"])
    mentions = [
        replace(m, destination=True)
        if (m.facility and m.facility.lower().endswith(care)) or _destination(doc, doc.char_span(m.start, m.end, alignment_mode="expand"), verbs)
        else m
        for m in mentions
    ]  # fmt: skip
    return sorted(mentions, key=lambda m: m.start)


def _names_incident(doc, end: int) -> bool:
    """A name before an incident's noun: "the Pahalgam terror attack"."""
    while end < len(doc) and doc[end].lower_ in INCIDENT_MODIFIERS:
        end += 1
    return end < len(doc) and doc[end].lower_ in INCIDENT_NOUNS


def _unknown_names(doc, gaz, known: list[tuple[int, int]], regions: frozenset[str], institutions: frozenset[str]) -> list[tuple[int, int]]:
    """Towns the gazetteer lacks that the model tags as places after "in", "near", "at" or an
    area's "'s" ("in Barsalogho", "near Bolan", "Kashmir's Pahalgam"): kept by name, in the
    country named beside them or the one the document is about."""
    taken = {k for a, b in known for k in range(a, b)}
    found = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or taken.intersection(range(ent.start, ent.end)):
            continue
        marks = [t.i for t in ent if t.lower_ in ("'s", "’s")]
        if ent.label_ == "FAC" and not marks:
            continue  # a facility's name ("Crocus City Hall") is read as a facility
        cued = ent.start > 0 and doc[ent.start - 1].lower_ in UNKNOWN_CUES or _names_incident(doc, ent.end)
        bounds = [ent.start, *marks, ent.end]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            a += k > 0  # past the "'s"
            name = doc[a:b]
            if not len(name) or len(name) > MAX_NAME_TOKENS or not (cued or marks) or not all(t.is_title for t in name):
                continue
            if gaz.lookup(name.text) or fold(name.text) in regions or any(t.lower_ in NOT_PLACES or gaz.demonym(t.text) for t in name):
                continue
            if name[-1].lemma_.lower() in institutions:
                continue  # "the Sheriff's Office", "Kabul's Interior Ministry": a body or building, not a town
            found.append((a, b))
    return found


def _ends_a_body_name(doc, start: int, end: int, gaz, bodies: frozenset[str]) -> bool:
    """"the Federal Court of Justice", "the Ministry of Interior": a word after a capitalised body's
    "of" is the end of its name, unless it names a town of some size, an area or a country
    ("the University of Michigan", "the Bank of Japan")."""
    if start < 2 or doc[start - 1].lower_ != "of" or not doc[start - 2].is_title or doc[start - 2].lemma_.lower() not in bodies:
        return False
    return all(p.kind == "city" and p.population < COMMON_WORD_TOWN_POPULATION for p in gaz.lookup(doc[start:end].text))


def _demonym_only(span, gaz) -> bool:
    """"Somali", "Afghan": a people's name, not a place, even where an area shares it (the
    Somali Region of Ethiopia); a country's name that is also its adjective ("Saudi") stays."""
    return len(span) == 1 and gaz.demonym(span.text) is not None and not _is_country(gaz, span.text)


def _common_word_in_title(span, lower_words: frozenset[str]) -> bool:
    """"Soldiers Executed On Train": a word capitalised only because its line is a title case
    headline, written in lower case elsewhere in the document ("the train"), is no town."""
    if len(span) != 1 or span[0].lower_ not in lower_words:
        return False
    words = [t for t in span.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title for t in words) >= HEADLINE_TITLE_SHARE * len(words)


def _common_word_town(span, gaz, lower_words: frozenset[str], context: Counter) -> bool:
    """"to be in Church", "across the Valley": a common noun with a capital, which some small
    town abroad is called, in a document that uses the word in lower case and points to that
    town's country nowhere else."""
    the = span.start > 0 and span.doc[span.start - 1].lower_ == "the"  # "across the Valley": no town takes "the"
    if len(span) != 1 or not (span[0].lower_ in lower_words or the):
        return False
    places = gaz.lookup(span.text)
    return all(p.kind == "city" and p.population < COMMON_WORD_TOWN_POPULATION and context.get(p.country_code, 0) <= 1 for p in places)


def _compass(token) -> bool:
    return token.lower_.rstrip(".") in COMPASS


def _known_town(span, gaz) -> bool:
    """A town large enough to be read from its name alone ("Hampton man", "West Philadelphia")."""
    return len(span) > 0 and any(p.kind == "city" and p.population >= KNOWN_TOWN_POPULATION for p in gaz.lookup(span.text))


def _area_after(doc, end: int, gaz, context: Counter) -> Place | None:
    """The first-level area written right after a town, news style ("Greenwood, Minn.", "Cary,
    North Carolina"), in a country the document names."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    for length in (3, 2, 1):
        words = doc[end + 1 : end + 1 + length]
        if len(words) == length and all(t.is_title for t in words) and not (length == 1 and words[0].lower_.rstrip(".") in NOT_PLACES):
            area = next((p for p in gaz.lookup(words.text) if p.kind == "admin1" and context.get(p.country_code)), None)
            if area is not None:
                return area
    return None


def _word_after(doc, end: int) -> str:
    """The capitalised word after a name, lower case without its dot ("St." -> "st"); "&"
    stands for a longer name ("Scott & White Hospital")."""
    if end >= len(doc) or not (doc[end].is_title or doc[end].text == "&"):
        return ""  # "St. Louis street", "Miami drive-by"
    return "street" if doc[end].text == "&" else doc[end].lower_.rstrip(".")


def _destination(doc, span, verbs: frozenset[str], hops: int = 4) -> bool:
    """A place reached by "to" or "at" from a verb of taking or treating: where a victim was taken
    ("taken to Stroger Hospital", "treated at a hospital in Temple"), not where the incident was."""
    if span is None or not len(span):
        return False
    token = span.root
    for _ in range(hops):
        head = token.head
        if head is token:
            return False
        if token.dep_ == "prep" and token.lower_ == "from":
            return False  # "to Lahore from Quetta": where the journey began
        if token.dep_ == "prep" and token.lower_ in ("to", "at", "into") and head.pos_ == "VERB" and head.lemma_.lower() in verbs:
            return True
        token = head
    return False


def _possessive_places(doc, gaz) -> list[tuple[int, int]]:
    """"Balochistan's Mastung district", "Pakistan's Quetta": an area or country, "'s", and a town
    in it; the model often reads the whole as one organisation's name."""
    found = []
    for token in doc[1:-1]:
        if token.lower_ not in ("'s", "’s"):
            continue
        start = token.i - 1
        while start > 0 and token.i - start < MAX_NAME_TOKENS and doc[start - 1].is_title and not doc[start].is_sent_start:
            start -= 1
        end = token.i + 1
        while end < len(doc) and end - token.i <= MAX_NAME_TOKENS and doc[end].is_title:
            end += 1
        owner = next((doc[a : token.i] for a in range(start, token.i) if gaz.lookup(doc[a : token.i].text)), None)
        if owner is None:
            continue
        areas = [p for p in gaz.lookup(owner.text) if p.kind in ("country", "admin1")]
        if not areas:
            continue
        for stop in range(end, token.i + 1, -1):
            towns = [p for p in gaz.lookup(doc[token.i + 1 : stop].text) if p.kind in ("city", "admin1")]
            if any(t.country_code == a.country_code and (a.kind == "country" or t.admin1 == a.admin1) for t in towns for a in areas):
                found += [(owner.start, owner.end), (token.i + 1, stop)]
                break
    return found


def _opens_facility(doc, end: int, nouns: frozenset[str]) -> bool:
    """"in Al Huda Mosque": the name goes on in capitals to a facility's noun, so its first word
    ("Al", a village in Norway) is no town."""
    k = end
    while k < len(doc) and k - end < MAX_NAME_TOKENS and doc[k].is_title and not doc[k].is_sent_start:
        if doc[k].lemma_.lower() in nouns or doc[k].lower_ in nouns:
            return k > end
        k += 1
    return False


def _candidate_spans(doc, gaz, cues) -> list[tuple[int, int]]:
    facility_nouns = frozenset(load_toml("places.toml")["facilities"]["nouns"])
    taken: set[int] = set()
    spans = []
    for a, b in _possessive_places(doc, gaz):
        spans.append((a, b))
        taken.update(range(a, b))
    for ent in doc.ents:
        if taken.intersection(range(ent.start, ent.end)):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if start < ent.end and not gaz.lookup(doc[start : ent.end].text) and _known_town(doc[start + 1 : ent.end], gaz) and _compass(doc[start]):
            start += 1  # "West Philadelphia", "South Anchorage": the city
        if start >= ent.end or not gaz.lookup(doc[start : ent.end].text):
            continue
        if start > 0 and doc[start - 1].ent_type_ == "PERSON" and doc[start - 1].is_title and ent.label_ != "PERSON":
            continue  # "Maleki Parker": a family name the model took for a place
        cued = start > 0 and doc[start - 1].lower_ in cues
        if ent.label_ in PLACE_LABELS or (ent.label_ in WEAK_LABELS and (cued or _is_country(gaz, doc[start : ent.end].text))):
            if ent.label_ == "NORP" and gaz.demonym(ent.text):
                continue
            spans.append((start, ent.end))
            taken.update(range(start, ent.end))
    spans = _joined_areas(doc, gaz, spans, taken)
    for i in range(1, len(doc)):
        if i in taken or doc[i - 1].lower_ not in cues or not doc[i].is_title:
            continue
        if _compass(doc[i]) and i + 1 < len(doc) and i + 1 not in taken and _known_town(doc[i + 1 : i + 2], gaz):
            i += 1  # "in E Toledo"
        for length in range(MAX_NAME_TOKENS, 0, -1):
            end = i + length
            if end > len(doc) or any(k in taken for k in range(i, end)):
                continue
            if all(t.is_title or t.text in ("-", "'s") for t in doc[i:end]) and gaz.lookup(doc[i:end].text) and not _opens_facility(doc, end, facility_nouns):
                spans.append((i, end))
                taken.update(range(i, end))
                break
    # "Hampton man charged", "the Dayton Police Department": a town named as a local's or its police's.
    for j in range(1, len(doc)):
        if doc[j].lower_ not in LOCAL_NOUNS or (doc[j].is_title and doc[j].lower_ not in ("police", "sheriff")):
            continue
        for i in range(max(0, j - 3), j):
            if any(k in taken for k in range(i, j)) or not all(t.is_title and t.ent_type_ != "PERSON" for t in doc[i:j]):
                continue
            if (i == 0 or not doc[i - 1].is_title or doc[i - 1].lower_ == "the") and _known_town(doc[i:j], gaz) and _plausible(doc[i:j]):
                spans.append((i, j))
                taken.update(range(i, j))
                break
    # "Uganda is mourning": a country's name is a place whatever label the model gives it.
    for i in range(len(doc)):
        for length in (3, 2, 1):
            words = doc[i : i + length]
            if len(words) == length and not taken.intersection(range(i, i + length)) and all(t.is_title and t.ent_type_ != "PERSON" for t in words):
                if _is_country(gaz, words.text) and words[-1].pos_ == "PROPN":
                    spans.append((i, i + length))
                    taken.update(range(i, i + length))
                    break
    # "the Kerman terrorist attack", "the Moscow bombing": a town named as an incident's modifier.
    for i in range(len(doc) - 1):
        if i in taken or not doc[i].is_title or doc[i].is_sent_start:
            continue
        j = i + 1
        while j < len(doc) and doc[j].is_title and j - i < MAX_NAME_TOKENS and j not in taken:
            j += 1
        k = j
        while k < len(doc) and doc[k].lower_ in INCIDENT_MODIFIERS:
            k += 1
        if i > 0 and doc[i - 1].is_title and not doc[i - 1].is_sent_start:
            continue  # "South Side shooting": the name does not start here
        if k < len(doc) and doc[k].lower_ in INCIDENT_NOUNS and not any(t in taken for t in range(i, j)):
            if any(p.kind == "city" for p in gaz.lookup(doc[i:j].text)):
                spans.append((i, j))
                taken.update(range(i, j))
    return sorted(spans)


def _possessive_area(doc, start: int, gaz) -> Place | None:
    """The first-level area whose "'s" a name follows ("Jammu and Kashmir's Pahalgam")."""
    if start < 2 or doc[start - 1].lower_ not in ("'s", "’s"):
        return None
    for a in range(max(0, start - 1 - MAX_NAME_TOKENS), start - 1):
        areas = [p for p in gaz.lookup(doc[a : start - 1].text) if p.kind == "admin1"]
        if areas and doc[a].is_title:
            return areas[0]
    return None


def _joined_areas(doc, gaz, spans: list[tuple[int, int]], taken: set[int]) -> list[tuple[int, int]]:
    """"Jammu and Kashmir", "Trinidad and Tobago": two names joined by "and" that together name an
    area or a country are that one place, not the town the first word also names."""
    out = []
    for a, b in spans:
        if b + 1 < len(doc) and doc[b].lower_ == "and" and doc[b + 1].is_title:
            for stop in range(min(len(doc), b + 1 + MAX_NAME_TOKENS), b + 1, -1):
                if all(t.is_title for t in doc[b + 1 : stop]) and any(p.kind in ("admin1", "country") for p in gaz.lookup(doc[a:stop].text)):
                    out = [(x, y) for x, y in out if not (b < x < stop)]
                    taken.update(range(a, stop))
                    a, b = a, stop
                    break
        if not any(x <= a and b <= y for x, y in out):
            out.append((a, b))
    return [(a, b) for a, b in out if not any(x < a and b <= y or x <= a and b < y for x, y in out)]


def _unknown_settlements(doc, gaz, settlement_words, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Named settlements the gazetteer lacks (villages, mostly), kept by name: "the village of
    Bulo Hawo", "Kulbiyow village", "in the town of Sidi Bouzid"; the gazetteer knows too few
    villages to drop them, and a prefix that happens to be a town elsewhere ("Bulo") is wrong."""
    words = frozenset(settlement_words)
    found = []
    for token in doc:
        if token.lower_ not in words:
            continue
        named_before = token.i > 0 and doc[token.i - 1].is_title and not doc[token.i - 1].is_sent_start
        if token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of" and doc[token.i + 2].is_title:
            start = end = token.i + 2  # "the village of Bulo Hawo"
            while end < len(doc) and end - start < MAX_NAME_TOKENS and (doc[end].is_title or doc[end].text == "-") and not doc[end].is_sent_start:
                end += 1
            if named_before and gaz.lookup(doc[start:end].text):
                start = end = token.i  # "the Kurram district of Pakistan": the name is before
                while start > 0 and token.i - start < MAX_NAME_TOKENS and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
                    start -= 1
        elif named_before:
            end = start = token.i  # "Kulbiyow village"
            while start > 0 and token.i - start < MAX_NAME_TOKENS and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
                start -= 1
        else:
            continue
        name = doc[start:end]
        if not len(name) or gaz.lookup(name.text) or any(t.lower_ in NOT_PLACES or t.ent_type_ == "NORP" or gaz.demonym(t.text) for t in name):
            continue
        if any(a <= start and end <= b and (a, b) != (start, end) and b - a > end - start for a, b in known):
            continue
        found.append((start, end))
    return sorted(set(found))


def _near_country(doc, start: int, end: int, gaz) -> str | None:
    codes, regions = _near_countries(doc, start, end, gaz)
    codes |= {code for code, _ in regions}
    return next(iter(codes)) if len(codes) == 1 else None


def _main_country(context: Counter) -> str | None:
    """The country a document is plainly about: named most, and clearly more than any other."""
    ranked = context.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    return ranked[0][0]


def _plausible(span) -> bool:
    if span.text.endswith("-"):
        return False
    if len(span) == 1 and (span[0].lower_.rstrip(".") in NOT_PLACES or span[0].pos_ not in ("PROPN",) and not span[0].ent_type_):
        return False
    return True


def _is_country(gaz, text: str) -> bool:
    return any(p.kind == "country" for p in gaz.lookup(text))


def _document_countries(doc, gaz, spans) -> Counter:
    """Countries the document points to: country names, demonyms, unambiguous places."""
    counts: Counter = Counter()
    for token in doc:
        code = gaz.demonym(token.text) if token.is_title else None
        if code:
            counts[code] += 1
    for start, end in spans:
        places = gaz.lookup(doc[start:end].text)
        countries = {p.country_code for p in places}
        named = [p for p in places if p.kind == "country"]
        if named:  # "Mali": the country, whatever towns elsewhere share the name
            counts[named[0].country_code] += 2
        elif len(countries) == 1:
            counts[next(iter(countries))] += 1
    return counts


def _document_regions(doc, gaz, spans, streets: frozenset[str] = frozenset()) -> Counter:
    """First-level areas the document points to, as (country code, folded name): the areas it
    names anywhere, on their own or in a name ("Ohio", "Tenn.", "Connecticut State Police"),
    and those of the towns it names that have no namesake."""
    counts: Counter = Counter()
    i = 0
    while i < len(doc):
        for length in (2, 1):
            words = doc[i : i + length]
            if len(words) < length or not all((t.is_title or t.is_upper) and t.ent_type_ != "PERSON" for t in words):
                continue
            if length == 1 and words[0].lower_.rstrip(".") in NOT_PLACES or _word_after(doc, i + length) in streets:
                continue  # "Northwest", "Connecticut Av SE"
            places = gaz.lookup(words.text)
            if not places:
                continue
            areas = {(p.country_code, fold(p.name)) for p in places if p.kind == "admin1"}
            if areas and all((p.country_code, fold(p.admin1 or "")) in areas for p in places if p.kind == "city"):
                counts.update(areas)  # "Ohio", "New York"; not "Lima" (Lima, Ohio or Lima Province, Peru)
            i += length - 1  # "Kansas City" names no state
            break
        i += 1
    for start, end in spans:
        places = gaz.lookup(doc[start:end].text)
        if len(places) == 1 and places[0].kind == "city" and places[0].admin1:
            counts[(places[0].country_code, fold(places[0].admin1))] += 1
    return counts


def _choose(
    places: list[Place], doc, start: int, end: int, gaz, context: Counter, regions: Counter | None = None, repeats: int = 0
) -> Place | None:
    """``repeats``: how often the document names this place (its own share of ``context``)."""
    if not places:
        return None
    abroad = _namesake_abroad(places, doc, start, end, gaz, context, repeats)
    if abroad is not None:
        return abroad
    if len(places) == 1:
        return places[0]
    regions = regions or Counter()
    countries = [p for p in places if p.kind == "country"]
    if countries and context.get(countries[0].country_code, 0) <= 2 * repeats:  # nothing else points to that country
        areas = [p for p in places if p.kind == "admin1" and context.get(p.country_code)]
        if areas:  # "Georgia" in an article about Atlanta: the state
            places = areas
    near, near_regions = _near_countries(doc, start, end, gaz)

    namesakes = {(p.country_code, fold(p.name)) for p in places if p.kind == "admin1"}
    written = fold(doc[start:end].text)
    largest = max((p.population for p in places if p.kind == "city"), default=0)

    def score(place: Place) -> float:
        value = math.log10(place.population + 10) / 2
        if fold(place.name) == written:
            value += WEIGHT_OWN_NAME
        overshadowed = place.kind == "city" and largest >= WORLD_CITY_POPULATION and place.population * WORLD_CITY_RATIO < largest
        if place.kind == "country":
            value += WEIGHT_COUNTRY  # "America", "US": the country, not a village of that name
        elif place.kind == "city" and place.admin1 and fold(place.admin1) == fold(place.name) and (place.country_code, fold(place.name)) in namesakes:
            value += WEIGHT_NAMESAKE_CITY  # "Kerman", "Moscow": the city more than its province (not California, Maryland)
        if place.country_code in near:
            value += WEIGHT_NEAR
        if place.admin1 and (place.country_code, fold(place.admin1)) in near_regions:
            value += WEIGHT_NEAR  # "Kerman, California"
        if overshadowed:
            return value  # only a country or area named beside it makes "Paris" a small namesake
        value += WEIGHT_DOCUMENT * min(context.get(place.country_code, 0), 3)
        if place.kind == "city" and place.admin1:
            value += WEIGHT_REGION * min(regions.get((place.country_code, fold(place.admin1)), 0), 3)
        return value

    return max(places, key=score)


def _namesake_abroad(places: list[Place], doc, start: int, end: int, gaz, context: Counter, repeats: int) -> Place | None:
    """"Palma" in an article about Mozambique that never points to Spain: its own Palma, which
    the gazetteer lacks, kept by name in the country the article is about."""
    if any(p.kind != "city" or context.get(p.country_code, 0) > repeats for p in places):
        return None
    if max(p.population for p in places) >= NAMESAKE_ABROAD_POPULATION:
        return None
    near, regions = _near_countries(doc, start, end, gaz)
    if near & {p.country_code for p in places} or regions & {(p.country_code, fold(p.admin1 or "")) for p in places}:
        return None  # "Palma, Spain", "Palma, Balearic Islands"
    main = _main_country(context)
    return Place(doc[start:end].text, "unresolved", main, None, None, None, 0) if main else None


def _near_countries(doc, start: int, end: int, gaz) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries (by name or demonym) and first-level areas named right around a place name."""
    codes: set[str] = set()
    regions: set[tuple[str, str]] = set()
    for token in doc[max(0, start - NEAR_WINDOW) : min(len(doc), end + NEAR_WINDOW)]:
        if start <= token.i < end or not token.is_title:
            continue
        code = gaz.demonym(token.text)
        if code:
            codes.add(code)
        for place in gaz.lookup(token.text):
            if place.kind == "country":
                codes.add(place.country_code)
            elif place.kind == "admin1":
                regions.add((place.country_code, fold(place.name)))
    return codes, regions


def _facilities(doc, places: list[PlaceMention], config: dict, context: Counter) -> list[PlaceMention]:
    """Capitalised names ending in a facility noun, placed at the nearest town named before them."""
    nouns = set(config["nouns"])
    modifiers = set(config["modifiers"])
    particles = frozenset(config["particles"])

    def particle(k: int) -> bool:  # "al" of "al-Noor"
        return doc[k].lower_ in particles and k + 1 < len(doc) and doc[k + 1].text == "-"

    found = []
    for token in doc:
        if token.lemma_.lower() not in nouns or token.i == 0 or token.pos_ not in ("NOUN", "PROPN") or token.nbor(-1).text == "-":
            continue
        i = token.i - 1
        while i >= 0 and doc[i].lower_ in modifiers and not doc[i].is_title:
            i -= 1
        name_end = i + 1
        while i >= 0 and (doc[i].is_title or doc[i].text in ("-", "'s") or particle(i)) and not doc[i].is_sent_start:
            i -= 1
        name_start = i + 1
        if name_start >= name_end or doc[name_start].lower_ in ("the",):
            continue
        # a title case headline: "Man Accused Of Masterminding Owo Church Attack" names "Owo Church"
        name_start = max([name_start] + [t.i + 1 for t in doc[name_start:name_end] if (t.is_stop or t.pos_ in FUNCTION_POS) and not particle(t.i)])
        if name_start >= name_end:
            continue
        if any(p.start <= doc[name_start].idx < p.end and not _foreign_namesake(p, context) for p in places):
            continue  # "in Kerman city", "Peshawar cloth market": the town's, not a named facility
        named = any(particle(k) for k in range(name_start, name_end))  # "al-Siddiq": a name, whatever the model's label
        if not named and all(t.ent_type_ == "NORP" or t.lower_ in DESCRIPTIVE or gazetteer().demonym(t.text) for t in doc[name_start:name_end]):
            continue  # "Shia mosque", "Catholic church", "Christmas market": a description, not a name
        span = doc[name_start : token.i + 1]
        town = _facility_town(span, [p for p in places if not span.start_char <= p.start < span.end_char], context)
        found.append(PlaceMention(span.text, span.start_char, span.end_char, town.place if town else None, facility=span.text))
    # "Nawab Ghous Bakhsh Memorial" inside "Nawab Ghous Bakhsh Memorial Hospital": the longer name
    return [f for f in found if not any(g.start <= f.start and f.end <= g.end and (g.start, g.end) != (f.start, f.end) for g in found)]


def _foreign_namesake(place: PlaceMention, context: Counter) -> bool:
    """A town abroad naming a facility in an article about another country: the "Madina mosque"
    of a Pakistani town is named after Medina, not in it."""
    main = _main_country(context)
    return place.place is not None and place.place.kind == "city" and main is not None and place.place.country_code != main


def _facility_town(span, places: list[PlaceMention], context: Counter) -> PlaceMention | None:
    """Where a facility is: a town in its own name ("Beslan School") in a country the document
    is about, a place named in its sentence (a town first), else the nearest town before it."""
    for token in span[:-1]:
        if token.nbor().lower_ in ("county", "parish", "borough"):
            continue  # "Montgomery County Regional Dispatch Center" is not in Montgomery
        for place in gazetteer().lookup(token.text):
            if place.kind == "city" and token.is_title and token.lower_ not in NOT_PLACES and place.country_code in context:
                return PlaceMention(token.text, token.idx, token.idx + len(token.text), place)
    after = _town_after(span, context)
    if after is not None:
        return after
    sentence = span.sent
    same = [p for p in places if p.place and sentence.start_char <= p.start < sentence.end_char]
    towns = [p for p in places if p.place and p.place.kind == "city" and not p.destination]
    if same:
        pick = min(same, key=lambda p: (p.place.kind != "city", abs(p.start - span.start_char)))
        if pick.place.kind != "city":  # "the memorial in Iran": the town the document names there
            return _most_named_town([p for p in towns if p.place.country_code == pick.place.country_code]) or pick
        return pick
    before = [p for p in towns if p.start < span.start_char]
    if before:
        return max(before, key=lambda p: p.start)
    main = _main_country(context)  # "a bomb at the Madina mosque" before the town is named
    if main is None:
        return None
    town = _most_named_town([p for p in towns if p.place.country_code == main])
    country = gazetteer().country(main)  # a school in a document about Uganda that names no town
    return town or (PlaceMention(country.name, span.start_char, span.start_char, country) if country else None)


def _town_after(span, context: Counter) -> PlaceMention | None:
    """"St Mary's Church, Akure, Ondo State": the town written after a facility and a comma."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    for length in (3, 2, 1):
        words = doc[span.end + 1 : span.end + 1 + length]
        if len(words) < length or not all(t.is_title for t in words):
            continue
        towns = [p for p in gazetteer().lookup(words.text) if p.kind == "city"]
        if towns:
            town = max(towns, key=lambda p: (context.get(p.country_code, 0), p.population))
            return PlaceMention(words.text, words.start_char, words.end_char, town)
    return None


def _most_named_town(towns: list[PlaceMention]) -> PlaceMention | None:
    counts = Counter(fold(p.place.name) for p in towns)
    return max(towns, key=lambda p: (counts[fold(p.place.name)], -p.start)) if towns else None


__all__ = ["PlaceMention", "find_places", "fold"]
