package org.vigil.report.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.vigil.report.testing.ReportInfraResource.DEMO;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.report.testing.Tokens;

/**
 * report-service's audit log: every report written (refused requests too) and every read of an internal report leaves
 * a line (who, when, what, from where); reading public reports does not; append-only; only an admin queries it.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class AuditTest {

    static final String ADMIN = Tokens.token("report-auditor", null, "admin");
    static final String VIEWER = Tokens.token("report-viewer", null, "viewer");
    static final String ANALYST = Tokens.token("report-analyst", "restricted", "analyst");

    @ConfigProperty(name = "vigil.migration.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "vigil.migration.owner-username")
    String owner;

    @ConfigProperty(name = "vigil.migration.owner-password")
    String ownerPassword;

    @BeforeEach
    void anonymous() {
        RestAssured.requestSpecification = null;
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static List<Map<String, Object>> lines(String actor) {
        return as(ADMIN).queryParam("actor", actor).get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries");
    }

    static String request(String audience) {
        return "{\"populationId\":\"" + DEMO + "\",\"asOf\":\"2016-12-31\",\"audience\":\"" + audience + "\"}";
    }

    @Test
    void writing_and_reading_an_internal_report_are_recorded_public_reads_are_not() {
        String internal = as(ADMIN).contentType("application/json").body(request("internal")).post("/reports").then().statusCode(201).extract().path("id");
        Map<String, Object> written = lines("report-auditor").getFirst();
        assertThat(written).containsEntry("kind", "write").containsEntry("level", "confidential").containsEntry("path", "/reports")
                .containsEntry("status", 201).containsEntry("populationId", DEMO).containsEntry("client", "127.0.0.1");

        as(ADMIN).header("X-Forwarded-For", "198.51.100.4").get("/reports/" + internal + "?format=markdown").then().statusCode(200);
        Map<String, Object> read = lines("report-auditor").getFirst();
        assertThat(read).containsEntry("kind", "read").containsEntry("level", "confidential").containsEntry("method", "GET")
                .containsEntry("path", "/reports/" + internal + "?format=markdown").containsEntry("forwardedFor", "198.51.100.4");
        assertThat((String) read.get("detail")).startsWith("internal report VGL ");

        String open = as(ADMIN).contentType("application/json").body(request("public")).post("/reports").then().statusCode(201).extract().path("id");
        as(VIEWER).get("/reports/" + open + "?format=markdown").then().statusCode(200);
        as(VIEWER).get("/populations/" + DEMO + "/reports").then().statusCode(200);
        as(VIEWER).get("/reports/" + internal).then().statusCode(403);
        assertThat(lines("report-viewer")).isEmpty();
    }

    @Test
    void a_refused_write_is_recorded_and_only_an_admin_reads_the_log() throws Exception {
        as(ANALYST).contentType("application/json").body(request("internal")).post("/reports").then().statusCode(403);
        assertThat(lines("report-analyst").getFirst()).containsEntry("kind", "write").containsEntry("status", 403)
                .containsEntry("roles", "analyst");
        as(ANALYST).get("/admin/audit").then().statusCode(403).contentType("application/problem+json");
        given().get("/admin/audit").then().statusCode(401);
        as(ADMIN).get("/admin/audit?kind=nonsense").then().statusCode(400).body("errors[0].field", equalTo("kind"));
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'nobody'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log")).hasMessageContaining("append-only");
        }
        assertThat(lines("report-analyst")).isNotEmpty();
    }
}
