package org.vigil.ingest.event;

/**
 * A number as a source claims it: never a bare count but a range (low to high, with a best estimate when the
 * source gives one) and the qualifier the source used. {@code high} may be absent only for "at least" and
 * "more than".
 */
public record Figure(String source, Long low, Long best, Long high, Qualifier qualifier) {

    public enum Qualifier { EXACT, ABOUT, AT_LEAST, MORE_THAN, AT_MOST, FEWER_THAN }

    public static Figure exactly(String source, long value) {
        return new Figure(source, value, value, value, Qualifier.EXACT);
    }

    public static Figure about(String source, long low, long best, long high) {
        return new Figure(source, low, best, high, Qualifier.ABOUT);
    }

    public boolean openEnded() {
        return high == null;
    }
}
