package org.vigil.ingest.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;



/**
 * What one append writes besides deciding: the events' rows with their positions and hash links, the streams'
 * versions, the log head (locked first, saved last) and the audit lines, all in the append's transaction.
 */
final class LogRows {

    record Head(long position, String hash) {
    }

    /** The locked log head, and the stored version of each of the populations asked for that has one. */
    record Locked(Head head, Map<UUID, Long> versions) {
    }

    /**
     * Locks the log head and reads the populations' versions, in one statement: the lock is what orders appends
     * (see EventLog), and it is taken before anything is read.
     */
    static Locked lockHead(Connection c, Set<UUID> populations) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT h.position, h.hash, s.stream_id, s.version
                  FROM (SELECT position, hash FROM log_head WHERE id = 1 FOR UPDATE) h
                  LEFT JOIN streams s ON s.stream_id = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("uuid", populations.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                Head head = null;
                Map<UUID, Long> versions = new HashMap<>();
                while (rs.next()) {
                    head = new Head(rs.getLong(1), rs.getString(2));
                    UUID stream = rs.getObject(3, UUID.class);
                    if (stream != null) versions.put(stream, rs.getLong(4));
                }
                if (head == null) throw new IllegalStateException("log_head is missing: has the migration run?");
                return new Locked(head, versions);
            }
        }
    }

    record AuditLine(AuditNote note, UUID populationId, String level, String detail) {
    }

    /**
     * Everything a group commit writes besides idempotency keys, in one statement (one round trip, one plan): the
     * events' rows, the streams' new versions, the audit lines of the appends (committed with their events, or not at
     * all), and the new log head. Each table's rows go in as arrays, one per column. With {@code insertEvents} false
     * the events' rows are already in (EventRowsCopy) and only the rest is written.
     */
    static void write(Connection c, List<RecordedEvent> rows, boolean insertEvents, Map<UUID, String> names, Instant now,
                      Head head, List<AuditLine> lines) throws SQLException {
        int n = insertEvents ? rows.size() : 0;
        Object[] position = new Object[n], eventId = new Object[n], stream = new Object[n], version = new Object[n],
                type = new Object[n], recordedBy = new Object[n], target = new Object[n], level = new Object[n],
                payload = new Object[n], previous = new Object[n], hash = new Object[n], trace = new Object[n];
        Map<UUID, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            RecordedEvent e = rows.get(i);
            position[i] = e.position();
            eventId[i] = e.eventId();
            stream[i] = e.populationId();
            version[i] = e.streamVersion();
            type[i] = e.type();
            recordedBy[i] = e.recordedBy();
            target[i] = e.targetEventId();
            level[i] = e.confidentiality();
            payload[i] = e.payload();
            previous[i] = e.previousHash();
            hash[i] = e.hash();
            trace[i] = e.traceParent();
        }
        for (RecordedEvent e : rows) versions.put(e.populationId(), e.streamVersion());
        Object[] streamIds = versions.keySet().toArray();
        Object[] streamVersions = versions.values().toArray();
        Object[] streamNames = versions.keySet().stream().map(id -> names.getOrDefault(id, "")).toArray();
        int m = lines.size();
        Object[] actor = new Object[m], roles = new Object[m], client = new Object[m], forwarded = new Object[m],
                auditLevel = new Object[m], method = new Object[m], path = new Object[m], population = new Object[m],
                detail = new Object[m];
        for (int i = 0; i < m; i++) {
            AuditLine line = lines.get(i);
            AuditNote note = line.note();
            actor[i] = note.actor();
            roles[i] = note.roles();
            client[i] = note.client();
            forwarded[i] = note.forwardedFor();
            auditLevel[i] = line.level();
            method[i] = note.method();
            path[i] = note.path();
            population[i] = line.populationId();
            detail[i] = line.detail();
        }
        try (PreparedStatement s = c.prepareStatement("""
                WITH appended AS (
                  INSERT INTO events (position, event_id, stream_id, stream_version, type, recorded_at, recorded_by,
                                      target_event_id, confidentiality, payload, prev_hash, hash, trace_parent)
                  SELECT r.position, r.event_id, r.stream_id, r.stream_version, r.type, ?, r.recorded_by,
                         r.target_event_id, r.confidentiality, r.payload::json, r.prev_hash, r.hash, r.trace_parent
                    FROM unnest(?::bigint[], ?::uuid[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::uuid[], ?::text[],
                                ?::text[], ?::text[], ?::text[], ?::text[])
                         AS r(position, event_id, stream_id, stream_version, type, recorded_by, target_event_id,
                              confidentiality, payload, prev_hash, hash, trace_parent)
                ), versions AS (
                  INSERT INTO streams (stream_id, version, name, registered_at, updated_at)
                  SELECT v.stream_id, v.version, v.name, ?, ? FROM unnest(?::uuid[], ?::bigint[], ?::text[]) AS v(stream_id, version, name)
                  ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
                ), audited AS (
                  INSERT INTO audit_log (actor, roles, client, forwarded_for, kind, level, method, path, status, population_id, detail)
                  SELECT a.actor, a.roles, a.client, a.forwarded_for, 'write', a.level, a.method, a.path, 201, a.population_id, a.detail
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[])
                         AS a(actor, roles, client, forwarded_for, level, method, path, population_id, detail)
                )
                UPDATE log_head SET position = ?, hash = ? WHERE id = 1""")) {
            int i = 0;
            Timestamp at = Timestamp.from(now);
            s.setTimestamp(++i, at);
            s.setArray(++i, c.createArrayOf("bigint", position));
            s.setArray(++i, c.createArrayOf("uuid", eventId));
            s.setArray(++i, c.createArrayOf("uuid", stream));
            s.setArray(++i, c.createArrayOf("bigint", version));
            for (Object[] column : List.of(type, recordedBy)) s.setArray(++i, c.createArrayOf("text", column));
            s.setArray(++i, c.createArrayOf("uuid", target));
            for (Object[] column : List.of(level, payload, previous, hash, trace)) s.setArray(++i, c.createArrayOf("text", column));
            s.setTimestamp(++i, at);
            s.setTimestamp(++i, at);
            s.setArray(++i, c.createArrayOf("uuid", streamIds));
            s.setArray(++i, c.createArrayOf("bigint", streamVersions));
            s.setArray(++i, c.createArrayOf("text", streamNames));
            for (Object[] column : List.of(actor, roles, client, forwarded, auditLevel, method, path)) {
                s.setArray(++i, c.createArrayOf("text", column));
            }
            s.setArray(++i, c.createArrayOf("uuid", population));
            s.setArray(++i, c.createArrayOf("text", detail));
            s.setLong(++i, head.position());
            s.setString(++i, head.hash());
            s.executeUpdate();
        }
    }

    private LogRows() {
    }
}
