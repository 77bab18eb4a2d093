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

    /** The most stream versions {@link #load} puts together in memory at once (see {@link #wholeHistoryMax()}). */
    private final long wholeHistoryMax;

    /**
     * The most stream versions one read puts together into a case file in memory: a history read whole would hold more
     * than the heap can ({@code vigil.reads.whole-history-max}; by default one per 4 KB of heap).
     */
    public long wholeHistoryMax() {
        return wholeHistoryMax;
    }

    /** How many stream versions one statement of {@link #load} reads at most. */
    private final int slice;

    public CaseFileReads(Mutiny.SessionFactory sessions, io.vertx.mutiny.sqlclient.Pool pool,
                         org.vigil.casefile.config.CasefileConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
        this.sessions = sessions;
        this.pool = pool;
        this.slice = config.reads().slice();
        this.wholeHistoryMax = config.reads().wholeHistoryMax() > 0 ? config.reads().wholeHistoryMax()
                : Runtime.getRuntime().maxMemory() / 4096;
        // what the kept case files take (estimated) against their budget: memory that rises until it is full, then stays
        io.micrometer.core.instrument.Gauge.builder("vigil.reads.kept.bytes", recent, RecentCaseFiles::bytes)
                .description("Heap taken by the case files kept for reading, estimated").baseUnit("bytes").register(registry);
        io.micrometer.core.instrument.Gauge.builder("vigil.reads.kept.budget.bytes", () -> RecentCaseFiles.RECENT_BYTES)
                .description("The most the kept case files may take (a quarter of the heap)").baseUnit("bytes").register(registry);
    }

    /**
     * Everything stored for one population, as a case file. Null when the population is unknown. Case files read
     * recently are kept (up to {@link RecentCaseFiles#RECENT_BYTES} of heap in all, estimated): a read of one then loads only the revisions
     * recorded since. A rebuild or a replay forgets them all.
     */
    public Uni<Loaded> load(UUID populationId) {
        return Uni.createFrom().deferred(() -> {
            long generation = forgotten.get();
            return row(populationId).chain(row -> row == null ? Uni.createFrom().<Loaded>nullItem() : load(row, generation));
        });
    }

    /**
     * The same, from the population's row read just now (a read that needs it first does not read it twice);
     * {@code generation}: {@link #generation()} before the row was read.
     */
    public Uni<Loaded> load(CaseFileRow row, long generation) {
        UUID populationId = row.populationId;
        CaseFile cached = recent.get(populationId);
        if (cached != null && cached.version() == row.version) return Uni.createFrom().item(new Loaded(row, cached, generation));
        CaseFile base = cached != null && cached.version() < row.version ? cached : null;
        long toRead = row.version - (base == null ? 0 : base.version());
        if (toRead > wholeHistoryMax) return Uni.createFrom().failure(new HistoryTooLong(row, toRead, wholeHistoryMax));
        if (base != null) return read(row, base, generation);
        // One read of a whole history at a time per population: a read that comes while another is under way (the
        // warm-up after a start, a page and its status API) waits for it, then reads again (its row too), which finds
        // it kept or extends it, instead of reading the same history a second time on the same cores.
        var mine = new java.util.concurrent.CompletableFuture<Void>();
        var other = reading.putIfAbsent(populationId, mine);
        if (other != null) return OffLoop.after(other).chain(() -> load(populationId));
        historiesRead.incrementAndGet();
        return read(row, null, generation).eventually(() -> {
            reading.remove(populationId, mine);
            mine.complete(null);
        });
    }

    /**
     * A history longer than {@link #wholeHistoryMax} to put together in memory: answered 503 history-too-long, without
     * Retry-After, since asking again does not help (docs/problems.md).
     */
    public static final class HistoryTooLong extends jakarta.ws.rs.WebApplicationException {
        HistoryTooLong(CaseFileRow row, long toRead, long max) {
            this(row, detail(row, toRead, max));
        }

        private HistoryTooLong(CaseFileRow row, String detail) {
            super(detail, org.vigil.problems.Problem.of("history-too-long", "History too long to read whole", 503, detail,
                    List.of(new org.vigil.problems.Problem.FieldError(null, "populationId", "history.whole-read", detail))).toResponse(0));
        }

        private static String detail(CaseFileRow row, long toRead, long max) {
            return "population " + row.populationId + " has " + row.version + " stream versions; reading " + toRead
                    + " of them into memory at once is more than this service does (vigil.reads.whole-history-max, "
                    + max + "): its current status, timeline pages, dossier, reports and exports are read"
                    + " without it, but not a status on another date or as known at another moment, a population"
                    + " page's headcount chart and map, or one fact's history";
        }
    }

    /** How many whole histories were read since the start (each kept case file's first read, or one not kept). */
    public long historiesRead() {
        return historiesRead.get();
    }

    private final java.util.concurrent.atomic.AtomicLong historiesRead = new java.util.concurrent.atomic.AtomicLong();

    /** The whole histories being read, by population: see {@link #load}. */
    private final java.util.concurrent.ConcurrentHashMap<UUID, java.util.concurrent.CompletableFuture<Void>> reading =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The revisions after {@code base} (null: all of them) up to the row's version, as a case file, kept if it may be. */
    private Uni<Loaded> read(CaseFileRow row, CaseFile base, long generation) {
        UUID populationId = row.populationId;
        // The row and the facts are read in separate statements, each seeing what was committed when it ran:
        // bounding the facts by the row's version keeps a batch committed in between out of this copy (the next
        // read adds it). The facts come as plain rows (no entities: for a long history, materialising entities
        // cost more than the query), in slices of stream versions asked for at once, each read into revisions on
        // a worker thread as it arrives (so the database sends one slice while the last is read), then folded.
        long from = base == null ? 0L : base.version();
        List<Uni<Slice>> slices = new java.util.ArrayList<>();
        for (long lo = from; lo < row.version; lo += slice) {
            long hi = Math.min(row.version, lo + slice);
            slices.add(pool.preparedQuery(FACTS).execute(Tuple.of(populationId, lo, hi))
                    .chain(rows -> OffLoop.compute(() -> Slice.read(populationId, rows))));
        }
        Uni<List<Slice>> read = slices.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(slices).andFailFast();
        return read.chain(parts -> OffLoop.compute(() -> {
            List<CaseFile.NewRevision> revisions = new java.util.ArrayList<>(parts.stream().mapToInt(p -> p.revisions().size()).sum());
            long bytes = 0;
            for (Slice part : parts) {
                revisions.addAll(part.revisions());
                bytes += part.bytes();
            }
            CaseFile file = base == null
                    ? CaseFile.fromRevisions(populationId, row.version, row.position, row.lastRecordedAt, revisions)
                    : base.extendedWith(row.version, row.position, row.lastRecordedAt, revisions);
            // Not kept if a rebuild began meanwhile: what was read may be what it replaces.
            if (forgotten.get() == generation) recent.put(populationId, file, bytes, base != null);
            return new Loaded(row, file, generation);
        }));
    }

    /** One slice of a history, read into revisions, and the heap they are estimated to take. */
    private record Slice(List<CaseFile.NewRevision> revisions, long bytes) {
        static Slice read(UUID populationId, io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
            List<CaseFile.NewRevision> revisions = new java.util.ArrayList<>(rows.size());
            long bytes = 0;
            for (io.vertx.mutiny.sqlclient.Row r : rows) {
                FactRow f = FactPages.fact(r);
                f.populationId = populationId;
                revisions.add(Rows.toRevision(f));
                bytes += RecentCaseFiles.estimatedBytes(f);
            }
            return new Slice(revisions, bytes);
        }
    }

    private static final String FACTS = """
            SELECT by_event, entry_id, stream_version, kind, type, recorded_at, reason, confidentiality, data
            FROM facts WHERE population_id = $1 AND stream_version > $2 AND stream_version <= $3
            ORDER BY stream_version""";

    /** Forgets the case files kept by {@link #load}, and the dossiers computed from them: their revisions are being rewritten. */
    public void forgetLoaded() {
        forgotten.incrementAndGet();
        recent.clear();
        synchronized (this) {
            keptParts.clear();
        }
        synchronized (dossiers) {
            dossiers.clear();
            dossierBytes = 0;
        }
    }

    /**
     * A dossier computed from a case file, as JSON (UTF-8, as it is answered), kept while the same one is asked for again: a dossier is a pure function
     * of the population's stored revisions up to a version, the date and the audience, so a kept one stays right
     * until a rebuild rewrites the revisions ({@link #forgetLoaded}).
     */
    public byte[] dossier(String key, Loaded from, java.util.function.Function<CaseFile, byte[]> compute) {
        byte[] kept = keptDossier(key);
        if (kept != null) return kept;
        var computed = compute.apply(from.file());
        keepDossier(key, computed, from.generation());
        return computed;
    }

    /** The dossier kept under {@code key} (see {@link #dossier}), or null. */
    public byte[] keptDossier(String key) {
        synchronized (dossiers) {
            return dossiers.get(key);
        }
    }

    /**
     * Keeps a dossier computed when {@link #generation} gave {@code generation}, unless a rebuild began since. The
     * dossiers kept take at most {@link #DOSSIER_BYTES} (an eighth of the heap), the latest always kept: a
     * million-event population's is some 90 MB, and computing it again costs seconds.
     */
    public void keepDossier(String key, byte[] json, long generation) {
        synchronized (dossiers) {
            if (forgotten.get() != generation) return;
            byte[] before = dossiers.put(key, json);
            dossierBytes += json.length - (before == null ? 0 : before.length);
            var oldest = dossiers.entrySet().iterator();
            while ((dossiers.size() > 4 || dossierBytes > DOSSIER_BYTES) && dossiers.size() > 1) {
                dossierBytes -= oldest.next().getValue().length;
                oldest.remove();
            }
        }
    }

    /** How many rebuilds have begun: a dossier computed from reads made before one must not be kept. */
    public long generation() {
        return forgotten.get();
    }

    static final long DOSSIER_BYTES = Runtime.getRuntime().maxMemory() / 8;

    private final Map<String, byte[]> dossiers = new java.util.LinkedHashMap<>(8, 0.75f, true);
    private long dossierBytes;

    /**
     * A dossier read straight from the stored revisions up to the row's version, a slice of stream versions at a
     * time, without keeping the case file: each revision is read and handed to a {@link
     * org.vigil.casefile.projection.Dossier.Parts}, which keeps a plain headcount report (never corrected nor
     * retracted by {@code atVersion}) only as what the dossier sums, and every other fact whole. For a history too long
     * to read into memory as a case file; it gives the dossier {@code Dossier.of} gives from the case file. Also
     * counts the revisions by level, as {@link CaseFile#heldAbovePublic} does for the whole case file.
     *
     * <p>The parts of the latest such dossiers (two, each at its population's latest version) are kept, and the next
     * dossier of the same population, date and audience at a later version reads only the revisions recorded since
     * and adds them: a report after a change costs what changed to read. When one of them corrects or retracts a
     * headcount report kept only as its sums, the history is read again whole.
     */
    public Uni<Streamed> streamed(CaseFileRow row, long atVersion, java.time.LocalDate asOf, org.vigil.access.Audience audience) {
        String partsKey = row.populationId + "|" + asOf + "|" + audience.label();
        long generation = forgotten.get();
        StreamedRead kept = atVersion == row.version ? takeParts(partsKey, generation, row.version) : null;
        if (kept != null) {
            return readRevisions(row.populationId, kept.atVersion, row.version).chain(rows -> OffLoop.compute(() -> {
                if (!kept.extend(rows, row.version)) return null;
                Streamed out = kept.dossier(row, generation);
                keepParts(partsKey, generation, kept);
                return out;
            })).chain(extended -> extended != null ? Uni.createFrom().item(extended)
                    : wholeStream(row, atVersion, asOf, audience, partsKey, generation));
        }
        return wholeStream(row, atVersion, asOf, audience, partsKey, generation);
    }

    private Uni<Streamed> wholeStream(CaseFileRow row, long atVersion, java.time.LocalDate asOf, org.vigil.access.Audience audience,
                                      String partsKey, long generation) {
        UUID populationId = row.populationId;
        synchronized (this) {
            keptParts.remove(partsKey);  // its memory is better spent on this read
        }
        wholeStreams.incrementAndGet();
        return pool.preparedQuery(AMENDED).execute(Tuple.of(populationId, atVersion)).chain(amendedRows -> {
            java.util.Set<UUID> amended = new java.util.HashSet<>();
            for (io.vertx.mutiny.sqlclient.Row r : amendedRows) amended.add(r.getUUID(0));
            StreamedRead read = new StreamedRead(new org.vigil.casefile.projection.Dossier.Parts(asOf, audience), atVersion);
            // two slices asked for at a time, so that the database sends one while the last is read; read one at a time
            return io.smallrye.mutiny.Multi.createFrom().iterable(slices(0, row.version))
                    .onItem().transformToUni(b -> pool.preparedQuery(FACTS).execute(Tuple.of(populationId, b[0], b[1]))
                            .chain(rows -> OffLoop.compute(() -> read.slice(rows, amended)))).merge(2)
                    .collect().last()
                    .chain(() -> OffLoop.compute(() -> {
                        read.finish();
                        Streamed out = read.dossier(row, generation);
                        if (atVersion == row.version) keepParts(partsKey, generation, read);
                        return out;
                    }));
        });
    }

    /** How many streamed dossiers read the whole history (the others added what was recorded since the last). */
    public long wholeStreams() {
        return wholeStreams.get();
    }

    private final java.util.concurrent.atomic.AtomicLong wholeStreams = new java.util.concurrent.atomic.AtomicLong();

    /** The stream versions after {@code from} up to {@code to}, as slices of {@link #slice}. */
    private List<long[]> slices(long from, long to) {
        List<long[]> bounds = new java.util.ArrayList<>();
        for (long lo = from; lo < to; lo += slice) bounds.add(new long[]{lo, Math.min(to, lo + slice)});
        return bounds;
    }

    /** The stored revisions after version {@code from} up to {@code to}, in order (a few, after a change). */
    private Uni<List<io.vertx.mutiny.sqlclient.Row>> readRevisions(UUID populationId, long from, long to) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(slices(from, to))
                .onItem().transformToUniAndConcatenate(b -> pool.preparedQuery(FACTS).execute(Tuple.of(populationId, b[0], b[1])))
                .collect().in(java.util.ArrayList::new, (all, rows) -> rows.forEach(all::add));
    }

    /** The kept parts if they are of this population, date and audience, at a version up to {@code version}: taken. */
    private synchronized StreamedRead takeParts(String key, long generation, long version) {
        KeptParts kept = keptParts.get(key);
        if (kept == null || kept.generation() != generation || kept.read().atVersion > version) return null;
        keptParts.remove(key);
        return kept.read();
    }

    private synchronized void keepParts(String key, long generation, StreamedRead read) {
        if (forgotten.get() != generation) return;
        keptParts.put(key, new KeptParts(generation, read));
        while (keptParts.size() > KEPT_PARTS) keptParts.remove(keptParts.keySet().iterator().next());
    }

    /**
     * The parts of the latest streamed dossiers (see {@link #streamed}), by population, date and audience, the latest
     * {@link #KEPT_PARTS}: a report for the public and one for internal use each add what changed. Emptied after a
     * rebuild began.
     */
    private final Map<String, KeptParts> keptParts = new LinkedHashMap<>();

    /** How many streamed dossiers' parts are kept: each holds its history's facts whole but for plain headcounts, kept as their sums. */
    private static final int KEPT_PARTS = 2;

    private record KeptParts(long generation, StreamedRead read) {
    }

    /** A dossier read by {@link #streamed}, the revisions held above public, and the generation it was read in. */
    public record Streamed(org.vigil.casefile.projection.Dossier dossier,
                           Map<org.vigil.access.Confidentiality, Integer> held, long generation) {
    }

    /** What {@link #streamed} gathers as the slices come, one slice at a time, and what a later version adds. */
    private static final class StreamedRead {
        private final org.vigil.casefile.projection.Dossier.Parts parts;
        private long atVersion;
        /** The facts kept whole, by entry, their revisions in order, in the order they were first recorded. */
        private final Map<UUID, List<CaseFile.NewRevision>> whole = new LinkedHashMap<>();
        private final Map<org.vigil.access.Confidentiality, Integer> levels = new java.util.EnumMap<>(org.vigil.access.Confidentiality.class);
        private java.time.Instant lastAt;

        StreamedRead(org.vigil.casefile.projection.Dossier.Parts parts, long atVersion) {
            this.parts = parts;
            this.atVersion = atVersion;
        }

        /**
         * One slice of the history, in any order of slices; {@code amended}: the facts corrected or retracted by the
         * dossier's version.
         */
        synchronized Integer slice(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows, java.util.Set<UUID> amended) {
            for (io.vertx.mutiny.sqlclient.Row r : rows) {
                levels.merge(org.vigil.access.Confidentiality.ofRecord(r.getString(7)), 1, Integer::sum);
                if (r.getLong(2) <= atVersion) take(read(r), amended);
            }
            return rows.size();
        }

        /** A stored revision, without the JSON text a case file keeps for writing (a dossier does not need it). */
        private static CaseFile.NewRevision read(io.vertx.mutiny.sqlclient.Row r) {
            CaseFile.NewRevision n = Rows.toRevision(FactPages.fact(r));
            CaseFile.Revision v = n.revision();
            return new CaseFile.NewRevision(n.entryId(), n.type(), new CaseFile.Revision(v.kind(), v.byEvent(), v.streamVersion(),
                    v.recordedAt(), v.reason(), v.confidentiality(), v.fact(), null));
        }

        /**
         * A plain headcount report (not in {@code amended}) to the parts; any other revision to its fact's revisions
         * kept whole, which begin with those the parts already hold whole (a later version's amendment of one).
         */
        private void take(CaseFile.NewRevision n, java.util.Set<UUID> amended) {
            CaseFile.Revision revision = n.revision();
            if (lastAt == null || revision.recordedAt().isAfter(lastAt)) lastAt = revision.recordedAt();
            if (plain(revision) && !amended.contains(n.entryId())) {
                parts.add(new CaseFile.Entry(n.entryId(), n.type(), List.of(revision)));
                return;
            }
            whole.computeIfAbsent(n.entryId(), id -> {
                List<CaseFile.NewRevision> list = new java.util.ArrayList<>(1);
                CaseFile.Entry before = parts.whole(id);
                if (before != null) for (CaseFile.Revision r : before.revisions()) list.add(new CaseFile.NewRevision(id, before.type(), r));
                return list;
            }).add(n);
        }

        private static boolean plain(CaseFile.Revision revision) {
            return revision.kind() == CaseFile.RevisionKind.RECORDED && revision.fact() instanceof org.vigil.casefile.event.Event.CountReported;
        }

        /** Hands the facts kept whole to the parts, once every slice is read (each fact's revisions in order). */
        synchronized void finish() {
            for (var e : whole.entrySet()) {
                e.getValue().sort(java.util.Comparator.comparingLong(n -> n.revision().streamVersion()));
                parts.add(entry(e.getKey(), e.getValue()));
            }
            whole.clear();
        }

        /** An entry typed as the case file types it: by its latest revision (CaseFile.extendedWith). */
        private static CaseFile.Entry entry(UUID id, List<CaseFile.NewRevision> revisions) {
            List<CaseFile.Revision> list = new java.util.ArrayList<>(revisions.size());
            for (CaseFile.NewRevision n : revisions) list.add(n.revision());
            return new CaseFile.Entry(id, revisions.getLast().type(), List.copyOf(list));
        }

        /**
         * Adds the revisions recorded after {@link #atVersion} up to {@code version} ({@code rows}, in order); false,
         * with nothing changed, when one corrects or retracts a headcount report kept only as its sums.
         */
        synchronized boolean extend(List<io.vertx.mutiny.sqlclient.Row> rows, long version) {
            List<CaseFile.NewRevision> added = new java.util.ArrayList<>(rows.size());
            java.util.Set<UUID> amended = new java.util.HashSet<>();
            java.util.Set<UUID> recorded = new java.util.HashSet<>();
            for (io.vertx.mutiny.sqlclient.Row r : rows) {
                CaseFile.NewRevision n = read(r);
                added.add(n);
                if (n.revision().kind() == CaseFile.RevisionKind.RECORDED) recorded.add(n.entryId());
                else if (!recorded.contains(n.entryId()) && parts.whole(n.entryId()) == null) return false;
                else amended.add(n.entryId());
            }
            for (io.vertx.mutiny.sqlclient.Row r : rows) levels.merge(org.vigil.access.Confidentiality.ofRecord(r.getString(7)), 1, Integer::sum);
            for (CaseFile.NewRevision n : added) take(n, amended);
            finish();
            atVersion = version;
            return true;
        }

        synchronized Streamed dossier(CaseFileRow row, long generation) {
            boolean latest = atVersion >= row.version;  // as CaseFile.atVersion: an earlier version keeps no log position
            var dossier = parts.dossier(row.populationId, atVersion, latest ? row.version : atVersion, latest ? row.position : 0,
                    latest ? row.lastRecordedAt : lastAt);
            Map<org.vigil.access.Confidentiality, Integer> held = new java.util.EnumMap<>(levels);
            held.remove(org.vigil.access.Confidentiality.PUBLIC);
            return new Streamed(dossier, held, generation);
        }
    }

    /** The facts corrected or retracted by a version: their revisions are read whole, every other headcount as its sums. */
    private static final String AMENDED = """
            SELECT DISTINCT entry_id FROM facts
            WHERE population_id = $1 AND kind <> 'recorded' AND stream_version <= $2""";

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

    /** The populations whose views changed last, latest first, at most {@code limit}. */
    public Uni<List<CaseFileRow>> changedLast(int limit) {
        return sessions.withStatelessSession(s -> s.createSelectionQuery("from CaseFileRow order by updatedAt desc", CaseFileRow.class)
                .setMaxResults(limit).getResultList());
    }

    /** Whether the case file of a population is kept, at its stored version {@code version}. */
    public boolean kept(UUID populationId, long version) {
        CaseFile file = recent.get(populationId);
        return file != null && file.version() == version;
    }

    /** The heap the kept case files take, estimated, and the most they may take. */
    public long keptBytes() {
        return recent.bytes();
    }

    public static long keptBudget() {
        return RecentCaseFiles.RECENT_BYTES;
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
