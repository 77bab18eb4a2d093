package org.vigil.ingest.publish;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vigil.ingest.config.IngestConfig;
import org.vigil.ingest.log.LogReader;
import org.vigil.ingest.log.LogSignal;
import org.vigil.ingest.log.RecordedEvent;

/**
 * Publishes the committed log onto Kafka, in position order, keyed by population. It publishes only committed rows
 * (the log is the outbox): those its own instance's writer handed over after commit ({@link LogSignal}), when they
 * continue exactly where the relay stands, and otherwise the rows it reads back from the log. It sends a batch, waits
 * until the broker has acknowledged every record of it (acks=all, idempotent producer), and only then counts it as
 * published; how far it got is stored in the database at most every {@code vigil.relay.store-interval} while it has
 * work, after a poll interval without any, and when it stops. A crash re-sends what was acknowledged after the last store: consumers see
 * duplicates with the same event id and log position, never a gap. Positions are gap-free by construction (see
 * EventLog); the relay still stops at any hole rather than step over it.
 *
 * <p>One relay publishes at a time: it holds a PostgreSQL advisory lock for as long as it runs, and another instance
 * waits for it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long LOCK_KEY = 0x5649_4749_4C52_4C59L; // "VIGILRLY"

    private final DataSource dataSource;
    private final LogReader reader;
    private final LogSignal signal;
    private final IngestConfig config;
    private final String bootstrapServers;
    private final Tracer tracer;
    /** Every kafka.* setting (and KAFKA_* variable): security.protocol, ssl.*, sasl.* reach the relay's clients too. */
    private final Map<String, Object> kafkaConfig;
    private final Counter published;
    private final Counter fromMemory;
    private final Counter fromLog;
    private final AtomicLong publishedPosition = new AtomicLong();
    private final AtomicLong headPosition = new AtomicLong();
    private volatile boolean running;
    private volatile boolean leader;
    /** The last position this relay had acknowledged by Kafka since it (re)started: see {@link #publishLoop}. */
    private volatile long acknowledged;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, LogReader reader, LogSignal signal, IngestConfig config,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry,
                       Tracer tracer, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.tracer = tracer;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.dataSource = dataSource;
        this.reader = reader;
        this.signal = signal;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.published = Counter.builder("vigil.events.published").description("Events acknowledged by Kafka").register(registry);
        registry.gauge("vigil.relay.position", publishedPosition);
        registry.gauge("vigil.relay.lag.events", this,
                r -> Math.max(0, Math.max(r.headPosition.get(), r.signal.committedHead()) - r.publishedPosition.get()));
        this.fromMemory = Counter.builder("vigil.relay.events.read").tag("from", "memory")
                .description("Events the relay published from the rows its own instance handed over after commit").register(registry);
        this.fromLog = Counter.builder("vigil.relay.events.read").tag("from", "log")
                .description("Events the relay read back from the log to publish them").register(registry);
    }

    void start(@Observes @Priority(30) StartupEvent event) {
        if (!config.relay().enabled()) {
            LOG.info("the outbox relay is disabled by configuration");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("vigil-outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** Something to do while the relay is stopped. */
    @FunctionalInterface
    public interface WhileStopped {
        void run() throws Exception;
    }

    /** Stops the relay, runs the action, and starts it again from the position stored in the database. */
    public synchronized void restart(WhileStopped action) throws Exception {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(30_000);
        }
        acknowledged = 0; // as a new relay would: from what the database holds
        action.run();
        running = true;
        thread = Thread.ofPlatform().name("vigil-outbox-relay").daemon().start(this::run);
    }

    /**
     * Publishes the log again from just after {@code position} (0: all of it), e.g. to refill a topic that was lost:
     * the relay stops, its stored position is set back, and it starts again from there. Only the instance that holds
     * the relay's lock publishes; on another this is refused.
     */
    public synchronized void republishFrom(long position) throws Exception {
        if (!leader) throw new IllegalStateException("this instance does not publish the log");
        restart(() -> resetPosition(position));
    }

    public long publishedPosition() {
        return publishedPosition.get();
    }

    public boolean isLeader() {
        return leader;
    }

    private void run() {
        while (running) {
            try (Connection lock = dataSource.getConnection()) {
                if (!tryLock(lock)) {
                    leader = false;
                    sleep(2_000);
                    continue;
                }
                leader = true;
                LOG.info("this instance now publishes the log");
                createTopic();
                try (KafkaProducer<String, CloudEvent> producer = producer()) {
                    publishLoop(producer, lock);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) return;
                LOG.warnf("relay stopped (%s); starting again in 1 s from the last acknowledged position", e.toString());
                sleep(1_000);
            } finally {
                leader = false;
            }
        }
    }

    /**
     * Publishes while this instance holds the relay's lock. Everything it reads or stores goes through {@code lock},
     * the session that holds the lock: if that session ends (the database restarted, the connection was cut), the
     * lock is gone and another instance may publish, and the next read or store fails, which stops this loop within
     * a store interval even while it publishes from memory.
     */
    private void publishLoop(KafkaProducer<String, CloudEvent> producer, Connection lock) throws Exception {
        URI source = URI.create(config.relay().source());
        String topic = config.relay().topic();
        // Where the database says, or further if this relay itself had more acknowledged before it stopped (a lost
        // connection, a failed store): everything up to there is on the topic, and sending it again would only
        // make duplicates.
        long from = Math.max(storedPosition(lock), acknowledged);
        long storedAt = System.nanoTime();
        boolean stored = true;
        boolean caughtUp = false;
        publishedPosition.set(from);
        signal.handOver(true);
        try {
            while (running) {
                // This instance's commits, handed over in memory when they continue exactly from here; otherwise
                // (another instance wrote, or the relay is catching up) the log itself.
                List<RecordedEvent> batch = signal.takeAfter(from, config.relay().batchSize());
                if (batch.isEmpty() && caughtUp && !signal.holdsRows()) {
                    // Nothing new here: wait for this instance's next commit, and look at the log only when none
                    // came within the poll interval (another instance may have written). Idle that long, store.
                    if (signal.await(config.relay().pollInterval().toMillis())) continue;
                    if (!stored) {
                        storePosition(lock, from);
                        stored = true;
                        storedAt = System.nanoTime();
                    }
                }
                if (batch.isEmpty()) {
                    headPosition.set(reader.headPosition());
                    batch = contiguous(from, reader.after(lock, from, config.relay().batchSize()));
                    caughtUp = batch.size() < config.relay().batchSize();
                    if (batch.isEmpty()) continue;
                    fromLog.increment(batch.size());
                } else {
                    caughtUp = true;
                    fromMemory.increment(batch.size());
                }
                send(producer, topic, source, batch);
                from = batch.getLast().position();
                acknowledged = from;
                publishedPosition.set(from);
                published.increment(batch.size());
                stored = false;
                if (System.nanoTime() - storedAt >= config.relay().storeInterval().toNanos()) {
                    storePosition(lock, from);
                    stored = true;
                    storedAt = System.nanoTime();
                }
            }
        } finally {
            signal.handOver(false);
            if (!stored) {
                try {
                    storePosition(lock, from); // everything up to here is acknowledged
                } catch (SQLException e) {
                    LOG.warnf("could not store the relay's position %d (%s); the next relay sends again from the last stored", from, e.getMessage());
                }
            }
        }
    }

    /** Sends a batch and returns once the broker has acknowledged every record of it; throws if any was not. */
    private void send(KafkaProducer<String, CloudEvent> producer, String topic, URI source, List<RecordedEvent> batch)
            throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        List<Span> spans = new ArrayList<>();
        for (RecordedEvent e : batch) {
            ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(topic, e.populationId().toString(),
                    CloudEventMapper.toCloudEvent(e, source));
            if (e.traceParent() != null) spans.add(traced(record, e));
            acks.add(producer.send(record));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(); // throws if any record was not acknowledged: the position does not move, the batch is sent again
            }
        } finally {
            spans.forEach(Span::end);
        }
    }

    /**
     * Continues the trace of the request that recorded the event: a producer span whose parent is the stored trace
     * context, written into the record's {@code traceparent} header, so the consumer's spans join the same trace.
     * With tracing switched off the tracer is a no-op and the stored context itself travels on.
     */
    private Span traced(ProducerRecord<String, CloudEvent> record, RecordedEvent e) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), e.traceParent(), STORED);
        Span span = tracer.spanBuilder(record.topic() + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", e.eventId().toString())
                .setAttribute("vigil.log_position", e.position())
                .setAttribute("vigil.event_type", e.type())
                .startSpan();
        W3CTraceContextPropagator.getInstance().inject(parent.with(span), record.headers(),
                (headers, key, value) -> headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8)));
        return span;
    }

    /** Reads the one stored header value, {@code traceparent}. */
    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    /** Keeps the rows that follow {@code from} without a hole; a hole would mean a commit the relay must wait for. */
    static List<RecordedEvent> contiguous(long from, List<RecordedEvent> rows) {
        long expected = from + 1;
        int n = 0;
        for (RecordedEvent e : rows) {
            if (e.position() != expected) break;
            expected++;
            n++;
        }
        if (n < rows.size()) LOG.debugf("position %d not yet visible; waiting for it before publishing further", expected);
        return rows.subList(0, n);
    }

    private static long storedPosition(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT position FROM relay_position WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Stores how far the relay got; forward only, so a relay that lost its lock cannot set a newer one back. */
    private static void storePosition(Connection c, long position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                     "UPDATE relay_position SET position = greatest(position, ?), updated_at = now() WHERE id = 1")) {
            s.setLong(1, position);
            s.executeUpdate();
        }
    }

    /** Sets the stored position, backwards too: only for a republish, with the relay stopped. */
    private void resetPosition(long position) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE relay_position SET position = ?, updated_at = now() WHERE id = 1")) {
            s.setLong(1, position);
            s.executeUpdate();
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void createTopic() throws InterruptedException {
        if (!config.relay().createTopic()) return;
        Properties props = clientSettings();
        try (Admin admin = Admin.create(props)) {
            NewTopic topic = new NewTopic(config.relay().topic(), config.relay().partitions(), config.relay().replicationFactor())
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("created topic %s", config.relay().topic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + config.relay().topic(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s at " + bootstrapServers, e);
        }
    }

    private KafkaProducer<String, CloudEvent> producer() {
        Properties p = clientSettings();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.relay().compression());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-ingest-relay");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** The connection settings shared by every Kafka client of the service, with the bootstrap servers. */
    public Properties clientSettings() {
        Properties p = new Properties();
        p.putAll(kafkaConfig);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
