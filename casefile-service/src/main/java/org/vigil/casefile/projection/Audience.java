package org.vigil.casefile.projection;

import java.util.Locale;
import java.util.Optional;

import org.vigil.casefile.event.Confidentiality;

/** Whom a dossier is for, and so what it may hold: {@code public} sees public records only; {@code internal} all. */
public enum Audience {
    PUBLIC(Confidentiality.PUBLIC), INTERNAL(Confidentiality.CONFIDENTIAL);

    private final Confidentiality clearance;

    Audience(Confidentiality clearance) {
        this.clearance = clearance;
    }

    /** The most protected level a dossier for this audience holds. */
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
}
