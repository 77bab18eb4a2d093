-- Spreadsheet imports through the web app, one row each: the file as read (its rows as CSV, with the header as it
-- came), how its columns map to the events' field paths, and how far checking and recording got. The page of an
-- import reads this row, so its progress survives a reload and shows on any instance; a step whose instance went
-- away (updated_at stops moving) is started again from the page. Nothing here is the record: ingest-service's
-- log is; an import is recorded there in one batch, all or nothing, under an Idempotency-Key made from the job.

CREATE TABLE import_jobs (
    id             uuid        PRIMARY KEY,
    population_id  uuid        NOT NULL,
    owner          text        NOT NULL,     -- who uploaded it; nobody else sees it
    file_name      text        NOT NULL,
    state          text        NOT NULL CHECK (state IN ('mapping', 'checking', 'checked', 'recording', 'recorded', 'refused', 'failed')),
    header         text        NOT NULL,     -- JSON: the first row's cells
    mapping        text,                     -- JSON: per column, the field path it fills, or null to leave it out
    event_type     text,                     -- the type of every row, when no column gives it
    content        bytea       NOT NULL,     -- the rows as read, as CSV under the original header
    lines          text        NOT NULL,     -- JSON: each row's number in the file
    total_rows     integer     NOT NULL,
    checked_rows   integer     NOT NULL DEFAULT 0,
    errors         text,                     -- JSON: every error found, each with its line, field, rule and message
    recorded       text,                     -- JSON: ingest-service's receipt once recorded
    message        text,                     -- why a step stopped, in words
    attempt        integer     NOT NULL DEFAULT 0,  -- bumped when a step starts: a stale runner's writes are ignored
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);
CREATE INDEX import_jobs_owner ON import_jobs (owner, created_at);
ALTER TABLE import_jobs ALTER COLUMN content SET STORAGE EXTERNAL;

GRANT SELECT, INSERT, UPDATE, DELETE ON import_jobs TO ${appRole};
