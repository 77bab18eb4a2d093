package org.vigil.casefile.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.vigil.figures.Bounds;
import org.vigil.figures.FigureWords;
import org.vigil.figures.Qualifier;
import org.vigil.figures.Stated;
import org.vigil.casefile.projection.CaseFile.Entry;
import org.vigil.casefile.projection.CaseFile.Revision;
import org.vigil.casefile.projection.CaseFile.RevisionKind;
import org.vigil.casefile.projection.PopulationStatus.Casualties;
import org.vigil.casefile.projection.PopulationStatus.Claim;
import org.vigil.casefile.projection.PopulationStatus.Range;

/**
 * Computes a population's status from its case file, for a date and a moment of the record. A fact counts on
 * {@code asOf} when it certainly happened by then: its whole date interval ("2009" is all of 2009) lies on or before
 * the day. Facts that may or may not have happened by then appear in the timeline marked uncertain, and nowhere
 * else. A fact counts at {@code knownAt} in the revision recorded last before that moment; a retracted fact does not
 * count from its retraction on.
 */
public final class StatusView {

    private record Fact(Entry entry, Revision revision, JsonNode data, When when) {
        /** Whether the fact reads as corrected: the revision in force is a correction. */
        boolean corrected() {
            return revision.kind() == RevisionKind.CORRECTED;
        }
    }

    private StatusView() {
    }

    public static PopulationStatus of(CaseFile file, LocalDate asOf, Instant knownAt) {
        return of(file, asOf, knownAt, type -> true);
    }

    /** The same, with only the facts of the types {@code inTimeline} accepts in the timeline. */
    public static PopulationStatus of(CaseFile file, LocalDate asOf, Instant knownAt, java.util.function.Predicate<String> inTimeline) {
        List<Fact> certain = new ArrayList<>();
        List<Fact> uncertain = new ArrayList<>();
        Fact registration = null;
        for (Entry entry : file.entries()) {
            Revision revision = entry.asKnownAt(knownAt);
            if (revision == null || revision.kind() == RevisionKind.RETRACTED) continue;
            When when = When.of(revision.data().path("occurred"));
            Fact fact = new Fact(entry, revision, revision.data(), when);
            if (entry.type().equals(Types.REGISTERED)) registration = fact;
            if (asOf == null || when == null || when.certainlyBy(asOf)) certain.add(fact);
            else if (when.possiblyBy(asOf)) uncertain.add(fact);
        }
        certain.sort(Comparator.comparing((Fact f) -> f.when() == null ? LocalDate.MIN : f.when().latest())
                .thenComparing(f -> f.revision().streamVersion()));

        String name = registration == null ? null : registration.data().path("name").asText(null);
        List<String> aliases = new ArrayList<>();
        if (registration != null) registration.data().path("aliases").forEach(a -> aliases.add(a.asText()));

        return new PopulationStatus(file.populationId(), name, aliases, asOf == null ? null : asOf.toString(),
                knownAt == null ? null : knownAt.toString(), file.version(), file.position(),
                location(registration, certain), headcounts(certain), movements(certain), designations(certain, asOf),
                refugeeStatus(certain), restrictions(certain), casualties(certain), interventions(certain),
                timeline(certain, uncertain, inTimeline));
    }

    private static List<Fact> ofType(List<Fact> facts, String type) {
        return facts.stream().filter(f -> f.entry().type().equals(type)).toList();
    }

    private static String date(Fact f) {
        return f.when() == null ? null : f.when().text();
    }

    private static PopulationStatus.Place place(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return null;
        return new PopulationStatus.Place(node.path("name").asText(null), node.path("region").asText(null), node.path("country").asText(null));
    }

    static Range range(JsonNode figures, JsonNode sources) {
        Map<String, PopulationStatus.Cited> cited = new HashMap<>();
        sources.forEach(s -> cited.put(s.path("ref").asText(), cited(s)));
        List<Claim> claims = new ArrayList<>();
        for (JsonNode f : figures) claims.add(claim(f, cited.get(f.path("source").asText())));
        return range(claims);
    }

