"""Who a document incident names, and in what reported role: actors (claimed, blamed, denied,
suspected) and people (suspect, mastermind, official, victim, ...)."""

from __future__ import annotations

from .model import Mention

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
    for m in mentions:
        actor_id = m.data.get("actor_id") if m.kind == "actor" else None
        if actor_id and m.data.get("kind") == "armed_group" and actor_id not in named:
            named.add(actor_id)
            out.append({"actor_id": actor_id, "name": m.data.get("name") or m.text, "role": "suspected", "by": None, "mention": m})
    return out


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


__all__ = ["incident_actors", "incident_people"]
