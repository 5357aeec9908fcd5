-- Resolution's blocking index as a table, so that adding documents looks up only the blocks and
-- incidents they touch instead of loading every incident's state. Existing incidents are resolved
-- again by the next run (their index was kept inside each state).

CREATE TABLE resolution_blocks (
    key         TEXT NOT NULL,                      -- JSON: a blocking key, e.g. ["w","IR",6522] (country, week)
    incident_id TEXT NOT NULL,                      -- resolution_state.incident_id
    filing      INTEGER NOT NULL                    -- global filing order: a block keeps its most recent 200
);
CREATE INDEX resolution_blocks_key ON resolution_blocks (key, filing);

DELETE FROM resolution_state;
UPDATE document_incidents SET incident_id = NULL;
UPDATE assemblies SET resolved = 0;
