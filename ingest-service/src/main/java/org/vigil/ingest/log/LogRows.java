package org.vigil.ingest.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;



/**
 * What one append writes besides deciding: the events' rows with their positions and hash links, the streams'
 * versions, the log head (locked first, saved last) and the audit lines, all in the append's transaction.
 */
final class LogRows {

    static final String INSERT_EVENT = """
            INSERT INTO events (position, event_id, stream_id, stream_version, type, recorded_at, recorded_by,
                                target_event_id, confidentiality, payload, prev_hash, hash, trace_parent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?, ?)""";

    record Head(long position, String hash) {
    }

    static Head lockHead(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT position, hash FROM log_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("log_head is missing: has the migration run?");
            return new Head(rs.getLong(1), rs.getString(2));
        }
    }

    static void insertEvents(Connection c, List<RecordedEvent> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_EVENT)) {
            for (RecordedEvent e : rows) {
                s.setLong(1, e.position());
                s.setObject(2, e.eventId());
                s.setObject(3, e.populationId());
                s.setLong(4, e.streamVersion());
                s.setString(5, e.type());
                s.setTimestamp(6, Timestamp.from(e.recordedAt()));
                s.setString(7, e.recordedBy());
                s.setObject(8, e.targetEventId());
                s.setString(9, e.confidentiality());
                s.setString(10, e.payload());
                s.setString(11, e.previousHash());
                s.setString(12, e.hash());
                s.setString(13, e.traceParent());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static void saveStreams(Connection c, List<RecordedEvent> rows, Map<UUID, String> names, Instant now)
            throws SQLException {
        Map<UUID, Long> versions = new LinkedHashMap<>();
        for (RecordedEvent e : rows) versions.put(e.populationId(), e.streamVersion());
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO streams (stream_id, version, name, registered_at, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at""")) {
            for (var entry : versions.entrySet()) {
                s.setObject(1, entry.getKey());
                s.setLong(2, entry.getValue());
                s.setString(3, names.getOrDefault(entry.getKey(), ""));
                s.setTimestamp(4, Timestamp.from(now));
                s.setTimestamp(5, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static void saveHead(Connection c, Head head) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE log_head SET position = ?, hash = ? WHERE id = 1")) {
            s.setLong(1, head.position());
            s.setString(2, head.hash());
            s.executeUpdate();
        }
    }

    record AuditLine(AuditNote note, UUID populationId, String level, String detail) {
    }

    /** The audit lines of the appends in this transaction: committed with their events, or not at all. */
    static void insertAudit(Connection c, List<AuditLine> lines) throws SQLException {
        if (lines.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (actor, roles, client, forwarded_for, kind, level,"
                + " method, path, status, population_id, detail) VALUES (?, ?, ?, ?, 'write', ?, ?, ?, 201, ?, ?)")) {
            for (AuditLine line : lines) {
                AuditNote n = line.note();
                s.setString(1, n.actor());
                s.setString(2, n.roles());
                s.setString(3, n.client());
                s.setString(4, n.forwardedFor());
                s.setString(5, line.level());
                s.setString(6, n.method());
                s.setString(7, n.path());
                s.setObject(8, line.populationId());
                s.setString(9, line.detail());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private LogRows() {
    }
}
