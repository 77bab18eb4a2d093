package org.vigil.casefile.projection;

import java.util.List;
import java.util.UUID;

/**
 * A population's situation on a date ({@code asOf}, by when facts occurred) as the record stood at a moment
 * ({@code knownAt}, by when facts were recorded). Every figure is a {@link Range} of claims, each claim with its
 * source named.
 */
public record PopulationStatus(UUID populationId, String name, List<String> aliases, String asOf, String knownAt,
                               long streamVersion, long logPosition,
                               Location location, List<SiteCount> headcounts, List<Movement> movements,
                               List<Designation> designations, RefugeeStatus refugeeStatus,
                               List<Restriction> restrictionsInForce, Casualties casualties,
                               List<Intervention> interventions, List<TimelineItem> timeline) {

    /** A source as the event cited it: who published what, when, and where to find it. */
    public record Cited(String publisher, String title, String date, String url, String documentIndex) {
    }

    /** One source's figure; {@code source} is the event's own reference to it, {@code cited} the source itself. */
    public record Claim(String source, String publisher, Long low, Long best, Long high, String qualifier, Cited cited) {
    }

    /** Several claims about one quantity: from the lowest low to the highest high (null high: open-ended). */
    public record Range(Long low, Long high, List<Claim> claims) {
    }

    public record Place(String name, String region, String country) {
    }

    /** Where the population is: the site the latest transfer or resettlement took it to. */
    public record Location(Place site, String since, boolean outsideCountryOfRegistration, List<Place> earlierSites) {
    }

    /** The most recent headcount claims for one site (and subgroup), kept as a range with their sources. */
    /**
     * The latest headcount of a site (or of a named part of its population), with how the sources arrived at it
     * ({@code methods}: headcount, registration, estimate or not_stated, once each; see count-reported.v2).
     */
    public record SiteCount(String site, String subgroup, String date, Range count, List<String> methods) {
    }

    public record Movement(UUID eventId, String date, Place from, Place to, String kind, String voluntariness,
                           Range count, boolean corrected) {
    }

    /** The latest action on one designation by one authority; {@code inForce} if it stands on the date. */
    public record Designation(UUID eventId, String designation, String authority, String subject, String action, String effectiveFrom,
                              String effectiveUntil, boolean inForce, boolean contested, String instrument) {
    }

    /** Asylum seekers, recognised refugees and resettled people are kept apart, never added together. */
    public record RefugeeStatus(List<Step> registered, List<Step> recognised, List<Step> rejected, List<Step> resettled) {
        public record Step(String date, String authority, String country, Range count) {
        }
    }

    public record Restriction(UUID eventId, String restricts, String imposedBy, String since, String description) {
    }

    /**
     * Each incident with its figures per source; the documented totals (sum of the incidents' lows to sum of their
     * highs) and, beside them, every total a source claims. Killed, injured and abducted are never added together.
     */
    public record Casualties(List<Incident> incidents, Totals documented, List<Aggregate> claimedAggregates) {
        public record Incident(UUID eventId, String date, String place, String means, String perpetrator,
                               String attribution, Range killed, Range injured, Range abducted, boolean corrected) {
        }

        public record Totals(Sum killed, Sum injured, Sum abducted, int incidents) {
        }

        /** Sum of lows to sum of highs; {@code openEnded} when some incident's high is unknown ("or more"). */
        public record Sum(long low, long high, boolean openEnded) {
        }

        public record Aggregate(UUID eventId, String scope, String period, Range killed, Range injured, Range abducted) {
        }
    }

    public record Intervention(UUID eventId, String date, String actor, List<String> addressees, String channel,
                               String asks, String documentIndex) {
    }

    /**
     * {@code summary} is the recorder's own words, when given; {@code description} what the fact says, always.
     * {@code certain} is false for an event whose date interval straddles the asOf date ("may have happened").
     */
    public record TimelineItem(UUID eventId, String date, String earliest, String latest, String precision, String type,
                               String summary, String description, boolean corrected, boolean certain,
                               List<Cited> sources) {
    }
}
