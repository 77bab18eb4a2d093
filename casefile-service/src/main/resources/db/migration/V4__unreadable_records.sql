-- Records on the events topic that are not Vigil CloudEvents (not JSON, headers missing or malformed), kept whole,
-- bytes and all (base64), in the transaction of the batch they came in, so that the consumer can move past them
-- without losing them; POST /admin/replay reads them again once the cause is fixed. One row per topic offset: a
-- redelivered batch adds nothing.
CREATE TABLE unreadable_records (
    id             bigserial   PRIMARY KEY,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    record_offset  bigint      NOT NULL,
    key_base64     text,
    headers        text        NOT NULL,  -- JSON: [{"name": ..., "base64": ...}], in the record's order
    value_base64   text,
    reason         text        NOT NULL,
    parked_at      timestamptz NOT NULL,
    CONSTRAINT unreadable_records_offset_unique UNIQUE (topic, partition, record_offset)
);

GRANT SELECT, INSERT, DELETE ON unreadable_records TO ${appRole};
GRANT USAGE ON SEQUENCE unreadable_records_id_seq TO ${appRole};