    /** The range of these claims (see {@link FigureAlgebra}); null when none states a number. */
    static Range range(List<Claim> claims) {
        List<Stated> stated = new ArrayList<>();
        List<FigureAlgebra.Attribution> said = new ArrayList<>();
        for (Claim c : claims) {
            Stated s = stated(c);
            if (s == null) continue;
            stated.add(s);
            said.add(new FigureAlgebra.Attribution(c.publisher() != null ? c.publisher() : c.source(), c.words()));
        }
        if (stated.isEmpty()) return null;
        Bounds b = FigureAlgebra.range(stated);
        return new Range(b.low(), b.high(), b.openBelow(), b.openAbove(), FigureWords.say(b),
                FigureAlgebra.statement(b, said), List.copyOf(claims), List.of());
    }

    /**
     * One field's figures of a fact as the record stands, with every different figure the fact gave in the revisions
     * before (a correction never erases what was known): "4, according to B; earlier 3, according to A".
     */
    static Range range(Fact f, String field) {
        Range current = range(f.data().path(field), f.data().path("sources"));
        List<Revision> revisions = f.entry().revisions();
        if (revisions.size() == 1) return current; // the common case: a fact never corrected
        List<PopulationStatus.Earlier> earlier = new ArrayList<>();
        int inForce = revisions.indexOf(f.revision());
        for (int i = 0; i < inForce; i++) {
            Revision r = revisions.get(i);
            if (r.kind() == RevisionKind.RETRACTED) continue;
            Range before = range(r.data().path(field), r.data().path("sources"));
            String said = before == null ? "not stated" : before.statement();
            String now = current == null ? "not stated" : current.statement();
            if (said.equals(now)) continue;
            earlier.add(new PopulationStatus.Earlier(r.recordedAt().toString(), revisions.get(i + 1).recordedAt().toString(),
                    before == null ? "not stated" : before.words(), said, before == null ? List.of() : before.claims()));
        }
        if (earlier.isEmpty()) return current;
        if (current == null) {
            return new Range(0, 0, false, false, "not stated", "not stated", List.of(), List.copyOf(earlier));
        }
        return current.withEarlier(earlier);
    }

    static Bounds bounds(Range r) {
        return new Bounds(r.low(), r.high(), r.openBelow(), r.openAbove());
    }

    private static Claim claim(JsonNode f, PopulationStatus.Cited source) {
        Long low = f.hasNonNull("low") ? f.get("low").asLong() : null;
        Long best = f.hasNonNull("best") ? f.get("best").asLong() : null;
        Long high = f.hasNonNull("high") ? f.get("high").asLong() : null;
        Qualifier q = Qualifier.fromWire(f.path("qualifier").asText(null));
        Stated s = low == null && best == null && high == null ? null : new Stated(q == null ? Qualifier.EXACT : q, low, best, high);
        if (s == null && f.hasNonNull("says")) {
            // ingest-service always stores the numbers beside the words; a publisher that sent words alone is read
            // with the same grammar, and a figure whose words do not read states no number.
            try {
                s = FigureWords.parse(f.path("says").asText());
                q = s.qualifier();
                low = s.low();
                best = s.best();
                high = s.high();
            } catch (FigureWords.Unreadable e) {
                s = null;
            }
        }
        return new Claim(f.path("source").asText(), source == null ? null : source.publisher(), q == null ? null : q.wire(),
                low, best, high, s == null ? "not stated" : FigureWords.say(s), f.path("says").asText(null),
                f.path("note").asText(null), source);
    }

    private static Stated stated(Claim c) {
        if (c.low() == null && c.best() == null && c.high() == null) return null;
        Qualifier q = Qualifier.fromWire(c.qualifier());
        return new Stated(q == null ? Qualifier.EXACT : q, c.low(), c.best(), c.high());
    }

    static PopulationStatus.Cited cited(JsonNode s) {
        return new PopulationStatus.Cited(s.path("publisher").asText(null), s.path("title").asText(null),
                s.path("date").asText(null), s.path("url").asText(null), s.path("documentIndex").asText(null));
    }

    static List<PopulationStatus.Cited> sources(JsonNode data) {
        List<PopulationStatus.Cited> out = new ArrayList<>();
        data.path("sources").forEach(s -> out.add(cited(s)));
        return out;
    }

    private static PopulationStatus.Location location(Fact registration, List<Fact> facts) {
        if (registration == null) return null;
        PopulationStatus.Place site = place(registration.data().path("place"));
        String since = date(registration);
        List<PopulationStatus.Place> earlier = new ArrayList<>();
        for (Fact f : ofType(facts, Types.RELOCATION)) {
            String kind = f.data().path("kind").asText();
            // Departures and returns take some people away; transfers and resettlements move the population.
            if (!kind.equals("internal_transfer") && !kind.equals("resettlement_to_third_country")) continue;
            PopulationStatus.Place to = place(f.data().path("to"));
            if (to == null || Objects.equals(to, site)) continue;
            earlier.add(site);
            site = to;
            since = date(f);
        }
        String home = registration.data().path("place").path("country").asText(null);
        boolean abroad = home != null && site != null && !Objects.equals(home, site.country());
        return new PopulationStatus.Location(site, since, abroad, earlier);
    }

