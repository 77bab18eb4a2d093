package org.vigil.casefile.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import org.vigil.casefile.event.Event;
import org.vigil.casefile.event.Event.Attack;
import org.vigil.casefile.event.Event.CasualtiesClaimed;
import org.vigil.casefile.event.Event.CountReported;
import org.vigil.casefile.event.Event.DesignationChanged;
import org.vigil.casefile.event.Event.DetentionRecorded;
import org.vigil.casefile.event.Event.InterventionRecorded;
import org.vigil.casefile.event.Event.RefugeeStatusChanged;
import org.vigil.casefile.event.Event.Registered;
import org.vigil.casefile.event.Event.Relocation;
import org.vigil.casefile.event.Event.RestrictionLifted;
import org.vigil.casefile.event.Event.RestrictionRecorded;
import org.vigil.casefile.projection.CaseFile.Entry;
import org.vigil.casefile.projection.CaseFile.Revision;
import org.vigil.casefile.projection.CaseFile.RevisionKind;
import org.vigil.casefile.projection.PopulationStatus.Casualties;
import org.vigil.casefile.projection.PopulationStatus.Range;
import org.vigil.figures.Bounds;
import org.vigil.figures.FigureWords;

/**
 * Computes a population's status from its case file, for a date and a moment of the record. A fact counts on
 * {@code asOf} when it certainly happened by then: its whole date interval ("2009" is all of 2009) lies on or before
 * the day. Facts that may or may not have happened by then appear in the timeline marked uncertain, and nowhere
 * else. A fact counts at {@code knownAt} in the revision recorded last before that moment; a retracted fact does not
 * count from its retraction on.
 *
 * <p>The facts that count are folded by {@link #evolve}, one switch over every type of fact: a new type does not
 * compile until it says what it does to the status.
 */
public final class StatusView {

    /** A fact as it reads in the revision in force, with the entry it belongs to and when it happened. */
    record Seen<F extends Event.Fact>(Entry entry, Revision revision, F fact, When when) {
        /** Whether the fact reads as corrected: the revision in force is a correction. */
        boolean corrected() {
            return revision.kind() == RevisionKind.CORRECTED;
        }

        UUID eventId() {
            return entry.eventId();
        }

        String date() {
            return when == null ? null : when.text();
        }

        Range range(Function<F, List<Event.Figure>> field) {
            return Ranges.of(entry, revision, fact, field);
        }

        <G extends Event.Fact> Seen<G> as(G typed) {
            return new Seen<>(entry, revision, typed, when);
        }
    }

    /** The facts that count, by type, in the order they happened. */
    private static final class Folded {
        Seen<Registered> registration;
        final List<Seen<CountReported>> counts = new ArrayList<>();
        final List<Seen<Relocation>> relocations = new ArrayList<>();
        final List<Seen<Attack>> attacks = new ArrayList<>();
        final List<Seen<CasualtiesClaimed>> aggregates = new ArrayList<>();
        final List<Seen<DesignationChanged>> designations = new ArrayList<>();
        final List<Seen<RefugeeStatusChanged>> refugeeSteps = new ArrayList<>();
        final List<Seen<RestrictionRecorded>> restrictions = new ArrayList<>();
        final Set<UUID> lifted = new HashSet<>();
        final List<Seen<DetentionRecorded>> detentions = new ArrayList<>();
        final List<Seen<InterventionRecorded>> interventions = new ArrayList<>();
    }

    private StatusView() {
    }

    public static PopulationStatus of(CaseFile file, LocalDate asOf, Instant knownAt) {
        return of(file, asOf, knownAt, fact -> true);
    }

    /** The same, with only the facts {@code inTimeline} accepts in the timeline. */
    public static PopulationStatus of(CaseFile file, LocalDate asOf, Instant knownAt, Predicate<Event.Fact> inTimeline) {
        return of(file, asOf, knownAt, inTimeline, Integer.MAX_VALUE).status();
    }

    /** A status whose timeline holds only its latest entries, and how many entries the whole timeline has. */
    public record Latest(PopulationStatus status, int timelineTotal) {
    }

