package org.vigil.ingest.event;

/**
 * How precisely a source dates a fact. Sources say "on 28 July 2009", "in May", "in 2009", "about 2003" or
 * "between 28 and 29 July 2009"; each is kept as said, never rounded to a false exact date.
 */
public enum Precision {
    /** An instant: {@code at} holds an ISO-8601 date-time with offset. */
    EXACT,
    /** A calendar day: {@code date} is YYYY-MM-DD. */
    DAY,
    /** A month: {@code date} is YYYY-MM. */
    MONTH,
    /** A year: {@code date} is YYYY. */
    YEAR,
    /** "About" a day, month or year: {@code date} at any of those granularities, understood as circa. */
    APPROXIMATE,
    /** Somewhere between {@code earliest} and {@code latest} (YYYY-MM-DD each), e.g. "early 2009". */
    RANGE
}
