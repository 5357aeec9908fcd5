-- Documents keyed by the SHA-256 of their normalised text, the ingest ledger, and the
-- fingerprint index behind syndication groups.

CREATE TABLE documents (
    seq               INTEGER PRIMARY KEY,          -- ingest order
    id                TEXT NOT NULL UNIQUE,         -- sha256(normalised text), hex
    source            TEXT NOT NULL,                -- where it was first read from
    external_id       TEXT,                         -- an id the input supplied
    format            TEXT NOT NULL,
    encoding          TEXT,
    url               TEXT,
    title             TEXT,
    outlet            TEXT,
    published         TEXT,                         -- ISO 8601
    language          TEXT,
    status            TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
    reason            TEXT,
    syndication_group TEXT,                         -- id of the group's first document
    ingested_at       TEXT NOT NULL,
    text              TEXT NOT NULL
);
CREATE INDEX documents_syndication_group ON documents (syndication_group);
CREATE INDEX documents_published ON documents (published);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    command     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,                               -- NULL: interrupted or still running
    seen        INTEGER,
    ok          INTEGER,
    duplicate   INTEGER,
    skipped     INTEGER,
    failed      INTEGER
);

CREATE TABLE ledger (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    source      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'duplicate', 'skipped', 'failed')),
    reason      TEXT,
    document_id TEXT REFERENCES documents (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX ledger_document ON ledger (document_id);
CREATE INDEX ledger_run ON ledger (run_id);

CREATE TABLE fingerprints (
    fingerprint  INTEGER NOT NULL,
    document_seq INTEGER NOT NULL REFERENCES documents (seq),
    PRIMARY KEY (fingerprint, document_seq)
) WITHOUT ROWID;

-- Evidence for each syndication link: which stored document a new one copies, and how much.
CREATE TABLE syndication_links (
    document_id TEXT NOT NULL REFERENCES documents (id),
    copies_id   TEXT NOT NULL REFERENCES documents (id),
    shared      INTEGER NOT NULL,
    containment REAL NOT NULL,
    jaccard     REAL NOT NULL,
    PRIMARY KEY (document_id, copies_id)
);
CREATE INDEX syndication_links_copies ON syndication_links (copies_id);
