-- The answers as plain tables: each canonical incident with its consensus under every policy,
-- every casualty claim with its quote, speaker and offsets, the actors and people named with the
-- statement each rests on, the classified conflicts, and the actor registry. SQL users, Datasette
-- and the read commands query these; nothing needs unpacking JSON to see a place, a date or a figure.
-- What resolution compares moves to resolution_state. Incidents are rebuilt by the next resolve.

DROP TABLE incidents;
UPDATE document_incidents SET incident_id = NULL;
UPDATE assemblies SET resolved = 0;

CREATE TABLE resolution_state (
    incident_id TEXT PRIMARY KEY,                   -- incidents.id
    seq         INTEGER NOT NULL,                   -- creation order
    members     INTEGER NOT NULL,
    state       TEXT NOT NULL                       -- JSON: corroborate.resolve.Cluster.as_dict()
);

CREATE TABLE incidents (
    id                            TEXT PRIMARY KEY,  -- inc_ + 12 hex digits, from its founding report
    seq                           INTEGER NOT NULL,  -- creation order (the order `incidents` lists)
    event_type                    TEXT,              -- bombing, armed_assault, ..., plot, arrest, other
    event_status                  TEXT,              -- executed | planned | foiled
    event_date                    TEXT,              -- first day of the consensus date (ISO 8601)
    event_date_end                TEXT,              -- last day: a month or year is an interval
    date_precision                TEXT,              -- day | week | month | year
    date_basis                    TEXT,              -- stated | stated_year | document_year | published (publication date stands in)
    location                      TEXT,              -- town or area name
    facility                      TEXT,              -- "Crocus City Hall"
    country                       TEXT,              -- ISO 3166-1 alpha-2
    admin1                        TEXT,              -- first-level area (province, state)
    latitude                      REAL,
    longitude                     REAL,
    geo_precision                 TEXT,              -- facility | city | unresolved | admin1 | country
    fatalities_low                INTEGER,           -- the smallest figure any report gives
    fatalities_best               INTEGER,           -- under the default policy (conservative)
    fatalities_high               INTEGER,           -- the largest figure any report states
    fatalities_best_conservative  INTEGER,
    fatalities_best_ucdp          INTEGER,
    fatalities_best_latest        INTEGER,
    injured_low                   INTEGER,
    injured_best                  INTEGER,
    injured_high                  INTEGER,
    injured_best_conservative     INTEGER,
    injured_best_ucdp             INTEGER,
    injured_best_latest           INTEGER,
    arrested_low                  INTEGER,
    arrested_best                 INTEGER,
    arrested_high                 INTEGER,
    arrested_best_conservative    INTEGER,
    arrested_best_ucdp            INTEGER,
    arrested_best_latest          INTEGER,
    n_documents                   INTEGER NOT NULL,  -- articles that report it
    n_independent_sources         INTEGER NOT NULL,  -- syndication groups among them
    n_conflicts                   INTEGER NOT NULL,  -- rows in conflicts, every kind
    has_conflict                  INTEGER NOT NULL,  -- 1: a contradiction or an update among reports
    first_published               TEXT,
    last_published                TEXT
);
CREATE INDEX incidents_seq ON incidents (seq);
CREATE INDEX incidents_country ON incidents (country, seq);
CREATE INDEX incidents_type ON incidents (event_type, seq);
CREATE INDEX incidents_date ON incidents (event_date);
CREATE INDEX incidents_date_end ON incidents (event_date_end);
CREATE INDEX incidents_conflict ON incidents (has_conflict, seq);
CREATE INDEX incidents_fatalities_conservative ON incidents (fatalities_best_conservative);
CREATE INDEX incidents_fatalities_ucdp ON incidents (fatalities_best_ucdp);
CREATE INDEX incidents_fatalities_latest ON incidents (fatalities_best_latest);

