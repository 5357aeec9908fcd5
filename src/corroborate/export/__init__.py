"""The actors incident records name, from the registry (stored by resolution for every reader)."""

from __future__ import annotations


def actor_entries(actor_ids: set[str], everything: bool = False) -> list[dict]:
    """Registry entries of the named actors and their parents (with ``everything``, of every
    registered actor too); ``country:XX`` ids as the country's government (kind "country"); ids
    the registry lacks are left out. Resolution stores them in the actors table."""
    from ..extract.actors import registry
    from ..extract.gazetteer import gazetteer

    actors = registry().actors
    wanted, entries = set(actor_ids) | (set(actors) if everything else set()), {}
    while wanted:
        actor_id = wanted.pop()
        if actor_id in entries:
            continue
        if actor_id.startswith("country:"):
            place = gazetteer().country(actor_id.split(":", 1)[1])
            if place is not None:
                entries[actor_id] = {"id": actor_id, "name": place.name, "aliases": [], "parent": None, "kind": "country"}
            continue
        actor = actors.get(actor_id)
        if actor is None:
            continue
        entries[actor_id] = actor.as_dict()
        if actor.parent:
            wanted.add(actor.parent)
    return [entries[k] for k in sorted(entries)]
