package org.vigil.ingest.log;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigil.ingest.config.IngestConfig;
import org.vigil.ingest.event.Confidentiality;
import org.vigil.ingest.event.EventRules;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.Violation;
import org.vigil.ingest.json.EventJson;
import org.vigil.ingest.json.MergePatch;
import org.vigil.ingest.json.Upcasters;
import org.vigil.ingest.population.AppendCommand;
import org.vigil.ingest.population.Decision;
import org.vigil.ingest.population.KnownEvent;
import org.vigil.ingest.population.NewEvent;
import org.vigil.ingest.population.PopulationDecider;
import org.vigil.ingest.population.StreamState;

/**
 * The append path. One writer thread takes the appends waiting in its queue, and for the whole group: locks the log
 * head, loads what the decisions need, decides each command in order, inserts the accepted events with their
 * positions and hash links, and commits once. Positions are handed out under the head lock and the lock is held
 * until commit, so events become visible strictly in position order, with no gaps: a reader tailing the log can
 * never pass over an event whose transaction commits late. Other instances take the same lock, so this holds for a
 * scaled-out deployment too.
 */
@ApplicationScoped
public class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    private static final String INSERT_EVENT = """
            INSERT INTO events (position, event_id, stream_id, stream_version, type, recorded_at, recorded_by,
                                target_event_id, confidentiality, payload, prev_hash, hash, trace_parent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?, ?)""";

    private final DataSource dataSource;
    private final IngestConfig config;
    private final LogSignal signal;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final Counter appended;
    private final Timer groupCommit;
    private volatile boolean running;
    private Thread writer;

    public EventLog(DataSource dataSource, IngestConfig config, LogSignal signal, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.signal = signal;
        this.clock = Clock.systemUTC();
        this.queue = new ArrayBlockingQueue<>(config.writer().queueCapacity());
        this.appended = Counter.builder("vigil.events.appended").description("Events committed to the log").register(registry);
        this.groupCommit = Timer.builder("vigil.log.group.commit").description("One group-commit transaction")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("vigil.log.writer.queue", queue, BlockingQueue::size);
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        running = true;
        writer = Thread.ofPlatform().name("vigil-log-writer").daemon().start(this::drain);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) writer.join(5_000);
    }

    /** Queues an append; the future completes once the transaction holding it has committed (or refused it). */
    public CompletableFuture<AppendResult> append(AppendRequest request) {
        Pending pending = new Pending(request, new CompletableFuture<>(), TraceParent.current());
        if (!running || !queue.offer(pending)) {
            pending.result.completeExceptionally(new RejectedExecutionException("the log writer is busy or stopped"));
        }
        return pending.result;
    }

    private record Pending(AppendRequest request, CompletableFuture<AppendResult> result, String traceParent) {
    }

    private void drain() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                group.add(first);
                int events = first.request().size();
                Pending next;
                while (group.size() < config.writer().maxRequestsPerTransaction()
                        && events < config.writer().maxEventsPerTransaction()
                        && (next = queue.peek()) != null
                        && events + next.request().size() <= config.writer().maxEventsPerTransaction()) {
                    group.add(queue.poll());
                    events += next.request().size();
                }
                commitIsolated(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("log writer failed a group", e);
                group.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /** Commits a group; if the transaction fails, each request is tried alone, so one bad request fails alone. */
    private void commitIsolated(List<Pending> group) {
        try {
            deliver(group, groupCommit.recordCallable(() -> commit(group)));
        } catch (Exception e) {
            if (group.size() > 1 && Unavailable.isCause(e)) {
                // The database is out of reach: trying each request alone would only wait for it again, once a request.
                LOG.warnf("a group of %d appends failed: the database is unavailable (%s)", group.size(), e.getMessage());
                group.forEach(p -> p.result().completeExceptionally(e));
                return;
            }
            if (group.size() == 1) {
                LOG.warnf(e, "append to population %s failed", group.getFirst().request().command().populationId());
                group.getFirst().result().completeExceptionally(e);
                return;
            }
            LOG.warnf("a group of %d appends failed (%s); retrying each alone", group.size(), e.getMessage());
            for (Pending p : group) commitIsolated(List.of(p));
        }
    }

    private void deliver(List<Pending> group, List<AppendResult> results) {
        long count = 0;
        for (int i = 0; i < group.size(); i++) {
            AppendResult result = results.get(i);
            if (result instanceof AppendResult.Appended a && !a.replayed()) count += a.events().size();
            group.get(i).result().complete(result);
        }
        if (count > 0) {
            appended.increment(count);
            signal.committed();
        }
    }

    private List<AppendResult> commit(List<Pending> group) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<AppendResult> results = decideAndWrite(c, group);
                c.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Runs one append inside a transaction the caller owns and commits (or not) itself. The group-commit path uses the
     * same code; this entry exists so a test can hold a transaction open and show that nothing overtakes it.
     */
    AppendResult appendWithin(Connection c, AppendRequest request) throws SQLException {
        return decideAndWrite(c, List.of(new Pending(request, new CompletableFuture<>(), TraceParent.current()))).getFirst();
    }

    private List<AppendResult> decideAndWrite(Connection c, List<Pending> group) throws SQLException {
        Head head = lockHead(c);
        Set<UUID> populations = new HashSet<>();
        Set<UUID> referenced = new HashSet<>();
        for (Pending p : group) {
            populations.add(p.request().command().populationId());
            referenced.addAll(p.request().command().referencedIds());
        }
        Map<UUID, StreamState> states = loadStreams(c, populations, loadKnown(c, referenced));
        Map<String, StoredKey> keys = loadKeys(c, group);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        List<RecordedEvent> rows = new ArrayList<>();
        Map<UUID, String> registeredNames = new HashMap<>();
        List<StoredKey> newKeys = new ArrayList<>();
        List<AuditLine> auditLines = new ArrayList<>();
        List<AppendResult> results = new ArrayList<>(group.size());
        for (Pending pending : group) {
            AppendRequest request = pending.request();
            AppendCommand command = request.command();
            String keyId = keyId(command.populationId(), request.idempotencyKey());
            StoredKey stored = keyId == null ? null : keys.get(keyId);
            if (stored != null) {
                results.add(stored.requestHash().equals(request.requestHash())
                        ? stored.result().asReplay() : new AppendResult.KeyReused(request.idempotencyKey()));
                continue;
            }
            StreamState state = states.get(command.populationId());
            // A correction sent as a patch becomes the whole event here, against the fact as it stands in the log,
            // inside the transaction that holds the head: nothing can change the fact in between.
            Patched patched = resolvePatches(c, request);
            if (patched.refused() != null) {
                results.add(new AppendResult.Refused(patched.refused()));
                continue;
            }
            request = patched.request();
            command = request.command();
            Decision decision = PopulationDecider.decide(command, state);
            if (decision instanceof Decision.Rejected rejected) {
                results.add(new AppendResult.Refused(rejected));
                continue;
            }
            List<AppendResult.Receipt> receipts = new ArrayList<>();
            long version = state.version();
            Confidentiality highest = Confidentiality.PUBLIC;
            List<NewEvent> accepted = ((Decision.Accepted) decision).events();
            for (int i = 0; i < accepted.size(); i++) {
                NewEvent next = accepted.get(i);
                long position = head.position + 1;
                version++;
                String type = EventType.of(next.event()).typeName();
                String payload = request.payloads().get(i);
                String hash = HashChain.link(head.hash, position, next.eventId(), command.populationId(), version,
                        type, now, request.recordedBy(), payload);
                rows.add(new RecordedEvent(position, next.eventId(), command.populationId(), version, type, now,
                        request.recordedBy(), PopulationDecider.refersTo(next.event()), confidentiality(next.event()), payload, head.hash, hash,
                        pending.traceParent()));
                receipts.add(new AppendResult.Receipt(next.eventId(), version, position, now.toString(), hash));
                if (next.event().confidentiality().compareTo(highest) > 0) highest = next.event().confidentiality();
                if (next.event() instanceof PopulationEvent.PopulationRegistered r) {
                    registeredNames.put(command.populationId(), r.name());
                }
                head = new Head(position, hash);
            }
            state = ((Decision.Accepted) decision).after();
            states.put(command.populationId(), state);
            AppendResult.Appended result = new AppendResult.Appended(command.populationId(), state.version(), receipts, false);
            results.add(result);
            if (request.audit() != null) {
                auditLines.add(new AuditLine(request.audit(), command.populationId(), highest.name().toLowerCase(),
                        "appended " + receipts.size() + " event(s), stream versions " + receipts.getFirst().streamVersion()
                                + "-" + receipts.getLast().streamVersion() + ", log positions " + receipts.getFirst().position()
                                + "-" + receipts.getLast().position()));
            }
            if (keyId != null) {
                StoredKey key = new StoredKey(command.populationId(), request.idempotencyKey(), request.requestHash(), result);
                keys.put(keyId, key);
                newKeys.add(key);
            }
        }
        if (!rows.isEmpty()) {
            insertEvents(c, rows);
            saveStreams(c, rows, registeredNames, now);
            saveHead(c, head);
        }
        saveKeys(c, newKeys, now);
        insertAudit(c, auditLines);
        return results;
    }

    private record AuditLine(AuditNote note, UUID populationId, String level, String detail) {
    }

    /** The audit lines of the appends in this transaction: committed with their events, or not at all. */
    private static void insertAudit(Connection c, List<AuditLine> lines) throws SQLException {
        if (lines.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (actor, roles, client, forwarded_for, kind, level,"
                + " method, path, status, population_id, detail) VALUES (?, ?, ?, ?, 'write', ?, ?, ?, 201, ?, ?)")) {
            for (AuditLine line : lines) {
                AuditNote n = line.note();
                s.setString(1, n.actor());
                s.setString(2, n.roles());
                s.setString(3, n.client());
                s.setString(4, n.forwardedFor());
                s.setString(5, line.level());
                s.setString(6, n.method());
                s.setString(7, n.path());
                s.setObject(8, line.populationId());
                s.setString(9, line.detail());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String confidentiality(PopulationEvent event) {
        return event.confidentiality().name().toLowerCase();
    }

    private record Head(long position, String hash) {
    }

    private static Head lockHead(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT position, hash FROM log_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("log_head is missing: has the migration run?");
            return new Head(rs.getLong(1), rs.getString(2));
        }
    }

    /** Every name these types were written under: the log keeps old events as written. Worked out once. */
    private static final Object[] CORRECTED_NAMES = Upcasters.allNames(EventType.EVENT_CORRECTED.typeName()).toArray();

    private record Patched(AppendRequest request, Decision.Rejected refused) {
    }

    /** Each correction that carries a patch, made whole (JSON Merge Patch on the fact as it stands); or why not. */
    private static Patched resolvePatches(Connection c, AppendRequest request) throws SQLException {
        AppendCommand command = request.command();
        List<NewEvent> events = new ArrayList<>(command.events());
        List<String> payloads = new ArrayList<>(request.payloads());
        List<Violation> problems = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i).event() instanceof PopulationEvent.EventCorrected correction)
                    || correction.patch() == null || correction.corrected() != null || correction.target() == null) continue;
            String at = command.batch() ? "events[" + i + "]." : "";
            Optional<ObjectNode> current = currentFact(c, command.populationId(), correction.target());
            if (current.isEmpty()) {
                problems.add(new Violation(at + "target", "target.exists", "event " + correction.target()
                        + " is not a recorded fact of this population: a patch needs the fact as it stands"));
                continue;
            }
            JsonNode whole = MergePatch.apply(current.get(), EventJson.mapper().valueToTree(correction.patch()));
            try {
                PopulationEvent made = EventJson.decode(whole).event();
                // the event the patch makes meets every rule, named where the client can act: under patch.
                List<Violation> broken = EventRules.check(made);
                if (!broken.isEmpty()) {
                    broken.forEach(v -> problems.add(v.prefixed(at + "patch")));
                    continue;
                }
                PopulationEvent.EventCorrected resolved = correction.resolved(made);
                events.set(i, new NewEvent(events.get(i).eventId(), resolved, events.get(i).idChosenByClient()));
                payloads.set(i, EventJson.payloadText(resolved));
                changed = true;
            } catch (EventJson.Invalid invalid) {
                invalid.violations().forEach(v -> problems.add(v.prefixed(at + "patch")));
            }
        }
        if (!problems.isEmpty()) return new Patched(request, new Decision.Rejected(Decision.Refusal.INVALID, problems));
        if (!changed) return new Patched(request, null);
        AppendCommand whole = new AppendCommand(command.populationId(), command.expectedVersion(), events, command.batch());
        return new Patched(new AppendRequest(whole, request.recordedBy(), request.idempotencyKey(), request.requestHash(),
                payloads, request.audit()), null);
    }

    /** A fact as it stands, with its type: its latest correction's event, or the event as first recorded. */
    private static Optional<ObjectNode> currentFact(Connection c, UUID populationId, UUID eventId) throws SQLException {
        String sql = """
                (SELECT type, payload::text, 1 AS rank, position FROM events
                  WHERE target_event_id = ? AND stream_id = ? AND type = ANY (?)
                  ORDER BY position DESC LIMIT 1)
                UNION ALL
                (SELECT type, payload::text, 2 AS rank, position FROM events WHERE event_id = ? AND stream_id = ?)
                ORDER BY rank LIMIT 1""";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, eventId);
            s.setObject(2, populationId);
            s.setArray(3, c.createArrayOf("text", CORRECTED_NAMES));
            s.setObject(4, eventId);
            s.setObject(5, populationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                PopulationEvent stored = EventJson.fromPayload(rs.getString(1), rs.getString(2));
                if (stored instanceof PopulationEvent.EventCorrected corrected) {
                    return corrected.corrected() == null ? Optional.empty() : Optional.of(EventJson.withType(corrected.corrected()));
                }
                if (stored instanceof PopulationEvent.EventRetracted) return Optional.empty();
                return Optional.of(EventJson.withType(stored));
            }
        }
    }

    /**
     * The recorded events a decision refers to, each as it stands: the events that referred to it since (retractions,
     * liftings, corrections) are folded through the decider's own rule ({@link PopulationDecider#referredBy}).
     */
    private static Map<UUID, KnownEvent> loadKnown(Connection c, Set<UUID> ids) throws SQLException {
        Map<UUID, KnownEvent> known = new HashMap<>();
        if (ids.isEmpty()) return known;
        String sql = """
                SELECT event_id, stream_id, type, NULL::uuid AS target, 0 AS referring, position FROM events
                 WHERE event_id = ANY (?)
                UNION ALL
                SELECT event_id, stream_id, type, target_event_id, 1, position FROM events
                 WHERE target_event_id = ANY (?)
                ORDER BY referring, position""";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Array wanted = c.createArrayOf("uuid", ids.toArray());
            s.setArray(1, wanted);
            s.setArray(2, wanted);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    // The log keeps every event under the type name it was written with: read it as the current one.
                    EventType type = EventType.byName(Upcasters.currentType(rs.getString(3)))
                            .orElseThrow(() -> new IllegalStateException("unknown type in the log: " + id));
                    UUID target = rs.getObject(4, UUID.class);
                    if (target == null) {
                        known.put(id, new KnownEvent(id, rs.getObject(2, UUID.class), type, false, false));
                    } else {
                        known.computeIfPresent(target, (t, k) -> PopulationDecider.referredBy(k, type));
                    }
                }
            }
        }
        return known;
    }

    private static Map<UUID, StreamState> loadStreams(Connection c, Set<UUID> ids, Map<UUID, KnownEvent> known)
            throws SQLException {
        Map<UUID, StreamState> states = new HashMap<>();
        for (UUID id : ids) states.put(id, new StreamState(id, false, 0, known));
        try (PreparedStatement s = c.prepareStatement("SELECT stream_id, version FROM streams WHERE stream_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    states.put(id, new StreamState(id, true, rs.getLong(2), known));
                }
            }
        }
        return states;
    }

    private record StoredKey(UUID populationId, String key, String requestHash, AppendResult.Appended result) {
    }

    private static String keyId(UUID populationId, String key) {
        return key == null ? null : populationId + "/" + key;
    }

    private static Map<String, StoredKey> loadKeys(Connection c, List<Pending> group) throws SQLException {
        Map<String, StoredKey> keys = new HashMap<>();
        List<String> wanted = new ArrayList<>();
        for (Pending p : group) {
            String id = keyId(p.request().command().populationId(), p.request().idempotencyKey());
            if (id != null) wanted.add(id);
        }
        if (wanted.isEmpty()) return keys;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT stream_id, key, request_hash, response FROM idempotency_keys WHERE stream_id || '/' || key = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", wanted.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID population = rs.getObject(1, UUID.class);
                    AppendResult.Appended result = EventJson.mapper().readValue(rs.getString(4), AppendResult.Appended.class);
                    keys.put(keyId(population, rs.getString(2)), new StoredKey(population, rs.getString(2), rs.getString(3), result));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored idempotent response does not read back", e);
            }
        }
        return keys;
    }

    private static void insertEvents(Connection c, List<RecordedEvent> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_EVENT)) {
            for (RecordedEvent e : rows) {
                s.setLong(1, e.position());
                s.setObject(2, e.eventId());
                s.setObject(3, e.populationId());
                s.setLong(4, e.streamVersion());
                s.setString(5, e.type());
                s.setTimestamp(6, Timestamp.from(e.recordedAt()));
                s.setString(7, e.recordedBy());
                s.setObject(8, e.targetEventId());
                s.setString(9, e.confidentiality());
                s.setString(10, e.payload());
                s.setString(11, e.previousHash());
                s.setString(12, e.hash());
                s.setString(13, e.traceParent());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void saveStreams(Connection c, List<RecordedEvent> rows, Map<UUID, String> names, Instant now)
            throws SQLException {
        Map<UUID, Long> versions = new LinkedHashMap<>();
        for (RecordedEvent e : rows) versions.put(e.populationId(), e.streamVersion());
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO streams (stream_id, version, name, registered_at, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at""")) {
            for (var entry : versions.entrySet()) {
                s.setObject(1, entry.getKey());
                s.setLong(2, entry.getValue());
                s.setString(3, names.getOrDefault(entry.getKey(), ""));
                s.setTimestamp(4, Timestamp.from(now));
                s.setTimestamp(5, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void saveHead(Connection c, Head head) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE log_head SET position = ?, hash = ? WHERE id = 1")) {
            s.setLong(1, head.position());
            s.setString(2, head.hash());
            s.executeUpdate();
        }
    }

    private static void saveKeys(Connection c, List<StoredKey> keys, Instant now) throws SQLException {
        if (keys.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO idempotency_keys (stream_id, key, request_hash, response, created_at) VALUES (?, ?, ?, ?::json, ?)")) {
            for (StoredKey k : keys) {
                s.setObject(1, k.populationId());
                s.setString(2, k.key());
                s.setString(3, k.requestHash());
                s.setString(4, EventJson.mapper().writeValueAsString(k.result()));
                s.setTimestamp(5, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an idempotent response did not serialize", e);
        }
    }
}
