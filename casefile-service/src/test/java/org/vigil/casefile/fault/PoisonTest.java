package org.vigil.casefile.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.MetricsText;
import org.vigil.casefile.testing.Tokens;

/**
 * Poison and junk on the events topic: an event whose text PostgreSQL cannot store (a retraction's reason holding
 * U+0000, as found from outside), an event the database refuses for its data (an event id another population already
 * used), a record that is not JSON, a record without any CloudEvent header. Each is parked (the events with their
 * population stalled at them, the records with their bytes), every other population goes on, the consumer never
 * stops, the metrics count them, and a kept record that reads after a fix is replayed.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class PoisonTest {

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

    @BeforeEach
    void authenticate() {
        Tokens.useEverywhere();
    }

    @Test
    void poison_and_junk_are_parked_and_every_other_population_goes_on() throws Exception {
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        UUID poisoned = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        List<EventPublisher.Logged> a = EventPublisher.casebook(poisoned, t0);
        EventPublisher.Logged retraction = a.get(9);
        assertThat(retraction.type()).isEqualTo("vigil.event.retracted.v2");
        retraction.data().put("reason", "dup\u0000licate");
        List<EventPublisher.Logged> b = EventPublisher.casebook(healthy, t0);
        List<EventPublisher.Logged> c = new ArrayList<>(EventPublisher.casebook(refused, t0));
        EventPublisher.Logged fifth = c.get(4);
        // The same event id as the healthy population's fifth event: the database refuses it (facts' primary key).
        c.set(4, new EventPublisher.Logged(b.get(4).eventId(), fifth.populationId(), fifth.version(), fifth.position(),
                fifth.type(), fifth.recordedAt(), fifth.data()));
        List<EventPublisher.Logged> d = EventPublisher.casebook(after, t0);
        byte[] notJson = "{\"name\": \"Camp Ashraf\", broken".getBytes(StandardCharsets.UTF_8);
        byte[] bare = {(byte) 0xff, 0x00, 0x01, 0x7f};
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(b.subList(0, 10));
            publisher.publish(a);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("ce_id", UUID.randomUUID().toString());
            headers.put("ce_type", "vigil.attack.recorded.v1");
            publisher.publishRaw(UUID.randomUUID().toString(), headers, notJson);
            publisher.publishRaw(null, Map.of(), bare);
            publisher.publish(b.subList(10, b.size()));
            publisher.publish(c);
            publisher.publish(d);
        }
        CaseFileApiTest.awaitVersion(healthy, b.size());
        CaseFileApiTest.awaitVersion(after, d.size());

        JsonPath poisonedStatus = given().get("/populations/" + poisoned + "/status").then().statusCode(200).extract().jsonPath();
        assertThat(poisonedStatus.getInt("status.streamVersion")).isEqualTo(9);
        assertThat(poisonedStatus.getString("stalledReason")).contains(retraction.eventId().toString()).contains("U+0000");
        JsonPath parked = given().get("/populations/" + poisoned + "/parked").then().statusCode(200).extract().jsonPath();
        assertThat(parked.getList("parked.eventId", String.class)).hasSize(a.size() - 9).first()
                .isEqualTo(retraction.eventId().toString());
        assertThat(parked.getString("parked[0].data")).contains("dup\\u0000licate");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath status = given().get("/populations/" + refused + "/status").then().statusCode(200).extract().jsonPath();
            assertThat(status.getInt("status.streamVersion")).isEqualTo(4);
            assertThat(status.getString("stalledReason")).contains("could not be stored").contains("23505");
        });
        // every later event of the refused population is parked behind its stall (they may still be arriving: the
        // populations are on different partitions)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().get("/populations/" + refused
                + "/parked").then().statusCode(200).extract().jsonPath().getList("parked.streamVersion", Integer.class))
                .hasSize(c.size() - 4).first().isEqualTo(5));

        JsonPath unreadable = given().get("/admin/unreadable").then().statusCode(200).extract().jsonPath();
        assertThat(unreadable.getList("unreadable.valueBase64", String.class))
                .contains(Base64.getEncoder().encodeToString(notJson), Base64.getEncoder().encodeToString(bare));
        assertThat(unreadable.getList("unreadable.reason", String.class)).allMatch(r -> !r.isBlank());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(MetricsText.sum(metrics, "vigil_projection_events_unreadable_total")).isGreaterThanOrEqualTo(2);
        assertThat(MetricsText.sum(metrics, "vigil_projection_events_parked_total")).isGreaterThanOrEqualTo(a.size() - 9 + c.size() - 4);
        assertThat(MetricsText.sum(metrics, "vigil_projection_populations_stalled")).isGreaterThanOrEqualTo(2);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void a_kept_record_that_reads_after_a_fix_is_replayed() throws Exception {
        UUID population = UUID.randomUUID();
        EventPublisher.Logged registration = EventPublisher.casebook(population, Instant.parse("2026-03-01T00:00:00Z")).getFirst();
        // As an earlier version of the consumer kept it: a Vigil event it could not read then.
        try (Connection c = DriverManager.getConnection(jdbcUrl, owner, ownerPassword);
             PreparedStatement s = c.prepareStatement("INSERT INTO unreadable_records (topic, partition, record_offset, key_base64,"
                     + " headers, value_base64, reason, parked_at) VALUES (?, 0, ?, ?, ?, ?, 'not read by an earlier version', now())")) {
            var array = EventPublisher.JSON.createArrayNode();
            Map<String, String> h = new LinkedHashMap<>();
            h.put("ce_specversion", "1.0");
            h.put("ce_id", registration.eventId().toString());
            h.put("ce_source", "/vigil/ingest-service");
            h.put("ce_subject", population.toString());
            h.put("ce_type", registration.type());
            h.put("ce_time", registration.recordedAt().toString());
            h.put("ce_streamversion", "1");
            h.put("ce_logposition", "1");
            h.put("ce_confidentiality", "public");
            h.forEach((k, v) -> array.addObject().put("name", k)
                    .put("base64", Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            s.setString(1, "replay-test-" + population);
            s.setLong(2, 7);
            s.setString(3, Base64.getEncoder().encodeToString(population.toString().getBytes(StandardCharsets.UTF_8)));
            s.setString(4, array.toString());
            s.setString(5, Base64.getEncoder().encodeToString(EventPublisher.JSON.writeValueAsBytes(registration.data())));
            s.executeUpdate();
        }
        JsonPath replay = given().post("/admin/replay").then().statusCode(200).extract().jsonPath();
        assertThat(replay.getInt("unreadable.readNow")).isGreaterThanOrEqualTo(1);
        CaseFileApiTest.awaitVersion(population, 1);
        assertThat(given().get("/admin/unreadable").then().statusCode(200).extract().jsonPath()
                .getList("unreadable.topic", String.class)).doesNotContain("replay-test-" + population);
    }
}
