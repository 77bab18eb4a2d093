-- Rebuilds of every view from the log, one row each: who asked, which instance runs it, how far it got. At most one
-- runs at a time across every instance (the partial unique index); the instance running it writes a heartbeat, and a
-- run whose heartbeat stops (its instance died) is marked interrupted and started over by another instance.

CREATE TABLE rebuilds (
    id            uuid        PRIMARY KEY,
    state         text        NOT NULL CHECK (state IN ('running', 'done', 'failed', 'interrupted')),
    instance      text        NOT NULL,      -- the instance running it (host and process)
    requested_by  text        NOT NULL,
    restart_of    uuid        REFERENCES rebuilds (id),   -- the interrupted run this one starts over
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL,
    finished_at   timestamptz,
    events_done   bigint      NOT NULL DEFAULT 0,
    events_total  bigint,                    -- records on the topic when it began; null until the topic was read
    populations   integer,
    stalled       text,                      -- JSON: population id -> why the rebuild left it stalled
    error         text
);
CREATE UNIQUE INDEX rebuilds_one_running ON rebuilds (state) WHERE state = 'running';
CREATE INDEX rebuilds_started ON rebuilds (started_at);

GRANT SELECT, INSERT, UPDATE ON rebuilds TO ${appRole};
