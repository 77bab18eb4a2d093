package org.vigil.casefile.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.testing.EventPublisher.Logged;

/** casefile-service fed by the real broker, keeping its views in the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
public class CaseFileApiTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    static final Instant RECORDED = Instant.parse("2026-01-01T00:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @ConfigProperty(name = "vigil.status-topic")
    String statusTopic;

    @TestHTTPResource("/")
    URI base;

    List<Logged> publishCasebook(UUID population) throws Exception {
        List<Logged> events = EventPublisher.casebook(population, RECORDED);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
        }
        awaitVersion(population, events.size());
        return events;
    }

    public static void awaitVersion(UUID population, long version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get("/populations/" + population + "/status")
                        .then().statusCode(200).body("status.streamVersion", equalTo((int) version)));
    }

    @Test
    void the_demo_casebook_answers_as_of_any_date() throws Exception {
        UUID population = UUID.randomUUID();
        List<Logged> events = publishCasebook(population);
        given().when().get("/populations/" + population + "/status?asOf=2010-06-01")
                .then().statusCode(200).body("status.location.site.name", equalTo("Camp Ashraf"),
                        "status.name", equalTo("Camp Ashraf residents"), "stalledReason", nullValue());
        given().when().get("/populations/" + population + "/status?asOf=2014-01-01")
                .then().body("status.location.site.name", containsString("Camp Liberty"));
        given().when().get("/populations/" + population + "/status?asOf=2016-12-31")
                .then().body("status.location.site.country", equalTo("AL"),
                        "status.location.outsideCountryOfRegistration", equalTo(true),
                        "status.casualties.claimedAggregates[0].killed.low", equalTo(116),
                        "status.casualties.documented.killed.low", equalTo(164),
                        "status.casualties.documented.killed.high", equalTo(165),
                        "status.casualties.documented.killed.words", equalTo("between 164 and 165"),
                        // one of the sum's incidents is "nearly 100" injured: the sum is approximate too
                        "status.casualties.documented.injured.words", equalTo("about 489"),
                        "status.casualties.documented.injured.notReported", equalTo(4));
        given().when().get("/populations").then().statusCode(200)
                .body("populations.find { it.populationId == '" + population + "' }.name", equalTo("Camp Ashraf residents"),
                        "populations.find { it.populationId == '" + population + "' }.streamVersion", equalTo(events.size()));
    }

    @Test
    void known_at_shows_what_the_record_said_then_and_history_keeps_superseded_figures() throws Exception {
        UUID population = UUID.randomUUID();
        List<Logged> events = publishCasebook(population);
        Logged correction = events.stream().filter(e -> e.type().equals("vigil.event.corrected.v2")).findFirst().orElseThrow();
        String target = correction.data().path("target").asText();
        String before = correction.recordedAt().minusSeconds(1).toString();

        given().when().get("/populations/" + population + "/status?asOf=2011-12-31&knownAt=" + before)
                .then().statusCode(200).body("status.casualties.incidents.find { it.eventId == '" + target + "' }.date", equalTo("in May"));
        given().when().get("/populations/" + population + "/status?asOf=2011-12-31")
                .then().body("status.casualties.incidents.find { it.eventId == '" + target + "' }.date", equalTo("8 April 2011"));
        given().when().get("/populations/" + population + "/events/" + target + "/history")
                .then().statusCode(200).body("revisions", hasSize(2), "revisions[0].kind", equalTo("recorded"),
                        "revisions[0].data.killed[0].best", equalTo(35), "revisions[1].kind", equalTo("corrected"),
                        "revisions[1].data.killed[1].best", equalTo(36));
    }

    @Test
    void a_redelivered_event_changes_nothing() throws Exception {
        UUID population = UUID.randomUUID();
        List<Logged> events = publishCasebook(population);
        int timeline = given().when().get("/populations/" + population + "/status").then().extract().path("status.timeline.size()");
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events.subList(0, 10));
            publisher.publish(events.subList(30, events.size()));
        }
        // a marker population published after the redeliveries shows they have been consumed
        UUID marker = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(EventPublisher.casebook(marker, RECORDED).subList(0, 1));
        }
        awaitVersion(marker, 1);
        given().when().get("/populations/" + population + "/status").then()
                .body("status.streamVersion", equalTo(events.size()), "status.timeline.size()", equalTo(timeline));
    }

    @Test
    void an_event_it_cannot_apply_stalls_its_population_only_and_is_kept_for_replay() throws Exception {
        UUID broken = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        List<Logged> brokenEvents = EventPublisher.casebook(broken, RECORDED).subList(0, 3);
        List<Logged> healthyEvents = EventPublisher.casebook(healthy, RECORDED).subList(0, 3);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            // version 2 is held back: version 3 arrives first, so the view cannot apply it
            publisher.publish(List.of(brokenEvents.get(0), brokenEvents.get(2)));
            publisher.publish(healthyEvents);
        }
        awaitVersion(healthy, 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/populations/" + broken + "/status").then()
                        .body("stalledReason", containsString("expected stream version 2"), "status.streamVersion", equalTo(1)));
        given().when().get("/populations/" + broken + "/parked").then().body("parked", hasSize(1),
                "parked[0].streamVersion", equalTo(3));
        given().when().get("/q/metrics").then().body(containsString("vigil_projection_events_parked_total"))
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\\nvigil_projection_populations_stalled [1-9].*"));

        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(List.of(brokenEvents.get(1)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/populations/" + broken + "/parked").then().body("parked", hasSize(2)));
        given().when().post("/admin/replay").then().statusCode(200);
        given().when().get("/populations/" + broken + "/status").then()
                .body("stalledReason", nullValue(), "status.streamVersion", equalTo(3));
        given().when().get("/populations/" + broken + "/parked").then().body("parked", hasSize(0));
    }

    @Test
    void an_unknown_event_type_stalls_with_its_reason() throws Exception {
        UUID population = UUID.randomUUID();
        List<Logged> events = EventPublisher.casebook(population, RECORDED).subList(0, 1);
        ObjectNode data = EventPublisher.JSON.createObjectNode().put("confidentiality", "public");
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events);
            publisher.publish(List.of(new Logged(UUID.randomUUID(), population, 2, 2, "vigil.rumour.v1", RECORDED.plusSeconds(999), data)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/populations/" + population + "/status").then()
                        .body("stalledReason", containsString("unknown event type vigil.rumour.v1"), "stalledAt", notNullValue()));
    }

    @Test
    void the_live_stream_sends_the_status_then_each_change() throws Exception {
        UUID population = UUID.randomUUID();
        List<Logged> events = EventPublisher.casebook(population, RECORDED);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events.subList(0, 5));
        }
        awaitVersion(population, 5);
        List<String> received = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as EventSource speaks
        // each stream is read on a thread of its own: were the response already there when the callback is attached,
        // thenAccept would read the endless stream on this thread and the test would never go on
        java.util.concurrent.Executor own = task -> Thread.ofVirtual().start(task);
        var pending = client.sendAsync(HttpRequest.newBuilder(base.resolve("populations/" + population + "/stream"))
                        .header("Authorization", "Bearer " + org.vigil.casefile.testing.Tokens.everything()).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(r -> r.body().filter(l -> l.startsWith("data:")).forEach(received::add), own);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 1);
        assertThat(received.getFirst()).contains("\"streamVersion\":5");
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events.subList(5, 6));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().anyMatch(l -> l.contains("\"streamVersion\":6")));
        pending.cancel(true);

        // each status's id is its stream version: a client that comes back holding 6 is not sent 6 again, only 7
        List<String> resumed = new CopyOnWriteArrayList<>();
        var again = client.sendAsync(HttpRequest.newBuilder(base.resolve("populations/" + population + "/stream"))
                        .header("Authorization", "Bearer " + org.vigil.casefile.testing.Tokens.everything())
                        .header("Last-Event-ID", "6").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(r -> r.body().filter(l -> l.startsWith("data:") || l.startsWith("id:"))
                .forEach(resumed::add), own);
        Thread.sleep(1500);
        assertThat(resumed).as("nothing the client holds is sent again").isEmpty();
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events.subList(6, 7));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> resumed.stream().anyMatch(l -> l.contains("\"streamVersion\":7")));
        assertThat(resumed.getFirst().substring(3).strip()).as("the id of the status sent").isEqualTo("7");
        assertThat(resumed).noneMatch(l -> l.contains("\"streamVersion\":6"));
        again.cancel(true);
        // one that comes back holding 5 is sent the status it missed at once
        List<String> behind = new CopyOnWriteArrayList<>();
        var late = client.sendAsync(HttpRequest.newBuilder(base.resolve("populations/" + population + "/stream"))
                        .header("Authorization", "Bearer " + org.vigil.casefile.testing.Tokens.everything())
                        .header("Last-Event-ID", "5").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(r -> r.body().filter(l -> l.startsWith("data:")).forEach(behind::add), own);
        await().atMost(Duration.ofSeconds(10)).until(() -> !behind.isEmpty());
        assertThat(behind.getFirst()).contains("\"streamVersion\":7");
        late.cancel(true);
    }

    @Test
    void each_change_is_announced_on_the_status_topic_as_a_cloudevent() throws Exception {
        UUID population = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(EventPublisher.casebook(population, RECORDED).subList(0, 2));
        }
        awaitVersion(population, 2);
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p)) {
            var partitions = consumer.partitionsFor(statusTopic, Duration.ofSeconds(10)).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(statusTopic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> mine = new java.util.ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (mine.isEmpty() && Instant.now().isBefore(deadline)) {
                for (var r : consumer.poll(Duration.ofMillis(500))) if (population.toString().equals(r.key())) mine.add(r);
            }
            assertThat(mine).isNotEmpty();
            var record = mine.getFirst();
            assertThat(new String(record.headers().lastHeader("ce_type").value())).isEqualTo("vigil.population.status-changed.v1");
            assertThat(new String(record.headers().lastHeader("ce_specversion").value())).isEqualTo("1.0");
            assertThat(new String(record.headers().lastHeader("ce_subject").value())).isEqualTo(population.toString());
            assertThat(record.value()).contains("/populations/" + population + "/status");
        }
    }

    @Test
    void a_bad_date_is_a_problem_naming_the_parameter() {
        given().when().get("/populations/" + UUID.randomUUID() + "/status?asOf=June")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("asOf"), "errors[0].rule", equalTo("date.format"));
        given().when().get("/populations/" + UUID.randomUUID() + "/status")
                .then().statusCode(404).contentType("application/problem+json").body("errors[0].rule", equalTo("population.projected"));
        // a malformed id is a bad request, not an unknown population
        given().when().get("/populations/not-a-uuid/status")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("populationId"), "errors[0].rule", equalTo("uuid.format"));
    }

    @Test
    void the_service_is_ready_with_its_database_and_broker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

}
