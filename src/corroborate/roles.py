"""Who a document incident names, and in what reported role: actors (claimed, blamed, denied,
suspected) and people (suspect, mastermind, official, victim, ...)."""

from __future__ import annotations

from .model import Mention


def incident_actors(mentions: list[Mention]) -> list[dict]:
    """Actors with their reported role: from statements (claimed, blamed, denied; ``by`` the
    speaker), and armed groups named in the incident's sentences without one (suspected)."""
    out, seen = [], set()
    for m in mentions:
        if m.kind != "statement" or m.data["type"] == "report" or not m.data.get("target"):
            continue
        target = m.data["target"]
        role = {"claim": "claimed", "blame": "blamed", "denial": "denied"}[m.data["type"]]
        speaker = m.speaker or {}
        by = speaker.get("actor_id") or speaker.get("text")
        key = (target.get("actor_id") or target["text"].lower(), role, by)
        if key not in seen:
            seen.add(key)
            out.append({"actor_id": target.get("actor_id"), "name": target["text"], "role": role, "by": by, "mention": m})
    named = {a["actor_id"] for a in out if a["actor_id"]}
    for m in mentions:
        actor_id = m.data.get("actor_id") if m.kind == "actor" else None
        if actor_id and m.data.get("kind") == "armed_group" and actor_id not in named:
            named.add(actor_id)
            out.append({"actor_id": actor_id, "name": m.data.get("name") or m.text, "role": "suspected", "by": None, "mention": m})
    return out


def incident_people(mentions: list[Mention]) -> list[dict]:
    out, seen = [], set()
    for m in mentions:
        if m.kind == "person" and m.text.lower() not in seen:
            seen.add(m.text.lower())
            out.append({"name": m.text, "role": m.data.get("role"), "mention": m})
    return out


__all__ = ["incident_actors", "incident_people"]
