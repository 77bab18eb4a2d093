package org.vigil.casefile.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vigil.casefile.wire.LoggedEvent;
import org.vigil.casefile.failure.Failures;
import org.vigil.casefile.store.ProjectionStore;
import org.vigil.casefile.store.UnreadableRecord;

/**
 * The thin edge between Kafka and the projection: reads a batch of CloudEvents, hands it to the store in one
 * transaction, and only then lets the batch's offsets be committed. Redelivery after a crash is harmless: the store
 * skips what it already applied.
 */
@ApplicationScoped
public class EventsConsumer {

    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProjectionStore store;
    private final StatusChanges changes;
    private final ProjectionTracing tracing;
    private final Counter applied;
    private final Counter parked;
    private final Counter unreadable;
    private final Counter retries;
    private final Timer batches;
    private final Timer lag;
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong lastPosition = new AtomicLong();
    private final java.util.Set<UUID> stalledPopulations = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public EventsConsumer(ProjectionStore store, StatusChanges changes, MeterRegistry registry, ProjectionTracing tracing) {
        this.store = store;
        this.tracing = tracing;
        this.changes = changes;
        this.applied = Counter.builder("vigil.projection.events.applied").register(registry);
        this.parked = Counter.builder("vigil.projection.events.parked").description("Events parked: could not be applied").register(registry);
        this.unreadable = Counter.builder("vigil.projection.events.unreadable").description("Records that are not Vigil CloudEvents (kept for replay)").register(registry);
        this.retries = Counter.builder("vigil.projection.batch.retries").description("Attempts to write a batch that failed and were retried").register(registry);
        this.batches = Timer.builder("vigil.projection.batch").publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("vigil.projection.lag.seconds", lagMillis, v -> v.get() / 1000.0);
        // quantiles over the last two minutes, and buckets (1 ms to 60 s) for any period: the difference of two scrapes
        this.lag = Timer.builder("vigil.projection.event.lag").description("From an event's recording in the log to its projection")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1)).maximumExpectedValue(java.time.Duration.ofSeconds(60))
                .register(registry);
        registry.gauge("vigil.projection.position", lastPosition);
        registry.gaugeCollectionSize("vigil.projection.populations.stalled", java.util.List.of(), stalledPopulations);
    }

    @Incoming("population-events")
    public Uni<Void> consume(ConsumerRecords<String, Received> batch) {
        long start = System.nanoTime();
        long startEpochNanos = tracing.now();
        List<LoggedEvent> events = new ArrayList<>();
        List<String> traceParents = new ArrayList<>();
        List<UnreadableRecord> junk = new ArrayList<>();
        for (ConsumerRecord<String, Received> record : batch) {
            // read already, on the Kafka consumer's thread (ReceivedDeserializer)
            Received received = record.value() == null ? new Received.Unreadable(null,
                    new IllegalArgumentException("the record has no value")) : record.value();
            if (received instanceof Received.Read read) {
                events.add(read.event());
                traceParents.add(read.traceParent());
            } else if (received instanceof Received.Unreadable u) {
                LOG.errorf("record %s-%d@%d is not a Vigil CloudEvent; kept with its bytes for replay: %s", record.topic(),
                        record.partition(), record.offset(), Failures.describe(u.why()));
                junk.add(unreadable(record, u));
            }
        }
        if (events.isEmpty() && junk.isEmpty()) return Uni.createFrom().voidItem();
        return store.apply(events, junk)
                .onFailure(Failures::causedByData).recoverWithUni(refused -> {
                    LOG.warnf("a batch of %d events was refused for its data (%s); applying it population by population",
                            events.size(), Failures.describe(refused));
                    return store.applyIsolating(events, junk);
                })
                .onFailure().invoke(this::failed)
                // The database is out of reach (or the moment is wrong): try the same batch again, never give up on it,
                // never let the channel fail. Kafka's offsets move only once it is written.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).withJitter(0.25).indefinitely()
                .invoke(result -> {
                    recovered();
                    unreadable.increment(junk.size());
                    if (events.isEmpty()) return;
                    applied.increment(result.applied());
                    parked.increment(result.parked());
                    if (result.lastRecordedAt() != null) {
                        lagMillis.set(Math.max(0, Duration.between(result.lastRecordedAt(), Instant.now()).toMillis()));
                    }
                    lastPosition.accumulateAndGet(events.getLast().position(), Math::max);
                    Instant projected = Instant.now();
                    for (LoggedEvent e : events) lag.record(Duration.between(e.recordedAt(), projected));
                    result.stalled().forEach((id, reason) -> LOG.errorf("population %s stalled: %s", id, reason));
                    stalledPopulations.addAll(result.stalled().keySet());
                    batches.record(Duration.ofNanos(System.nanoTime() - start));
                    changes.changed(result.changed(), result.stalled().keySet());
                    tracing.projected(events, traceParents, startEpochNanos, result.stalled().keySet());
                }).replaceWithVoid();
    }

    /** Since when the batch in hand has failed to be written (null: the last attempt succeeded), and why. */
    private volatile Instant failingSince;
    private volatile String lastFailure;

    private void failed(Throwable e) {
        retries.increment();
        if (failingSince == null) failingSince = Instant.now();
        lastFailure = Failures.describe(e);
        LOG.warnf("a batch could not be written (failing since %s); retrying with backoff: %s", failingSince, lastFailure);
    }

    private void recovered() {
        if (failingSince != null) {
            LOG.infof("batches are written again after %d ms of failures",
                    Duration.between(failingSince, Instant.now()).toMillis());
        }
        failingSince = null;
        lastFailure = null;
    }

    /** When the consumer began failing to write its batch in hand, or null when it is not failing. */
    public Instant failingSince() {
        return failingSince;
    }

    public String lastFailure() {
        return lastFailure;
    }

    private static UnreadableRecord unreadable(ConsumerRecord<String, Received> record, Received.Unreadable value) {
        List<UnreadableRecord.Header> headers = new ArrayList<>();
        for (Header h : record.headers()) headers.add(new UnreadableRecord.Header(h.key(), h.value()));
        return new UnreadableRecord(record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), headers, value.bytes(),
                Failures.describe(value.why()));
    }

    public void stalled(java.util.Collection<UUID> populations) {
        stalledPopulations.addAll(populations);
    }

    /** Replays and rebuilds say which populations are no longer stalled. */
    public void unstalled(java.util.Collection<UUID> populations) {
        stalledPopulations.removeAll(populations);
    }

    /** The populations known to be stalled, loaded at start so the gauge is right after a restart. */
    void stalledAtStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        store.stalledPopulations().subscribe().with(stalledPopulations::addAll, e -> LOG.warn("could not read stalled populations", e));
    }

    /**
     * A record as a logged event, read with the CloudEvents Kafka binding (the one ingest-service's relay writes with);
     * throws when it is not a Vigil CloudEvent (see {@link #readKept}).
     */
    public static LoggedEvent read(ConsumerRecord<String, byte[]> record) {
        return read(record.headers(), record.value());
    }

    /** A kept unreadable record, read again (after a fix, from {@code POST /admin/replay}). */
    public static LoggedEvent readKept(UnreadableRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (UnreadableRecord.Header h : record.headers()) headers.add(h.name(), h.value());
        return read(headers, record.value());
    }

    static LoggedEvent read(Headers headers, byte[] value) {
        if (value == null) throw new IllegalArgumentException("the record has no value");
        // the relay's own shape read straight from the headers; anything else by the SDK, which decides what it accepts
        RelayedAttributes.Attributes a = value.length == 0 ? null : RelayedAttributes.read(headers);
        return a != null ? read(a, value) : readWithSdk(headers, value);
    }

    /** A record read by the CloudEvents SDK's Kafka binding, whatever its mode and attributes. */
    static LoggedEvent readWithSdk(Headers headers, byte[] value) {
        if (value == null) throw new IllegalArgumentException("the record has no value");
        CloudEvent event = KafkaMessageFactory.createReader(headers, value).toEvent();
        byte[] bytes = event.getData() == null ? null : event.getData().toBytes();
        if (bytes == null) throw new IllegalArgumentException("the event has no data");
        if (event.getTime() == null) throw new IllegalArgumentException("missing attribute time");
        return read(new RelayedAttributes.Attributes(event.getId(), required(event, "subject", event.getSubject()),
                event.getType(), event.getTime().toInstant(), extension(event, "streamversion"), extension(event, "logposition"),
                extension(event, "confidentiality")), bytes);
    }

    private static LoggedEvent read(RelayedAttributes.Attributes a, byte[] bytes) {
        // the common case read once, straight into its record; anything else (or anything odd) the general way: a tree
        org.vigil.casefile.event.Event decoded = org.vigil.casefile.wire.EventCodec.decodeDirectly(a.type(), bytes);
        com.fasterxml.jackson.databind.JsonNode data = null;
        if (decoded == null) {
            try {
                data = JSON.readTree(bytes);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the data is not JSON: " + e.getMessage(), e);
            }
            if (data == null || !data.isObject()) throw new IllegalArgumentException("the data is not a JSON object");
        }
        return new LoggedEvent(UUID.fromString(a.id()), UUID.fromString(a.subject()), Long.parseLong(a.streamVersion()),
                Long.parseLong(a.position()), a.type(), a.time(), a.confidentiality(), data,
                new String(bytes, StandardCharsets.UTF_8), decoded);
    }

    private static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return required(event, name, value == null ? null : value.toString());
    }

    private static String required(CloudEvent event, String name, String value) {
        if (value == null) throw new IllegalArgumentException("event " + event.getId() + " lacks the attribute " + name);
        return value;
    }
}
