package org.vigil.figures;

import java.util.Locale;

/**
 * How a source qualifies its figure, in the words sources use. The wire form is lower snake case ("at_least").
 *
 * <p>Where the number goes: one number in {@code best} for {@link #EXACT}, {@link #REPORTED}, {@link #ABOUT} and
 * {@link #NEARLY}; in {@code low} for {@link #AT_LEAST} and {@link #MORE_THAN} (open above); in {@code high} for
 * {@link #UP_TO}, {@link #AT_MOST} and {@link #FEWER_THAN} (open below); {@link #BETWEEN} takes {@code low} and
 * {@code high}, and {@link #ABOUT} may take them too ("about 90 to 100"). Any of them may add a {@code best}.
 */
public enum Qualifier {
    /** A plain number, as the source gives it: "15". */
    EXACT,
    /** A number the source reports without vouching for it: "5 reported dead", "reportedly 5". */
    REPORTED,
    /** "about 3,400", "some", "around", "approximately". */
    ABOUT,
    /** Close to but below the number: "nearly 100", "almost". */
    NEARLY,
    /** "at least 12", "no fewer than", "12 or more". */
    AT_LEAST,
    /** "more than 1,300", "over". */
    MORE_THAN,
    /** "up to 250", "as many as". */
    UP_TO,
    /** "at most 250", "no more than", "250 or fewer". */
    AT_MOST,
    /** "fewer than 50", "less than", "under". */
    FEWER_THAN,
    /** "between 90 and 100", "90 to 100", "90-100". */
    BETWEEN;

    private static final Qualifier[] ALL = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The wire name: {@code at_least}. */
    public String wire() {
        return wire;
    }

    /** The words before the number: "at least", "" for a plain number. */
    public String words() {
        return switch (this) {
            case EXACT, BETWEEN -> "";
            case REPORTED -> "reportedly";
            default -> name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** A lower bound: the source says the figure is this number or above, and does not say how far above. */
    public boolean opensAbove() {
        return this == AT_LEAST || this == MORE_THAN;
    }

    /** An upper bound: the source says the figure is this number or below, and does not say how far below. */
    public boolean opensBelow() {
        return this == UP_TO || this == AT_MOST || this == FEWER_THAN;
    }

    /** Reads a wire name, in any letter case; null when it is not one. */
    public static Qualifier fromWire(String wire) {
        if (wire == null) return null;
        for (Qualifier q : ALL) if (q.wire.equals(wire)) return q;
        return null;
    }
}
