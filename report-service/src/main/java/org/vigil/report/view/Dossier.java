package org.vigil.report.view;

import java.util.List;
import java.util.Map;

/**
 * casefile-service's dossier as report-service reads it: the fields of the {@code Dossier} schema (and the schemas it
 * refers to) in docs/openapi/casefile-service.yaml that a report uses, with their names there. Nothing is shared with
 * casefile-service but that document; {@code DossierContractTest} fails when a field read here is not in it, or has
 * another type. A field casefile-service leaves out (it writes no nulls) reads as null, a list as empty.
 */
public record Dossier(long atVersion, String audience, Status status, List<CountYear> headcountHistory,
                      List<CountMonth> headcountSeries, List<Correction> corrections, Map<String, Integer> withheld) {

    public Dossier {
        headcountHistory = list(headcountHistory);
        headcountSeries = list(headcountSeries);
        corrections = list(corrections);
        withheld = withheld == null ? Map.of() : withheld;
    }

    /** A population's situation on the report's date (schema {@code PopulationStatus}). */
    public record Status(String name, List<String> aliases, Location location, List<SiteCount> headcounts,
                         List<Movement> movements, List<Designation> designations, RefugeeStatus refugeeStatus,
                         List<Restriction> restrictionsInForce, Casualties casualties, List<Detention> detentions,
                         List<Intervention> interventions, List<TimelineItem> timeline) {
        public Status {
            aliases = list(aliases);
            headcounts = list(headcounts);
            movements = list(movements);
            designations = list(designations);
            refugeeStatus = refugeeStatus == null ? new RefugeeStatus(null, null, null, null) : refugeeStatus;
            restrictionsInForce = list(restrictionsInForce);
            casualties = casualties == null ? new Casualties(null, null, null) : casualties;
            detentions = list(detentions);
            interventions = list(interventions);
            timeline = list(timeline);
        }
    }

    /** A source as the event cited it. */
    public record Cited(String publisher, String title, String date, String url, String documentIndex) {
        public static final Cited NONE = new Cited(null, null, null, null, null);
    }

    /** One source's figure: its words, the source's own words ({@code says}) and its note. */
    public record Claim(String source, String publisher, String words, String says, String note, Cited cited) {
    }

    /** Several claims about one quantity, in words, with the figures a correction superseded. */
    public record Range(String words, List<Claim> claims, List<Earlier> earlier) {
        public Range {
            claims = list(claims);
            earlier = list(earlier);
        }
    }

    /** A superseded figure: what the fact said until {@code supersededAt}. */
    public record Earlier(String supersededAt, String words, List<Claim> claims) {
        public Earlier {
            claims = list(claims);
        }
    }

    public record Place(String name, String region, String country) {
    }

    public record Location(Place site, String since, boolean outsideCountryOfRegistration, List<Place> earlierSites) {
        public Location {
            earlierSites = list(earlierSites);
        }
    }

    /** A site (and subgroup) that figures are given for. */
    public interface Sited {
        String site();

        String subgroup();
    }

    public record SiteCount(String site, String subgroup, String date, Range count, List<String> methods) implements Sited {
        public SiteCount {
            methods = list(methods);
        }
    }

    public record Movement(String eventId, String date, Place from, Place to, String kind, String label,
                           String voluntariness, Range count) {
    }

    public record Designation(String eventId, String designation, String label, String authority, String subject,
                              String action, String since, String until, boolean inForce, boolean contested,
                              String instrument) {
    }

    public record RefugeeStatus(List<Step> registered, List<Step> recognised, List<Step> rejected, List<Step> resettled) {
        public RefugeeStatus {
            registered = list(registered);
            recognised = list(recognised);
            rejected = list(rejected);
            resettled = list(resettled);
        }

        /** {@code basis} is "relocation" for a resettlement recorded as a movement, else "refugee-status". */
        public record Step(String date, String authority, String country, Range count, String basis) {
        }
    }

    public record Restriction(String eventId, String restricts, String label, String imposedBy, String since,
                              String description) {
    }

    public record Casualties(List<Incident> incidents, Totals documented, List<Aggregate> claimedAggregates) {
        public Casualties {
            incidents = list(incidents);
            documented = documented == null ? new Totals(null, null, null, 0) : documented;
            claimedAggregates = list(claimedAggregates);
        }

        public record Incident(String eventId, String date, String place, String means, String perpetrator,
                               String attribution, Range killed, Range injured, Range abducted, boolean corrected) {
        }

        public record Totals(Sum killed, Sum injured, Sum abducted, int incidents) {
        }

        /** A documented sum: {@code reporting} incidents give a figure for it. */
        public record Sum(String words, int reporting) {
        }

        public record Aggregate(String eventId, String scope, String period, Range killed, Range injured, Range abducted) {
        }
    }

    /** People detained by an authority; {@code outcomeLabel} what became of them, in words. */
    public record Detention(String eventId, String date, String place, String detainedBy, Range count, String grounds,
                            String duration, String outcomeLabel, String transferredTo, boolean corrected) {
    }

    public record Intervention(String eventId, String date, String actor, List<String> addressees, String channel,
                               String asks, String documentIndex) {
        public Intervention {
            addressees = list(addressees);
        }
    }

    /** {@code type} is the event type's name; {@code certain} false when the fact may have happened after the date. */
    public record TimelineItem(String eventId, String date, String earliest, String latest, String precision,
                               String type, String kind, String summary, String description, boolean corrected,
                               boolean certain, List<Cited> sources) {
        public TimelineItem {
            sources = list(sources);
        }
    }

    public record CountYear(String site, String subgroup, int year, int reports, String words, List<Cited> sources)
            implements Sited {
        public CountYear {
            sources = list(sources);
        }
    }

    public record CountMonth(String site, String subgroup, String month, Long low, Long high) implements Sited {
    }

    public record Correction(String type, String kind, long streamVersion, String recordedAt, String reason,
                             String dateBefore, String summaryBefore, String dateAfter, List<Change> changes,
                             List<Cited> sourcesBefore, List<Cited> sources) {
        public Correction {
            changes = list(changes);
            sourcesBefore = list(sourcesBefore);
            sources = list(sources);
        }
    }

    public record Change(String field, String before, String after) {
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
