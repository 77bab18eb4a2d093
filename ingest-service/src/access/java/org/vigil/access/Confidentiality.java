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

    /** The level as events and answers spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A rung named by a word, when the word names one. */
    public static Optional<Confidentiality> named(String word) {
        if (word == null) return Optional.empty();
        for (Confidentiality c : values()) if (c.label().equals(word.strip().toLowerCase(Locale.ROOT))) return Optional.of(c);
        return Optional.empty();
    }

    /** A record's level; a word that names no rung is read as the most protected, so nothing leaks by a typo. */
    public static Confidentiality ofRecord(String word) {
        return named(word).orElse(CONFIDENTIAL);
    }

    /** Whether a reader cleared up to this rung may read a record of {@code level}. */
    public boolean mayRead(Confidentiality level) {
        return level.ordinal() <= ordinal();
    }
}
