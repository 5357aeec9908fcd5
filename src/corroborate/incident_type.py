"""An incident's type and status from its triggers, and the means its sentences name."""

from __future__ import annotations

from .model import Count, Mention

# Incident types that describe violence that happened (not a plot, an arrest or a generic "attack").
VIOLENT_TYPES = (
    "bombing", "armed_assault", "hostage_taking", "assassination", "arson", "rocket_attack",
    "vehicle_attack", "stabbing", "airstrike",
)  # fmt: skip


def attack_trigger(m: Mention) -> bool:
    """A trigger of violence done or planned: not the generic "incident" or "violence"."""
    if m.kind != "incident":
        return False
    return m.data["type"] != "other" or attack_word(m)


def attack_word(m: Mention) -> bool:
    return m.text.lower().split()[-1].startswith("attack")


def incident_type(triggers: list[Mention], counts: dict[str, Count | None] | None = None) -> tuple[str, str]:
    """The incident's type and status from its triggers (rules in order):

    - a violent word in a plot ("planning to detonate explosives") is no attack carried out, and
      nor are the bombs of an incident that kills or hurts nobody and is told as a plot or
      foiled ("arrested over a plot to bomb the concerts", "bomb-making material was found");
    - abductions among other violence ("set the school on fire ... and abducted six") are a part
      of that attack, unless most of its violent words are of them or it names hostages, a
      siege or a hijacking, which win a tie (the bombs and guns were the hostage-taking's means);
    - the means named where the article gives its toll ("drove a truck into the crowd, killing
      10") is the attack's, over weapons found or used on the attacker ("an explosive device
      was found in the truck", "police shot the driver");
    - a word naming no means ("the massacre") counts only when no other violent word is told;
    - else the most reported violent type, ties to the more specific (the lexicon's order);
    - with no violence: a plot, else an attack done ("the church attack") over arrests made
      about it, else arrests.
    """
    from .extract.incidents import says, type_priority, unnamed_means

    if not triggers:
        return "other", "executed"
    order = type_priority()
    carried_out = [m for m in triggers if m.data["type"] not in VIOLENT_TYPES or m.data["status"] == "executed"]
    triggers = carried_out or triggers
    violent = [m for m in triggers if m.data["type"] in VIOLENT_TYPES and m.data["status"] == "executed"]
    if violent and _told_as_plot(triggers, violent, counts):
        violent = []
    kinds = [m.data["type"] for m in violent]
    hostages = [m for m in violent if m.data["type"] == "hostage_taking"]
    if hostages and len(hostages) * 2 <= len(kinds) and all(says("abduction", m.text) for m in hostages):
        violent = [m for m in violent if m.data["type"] != "hostage_taking"]
    if violent:
        named = [m for m in violent if not unnamed_means(m.text)]
        violent = named or violent  # "the massacre" says how many, "rammed" says how
        toll = _toll_types(violent, counts)
        kinds = toll or [m.data["type"] for m in violent]
        best = max(kinds.count(k) for k in kinds)
        held = [m for m in violent if m.data["type"] == "hostage_taking" and not says("abduction", m.text)]
        if held and kinds.count("hostage_taking") == best:
            return "hostage_taking", "executed"  # hostages held: the bombs and guns were its means
        return next(k for k in order if k in kinds and kinds.count(k) == best), "executed"
    kinds = [m.data["type"] for m in triggers if m.data["type"] not in VIOLENT_TYPES]
    if not kinds:
        kinds = [m.data["type"] for m in triggers]
    attack_done = any(m.data["type"] == "other" and attack_trigger(m) and m.data["status"] == "executed" for m in triggers)
    hurt = any(counts.get(c) is not None and counts[c].best > 0 for c in ("killed", "injured")) if counts else False
    if "arrest" in kinds and "plot" not in kinds and attack_done and hurt:
        kinds = [k for k in kinds if k != "arrest"]  # arrests made over an attack are about it
    kind = next((k for k in order if k in kinds), kinds[0])
    statuses = {m.data["status"] for m in triggers if m.data["type"] == kind}
    status = "foiled" if "foiled" in statuses else "planned" if "planned" in statuses else "executed"
    return kind, status


def type_by_means(own: list[Mention], extra: list[Mention], text: str) -> str:
    """An attack told only as an "attack": the means its sentences name ("armed men invaded a
    church", "men wielding guns attacked") give its type, the most named (ties: the lexicon's
    order); none named, it stays "other"."""
    from .extract.incidents import means_named, type_priority

    spans = sorted({(m.sentence_start, m.sentence_end) for m in own + extra})
    kinds = [kind for start, end in spans for kind in means_named(text[start:end])]
    if not kinds:
        return "other"
    best = max(kinds.count(k) for k in kinds)
    return next(k for k in type_priority() if k in kinds and kinds.count(k) == best)


def _told_as_plot(triggers: list[Mention], violent: list[Mention], counts: dict[str, Count | None] | None) -> bool:
    """Nobody killed or hurt, and at least as many words of a plot (or a foiled or planned
    attack) as of violence: the bombs and guns are the plot's."""
    if counts and any(counts.get(c) is not None and counts[c].best > 0 for c in ("killed", "injured")):
        return False
    plot = [m for m in triggers if m.data["type"] == "plot" or m.data["status"] in ("planned", "foiled")]
    return len(plot) >= len(violent)


def _toll_types(violent: list[Mention], counts: dict[str, Count | None] | None) -> list[str]:
    """The violent types named in the sentence of the incident's killed (else injured) figure."""
    for category in ("killed", "injured"):
        count = (counts or {}).get(category)
        if count is not None:
            # not "attacks" read as an armed assault for the fighters named beside it: no means
            return [m.data["type"] for m in violent if m.sentence_start == count.chosen.sentence_start and not attack_word(m)]
    return []
