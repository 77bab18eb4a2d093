package org.vigil.figures;

/**
 * A range as Vigil states it: from {@code low} to {@code high}, {@code low <= high}; open above where the highest
 * number is itself a lower bound ("at least"), open below where the lowest is itself an upper bound ("up to").
 */
public record Bounds(long low, long high, boolean openBelow, boolean openAbove) {

    public Bounds {
        if (low > high) throw new IllegalArgumentException("low " + low + " above high " + high);
    }

    /** Whether {@code other} lies inside this range (open ends reach as far as they need to). */
    public boolean contains(Bounds other) {
        boolean below = openBelow || (other.low >= low && !other.openBelow);
        boolean above = openAbove || (other.high <= high && !other.openAbove);
        return below && above;
    }
}
