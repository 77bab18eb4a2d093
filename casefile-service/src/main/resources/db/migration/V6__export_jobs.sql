-- Exports run as jobs: a job row (who asked, what, how far it got) and the file it wrote, in chunks, so that any
-- instance can report its progress and serve its download. Both go when the download link expires.

CREATE TABLE export_jobs (
    id              uuid        PRIMARY KEY,
    population_id   uuid        NOT NULL,
    owner           text        NOT NULL,
    format          text        NOT NULL CHECK (format IN ('csv', 'xlsx', 'geojson')),
    parameters      text        NOT NULL,      -- the filters, as the request gave them (JSON)
    clearance       text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    stream_version  bigint      NOT NULL,      -- the case file's version the export reads at
    facts_total     bigint      NOT NULL,
    facts_done      bigint      NOT NULL DEFAULT 0,
    rows_written    bigint      NOT NULL DEFAULT 0,
    bytes_written   bigint      NOT NULL DEFAULT 0,
    withheld        text        NOT NULL,      -- what was left out, per level, as the Vigil-Withheld header says it
    error           text,
    token           text        NOT NULL,      -- the download link's secret part
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,      -- a running job that stops moving has lost its instance
    finished_at     timestamptz,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX export_jobs_owner ON export_jobs (owner, created_at);

CREATE TABLE export_chunks (
    job_id  uuid    NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    n       integer NOT NULL,
    bytes   bytea   NOT NULL,
    PRIMARY KEY (job_id, n)
);
ALTER TABLE export_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL; -- written once, read once: not worth compressing

GRANT SELECT, INSERT, UPDATE, DELETE ON export_jobs, export_chunks TO ${appRole};
