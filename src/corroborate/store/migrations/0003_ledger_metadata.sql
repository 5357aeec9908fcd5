-- An exact copy from another outlet is one document, but its own title, url, outlet,
-- publication date and input id are provenance: keep them on its ledger row.
ALTER TABLE ledger ADD COLUMN title TEXT;
ALTER TABLE ledger ADD COLUMN url TEXT;
ALTER TABLE ledger ADD COLUMN outlet TEXT;
ALTER TABLE ledger ADD COLUMN published TEXT;
ALTER TABLE ledger ADD COLUMN external_id TEXT;
