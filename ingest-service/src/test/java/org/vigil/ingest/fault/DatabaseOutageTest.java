package org.vigil.ingest.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.testing.Fixtures.count;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.LocalInfra;
import org.vigil.ingest.testing.Tokens;
import org.vigil.ingest.testing.TopicReader;

/**
 * The database goes away under ingest-service (the real PostgreSQL ends every connection to it and refuses new ones): writes and reads are answered 503 with Retry-After, never 500; the audit line of each refused
 * request is kept and written once the database is back, with the moment of the request; the same write retried
 * with its Idempotency-Key then succeeds once, and its event reaches the topic exactly once.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class DatabaseOutageTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String serviceUrl;

    @ConfigProperty(name = "vigil.migration.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "vigil.migration.owner-username")
    String owner;

    @ConfigProperty(name = "vigil.migration.owner-password")
    String ownerPassword;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.relay.topic")
    String topic;

    @AfterEach
    void restore() throws Exception {
        LocalInfra.restoreDatabase(LocalInfra.env(), LocalInfra.databaseOf(serviceUrl));
    }

    @Test
    void an_outage_is_answered_503_with_retry_after_and_loses_neither_the_write_nor_its_audit_line() throws Exception {
        Tokens.useEverywhere();
        String population = given().contentType(ContentType.JSON).body(registration("Outage test")).post("/populations")
                .then().statusCode(201).extract().path("populationId");
        String key = "outage-" + UUID.randomUUID();

        LocalInfra.cutDatabase(LocalInfra.env(), LocalInfra.databaseOf(serviceUrl));
        Response write = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(count(3360, "public"))
                .post("/populations/" + population + "/events");
        assertThat(write.statusCode()).as(write.asString()).isEqualTo(503);
        assertThat(write.contentType()).startsWith("application/problem+json");
        assertThat(write.header("Retry-After")).isNotBlank();
        assertThat(write.jsonPath().getString("type")).endsWith("/unavailable");
        Response read = given().get("/populations/" + population + "/events");
        assertThat(read.statusCode()).as(read.asString()).isEqualTo(503);
        assertThat(read.header("Retry-After")).isNotBlank();
        given().get("/q/health/ready").then().statusCode(503);

        LocalInfra.restoreDatabase(LocalInfra.env(), LocalInfra.databaseOf(serviceUrl));
        long back = System.nanoTime();
        List<Integer> answers = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            int status = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(count(3360, "public"))
                    .post("/populations/" + population + "/events").statusCode();
            answers.add(status);
            return status == 201;
        });
        System.out.printf("ingest accepted writes %.1f s after the database came back (answers meanwhile: %s)%n",
                (System.nanoTime() - back) / 1e9, answers);
        assertThat(answers).allMatch(s -> s == 201 || s == 503);
        // Retried again with the same key: the same event, not a second one.
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(count(3360, "public"))
                .post("/populations/" + population + "/events").then().statusCode(201);
        given().get("/populations/" + population).then().statusCode(200).body("version", org.hamcrest.Matchers.is(2));
        given().get("/q/health/ready").then().statusCode(200);

        // The audit lines of the refused write and read were kept and written once the database answered.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> audited(population).contains("POST 503"));
        assertThat(audited(population)).contains("POST 503", "POST 201");

        // The event reached the topic exactly once.
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            var records = reader.until(rs -> rs.stream().filter(r -> population.equals(r.key())).count() >= 2, Duration.ofSeconds(30));
            assertThat(records.stream().filter(r -> population.equals(r.key())).map(r -> TopicReader.header(r, "ce_id")))
                    .hasSize(2).doesNotHaveDuplicates();
        }
    }

    private List<String> audited(String population) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT method, status FROM audit_log WHERE path LIKE '/populations/" + population
                     + "/events%' ORDER BY id")) {
            while (rs.next()) lines.add(rs.getString(1) + " " + rs.getInt(2));
        }
        return lines;
    }
}
