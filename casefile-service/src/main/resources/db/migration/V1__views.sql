-- casefile-service views. The facts table holds every revision of every fact, one row per applied event; a
-- population's status for any date and any moment of the record is computed from it. case_files holds, per
-- population, the last applied stream version and log position: written in the same transaction as the facts, so
-- a redelivered event (version at or below it) changes nothing.

CREATE TABLE case_files (
    population_id     uuid        PRIMARY KEY,
    name              text,
    version           bigint      NOT NULL,
    position          bigint      NOT NULL,
    last_recorded_at  timestamptz,
    stalled_reason    text,
    stalled_at        timestamptz,
    updated_at        timestamptz NOT NULL
);

CREATE TABLE facts (
    by_event         uuid        PRIMARY KEY,  -- the event that made this revision
    population_id    uuid        NOT NULL,
    entry_id         uuid        NOT NULL,     -- the event that first recorded the fact
    stream_version   bigint      NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('recorded', 'corrected', 'retracted')),
    type             text        NOT NULL,     -- the fact's type (a correction keeps its target's)
    recorded_at      timestamptz NOT NULL,
    reason           text,
    confidentiality  text        NOT NULL,
    data             text        NOT NULL,     -- the fact's JSON as this revision states it
    CONSTRAINT facts_version_unique UNIQUE (population_id, stream_version)
);
CREATE INDEX facts_entry_idx ON facts (entry_id);

-- Events that could not be applied, and the ones after them for the same population, kept for inspection and
-- replayed once the cause is fixed (POST /admin/replay).
CREATE TABLE parked_events (
    event_id         uuid        PRIMARY KEY,
    population_id    uuid        NOT NULL,
    stream_version   bigint      NOT NULL,
    position         bigint      NOT NULL,
    type             text        NOT NULL,
    recorded_at      timestamptz NOT NULL,
    confidentiality  text        NOT NULL,
    data             text        NOT NULL,
    reason           text        NOT NULL,
    parked_at        timestamptz NOT NULL
);
CREATE INDEX parked_population_idx ON parked_events (population_id, stream_version);

GRANT SELECT, INSERT, UPDATE, DELETE ON case_files, facts, parked_events TO ${appRole};