    private static List<PopulationStatus.SiteCount> headcounts(List<Fact> facts) {
        Map<String, List<Fact>> latest = new LinkedHashMap<>();
        for (Fact f : ofType(facts, Types.COUNT_REPORTED)) {
            String key = f.data().path("place").path("name").asText("") + "|" + f.data().path("subgroup").asText("");
            List<Fact> current = latest.get(key);
            if (current == null || f.when().latest().isAfter(current.getFirst().when().latest())) {
                latest.put(key, new ArrayList<>(List.of(f)));
            } else if (f.when().latest().equals(current.getFirst().when().latest())) {
                current.add(f);
            }
        }
        List<PopulationStatus.SiteCount> out = new ArrayList<>();
        for (List<Fact> group : latest.values()) {
            Fact first = group.getFirst();
            List<Range> ranges = group.stream().map(f -> range(f, "count")).filter(Objects::nonNull).toList();
            out.add(new PopulationStatus.SiteCount(first.data().path("place").path("name").asText(null),
                    first.data().path("subgroup").asText(null), date(first), merge(ranges),
                    group.stream().map(f -> f.data().path("method").asText("not_stated")).distinct().toList()));
        }
        return out;
    }

    private static Range merge(List<Range> ranges) {
        List<Claim> claims = new ArrayList<>();
        List<PopulationStatus.Earlier> earlier = new ArrayList<>();
        for (Range r : ranges) {
            claims.addAll(r.claims());
            earlier.addAll(r.earlier());
        }
        Range merged = range(claims);
        return merged == null || earlier.isEmpty() ? merged : merged.withEarlier(earlier);
    }

    private static List<PopulationStatus.Movement> movements(List<Fact> facts) {
        return ofType(facts, Types.RELOCATION).stream().map(f -> new PopulationStatus.Movement(
                f.entry().eventId(), date(f), place(f.data().path("from")), place(f.data().path("to")),
                f.data().path("kind").asText(null), Labels.relocation(f.data().path("kind").asText(null)),
                Labels.words(f.data().path("voluntariness").asText(null)),
                range(f, "count"), f.corrected())).toList();
    }

    private static List<PopulationStatus.Designation> designations(List<Fact> facts, LocalDate asOf) {
        Map<String, Fact> latest = new LinkedHashMap<>();
        for (Fact f : ofType(facts, Types.DESIGNATION)) {
            latest.put(f.data().path("designation").asText() + "|" + f.data().path("authority").asText(), f);
        }
        // A contest by anyone marks the designation contested, whoever holds it.
        Map<String, Boolean> contested = new HashMap<>();
        for (Fact f : ofType(facts, Types.DESIGNATION)) {
            if (f.data().path("action").asText().equals("contested")) contested.put(f.data().path("designation").asText(), true);
        }
        // When each designation was first given, by the same authority.
        Map<String, String> given = new HashMap<>();
        for (Fact f : ofType(facts, Types.DESIGNATION)) {
            if (!f.data().path("action").asText().equals("designated")) continue;
            given.putIfAbsent(f.data().path("designation").asText() + "|" + f.data().path("authority").asText(),
                    f.data().path("effectiveFrom").asText(null));
        }
        List<PopulationStatus.Designation> out = new ArrayList<>();
        for (Map.Entry<String, Fact> e : latest.entrySet()) {
            JsonNode d = e.getValue().data();
            String action = d.path("action").asText();
            String until = d.path("effectiveUntil").asText(null);
            boolean ended = until != null && asOf != null && until.compareTo(asOf.toString()) < 0;
            // A revocation or lapse ends the designation on its own effective date.
            String endedOn = until != null ? until
                    : action.equals("revoked") || action.equals("lapsed") ? d.path("effectiveFrom").asText(null) : null;
            String since = action.equals("designated") ? d.path("effectiveFrom").asText(null) : given.get(e.getKey());
            out.add(new PopulationStatus.Designation(e.getValue().entry().eventId(), d.path("designation").asText(),
                    Labels.designation(d.path("designation").asText()), d.path("authority").asText(),
                    d.path("subject").asText(null), action, d.path("effectiveFrom").asText(null), until, since, endedOn,
                    action.equals("designated") && !ended, contested.getOrDefault(d.path("designation").asText(), false),
                    d.path("instrument").asText(null)));
        }
        return out;
    }

