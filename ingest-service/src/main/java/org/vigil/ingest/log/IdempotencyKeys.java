package org.vigil.ingest.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.vigil.ingest.json.EventJson;

/**
 * Idempotency keys, read and written in the append's transaction: a retry with the same key and body gets the first
 * answer again; the same key with another body is refused.
 */
final class IdempotencyKeys {

    record StoredKey(UUID populationId, String key, String requestHash, AppendResult.Appended result) {
    }

    static String keyId(UUID populationId, String key) {
        return key == null ? null : populationId + "/" + key;
    }

    /**
     * The stored answers to a batch's keys, found by the table's primary key (population, key): one index probe per key
     * whatever the number of keys stored. (It had compared {@code stream_id || '/' || key} with the keys wanted, an
     * expression no index holds, so every append read every key ever stored: an append's acknowledgement grew slower
     * as the log grew, seen in the 30-minute soak.)
     */
    static final String LOOKUP = "SELECT k.stream_id, k.key, k.request_hash, k.response FROM idempotency_keys k"
            + " JOIN unnest(?::uuid[], ?::text[]) AS w(stream_id, key) ON k.stream_id = w.stream_id AND k.key = w.key";

    static Map<String, StoredKey> load(Connection c, List<AppendRequest> requests) throws SQLException {
        Map<String, StoredKey> keys = new HashMap<>();
        List<String> wanted = new ArrayList<>();
        for (AppendRequest r : requests) {
            String id = keyId(r.command().populationId(), r.idempotencyKey());
            if (id != null) wanted.add(id);
        }
        if (wanted.isEmpty()) return keys;
        List<UUID> populations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (AppendRequest r : requests) {
            if (r.idempotencyKey() == null) continue;
            populations.add(r.command().populationId());
            names.add(r.idempotencyKey());
        }
        try (PreparedStatement s = c.prepareStatement(LOOKUP)) {
            s.setArray(1, c.createArrayOf("uuid", populations.toArray()));
            s.setArray(2, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID population = rs.getObject(1, UUID.class);
                    AppendResult.Appended result = EventJson.mapper().readValue(rs.getString(4), AppendResult.Appended.class);
                    keys.put(keyId(population, rs.getString(2)), new StoredKey(population, rs.getString(2), rs.getString(3), result));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored idempotent response does not read back", e);
            }
        }
        return keys;
    }

    static void save(Connection c, List<StoredKey> keys, Instant now) throws SQLException {
        if (keys.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO idempotency_keys (stream_id, key, request_hash, response, created_at) VALUES (?, ?, ?, ?::json, ?)")) {
            for (StoredKey k : keys) {
                s.setObject(1, k.populationId());
                s.setString(2, k.key());
                s.setString(3, k.requestHash());
                s.setString(4, EventJson.mapper().writeValueAsString(k.result()));
                s.setTimestamp(5, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an idempotent response did not serialize", e);
        }
    }

    private IdempotencyKeys() {
    }
}
