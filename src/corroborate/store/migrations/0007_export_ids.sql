-- Identifiers for exports whose objects need an id of their own (STIX 2.1: type--UUIDv4), given
-- once per object and kept, so a second export, or an export after more ingests, names the same
-- incident, actor, report, place or relationship with the same id. Keyed by the object's natural
-- key: an incident id, an actor id (or org:<name> for an organisation the registry lacks), a
-- document id, a place key, or a relationship's ends and kind.
CREATE TABLE export_ids (
    kind        TEXT NOT NULL,                      -- STIX type: incident, threat-actor, identity, report, location, relationship
    natural_key TEXT NOT NULL,
    uuid        TEXT NOT NULL UNIQUE,               -- UUIDv4, lower-case, without the type prefix
    created     TEXT NOT NULL,                      -- when first exported (STIX created/modified)
    PRIMARY KEY (kind, natural_key)
) WITHOUT ROWID;
