package org.vigil.ingest.log;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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
import org.vigil.access.Confidentiality;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.population.AppendCommand;
import org.vigil.ingest.population.Decision;
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

    /**
     * Decides an append as the writer would, against the log as it stands now, and writes nothing: a dry run for a
     * file someone means to record (the web app's import preview). Patches are resolved and references checked as in
     * {@link #append}; the head is not locked, so what passes here may still be refused by the append itself if the
     * record moves on in between. Answers the refusal, or null when the append would be accepted.
     */
    public Decision.Rejected check(AppendRequest request) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                AppendCommand command = request.command();
                Map<UUID, StreamState> states = StreamStates.loadStreams(c, Set.of(command.populationId()),
                        StreamStates.loadKnown(c, new HashSet<>(command.referencedIds())));
                Patches.Patched patched = Patches.resolvePatches(c, request);
                if (patched.refused() != null) return patched.refused();
                Decision decision = PopulationDecider.decide(patched.request().command(), states.get(command.populationId()));
                return decision instanceof Decision.Rejected rejected ? rejected : null;
            } finally {
                c.rollback();
                c.setReadOnly(false); // the pool hands this connection to the writer next
                c.setAutoCommit(true);
            }
        }
    }

    private record Pending(AppendRequest request, CompletableFuture<AppendResult> result, String traceParent) {
    }

    private void drain() {
        List<Pending> group = new ArrayList<>();
        Pending carried = null;  // taken while lingering, but too large for that group: it opens the next
        int lastGroup = 0;
        long linger = config.writer().linger().toNanos();
        while (running || !queue.isEmpty() || carried != null) {
            try {
                Pending first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) continue;
                group.add(first);
                int events = first.request().size();
                int maxRequests = config.writer().maxRequestsPerTransaction();
                int maxEvents = config.writer().maxEventsPerTransaction();
                Pending next;
                while (group.size() < maxRequests && events < maxEvents && (next = queue.peek()) != null
                        && events + next.request().size() <= maxEvents) {
                    group.add(queue.poll());
                    events += next.request().size();
                }
                // Under concurrent load (the last group had several requests) wait a moment for more: one commit,
                // one WAL flush and one relay batch then serve more requests. After a lone request, nothing waits.
                if (linger > 0 && lastGroup > 1) {
                    long deadline = System.nanoTime() + linger;
                    long left;
                    while (group.size() < maxRequests && events < maxEvents && (left = deadline - System.nanoTime()) > 0
                            && (next = queue.poll(left, TimeUnit.NANOSECONDS)) != null) {
                        if (events + next.request().size() > maxEvents) {
                            carried = next;
                            break;
                        }
                        group.add(next);
                        events += next.request().size();
                    }
                }
                lastGroup = group.size();
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

    /** What one transaction decided and wrote: a result per request, and the rows inserted (in position order). */
    private record Written(List<AppendResult> results, List<RecordedEvent> rows) {
    }

    private void deliver(List<Pending> group, Written written) {
        // Committed: the relay may take these rows from memory from here on (LogSignal), before the callers hear.
        signal.committed(written.rows());
        List<AppendResult> results = written.results();
        long count = 0;
        for (int i = 0; i < group.size(); i++) {
            AppendResult result = results.get(i);
            if (result instanceof AppendResult.Appended a && !a.replayed()) count += a.events().size();
            group.get(i).result().complete(result);
        }
        if (count > 0) appended.increment(count);
    }

    /**
     * Commits a group on a pooled connection. A connection the database ended while it sat in the pool (after an
     * outage or a restart) fails at its first statement: the group is then tried once more on another, since nothing
     * was sent for commit. A failure at the commit itself is never retried here: it may have committed.
     */
    private Written commit(List<Pending> group) throws SQLException {
        try {
            return commitOn(group);
        } catch (BrokenBeforeCommit e) {
            LOG.infof("a pooled connection had been ended (%s); the group is tried once more on another", e.getCause().getMessage());
            try {
                return commitOn(group);
            } catch (BrokenBeforeCommit again) {
                throw again.cause();
            }
        }
    }

    /** A connection found ended before anything was sent for commit. */
    private static final class BrokenBeforeCommit extends SQLException {
        BrokenBeforeCommit(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }

        SQLException cause() {
            return (SQLException) getCause();
        }
    }

    private Written commitOn(List<Pending> group) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Written written;
            try {
                written = decideAndWrite(c, group);
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                String state = e.getSQLState();
                // 08: the connection failed; 57P01: the server ended it. Either way nothing of the group committed.
                if (state != null && (state.startsWith("08") || state.equals("57P01"))) throw new BrokenBeforeCommit(e);
                throw e;
            } catch (RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            return written;
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Runs one append inside a transaction the caller owns and commits (or not) itself. The group-commit path uses the
     * same code; this entry exists so a test can hold a transaction open and show that nothing overtakes it.
     */
    AppendResult appendWithin(Connection c, AppendRequest request) throws SQLException {
        return decideAndWrite(c, List.of(new Pending(request, new CompletableFuture<>(), TraceParent.current()))).results().getFirst();
    }

    private Written decideAndWrite(Connection c, List<Pending> group) throws SQLException {
        Set<UUID> populations = new HashSet<>();
        Set<UUID> referenced = new HashSet<>();
        for (Pending p : group) {
            populations.add(p.request().command().populationId());
            referenced.addAll(p.request().command().referencedIds());
        }
        LogRows.Locked locked = LogRows.lockHead(c, populations);
        LogRows.Head head = locked.head();
        Map<UUID, StreamState> states = StreamStates.states(populations, locked.versions(), StreamStates.loadKnown(c, referenced));
        Map<String, IdempotencyKeys.StoredKey> keys = IdempotencyKeys.load(c, group.stream().map(Pending::request).toList());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        List<RecordedEvent> rows = new ArrayList<>();
        List<byte[]> payloadBytes = new ArrayList<>();
        Map<UUID, String> registeredNames = new HashMap<>();
        List<IdempotencyKeys.StoredKey> newKeys = new ArrayList<>();
        List<LogRows.AuditLine> auditLines = new ArrayList<>();
        List<AppendResult> results = new ArrayList<>(group.size());
        for (Pending pending : group) {
            AppendRequest request = pending.request();
            AppendCommand command = request.command();
            String keyId = IdempotencyKeys.keyId(command.populationId(), request.idempotencyKey());
            IdempotencyKeys.StoredKey stored = keyId == null ? null : keys.get(keyId);
            if (stored != null) {
                results.add(stored.requestHash().equals(request.requestHash())
                        ? stored.result().asReplay() : new AppendResult.KeyReused(request.idempotencyKey()));
                continue;
            }
            StreamState state = states.get(command.populationId());
            // A correction sent as a patch becomes the whole event here, against the fact as it stands in the log,
            // inside the transaction that holds the head: nothing can change the fact in between.
            Patches.Patched patched = Patches.resolvePatches(c, request);
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
                long position = head.position() + 1;
                version++;
                String type = EventType.of(next.event()).typeName();
                String payload = request.payloads().get(i);
                byte[] utf8 = payload.getBytes(StandardCharsets.UTF_8);  // hashed, and what a COPY inserts
                String hash = HashChain.link(head.hash(), position, next.eventId(), command.populationId(), version,
                        type, now, request.recordedBy(), utf8);
                payloadBytes.add(utf8);
                rows.add(new RecordedEvent(position, next.eventId(), command.populationId(), version, type, now,
                        request.recordedBy(), PopulationDecider.refersTo(next.event()), confidentiality(next.event()), payload, head.hash(), hash,
                        pending.traceParent()));
                receipts.add(new AppendResult.Receipt(next.eventId(), version, position, now.toString(), hash));
                if (next.event().confidentiality().compareTo(highest) > 0) highest = next.event().confidentiality();
                if (next.event() instanceof PopulationEvent.PopulationRegistered r) {
                    registeredNames.put(command.populationId(), r.name());
                }
                head = new LogRows.Head(position, hash);
            }
            state = ((Decision.Accepted) decision).after();
            states.put(command.populationId(), state);
            AppendResult.Appended result = new AppendResult.Appended(command.populationId(), state.version(), receipts, false);
            results.add(result);
            if (request.audit() != null) {
                auditLines.add(new LogRows.AuditLine(request.audit(), command.populationId(), highest.name().toLowerCase(),
                        "appended " + receipts.size() + " event(s), stream versions " + receipts.getFirst().streamVersion()
                                + "-" + receipts.getLast().streamVersion() + ", log positions " + receipts.getFirst().position()
                                + "-" + receipts.getLast().position()));
            }
            if (keyId != null) {
                IdempotencyKeys.StoredKey key = new IdempotencyKeys.StoredKey(command.populationId(), request.idempotencyKey(), request.requestHash(), result);
                keys.put(keyId, key);
                newKeys.add(key);
            }
        }
        if (rows.size() >= config.writer().copyFrom()) {
            EventRowsCopy.copy(c, rows, payloadBytes);
            LogRows.write(c, rows, false, registeredNames, now, head, auditLines);
        } else if (!rows.isEmpty() || !auditLines.isEmpty()) {
            LogRows.write(c, rows, true, registeredNames, now, head, auditLines);
        }
        IdempotencyKeys.save(c, newKeys, now);
        return new Written(results, rows);
    }

    private static String confidentiality(PopulationEvent event) {
        return event.confidentiality().name().toLowerCase();
    }

}
