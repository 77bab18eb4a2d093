package org.vigil.figures;

/**
 * A range as Vigil states it: from {@code low} to {@code high}, {@code low <= high}; open above where the highest
 * number is itself a lower bound ("at least"), open below where the lowest is itself an upper bound ("up to").
 * {@code about}: the range is one number that every source stating it gives as an approximation ("about 3,400",
 * "nearly 100"), so the range says "about 3,400", never the bare number; only a closed range of one number is.
 */
public record Bounds(long low, long high, boolean openBelow, boolean openAbove, boolean about) {

    public Bounds {
        if (low > high) throw new IllegalArgumentException("low " + low + " above high " + high);
        about &= low == high && !openBelow && !openAbove;
    }

    /** A range whose numbers are stated as they are. */
    public Bounds(long low, long high, boolean openBelow, boolean openAbove) {
        this(low, high, openBelow, openAbove, false);
    }

    /** Whether {@code other} lies inside this range (open ends reach as far as they need to). */
    public boolean contains(Bounds other) {
        boolean below = openBelow || (other.low >= low && !other.openBelow);
        boolean above = openAbove || (other.high <= high && !other.openAbove);
        return below && above;
    }
}
