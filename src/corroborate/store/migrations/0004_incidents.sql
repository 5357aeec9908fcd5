-- Incidents: each document's incidents as assembled from its mentions, and the canonical
-- incidents they resolve to across documents.

CREATE TABLE assemblies (
    document_id TEXT PRIMARY KEY REFERENCES documents (id),
    version     TEXT NOT NULL,                      -- extractor version + assembler version
    incidents   INTEGER NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0          -- 1: its incidents have incident ids
);

CREATE TABLE document_incidents (
    document_id TEXT NOT NULL REFERENCES documents (id),
    idx         INTEGER NOT NULL,                   -- order in the article, 0 = its main incident
    data        TEXT NOT NULL,                      -- JSON: corroborate.assemble.DocIncident.as_dict()
    incident_id TEXT,                               -- the canonical incident, NULL until resolved
    PRIMARY KEY (document_id, idx)
);
CREATE INDEX document_incidents_incident ON document_incidents (incident_id);

CREATE TABLE incidents (
    id           TEXT PRIMARY KEY,                  -- inc_ + 12 hex digits, from its founding member
    seq          INTEGER NOT NULL,                  -- creation order
    type         TEXT,
    date_start   TEXT,
    date_end     TEXT,
    country_code TEXT,
    members      INTEGER NOT NULL,
    state        TEXT NOT NULL                      -- JSON: what resolution compares (corroborate.resolve.Cluster)
);
CREATE INDEX incidents_date ON incidents (date_start);
CREATE INDEX incidents_country ON incidents (country_code);
