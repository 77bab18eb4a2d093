-- report-service: every report written, with what it was written from. A report row is never changed: the app role
-- may insert and read reports, nothing else. The Markdown is stored with its SHA-256 so that a regeneration at the
-- same log position can be compared byte for byte; the dossier (casefile-service's answer) is stored so that the
-- HTML and PDF editions are drawn from exactly what the Markdown was.

CREATE TABLE report_numbers (
    year  integer PRIMARY KEY,
    last  integer NOT NULL
);

CREATE TABLE reports (
    id                uuid        PRIMARY KEY,
    index_year        integer     NOT NULL,
    index_number      integer     NOT NULL,
    population_id     uuid        NOT NULL,
    population_name   text,
    as_of             date        NOT NULL,
    period_from       date,
    period_to         date,
    audience          text        NOT NULL CHECK (audience IN ('public', 'internal')),
    format            text        NOT NULL CHECK (format IN ('markdown', 'html', 'pdf')),
    log_position      bigint      NOT NULL,
    chain_hash        char(64)    NOT NULL,
    stream_version    bigint      NOT NULL,
    previous_report   uuid        REFERENCES reports (id),
    issued_on         date        NOT NULL,
    created_at        timestamptz NOT NULL,
    dossier           text        NOT NULL,
    markdown          text        NOT NULL,
    markdown_sha256   char(64)    NOT NULL,
    CONSTRAINT reports_index_unique UNIQUE (index_year, index_number),
    CONSTRAINT reports_period_order CHECK (period_from IS NULL OR period_to IS NULL OR period_from <= period_to)
);
CREATE INDEX reports_population_idx ON reports (population_id, log_position, created_at);

GRANT SELECT, INSERT ON reports TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON report_numbers TO ${appRole};
