package org.vigil.casefile.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.vigil.casefile.projection.CaseFile;

/**
 * The read side of the views: a population's case file (kept for the next read, within a heap budget, and extended
 * by what was committed since), the dossiers computed from them, the list of populations and their parked events. A
 * rebuild forgets what is kept ({@link #forgetLoaded}), since it rewrites the revisions.
 */
@ApplicationScoped
public class CaseFileReads {

    private final Mutiny.SessionFactory sessions;
    private final io.vertx.mutiny.sqlclient.Pool pool;

    public CaseFileReads(Mutiny.SessionFactory sessions, io.vertx.mutiny.sqlclient.Pool pool) {
        this.sessions = sessions;
        this.pool = pool;
    }

    /**
     * Everything stored for one population, as a case file. Null when the population is unknown. Case files read
     * recently are kept (up to {@link RecentCaseFiles#RECENT_BYTES} of heap in all, estimated): a read of one then loads only the revisions
     * recorded since. A rebuild or a replay forgets them all.
     */
    public Uni<Loaded> load(UUID populationId) {
        long generation = forgotten.get();
        return sessions.withStatelessSession(session -> session.get(CaseFileRow.class, populationId)).chain(row -> {
            if (row == null) return Uni.createFrom().<Loaded>nullItem();
            CaseFile cached = recent.get(populationId);
            if (cached != null && cached.version() == row.version) return Uni.createFrom().item(new Loaded(row, cached, generation));
            CaseFile base = cached != null && cached.version() < row.version ? cached : null;
            // The row and the facts are read in two statements, each seeing what was committed when it ran: bounding
            // the facts by the row's version keeps a batch committed in between out of this copy (the next read adds it).
            // The facts come as plain rows (no entities: for a long history, materialising entities cost more than
            // the query), and are read into revisions off the event loop, then back on it.
            return pool.preparedQuery(FACTS).execute(Tuple.of(populationId, base == null ? 0L : base.version(), row.version))
                    .chain(rows -> OffLoop.compute(() -> {
                        List<CaseFile.NewRevision> revisions = new java.util.ArrayList<>(rows.size());
                        long bytes = 0;
                        for (io.vertx.mutiny.sqlclient.Row r : rows) {
                            FactRow f = FactPages.fact(r);
                            f.populationId = populationId;
                            revisions.add(Rows.toRevision(f));
                            bytes += RecentCaseFiles.estimatedBytes(f);
                        }
                        CaseFile file = base == null
                                ? CaseFile.fromRevisions(populationId, row.version, row.position, row.lastRecordedAt, revisions)
                                : base.extendedWith(row.version, row.position, row.lastRecordedAt, revisions);
                        // Not kept if a rebuild began meanwhile: what was read may be what it replaces.
                        if (forgotten.get() == generation) recent.put(populationId, file, bytes, base != null);
                        return new Loaded(row, file, generation);
                    }));
        });
    }

    private static final String FACTS = """
            SELECT by_event, entry_id, stream_version, kind, type, recorded_at, reason, confidentiality, data
            FROM facts WHERE population_id = $1 AND stream_version > $2 AND stream_version <= $3
            ORDER BY stream_version""";

    /** Forgets the case files kept by {@link #load}, and the dossiers computed from them: their revisions are being rewritten. */
    public void forgetLoaded() {
        forgotten.incrementAndGet();
        recent.clear();
        synchronized (dossiers) {
            dossiers.clear();
        }
    }

    /**
     * A dossier computed from a case file, as JSON, kept while the same one is asked for again: a dossier is a pure function
     * of the population's stored revisions up to a version, the date and the audience, so a kept one stays right
     * until a rebuild rewrites the revisions ({@link #forgetLoaded}).
     */
    public String dossier(String key, Loaded from, java.util.function.Function<CaseFile, String> compute) {
        long generation = from.generation();
        synchronized (dossiers) {
            var kept = dossiers.get(key);
            if (kept != null) return kept;
        }
        var computed = compute.apply(from.file());
        synchronized (dossiers) {
            if (forgotten.get() == generation) dossiers.put(key, computed);
        }
        return computed;
    }

    private final Map<String, String> dossiers = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 4;
        }
    };

    private final RecentCaseFiles recent = new RecentCaseFiles();

    /** Counts {@link #forgetLoaded} calls, so that a read that began before one does not keep what it read. */
    private final java.util.concurrent.atomic.AtomicLong forgotten = new java.util.concurrent.atomic.AtomicLong();

    /** {@code generation}: how many rebuilds had begun when it was read (see {@link #dossier}). */
    public record Loaded(CaseFileRow row, CaseFile file, long generation) {
    }

    /** The stored bookkeeping of one population (null when unknown), without its facts. */
    public Uni<CaseFileRow> row(UUID populationId) {
        return sessions.withStatelessSession(session -> session.get(CaseFileRow.class, populationId));
    }

    /**
     * How many of a population's revisions up to stream version {@code upTo} lie at each pair of levels: the level of
     * the fact's first revision, and the revision's own. What an export withholds from a clearance, and what it may
     * show above public, follow from these counts (see {@code CaseFile.visibleTo}) without reading a fact.
     */
    public Uni<Map<List<String>, Long>> revisionLevels(UUID populationId, long upTo) {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                        "select e.confidentiality, f.confidentiality, count(f) from FactRow f, FactRow e"
                                + " where e.byEvent = f.entryId and f.populationId = :id and f.streamVersion <= :upTo"
                                + " group by e.confidentiality, f.confidentiality", Object[].class)
                .setParameter("id", populationId).setParameter("upTo", upTo).getResultList())
                .map(rows -> {
                    Map<List<String>, Long> out = new LinkedHashMap<>();
                    for (Object[] r : rows) out.put(List.of((String) r[0], (String) r[1]), (Long) r[2]);
                    return out;
                });
    }

    /** How many facts a population had recorded by stream version {@code upTo}: what an export goes through. */
    public Uni<Long> factCount(UUID populationId, long upTo) {
        return sessions.withStatelessSession(session -> session.createSelectionQuery(
                        "select count(f) from FactRow f where f.populationId = :id and f.kind = 'recorded' and f.streamVersion <= :upTo",
                        Long.class)
                .setParameter("id", populationId).setParameter("upTo", upTo).getSingleResult());
    }

    public Uni<List<CaseFileRow>> populations() {
        return sessions.withSession(s -> s.createSelectionQuery("from CaseFileRow order by name", CaseFileRow.class).getResultList());
    }

    /** The level of each population's registration (stream version 1), which holds its name. */
    public Uni<Map<UUID, String>> registrationLevels() {
        return sessions.withSession(s -> s.createSelectionQuery(
                "select f.populationId, f.confidentiality from FactRow f where f.streamVersion = 1", Object[].class).getResultList())
                .map(rows -> {
                    Map<UUID, String> levels = new HashMap<>();
                    for (Object[] r : rows) levels.put((UUID) r[0], (String) r[1]);
                    return levels;
                });
    }

    public Uni<List<ParkedEvent>> parked(UUID populationId) {
        return sessions.withSession(s -> s.createSelectionQuery(
                "from ParkedEvent where populationId = :id order by streamVersion", ParkedEvent.class)
                .setParameter("id", populationId).getResultList());
    }
}
