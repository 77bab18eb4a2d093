package org.vigil.ingest.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.ingest.testing.Fixtures.attack;
import static org.vigil.ingest.testing.Fixtures.registration;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.IngestInfraResource;
import org.vigil.ingest.testing.TopicReader;

/**
 * The trace of the request that records an event goes on through Kafka: the published record's traceparent belongs
 * to the caller's trace, its span is the relay's producer span, and that span's parent is the request's server span.
 * casefile-service's TracingTest takes the same header on to the view update.
 */
@QuarkusTest
@QuarkusTestResource(IngestInfraResource.class)
class TracingTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.ingest.testing.Tokens.useEverywhere();
    }

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.relay.topic")
    String topic;

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C reserves for "invalid"
        return HexFormat.of().formatHex(b);
    }

    @Test
    void the_request_trace_continues_onto_the_kafka_record() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        String traceparent = "00-" + traceId + "-" + callerSpan + "-01";
        String population = given().header("traceparent", traceparent).contentType(ContentType.JSON)
                .body(registration("Traced population")).when().post("/populations")
                .then().statusCode(201).extract().path("populationId");
        String eventId = given().header("traceparent", traceparent).contentType(ContentType.JSON).body(attack(4))
                .when().post("/populations/" + population + "/events").then().statusCode(201).extract().path("eventId");

        ConsumerRecord<String, byte[]> record;
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            record = reader.until(rs -> rs.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, "ce_id"))),
                    Duration.ofSeconds(30)).stream().filter(r -> eventId.equals(TopicReader.header(r, "ce_id")))
                    .findFirst().orElseThrow();
        }
        String published = TopicReader.header(record, "traceparent");
        assertThat(published).as("traceparent header on the record").matches("00-" + traceId + "-[0-9a-f]{16}-01");
        String relaySpanId = published.split("-")[2];
        assertThat(relaySpanId).isNotEqualTo(callerSpan);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData producer = finished.stream().filter(s -> s.getSpanId().equals(relaySpanId)).findFirst().orElseThrow();
            assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(producer.getName()).isEqualTo(topic + " publish");
            assertThat(producer.getTraceId()).isEqualTo(traceId);
            assertThat(producer.getAttributes().asMap().toString()).contains(eventId);
            SpanData request = finished.stream().filter(s -> s.getSpanId().equals(producer.getParentSpanId()))
                    .findFirst().orElseThrow();
            assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(request.getParentSpanId()).isEqualTo(callerSpan);
            assertThat(request.getName()).contains("/populations/{id}/events");
        });
    }
}
