package org.vigil.ingest.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;

/** An append's Idempotency-Keys are looked up by the stored keys' index, whatever the number of keys stored. */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class IdempotencyKeysTest {

    @Inject
    DataSource dataSource;

    @Test
    void the_lookup_of_a_batchs_keys_probes_the_primary_key_instead_of_reading_every_stored_key() throws Exception {
        UUID population = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            // enough stored keys that reading them all costs more than probing the index for two
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO idempotency_keys (stream_id, key, request_hash, response, created_at) VALUES (?, ?, ?, '{}'::json, ?)")) {
                for (int i = 0; i < 20_000; i++) {
                    s.setObject(1, i % 2 == 0 ? population : UUID.randomUUID());
                    s.setString(2, "key-" + i);
                    s.setString(3, "0".repeat(64));
                    s.setTimestamp(4, Timestamp.from(Instant.now()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement s = c.prepareStatement("EXPLAIN " + IdempotencyKeys.LOOKUP)) {
                s.setArray(1, c.createArrayOf("uuid", new Object[] {population, population}));
                s.setArray(2, c.createArrayOf("text", new Object[] {"key-2", "key-4"}));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).as(plan.toString()).contains("idempotency_keys_pkey").doesNotContain("Seq Scan on idempotency_keys");
            // and it finds what it looks for, and only that
            try (PreparedStatement s = c.prepareStatement(IdempotencyKeys.LOOKUP)) {
                s.setArray(1, c.createArrayOf("uuid", new Object[] {population, population, population}));
                s.setArray(2, c.createArrayOf("text", new Object[] {"key-2", "key-4", "key-3"}));
                int found = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getObject(1, UUID.class)).isEqualTo(population);
                        assertThat(rs.getString(2)).isIn("key-2", "key-4");
                        found++;
                    }
                }
                assertThat(found).isEqualTo(2); // key-3 is another population's
            }
        }
    }
}
