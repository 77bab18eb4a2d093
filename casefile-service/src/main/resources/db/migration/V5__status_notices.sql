-- The last status-change notice published on the status topic for each population: what the view was (stream
-- version, stalled or not) when it was acknowledged by Kafka. The notices are derived from the committed views
-- (case_files) by comparing them with this table, so a notice is never lost when Kafka is down at commit or the
-- service dies before sending: the next pass sends what is still different.
CREATE TABLE status_published (
    population_id  uuid        PRIMARY KEY,
    version        bigint      NOT NULL,
    stalled        boolean     NOT NULL,
    published_at   timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON status_published TO ${appRole};