-- Every casualty claim of every report of an incident, the words and the sentence that say it.
CREATE TABLE claims (
    id                INTEGER PRIMARY KEY,          -- order within an incident: reports in ingest order, then text order
    incident_id       TEXT NOT NULL,
    category          TEXT NOT NULL,                -- killed | injured | arrested
    document_id       TEXT NOT NULL,
    min               INTEGER,                      -- the range the words give
    max               INTEGER,                      -- NULL: open ("at least 94")
    qualifier         TEXT,                         -- exact, at_least, more_than, about, up_to, range, vague, ...
    is_update         INTEGER NOT NULL,             -- 1: a toll update ("rose to")
    words             TEXT NOT NULL,                -- documents.text[char_start:char_end]
    quote             TEXT NOT NULL,                -- the sentence holding it
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    speaker           TEXT,                         -- who the text says said it, as written
    speaker_actor_id  TEXT,
    outlet            TEXT,
    published         TEXT,
    syndication_group TEXT,                         -- reports of one group count as one source
    chosen            INTEGER NOT NULL,             -- 1: the figure this article gives for the incident
    figure_low        INTEGER,                      -- when chosen: the article's figure ("3 shot, 1 fatally": 2 injured)
    figure_high       INTEGER,
    listed            INTEGER NOT NULL DEFAULT 1    -- 0: a chosen figure whose words are not a casualty claim
);
CREATE INDEX claims_incident ON claims (incident_id, id);
CREATE INDEX claims_document ON claims (document_id);

-- Actors an incident's reports name, in a role (claimed, blamed, denied, suspected, ...), by whom,
-- one row per statement it rests on.
CREATE TABLE incident_actors (
    id                INTEGER PRIMARY KEY,
    incident_id       TEXT NOT NULL,
    position          INTEGER NOT NULL,             -- one entry per (actor, role, by), its rows share a position
    actor_id          TEXT,                         -- actors.id, NULL: an organisation the registry lacks
    name              TEXT NOT NULL,
    role              TEXT NOT NULL,
    by_actor          TEXT,                         -- who assigns the role: an actor id or words
    document_id       TEXT NOT NULL,
    words             TEXT NOT NULL,
    quote             TEXT NOT NULL,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    speaker           TEXT,
    speaker_actor_id  TEXT,
    outlet            TEXT,
    published         TEXT
);
CREATE INDEX incident_actors_incident ON incident_actors (incident_id, id);
CREATE INDEX incident_actors_actor ON incident_actors (actor_id, role);

CREATE TABLE incident_people (
    id                INTEGER PRIMARY KEY,
    incident_id       TEXT NOT NULL,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    role              TEXT,                         -- suspect, mastermind, official, victim, ...
    document_id       TEXT NOT NULL,
    words             TEXT NOT NULL,
    quote             TEXT NOT NULL,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    speaker           TEXT,
    speaker_actor_id  TEXT,
    outlet            TEXT,
    published         TEXT
);
CREATE INDEX incident_people_incident ON incident_people (incident_id, id);

CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    field       TEXT NOT NULL,                      -- killed, injured, arrested, date, location, perpetrator
    kind        TEXT NOT NULL,                      -- contradiction | refinement | update
    n_claims    INTEGER NOT NULL
);
CREATE INDEX conflicts_incident ON conflicts (incident_id, id);
CREATE INDEX conflicts_kind ON conflicts (kind, field);

CREATE TABLE conflict_claims (
    id          INTEGER PRIMARY KEY,
    conflict_id INTEGER NOT NULL REFERENCES conflicts (id) ON DELETE CASCADE,
    document_id TEXT NOT NULL,
    value       TEXT NOT NULL,                      -- what this report says: "13", "at least 94", "2024-01-03", "Kerman", "ISKP claimed"
    words       TEXT,
    quote       TEXT,
    speaker     TEXT,
    outlet      TEXT,
    published   TEXT,
    detail      TEXT NOT NULL                       -- JSON: the claim as exported
);
CREATE INDEX conflict_claims_conflict ON conflict_claims (conflict_id, id);

-- The actor registry (data/actors.toml) and the governments named as country:XX.
CREATE TABLE actors (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,                        -- armed_group, state_agency, government, ..., country
    parent_id TEXT                                  -- the group it is a branch of
);
CREATE INDEX actors_parent ON actors (parent_id);
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    alias    TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (actor_id, alias)
);
CREATE INDEX actor_aliases_alias ON actor_aliases (alias);
