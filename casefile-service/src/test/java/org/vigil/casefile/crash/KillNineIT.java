package org.vigil.casefile.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

/**
 * The packaged service, killed with SIGKILL in the middle of catching up, then started again: it resumes from its
 * last committed batch and its views end equal to a fresh rebuild from the log.
 */
class KillNineIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int POPULATIONS = 40;

    final HttpClient http = HttpClient.newHttpClient();

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
                        if (round > 0 && e.type().equals("vigil.population.registered.v1")) continue;
                        events.add(e);
                    }
                }
                publisher.publish(renumber(events, round));
            }
        }
        int port = freePort();
        Process first = start(env, database, topic, run, port);
        try {
            waitUntil(() -> metric(port, "vigil_projection_events_applied_total") > 2_000, Duration.ofSeconds(90));
            first.destroyForcibly().waitFor(); // SIGKILL, mid catch-up
        } finally {
            first.destroyForcibly();
        }
        Process second = start(env, database, topic, run, port);
        try {
            long expected = expectedVersion();
            waitUntil(() -> populations.stream().allMatch(p -> version(port, p) == expected), Duration.ofSeconds(180));
            List<String> incremental = statuses(port, populations);
            post(port, "/admin/rebuild");
            List<String> rebuilt = statuses(port, populations);
            assertThat(rebuilt).isEqualTo(incremental);
        } finally {
            second.destroy();
            second.waitFor();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                    + "/postgres", "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** Gives round r's events versions after the previous rounds', per population, keeping their order. */
    static List<EventPublisher.Logged> renumber(List<EventPublisher.Logged> events, int round) {
        List<EventPublisher.Logged> out = new ArrayList<>();
        int perRound = 34; // the casebook's 35 events less the registration after round 0
        for (EventPublisher.Logged e : events) {
            long version = round == 0 ? e.version() : 35 + (long) (round - 1) * perRound + (e.version() - 1);
            out.add(new EventPublisher.Logged(e.eventId(), e.populationId(), version, version, e.type(),
                    e.recordedAt().plusSeconds(86_400L * round), e.data()));
        }
        return out;
    }

    static long expectedVersion() {
        return 35 + 24L * 34;
    }

    Process start(Map<String, String> env, String database, String topic, String run, int port) throws Exception {
        String jar = System.getProperty("casefile.jar", "target/quarkus-app/quarkus-run.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/kill-nine-" + run + ".log")));
        pb.environment().putAll(env);
        pb.environment().put("VIGIL_CASEFILE_DB_NAME", database);
        pb.environment().put("VIGIL_EVENTS_TOPIC", topic);
        pb.environment().put("VIGIL_STATUS_TOPIC", "vigil.population-status.crash-" + run);
        pb.environment().put("VIGIL_CASEFILE_GROUP", "vigil-casefile-crash-" + run);
        pb.environment().put("VIGIL_CASEFILE_PORT", Integer.toString(port));
        Process p = pb.start();
        waitUntil(() -> get(port, "/q/health/ready") == 200, Duration.ofSeconds(60));
        return p;
    }

    List<String> statuses(int port, List<UUID> populations) throws Exception {
        List<String> out = new ArrayList<>();
        for (UUID p : populations) {
            for (String q : List.of("", "?asOf=2012-01-01", "?knownAt=2026-01-05T00:00:00Z")) {
                out.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/populations/" + p + "/status" + q)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
        }
        return out;
    }

    long version(int port, UUID population) {
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/populations/" + population + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return -1;
            JsonNode node = JSON.readTree(r.body());
            return node.path("status").path("streamVersion").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    double metric(int port, String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1));
        } catch (Exception ignored) {
            // not up yet
        }
        return 0;
    }

    int get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    void post(int port, String path) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check check, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + timeout);
            Thread.sleep(200);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
