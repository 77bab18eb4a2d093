package org.vigil.ingest.log;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.vigil.ingest.testing.Fixtures.attack;
import static org.vigil.ingest.testing.Fixtures.correction;
import static org.vigil.ingest.testing.Fixtures.count;
import static org.vigil.ingest.testing.Fixtures.line;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.nio.charset.StandardCharsets;
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
import java.util.UUID;
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

    /**
     * A file of more rows than vigil.writer.copy-from goes in with a binary COPY: each stored row must be what was
     * hashed (recomputed from the row as read back: position, ids, version, type, time to the microsecond, recorder,
     * payload text in its script) and carry what is not hashed (previous link, target, level, trace context).
     */
    @Test
    void a_large_file_copied_in_stores_each_row_as_it_was_hashed() throws SQLException {
        String population = register("Copied");
        UUID first = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(attack(first, 3)).when().post("/populations/" + population + "/events")
                .then().statusCode(201);
        UUID chosen = UUID.randomUUID();
        StringBuilder file = new StringBuilder();
        file.append(line(correction(first, 5))).append('\n');
        file.append(line(attack(chosen, 7))).append('\n');
        file.append(line(count(3400, "restricted"))).append('\n');
        for (int i = 0; i < 97; i++) {
            String attack = line(attack(i));
            file.append(i % 2 == 0 ? attack : attack.replace("Camp Ashraf", "اردوگاه اشرف «کمپ»")).append('\n');
        }
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var receipt = given().urlEncodingEnabled(false).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType("application/x-ndjson").body(file.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/populations/" + population + "/events:batch").then().statusCode(201).extract().jsonPath();
        List<Map<String, Object>> receipts = receipt.getList("events");
        assertThat(receipts).hasSize(100);

        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT position, event_id, stream_id, stream_version, type, recorded_at, recorded_by, target_event_id,
                       confidentiality, payload::text, prev_hash, hash, trace_parent
                  FROM events WHERE stream_id = ? AND stream_version > 2 ORDER BY position""")) {
            s.setObject(1, UUID.fromString(population));
            try (ResultSet rs = s.executeQuery()) {
                String previous = null;
                int i = 0;
                while (rs.next()) {
                    Map<String, Object> r = receipts.get(i);
                    RecordedEvent row = new RecordedEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getLong(4), rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant(),
                            rs.getString(7), rs.getObject(8, UUID.class), rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getString(13));
                    assertThat(row.recomputeHash()).as("row %d hashes as stored", i).isEqualTo(row.hash());
                    assertThat(row.hash()).isEqualTo(r.get("hash"));
                    assertThat(row.position()).isEqualTo(((Number) r.get("position")).longValue());
                    assertThat(row.eventId().toString()).isEqualTo(r.get("eventId"));
                    assertThat(row.streamVersion()).isEqualTo(i + 3);
                    assertThat(row.recordedAt().toString()).isEqualTo(r.get("recordedAt"));
                    if (previous != null) assertThat(row.previousHash()).isEqualTo(previous);
                    assertThat(row.traceParent()).startsWith("00-" + traceId + "-");
                    previous = row.hash();
                    i++;
                    if (i == 1) {
                        assertThat(row.type()).isEqualTo("vigil.event.corrected.v2");
                        assertThat(row.targetEventId()).isEqualTo(first);
                    } else {
                        assertThat(row.targetEventId()).isNull();
                    }
                    if (i == 2) assertThat(row.eventId()).isEqualTo(chosen);
                    assertThat(row.confidentiality()).isEqualTo(i == 3 ? "restricted" : "public");
                    if (i == 5) assertThat(row.payload()).contains("اردوگاه اشرف «کمپ»");
                }
                assertThat(i).isEqualTo(100);
            }
        }
        given().when().get("/log/verify").then().statusCode(200).body("valid", equalTo(true));
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
