package org.vigil.figures;

import java.util.ArrayList;
import java.util.List;

/**
 * One source's figure as numbers: its qualifier and the numbers the source stated, each absent when the source did
 * not state it. "up to 250" states a high of 250 and no low: the low is not 0, it is not stated.
 */
public record Stated(Qualifier qualifier, Long low, Long best, Long high) {

    /**
     * The same figure with its one number where its qualifier keeps it (see {@link Qualifier}): "at_least" with only
     * a best becomes "at_least" with that low; a plain figure given as low = best = high keeps the best only.
     * Changes no meaning; two figures that say the same thing have the same canonical form.
     */
    public Stated canonical() {
        Long only = null; // the one number stated, however many times; null when none is, or they differ
        boolean one = true;
        for (Long n : new Long[]{low, best, high}) {
            if (n == null) continue;
            if (only == null) only = n;
            else if (!only.equals(n)) one = false;
        }
        if (only == null || !one || qualifier == null || qualifier == Qualifier.BETWEEN) return this;
        if (qualifier == Qualifier.ABOUT && low != null && high != null && best == null) return this;
        long n = only;
        if (qualifier.opensAbove()) return new Stated(qualifier, n, null, null);
        if (qualifier.opensBelow()) return new Stated(qualifier, null, null, n);
        return new Stated(qualifier, null, n, null);
    }

    /** The smallest number stated. */
    public long min() {
        return extreme(true);
    }

    /** The largest number stated. */
    public long max() {
        return extreme(false);
    }

    /** The smallest or the largest number stated, whatever their order (no list or stream made per figure). */
    private long extreme(boolean smallest) {
        Long found = null;
        for (Long n : new Long[]{low, best, high}) {
            if (n != null && (found == null || (smallest ? n < found : n > found))) found = n;
        }
        if (found == null) throw new java.util.NoSuchElementException("no number stated");
        return found;
    }

    /** The numbers stated, low to high; never empty for a valid figure. */
    public List<Long> numbers() {
        List<Long> out = new ArrayList<>(3);
        if (low != null) out.add(low);
        if (best != null) out.add(best);
        if (high != null) out.add(high);
        return out;
    }

    /** The source leaves the figure open above: "at least 12" with no high. */
    public boolean openAbove() {
        return qualifier.opensAbove() && high == null;
    }

    /** The source leaves the figure open below: "up to 250" with no low. */
    public boolean openBelow() {
        return qualifier.opensBelow() && low == null;
    }

    /** What this one figure says, as bounds: "at least 12" is 12 and open above. */
    public Bounds bounds() {
        return new Bounds(min(), max(), openBelow(), openAbove(), approximate());
    }

    /** The source gives its number as an approximation: "about 3,400", "nearly 100". */
    public boolean approximate() {
        return qualifier == Qualifier.ABOUT || qualifier == Qualifier.NEARLY;
    }

    /**
     * What is wrong with these numbers for this qualifier, in words; empty when they agree. The rules: at least one
     * number; low <= best <= high; a plain or reported figure is one number; "between" has a low below its high; a
     * lower bound has no high and an upper bound no low (else it is "between").
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (low == null && best == null && high == null) {
            out.add("give the figure's number: in best, or in words in 'says'");
            return out;
        }
        if (low != null && best != null && best < low) out.add("best " + best + " is below low " + low);
        if (best != null && high != null && best > high) out.add("best " + best + " is above high " + high);
        if (low != null && high != null && high < low) out.add("high " + high + " is below low " + low);
        if (qualifier == null) return out;
        switch (qualifier) {
            case EXACT, REPORTED, NEARLY -> {
                if (numbers().stream().distinct().count() > 1) {
                    out.add("'" + qualifier.wire() + "' is one number; for two, use between (or about) with low and high");
                }
            }
            case BETWEEN -> {
                if (low == null || high == null) out.add("'between' takes low and high");
                else if (low.equals(high)) out.add("'between' takes a low below its high; one number is exact");
            }
            case AT_LEAST, MORE_THAN -> {
                if (high != null) out.add("'" + qualifier.wire() + "' is open above: no high (with a high it is between)");
            }
            case UP_TO, AT_MOST, FEWER_THAN -> {
                if (low != null) out.add("'" + qualifier.wire() + "' is open below: no low (with a low it is between)");
            }
            case ABOUT -> {
                if ((low == null) != (high == null)) out.add("'about' takes one number (best), or low and high together");
            }
        }
        return out;
    }
}
