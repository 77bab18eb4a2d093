-- The audit log (docs/data-protection.md): every write, and every read that disclosed restricted or confidential
-- records, with who (the token's name and roles), when (the database's clock), what (method, path with its query,
-- answer status, population, level, detail) and from where (the peer address, and X-Forwarded-For as given).
-- Append-only like the event log: no role may edit or delete a line; the application role may only add and read.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor          text        NOT NULL,
    roles          text        NOT NULL,
    client         text        NOT NULL,
    forwarded_for  text,
    kind           text        NOT NULL CHECK (kind IN ('write', 'read', 'admin')),
    level          text        CHECK (level IN ('public', 'restricted', 'confidential')),
    method         text        NOT NULL,
    path           text        NOT NULL,
    status         integer     NOT NULL,
    population_id  uuid,
    detail         text
);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_population ON audit_log (population_id, id);

CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on audit_log is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

REVOKE ALL ON audit_log FROM PUBLIC;
GRANT SELECT, INSERT ON audit_log TO ${appRole};
GRANT USAGE ON SEQUENCE audit_log_id_seq TO ${appRole};
