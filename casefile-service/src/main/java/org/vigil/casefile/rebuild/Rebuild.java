package org.vigil.casefile.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Multi;
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
import org.vigil.casefile.projection.Envelope;
import org.vigil.casefile.consume.EventsConsumer;
import org.vigil.casefile.consume.StatusChanges;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.wire.LoggedEvent;
import org.vigil.casefile.failure.Failures;
import org.vigil.casefile.store.ProjectionStore;
import org.vigil.casefile.store.ProjectionStore.RebuiltChunk;

/**
 * Rebuilds every view from the log: reads the events topic from its first offset to where it ended when the rebuild
 * began, folds each population with the same pure projection the live consumer uses, and writes the result chunk
 * by chunk ({@link ProjectionStore#writeRebuildChunk}), forgetting each chunk's contents once written so that memory
 * does not grow with the log. The live consumer keeps running; the two never interleave their writes.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    private final ProjectionStore store;
    private final StatusChanges changes;
    private final String bootstrap;
    private final String topic;
    /** Every kafka.* setting (and KAFKA_* variable): security.protocol, ssl.*, sasl.* reach the rebuild's consumer too. */
    private final Map<String, Object> kafkaConfig;
    private final int chunkEvents;

    public Rebuild(ProjectionStore store, StatusChanges changes, org.vigil.casefile.config.CasefileConfig config,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                   @io.smallrye.common.annotation.Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.store = store;
        this.changes = changes;
        this.bootstrap = bootstrap;
        this.topic = config.eventsTopic();
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.chunkEvents = config.rebuild().chunkEvents();
    }

    /**
     * How far a run got, read by whoever reports it (the heartbeat, the logs) while the run fills it in: records read
     * of the records on the topic when it began. Setting {@link #stop} ends the run at its next chunk.
     */
    public static final class Progress {
        final long startNanos = System.nanoTime();
        volatile long done;
        volatile Long total;
        volatile boolean stop;

        public long done() {
            return done;
        }

        /** Null until the run has read where the topic ends. */
        public Long total() {
            return total;
        }

        public void stop() {
            stop = true;
        }

        public double eventsPerSecond() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return seconds <= 0 ? 0 : done / seconds;
        }

        /** How much of {@code total} is done, 0 to 100 (100 when there was nothing to do); null while total is not known. */
        public static Integer percent(long done, Long total) {
            return total == null ? null : total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        }

        /** Seconds still to go at {@code rate} events a second; null when that cannot be told. */
        public static Long secondsLeft(long done, Long total, double rate) {
            return total == null || rate <= 0 ? null : Math.round(Math.max(0, total - done) / rate);
        }
    }

    /** Thrown into a run that was told to stop (another instance took it for dead and started over). */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("the rebuild was stopped: another instance started it over", null, false, false);
        }
    }

    /**
     * The settings of the rebuild's own consumer: the service's Kafka connection settings (as the live consumer has
     * them: TLS, SASL, ...), then what a rebuild needs (no group, no commits, large polls, raw bytes).
     */
    public Properties consumerSettings() {
        Properties p = new Properties();
        p.putAll(kafkaConfig);
        p.put("bootstrap.servers", bootstrap);
        p.remove("group.id");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "5000");
        return p;
    }

    public record Report(int populations, long events, long millis, Map<UUID, String> stalled,
                         @com.fasterxml.jackson.annotation.JsonIgnore Set<UUID> populationIds) {
    }

    /** The state of one rebuild run, filled chunk by chunk. */
    private final class Run {
        final KafkaConsumer<String, byte[]> consumer;
        final Map<TopicPartition, Long> end;
        final Map<UUID, CaseFile> files = new HashMap<>();
        final Map<UUID, Long> written = new HashMap<>();
        final Map<UUID, String> names = new HashMap<>();
        final Map<UUID, String> stalls = new HashMap<>();
        final Map<UUID, List<LoggedEvent>> parked = new HashMap<>();
        /** Populations whose rebuilt revisions the database refused (e.g. an event id another population used): not
         *  written further, and stalled at the end with the database's reason. */
        final Map<UUID, String> refused = new java.util.concurrent.ConcurrentHashMap<>();
        final Progress progress;
        long events;

        Run(Progress progress) {
            this.progress = progress;
            consumer = new KafkaConsumer<>(consumerSettings());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            long total = 0;
            for (var e : end.entrySet()) total += e.getValue() - begin.getOrDefault(e.getKey(), 0L);
            progress.total = total;
        }

        boolean done() {
            for (var e : end.entrySet()) if (consumer.position(e.getKey()) < e.getValue()) return false;
            return true;
        }

        /** Reads and folds up to one chunk of the topic (blocking: runs on a worker thread). */
        List<RebuiltChunk> readChunk() {
            Set<UUID> touched = new HashSet<>();
            int read = 0;
            while (read < chunkEvents && !done()) {
                if (progress.stop) throw new Stopped();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) continue;
                    read++;
                    progress.done++;
                    LoggedEvent e;
                    try {
                        e = EventsConsumer.read(record);
                    } catch (Exception unreadable) {
                        continue; // not a Vigil CloudEvent: the live consumer keeps it in unreadable_records
                    }
                    events++;
                    fold(e, touched);
                }
            }
            return chunks(touched);
        }

        void fold(LoggedEvent e, Set<UUID> touched) {
            UUID id = e.populationId();
            if (stalls.containsKey(id)) {
                if (e.streamVersion() > files.get(id).version()) parked.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
                return;
            }
            CaseFile file = files.computeIfAbsent(id, CaseFile::new);
            Envelope envelope = e.envelope();
            if (file.apply(envelope) instanceof CaseFile.Outcome.Stalled s) {
                stalls.put(id, s.reason());
                parked.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
                return;
            }
            if (envelope.registeredName() != null) names.put(id, envelope.registeredName());
            touched.add(id);
        }

        List<RebuiltChunk> chunks(Set<UUID> touched) {
            List<RebuiltChunk> out = new ArrayList<>();
            for (UUID id : touched) {
                CaseFile file = files.get(id);
                List<CaseFile.NewRevision> revisions = file.drainAdded();
                if (revisions.isEmpty()) continue;
                long from = written.getOrDefault(id, 0L);
                out.add(new RebuiltChunk(id, names.get(id), from, file.version(), file.position(), file.lastRecordedAt(),
                        revisions, !written.containsKey(id)));
                written.put(id, file.version());
                file.forgetContents();
            }
            return out;
        }

        /** As a replay would: a population stalled by a gap the log later filled applies its parked events in order. */
        List<RebuiltChunk> resolveStalls() {
            Set<UUID> touched = new HashSet<>();
            for (UUID id : new ArrayList<>(stalls.keySet())) {
                List<LoggedEvent> waiting = new ArrayList<>(parked.get(id));
                waiting.sort(Comparator.comparingLong(LoggedEvent::streamVersion));
                CaseFile file = files.get(id);
                List<LoggedEvent> left = new ArrayList<>();
                String reason = null;
                for (LoggedEvent e : waiting) {
                    Envelope envelope = e.envelope();
                    if (reason == null && file.apply(envelope) instanceof CaseFile.Outcome.Stalled s) reason = s.reason();
                    if (reason != null) left.add(e);
                    else if (envelope.registeredName() != null) names.put(id, envelope.registeredName());
                }
                touched.add(id);
                if (reason == null) {
                    stalls.remove(id);
                    parked.remove(id);
                } else {
                    stalls.put(id, reason);
                    parked.put(id, left);
                }
            }
            return chunks(touched);
        }
    }

    /** Must be called on a Vert.x context (the REST layer's); Kafka is read on worker threads, one chunk at a time. */
    public Uni<Report> run(UUID runId, Progress progress) {
        Context context = Vertx.currentContext();
        long start = System.nanoTime();
        return onWorker(() -> new Run(progress), context).chain(run -> loop(runId, run, context)
                .chain(() -> onWorker(run::resolveStalls, context))
                .chain(chunk -> writeDefended(run, chunk))
                .chain(() -> {
                    run.stalls.putAll(run.refused);
                    return store.markStalledByRebuild(run.stalls, run.parked);
                })
                .eventually(() -> run.consumer.close())
                .map(x -> new Report(run.files.size(), run.events, Duration.ofNanos(System.nanoTime() - start).toMillis(), run.stalls,
                        Set.copyOf(run.files.keySet())))
                .invoke(r -> {
                    changes.changed(run.files.keySet(), run.stalls.keySet());
                    LOG.infof("rebuild %s: rebuilt %d populations from %d events in %d ms", runId, r.populations(), r.events(), r.millis());
                }));
    }

    /**
     * Reads and writes chunk after chunk until the end, reading the next chunk while the current one is written.
     * Iterative on purpose: a recursive chain of Unis keeps every finished chunk reachable until the last one
     * completes, which is the whole log in memory.
     */
    private Uni<Void> loop(UUID runId, Run run, Context context) {
        AtomicReference<CompletableFuture<List<RebuiltChunk>>> ahead = new AtomicReference<>(readAhead(run));
        return Multi.createBy().repeating()
                .uni(() -> Uni.createFrom().completionStage(ahead.get())
                        .emitOn(task -> context.runOnContext(ignored -> task.run()))
                        .chain(chunk -> {
                            if (chunk == null) return Uni.createFrom().item(false);
                            ahead.set(readAhead(run));
                            return writeDefended(run, chunk).invoke(() -> log(runId, run, chunk.size())).replaceWith(true);
                        }))
                .whilst(more -> more)
                .collect().last().replaceWithVoid();
    }

    /** One line per chunk: how far, how fast, how long still, and the heap (a rebuild must not grow with the log). */
    private static void log(UUID runId, Run run, int populations) {
        Progress p = run.progress;
        double rate = p.eventsPerSecond();
        Long left = Progress.secondsLeft(p.done, p.total, rate);
        LOG.infof("rebuild %s: %d of %s events (%s%%), %.0f events/s, about %s s left; %d populations in this chunk,"
                        + " heap used %d MB", runId, p.done, p.total, Progress.percent(p.done, p.total), rate,
                left == null ? "?" : left, populations,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    /**
     * Writes a chunk; if the database refuses it for its data, writes it population by population, and a population
     * refused alone is written no further and stalled at the end, with the database's reason, as the live consumer
     * would stall it; every other population is rebuilt.
     */
    private Uni<Void> writeDefended(Run run, List<RebuiltChunk> chunk) {
        List<RebuiltChunk> kept = chunk.stream().filter(c -> !run.refused.containsKey(c.populationId())).toList();
        if (kept.isEmpty()) return Uni.createFrom().voidItem();
        return store.writeRebuildChunk(kept).onFailure(Failures::causedByData).recoverWithUni(refusedChunk -> Multi.createFrom()
                .iterable(kept).onItem().transformToUniAndConcatenate(c -> store.writeRebuildChunk(List.of(c))
                        .onFailure(Failures::causedByData).recoverWithUni(refused -> {
                            String reason = "the rebuild could not store versions " + (c.fromVersion() + 1) + " to " + c.version()
                                    + ": " + Failures.describe(refused);
                            LOG.errorf("rebuild: population %s stalled: %s", c.populationId(), reason);
                            run.refused.put(c.populationId(), reason);
                            return Uni.createFrom().voidItem();
                        }))
                .collect().asList().replaceWithVoid());
    }

    /** Reads the next chunk on a worker thread; null once the end is reached. Never two reads at once. */
    private static CompletableFuture<List<RebuiltChunk>> readAhead(Run run) {
        return CompletableFuture.supplyAsync(() -> run.done() ? null : run.readChunk(), Infrastructure.getDefaultWorkerPool());
    }

    private static <T> Uni<T> onWorker(java.util.function.Supplier<T> work, Context context) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
