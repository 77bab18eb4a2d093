package org.vigil.casefile.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vigil.casefile.consume.EventsConsumer;
import org.vigil.casefile.consume.StatusChanges;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.projection.LoggedEvent;
import org.vigil.casefile.store.ProjectionStore;

/**
 * Rebuilds every view from the log: reads the events topic from its first offset to its end, folds each population
 * with the same pure projection the live consumer uses, and replaces the stored views with the result in one
 * transaction (see {@link ProjectionStore#replaceFromRebuild}). The live consumer keeps running.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    private final ProjectionStore store;
    private final StatusChanges changes;
    private final String bootstrap;
    private final String topic;

    public Rebuild(ProjectionStore store, StatusChanges changes,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                   @ConfigProperty(name = "vigil.events-topic") String topic) {
        this.store = store;
        this.changes = changes;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    public record Report(int populations, long events, long millis, Map<UUID, String> stalled) {
    }

    private record Folded(Map<UUID, CaseFile> files, Map<UUID, String> stalls, Map<UUID, List<LoggedEvent>> parked, long events) {
    }

    /** Must be called on a Vert.x context (the REST layer's); the Kafka reading runs on a worker thread. */
    public Uni<Report> run() {
        Context context = Vertx.currentContext();
        long start = System.nanoTime();
        return Uni.createFrom().item(this::readAndFold).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(folded -> store.replaceFromRebuild(folded.files(), folded.stalls(), folded.parked())
                        .invoke(() -> changes.changed(folded.files().keySet(), folded.stalls().keySet()))
                        .map(n -> new Report(n, folded.events(), Duration.ofNanos(System.nanoTime() - start).toMillis(), folded.stalls())))
                .invoke(r -> LOG.infof("rebuilt %d populations from %d events in %d ms", r.populations(), r.events(), r.millis()));
    }

    private Folded readAndFold() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "5000");
        p.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
        Map<UUID, CaseFile> files = new LinkedHashMap<>();
        Map<UUID, String> stalls = new HashMap<>();
        Map<UUID, List<LoggedEvent>> parked = new HashMap<>();
        long events = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) throw new IllegalStateException("rebuild did not reach the end of " + topic);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) continue;
                    LoggedEvent e = EventsConsumer.read(record);
                    if (e == null) continue;
                    events++;
                    UUID id = e.populationId();
                    if (stalls.containsKey(id)) {
                        if (e.streamVersion() > files.get(id).version()) parked.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
                        continue;
                    }
                    CaseFile file = files.computeIfAbsent(id, CaseFile::new);
                    if (file.apply(e) instanceof CaseFile.Outcome.Stalled s) {
                        stalls.put(id, s.reason());
                        parked.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
                    }
                }
            }
        }
        // As a replay would: a population stalled by a gap that the log later filled applies its parked events in order.
        for (UUID id : new ArrayList<>(stalls.keySet())) {
            List<LoggedEvent> waiting = new ArrayList<>(parked.get(id));
            waiting.sort(java.util.Comparator.comparingLong(LoggedEvent::streamVersion));
            CaseFile file = files.get(id);
            List<LoggedEvent> left = new ArrayList<>();
            String reason = null;
            for (LoggedEvent e : waiting) {
                if (reason == null && file.apply(e) instanceof CaseFile.Outcome.Stalled s) reason = s.reason();
                if (reason != null) left.add(e);
            }
            if (reason == null) {
                stalls.remove(id);
                parked.remove(id);
            } else {
                stalls.put(id, reason);
                parked.put(id, left);
            }
        }
        return new Folded(files, stalls, parked, events);
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) if (consumer.position(e.getKey()) < e.getValue()) return false;
        return true;
    }
}
