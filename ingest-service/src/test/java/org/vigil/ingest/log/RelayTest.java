package org.vigil.ingest.log;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.testing.Fixtures.attack;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.population.AppendCommand;
import org.vigil.ingest.population.NewEvent;
import org.vigil.ingest.publish.OutboxRelay;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;
import org.vigil.ingest.testing.TopicReader;

/** Only committed events reach Kafka, in order, and nothing is lost when the relay or the broker restarts. */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class RelayTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @Inject
    DataSource dataSource;

    @Inject
    EventLog eventLog;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.relay.topic")
    String topic;

    static String register(String name) {
        return given().contentType(ContentType.JSON).body(registration(name)).when().post("/populations")
                .then().statusCode(201).extract().path("populationId");
    }

    static String append(String population, long killed) {
        return given().contentType(ContentType.JSON).body(attack(killed)).when().post("/populations/" + population + "/events")
                .then().statusCode(201).extract().path("eventId");
    }

    static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TopicReader.header(r, "ce_id")).collect(Collectors.toSet());
    }

    @Test
    void an_event_whose_transaction_commits_late_is_published_and_in_position_order() throws Exception {
        String early = register("Late commit A");
        String other = register("Late commit B");
        NewEvent late = new NewEvent(UUID.randomUUID(), EventJson.decode(EventJson.mapper().readTree(attack(99))).event());
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            // A transaction takes its position now but commits only later.
            var results = eventLog.appendWithin(slow, new AppendRequest(
                    new AppendCommand(UUID.fromString(early), null, List.of(late), false), "slow-writer", null, null));
            long latePosition = ((AppendResult.Appended) results).events().getFirst().position();

            // Another append meanwhile must wait for it rather than take a later position and commit first.
            CompletableFuture<String> meanwhile = CompletableFuture.supplyAsync(() -> append(other, 1));
            Thread.sleep(1_000);
            assertThat(meanwhile).isNotDone();
            assertThat(relay.publishedPosition()).isLessThan(latePosition);

            slow.commit();
            String after = meanwhile.get(30, TimeUnit.SECONDS);
            try (TopicReader reader = new TopicReader(bootstrap, topic)) {
                var records = reader.until(rs -> ids(rs).containsAll(List.of(late.eventId().toString(), after)), Duration.ofSeconds(30));
                Map<String, Long> position = new HashMap<>();
                for (var r : records) position.put(TopicReader.header(r, "ce_id"), Long.parseLong(TopicReader.header(r, "ce_logposition")));
                assertThat(position.get(late.eventId().toString())).isEqualTo(latePosition);
                assertThat(position.get(after)).isGreaterThan(latePosition);
            }
        }
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Inject
    LogSignal signal;

    double read(String from) {
        return registry.get("vigil.relay.events.read").tag("from", from).counter().count();
    }

    @Test
    void this_instances_commits_are_published_from_memory_and_another_writers_from_the_log() throws Exception {
        String population = register("Relay from memory");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (relay.publishedPosition() < signal.committedHead() && System.nanoTime() < deadline) Thread.sleep(10);
        double memory = read("memory");
        double log = read("log");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) sent.add(append(population, i));
        // Another writer (the transaction below, as another instance's would be) hands nothing to this relay.
        NewEvent elsewhere = new NewEvent(UUID.randomUUID(), EventJson.decode(EventJson.mapper().readTree(attack(7))).event());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            eventLog.appendWithin(c, new AppendRequest(
                    new AppendCommand(UUID.fromString(population), null, List.of(elsewhere), false), "other-instance", null, null));
            c.commit();
        }
        for (int i = 0; i < 5; i++) sent.add(append(population, 100 + i));
        sent.add(elsewhere.eventId().toString());
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            var records = reader.until(rs -> ids(rs).containsAll(sent), Duration.ofSeconds(30));
            assertThat(ids(records)).containsAll(sent);
        }
        // The 25 this instance wrote come from memory (one may be read back if the relay's poll fell between its
        // commit and its hand-over); the other writer's event only from the log.
        assertThat(read("memory") - memory).isBetween(23.0, 25.0);
        assertThat(read("log") - log).isBetween(1.0, 3.0);
    }

    /** The backend that holds the relay's advisory lock ("VIGILRLY": classid 0x56494749, objid 0x4C524C59), or 0. */
    static int lockHolder(Statement admin) throws Exception {
        try (var rs = admin.executeQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid = x'56494749'::int::oid AND objid = x'4C524C59'::int::oid")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Test
    void a_relay_whose_lock_session_ended_stops_and_takes_the_lock_again_before_it_publishes_more() throws Exception {
        String population = register("Relay lock lost");
        String url = dataSource.unwrap(io.agroal.api.AgroalDataSource.class).getConfiguration()
                .connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl();
        try (Connection admin = LocalInfra.admin(LocalInfra.env(), LocalInfra.databaseOf(url)); Statement s = admin.createStatement()) {
            int holder = lockHolder(s);
            assertThat(holder).as("the relay holds its lock").isPositive();
            // The database ends the relay's session (as a restart or a cut would): its lock is gone with it.
            s.execute("SELECT pg_terminate_backend(" + holder + ")");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) sent.add(append(population, i));
            long deadline = System.nanoTime() + 20_000_000_000L;
            int again = 0;
            while (System.nanoTime() < deadline && ((again = lockHolder(s)) == 0 || again == holder)) Thread.sleep(100);
            // A relay that went on publishing without its lock would never take it again: another instance might publish too.
            assertThat(again).as("a new session holds the relay's lock").isPositive().isNotEqualTo(holder);
            try (TopicReader reader = new TopicReader(bootstrap, topic)) {
                var records = reader.until(rs -> ids(rs).containsAll(sent), Duration.ofSeconds(30));
                assertThat(ids(records)).containsAll(sent);
            }
        }
    }

    @Test
    void a_relay_that_crashed_before_recording_its_progress_resends_with_the_same_ids_and_loses_nothing() throws Exception {
        String population = register("Relay restart");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) sent.add(append(population, i));
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            reader.until(rs -> ids(rs).containsAll(sent), Duration.ofSeconds(30));
        }
        // As if the relay had sent the last 30 events but died before storing its position: restart it from there.
        Map<String, String> env = LocalInfra.env();
        String url = dataSource.unwrap(io.agroal.api.AgroalDataSource.class).getConfiguration()
                .connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl();
        String database = LocalInfra.databaseOf(url);
        relay.restart(() -> {
            try (Connection admin = LocalInfra.admin(env, database); Statement s = admin.createStatement()) {
                s.executeUpdate("UPDATE relay_position SET position = position - 30");
            }
        });
        for (int i = 0; i < 20; i++) sent.add(append(population, 100 + i));
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            var records = reader.until(rs -> ids(rs).containsAll(sent), Duration.ofSeconds(60));
            assertThat(ids(records)).containsAll(sent);
            Map<String, List<String>> byId = new HashMap<>();
            for (var r : records) byId.computeIfAbsent(TopicReader.header(r, "ce_id"), k -> new ArrayList<>()).add(new String(r.value()));
            // duplicates, where there are any, are the same event: same id, same payload
            byId.values().forEach(copies -> assertThat(new HashSet<>(copies)).hasSize(1));
            assertThat(byId.values().stream().filter(c -> c.size() > 1).count()).isGreaterThanOrEqualTo(30);
        }
    }

    @Test
    void a_broker_restart_loses_nothing() throws Exception {
        // The broker restarted is deploy/local's; with Testcontainers, deploy/faults.sh and this test's local run cover it.
        org.junit.jupiter.api.Assumptions.assumeTrue(org.vigil.testing.Infrastructure.source()
                == org.vigil.testing.Infrastructure.Source.LOCAL, "restarts deploy/local's broker");
        String population = register("Broker restart");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) sent.add(append(population, i));
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> LocalInfra.infra("kafka-restart"));
        // Appends go on while the broker is down: the log takes them, the relay catches up afterwards.
        while (!restart.isDone()) {
            sent.add(append(population, sent.size()));
            Thread.sleep(50);
        }
        restart.get();
        for (int i = 0; i < 20; i++) sent.add(append(population, 1000 + i));
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            var records = reader.until(rs -> ids(rs).containsAll(sent), Duration.ofSeconds(120));
            assertThat(ids(records)).containsAll(sent);
        }
    }
}
