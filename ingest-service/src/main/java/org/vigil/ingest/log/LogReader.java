package org.vigil.ingest.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads the log: streams, pages of events, and the whole chain for verification. Never writes. */
@ApplicationScoped
public class LogReader {

    private static final String COLUMNS = """
            position, event_id, stream_id, stream_version, type, recorded_at, recorded_by, target_event_id,
            confidentiality, payload, prev_hash, hash, trace_parent""";

    private final DataSource dataSource;

    public LogReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code confidentiality}: the registration's level, which decides who may see that the population is recorded here. */
    public record PopulationSummary(UUID populationId, String name, long version, Instant registeredAt, Instant updatedAt,
                                    String confidentiality) {
    }

    public List<PopulationSummary> populations(UUID after, int limit) throws SQLException {
        String sql = SUMMARY + (after == null ? "" : "WHERE s.stream_id > ? ") + "ORDER BY s.stream_id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (after != null) s.setObject(i++, after);
            s.setInt(i, limit);
            List<PopulationSummary> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(summary(rs));
            }
            return out;
        }
    }

    public Optional<PopulationSummary> population(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     SUMMARY + "WHERE s.stream_id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        }
    }

    /** A population's bookkeeping, with the level of its registration (version 1), which holds its name. */
    private static final String SUMMARY = "SELECT s.stream_id, s.name, s.version, s.registered_at, s.updated_at, r.confidentiality"
            + " FROM streams s JOIN events r ON r.stream_id = s.stream_id AND r.stream_version = 1 ";

    private static PopulationSummary summary(ResultSet rs) throws SQLException {
        return new PopulationSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6));
    }

    /** How many events of a population each level holds, recorded at or before {@code knownAt} (null: all). */
    public Map<String, Long> levels(UUID populationId, Instant knownAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT confidentiality, count(*) FROM events WHERE stream_id = ?"
                     + (knownAt == null ? "" : " AND recorded_at <= ?") + " GROUP BY confidentiality")) {
            s.setObject(1, populationId);
            if (knownAt != null) s.setTimestamp(2, java.sql.Timestamp.from(knownAt));
            Map<String, Long> out = new java.util.TreeMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        }
    }

    /** A page of one stream, in version order, after the given version. */
    public List<RecordedEvent> stream(UUID populationId, long afterVersion, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version LIMIT ?")) {
            s.setObject(1, populationId);
            s.setLong(2, afterVersion);
            s.setInt(3, limit);
            return read(s);
        }
    }

    public Optional<RecordedEvent> event(UUID populationId, UUID eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE stream_id = ? AND event_id = ?")) {
            s.setObject(1, populationId);
            s.setObject(2, eventId);
            return read(s).stream().findFirst();
        }
    }

    /**
     * The log after a position, in position order, {@code limit} events at most, of one population or (null) all:
     * what a feed reads next. Positions are gap-free and commit in order, so nothing after {@code position} can
     * appear later below a position already read.
     */
    public List<RecordedEvent> after(long position, int limit, UUID population) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE position > ?"
                     + (population == null ? "" : " AND stream_id = ?") + " ORDER BY position LIMIT ?")) {
            int i = 1;
            s.setLong(i++, position);
            if (population != null) s.setObject(i++, population);
            s.setInt(i, limit);
            return read(s);
        }
    }

    /** The events at these log positions, in position order: what the webhooks deliver. */
    public List<RecordedEvent> at(java.util.Collection<Long> positions) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE position = ANY (?) ORDER BY position")) {
            s.setArray(1, c.createArrayOf("bigint", positions.toArray()));
            return read(s);
        }
    }

    /** The log after a position, in position order: what the relay publishes next. */
    public List<RecordedEvent> after(Connection c, long position, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM events WHERE position > ? ORDER BY position LIMIT ?")) {
            s.setLong(1, position);
            s.setInt(2, limit);
            return read(s);
        }
    }

    public long headPosition() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT position FROM log_head WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** One link of the chain: the event at a position and the chain hash up to and including it. */
    public record Link(long position, String hash, UUID eventId, UUID populationId, long streamVersion) {
    }

    /** The head of the log: its last position and the chain hash there (position 0: the empty log). */
    public Link head() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT position, hash FROM log_head WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Link(rs.getLong(1), rs.getString(2), null, null, 0);
        }
    }

    public Optional<Link> link(long position) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT position, hash, event_id, stream_id, stream_version FROM events WHERE position = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Link(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getLong(5))) : Optional.empty();
            }
        }
    }

    /**
     * The stream's version once the log reached {@code position}: its last event at or before it (0 if none). Within a
     * stream, versions and positions rise together, so the newest version at or before the position is the answer.
     */
    public long versionAt(UUID populationId, long position) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT stream_version FROM events WHERE stream_id = ? AND position <= ?"
                     + " ORDER BY stream_version DESC LIMIT 1")) {
            s.setObject(1, populationId);
            s.setLong(2, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public record Verification(boolean valid, long checked, long headPosition, String headHash, BrokenLink firstBroken) {
    }

    public record BrokenLink(long position, UUID eventId, String problem, String storedHash, String expectedHash) {
    }

    /**
     * Walks the whole log in position order, recomputing every hash from the stored fields and checking that each
     * event links to the one before it, that positions have no gaps, and that the head matches the last event.
     */
    public Verification verify() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long headPosition;
            String headHash;
            try (PreparedStatement s = c.prepareStatement("SELECT position, hash FROM log_head WHERE id = 1");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                headPosition = rs.getLong(1);
                headHash = rs.getString(2);
            }
            long checked = 0;
            long expectedPosition = 1;
            String previous = HashChain.GENESIS;
            BrokenLink broken = null;
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM events ORDER BY position")) {
                s.setFetchSize(5_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        RecordedEvent e = row(rs);
                        checked++;
                        if (broken != null) continue;
                        if (e.position() != expectedPosition) {
                            broken = new BrokenLink(e.position(), e.eventId(), "position " + expectedPosition + " is missing",
                                    e.hash(), null);
                        } else if (!e.previousHash().equals(previous)) {
                            broken = new BrokenLink(e.position(), e.eventId(),
                                    "does not link to the event before it", e.previousHash(), previous);
                        } else {
                            String recomputed = e.recomputeHash();
                            if (!recomputed.equals(e.hash())) {
                                broken = new BrokenLink(e.position(), e.eventId(),
                                        "content does not match its hash: the row was changed after it was written",
                                        e.hash(), recomputed);
                            }
                        }
                        previous = e.hash();
                        expectedPosition = e.position() + 1;
                    }
                }
            }
            if (broken == null && (expectedPosition - 1 != headPosition || !previous.equals(headHash))) {
                broken = new BrokenLink(headPosition, null, "the log head does not match the last event", headHash, previous);
            }
            c.commit();
            return new Verification(broken == null, checked, headPosition, headHash, broken);
        }
    }

    private static List<RecordedEvent> read(PreparedStatement s) throws SQLException {
        List<RecordedEvent> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    private static RecordedEvent row(ResultSet rs) throws SQLException {
        return new RecordedEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getLong(4),
                rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getObject(8, UUID.class),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13));
    }
}
