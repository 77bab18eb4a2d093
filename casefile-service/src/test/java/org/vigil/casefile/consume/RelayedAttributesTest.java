package org.vigil.casefile.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.EventPublisher;
import org.vigil.casefile.wire.LoggedEvent;

/**
 * The relay's records read straight from their headers give what the CloudEvents SDK gives, and every record of
 * another shape is left to the SDK: for each, reading it answers exactly what the SDK's reading answers (the same
 * event, or the same refusal).
 */
class RelayedAttributesTest {

    private static final String TOPIC = "vigil.population-events";

    /** A record as ingest-service's relay writes it (publish/CloudEventMapper, the SDK's serializer in binary mode). */
    private static Record relayed(EventPublisher.Logged e, Instant recordedAt) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(e.eventId().toString())
                .withSource(URI.create("/vigil/ingest-service"))
                .withType(e.type())
                .withSubject(e.populationId().toString())
                .withTime(recordedAt.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(e.data().toString().getBytes(StandardCharsets.UTF_8))
                .withExtension("streamversion", Long.toString(e.version()))
                .withExtension("logposition", Long.toString(e.position()))
                .withExtension("recordedby", "researcher-1")
                .withExtension("confidentiality", e.data().path("confidentiality").asText("public"))
                .withExtension("eventhash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .build();
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            byte[] value = serializer.serialize(TOPIC, headers, event);
            return new Record(headers, value);
        }
    }

    record Record(Headers headers, byte[] value) {
        Record with(Consumer<Headers> change) {
            Headers copy = new RecordHeaders();
            for (Header h : headers) copy.add(h.key(), h.value());
            change.accept(copy);
            return new Record(copy, value);
        }
    }

    /** What reading answers: the event, or the refusal's kind and words. */
    private static Object outcome(java.util.concurrent.Callable<LoggedEvent> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void every_event_of_the_casebook_as_the_relay_writes_it_reads_straight_and_as_the_sdk_reads_it() throws Exception {
        Random random = new Random(7);
        List<EventPublisher.Logged> casebook = EventPublisher.casebook(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"));
        for (EventPublisher.Logged e : casebook) {
            // times with 0 to 9 digits of fraction, as the relay's clock and the SDK's writer give them
            Instant at = e.recordedAt().plusNanos(random.nextInt(1_000_000_000) / (long) Math.pow(10, random.nextInt(10)));
            Record r = relayed(e, at);
            assertThat(RelayedAttributes.read(r.headers())).as(e.type()).isNotNull();
            LoggedEvent straight = EventsConsumer.read(r.headers(), r.value());
            assertThat(straight).as(e.type()).isEqualTo(EventsConsumer.readWithSdk(r.headers(), r.value()));
            assertThat(straight.recordedAt()).isEqualTo(at);
            assertThat(straight.eventId()).isEqualTo(e.eventId());
        }
    }

    @Test
    void a_record_of_any_other_shape_reads_as_the_sdk_reads_it() throws Exception {
        EventPublisher.Logged e = EventPublisher.casebook(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z")).get(3);
        Record base = relayed(e, Instant.parse("2026-12-05T15:49:50.123456Z"));
        List<Record> variants = new ArrayList<>();
        for (Header h : base.headers()) {
            variants.add(base.with(hs -> hs.remove(h.key())));                               // each header missing
            variants.add(base.with(hs -> hs.add(h.key(), h.value())));                       // each header twice
            variants.add(base.with(hs -> { hs.remove(h.key()); hs.add(h.key(), new byte[0]); })); // each header empty
        }
        for (String time : List.of("2026-12-05T15:49:50Z", "2026-12-05T15:49:50.1Z", "2026-12-05T15:49:50.123456789Z",
                "2026-12-05T15:49:50.1234567890Z", "2026-12-05T15:49:50.Z", "2026-12-05t15:49:50Z", "2026-12-05T15:49:50z",
                "2026-12-05T15:49:50+01:00", "2026-12-05T15:49:50.5-03:30", "2026-13-05T15:49:50Z", "2026-02-30T15:49:50Z",
                "2024-02-29T00:00:00Z", "2026-12-05T24:00:00Z", "2026-12-05T23:59:60Z", "+2026-12-05T15:49:50Z",
                "2026-12-5T15:49:50Z", "2026-12-05 15:49:50Z", "２０２６-12-05T15:49:50Z", "yesterday")) {
            variants.add(base.with(hs -> replace(hs, "ce_time", time)));
        }
        variants.add(base.with(hs -> replace(hs, "ce_specversion", "0.3")));
        variants.add(base.with(hs -> replace(hs, "ce_specversion", "1.1")));
        variants.add(base.with(hs -> replace(hs, "ce_source", "not a uri")));
        variants.add(base.with(hs -> replace(hs, "ce_source", "https://ingest.example.org/vigil")));
        variants.add(base.with(hs -> replace(hs, "ce_id", "not-a-uuid")));
        variants.add(base.with(hs -> replace(hs, "ce_subject", "population 7")));
        variants.add(base.with(hs -> replace(hs, "ce_streamversion", "seven")));
        variants.add(base.with(hs -> replace(hs, "ce_type", "vigil.nothing.v1")));
        variants.add(base.with(hs -> replace(hs, "content-type", "application/cloudevents+json")));
        variants.add(base.with(hs -> replace(hs, "content-type", "text/plain")));
        variants.add(base.with(hs -> hs.add("ce_dataschema", "https://vigil.example.org/schemas/x".getBytes(StandardCharsets.UTF_8))));
        variants.add(base.with(hs -> hs.add("ce_Bad-Name", "x".getBytes(StandardCharsets.UTF_8))));
        variants.add(base.with(hs -> hs.add("ce_extra", "x".getBytes(StandardCharsets.UTF_8))));
        variants.add(base.with(hs -> hs.add("ce_confidentiality", null)));
        variants.add(new Record(base.headers(), new byte[0]));
        variants.add(new Record(base.headers(), "not json".getBytes(StandardCharsets.UTF_8)));
        variants.add(new Record(new RecordHeaders(), base.value()));
        int straight = 0;
        for (Record v : variants) {
            if (RelayedAttributes.read(v.headers()) != null && v.value().length > 0) straight++;
            assertThat(outcome(() -> EventsConsumer.read(v.headers(), v.value())))
                    .as(describe(v)).isEqualTo(outcome(() -> EventsConsumer.readWithSdk(v.headers(), v.value())));
        }
        assertThat(straight).as("variants read straight (the relay's shape, other values)").isGreaterThan(5);
    }

    @Test
    void the_relays_times_read_as_the_sdk_reads_them_and_nothing_else_is_taken() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            String written = io.cloudevents.types.Time.writeTime(at.atOffset(ZoneOffset.UTC));
            Instant parsed = RelayedAttributes.utc(written);
            if (at.atOffset(ZoneOffset.UTC).getYear() < 0 || at.atOffset(ZoneOffset.UTC).getYear() > 9999) {
                assertThat(parsed).as(written).isNull(); // not four digits: the SDK's way
            } else {
                assertThat(parsed).as(written).isEqualTo(at).isEqualTo(OffsetDateTime.parse(written).toInstant());
            }
        }
    }

    private static void replace(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Record r) {
        StringBuilder b = new StringBuilder();
        for (Header h : r.headers()) b.append(h.key()).append('=').append(h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)).append(' ');
        return b.append("value of ").append(r.value().length).append(" bytes").toString();
    }
}
