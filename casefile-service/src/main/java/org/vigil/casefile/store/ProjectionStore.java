package org.vigil.casefile.store;

import org.vigil.casefile.failure.Failures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.Envelope;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.wire.LoggedEvent;

/**
 * Writes what the projection decides, one Kafka batch per transaction: the new fact revisions, each population's
 * last applied version and position, and the events parked because they could not be applied. A redelivered batch
 * finds its events at or below the stored version and changes nothing.
 */
@ApplicationScoped
public class ProjectionStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;
    private static final Set<String> AMENDMENTS = Set.of(Event.typeName(Event.Corrected.class),
            Event.typeName(Event.Retracted.class));

    private final Mutiny.SessionFactory sessions;

    private final CaseFileReads reads;
    private final Backlog backlog;

    public ProjectionStore(Mutiny.SessionFactory sessions, CaseFileReads reads, Backlog backlog) {
        this.reads = reads;
        this.sessions = sessions;
        this.backlog = backlog;
    }

    /** What a batch changed: the populations whose view moved, and those that stalled. */
    public record Result(Set<UUID> changed, Map<UUID, String> stalled, int applied, int parked, Instant lastRecordedAt) {

        static final Result EMPTY = new Result(Set.of(), Map.of(), 0, 0, null);

        static Result merge(List<Result> results) {
            Set<UUID> changed = new HashSet<>();
            Map<UUID, String> stalled = new HashMap<>();
            int applied = 0;
            int parked = 0;
            Instant last = null;
            for (Result r : results) {
                changed.addAll(r.changed());
                stalled.putAll(r.stalled());
                applied += r.applied();
                parked += r.parked();
                if (r.lastRecordedAt() != null && (last == null || r.lastRecordedAt().isAfter(last))) last = r.lastRecordedAt();
            }
            return new Result(changed, stalled, applied, parked, last);
        }
    }

    public Uni<Result> apply(List<LoggedEvent> batch) {
        return apply(batch, List.of());
    }

    /**
     * Applies a batch and keeps its unreadable records, in one transaction. If the database refuses it for its data,
     * or the store's code throws on it ({@link Failures#causedByData}), call {@link #applyIsolating}.
     */
    public Uni<Result> apply(List<LoggedEvent> batch, List<UnreadableRecord> unreadable) {
        Map<UUID, List<LoggedEvent>> byPopulation = new LinkedHashMap<>();
        for (LoggedEvent e : batch) byPopulation.computeIfAbsent(e.populationId(), k -> new ArrayList<>()).add(e);
        if (byPopulation.isEmpty()) {
            return unreadable.isEmpty() ? Uni.createFrom().item(Result.EMPTY)
                    : sessions.withStatelessTransaction((session, tx) -> UnreadableRecords.keep(session, unreadable)).replaceWith(Result.EMPTY);
        }
        // A stateless session: the batch path needs no persistence context, and skipping it is most of the speed.
        return sessions.withStatelessTransaction((session, tx) -> sharedLock(session).chain(() -> loadRows(session, byPopulation.keySet()))
                .chain(rows -> loadTargets(session, batch).chain(targets -> alreadyParked(session, batch, rows)
                        .chain(parkedIds -> write(session, byPopulation, rows, targets, parkedIds))))
                .call(() -> UnreadableRecords.keep(session, unreadable)))
                .invoke(result -> backlog.wrote(result.lastRecordedAt()));
    }

    /**
     * Applies a batch the database refused as a whole, so that one bad event cannot stop the others: its unreadable
     * records alone, then each population's events alone, and within a population that is refused again, event by
     * event. The event refused alone is parked with the database's reason, and its population stalls (the events
     * after it are parked behind it, as for any stall); every other population goes on. Redelivery-safe like
     * {@link #apply}: what is already applied is skipped.
     */
    public Uni<Result> applyIsolating(List<LoggedEvent> batch, List<UnreadableRecord> unreadable) {
        Map<UUID, List<LoggedEvent>> byPopulation = new LinkedHashMap<>();
        for (LoggedEvent e : batch) byPopulation.computeIfAbsent(e.populationId(), k -> new ArrayList<>()).add(e);
        Uni<Result> kept = apply(List.of(), unreadable);
        return kept.chain(() -> Multi.createFrom().iterable(byPopulation.values())
                .onItem().transformToUniAndConcatenate(events -> apply(events)
                        .onFailure(Failures::causedByData).recoverWithUni(refused -> eventByEvent(events)))
                .collect().asList().map(Result::merge));
    }

    private Uni<Result> eventByEvent(List<LoggedEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> apply(List.of(e))
                        .onFailure(Failures::causedByData).recoverWithUni(refused -> parkRefused(e, refused)))
                .collect().asList().map(Result::merge);
    }

    /** Parks an event the database refused alone and stalls its population, with the database's reason. */
    private Uni<Result> parkRefused(LoggedEvent e, Throwable refused) {
        String reason = "event " + e.eventId() + " (" + Failures.storable(e.type()) + ", version " + e.streamVersion()
                + ") could not be stored: " + Failures.describe(refused);
        Instant now = Instant.now();
        return sessions.withStatelessTransaction((session, tx) -> loadRows(session, Set.of(e.populationId())).chain(rows -> {
            CaseFileRow row = rows.get(e.populationId());
            boolean isNew = row == null;
            if (isNew) {
                row = new CaseFileRow();
                row.populationId = e.populationId();
            }
            if (e.streamVersion() <= row.version) return Uni.createFrom().item(Result.EMPTY); // applied meanwhile
            row.stalledReason = reason;
            row.stalledAt = now;
            row.updatedAt = now;
            ParkedEvent parked = Rows.park(e, reason, now);
            CaseFileRow written = row;
            return session.createSelectionQuery("select count(*) from ParkedEvent where eventId = :id", Long.class)
                    .setParameter("id", e.eventId()).getSingleResult()
                    .chain(already -> already > 0 ? Uni.createFrom().voidItem() : session.insert(parked))
                    .chain(() -> isNew ? session.insert(written) : session.update(written))
                    .replaceWith(new Result(Set.of(), Map.of(e.populationId(), reason), 0, 1, null));
        }));
    }

    /** Live batches share this lock; a rebuild takes it exclusively, so the two never interleave their writes. */
    static final long REBUILD_LOCK = 0x5649_4749_4C43_4652L;

    private static Uni<Void> sharedLock(Mutiny.StatelessSession session) {
        return session.createNativeQuery("select pg_advisory_xact_lock_shared(" + REBUILD_LOCK + ")").getSingleResult().replaceWithVoid();
    }

    /** What one chunk of a rebuild brings for one population: the revisions for versions after {@code fromVersion}. */
    public record RebuiltChunk(UUID populationId, String name, long fromVersion, long version, long position,
                               Instant lastRecordedAt, List<CaseFile.NewRevision> revisions, boolean first) {
    }

    /**
     * Writes one chunk of a rebuild: for each population, the stored revisions of the versions the chunk covers are
     * replaced by the rebuilt ones. Facts above them, applied meanwhile by the live consumer, stay: they come from
     * the same events through the same code. Takes the lock live batches share, exclusively, so the two never
     * interleave.
     */
    public Uni<Void> writeRebuildChunk(List<RebuiltChunk> chunk) {
        // Case files read before or during the write would show revisions the rebuild replaces.
        reads.forgetLoaded();
        backlog.rebuilding();
        return writeChunk(chunk).eventually(() -> {
            backlog.rebuilding();
            reads.forgetLoaded();
        });
    }

    private Uni<Void> writeChunk(List<RebuiltChunk> chunk) {
        Instant now = Instant.now();
        Set<UUID> ids = new HashSet<>();
        for (RebuiltChunk c : chunk) ids.add(c.populationId());
        return sessions.withStatelessTransaction((session, tx) -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + REBUILD_LOCK + ")").getSingleResult()
                .chain(() -> loadRows(session, ids))
                .chain(rows -> {
                    // One statement each for the chunk's deletions, whatever the number of populations it touches.
                    UUID[] pops = chunk.stream().map(RebuiltChunk::populationId).toArray(UUID[]::new);
                    Long[] from = chunk.stream().map(RebuiltChunk::fromVersion).toArray(Long[]::new);
                    Long[] to = chunk.stream().map(RebuiltChunk::version).toArray(Long[]::new);
                    UUID[] firsts = chunk.stream().filter(RebuiltChunk::first).map(RebuiltChunk::populationId).toArray(UUID[]::new);
                    Uni<Void> chain = session.createNativeQuery("DELETE FROM facts f USING unnest(CAST(?1 AS uuid[]), CAST(?2 AS bigint[]),"
                                    + " CAST(?3 AS bigint[])) AS r(p, lo, hi) WHERE f.population_id = r.p AND f.stream_version > r.lo"
                                    + " AND f.stream_version <= r.hi")
                            .setParameter(1, pops).setParameter(2, from).setParameter(3, to).executeUpdate()
                            .chain(() -> firsts.length == 0 ? Uni.createFrom().item(0) : session.createNativeQuery(
                                    "DELETE FROM parked_events WHERE population_id = ANY (CAST(?1 AS uuid[]))")
                                    .setParameter(1, firsts).executeUpdate())
                            .replaceWithVoid();
                    List<Object> inserts = new ArrayList<>();
                    List<Object> updates = new ArrayList<>();
                    for (RebuiltChunk c : chunk) {
                        for (CaseFile.NewRevision r : c.revisions()) inserts.add(Rows.toRow(c.populationId(), r));
                        CaseFileRow row = rows.get(c.populationId());
                        boolean isNew = row == null;
                        if (isNew) {
                            row = new CaseFileRow();
                            row.populationId = c.populationId();
                        }
                        if (row.version <= c.version()) {
                            row.version = c.version();
                            row.position = c.position();
                            row.lastRecordedAt = c.lastRecordedAt();
                        }
                        if (c.name() != null) row.name = c.name();
                        if (c.first()) {
                            row.stalledReason = null;
                            row.stalledAt = null;
                        }
                        row.updatedAt = now;
                        (isNew ? inserts : updates).add(row);
                    }
                    List<FactRow> facts = new ArrayList<>();
                    inserts.removeIf(o -> o instanceof FactRow f && facts.add(f));
                    return chain.chain(() -> Rows.insertFacts(session, facts))
                            .chain(() -> inserts.isEmpty() ? Uni.createFrom().voidItem() : session.insertAll(BATCH, inserts.toArray()))
                            .chain(() -> updates.isEmpty() ? Uni.createFrom().voidItem() : session.updateAll(BATCH, updates.toArray()));
                }));
    }

    /** Records the populations a rebuild left stalled, with their parked events. */
    public Uni<Void> markStalledByRebuild(Map<UUID, String> stalls, Map<UUID, List<LoggedEvent>> parked) {
        if (stalls.isEmpty()) return Uni.createFrom().voidItem();
        Instant now = Instant.now();
        return sessions.withStatelessTransaction((session, tx) -> loadRows(session, stalls.keySet()).chain(rows -> {
            List<Object> inserts = new ArrayList<>();
            List<Object> updates = new ArrayList<>();
            for (var s : stalls.entrySet()) {
                CaseFileRow row = rows.get(s.getKey());
                boolean isNew = row == null;
                if (isNew) {
                    row = new CaseFileRow();
                    row.populationId = s.getKey();
                }
                row.stalledReason = s.getValue();
                row.stalledAt = now;
                row.updatedAt = now;
                (isNew ? inserts : updates).add(row);
                for (LoggedEvent e : parked.getOrDefault(s.getKey(), List.of())) inserts.add(Rows.park(e, s.getValue(), now));
            }
            return (inserts.isEmpty() ? Uni.createFrom().voidItem() : session.insertAll(BATCH, inserts.toArray()))
                    .chain(() -> updates.isEmpty() ? Uni.createFrom().voidItem() : session.updateAll(BATCH, updates.toArray()));
        }));
    }

    /** Applies the parked events of a stalled population again, in version order, after its cause was fixed. */
    public Uni<Result> replay(UUID populationId) {
        return sessions.withStatelessTransaction((session, tx) -> session.get(CaseFileRow.class, populationId)
                .chain(row -> session.createSelectionQuery(
                                "from ParkedEvent where populationId = :id order by streamVersion", ParkedEvent.class)
                        .setParameter("id", populationId).getResultList()
                        .chain(parked -> {
                            if (row == null || parked.isEmpty()) return Uni.createFrom().item(new Result(Set.of(), Map.of(), 0, 0, null));
                            row.stalledReason = null;
                            row.stalledAt = null;
                            List<LoggedEvent> events = parked.stream().map(Rows::toEvent).toList();
                            return session.deleteAll(parked.toArray()).chain(() -> loadTargets(session, events))
                                    .chain(targets -> write(session, Map.of(populationId, events),
                                            Map.of(populationId, row), targets, new HashSet<>()));
                        })));
    }

    public Uni<List<UUID>> stalledPopulations() {
        return sessions.withSession(s -> s.createSelectionQuery(
                "select populationId from CaseFileRow where stalledReason is not null", UUID.class).getResultList());
    }

    private Uni<Map<UUID, CaseFileRow>> loadRows(Mutiny.StatelessSession session, Set<UUID> ids) {
        return session.createSelectionQuery("from CaseFileRow where populationId in :ids", CaseFileRow.class)
                .setParameter("ids", ids).getResultList().map(found -> {
                    Map<UUID, CaseFileRow> rows = new HashMap<>();
                    for (CaseFileRow row : found) rows.put(row.populationId, row);
                    return rows;
                });
    }

    /** The stored revisions of the facts a batch corrects or retracts: all the projection needs to know of them. */
    private Uni<List<FactRow>> loadTargets(Mutiny.StatelessSession session, List<LoggedEvent> batch) {
        Set<UUID> targets = new HashSet<>();
        for (LoggedEvent e : batch) {
            if (AMENDMENTS.contains(e.type())) {
                try {
                    targets.add(UUID.fromString(e.data().path("target").asText()));
                } catch (IllegalArgumentException ignored) {
                    // the projection stalls on it, with the reason
                }
            }
        }
        if (targets.isEmpty()) return Uni.createFrom().item(List.of());
        return session.createSelectionQuery("from FactRow where entryId in :ids order by streamVersion", FactRow.class)
                .setParameter("ids", targets).getResultList();
    }

    /**
     * Events of this batch already parked (a redelivery). Parking and stalling commit together, so only populations
     * stalled before the batch can have any.
     */
    private Uni<Set<UUID>> alreadyParked(Mutiny.StatelessSession session, List<LoggedEvent> batch, Map<UUID, CaseFileRow> rows) {
        List<UUID> ids = batch.stream().filter(e -> {
            CaseFileRow row = rows.get(e.populationId());
            return row != null && row.stalledReason != null;
        }).map(LoggedEvent::eventId).toList();
        if (ids.isEmpty()) return Uni.createFrom().item(new HashSet<>());
        return session.createSelectionQuery("select eventId from ParkedEvent where eventId in :ids", UUID.class)
                .setParameter("ids", ids).getResultList().map(HashSet::new);
    }

    private Uni<Result> write(Mutiny.StatelessSession session, Map<UUID, List<LoggedEvent>> byPopulation,
                              Map<UUID, CaseFileRow> rows, List<FactRow> targets, Set<UUID> parkedIds) {
        Instant now = Instant.now();
        List<Object> inserts = new ArrayList<>();
        List<Object> updates = new ArrayList<>();
        Set<UUID> changed = new HashSet<>();
        Map<UUID, String> stalled = new HashMap<>();
        int applied = 0;
        int parked = 0;
        Instant lastRecordedAt = null;
        for (var group : byPopulation.entrySet()) {
            UUID populationId = group.getKey();
            CaseFileRow row = rows.get(populationId);
            boolean isNew = row == null;
            if (isNew) {
                row = new CaseFileRow();
                row.populationId = populationId;
            }
            List<CaseFile.NewRevision> known = targets.stream().filter(f -> f.populationId.equals(populationId))
                    .map(Rows::toRevision).toList();
            CaseFile file = CaseFile.fromRevisions(populationId, row.version, row.position, row.lastRecordedAt, known);
            for (LoggedEvent e : group.getValue()) {
                if (e.streamVersion() <= row.version && row.stalledReason == null) continue; // redelivered: nothing to do
                if (row.stalledReason != null) {
                    if (e.streamVersion() > row.version && parkedIds.add(e.eventId())) {
                        inserts.add(Rows.park(e, "population stalled earlier: " + row.stalledReason, now));
                        parked++;
                    }
                    continue;
                }
                Envelope envelope = e.envelope();
                CaseFile.Outcome outcome = file.apply(envelope);
                if (outcome instanceof CaseFile.Outcome.Stalled s) {
                    row.stalledReason = Failures.storable(s.reason());
                    row.stalledAt = now;
                    stalled.put(populationId, s.reason());
                    if (parkedIds.add(e.eventId())) {
                        inserts.add(Rows.park(e, s.reason(), now));
                        parked++;
                    }
                    continue;
                }
                if (outcome instanceof CaseFile.Outcome.Applied) {
                    applied++;
                    lastRecordedAt = e.recordedAt();
                    if (envelope.registeredName() != null) row.name = envelope.registeredName();
                }
            }
            for (CaseFile.NewRevision r : file.drainAdded()) inserts.add(Rows.toRow(populationId, r));
            if (file.version() != row.version) changed.add(populationId);
            row.version = file.version();
            row.position = file.position();
            row.lastRecordedAt = file.lastRecordedAt();
            row.updatedAt = now;
            if (isNew && (row.version > 0 || row.stalledReason != null)) inserts.add(row);
            else if (!isNew) updates.add(row);
        }
        Result result = new Result(changed, stalled, applied, parked, lastRecordedAt);
        List<FactRow> facts = new ArrayList<>();
        inserts.removeIf(o -> o instanceof FactRow f && facts.add(f));
        Uni<Void> written = Rows.insertFacts(session, facts)
                .chain(() -> inserts.isEmpty() ? Uni.createFrom().voidItem() : session.insertAll(BATCH, inserts.toArray()));
        return written.chain(() -> updates.isEmpty() ? Uni.createFrom().voidItem() : session.updateAll(BATCH, updates.toArray()))
                .replaceWith(result);
    }
}
