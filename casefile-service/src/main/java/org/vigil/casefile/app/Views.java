package org.vigil.casefile.app;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigil.casefile.consume.StatusChanges;
import org.vigil.access.Confidentiality;
import org.vigil.access.Audience;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.projection.Dossier;
import org.vigil.casefile.projection.FigureRows;
import org.vigil.casefile.projection.PopulationStatus;
import org.vigil.casefile.projection.StatusView;
import org.vigil.casefile.store.CaseFileReads;
import org.vigil.casefile.store.OffLoop;
import org.vigil.problems.Problem;

/**
 * What a reader may see of the views, as a reader cleared up to some level: the populations, a status on any date as
 * known at any moment, a dossier at a stream version, a fact's history, the status again each time it changes. Each
 * answer says what it holds above public ({@code held}), so the caller can put the read on record.
 */
@ApplicationScoped
public class Views {

    private final CaseFileReads reads;
    private final StatusChanges changes;
    private final int exportPage;
    private final org.vigil.casefile.store.FactPages factPages;
    private final org.vigil.casefile.store.CurrentStatus current;
    private final int statusLatest;

    public Views(CaseFileReads reads, StatusChanges changes, org.vigil.casefile.store.FactPages factPages,
                 org.vigil.casefile.store.CurrentStatus current, org.vigil.casefile.config.CasefileConfig config) {
        this.reads = reads;
        this.changes = changes;
        this.factPages = factPages;
        this.current = current;
        this.exportPage = config.exports().pageFacts();
        this.statusLatest = config.reads().statusLatest();
        this.streamedDossierFrom = config.reads().streamedDossierFrom();
    }

    private final long streamedDossierFrom;

    /** One line per population, from the stored bookkeeping alone, so the list stays fast for large streams. */
    public record Summary(UUID populationId, String name, long streamVersion, long logPosition, Instant lastRecordedAt,
                          String stalledReason, String status) {
    }

    /** The populations a reader may know of (their registration at or below the clearance), and how many others. */
    public record Listing(List<Summary> shown, Map<Confidentiality, Integer> held, int withheld) {
    }

    public Uni<Listing> populations(Confidentiality clearance) {
        // one after the other: two reactive sessions at once on one context do not mix
        return reads.populations().chain(rows -> reads.registrationLevels().map(levels -> {
            Map<Confidentiality, Integer> held = new java.util.EnumMap<>(Confidentiality.class);
            List<Summary> shown = new java.util.ArrayList<>();
            for (var r : rows) {
                Confidentiality level = Confidentiality.ofRecord(levels.getOrDefault(r.populationId, "public"));
                if (!clearance.mayRead(level)) continue;
                shown.add(new Summary(r.populationId, r.name, r.version, r.position, r.lastRecordedAt, r.stalledReason,
                        "/populations/" + r.populationId + "/status"));
                if (level != Confidentiality.PUBLIC) held.merge(level, 1, Integer::sum);
            }
            return new Listing(List.copyOf(shown), held, rows.size() - shown.size());
        }));
    }

    /**
     * A status as a reader sees it (each long list as its latest entries; {@code listed}: how many each has in all),
     * whether the view is stalled and why, and what was withheld.
     */
    public record Seen(PopulationStatus status, String stalledReason, Instant stalledAt, Map<String, Integer> withheld,
                       Map<Confidentiality, Integer> held, long version, Map<String, Long> listed) {
    }

    /**
     * The status on {@code day} (null: today) as known at {@code moment} (null: now). Today's status as known now is
     * read from the current view, at a cost bounded by what it shows; any other day or moment is folded from the
     * whole history (its cost grows with the record).
     */
    public Uni<Seen> status(UUID populationId, LocalDate day, Instant moment, Confidentiality clearance) {
        if (day != null || moment != null) return folded(populationId, day, moment, clearance, statusLatest);
        return current.ready().chain(ready -> ready ? current(populationId, clearance, statusLatest)
                : folded(populationId, null, null, clearance, statusLatest));
    }

    /** Today's status as known now, from the current view, each long list as its latest {@code latest} entries. */
    public Uni<Seen> current(UUID populationId, Confidentiality clearance, int latest) {
        return current.read(populationId, clearance, latest).onItem().ifNull().failWith(() -> unknown(populationId))
                .chain(read -> OffLoop.compute(() -> {
                    StatusView.Paged paged = StatusView.current(read.selected(), latest, read.listed(), read.summed());
                    return new Seen(paged.status(), read.row().stalledReason, read.row().stalledAt, read.withheld(),
                            read.held(), read.row().version, paged.listed());
                }));
    }

