package org.vigil.access;

import java.util.Locale;
import java.util.Optional;

/** Whom a report or a dossier is for, and so what it may hold: {@code public} public records only; {@code internal} all. */
public enum Audience {
    PUBLIC(Confidentiality.PUBLIC), INTERNAL(Confidentiality.CONFIDENTIAL);

    private final Confidentiality clearance;

    Audience(Confidentiality clearance) {
        this.clearance = clearance;
    }

    /** The most protected level an edition for this audience holds: a reader needs this clearance to read it. */
    public Confidentiality clearance() {
        return clearance;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Audience> named(String word) {
        for (Audience a : values()) if (a.label().equals(word)) return Optional.of(a);
        return Optional.empty();
    }

    /** A stored edition's audience; a word that names none is read as the most protected. */
    public static Audience ofRecord(String word) {
        return named(word).orElse(INTERNAL);
    }
}