    /**
     * The status with only the latest {@code timelineLatest} entries of its timeline (the same entries, in the same
     * order, as the end of the whole timeline): what a page that lists the latest shows, without saying the rest.
     */
    public static Latest latest(CaseFile file, LocalDate asOf, Instant knownAt, int timelineLatest) {
        return of(file, asOf, knownAt, fact -> true, timelineLatest);
    }

    private static Latest of(CaseFile file, LocalDate asOf, Instant knownAt, Predicate<Event.Fact> inTimeline, int timelineLatest) {
        List<Seen<?>> certain = new ArrayList<>();
        List<Seen<?>> uncertain = new ArrayList<>();
        Seen<Registered> registration = null;
        for (Entry entry : file.entries()) {
            Revision revision = entry.asKnownAt(knownAt);
            if (revision == null || revision.kind() == RevisionKind.RETRACTED) continue;
            When when = When.of(revision.fact().occurred());
            Seen<?> seen = new Seen<>(entry, revision, revision.fact(), when);
            // The registration says who the population is and where it was first, whatever the date asked.
            if (revision.fact() instanceof Registered r) registration = seen.as(r);
            if (asOf == null || when == null || when.certainlyBy(asOf)) certain.add(seen);
            else if (when.possiblyBy(asOf)) uncertain.add(seen);
        }
        certain.sort(Comparator.comparing((Seen<?> f) -> f.when() == null ? LocalDate.MIN : f.when().latest())
                .thenComparing(f -> f.revision().streamVersion()));
        Folded folded = new Folded();
        for (Seen<?> seen : certain) evolve(folded, seen);
        folded.registration = registration;

        String name = registration == null ? null : registration.fact().name();
        List<String> aliases = registration == null ? List.of() : registration.fact().aliases();
        List<Placed> inOrder = timeline(certain, uncertain, inTimeline);
        return new Latest(new PopulationStatus(file.populationId(), name, aliases, asOf == null ? null : asOf.toString(),
                knownAt == null ? null : knownAt.toString(), file.version(), file.position(),
                location(folded), headcounts(folded.counts), movements(folded.relocations),
                designations(folded.designations, asOf), refugeeStatus(folded), restrictions(folded),
                casualties(folded), detentions(folded.detentions), interventions(folded.interventions),
                items(inOrder, timelineLatest)), inOrder.size());
    }

    /** One headcount claim for the chart: its site and subgroup, its dates, the range its sources give. */
    public record HeadcountPoint(String site, String subgroup, LocalDate earliest, LocalDate latest, String date,
                                 Range count, boolean corrected) {
    }

    /**
     * Every headcount claim of the record as known at {@code knownAt} (null: now), retracted ones left out, in date
     * order: what the headcount chart draws (the status keeps only the latest claims per site).
     */
    public static List<HeadcountPoint> headcountSeries(CaseFile file, Instant knownAt) {
        return headcountSeries(file, knownAt, Integer.MAX_VALUE);
    }

