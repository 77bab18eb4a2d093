package org.vigil.casefile.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.api.CaseFileApiTest;
import org.vigil.casefile.testing.EventPublisher.Logged;

/**
 * The trace that ingest-service puts on a Kafka record (see ingest-service's TracingTest) ends in the view update: one
 * "process" span per event, child of the record's traceparent, finished once the view is committed. Records without a
 * trace context make no span.
 */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class TracingTest {

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        org.vigil.casefile.testing.Tokens.useEverywhere();
    }

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vigil.events-topic")
    String topic;

    @Test
    void the_view_update_joins_the_trace_carried_by_the_record() throws Exception {
        byte[] bytes = new byte[24];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        bytes[16] |= 1;
        String hex = HexFormat.of().formatHex(bytes);
        String traceId = hex.substring(0, 32);
        String relaySpan = hex.substring(32);
        UUID traced = UUID.randomUUID();
        UUID untraced = UUID.randomUUID();
        List<Logged> events = EventPublisher.casebook(traced, Instant.parse("2026-01-01T00:00:00Z")).subList(0, 2);
        try (EventPublisher publisher = new EventPublisher(bootstrap, topic)) {
            publisher.publish(events, "00-" + traceId + "-" + relaySpan + "-01");
            publisher.publish(EventPublisher.casebook(untraced, Instant.parse("2026-01-01T00:00:00Z")).subList(0, 1));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> process = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals(topic + " process")).toList();
            List<SpanData> ours = process.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            assertThat(ours).hasSize(2).allSatisfy(s -> {
                assertThat(s.getParentSpanId()).isEqualTo(relaySpan);
                assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(s.getAttributes().asMap().toString()).contains(traced.toString());
            });
            assertThat(ours).extracting(s -> s.getAttributes().asMap().toString())
                    .anySatisfy(a -> assertThat(a).contains(events.get(0).eventId().toString()))
                    .anySatisfy(a -> assertThat(a).contains(events.get(1).eventId().toString()));
            CaseFileApiTest.awaitVersion(untraced, 1);
            assertThat(process).noneSatisfy(s -> assertThat(s.getAttributes().asMap().toString()).contains(untraced.toString()));
        });
    }
}
