package org.vigil.casefile.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.PackagedCasefile;

/**
 * The packaged service, killed with SIGKILL in the middle of catching up, then started again: it resumes from its
 * last committed batch and its views end equal to a fresh rebuild from the log.
 */
class KillNineIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int POPULATIONS = 40;


    @Test
    void a_kill_in_the_middle_of_a_batch_leaves_views_equal_to_a_rebuild() throws Exception {
        Map<String, String> env = CasefileInfraResource.env();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String database = "vigil_casefile_crash_" + run;
        String topic = "vigil.population-events.crash-" + run;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                + "/postgres", "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " OWNER vigil_casefile_owner");
        }
        List<UUID> populations = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(env.get("VIGIL_KAFKA_BOOTSTRAP"), topic)) {
            for (int round = 0; round < 25; round++) {
                List<EventPublisher.Logged> events = new ArrayList<>();
                for (int p = 0; p < POPULATIONS; p++) {
                    if (round == 0) populations.add(UUID.randomUUID());
                    // each population gets the casebook 25 times over, versions continuing
                    for (EventPublisher.Logged e : EventPublisher.casebook(populations.get(p), Instant.parse("2026-01-01T00:00:00Z"))) {
                        if (round > 0 && e.type().equals("vigil.population.registered.v2")) continue;
                        events.add(e);
                    }
                }
                publisher.publish(renumber(events, round));
            }
        }
        int port = PackagedCasefile.freePort();
        String crashRun = "crash-" + run;
        PackagedCasefile first = PackagedCasefile.start(database, topic, crashRun, port, "512m", "kill-nine-" + run + ".log", Map.of());
        try {
            PackagedCasefile.waitUntil(() -> first.metric("vigil_projection_events_applied_total") > 2_000, Duration.ofSeconds(90));
        } finally {
            first.kill(); // SIGKILL, mid catch-up
        }
        long killedAt = System.nanoTime();
        // Rebuilds: small chunks, so that one is seen half done; a heartbeat silent for 3 s means its instance died.
        Map<String, String> rebuildEnv = Map.of("VIGIL_REBUILD_CHUNK_EVENTS", "500", "VIGIL_REBUILD_STALE_AFTER", "3s");
        try (PackagedCasefile second = PackagedCasefile.start(database, topic, crashRun, port, "512m", "kill-nine-" + run + ".log", rebuildEnv)) {
            // Ready means projecting: the group has given it its partitions (after the dead member's session expired),
            // so it applies events as soon as it says so. It used to say ready some 30 s before it projected again.
            long readyAt = System.nanoTime();
            PackagedCasefile.waitUntil(() -> second.metric("vigil_projection_events_applied_total") > 0, Duration.ofSeconds(5));
            System.out.printf("casefile ready %.1f s after the kill; projecting within %.1f s of saying so%n",
                    (readyAt - killedAt) / 1e9, (System.nanoTime() - readyAt) / 1e9);
            long expected = expectedVersion();
            PackagedCasefile.waitUntil(() -> populations.stream().allMatch(p -> version(second, p) == expected), Duration.ofSeconds(180));
            List<String> incremental = statuses(second, populations);
            var rebuilt = second.post("/admin/rebuild", Duration.ofMinutes(5));
            assertThat(rebuilt.statusCode()).as(rebuilt.body()).isEqualTo(200);
            assertThat(statuses(second, populations)).isEqualTo(incremental);

            // A rebuild in the background, its instance killed half way: the next instance starts it over, cleanly.
            var asked = second.post("/admin/rebuild", Duration.ofSeconds(30), "Prefer", "respond-async");
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
            String rebuildId = JSON.readTree(asked.body()).path("id").asText();
            PackagedCasefile.waitUntil(() -> JSON.readTree(second.fetch("/admin/rebuilds/" + rebuildId).body()).path("eventsDone").asLong() > 0,
                    Duration.ofSeconds(30));
            JsonNode atKill = JSON.readTree(second.fetch("/admin/rebuilds/" + rebuildId).body());
            second.kill();
            System.out.printf("rebuild %s killed at %d of %d events%n", rebuildId, atKill.path("eventsDone").asLong(),
                    atKill.path("eventsTotal").asLong());
            assertThat(atKill.path("state").asText()).isEqualTo("running");
            assertThat(atKill.path("eventsDone").asLong()).isLessThan(atKill.path("eventsTotal").asLong());
            try (PackagedCasefile third = PackagedCasefile.start(database, topic, crashRun, port, "512m", "kill-nine-" + run + ".log", rebuildEnv)) {
                PackagedCasefile.waitUntil(() -> "interrupted".equals(JSON.readTree(third.fetch("/admin/rebuilds/" + rebuildId).body())
                        .path("state").asText()), Duration.ofSeconds(60));
                String restart = JSON.readTree(third.fetch("/admin/rebuilds/" + rebuildId).body()).path("restartedAs").asText();
                PackagedCasefile.waitUntil(() -> "done".equals(JSON.readTree(third.fetch("/admin/rebuilds/" + restart).body())
                        .path("state").asText()), Duration.ofSeconds(120));
                JsonNode over = JSON.readTree(third.fetch("/admin/rebuilds/" + restart).body());
                assertThat(over.path("restartOf").asText()).isEqualTo(rebuildId);
                assertThat(over.path("eventsDone").asLong()).isEqualTo(over.path("eventsTotal").asLong());
                assertThat(statuses(third, populations)).isEqualTo(incremental);
            }
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                    + "/postgres", "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** Gives round r's events versions after the previous rounds', per population, keeping their order. */
    static List<EventPublisher.Logged> renumber(List<EventPublisher.Logged> events, int round) throws Exception {
        List<EventPublisher.Logged> out = new ArrayList<>();
        long casebook = casebookSize();
        long perRound = casebook - 1; // the casebook's events less the registration after round 0
        for (EventPublisher.Logged e : events) {
            long version = round == 0 ? e.version() : casebook + (round - 1) * perRound + (e.version() - 1);
            out.add(new EventPublisher.Logged(e.eventId(), e.populationId(), version, version, e.type(),
                    e.recordedAt().plusSeconds(86_400L * round), e.data()));
        }
        return out;
    }

    static long expectedVersion() throws Exception {
        long casebook = casebookSize();
        return casebook + 24L * (casebook - 1);
    }

    /** The demo casebook's events, as EventPublisher publishes them. */
    static long casebookSize() throws Exception {
        return EventPublisher.casebook(UUID.randomUUID(), Instant.EPOCH).size();
    }

    static List<String> statuses(PackagedCasefile service, List<UUID> populations) throws Exception {
        List<String> out = new ArrayList<>();
        for (UUID p : populations) {
            for (String q : List.of("", "?asOf=2012-01-01", "?knownAt=2026-01-05T00:00:00Z")) {
                out.add(service.fetch("/populations/" + p + "/status" + q).body());
            }
        }
        return out;
    }

    static long version(PackagedCasefile service, UUID population) {
        try {
            var r = service.fetch("/populations/" + population + "/status");
            if (r.statusCode() != 200) return -1;
            JsonNode node = JSON.readTree(r.body());
            return node.path("status").path("streamVersion").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }
}
