package org.vigil.casefile.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vigil.casefile.projection.LoggedEvent;
import org.vigil.casefile.store.ProjectionStore;

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
        this.unreadable = Counter.builder("vigil.projection.events.unreadable").description("Records that are not Vigil CloudEvents").register(registry);
        this.batches = Timer.builder("vigil.projection.batch").publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("vigil.projection.lag.seconds", lagMillis, v -> v.get() / 1000.0);
        this.lag = Timer.builder("vigil.projection.event.lag").description("From an event's recording in the log to its projection")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        registry.gauge("vigil.projection.position", lastPosition);
        registry.gaugeCollectionSize("vigil.projection.populations.stalled", java.util.List.of(), stalledPopulations);
    }

    @Incoming("population-events")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> batch) {
        long start = System.nanoTime();
        long startEpochNanos = tracing.now();
        List<LoggedEvent> events = new ArrayList<>();
        List<String> traceParents = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            LoggedEvent event = read(record);
            if (event != null) {
                events.add(event);
                Header traceParent = record.headers().lastHeader("traceparent");
                traceParents.add(traceParent == null ? null : new String(traceParent.value(), StandardCharsets.UTF_8));
            } else {
                unreadable.increment();
            }
        }
        if (events.isEmpty()) return Uni.createFrom().voidItem();
        return store.apply(events).invoke(result -> {
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

    /** A record as a logged event; null (counted and logged, never silently) when it is not a Vigil CloudEvent. */
    public static LoggedEvent read(ConsumerRecord<String, byte[]> record) {
        try {
            return new LoggedEvent(UUID.fromString(header(record, "ce_id")), UUID.fromString(header(record, "ce_subject")),
                    Long.parseLong(header(record, "ce_streamversion")), Long.parseLong(header(record, "ce_logposition")),
                    header(record, "ce_type"), OffsetDateTime.parse(header(record, "ce_time")).toInstant(),
                    header(record, "ce_confidentiality"), JSON.readTree(record.value()),
                    new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.errorf("record %s-%d@%d is not a Vigil CloudEvent and cannot be projected: %s", record.topic(),
                    record.partition(), record.offset(), e.toString());
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null) throw new IllegalArgumentException("missing header " + name);
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
