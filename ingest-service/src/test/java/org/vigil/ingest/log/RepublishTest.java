package org.vigil.ingest.log;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vigil.ingest.publish.OutboxRelay;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.TopicReader;

/**
 * The log is the source of truth: a lost topic is refilled from it on demand (POST /admin/relay/republish). Runs in
 * an application of its own (its own topic and database), since republishing sends every earlier test's events again.
 */
@QuarkusTest
@QuarkusTestResource(value = RepublishTest.OwnTopic.class, restrictToAnnotatedClass = true)
class RepublishTest {

    public static class OwnTopic extends IngestInfraResource {
    }

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.relay.topic")
    String topic;

    /** A lost topic is refilled from the log: the relay publishes everything after the given position again, in order. */
    @org.junit.jupiter.api.Test
    void republishing_from_position_0_sends_the_whole_log_again_in_order() throws Exception {
        String population = RelayTest.register("Republish");
        List<String> ids = List.of(RelayTest.append(population, 1), RelayTest.append(population, 2), RelayTest.append(population, 3));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(relay::isLeader);
        io.restassured.RestAssured.requestSpecification = null; // these callers send their own token, and only it
        for (String role : List.of("recorder", "analyst", "viewer")) {
            given().header("Authorization", "Bearer " + org.vigil.ingest.testing.Tokens.token("not-admin", "confidential", role))
                    .post("/admin/relay/republish?fromPosition=0").then().statusCode(403);
        }
        given().post("/admin/relay/republish?fromPosition=0").then().statusCode(401);
        org.vigil.ingest.testing.Tokens.useEverywhere();
        given().post("/admin/relay/republish?fromPosition=-1").then().statusCode(400);
        given().post("/admin/relay/republish?fromPosition=0").then().statusCode(200)
                .body("republishingAfter", org.hamcrest.Matchers.is(0));
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            List<ConsumerRecord<String, byte[]>> records = reader.until(rs -> rs.stream()
                    .filter(r -> ids.getLast().equals(TopicReader.header(r, "ce_id"))).count() >= 2, java.time.Duration.ofSeconds(60));
            List<String> ofPopulation = records.stream().filter(r -> population.equals(r.key()))
                    .map(r -> TopicReader.header(r, "ce_id")).toList();
            // Registration and three events, published once and then again: the same ids in the same order twice.
            assertThat(ofPopulation).hasSize(8);
            assertThat(ofPopulation.subList(4, 8)).isEqualTo(ofPopulation.subList(0, 4));
            assertThat(ofPopulation.subList(1, 4)).isEqualTo(ids);
        }
        given().get("/admin/relay").then().statusCode(200).body("leader", org.hamcrest.Matchers.is(true));
    }

}