    /**
     * A page of today's timeline as known now: {@code items} oldest first, the facts just before {@code before} (null:
     * the latest), {@code total} in the whole timeline, {@code before} the fact to ask before for the page ahead of
     * this one (null when this page reaches the first), and what it shows above public.
     */
    public record TimelinePage(List<PopulationStatus.TimelineItem> items, long total, UUID before,
                               Map<Confidentiality, Integer> held) {
    }

    /** A page of the timeline, read from the current view (or, until it is ready, folded from the whole record). */
    public Uni<TimelinePage> timeline(UUID populationId, UUID before, int limit, Confidentiality clearance) {
        return current.ready()
                .chain(ready -> ready ? current.timeline(populationId, clearance, before, limit).chain(page -> {
                            if (!page.known()) throw unknown(populationId);
                            if (page.facts() == null) throw notInTimeline(before);
                            return OffLoop.compute(() -> {
                                List<PopulationStatus.TimelineItem> items = StatusView.of(page.facts(), null, null).timeline();
                                return new TimelinePage(items, page.total(), items.size() < limit || items.isEmpty() ? null
                                        : items.getFirst().eventId(), page.facts().heldAbovePublic());
                            });
                        })
                        : folded(populationId, null, null, clearance, Integer.MAX_VALUE).map(seen -> {
                            List<PopulationStatus.TimelineItem> all = seen.status().timeline();
                            int end = all.size();
                            if (before != null) {
                                end = -1;
                                for (int i = 0; i < all.size(); i++) if (all.get(i).eventId().equals(before)) end = i;
                                if (end < 0) throw notInTimeline(before);
                            }
                            int start = Math.max(0, end - limit);
                            List<PopulationStatus.TimelineItem> items = List.copyOf(all.subList(start, end));
                            Map<Confidentiality, Integer> held = new java.util.EnumMap<>(Confidentiality.class);
                            if (!items.isEmpty()) held.putAll(seen.held()); // as much as the fold read; never less
                            return new TimelinePage(items, all.size(), start == 0 ? null : items.getFirst().eventId(), held);
                        }));
    }

    private static RuntimeException notInTimeline(UUID before) {
        return Problem.of(404, "not-found", "No such fact", "no fact recorded by event " + before
                + " is in this population's timeline as you may see it (never recorded, retracted, or above your clearance)",
                "before", "timeline.fact");
    }

    /** The status folded from the whole case file, as any day and moment are read, each long list as its latest {@code latest} entries. */
    public Uni<Seen> folded(UUID populationId, LocalDate day, Instant moment, Confidentiality clearance, int latest) {
        return loaded(populationId).chain(l -> OffLoop.compute(() -> seen(l, day, moment, clearance, latest)));
    }

