package org.vigil.access;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may read a record: the one ladder, from least to most protected, for all three services (this source is compiled
 * into each, as {@code org.vigil.problems} is; they share no jar). An event carries its level as a word ({@code public},
 * {@code restricted}, {@code confidential}); a reader's clearance is a rung of the same ladder.
 */
public enum Confidentiality {
    PUBLIC, RESTRICTED, CONFIDENTIAL;

    private static final Confidentiality[] LADDER = values();

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The level as events and answers spell it. */
    public String label() {
        return label;
    }

    /** A rung named by a word, when the word names one. */
    public static Optional<Confidentiality> named(String word) {
        return Optional.ofNullable(word == null ? null : read(word));
    }

    /** A record's level; a word that names no rung is read as the most protected, so nothing leaks by a typo. */
    public static Confidentiality ofRecord(String word) {
        // every stored record spells its level as events do: read without folding (a long history's status reads
        // it for every revision)
        Confidentiality level = word == null ? null : read(word);
        return level != null ? level : CONFIDENTIAL;
    }

    /** The rung a word names, spelled as events spell it (compared as it is) or not (stripped, lower-cased); or null. */
    private static Confidentiality read(String word) {
        for (Confidentiality c : LADDER) if (c.label.equals(word)) return c;
        String folded = word.strip().toLowerCase(Locale.ROOT);
        for (Confidentiality c : LADDER) if (c.label.equals(folded)) return c;
        return null;
    }

    /** Whether a reader cleared up to this rung may read a record of {@code level}. */
    public boolean mayRead(Confidentiality level) {
        return level.ordinal() <= ordinal();
    }
}
