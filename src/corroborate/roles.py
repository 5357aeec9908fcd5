"""Who a document incident names, and in what reported role: actors (claimed, blamed, denied,
suspected) and people (suspect, mastermind, official, victim, ...)."""

from __future__ import annotations

from .model import DocIncident, Mention

_ROLES = {"claim": "claimed", "blame": "blamed", "denial": "denied"}


def incident_actors(mentions: list[Mention]) -> list[dict]:
    """Actors with their reported role: from statements (claimed, blamed, denied; ``by`` the
    speaker), and armed groups named in the incident's sentences without one (suspected).
    A group is not blamed by itself (its own statement is its claim), and a parent group gives
    way to its branch as claimant ("Islamic State claims ..." then "its Khorasan Province made
    the claim": one claimant, the branch)."""
    out, seen = [], set()
    for m in mentions:
        if m.kind != "statement" or m.data["type"] == "report" or not m.data.get("target"):
            continue
        target = m.data["target"]
        role = _ROLES[m.data["type"]]
        speaker = m.speaker or {}
        by = speaker.get("actor_id") or speaker.get("text")
        if role == "blamed" and target.get("actor_id") and target["actor_id"] == speaker.get("actor_id"):
            continue
        key = (target.get("actor_id") or target["text"].lower(), role, by)
        if key not in seen:
            seen.add(key)
            out.append({"actor_id": target.get("actor_id"), "name": target["text"], "role": role, "by": by, "mention": m})
    out = _branches_over_parents(out)
    named = {a["actor_id"] for a in out if a["actor_id"]}
    listed = _listed(mentions)
    for m in mentions:
        actor_id = m.data.get("actor_id") if m.kind == "actor" else None
        if actor_id and m.data.get("kind") == "armed_group" and actor_id not in named and id(m) not in listed:
            named.add(actor_id)
            out.append({"actor_id": actor_id, "name": m.data.get("name") or m.text, "role": "suspected", "by": None, "mention": m})
    return out


MAX_LIST_GAP = 6  # characters between two names of a list: ", ", " and ", ", and "


def _listed(mentions: list[Mention]) -> set[int]:
    """Armed groups named in a row ("groups such as al-Shabaab, ISWAP and the ADF"): a list of
    groups in general, none of them a suspect of this attack."""
    groups = sorted((m for m in mentions if m.kind == "actor" and m.data.get("kind") == "armed_group"), key=lambda m: m.start)
    listed = set()
    for first, second in zip(groups, groups[1:]):
        if first.sentence_start == second.sentence_start and 0 <= second.start - first.end <= MAX_LIST_GAP and first.data.get("actor_id") != second.data.get("actor_id"):
            listed.update((id(first), id(second)))
    return listed


def _branches_over_parents(actors: list[dict]) -> list[dict]:
    from .extract.actors import registry

    known = registry().actors
    # Only claims: a claim is one act named at two levels, while blame may name a branch and
    # its parent as two parties ("blamed JNIM and al-Qaeda").
    parents = {known[a["actor_id"]].parent for a in actors if a["role"] == "claimed" and a["actor_id"] in known}
    return [a for a in actors if not (a["role"] == "claimed" and a["actor_id"] in parents)]


def incident_people(mentions: list[Mention]) -> list[dict]:
    out, seen = [], set()
    for m in mentions:
        if m.kind == "person" and m.text.lower() not in seen:
            seen.add(m.text.lower())
            out.append({"name": m.text, "role": m.data.get("role"), "mention": m})
    return out


def attribute_strays(incidents: list[DocIncident], mentions: list[Mention]) -> None:
    """Claims and blame go with the attack the article is about unless their sentence dates or
    counts: a claim or blame that no incident kept (its sentence opened an incident with nothing
    else, "blamed the TTP, who shelter in Afghanistan, for the bombing") or that another incident
    holds only because its sentence came after it and names no place ("The government blamed
    al-Shabaab, which often strikes the capital") moves to the main incident, listed first.
    Updates ``incidents`` in place."""
    if not incidents or not incidents[0].main:
        return
    main = incidents[0]
    # a sentence that dates or counts is telling its own incident ("Last Friday, 20 were killed in
    # Kunduz and ISIS-K claimed responsibility"): its claims stay with it; a date on or after the
    # main attack's dates the speech instead ("ministers this week blamed X for the bombing")
    dated = {m.sentence_start for m in mentions if m.kind == "casualty" or (m.kind == "date" and not _not_before(m.data, main.date))}
    # one another incident holds keeps it when its sentence names that incident's place ("ISIS
    # claimed the attack on the concert hall near Moscow" in an article mainly about another
    # attack); not a place the main attack is in too ("Pakistan" for two attacks in Pakistan) nor
    # an aside ("IS, banned in Russia")
    owner = {id(m): i for i in incidents[1:] for m in i.mentions}
    # nor a place in who speaks ("U.S. officials said", "Washington believes")
    speaking = [(m.speaker["start"], m.speaker["end"]) for m in mentions if m.kind == "statement" and m.speaker and "start" in m.speaker]
    placed = {
        (m.sentence_start, id(owner[id(s)])) for m in mentions if m.kind == "place"
        and not any(start <= m.start and m.end <= end for start, end in speaking)
        for s in mentions if s.kind == "statement" and s.sentence_start == m.sentence_start and id(s) in owner
        and _points_at(m.data, owner[id(s)].location, main.location)
    }  # fmt: skip
    held = set(owner) | {id(m) for m in main.mentions}
    in_main = {id(m) for m in main.mentions}
    moved = [
        m for m in mentions
        if m.kind == "statement" and m.data["type"] in ("claim", "blame") and m.data.get("target")
        and id(m) not in in_main and m.sentence_start not in dated and (id(m) not in held or (m.sentence_start, id(owner[id(m)])) not in placed)
    ]  # fmt: skip
    if not moved:
        return
    gone = {id(m) for m in moved}
    for incident in incidents[1:]:
        if any(id(m) in gone for m in incident.mentions):
            incident.mentions = [m for m in incident.mentions if id(m) not in gone]
            incident.actors = incident_actors(incident.mentions)
    main.mentions = sorted(main.mentions + moved, key=lambda m: (m.start, m.end, m.kind))
    main.actors = incident_actors(main.mentions)


def _not_before(when, main_date: dict | None) -> bool:
    """A date that meets the main incident's date or comes after it: when the statement was made
    ("this week", "earlier today"), not an older attack's date."""
    if not main_date or not main_date.get("start"):
        return False
    end = when.get("end") or when.get("start")
    return bool(end) and end >= main_date["start"]


def _points_at(place, other: dict | None, main: dict | None) -> bool:
    """A place in a sentence names the other incident's location and not the main one's: the
    same country when named as a country, a place of its country that is not the main one's otherwise."""
    if not other or place.get("country_code") != other.get("country_code"):
        return False
    if place.get("precision") == "country":
        return not main or main.get("country_code") != other.get("country_code")
    return not main or place.get("name") not in (main.get("name"), main.get("admin1"))


__all__ = ["attribute_strays", "incident_actors", "incident_people"]
