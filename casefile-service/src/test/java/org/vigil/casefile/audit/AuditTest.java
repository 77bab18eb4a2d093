package org.vigil.casefile.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;

/**
 * The audit log: every write (refused ones too) and every read that disclosed restricted or confidential records
 * leaves a line (who, when, what, from where); a read of public data does not; the log is append-only and only an
 * admin may query it.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class AuditTest {

    static final String ADMIN = Tokens.token("auditor-admin", null, "admin");
    static final String VIEWER = Tokens.token("auditor-viewer", null, "viewer");
    static final String ANALYST = Tokens.token("auditor-analyst", "restricted", "analyst");
    static final String STREAM_READER = Tokens.token("stream-reader", "confidential", "analyst");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @ConfigProperty(name = "vigil.migration.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "vigil.migration.owner-username")
    String owner;

    @ConfigProperty(name = "vigil.migration.owner-password")
    String ownerPassword;

    static UUID population;

    @BeforeEach
    void setUp() throws Exception {
        RestAssured.requestSpecification = null;
        if (population != null) return;
        population = UUID.randomUUID();
        List<EventPublisher.Logged> casebook = EventPublisher.casebook(population, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(casebook);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(ADMIN).get("/populations/" + population + "/status")
                .then().statusCode(200).body("status.streamVersion", equalTo(casebook.size())));
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static List<Map<String, Object>> lines(String actor) {
        return as(ADMIN).queryParam("actor", actor).get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries");
    }

    @Test
    void a_confidential_read_is_recorded_with_who_when_what_and_from_where() {
        Instant before = Instant.now().minusSeconds(1);
        as(ADMIN).header("X-Forwarded-For", "203.0.113.7").get("/populations/" + population + "/status?asOf=2010-01-01").then().statusCode(200);
        Map<String, Object> line = lines("auditor-admin").stream().filter(l -> "read".equals(l.get("kind"))).findFirst().orElseThrow();
        assertThat(line.get("roles")).isEqualTo("admin");
        assertThat(line.get("level")).isEqualTo("confidential");
        assertThat(line.get("method")).isEqualTo("GET");
        assertThat(line.get("path")).isEqualTo("/populations/" + population + "/status?asOf=2010-01-01");
        assertThat(line.get("status")).isEqualTo(200);
        assertThat(line.get("populationId")).isEqualTo(population.toString());
        assertThat(line.get("client")).isEqualTo("127.0.0.1");
        assertThat(line.get("forwardedFor")).isEqualTo("203.0.113.7");
        assertThat((String) line.get("detail")).contains("1 confidential");
        assertThat(Instant.parse((String) line.get("at"))).isAfter(before);
    }

    @Test
    void a_public_read_leaves_no_line_and_a_write_leaves_one_even_when_refused() {
        as(VIEWER).get("/populations/" + population + "/status").then().statusCode(200);
        as(VIEWER).get("/populations").then().statusCode(200);
        assertThat(lines("auditor-viewer")).isEmpty();

        as(ANALYST).post("/admin/replay").then().statusCode(403);
        given().post("/admin/rebuild").then().statusCode(401);
        Map<String, Object> refused = lines("auditor-analyst").getFirst();
        assertThat(refused).containsEntry("kind", "write").containsEntry("method", "POST").containsEntry("path", "/admin/replay")
                .containsEntry("status", 403).containsEntry("roles", "analyst");
        assertThat(lines("anonymous")).anyMatch(l -> "/admin/rebuild".equals(l.get("path")) && Integer.valueOf(401).equals(l.get("status")));

        int lines = lines("auditor-analyst").size();
        as(ANALYST).get("/populations/" + population + "/status").then().statusCode(200); // restricted clearance, no restricted records here
        assertThat(lines("auditor-analyst")).hasSize(lines);
    }

    @Test
    void every_status_the_live_stream_sends_with_confidential_records_is_recorded() throws Exception {
        UUID watched = UUID.randomUUID();
        List<EventPublisher.Logged> casebook = EventPublisher.casebook(watched, Instant.parse("2026-01-01T00:00:00Z"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(casebook.subList(0, casebook.size() - 1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(ADMIN).get("/populations/" + watched + "/status")
                .then().statusCode(200).body("status.streamVersion", equalTo(casebook.size() - 1)));
        String path = "/populations/" + watched + "/stream";
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + STREAM_READER).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (var body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.read()).isNotEqualTo(-1);
            await().atMost(Duration.ofSeconds(10)).until(() -> lines("stream-reader").size() == 1);
            try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
                publisher.publish(casebook.subList(casebook.size() - 1, casebook.size()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> lines("stream-reader").size() == 2); // the update is a read too
        }
        List<Map<String, Object>> lines = lines("stream-reader");
        assertThat(lines).allMatch(l -> path.equals(l.get("path")) && "confidential".equals(l.get("level")) && "read".equals(l.get("kind")));
        assertThat((String) lines.getFirst().get("detail")).isEqualTo("live stream, status at stream version " + casebook.size() + ": 1 confidential");
        assertThat((String) lines.getLast().get("detail")).isEqualTo("live stream, status at stream version " + (casebook.size() - 1) + ": 1 confidential");

        var viewer = java.net.http.HttpRequest.newBuilder(java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + VIEWER).build();
        try (var body = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(viewer, java.net.http.HttpResponse.BodyHandlers.ofInputStream()).body()) {
            assertThat(body.read()).isNotEqualTo(-1);
        }
        assertThat(lines("auditor-viewer")).noneMatch(l -> path.equals(l.get("path"))); // public only: nothing to record
    }

    @Test
    void only_an_admin_reads_the_audit_log_and_reading_it_is_recorded() {
        as(ANALYST).get("/admin/audit").then().statusCode(403).contentType("application/problem+json");
        as(VIEWER).get("/admin/audit").then().statusCode(403);
        given().get("/admin/audit").then().statusCode(401);
        as(ADMIN).get("/admin/audit?kind=write&limit=1").then().statusCode(200);
        assertThat(lines("auditor-admin")).anyMatch(l -> "admin".equals(l.get("kind")) && "/admin/audit?kind=write&limit=1".equals(l.get("path")));
        as(ADMIN).get("/admin/audit?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        as(ADMIN).get("/admin/audit?since=yesterday").then().statusCode(400).body("errors[0].field", equalTo("since"));
        as(ADMIN).get("/admin/audit?populationId=" + population).then().statusCode(200);
    }

    @Test
    void the_audit_log_cannot_be_edited_or_emptied_even_by_its_owner() throws Exception {
        as(ANALYST).post("/admin/replay").then().statusCode(403);
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'nobody'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log")).hasMessageContaining("append-only");
        }
        assertThat(lines("auditor-analyst")).isNotEmpty();
    }

    @Test
    void a_confidential_read_that_cannot_be_recorded_discloses_nothing() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement()) {
            s.execute("REVOKE INSERT ON audit_log FROM vigil_casefile_app");
            try {
                var answer = as(ADMIN).get("/populations/" + population + "/status");
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.asString()).doesNotContain("covert").doesNotContain("Camp Ashraf");
                as(VIEWER).get("/populations/" + population + "/status").then().statusCode(200); // public: nothing to record
            } finally {
                s.execute("GRANT INSERT ON audit_log TO vigil_casefile_app");
            }
        }
        as(ADMIN).get("/populations/" + population + "/status").then().statusCode(200);
    }
}