    private static PopulationStatus.RefugeeStatus refugeeStatus(List<Fact> facts) {
        Map<String, List<PopulationStatus.RefugeeStatus.Step>> byStep = new HashMap<>();
        for (Fact f : ofType(facts, Types.REFUGEE_STATUS)) {
            byStep.computeIfAbsent(f.data().path("step").asText(), k -> new ArrayList<>())
                    .add(new PopulationStatus.RefugeeStatus.Step(f.entry().eventId(), date(f), f.data().path("authority").asText(null),
                            f.data().path("country").asText(null), range(f, "count"),
                            "refugee-status"));
        }
        // A resettlement recorded as a movement is a resettlement: the progress and the movements agree.
        for (Fact f : ofType(facts, Types.RELOCATION)) {
            if (!f.data().path("kind").asText().equals("resettlement_to_third_country")) continue;
            JsonNode to = f.data().path("to");
            String country = to.hasNonNull("name") ? to.path("name").asText() : to.path("country").asText(null);
            byStep.computeIfAbsent("resettled", k -> new ArrayList<>()).add(new PopulationStatus.RefugeeStatus.Step(
                    f.entry().eventId(), date(f), null, country, range(f, "count"),
                    "relocation"));
        }
        byStep.values().forEach(steps -> steps.sort(Comparator.comparing(
                (PopulationStatus.RefugeeStatus.Step st) -> st.date() == null ? "" : String.valueOf(st.date()))));
        return new PopulationStatus.RefugeeStatus(byStep.getOrDefault("registered", List.of()),
                byStep.getOrDefault("recognised", List.of()), byStep.getOrDefault("rejected", List.of()),
                byStep.getOrDefault("resettled", List.of()));
    }

    private static List<PopulationStatus.Restriction> restrictions(List<Fact> facts) {
        List<UUID> lifted = ofType(facts, Types.RESTRICTION_LIFTED).stream()
                .map(f -> UUID.fromString(f.data().path("restriction").asText())).toList();
        return ofType(facts, Types.RESTRICTION).stream()
                .filter(f -> !lifted.contains(f.entry().eventId()))
                .map(f -> new PopulationStatus.Restriction(f.entry().eventId(), f.data().path("restricts").asText(),
                        Labels.restriction(f.data().path("restricts").asText()), f.data().path("imposedBy").asText(null), date(f),
                        f.data().path("description").asText(null)))
                .toList();
    }

    private static Casualties casualties(List<Fact> facts) {
        List<Casualties.Incident> incidents = ofType(facts, Types.ATTACK).stream().map(f -> {
            JsonNode d = f.data();
            return new Casualties.Incident(f.entry().eventId(), date(f), d.path("place").path("name").asText(null),
                    d.path("means").asText(null), d.path("perpetrator").asText(null), d.path("attribution").asText(null),
                    range(f, "killed"), range(f, "injured"), range(f, "abducted"), f.corrected());
        }).toList();
        Casualties.Totals totals = new Casualties.Totals(sum(incidents, Casualties.Incident::killed),
                sum(incidents, Casualties.Incident::injured), sum(incidents, Casualties.Incident::abducted), incidents.size());
        List<Casualties.Aggregate> aggregates = ofType(facts, Types.AGGREGATE).stream().map(f -> {
            JsonNode d = f.data();
            return new Casualties.Aggregate(f.entry().eventId(), d.path("scope").asText(null), date(f),
                    range(f, "killed"), range(f, "injured"), range(f, "abducted"));
        }).toList();
        return new Casualties(incidents, totals, aggregates);
    }

    private static Casualties.Sum sum(List<Casualties.Incident> incidents, java.util.function.Function<Casualties.Incident, Range> category) {
        List<Bounds> parts = new ArrayList<>();
        int notReported = 0;
        for (Casualties.Incident i : incidents) {
            Range r = category.apply(i);
            if (r == null || r.claims().isEmpty()) notReported++;
            else parts.add(bounds(r));
        }
        if (parts.isEmpty()) return new Casualties.Sum(null, null, false, false, "not reported", 0, notReported);
        Bounds b = FigureAlgebra.sum(parts);
        return new Casualties.Sum(b.low(), b.high(), b.openBelow(), b.openAbove(), FigureWords.say(b), parts.size(), notReported);
    }

