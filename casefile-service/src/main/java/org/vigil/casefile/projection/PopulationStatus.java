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
                               List<Detention> detentions, List<Intervention> interventions,
                               List<TimelineItem> timeline) {

    /** A source as the event cited it: who published what, when, and where to find it. */
    public record Cited(String publisher, String title, String date, String url, String documentIndex) {
    }

    /**
     * One source's figure: {@code source} is the event's own reference to it, {@code cited} the source itself; the
     * qualifier and only the numbers the source states (an "up to 250" has no low); {@code words} the figure in
     * words, derived from those numbers ("up to 250"); {@code says} the source's own words when the recorder typed
     * them; {@code note} what the source says about the figure ("bodies counted at the hospital").
     */
    public record Claim(String source, String publisher, String qualifier, Long low, Long best, Long high, String words,
                        String says, String note, Cited cited) {
    }

    /**
     * Several claims about one quantity, counted as docs/counting.md says: from the lowest number any source states
     * ({@code low}) to the highest ({@code high}); {@code openAbove} when the highest is itself a lower bound ("at
     * least"), {@code openBelow} when the lowest is itself an upper bound ("up to"). {@code words} is the range in
     * words ("between 12 and 20"; "about 3,400" when every source gives that one number as an approximation),
     * {@code statement} the same with its sources ("between 12 and 20, according to A (at least 12), B (15) and C
     * (about 20)").
     */
    public record Range(long low, long high, boolean openBelow, boolean openAbove, String words, String statement,
                        List<Claim> claims, List<Earlier> earlier) {

        /** The same range with what the fact said before it was corrected. */
        public Range withEarlier(List<Earlier> before) {
            return new Range(low, high, openBelow, openAbove, words, statement, claims, List.copyOf(before));
        }
    }

    /**
     * A figure a correction superseded, kept beside the current one: what the fact said from {@code recordedAt}
     * until {@code supersededAt} ("earlier 3, according to A"), or {@code statement} "not stated" when it gave none.
     */
    public record Earlier(String recordedAt, String supersededAt, String words, String statement, List<Claim> claims) {
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

    /** {@code label} is the kind in words ("Resettlement to a third country"); voluntariness null when not stated. */
    public record Movement(UUID eventId, String date, Place from, Place to, String kind, String label, String voluntariness,
                           Range count, boolean corrected) {
    }

    /**
     * The latest action on one designation by one authority; {@code inForce} if it stands on the date. {@code label}
     * is the designation in words. {@code since} is when it was (first) given, {@code until} when it ended (its
     * effectiveUntil, or when it was revoked or lapsed), each null when the record does not say.
     */
    public record Designation(UUID eventId, String designation, String label, String authority, String subject, String action,
                              String effectiveFrom, String effectiveUntil, String since, String until, boolean inForce,
                              boolean contested, String instrument) {
    }

    /**
     * Asylum seekers, recognised refugees and resettled people are kept apart, never added together. A relocation of
     * kind resettlement_to_third_country counts as resettled too ({@code basis} "relocation"; a refugee-status step
     * is "refugee-status"), so the two sections never contradict each other.
     */
    public record RefugeeStatus(List<Step> registered, List<Step> recognised, List<Step> rejected, List<Step> resettled) {
        public record Step(UUID eventId, String date, String authority, String country, Range count, String basis) {
        }
    }

    /** {@code label} is what is restricted, in words ("Medical supplies"). */
    public record Restriction(UUID eventId, String restricts, String label, String imposedBy, String since, String description) {
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

        /**
         * The documented sum of one category: from the sum of the incidents' lows to the sum of their highs, open
         * above (below) when an incident's range is. {@code reporting} incidents give a figure for the category;
         * {@code notReported} give none and are not counted as 0. With no incident reporting, low and high are
         * null and {@code words} is "not reported".
         */
        public record Sum(Long low, Long high, boolean openBelow, boolean openAbove, String words, int reporting,
                          int notReported) {
        }

        public record Aggregate(UUID eventId, String scope, String period, Range killed, Range injured, Range abducted) {
        }
    }

    /**
     * People detained by an authority: how many (a range of claims), on what stated grounds, for how long, and what
     * became of them ({@code outcome} and its words, {@code outcomeLabel}; {@code transferredTo} whom they were handed
     * to). A field the source did not state is null.
     */
    public record Detention(UUID eventId, String date, String place, String detainedBy, Range count, String grounds,
                            String duration, String outcome, String outcomeLabel, String transferredTo,
                            boolean corrected) {
    }

    public record Intervention(UUID eventId, String date, String actor, List<String> addressees, String channel,
                               String asks, String documentIndex) {
    }

    /**
     * {@code kind} is the type in words ("Attack"); {@code summary} is the recorder's own words, when given;
     * {@code description} what the fact says, always.
     * {@code certain} is false for an event whose date interval straddles the asOf date ("may have happened").
     */
    public record TimelineItem(UUID eventId, String date, String earliest, String latest, String precision, String type,
                               String kind, String summary, String description, boolean corrected, boolean certain,
                               List<Cited> sources) {
    }
}