    /**
     * The same, with only the latest {@code inWords} claims (by date) said in words: the others carry their bounds
     * alone (same algebra; no words, statement or claims), which is all a chart of thousands of claims draws.
     */
    public static List<HeadcountPoint> headcountSeries(CaseFile file, Instant knownAt, int inWords) {
        record Found(Entry entry, Revision revision, CountReported fact, When when) {
        }
        List<Found> found = new ArrayList<>();
        for (Entry entry : file.entries()) {
            Revision revision = entry.asKnownAt(knownAt);
            if (revision == null || revision.kind() == RevisionKind.RETRACTED) continue;
            CountReported c = headcount(revision.fact());
            if (c == null) continue;
            When when = When.of(c.occurred());
            if (when != null) found.add(new Found(entry, revision, c, when));
        }
        found.sort(Comparator.comparing((Found f) -> f.when().earliest()));
        List<HeadcountPoint> out = new ArrayList<>(found.size());
        int firstInWords = found.size() - Math.min(found.size(), inWords);
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            CountReported c = f.fact();
            Range range = i >= firstInWords ? Ranges.of(f.entry(), f.revision(), f.revision().fact(), StatusView::headcountFigures)
                    : Ranges.bare(c.count());
            if (range == null) continue;
            out.add(new HeadcountPoint(c.place() == null ? null : c.place().name(), c.subgroup(), f.when().earliest(), f.when().latest(),
                    f.when().text(), range, f.revision().kind() == RevisionKind.CORRECTED));
        }
        return List.copyOf(out);
    }

    /**
     * A place the record gives coordinates for, with what happened there: each fact known at the moment asked that
     * names it with a latitude and longitude and can have happened by {@code day} (null: any day), grouped by place.
     * {@code facts} says the latest {@link #SITE_FACTS} of them by date (a site of a long history has thousands);
     * {@code total} counts them all.
     */
    public record Site(String name, double latitude, double longitude, String precision, List<String> facts, int total) {
        /** How many of the site's facts are not said. */
        public int more() {
            return total - facts.size();
        }
    }

    /** How many facts a site says in words. */
    public static final int SITE_FACTS = 20;

    public static List<Site> sites(CaseFile file, LocalDate day, Instant knownAt) {
        record Said(When when, long streamVersion, String what) {
        }
        final class Place {
            Event.Place place; // as the last fact recorded there words it
            final List<Said> facts = new ArrayList<>();
        }
        Map<String, Place> out = new LinkedHashMap<>();
        for (Entry entry : file.entries()) {
            Revision revision = entry.asKnownAt(knownAt);
            if (revision == null || revision.kind() == RevisionKind.RETRACTED) continue;
            Event.Fact fact = revision.fact();
            Event.Place p = fact.place();
            if (p == null || p.latitude() == null || p.longitude() == null) continue;
            When when = When.of(fact.occurred());
            if (day != null && when != null && when.earliest().isAfter(day)) continue; // cannot have happened by the day
            String key = p.name() + "|" + p.latitude() + "|" + p.longitude();
            Place known = out.computeIfAbsent(key, k -> new Place());
            known.place = p;
            known.facts.add(new Said(when, revision.streamVersion(), Labels.kind(fact) + (when == null ? "" : ", " + when.text())));
        }
        List<Site> sites = new ArrayList<>(out.size());
        for (Place site : out.values()) {
            List<Said> facts = site.facts;
            int total = facts.size();
            // the latest by date, in the timeline's order (by the first day each can have happened, an undated fact
            // first); on the same day, in the order recorded
            List<Said> byDate = new ArrayList<>(facts);
            byDate.sort(Comparator.comparing((Said f) -> f.when() == null ? LocalDate.MIN : f.when().earliest())
                    .thenComparingLong(Said::streamVersion));
            List<String> said = new ArrayList<>(Math.min(total, SITE_FACTS));
            for (Said f : byDate.subList(total - Math.min(total, SITE_FACTS), total)) said.add(f.what());
            Event.Place p = site.place;
            sites.add(new Site(p.name() == null ? "" : p.name(), p.latitude(), p.longitude(), p.coordinatePrecision(),
                    List.copyOf(said), total));
        }
        return List.copyOf(sites);
    }

    /** What one fact that counts does to the status. */
    private static void evolve(Folded status, Seen<?> seen) {
        switch (seen.fact()) {
            case Registered r -> {  // who and where are taken whatever its date (see of()); a stated size counts from its date
                CountReported size = headcount(r);
                if (size != null) status.counts.add(seen.as(size));
            }
            case CountReported c -> status.counts.add(seen.as(c));
            case Relocation r -> status.relocations.add(seen.as(r));
            case Attack a -> status.attacks.add(seen.as(a));
            case CasualtiesClaimed c -> status.aggregates.add(seen.as(c));
            case DesignationChanged d -> status.designations.add(seen.as(d));
            case RefugeeStatusChanged r -> status.refugeeSteps.add(seen.as(r));
            case RestrictionRecorded r -> status.restrictions.add(seen.as(r));
            case RestrictionLifted l -> status.lifted.add(l.restriction());
            case DetentionRecorded d -> status.detentions.add(seen.as(d));
            case InterventionRecorded i -> status.interventions.add(seen.as(i));
        }
    }

    private static PopulationStatus.Place place(Event.Place p) {
        return p == null ? null : new PopulationStatus.Place(p.name(), p.region(), p.country());
    }

    private static PopulationStatus.Location location(Folded status) {
        Seen<Registered> registration = status.registration;
        if (registration == null) return null;
        PopulationStatus.Place site = place(registration.fact().place());
        String since = registration.date();
        List<PopulationStatus.Place> earlier = new ArrayList<>();
        for (Seen<Relocation> f : status.relocations) {
            // Departures and returns take some people away; transfers and resettlements move the population.
            if (!f.fact().movesThePopulation()) continue;
            PopulationStatus.Place to = place(f.fact().to());
            if (to == null || Objects.equals(to, site)) continue;
            earlier.add(site);
            site = to;
            since = f.date();
        }
        Event.Place registered = registration.fact().place();
        String home = registered == null ? null : registered.country();
        boolean abroad = home != null && site != null && !Objects.equals(home, site.country());
        return new PopulationStatus.Location(site, since, abroad, earlier);
    }

    /**
     * The headcount a fact gives, or null: a headcount report, or a registration that states the population's size
     * (its sources' estimate at its site and date is a headcount claim like any other, so the status, the chart and
     * the dossier show it, and a later report of the site supersedes it as the latest).
     */
    static CountReported headcount(Event.Fact fact) {
        return switch (fact) {
            case CountReported c -> c;
            case Registered r when !r.size().isEmpty() ->
                    new CountReported(r.occurred(), r.place(), r.sources(), r.summary(), null, r.size(), null);
            case null, default -> null;
        };
    }

    /** A headcount's figures in any revision of its fact (none when that revision gives no headcount). */
    static List<Event.Figure> headcountFigures(Event.Fact fact) {
        CountReported c = headcount(fact);
        return c == null ? List.of() : c.count();
    }

    /** The site and subgroup a headcount counts: headcounts of the same key are of the same people. */
    record HeadcountKey(String site, String subgroup) {
        static HeadcountKey of(CountReported c) {
            return new HeadcountKey(c.place() == null || c.place().name() == null ? "" : c.place().name(),
                    Objects.requireNonNullElse(c.subgroup(), ""));
        }
    }

    private static List<PopulationStatus.SiteCount> headcounts(List<Seen<CountReported>> counts) {
        Map<HeadcountKey, List<Seen<CountReported>>> latest = new LinkedHashMap<>();
        for (Seen<CountReported> f : counts) {
            HeadcountKey key = HeadcountKey.of(f.fact());
            List<Seen<CountReported>> current = latest.get(key);
            if (current == null || f.when().latest().isAfter(current.getFirst().when().latest())) {
                latest.put(key, new ArrayList<>(List.of(f)));
            } else if (f.when().latest().equals(current.getFirst().when().latest())) {
                current.add(f);
            }
        }
        List<PopulationStatus.SiteCount> out = new ArrayList<>();
        for (List<Seen<CountReported>> group : latest.values()) {
            Seen<CountReported> first = group.getFirst();
            List<Range> ranges = group.stream().map(f -> Ranges.of(f.entry(), f.revision(), f.revision().fact(), StatusView::headcountFigures))
                    .filter(Objects::nonNull).toList();
            out.add(new PopulationStatus.SiteCount(first.fact().place() == null ? null : first.fact().place().name(),
                    first.fact().subgroup(), first.date(), Ranges.merge(ranges),
                    group.stream().map(f -> Objects.requireNonNullElse(f.fact().method(), "not_stated")).distinct().toList()));
        }
        return out;
    }

    private static List<PopulationStatus.Movement> movements(List<Seen<Relocation>> relocations) {
        return relocations.stream().map(f -> new PopulationStatus.Movement(f.eventId(), f.date(),
                place(f.fact().from()), place(f.fact().to()), f.fact().kind(), Labels.relocation(f.fact().kind()),
                Labels.words(f.fact().voluntariness()), f.range(Relocation::count), f.corrected())).toList();
    }

    private static List<PopulationStatus.Designation> designations(List<Seen<DesignationChanged>> changes, LocalDate asOf) {
        Map<String, Seen<DesignationChanged>> latest = new LinkedHashMap<>();
        // A contest by anyone marks the designation contested, whoever holds it.
        Set<String> contested = new HashSet<>();
        // When each designation was first given, by the same authority.
        Map<String, String> given = new HashMap<>();
        for (Seen<DesignationChanged> f : changes) {
            DesignationChanged d = f.fact();
            String key = d.designation() + "|" + d.authority();
            latest.put(key, f);
            if ("contested".equals(d.action())) contested.add(d.designation());
            if ("designated".equals(d.action())) given.putIfAbsent(key, d.effectiveFrom());
        }
        List<PopulationStatus.Designation> out = new ArrayList<>();
        for (Map.Entry<String, Seen<DesignationChanged>> e : latest.entrySet()) {
            DesignationChanged d = e.getValue().fact();
            String action = String.valueOf(d.action());
            String until = d.effectiveUntil();
            boolean ended = until != null && asOf != null && until.compareTo(asOf.toString()) < 0;
            // A revocation or lapse ends the designation on its own effective date.
            String endedOn = until != null ? until
                    : action.equals("revoked") || action.equals("lapsed") ? d.effectiveFrom() : null;
            String since = action.equals("designated") ? d.effectiveFrom() : given.get(e.getKey());
            out.add(new PopulationStatus.Designation(e.getValue().eventId(), d.designation(),
                    Labels.designation(d.designation()), d.authority(), d.subject(), action, d.effectiveFrom(), until,
                    since, endedOn, action.equals("designated") && !ended, contested.contains(d.designation()),
                    d.instrument()));
        }
        return out;
    }

    private static PopulationStatus.RefugeeStatus refugeeStatus(Folded status) {
        Map<String, List<PopulationStatus.RefugeeStatus.Step>> byStep = new HashMap<>();
        for (Seen<RefugeeStatusChanged> f : status.refugeeSteps) {
            byStep.computeIfAbsent(String.valueOf(f.fact().step()), k -> new ArrayList<>())
                    .add(new PopulationStatus.RefugeeStatus.Step(f.eventId(), f.date(), f.fact().authority(),
                            f.fact().country(), f.range(RefugeeStatusChanged::count), "refugee-status"));
        }
        // A resettlement recorded as a movement is a resettlement: the progress and the movements agree.
        for (Seen<Relocation> f : status.relocations) {
            if (!f.fact().resettlement()) continue;
            Event.Place to = f.fact().to();
            String country = to == null ? null : to.name() != null ? to.name() : to.country();
            byStep.computeIfAbsent("resettled", k -> new ArrayList<>()).add(new PopulationStatus.RefugeeStatus.Step(
                    f.eventId(), f.date(), null, country, f.range(Relocation::count), "relocation"));
        }
        byStep.values().forEach(steps -> steps.sort(Comparator.comparing(
                (PopulationStatus.RefugeeStatus.Step st) -> st.date() == null ? "" : String.valueOf(st.date()))));
        return new PopulationStatus.RefugeeStatus(byStep.getOrDefault("registered", List.of()),
                byStep.getOrDefault("recognised", List.of()), byStep.getOrDefault("rejected", List.of()),
                byStep.getOrDefault("resettled", List.of()));
    }

    private static List<PopulationStatus.Restriction> restrictions(Folded status) {
        return status.restrictions.stream()
                .filter(f -> !status.lifted.contains(f.eventId()))
                .map(f -> new PopulationStatus.Restriction(f.eventId(), f.fact().restricts(),
                        Labels.restriction(f.fact().restricts()), f.fact().imposedBy(), f.date(), f.fact().description()))
                .toList();
    }

    private static Casualties casualties(Folded status) {
        List<Casualties.Incident> incidents = status.attacks.stream().map(f -> {
            Attack a = f.fact();
            return new Casualties.Incident(f.eventId(), f.date(), a.place() == null ? null : a.place().name(),
                    a.means(), a.perpetrator(), a.attribution(), f.range(Attack::killed), f.range(Attack::injured),
                    f.range(Attack::abducted), f.corrected());
        }).toList();
        Casualties.Totals totals = new Casualties.Totals(sum(incidents, Casualties.Incident::killed),
                sum(incidents, Casualties.Incident::injured), sum(incidents, Casualties.Incident::abducted), incidents.size());
        List<Casualties.Aggregate> aggregates = status.aggregates.stream().map(f -> new Casualties.Aggregate(
                f.eventId(), f.fact().scope(), f.date(), f.range(CasualtiesClaimed::killed),
                f.range(CasualtiesClaimed::injured), f.range(CasualtiesClaimed::abducted))).toList();
        return new Casualties(incidents, totals, aggregates);
    }

    private static Casualties.Sum sum(List<Casualties.Incident> incidents, Function<Casualties.Incident, Range> category) {
        List<Bounds> parts = new ArrayList<>();
        int notReported = 0;
        for (Casualties.Incident i : incidents) {
            Range r = category.apply(i);
            if (r == null || r.claims().isEmpty()) notReported++;
            else parts.add(Ranges.bounds(r));
        }
        return sum(parts.isEmpty() ? null : FigureAlgebra.sum(parts), parts.size(), notReported);
    }

    /** A documented sum: the summed bounds of the {@code reporting} incidents (null when none reports). */
    private static Casualties.Sum sum(Bounds b, int reporting, int notReported) {
        if (b == null) return new Casualties.Sum(null, null, false, false, "not reported", 0, notReported);
        return new Casualties.Sum(b.low(), b.high(), b.openBelow(), b.openAbove(), FigureWords.say(b), reporting, notReported);
    }

    /** The lists of a status that grow with the history: each is shown as its latest entries, with its length. */
    public static final List<String> PAGED = List.of("timeline", "movements", "restrictionsInForce", "incidents",
            "claimedAggregates", "detentions", "interventions");

    /** A status whose long lists hold only their latest entries, and how many entries each has in all. */
    public record Paged(PopulationStatus status, Map<String, Long> listed) {
    }

    /**
     * The status with each of its long lists ({@link #PAGED}) cut to its latest {@code latest} entries (the end of
     * the list, in its order), and the length of each whole list. Totals stay those of the whole record.
     */
    public static Paged paged(PopulationStatus s, int latest) {
        Map<String, Long> listed = new LinkedHashMap<>();
        listed.put("timeline", (long) s.timeline().size());
        listed.put("movements", (long) s.movements().size());
        listed.put("restrictionsInForce", (long) s.restrictionsInForce().size());
        listed.put("incidents", (long) s.casualties().incidents().size());
        listed.put("claimedAggregates", (long) s.casualties().claimedAggregates().size());
        listed.put("detentions", (long) s.detentions().size());
        listed.put("interventions", (long) s.interventions().size());
        return new Paged(cut(s, latest, s.casualties().documented()), listed);
    }

    private static <T> List<T> last(List<T> list, int n) {
        return list.size() <= n ? list : List.copyOf(list.subList(list.size() - n, list.size()));
    }

    private static PopulationStatus cut(PopulationStatus s, int latest, Casualties.Totals totals) {
        Casualties c = s.casualties();
        return new PopulationStatus(s.populationId(), s.name(), s.aliases(), s.asOf(), s.knownAt(), s.streamVersion(),
                s.logPosition(), s.location(), s.headcounts(), last(s.movements(), latest), s.designations(),
                s.refugeeStatus(), last(s.restrictionsInForce(), latest),
                new Casualties(last(c.incidents(), latest), totals, last(c.claimedAggregates(), latest)),
                last(s.detentions(), latest), last(s.interventions(), latest), last(s.timeline(), latest));
    }

    /** The casualty totals of one category of the attacks in force, as the current view keeps them summed. */
    public record Summed(long incidents, long reporting, long low, long high, long openBelow, long openAbove, long about) {
    }

    /**
     * The current status (today, as known now) from the current view: {@code selected} holds, as a reader cleared to
     * some level sees them, the registration, every designation, refugee-status step and relocation that moves the
     * population, the latest headcounts of each site, and at least the latest {@code latest} entries of each long
     * list and of the timeline; {@code listed} the length of each long list, {@code summed} the casualty totals of
     * every attack in force, by category. Folded as {@link #of} folds the whole record, so it says the same.
     */
    public static Paged current(CaseFile selected, int latest, Map<String, Long> listed, Map<String, Summed> summed) {
        PopulationStatus folded = of(selected, null, null);
        Summed none = new Summed(0, 0, 0, 0, 0, 0, 0);
        Summed k = summed.getOrDefault("killed", none);
        Summed i = summed.getOrDefault("injured", none);
        Summed a = summed.getOrDefault("abducted", none);
        Casualties.Totals totals = new Casualties.Totals(sum(k), sum(i), sum(a), Math.toIntExact(listed.getOrDefault("incidents", 0L)));
        Map<String, Long> lengths = new LinkedHashMap<>();
        for (String list : PAGED) lengths.put(list, listed.getOrDefault(list, 0L));
        return new Paged(cut(folded, latest, totals), lengths);
    }

    private static Casualties.Sum sum(Summed s) {
        int reporting = Math.toIntExact(s.reporting());
        int notReported = Math.toIntExact(s.incidents() - s.reporting());
        return sum(reporting == 0 ? null : new Bounds(s.low(), s.high(), s.openBelow() > 0, s.openAbove() > 0, s.about() > 0),
                reporting, notReported);
    }

    private static List<PopulationStatus.Detention> detentions(List<Seen<DetentionRecorded>> detentions) {
        return detentions.stream().map(f -> {
            DetentionRecorded d = f.fact();
            return new PopulationStatus.Detention(f.eventId(), f.date(), d.place() == null ? null : d.place().name(),
                    d.detainedBy(), f.range(DetentionRecorded::count), d.grounds(), d.duration(),
                    d.outcome() == null || d.outcome().equals("not_stated") ? null : d.outcome(), Labels.outcome(d.outcome()),
                    d.transferredTo(), f.corrected());
        }).toList();
    }

    private static List<PopulationStatus.Intervention> interventions(List<Seen<InterventionRecorded>> interventions) {
        return interventions.stream().map(f -> new PopulationStatus.Intervention(f.eventId(), f.date(),
                f.fact().actor(), f.fact().addressees(), f.fact().channel(), f.fact().asks(), f.fact().documentIndex()))
                .toList();
    }

    /** A fact of the timeline, and whether it certainly happened by the date asked. */
    private record Placed(Seen<?> seen, boolean certain) {
    }

    /**
     * The facts of the timeline in its order: by the first day each can have happened (an undated fact first); on a
     * tie, certain ones first, in the order they were folded.
     */
    private static List<Placed> timeline(List<Seen<?>> certain, List<Seen<?>> uncertain, Predicate<Event.Fact> inTimeline) {
        List<Placed> facts = new ArrayList<>(certain.size() + uncertain.size());
        for (Seen<?> f : certain) if (inTimeline.test(f.fact())) facts.add(new Placed(f, true));
        for (Seen<?> f : uncertain) if (inTimeline.test(f.fact())) facts.add(new Placed(f, false));
        facts.sort(Comparator.comparing((Placed p) -> p.seen().when() == null ? LocalDate.MIN : p.seen().when().earliest())); // stable
        return facts;
    }

    /** The timeline's entries for the last {@code latest} of its facts. */
    private static List<PopulationStatus.TimelineItem> items(List<Placed> facts, int latest) {
        List<PopulationStatus.TimelineItem> items = new ArrayList<>(Math.min(facts.size(), latest));
        for (Placed p : facts.subList(facts.size() - Math.min(facts.size(), latest), facts.size())) items.add(item(p.seen(), p.certain()));
        return items;
    }

    private static PopulationStatus.TimelineItem item(Seen<?> f, boolean certain) {
        When w = f.when();
        return new PopulationStatus.TimelineItem(f.eventId(), w == null ? null : w.text(),
                w == null ? null : w.earliest().toString(), w == null ? null : w.latest().toString(),
                w == null ? null : w.precision(), f.entry().type(), Labels.kind(f.fact()), f.fact().summary(),
                Labels.describe(f.fact()), f.corrected(), certain, Ranges.sources(f.fact()));
    }
}
