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
            if (entry.type().equals("vigil.population.registered.v1")) registration = fact;
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
        Long low = null;
        Long high = null;
        boolean openEnded = false;
        for (JsonNode f : figures) {
            Long l = f.hasNonNull("low") ? f.get("low").asLong() : null;
            Long b = f.hasNonNull("best") ? f.get("best").asLong() : null;
            Long h = f.hasNonNull("high") ? f.get("high").asLong() : null;
            PopulationStatus.Cited source = cited.get(f.path("source").asText());
            claims.add(new Claim(f.path("source").asText(), source == null ? null : source.publisher(), l, b, h,
                    f.path("qualifier").asText(null), source));
            if (l != null) low = low == null ? l : Math.min(low, l);
            if (h == null) openEnded = true;
            else high = high == null ? h : Math.max(high, h);
        }
        if (claims.isEmpty()) return null;
        return new Range(low, openEnded ? null : high, claims);
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
        for (Fact f : ofType(facts, "vigil.relocation.recorded.v1")) {
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
        for (Fact f : ofType(facts, Upcaster.COUNT_REPORTED_V2)) {
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
            List<Range> ranges = group.stream().map(f -> range(f.data().path("count"), f.data().path("sources"))).filter(Objects::nonNull).toList();
            out.add(new PopulationStatus.SiteCount(first.data().path("place").path("name").asText(null),
                    first.data().path("subgroup").asText(null), date(first), merge(ranges),
                    group.stream().map(f -> f.data().path("method").asText("not_stated")).distinct().toList()));
        }
        return out;
    }

    private static Range merge(List<Range> ranges) {
        if (ranges.isEmpty()) return null;
        List<Claim> claims = new ArrayList<>();
        Long low = null;
        Long high = null;
        boolean open = false;
        for (Range r : ranges) {
            claims.addAll(r.claims());
            if (r.low() != null) low = low == null ? r.low() : Math.min(low, r.low());
            if (r.high() == null) open = true;
            else high = high == null ? r.high() : Math.max(high, r.high());
        }
        return new Range(low, open ? null : high, claims);
    }

    private static List<PopulationStatus.Movement> movements(List<Fact> facts) {
        return ofType(facts, "vigil.relocation.recorded.v1").stream().map(f -> new PopulationStatus.Movement(
                f.entry().eventId(), date(f), place(f.data().path("from")), place(f.data().path("to")),
                f.data().path("kind").asText(null), f.data().path("voluntariness").asText(null),
                range(f.data().path("count"), f.data().path("sources")), f.corrected())).toList();
    }

    private static List<PopulationStatus.Designation> designations(List<Fact> facts, LocalDate asOf) {
        Map<String, Fact> latest = new LinkedHashMap<>();
        for (Fact f : ofType(facts, "vigil.legal-designation.changed.v1")) {
            latest.put(f.data().path("designation").asText() + "|" + f.data().path("authority").asText(), f);
        }
        // A contest by anyone marks the designation contested, whoever holds it.
        Map<String, Boolean> contested = new HashMap<>();
        for (Fact f : ofType(facts, "vigil.legal-designation.changed.v1")) {
            if (f.data().path("action").asText().equals("contested")) contested.put(f.data().path("designation").asText(), true);
        }
        List<PopulationStatus.Designation> out = new ArrayList<>();
        for (Fact f : latest.values()) {
            JsonNode d = f.data();
            String action = d.path("action").asText();
            String until = d.path("effectiveUntil").asText(null);
            boolean ended = until != null && asOf != null && until.compareTo(asOf.toString()) < 0;
            out.add(new PopulationStatus.Designation(f.entry().eventId(), d.path("designation").asText(), d.path("authority").asText(),
                    d.path("subject").asText(null), action, d.path("effectiveFrom").asText(null), until,
                    action.equals("designated") && !ended, contested.getOrDefault(d.path("designation").asText(), false),
                    d.path("instrument").asText(null)));
        }
        return out;
    }

    private static PopulationStatus.RefugeeStatus refugeeStatus(List<Fact> facts) {
        Map<String, List<PopulationStatus.RefugeeStatus.Step>> byStep = new HashMap<>();
        for (Fact f : ofType(facts, "vigil.refugee-status.changed.v1")) {
            byStep.computeIfAbsent(f.data().path("step").asText(), k -> new ArrayList<>())
                    .add(new PopulationStatus.RefugeeStatus.Step(date(f), f.data().path("authority").asText(null),
                            f.data().path("country").asText(null), range(f.data().path("count"), f.data().path("sources"))));
        }
        return new PopulationStatus.RefugeeStatus(byStep.getOrDefault("registered", List.of()),
                byStep.getOrDefault("recognised", List.of()), byStep.getOrDefault("rejected", List.of()),
                byStep.getOrDefault("resettled", List.of()));
    }

    private static List<PopulationStatus.Restriction> restrictions(List<Fact> facts) {
        List<UUID> lifted = ofType(facts, "vigil.access-restriction.lifted.v1").stream()
                .map(f -> UUID.fromString(f.data().path("restriction").asText())).toList();
        return ofType(facts, "vigil.access-restriction.recorded.v1").stream()
                .filter(f -> !lifted.contains(f.entry().eventId()))
                .map(f -> new PopulationStatus.Restriction(f.entry().eventId(), f.data().path("restricts").asText(),
                        f.data().path("imposedBy").asText(null), date(f), f.data().path("description").asText(null)))
                .toList();
    }

    private static Casualties casualties(List<Fact> facts) {
        List<Casualties.Incident> incidents = ofType(facts, "vigil.attack.recorded.v1").stream().map(f -> {
            JsonNode d = f.data();
            return new Casualties.Incident(f.entry().eventId(), date(f), d.path("place").path("name").asText(null),
                    d.path("means").asText(null), d.path("perpetrator").asText(null), d.path("attribution").asText(null),
                    range(d.path("killed"), d.path("sources")), range(d.path("injured"), d.path("sources")),
                    range(d.path("abducted"), d.path("sources")), f.corrected());
        }).toList();
        Casualties.Totals totals = new Casualties.Totals(sum(incidents, Casualties.Incident::killed),
                sum(incidents, Casualties.Incident::injured), sum(incidents, Casualties.Incident::abducted), incidents.size());
        List<Casualties.Aggregate> aggregates = ofType(facts, "vigil.casualties.aggregate-claimed.v1").stream().map(f -> {
            JsonNode d = f.data();
            return new Casualties.Aggregate(f.entry().eventId(), d.path("scope").asText(null), date(f),
                    range(d.path("killed"), d.path("sources")), range(d.path("injured"), d.path("sources")),
                    range(d.path("abducted"), d.path("sources")));
        }).toList();
        return new Casualties(incidents, totals, aggregates);
    }

    private static Casualties.Sum sum(List<Casualties.Incident> incidents, java.util.function.Function<Casualties.Incident, Range> category) {
        long low = 0;
        long high = 0;
        boolean open = false;
        for (Casualties.Incident i : incidents) {
            Range r = category.apply(i);
            if (r == null) continue;
            low += r.low() == null ? 0 : r.low();
            if (r.high() == null) open = true;
            else high += r.high();
        }
        return new Casualties.Sum(low, high, open);
    }

    private static List<PopulationStatus.Intervention> interventions(List<Fact> facts) {
        return ofType(facts, "vigil.intervention.recorded.v1").stream().map(f -> {
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
                w == null ? null : w.precision(), f.entry().type(), summary, describe(f.entry().type(), f.data()), f.corrected(),
                certain, sources(f.data()));
    }

    /** What a fact says, in a few words: "Recognised as refugees by UNHCR", "Terrorist listing revoked by European Union". */
    static String describe(String type, JsonNode d) {
        return switch (type) {
            case "vigil.population.registered.v1" -> "Registered: " + d.path("name").asText("population") + at(d.path("place"));
            case Upcaster.COUNT_REPORTED_V2 -> "Headcount reported" + at(d.path("place"))
                    + (d.hasNonNull("subgroup") ? " (" + d.path("subgroup").asText() + ")" : "");
            case "vigil.relocation.recorded.v1" -> words(d.path("kind").asText("movement"))
                    + (d.hasNonNull("from") ? " from " + d.path("from").path("name").asText() : "")
                    + (d.hasNonNull("to") ? " to " + d.path("to").path("name").asText() : "");
            case "vigil.attack.recorded.v1" -> "Attack" + at(d.path("place")) + (d.hasNonNull("means") ? " (" + d.path("means").asText() + ")" : "");
            case "vigil.casualties.aggregate-claimed.v1" -> "Casualty total claimed" + (d.hasNonNull("scope") ? ": " + d.path("scope").asText() : "");
            case "vigil.legal-designation.changed.v1" -> words(d.path("designation").asText("designation")) + " "
                    + d.path("action").asText("changed").replace('_', ' ') + " by " + d.path("authority").asText("an authority");
            case "vigil.refugee-status.changed.v1" -> switch (d.path("step").asText("")) {
                case "registered" -> "Registered as asylum seekers";
                case "recognised" -> "Recognised as refugees";
                case "rejected" -> "Refused refugee status";
                case "resettled" -> "Resettled";
                default -> "Refugee status changed";
            } + (d.hasNonNull("authority") ? " by " + d.path("authority").asText() : "")
                    + (d.hasNonNull("country") ? " (" + d.path("country").asText() + ")" : "");
            case "vigil.access-restriction.recorded.v1" -> words(d.path("restricts").asText("access")) + " restricted"
                    + (d.hasNonNull("imposedBy") ? " by " + d.path("imposedBy").asText() : "");
            case "vigil.access-restriction.lifted.v1" -> "Restriction lifted";
            case "vigil.intervention.recorded.v1" -> "Intervention by " + d.path("actor").asText("someone");
            default -> type;
        };
    }

    private static String at(JsonNode place) {
        return place.hasNonNull("name") ? " at " + place.path("name").asText() : "";
    }

    private static String words(String code) {
        String w = code.replace('_', ' ');
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
