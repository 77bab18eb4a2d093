package org.vigil.casefile.projection;

import org.vigil.access.Audience;
import org.vigil.access.Confidentiality;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.CaseFile.Entry;
import org.vigil.casefile.projection.CaseFile.Revision;
import org.vigil.casefile.projection.CaseFile.RevisionKind;
import org.vigil.casefile.projection.PopulationStatus.Cited;

/**
 * What a report needs from a case file, as it stood at one stream version, for one audience: the status on a date,
 * the headcount history (by site and year, and by site and month for a chart), every correction and retraction, and
 * how many records were withheld from the audience. Headcount reports appear in the history rather than in the
 * timeline, so that a population counted daily for years still gives a readable timeline.
 *
 * <p>A pure function of the case file and its arguments: the same stream version gives the same dossier.
 */
public record Dossier(UUID populationId, long atVersion, String audience, PopulationStatus status,
                      List<CountYear> headcountHistory, List<CountMonth> headcountSeries,
                      List<Correction> corrections, Map<String, Integer> withheld) {

    /**
     * The headcount claims for one site (and subgroup) in one year, as one range of all their claims (see
     * {@link FigureAlgebra}): from the lowest number stated to the highest, with its open ends and in words.
     */
    public record CountYear(String site, String subgroup, int year, String firstDate, String lastDate, int reports,
                            Long low, Long high, boolean openBelow, boolean openAbove, String words, List<Cited> sources) {
    }

    /** The same, by month: the points of a chart. {@code month} is YYYY-MM. */
    public record CountMonth(String site, String subgroup, String month, Long low, Long high) {
    }

    /**
     * A correction or retraction of a fact, with the fact as it read before and after: {@code changes} lists field by
     * field what a correction changed (figures in words with their sources), {@code sourcesBefore} the sources of the
     * fact as it read before, {@code sources} those of the corrected fact.
     */
    public record Correction(UUID target, String type, String kind, UUID byEvent, long streamVersion,
                             Instant recordedAt, String reason, String dateBefore, String summaryBefore,
                             String dateAfter, List<Change> changes, List<Cited> sourcesBefore, List<Cited> sources) {
    }

    /** One field a correction changed: its path ("occurred", "killed", "means") and what it said before and after. */
    public record Change(String field, String before, String after) {
    }

    public static Dossier of(CaseFile file, long atVersion, LocalDate asOf, Audience audience) {
        CaseFile at = file.atVersion(atVersion);
        Parts parts = new Parts(asOf, audience);
        for (Entry e : at.entries()) parts.add(e);
        return parts.dossier(at.populationId(), atVersion, at.version(), at.position(), at.lastRecordedAt());
    }

    /**
     * A dossier put together from a case file's entries one at a time, in any order, without holding the whole case
     * file: what a history too long to keep in memory is read into (store/CaseFileReads streams it). A headcount report
     * never corrected nor retracted (most of a long history) is kept only as its bounds, its date and its sources, unless
     * it may be one of the latest of its site (the status shows those) or the first (which orders the status's sites);
     * every other fact is kept whole, as the status and the corrections need it. {@link #of} gives its case file's
     * entries to one of these, so both ways give the same dossier.
     */
    public static final class Parts {
        private final LocalDate asOf;
        private final Audience audience;
        private final Confidentiality clearance;
        private final Map<UUID, Entry> kept = new HashMap<>();
        private final List<Count> plain = new ArrayList<>();
        private final Map<StatusView.HeadcountKey, Candidates> candidates = new HashMap<>();
        private final Map<String, Integer> plainWithheld = new HashMap<>();
        /** Repeated values of the plain reports (sites, sources, dates' words) held once. */
        private final Map<Object, Object> shared = new HashMap<>();

        public Parts(LocalDate asOf, Audience audience) {
            this.asOf = asOf;
            this.audience = audience;
            this.clearance = audience.clearance();
        }

        /** One entry of the case file, with its revisions up to the dossier's version (at least one). */
        public void add(Entry e) {
            Revision r = e.revisions().getFirst();
            if (e.revisions().size() != 1 || r.kind() != RevisionKind.RECORDED || !(r.fact() instanceof Event.CountReported count)) {
                kept.put(e.eventId(), e);
                return;
            }
            Confidentiality level = Confidentiality.ofRecord(r.confidentiality());
            if (!clearance.mayRead(level)) {
                plainWithheld.merge(level.label(), 1, Integer::sum);
                return;
            }
            When when = When.of(count.occurred());
            if (when == null) {  // the status places an undated fact first; kept whole, as the fold has it
                kept.put(e.eventId(), e);
                return;
            }
            // one that only may have happened by the date counts nowhere: the dossier's timeline leaves headcounts out
            if (asOf != null && !when.certainlyBy(asOf)) return;
            Count c = Count.of(r.streamVersion(), count, when, this::share);
            plain.add(c);
            candidates.computeIfAbsent(c.key(), k -> new Candidates()).offer(e, c);
        }

        /** The entry kept whole under this id (every fact but a plain headcount report), or null. */
        public Entry whole(UUID id) {
            return kept.get(id);
        }

        @SuppressWarnings("unchecked")
        private <T> T share(T value) {
            if (value == null) return null;
            Object known = shared.putIfAbsent(value, value);
            return known == null ? value : (T) known;
        }

        /** How many entries the status is handed whole (for tests of what is kept). */
        int keptWhole() {
            return chosen().size();
        }

        /** The entries the status is handed: every fact kept whole, and the plain reports it may show. */
        private Map<UUID, Entry> chosen() {
            Map<UUID, Entry> chosen = new HashMap<>(kept);
            for (Candidates c : candidates.values()) c.into(chosen);
            return chosen;
        }

        /**
         * The dossier at stream version {@code atVersion}, from every entry added; {@code version}, {@code position} and
         * {@code lastRecordedAt} are those of the case file at that version ({@link CaseFile#atVersion}).
         */
        public Dossier dossier(UUID populationId, long atVersion, long version, long position, java.time.Instant lastRecordedAt) {
            // the facts the status needs, in the order the case file holds them (by the version that first recorded each)
            List<Entry> ordered = new ArrayList<>(chosen().values());
            ordered.sort((a, b) -> Long.compare(a.revisions().getFirst().streamVersion(), b.revisions().getFirst().streamVersion()));
            Map<UUID, Entry> entries = new LinkedHashMap<>();
            for (Entry e : ordered) entries.put(e.eventId(), e);
            CaseFile.Visible visible = new CaseFile(populationId, version, position, lastRecordedAt, entries).visibleTo(clearance);
            CaseFile seen = visible.file();
            PopulationStatus full = StatusView.of(seen, asOf, null, fact -> !(fact instanceof Event.CountReported));
            PopulationStatus status = new PopulationStatus(full.populationId(), full.name(), full.aliases(), full.asOf(),
                    full.knownAt(), atVersion, full.logPosition(), full.location(), full.headcounts(), full.movements(),
                    full.designations(), full.refugeeStatus(), full.restrictionsInForce(), full.casualties(),
                    full.detentions(), full.interventions(), full.timeline());
            List<Count> counts = new ArrayList<>(plain);
            for (Entry e : seen.entries()) {
                if (!kept.containsKey(e.eventId())) continue;  // a plain report: counted above
                Revision r = e.revisions().getLast();
                Event.CountReported count = r.kind() == RevisionKind.RETRACTED ? null : StatusView.headcount(r.fact());
                if (count == null) continue;  // a fact that gives no headcount (a registration may give the population's size)
                When when = When.of(count.occurred());
                if (when == null || (asOf != null && !when.certainlyBy(asOf))) continue;
                counts.add(Count.of(e.revisions().getFirst().streamVersion(), count, when, v -> v));
            }
            // by date, then in the order the case file holds them
            counts.sort((a, b) -> {
                int byDate = a.when().latest().compareTo(b.when().latest());
                return byDate != 0 ? byDate : Long.compare(a.order(), b.order());
            });
            Map<String, Integer> withheld = new LinkedHashMap<>(visible.withheld());
            plainWithheld.forEach((level, n) -> withheld.merge(level, n, Integer::sum));
            return new Dossier(populationId, atVersion, audience.label(), status, history(counts), series(counts),
                    corrections(seen), withheld);
        }
    }

    /**
     * The plain headcount reports of one site the status may need: the first by date (it places the site among the
     * others) and all of the latest date (the site's current headcount), each with the version that recorded it.
     */
    private static final class Candidates {
        private Entry first;
        private Count firstCount;
        private final List<Entry> latest = new ArrayList<>();
        private LocalDate latestDay;

        void offer(Entry e, Count c) {
            if (first == null || earlier(c, firstCount)) {
                first = e;
                firstCount = c;
            }
            LocalDate day = c.when().latest();
            if (latestDay == null || day.isAfter(latestDay)) {
                latest.clear();
                latestDay = day;
            }
            if (day.equals(latestDay)) latest.add(e);
        }

        private static boolean earlier(Count a, Count b) {
            int byDate = a.when().latest().compareTo(b.when().latest());
            return byDate != 0 ? byDate < 0 : a.order() < b.order();
        }

        void into(Map<UUID, Entry> chosen) {
            chosen.put(first.eventId(), first);
            for (Entry e : latest) chosen.put(e.eventId(), e);
        }
    }

    /**
     * A headcount report as the history and the series sum it: its site and subgroup, its date, the sources its
     * claims cite (in order) and the bounds of its claims (null when none states a number); {@code order} is the
     * stream version that first recorded it.
     */
    private record Count(long order, StatusView.HeadcountKey key, String site, String subgroup, When when,
                         List<Cited> cited, org.vigil.figures.Bounds bounds) {

        static Count of(long order, Event.CountReported fact, When when, java.util.function.UnaryOperator<Object> share) {
            List<PopulationStatus.Claim> claims = Ranges.claims(fact.count(), fact.sources());
            List<Cited> cited = new ArrayList<>(claims.size());
            for (PopulationStatus.Claim claim : claims) if (claim.cited() != null) cited.add((Cited) share.apply(claim.cited()));
            @SuppressWarnings("unchecked")
            List<Cited> sources = (List<Cited>) share.apply(List.copyOf(cited));
            return new Count(order, (StatusView.HeadcountKey) share.apply(StatusView.HeadcountKey.of(fact)),
                    (String) share.apply(fact.place() == null ? null : fact.place().name()), (String) share.apply(fact.subgroup()),
                    when, sources, Ranges.bounds(claims));
        }
    }

    private static List<CountYear> history(List<Count> counts) {
        final class Acc {
            final Count first;
            final int year;
            Count last;
            int reports;
            final List<org.vigil.figures.Bounds> bounds = new ArrayList<>();
            final LinkedHashSet<Cited> sources = new LinkedHashSet<>();

            Acc(Count first, int year) {
                this.first = first;
                this.year = year;
            }
        }
        Map<Map.Entry<StatusView.HeadcountKey, Integer>, Acc> groups = new LinkedHashMap<>();
        for (Count c : counts) {
            int year = c.when().latest().getYear();
            Acc a = groups.computeIfAbsent(Map.entry(c.key(), year), k -> new Acc(c, year));
            a.last = c;
            a.reports++;
            if (c.bounds() == null) continue;
            a.bounds.add(c.bounds());
            a.sources.addAll(c.cited());
        }
        List<CountYear> out = new ArrayList<>();
        for (Acc a : groups.values()) {
            // the year's range in words, as Ranges.of words it, without the statement of its hundreds of claims
            org.vigil.figures.Bounds range = Ranges.union(a.bounds);
            out.add(new CountYear(a.first.site(), a.first.subgroup(), a.year, a.first.when().text(),
                    a.last.when().text(), a.reports, range == null ? null : range.low(),
                    range == null ? null : range.high(), range != null && range.openBelow(), range != null && range.openAbove(),
                    range == null ? "not stated" : org.vigil.figures.FigureWords.say(range), List.copyOf(a.sources)));
        }
        out.sort((x, y) -> {
            int bySite = String.valueOf(x.site()).compareTo(String.valueOf(y.site()));
            if (bySite != 0) return bySite;
            int bySubgroup = String.valueOf(x.subgroup()).compareTo(String.valueOf(y.subgroup()));
            return bySubgroup != 0 ? bySubgroup : Integer.compare(x.year(), y.year());
        });
        return out;
    }

    private static List<CountMonth> series(List<Count> counts) {
        Map<Map.Entry<StatusView.HeadcountKey, String>, CountMonth> points = new LinkedHashMap<>();
        for (Count c : counts) {
            org.vigil.figures.Bounds r = c.bounds();
            if (r == null) continue;
            String month = month(c.when().latest());
            String site = c.site();
            String subgroup = c.subgroup();
            points.merge(Map.entry(c.key(), month), new CountMonth(site, subgroup, month, r.low(), r.high()),
                    (a, b) -> new CountMonth(site, subgroup, month, Math.min(a.low(), b.low()), Math.max(a.high(), b.high())));
        }
        return List.copyOf(points.values());
    }

    /** "2016-01": what String.format("%04d-%02d", year, month) writes, without parsing a format per report. */
    static String month(LocalDate day) {
        int year = day.getYear();
        String digits = Integer.toString(Math.abs(year));
        StringBuilder out = new StringBuilder(8);
        if (year < 0) out.append('-');
        for (int pad = (year < 0 ? 3 : 4) - digits.length(); pad > 0; pad--) out.append('0');
        out.append(digits).append('-');
        if (day.getMonthValue() < 10) out.append('0');
        return out.append(day.getMonthValue()).toString();
    }

    private static List<Correction> corrections(CaseFile file) {
        List<Correction> out = new ArrayList<>();
        for (Entry e : file.entries()) {
            List<Revision> revisions = e.revisions();
            for (int i = 1; i < revisions.size(); i++) {
                Revision before = revisions.get(i - 1);
                Revision r = revisions.get(i);
                Event.Fact was = before.fact();
                boolean corrected = r.kind() == RevisionKind.CORRECTED;
                When then = was == null ? null : When.of(was.occurred());
                When now = corrected ? When.of(r.fact().occurred()) : null;
                out.add(new Correction(e.eventId(), e.type(), r.kind().name().toLowerCase(), r.byEvent(), r.streamVersion(),
                        r.recordedAt(), r.reason(), then == null ? null : then.text(), was == null ? null : was.summary(),
                        now == null ? null : now.text(),
                        corrected && was != null ? Changes.between(was, r.fact()) : List.of(),
                        Ranges.sources(was), corrected ? Ranges.sources(r.fact()) : List.of()));
            }
        }
        out.sort((a, b) -> Long.compare(a.streamVersion(), b.streamVersion()));
        return out;
    }
}
