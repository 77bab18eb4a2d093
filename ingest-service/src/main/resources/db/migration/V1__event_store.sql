-- The event store: an append-only log of events, one stream per population, with a global position and a
-- SHA-256 hash chain. See docs/event-store.md.

CREATE TABLE events (
    position         bigint      PRIMARY KEY,
    event_id         uuid        NOT NULL UNIQUE,
    stream_id        uuid        NOT NULL,
    stream_version   bigint      NOT NULL,
    type             text        NOT NULL,
    recorded_at      timestamptz NOT NULL,
    recorded_by      text        NOT NULL,
    target_event_id  uuid,
    confidentiality  text        NOT NULL CHECK (confidentiality IN ('public', 'restricted', 'confidential')),
    payload          json        NOT NULL,   -- json, not jsonb: the exact text the hash covers
    prev_hash        char(64)    NOT NULL,
    hash             char(64)    NOT NULL,
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
    CONSTRAINT events_position_positive CHECK (position > 0),
    CONSTRAINT events_version_positive CHECK (stream_version > 0)
);
CREATE INDEX events_target_idx ON events (target_event_id) WHERE target_event_id IS NOT NULL;

-- One row per registered population: its current version (the expected-version check) and its name.
CREATE TABLE streams (
    stream_id      uuid        PRIMARY KEY,
    version        bigint      NOT NULL,
    name           text        NOT NULL,
    registered_at  timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- The head of the log. Appends lock this row, take positions from it and update it before commit: positions are
-- handed out in commit order, so the log has no gaps and a tailing reader never skips a late commit.
CREATE TABLE log_head (
    id        smallint PRIMARY KEY CHECK (id = 1),
    position  bigint   NOT NULL,
    hash      char(64) NOT NULL
);
INSERT INTO log_head (id, position, hash) VALUES (1, 0, repeat('0', 64));

-- First answers to requests sent with an Idempotency-Key, per population.
CREATE TABLE idempotency_keys (
    stream_id     uuid        NOT NULL,
    key           text        NOT NULL,
    request_hash  char(64)    NOT NULL,
    response      json        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (stream_id, key)
);

-- How far the relay has published the log onto Kafka.
CREATE TABLE relay_position (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    position    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);
INSERT INTO relay_position (id, position, updated_at) VALUES (1, 0, now());

-- Nothing is ever edited in place or deleted, whoever asks: corrections and retractions are new events.
CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- The application role may read and append events, and keep its bookkeeping; it may not change history.
REVOKE ALL ON events, streams, log_head, idempotency_keys, relay_position FROM PUBLIC;
GRANT SELECT, INSERT ON events TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON streams, log_head, relay_position TO ${appRole};
GRANT SELECT, INSERT ON idempotency_keys TO ${appRole};