    /** The current status, then the status again each time the view of the population changes. */
    public Multi<Seen> live(UUID populationId, Confidentiality clearance) {
        Multi<UUID> updates = changes.stream().filter(populationId::equals);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(populationId), updates)
                .onItem().transformToUniAndConcatenate(x -> status(populationId, null, null, clearance)
                        .onFailure(e -> e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() == 404).recoverWithNull())
                .filter(java.util.Objects::nonNull);
    }

    private static Seen seen(CaseFileReads.Loaded l, LocalDate day, Instant moment, Confidentiality clearance, int latest) {
        CaseFile.Visible visible = l.file().visibleTo(clearance);
        StatusView.Paged paged = StatusView.paged(StatusView.of(visible.file(), day, moment), latest);
        return new Seen(paged.status(), l.row().stalledReason, l.row().stalledAt, visible.withheld(),
                visible.file().heldAbovePublic(), l.file().version(), paged.listed());
    }

    /** A population's stored bookkeeping (its stream version, and whether it is stalled), or null when unknown: one row, no facts. */
    public Uni<org.vigil.casefile.store.CaseFileRow> row(UUID populationId) {
        return reads.row(populationId);
    }

    /**
     * A status as {@link #status} gives it (its timeline perhaps only the latest entries of {@code timelineTotal}), with
     * every headcount claim the reader may see as known at the same moment.
     */
    public record SeenWithHeadcounts(Seen seen, int timelineTotal, List<StatusView.HeadcountPoint> headcounts, List<StatusView.Site> sites) {
    }

    /**
     * The status, the headcount chart's claims and the map's sites of a population page, from one read of the case
     * file; only the latest {@code claimsInWords} claims are said in words (the others carry their bounds), and only
     * the latest {@code timelineLatest} entries of the timeline are in it.
     */
    public Uni<SeenWithHeadcounts> statusWithHeadcounts(UUID populationId, LocalDate day, Instant moment, Confidentiality clearance,
                                                         int claimsInWords, int timelineLatest) {
        return loaded(populationId).chain(l -> OffLoop.compute(() -> {
            CaseFile.Visible visible = l.file().visibleTo(clearance);
            // the chart's claims and the map's sites are read from the case file on another worker meanwhile: for a
            // long history each is a pass over every fact, and the machine has more than one core
            var chartAndMap = OffLoop.meanwhile(() -> java.util.Map.entry(
                    StatusView.headcountSeries(visible.file(), moment, claimsInWords), StatusView.sites(visible.file(), day, moment)));
            StatusView.Latest latest = StatusView.latest(visible.file(), day, moment, timelineLatest);
            Seen seen = new Seen(latest.status(), l.row().stalledReason, l.row().stalledAt, visible.withheld(),
                    visible.file().heldAbovePublic(), l.file().version(), Map.of("timeline", (long) latest.timelineTotal()));
            var both = chartAndMap.get();
            return new SeenWithHeadcounts(seen, latest.timelineTotal(), both.getKey(), both.getValue());
        }));
    }

    /** A dossier as JSON (UTF-8), and what it holds above public. */
    public record DossierText(byte[] json, Map<Confidentiality, Integer> held) {
    }

    /**
     * The dossier as the case file stood at stream version {@code atVersion} (null: the latest applied), for an
     * audience; a 409 problem when the view has not yet applied {@code atVersion}.
     */
    public Uni<DossierText> dossier(UUID populationId, LocalDate day, Long atVersion, Audience audience) {
        return Uni.createFrom().deferred(() -> {
            long generation = reads.generation();
            return reads.row(populationId).onItem().ifNull().failWith(() -> unknown(populationId)).chain(row ->
                    (row.version >= streamedDossierFrom || row.version > reads.wholeHistoryMax()) && !reads.kept(populationId, row.version)
                            ? streamedDossier(row, day, atVersion, audience)
                            : reads.load(row, generation).map(l -> {
                                long version = version(l.row(), atVersion);
                                byte[] json = reads.dossier(dossierKey(populationId, version, day, audience), l,
                                        file -> json(Dossier.of(file, version, day, audience)));
                                return new DossierText(json, audience == Audience.PUBLIC ? Map.of() : l.file().heldAbovePublic());
                            }));
        });
    }

    /**
     * The same dossier read straight from the stored revisions without keeping the case file
     * ({@link CaseFileReads#streamed}): for a history too long to hold in memory. One such read of a dossier at a time,
     * and it goes on when the request that began it is gone (a first dossier of a million events takes seconds, and a
     * caller that gave up and asks again finds it under way or kept): another request for it waits for it.
     */
    Uni<DossierText> streamedDossier(org.vigil.casefile.store.CaseFileRow row, LocalDate day, Long atVersion, Audience audience) {
        long version = version(row, atVersion);
        String key = dossierKey(row.populationId, version, day, audience);
        String heldKey = row.populationId + "|" + row.version;
        byte[] kept = reads.keptDossier(key);
        Map<Confidentiality, Integer> heldKept = audience == Audience.PUBLIC ? Map.of() : streamedHeld.get(heldKey);
        if (kept != null && heldKept != null) return Uni.createFrom().item(new DossierText(kept, heldKept));
        var mine = new java.util.concurrent.CompletableFuture<DossierText>();
        var running = streaming.putIfAbsent(key, mine);
        if (running == null) {
            running = mine;
            Uni.createFrom().deferred(() -> reads.streamed(row, version, day, audience)).chain(read -> OffLoop.compute(() -> {
                byte[] json = json(read.dossier());
                reads.keepDossier(key, json, read.generation());
                streamedHeld.put(heldKey, read.held());
                return new DossierText(json, audience == Audience.PUBLIC ? Map.of() : read.held());
            })).subscribe().with(done -> {
                streaming.remove(key, mine);
                mine.complete(done);
            }, failure -> {
                streaming.remove(key, mine);
                mine.completeExceptionally(failure);
            });
        }
        // a copy: a caller that goes away cancels its own, not the read others wait for
        return OffLoop.answer(running.copy());
    }

    /** The dossiers being read by {@link #streamedDossier}, by key. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<DossierText>> streaming =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** What the populations whose dossiers were streamed hold above public, by population and version (the latest few). */
    private final Map<String, Map<Confidentiality, Integer>> streamedHeld = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<Confidentiality, Integer>> eldest) {
                    return size() > 16;
                }
            });

    /** The version a dossier is asked at (null: the latest applied); a 409 problem when the view has not applied it yet. */
    private static long version(org.vigil.casefile.store.CaseFileRow row, Long atVersion) {
        long version = atVersion == null ? row.version : atVersion;
        if (version > row.version) {
            throw Problem.of(409, "not-yet-projected", "View behind the log", "the view of population " + row.populationId
                    + " has applied stream version " + row.version + ", not yet " + version
                    + (row.stalledReason == null ? "" : "; it is stalled: " + row.stalledReason), "atVersion", "version.projected");
        }
        return version;
    }

    private static String dossierKey(UUID populationId, long version, LocalDate day, Audience audience) {
        return populationId + "|" + version + "|" + day + "|" + audience.label();
    }

    static byte[] json(Dossier dossier) {
        try {
            return JSON.writeValueAsBytes(dossier);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public record RevisionView(String kind, UUID byEvent, long streamVersion, Instant recordedAt, String reason,
                               String confidentiality, JsonNode data) {
    }

    /** Every revision of one fact a reader may see, oldest first, and how many were withheld. */
    public record History(UUID eventId, String type, List<RevisionView> revisions, int withheld,
                          Map<Confidentiality, Integer> held) {
    }

    /**
     * The history of the fact recorded by {@code entryId}: a 404 problem when there is none, a 403 when the fact
     * itself is above the clearance; revisions above it are left out and counted.
     */
    public Uni<History> history(UUID populationId, UUID entryId, Confidentiality clearance) {
        return loaded(populationId).map(l -> {
            CaseFile.Entry entry = l.file().entry(entryId);
            if (entry == null) {
                throw Problem.of(404, "not-found", "No such fact", "population " + populationId + " has no fact recorded by event " + entryId, "eventId", "fact.exists");
            }
            if (!entry.revisions().isEmpty()
                    && !clearance.mayRead(Confidentiality.ofRecord(entry.revisions().getFirst().confidentiality()))) {
                throw Problem.of(403, "withheld", "Above your clearance", "this fact is above your clearance; it is withheld", "eventId", "clearance");
            }
            Map<Confidentiality, Integer> held = new java.util.EnumMap<>(Confidentiality.class);
            List<RevisionView> revisions = new java.util.ArrayList<>();
            for (CaseFile.Revision r : entry.revisions()) {
                Confidentiality level = Confidentiality.ofRecord(r.confidentiality());
                if (!clearance.mayRead(level)) continue;
                revisions.add(new RevisionView(r.kind().name().toLowerCase(java.util.Locale.ROOT), r.byEvent(), r.streamVersion(),
                        r.recordedAt(), r.reason(), r.confidentiality(), json(r.text())));
                if (level != Confidentiality.PUBLIC) held.merge(level, 1, Integer::sum);
            }
            return new History(entryId, entry.type(), List.copyOf(revisions), entry.revisions().size() - revisions.size(), held);
        });
    }

    /** One page of an export: the rows of the facts read, and how many facts were read (shown or not). */
    public record FigurePage(List<FigureRows.Row> rows, int factsRead) {
    }

    /**
     * An export of a population's figures, streamed: what it withholds from the reader (per level, as counted for a
     * status), what it may show above public (the revisions within the clearance, per level: for the audit line
     * written before the first byte), how many facts it goes through, and the pages, which read the store only as
     * they are consumed, {@code pageSize} facts at a time, all at the stream version the export began at.
     */
    public record FigureExport(UUID populationId, long version, Map<String, Integer> withheld, Map<Confidentiality, Integer> held,
                               long facts, Multi<FigurePage> pages) {
    }

    /** An export of the figures, {@code vigil.exports.page-facts} facts read at a time. */
    public Uni<FigureExport> figureExport(UUID populationId, FigureRows.Filter filter, Confidentiality clearance) {
        return figureExport(populationId, filter, clearance, exportPage);
    }

    public Uni<FigureExport> figureExport(UUID populationId, FigureRows.Filter filter, Confidentiality clearance, int pageSize) {
        return reads.row(populationId).onItem().ifNull().failWith(() -> unknown(populationId))
                .chain(row -> reads.revisionLevels(populationId, row.version)
                        .chain(levels -> reads.factCount(populationId, row.version).map(facts -> {
                            Map<String, Integer> withheld = new java.util.LinkedHashMap<>();
                            for (Confidentiality level : Confidentiality.values()) {
                                if (!clearance.mayRead(level)) withheld.put(level.label(), 0);
                            }
                            Map<Confidentiality, Integer> held = new java.util.EnumMap<>(Confidentiality.class);
                            levels.forEach((pair, n) -> {
                                Confidentiality first = Confidentiality.ofRecord(pair.get(0));
                                Confidentiality own = Confidentiality.ofRecord(pair.get(1));
                                // as CaseFile.visibleTo counts: a fact first recorded above the clearance is withheld whole
                                if (!clearance.mayRead(first)) withheld.merge(first.label(), n.intValue(), Integer::sum);
                                else if (!clearance.mayRead(own)) withheld.merge(own.label(), n.intValue(), Integer::sum);
                                else if (own != Confidentiality.PUBLIC) held.merge(own, n.intValue(), Integer::sum);
                            });
                            return new FigureExport(populationId, row.version, withheld, held, facts,
                                    pages(row, filter, clearance, pageSize));
                        })));
    }

    /**
     * The pages of an export. As each page arrives, the next is asked for before this one is turned into rows, so
     * that the database reads one page while the service writes out the last.
     */
    private Multi<FigurePage> pages(org.vigil.casefile.store.CaseFileRow row, FigureRows.Filter filter, Confidentiality clearance,
                                    int pageSize) {
        FigurePage end = new FigurePage(List.of(), 0);
        final class Cursor {
            boolean done;
            Uni<CaseFile> next = read(0);

            Uni<CaseFile> read(long after) {
                Uni<CaseFile> page = factPages.page(row, after, row.version, pageSize).memoize().indefinitely();
                page.subscribe().with(x -> {
                }, e -> {
                }); // started now; whoever takes it gets its item or its failure
                return page;
            }
        }
        return Multi.createBy().repeating().uni(Cursor::new, cursor -> {
            if (cursor.done) return Uni.createFrom().item(end);
            return cursor.next.map(file -> {
                int n = file.entries().size();
                if (n < pageSize) {
                    cursor.done = true;
                } else {
                    CaseFile.Entry last = null;
                    for (CaseFile.Entry e : file.entries()) last = e;
                    cursor.next = cursor.read(last.revisions().getFirst().streamVersion());
                }
                return new FigurePage(FigureRows.of(file.visibleTo(clearance).file(), filter), n);
            });
        }).until(page -> page == end);
    }

    private static RuntimeException unknown(UUID populationId) {
        return Problem.of(404, "unknown-population", "Unknown population", "no view of population " + populationId
                + " (not registered, or not yet projected)", "populationId", "population.projected");
    }

    /** An event parked because it could not be applied (a dead letter), as stored. */
    public record Parked(UUID eventId, UUID populationId, long streamVersion, long position, String type, Instant recordedAt,
                         String confidentiality, String data, String reason, Instant parkedAt) {
    }

    public Uni<List<Parked>> parked(UUID populationId) {
        return reads.parked(populationId).map(list -> list.stream().map(p -> new Parked(p.eventId, p.populationId,
                p.streamVersion, p.position, p.type, p.recordedAt, p.confidentiality, p.data, p.reason, p.parkedAt)).toList());
    }

    private Uni<CaseFileReads.Loaded> loaded(UUID populationId) {
        return reads.load(populationId).onItem().ifNull().failWith(() -> unknown(populationId));
    }

    /** The dossier's JSON leaves out empty fields: a large population's dossier is megabytes of mostly absent URLs. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** A revision's JSON as stored, as it is answered. */
    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored revision does not read back", e);
        }
    }
}
