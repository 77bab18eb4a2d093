package org.vigil.casefile.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;

/**
 * Status-change notices are derived from the committed views, not sent beside them: a view committed by any path (here
 * written straight into the table, as a rebuild or a crashed instance would leave it, with no in-process call) gets its
 * notice, with its stream version; a later change gets another; a notice is recorded once Kafka acknowledged it.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class StatusNoticesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.status-topic")
    String statusTopic;

    @ConfigProperty(name = "vigil.migration.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "vigil.migration.owner-username")
    String owner;

    @ConfigProperty(name = "vigil.migration.owner-password")
    String ownerPassword;

    @Test
    void a_committed_view_gets_its_notice_whoever_committed_it() throws Exception {
        UUID population = UUID.randomUUID();
        commitView(population, 3, null);
        assertThat(noticesFor(population, 1)).singleElement().satisfies(r -> {
            assertThat(r.value()).contains("\"streamVersion\":3").contains("\"stalled\":false");
            assertThat(new String(r.headers().lastHeader("ce_id").value())).isEqualTo(population + "/3");
            assertThat(new String(r.headers().lastHeader("ce_type").value())).isEqualTo("vigil.population.status-changed.v1");
        });
        commitView(population, 3, "stalled here for the test");
        assertThat(noticesFor(population, 2)).last().satisfies(r -> {
            assertThat(r.value()).contains("\"stalled\":true");
            assertThat(new String(r.headers().lastHeader("ce_id").value())).isEqualTo(population + "/3/stalled");
        });
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword);
             var s = c.prepareStatement("SELECT version, stalled FROM status_published WHERE population_id = ?")) {
            s.setObject(1, population);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }

    private void commitView(UUID population, long version, String stalled) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword);
             PreparedStatement s = c.prepareStatement("""
                     INSERT INTO case_files (population_id, name, version, position, last_recorded_at, stalled_reason,
                                             stalled_at, updated_at)
                     VALUES (?, 'notice test', ?, ?, now(), ?, CASE WHEN ?::text IS NULL THEN NULL ELSE now() END, now())
                     ON CONFLICT (population_id) DO UPDATE SET version = EXCLUDED.version,
                        stalled_reason = EXCLUDED.stalled_reason, stalled_at = EXCLUDED.stalled_at, updated_at = now()""")) {
            s.setObject(1, population);
            s.setLong(2, version);
            s.setLong(3, 1000 + version);
            s.setString(4, stalled);
            s.setString(5, stalled);
            s.executeUpdate();
        }
    }

    /** Waits until this many notices for the population are on the topic (30 s at most), and returns them in order. */
    private List<ConsumerRecord<String, String>> noticesFor(UUID population, int count) throws InterruptedException {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<String, String>(p)) {
            Instant deadline = Instant.now().plusSeconds(30);
            // The topic exists once the first notice is sent: on a fresh broker that may be after this starts.
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                partitions = consumer.partitionsFor(statusTopic, Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(statusTopic, i.partition())).toList();
                if (partitions.isEmpty()) Thread.sleep(200);
            }
            assertThat(partitions).as("partitions of " + statusTopic).isNotEmpty();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            while (mine.size() < count && Instant.now().isBefore(deadline)) {
                for (var r : consumer.poll(Duration.ofMillis(300))) if (population.toString().equals(r.key())) mine.add(r);
            }
            assertThat(mine).as("notices for " + population).hasSize(count);
            return mine;
        }
    }
}
