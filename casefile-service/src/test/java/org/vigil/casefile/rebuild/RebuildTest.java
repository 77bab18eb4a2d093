package org.vigil.casefile.rebuild;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;

/** Views rebuilt from the log equal the ones built incrementally, field for field, even after they were damaged. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class RebuildTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @ConfigProperty(name = "vigil.migration.jdbc-url")
    String jdbcUrl;

    static final List<String> QUERIES = List.of("", "?asOf=2010-06-01", "?asOf=2014-01-01", "?asOf=2016-12-31",
            "?knownAt=2026-01-01T00:20:00Z", "?asOf=2011-12-31&knownAt=2026-01-01T00:21:30Z");

    List<String> snapshot(List<UUID> populations) {
        List<String> out = new ArrayList<>();
        for (UUID p : populations) {
            for (String q : QUERIES) out.add(given().when().get("/populations/" + p + "/status" + q).then().statusCode(200).extract().asString());
        }
        return out;
    }

    @Test
    void a_rebuild_from_the_log_gives_the_incrementally_built_views_back() throws Exception {
        List<UUID> populations = List.of(UUID.randomUUID(), UUID.randomUUID());
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            for (UUID p : populations) publisher.publish(EventPublisher.casebook(p, Instant.parse("2026-01-01T00:00:00Z")));
        }
        for (UUID p : populations) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/populations/" + p + "/status")
                    .then().statusCode(200).body("status.streamVersion", equalTo(EventPublisher.casebook(UUID.randomUUID(), Instant.EPOCH).size())));
        }
        List<String> incremental = snapshot(populations);

        // Damage the views behind the service's back: facts lost, a version wrong.
        Map<String, String> env = CasefileInfraResource.env();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "vigil_admin", env.get("VIGIL_DB_PASSWORD"));
             Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM facts WHERE population_id = '" + populations.get(0) + "' AND stream_version BETWEEN 10 AND 20");
            s.executeUpdate("UPDATE case_files SET version = 20 WHERE population_id = '" + populations.get(1) + "'");
        }
        assertThat(snapshot(populations)).isNotEqualTo(incremental);

        given().when().post("/admin/rebuild").then().statusCode(200).body("state", equalTo("done"));
        assertThat(snapshot(populations)).isEqualTo(incremental);
    }

    Connection database() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "vigil_admin", CasefileInfraResource.env().get("VIGIL_DB_PASSWORD"));
    }

    /** Waits until no rebuild runs (one a test started in the background may still be going). */
    void noneRunning() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/admin/rebuilds").then().statusCode(200).extract()
                .jsonPath().getList("rebuilds.findAll { it.state == 'running' }").isEmpty());
    }

    @Test
    void a_rebuild_started_in_the_background_reports_its_progress_until_done() throws Exception {
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(EventPublisher.casebook(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z")));
        }
        noneRunning();
        var started = given().header("Prefer", "respond-async").post("/admin/rebuild").then().statusCode(202)
                .header("Preference-Applied", "respond-async").body("state", equalTo("running")).extract();
        String location = started.header("Location");
        String id = started.jsonPath().getString("id");
        assertThat(location).endsWith("/admin/rebuilds/" + id);

        // progress only grows, and ends with every record of the topic read
        List<Long> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            var r = given().get("/admin/rebuilds/" + id).then().statusCode(200).extract().jsonPath();
            seen.add(r.getLong("eventsDone"));
            return r.getString("state").equals("done");
        });
        assertThat(seen).isSorted();
        var done = given().get("/admin/rebuilds/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(done.getLong("eventsTotal")).isPositive();
        assertThat(done.getLong("eventsDone")).isEqualTo(done.getLong("eventsTotal"));
        assertThat(done.getInt("percent")).isEqualTo(100);
        assertThat(done.getLong("secondsLeft")).isZero();
        assertThat(done.getInt("populations")).isPositive();
        assertThat(done.getString("requestedBy")).isNotBlank();
        assertThat(done.getString("finishedAt")).isNotNull();
        assertThat(given().get("/admin/rebuilds").then().statusCode(200).extract().jsonPath().getList("rebuilds.id")).contains(id);

        given().get("/admin/rebuilds/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].rule", equalTo("rebuild.exists"));
        given().get("/admin/rebuilds/not-an-id").then().statusCode(400).body("type", equalTo("/problems/malformed-id"));
    }

    @Test
    void one_rebuild_runs_at_a_time_and_one_whose_instance_died_is_started_over() throws Exception {
        noneRunning();
        // Another instance's rebuild, running as far as the database knows: its heartbeat is fresh.
        UUID other = UUID.randomUUID();
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rebuilds (id, state, instance, requested_by, started_at, heartbeat_at, events_done, events_total)"
                    + " VALUES ('" + other + "', 'running', '4242@casefile-elsewhere', 'admin', now(), now() + interval '1 hour', 1200, 5000)");
        }
        try {
            for (String prefer : new String[] {"respond-async", "wait"}) {
                given().header("Prefer", prefer).post("/admin/rebuild").then().statusCode(409)
                        .contentType("application/problem+json").body("type", equalTo("/problems/rebuild-running"))
                        .body("detail", org.hamcrest.Matchers.containsString(other.toString()))
                        .body("detail", org.hamcrest.Matchers.containsString("4242@casefile-elsewhere"));
            }
            given().get("/admin/rebuilds/" + other).then().statusCode(200).body("state", equalTo("running"))
                    .body("percent", equalTo(24));

            // Its instance dies: the heartbeat stops. This instance takes it for dead and starts it over.
            try (Connection c = database(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE rebuilds SET heartbeat_at = now() - interval '1 minute' WHERE id = '" + other + "'");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/admin/rebuilds/" + other).then()
                    .statusCode(200).body("state", equalTo("interrupted"))
                    .body("error", org.hamcrest.Matchers.containsString("4242@casefile-elsewhere"))
                    .body("restartedAs", org.hamcrest.Matchers.notNullValue()));
            String restart = given().get("/admin/rebuilds/" + other).then().extract().jsonPath().getString("restartedAs");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/admin/rebuilds/" + restart).then()
                    .statusCode(200).body("state", equalTo("done")).body("restartOf", equalTo(other.toString()))
                    .body("requestedBy", equalTo("admin")));
        } finally {
            try (Connection c = database(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE rebuilds SET state = 'failed' WHERE id = '" + other + "' AND state = 'running'");
            }
        }
    }
}
