-- Extraction results. One row per document says which extractor version produced its mentions;
-- a newer version replaces a document's mentions in one transaction.

CREATE TABLE extractions (
    document_id  TEXT PRIMARY KEY REFERENCES documents (id),
    version      TEXT NOT NULL,
    extracted_at TEXT NOT NULL,
    mentions     INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    reason       TEXT
);

CREATE TABLE mentions (
    id             INTEGER PRIMARY KEY,
    document_id    TEXT NOT NULL REFERENCES documents (id),
    kind           TEXT NOT NULL,
    start          INTEGER NOT NULL,   -- character offsets into documents.text
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    data           TEXT NOT NULL,      -- JSON, by kind (see corroborate.extract)
    speaker        TEXT                -- JSON {text, start, end, actor_id} or NULL
);
CREATE INDEX mentions_document_kind ON mentions (document_id, kind);
CREATE INDEX mentions_kind ON mentions (kind);
