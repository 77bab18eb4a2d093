package org.vigil.ingest.log;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.vigil.ingest.testing.Fixtures.attack;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;

/** The log under concurrency and against tampering, on the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class LogIntegrityTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    static String register(String name) {
        return given().contentType(ContentType.JSON).body(registration(name)).when().post("/populations")
                .then().statusCode(201).extract().path("populationId");
    }

    @Test
    void concurrent_appends_to_one_stream_with_the_same_expected_version_let_exactly_one_win() throws Exception {
        String population = register("Race");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int version = 1; version <= 5; version++) {
                final int expected = version;
                List<Callable<Integer>> racers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    racers.add(() -> given().contentType(ContentType.JSON).header("If-Match", "\"" + expected + "\"")
                            .body(attack(expected)).when().post("/populations/" + population + "/events").statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(racers)) statuses.add(f.get());
                assertThat(Collections.frequency(statuses, 201)).as("winners at version " + expected).isEqualTo(1);
                assertThat(Collections.frequency(statuses, 412)).isEqualTo(15);
            }
        } finally {
            pool.shutdownNow();
        }
        given().when().get("/populations/" + population).then().body("version", equalTo(6));
    }

    @Test
    void concurrent_appends_to_many_streams_all_commit_with_gapless_positions_and_versions() throws Exception {
        List<String> populations = new ArrayList<>();
        for (int i = 0; i < 8; i++) populations.add(register("Stream " + i));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Set<Long> positions = ConcurrentHashMap.newKeySet();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String population = populations.get(i % populations.size());
                calls.add(() -> {
                    var r = given().contentType(ContentType.JSON).body(attack(1)).when().post("/populations/" + population + "/events");
                    if (r.statusCode() == 201) positions.add(r.<Number>path("position").longValue());
                    return r.statusCode();
                });
            }
            for (Future<Integer> f : pool.invokeAll(calls)) assertThat(f.get()).isEqualTo(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(positions).hasSize(400);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(position), max(position) FROM events")) {
                rs.next();
                assertThat(rs.getLong(3) - rs.getLong(2) + 1).as("no gaps in positions").isEqualTo(rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT count(*) FROM (SELECT stream_id, count(*) n, max(stream_version) v FROM events GROUP BY stream_id) s
                     WHERE n <> v""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("streams whose versions have gaps").isZero();
            }
        }
        given().when().get("/log/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void the_head_each_link_and_a_streams_version_at_a_position_can_be_read() {
        String population = register("Linked");
        long first = given().contentType(ContentType.JSON).body(attack(1)).when().post("/populations/" + population + "/events")
                .then().statusCode(201).extract().<Number>path("position").longValue();
        String other = register("Interleaved");
        long second = given().contentType(ContentType.JSON).body(attack(2)).when().post("/populations/" + population + "/events")
                .then().statusCode(201).extract().<Number>path("position").longValue();

        var head = given().when().get("/log/head").then().statusCode(200).extract().jsonPath();
        assertThat(head.getLong("position")).isGreaterThanOrEqualTo(second);
        var link = given().when().get("/log/positions/" + first).then().statusCode(200).extract().jsonPath();
        assertThat(link.getString("populationId")).isEqualTo(population);
        assertThat(link.getLong("streamVersion")).isEqualTo(2);
        assertThat(link.getString("hash")).hasSize(64);
        String atHead = given().when().get("/log/positions/" + head.getLong("position")).then().statusCode(200).extract().path("hash");
        assertThat(atHead).isEqualTo(head.getString("hash"));

        // the stream's version once the log reached a position: the other population's registration in between counts for nothing
        assertThat(given().when().get("/populations/" + population + "/version?atPosition=" + (first - 1)).then().statusCode(200)
                .extract().<Number>path("version").longValue()).isEqualTo(1);
        assertThat(given().when().get("/populations/" + population + "/version?atPosition=" + (second - 1)).then().statusCode(200)
                .extract().<Number>path("version").longValue()).isEqualTo(2);
        assertThat(given().when().get("/populations/" + population + "/version?atPosition=" + second).then().statusCode(200)
                .extract().<Number>path("version").longValue()).isEqualTo(3);
        assertThat(given().when().get("/populations/" + other + "/version?atPosition=" + first).then().statusCode(200)
                .extract().<Number>path("version").longValue()).isZero();

        given().when().get("/log/positions/0").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("position"));
        given().when().get("/log/positions/" + (head.getLong("position") + 1000)).then().statusCode(404).contentType("application/problem+json");
        given().when().get("/populations/" + population + "/version?atPosition=x").then().statusCode(400)
                .body("errors[0].field", equalTo("atPosition"));
    }

    @Test
    void the_application_role_cannot_change_or_delete_an_event() throws SQLException {
        register("Immutable");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(failure(() -> s.executeUpdate("UPDATE events SET recorded_by = 'mallory'"))).contains("permission denied");
            assertThat(failure(() -> s.executeUpdate("DELETE FROM events"))).contains("permission denied");
        }
    }

    @Test
    void verification_passes_and_then_detects_a_row_changed_behind_the_application_back() throws SQLException {
        String population = register("Tamper");
        for (int i = 0; i < 3; i++) given().contentType(ContentType.JSON).body(attack(10 + i)).when().post("/populations/" + population + "/events");
        given().when().get("/log/verify").then().statusCode(200).body("valid", equalTo(true));

        Map<String, String> env = LocalInfra.env();
        String database = LocalInfra.databaseOf(jdbcUrl);
        long tampered;
        try (Connection admin = LocalInfra.admin(env, database)) {
            try (PreparedStatement find = admin.prepareStatement(
                    "SELECT position FROM events WHERE stream_id = ?::uuid AND stream_version = 3")) {
                find.setString(1, population);
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    tampered = rs.getLong(1);
                }
            }
            // Even the owner is stopped by the trigger; a superuser turning triggers off is the attacker here.
            try (Statement s = admin.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.executeUpdate("UPDATE events SET payload = replace(payload::text, '\"low\":11,', '\"low\":1,')::json WHERE position = " + tampered);
            }
        }
        given().when().get("/log/verify").then().statusCode(200)
                .body("valid", equalTo(false), "firstBroken.position", equalTo((int) tampered));

        // Put the row back as it was: the chain verifies again (and the other tests share this log).
        try (Connection admin = LocalInfra.admin(env, database); Statement s = admin.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.executeUpdate("UPDATE events SET payload = replace(payload::text, '\"low\":1,', '\"low\":11,')::json WHERE position = " + tampered);
        }
        given().when().get("/log/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    private static String failure(Callable<?> action) {
        try {
            action.call();
            return "no failure";
        } catch (Exception e) {
            return e.getMessage();
        }
    }
}
