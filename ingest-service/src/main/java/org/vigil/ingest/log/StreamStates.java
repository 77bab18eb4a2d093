package org.vigil.ingest.log;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.vigil.ingest.event.EventType;
import org.vigil.ingest.json.Upcasters;
import org.vigil.ingest.population.KnownEvent;
import org.vigil.ingest.population.PopulationDecider;
import org.vigil.ingest.population.StreamState;

/**
 * The state a decision reads, loaded in the append's transaction: each population's version, and the recorded events
 * the commands refer to, folded through the decider's own rules ({@code PopulationDecider.referredBy}).
 */
final class StreamStates {

    /**
     * The recorded events a decision refers to, each as it stands: the events that referred to it since (retractions,
     * liftings, corrections) are folded through the decider's own rule ({@link PopulationDecider#referredBy}).
     */
    static Map<UUID, KnownEvent> loadKnown(Connection c, Set<UUID> ids) throws SQLException {
        Map<UUID, KnownEvent> known = new HashMap<>();
        if (ids.isEmpty()) return known;
        String sql = """
                SELECT event_id, stream_id, type, NULL::uuid AS target, 0 AS referring, position FROM events
                 WHERE event_id = ANY (?)
                UNION ALL
                SELECT event_id, stream_id, type, target_event_id, 1, position FROM events
                 WHERE target_event_id = ANY (?)
                ORDER BY referring, position""";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Array wanted = c.createArrayOf("uuid", ids.toArray());
            s.setArray(1, wanted);
            s.setArray(2, wanted);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    // The log keeps every event under the type name it was written with: read it as the current one.
                    EventType type = EventType.byName(Upcasters.currentType(rs.getString(3)))
                            .orElseThrow(() -> new IllegalStateException("unknown type in the log: " + id));
                    UUID target = rs.getObject(4, UUID.class);
                    if (target == null) {
                        known.put(id, new KnownEvent(id, rs.getObject(2, UUID.class), type, false, false));
                    } else {
                        known.computeIfPresent(target, (t, k) -> PopulationDecider.referredBy(k, type));
                    }
                }
            }
        }
        return known;
    }

    static Map<UUID, StreamState> loadStreams(Connection c, Set<UUID> ids, Map<UUID, KnownEvent> known)
            throws SQLException {
        Map<UUID, Long> versions = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stream_id, version FROM streams WHERE stream_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        }
        return states(ids, versions, known);
    }

    /** Each population's state: registered with its stored version, or not yet (version 0). */
    static Map<UUID, StreamState> states(Set<UUID> ids, Map<UUID, Long> versions, Map<UUID, KnownEvent> known) {
        Map<UUID, StreamState> states = new HashMap<>();
        for (UUID id : ids) {
            Long version = versions.get(id);
            states.put(id, new StreamState(id, version != null, version == null ? 0 : version, known));
        }
        return states;
    }

    private StreamStates() {
    }
}
