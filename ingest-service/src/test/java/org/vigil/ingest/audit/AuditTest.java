package org.vigil.ingest.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.vigil.ingest.testing.Fixtures.count;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.Tokens;

/**
 * ingest-service's audit log: every write (refused ones too) and every read that disclosed restricted or confidential
 * events leaves a line (who, when, what, from where); a public read does not; append-only; only an admin queries it.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class AuditTest {

    static final String RECORDER = Tokens.token("audit-recorder", null, "recorder");
    static final String ADMIN = Tokens.token("audit-admin", null, "admin");
    static final String VIEWER = Tokens.token("audit-viewer", null, "viewer");

    @ConfigProperty(name = "vigil.migration.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "vigil.migration.owner-username")
    String owner;

    @ConfigProperty(name = "vigil.migration.owner-password")
    String ownerPassword;

    static String population;

    @BeforeEach
    void setUp() {
        RestAssured.requestSpecification = null;
        if (population != null) return;
        population = as(RECORDER).contentType(ContentType.JSON).body(registration("Audit test")).post("/populations")
                .then().statusCode(201).extract().path("populationId");
        as(RECORDER).contentType(ContentType.JSON).body(count(200, "public")).post("/populations/" + population + "/events").then().statusCode(201);
        as(RECORDER).contentType(ContentType.JSON).body(count(201, "confidential")).post("/populations/" + population + "/events").then().statusCode(201);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static List<Map<String, Object>> lines(String actor) {
        return as(ADMIN).queryParam("actor", actor).get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries");
    }

    @Test
    void every_write_is_recorded_with_who_when_what_and_from_where() {
        Instant before = Instant.now().minusSeconds(1);
        as(RECORDER).header("X-Forwarded-For", "192.0.2.9").contentType(ContentType.JSON).body(count(202, "public"))
                .post("/populations/" + population + "/events").then().statusCode(201);
        Map<String, Object> line = lines("audit-recorder").getFirst();
        assertThat(line).containsEntry("kind", "write").containsEntry("method", "POST").containsEntry("status", 201)
                .containsEntry("path", "/populations/" + population + "/events").containsEntry("populationId", population)
                .containsEntry("roles", "recorder").containsEntry("client", "127.0.0.1").containsEntry("forwardedFor", "192.0.2.9");
        assertThat(Instant.parse((String) line.get("at"))).isAfter(before);
        assertThat((String) line.get("detail")).startsWith("appended 1 event(s), stream versions "); // written with the events
        assertThat(line.get("level")).isEqualTo("public");
        assertThat(lines("audit-recorder")).hasSizeGreaterThanOrEqualTo(4); // registration, two events in setUp, this one

        as(VIEWER).contentType(ContentType.JSON).body(count(203, "public")).post("/populations/" + population + "/events").then().statusCode(403);
        assertThat(lines("audit-viewer").getFirst()).containsEntry("kind", "write").containsEntry("status", 403);

        as(RECORDER).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(count(204, "confidential"))
                .post("/populations/" + population + "/events").then().statusCode(412);
        Map<String, Object> refused = lines("audit-recorder").getFirst();
        assertThat(refused).containsEntry("status", 412).containsEntry("kind", "write");
        assertThat(refused.get("detail")).isNull();

        as(RECORDER).contentType(ContentType.JSON).body(count(205, "confidential")).post("/populations/" + population + "/events").then().statusCode(201);
        assertThat(lines("audit-recorder").getFirst()).containsEntry("level", "confidential").containsEntry("status", 201);
    }

    @Test
    void a_confidential_read_is_recorded_and_a_public_one_is_not() {
        as(VIEWER).get("/populations/" + population + "/events").then().statusCode(200).body("withheld", equalTo(1));
        as(VIEWER).get("/log/head").then().statusCode(200);
        assertThat(lines("audit-viewer")).noneMatch(l -> "read".equals(l.get("kind")));

        as(ADMIN).get("/populations/" + population + "/events").then().statusCode(200).body("withheld", equalTo(0));
        Map<String, Object> read = lines("audit-admin").stream().filter(l -> "read".equals(l.get("kind"))).findFirst().orElseThrow();
        assertThat(read).containsEntry("level", "confidential").containsEntry("path", "/populations/" + population + "/events")
                .containsEntry("populationId", population);
        assertThat((String) read.get("detail")).contains("1 confidential");
    }

    @Test
    void only_an_admin_reads_the_log_which_cannot_be_edited() throws Exception {
        as(RECORDER).get("/admin/audit").then().statusCode(403).contentType("application/problem+json");
        given().get("/admin/audit").then().statusCode(401);
        as(ADMIN).get("/admin/audit?limit=5000").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        as(ADMIN).get("/admin/audit?limit=1").then().statusCode(200).body("entries.size()", equalTo(1));
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'nobody'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log")).hasMessageContaining("append-only");
        }
        assertThat(lines("audit-recorder")).isNotEmpty();
    }

    @Test
    void a_confidential_read_that_cannot_be_recorded_discloses_nothing_and_an_append_without_its_line_is_not_made() throws Exception {
        String version = as(ADMIN).get("/populations/" + population + "/version").then().statusCode(200).extract().path("version").toString();
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement()) {
            s.execute("REVOKE INSERT ON audit_log FROM vigil_ingest_app");
            try {
                var answer = as(ADMIN).get("/populations/" + population + "/events");
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.asString()).doesNotContain("\"best\":201");
                as(RECORDER).contentType(ContentType.JSON).body(count(206, "public")).post("/populations/" + population + "/events")
                        .then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(500));
            } finally {
                s.execute("GRANT INSERT ON audit_log TO vigil_ingest_app");
            }
        }
        // the append and its line were one transaction: neither happened
        assertThat(as(ADMIN).get("/populations/" + population + "/version").then().statusCode(200).extract().path("version").toString())
                .isEqualTo(version);
        as(ADMIN).get("/populations/" + population + "/events").then().statusCode(200);
    }
}