    private static List<PopulationStatus.Intervention> interventions(List<Fact> facts) {
        return ofType(facts, Types.INTERVENTION).stream().map(f -> {
            List<String> addressees = new ArrayList<>();
            f.data().path("addressees").forEach(a -> addressees.add(a.asText()));
            return new PopulationStatus.Intervention(f.entry().eventId(), date(f), f.data().path("actor").asText(null),
                    addressees, f.data().path("channel").asText(null), f.data().path("asks").asText(null),
                    f.data().path("documentIndex").asText(null));
        }).toList();
    }

    private static List<PopulationStatus.TimelineItem> timeline(List<Fact> certain, List<Fact> uncertain,
                                                                java.util.function.Predicate<String> inTimeline) {
        List<PopulationStatus.TimelineItem> items = new ArrayList<>();
        for (Fact f : certain) if (inTimeline.test(f.entry().type())) items.add(item(f, true));
        for (Fact f : uncertain) if (inTimeline.test(f.entry().type())) items.add(item(f, false));
        items.sort(Comparator.comparing((PopulationStatus.TimelineItem i) -> i.earliest() == null ? "" : i.earliest()));
        return items;
    }

    private static PopulationStatus.TimelineItem item(Fact f, boolean certain) {
        When w = f.when();
        String summary = f.data().path("summary").asText(null);
        return new PopulationStatus.TimelineItem(f.entry().eventId(), w == null ? null : w.text(),
                w == null ? null : w.earliest().toString(), w == null ? null : w.latest().toString(),
                w == null ? null : w.precision(), f.entry().type(), Labels.type(f.entry().type()), summary,
                describe(f.entry().type(), f.data()), f.corrected(),
                certain, sources(f.data()));
    }

    /** What a fact says, in a few words: "Recognised as refugees by UNHCR", "Terrorist listing revoked by European Union". */
    static String describe(String type, JsonNode d) {
        return switch (type) {
            case Types.REGISTERED -> "Registered: " + d.path("name").asText("population") + at(d.path("place"));
            case Types.COUNT_REPORTED -> "Headcount reported" + at(d.path("place"))
                    + (d.hasNonNull("subgroup") ? " (" + d.path("subgroup").asText() + ")" : "");
            case Types.RELOCATION -> String.valueOf(Objects.requireNonNullElse(Labels.relocation(d.path("kind").asText(null)), "Movement"))
                    + (d.hasNonNull("from") ? " from " + d.path("from").path("name").asText() : "")
                    + (d.hasNonNull("to") ? " to " + d.path("to").path("name").asText() : "");
            case Types.ATTACK -> "Attack" + at(d.path("place")) + (d.hasNonNull("means") ? " (" + d.path("means").asText() + ")" : "");
            case Types.AGGREGATE -> "Casualty total claimed" + (d.hasNonNull("scope") ? ": " + d.path("scope").asText() : "");
            case Types.DESIGNATION -> Objects.requireNonNullElse(Labels.designation(d.path("designation").asText(null)), "Legal designation") + " "
                    + d.path("action").asText("changed").replace('_', ' ') + " by " + d.path("authority").asText("an authority");
            case Types.REFUGEE_STATUS -> switch (d.path("step").asText("")) {
                case "registered" -> "Registered as asylum seekers";
                case "recognised" -> "Recognised as refugees";
                case "rejected" -> "Refused refugee status";
                case "resettled" -> "Resettled";
                default -> "Refugee status changed";
            } + (d.hasNonNull("authority") ? " by " + d.path("authority").asText() : "")
                    + (d.hasNonNull("country") ? " (" + d.path("country").asText() + ")" : "");
            case Types.RESTRICTION -> Objects.requireNonNullElse(Labels.restriction(d.path("restricts").asText(null)), "Access") + " restricted"
                    + (d.hasNonNull("imposedBy") ? " by " + d.path("imposedBy").asText() : "");
            case Types.RESTRICTION_LIFTED -> "Restriction lifted";
            case Types.INTERVENTION -> "Intervention by " + d.path("actor").asText("someone");
            default -> Labels.type(type);
        };
    }

    private static String at(JsonNode place) {
        return place.hasNonNull("name") ? " at " + place.path("name").asText() : "";
    }
}
