package org.vigil.casefile.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.Tokens;

/**
 * The database goes away under casefile-service while events arrive (the real PostgreSQL ends every connection to
 * it and refuses new ones): the consumer retries the batch in hand with backoff and never
 * stops, readiness says DOWN and why while liveness stays UP, and once the database is back every event is projected
 * once and later events flow as before. Found from outside: a short outage used to fail the channel for good.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class DatabaseOutageTest {

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String serviceUrl;

    private String database() {
        return serviceUrl.substring(serviceUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    /** Ends every connection to the service's database and refuses new ones, as an outage does; or lets them in again. */
    private void database(boolean allowed) throws Exception {
        Map<String, String> env = CasefileInfraResource.env();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + env.get("VIGIL_PG_HOST") + ":" + env.get("VIGIL_PG_PORT")
                + "/postgres", "vigil_admin", env.get("VIGIL_DB_PASSWORD")); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database() + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database() + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @AfterEach
    void restore() throws Exception {
        database(true);
    }

    @Test
    void an_outage_is_waited_out_and_nothing_is_lost_or_doubled() throws Exception {
        Tokens.useEverywhere();
        Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
        UUID before = UUID.randomUUID();
        UUID during = UUID.randomUUID();
        UUID afterwards = UUID.randomUUID();
        List<EventPublisher.Logged> first = EventPublisher.casebook(before, t0);
        List<EventPublisher.Logged> second = EventPublisher.casebook(during, t0);
        List<EventPublisher.Logged> third = EventPublisher.casebook(afterwards, t0);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(first);
            CaseFileApiTest.awaitVersion(before, first.size());
            given().get("/q/health/ready").then().statusCode(200);

            database(false);
            publisher.publish(second);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Response ready = given().get("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.asString()).contains("projection").contains("failingSince");
            });
            Thread.sleep(10_000); // several failed attempts, well past the old fail-stop
            given().get("/q/health/live").then().statusCode(200);
            Response read = given().get("/populations/" + before + "/status");
            assertThat(read.statusCode()).as(read.asString()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isNotBlank();
            assertThat(read.contentType()).startsWith("application/problem+json");

            database(true);
            long back = System.nanoTime();
            CaseFileApiTest.awaitVersion(during, second.size());
            System.out.printf("casefile projected again %.1f s after the database came back%n", (System.nanoTime() - back) / 1e9);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

            publisher.publish(third);
            CaseFileApiTest.awaitVersion(afterwards, third.size());
            publisher.publish(second.subList(0, 5)); // a redelivery changes nothing
        }
        for (UUID population : List.of(before, during, afterwards)) {
            Response status = given().get("/populations/" + population + "/status");
            assertThat(status.jsonPath().getString("stalledReason")).as(population.toString()).isNull();
            assertThat(status.jsonPath().getInt("status.streamVersion")).isEqualTo(first.size());
        }
        String history = given().get("/populations/" + during + "/events/" + second.get(2).eventId() + "/history")
                .then().statusCode(200).extract().asString();
        assertThat(history.split("\"byEvent\"", -1).length - 1).as("revisions of one fact").isEqualTo(1);
    }
}
