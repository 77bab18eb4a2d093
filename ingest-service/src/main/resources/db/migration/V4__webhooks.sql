-- Webhooks: subscriptions, one delivery per (subscription, event), and every attempt of each delivery. The log is
-- the webhooks' outbox: the dispatcher reads committed events after each subscription's position and writes their
-- deliveries and the new position in one transaction, so an event is never skipped nor queued twice.

CREATE TABLE webhook_subscriptions (
    id               uuid        PRIMARY KEY,
    url              text        NOT NULL,
    secret           text        NOT NULL,      -- whsec_<base64>: the HMAC key, shown to its creator once
    event_types      text[]      NOT NULL,      -- empty: every type; a name without .vN takes every version
    populations      uuid[]      NOT NULL,      -- empty: every population
    clearance        text        NOT NULL CHECK (clearance IN ('public', 'restricted', 'confidential')),
    description      text,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL,
    position         bigint      NOT NULL,      -- the last log position fanned out into deliveries
    enabled          boolean     NOT NULL,
    disabled_at      timestamptz,
    disabled_reason  text,
    failing_since    timestamptz                -- the first failed attempt since the last success
);

CREATE TABLE webhook_deliveries (
    id               uuid        PRIMARY KEY,   -- the webhook-id header: the same on every attempt and replay
    subscription_id  uuid        NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id         uuid        NOT NULL,
    position         bigint      NOT NULL,
    type             text        NOT NULL,
    population_id    uuid        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    replays          integer     NOT NULL DEFAULT 0,
    CONSTRAINT webhook_delivery_once UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_position ON webhook_deliveries (subscription_id, position);

CREATE TABLE webhook_attempts (
    delivery_id      uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    at               timestamptz NOT NULL,
    status           integer,                   -- the receiver's HTTP status; null when none came back
    error            text,                      -- why it failed: a refusal, a timeout, the receiver's words (1 KiB at most)
    duration_ms      integer     NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_subscriptions, webhook_deliveries, webhook_attempts TO ${appRole};
