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

        given().when().post("/admin/rebuild").then().statusCode(200);
        assertThat(snapshot(populations)).isEqualTo(incremental);
    }
}
