package org.vigil.ingest.audit;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import org.vigil.access.Confidentiality;

/**
 * What one request disclosed above public, noted by the endpoint as it answers; {@link AuditRecorder} writes it to
 * the audit log with the answer. Only levels and counts are noted, never the records' contents.
 */
@RequestScoped
public class AuditTrail {

    private Confidentiality level;
    private UUID population;
    private final StringBuilder detail = new StringBuilder();

    /** The request disclosed records of {@code level} about {@code population}; {@code what} says which, briefly. */
    public void disclosed(Confidentiality level, UUID population, String what) {
        if (level == Confidentiality.PUBLIC) return;
        if (this.level == null || level.compareTo(this.level) > 0) this.level = level;
        if (population != null) this.population = population;
        if (!detail.isEmpty()) detail.append("; ");
        detail.append(what);
    }

    /** Notes the records above public that an answer shows, counted per level ({@code shown}: level to count). */
    public void disclosed(Map<Confidentiality, Integer> shown, UUID population, String what) {
        shown.forEach((level, count) -> {
            if (count > 0) disclosed(level, population, what + ": " + count + " " + level.label());
        });
    }

    private boolean recorded;

    /** The request's line is written already (an append writes it with its events). */
    public void markRecorded() {
        recorded = true;
    }

    boolean recorded() {
        return recorded;
    }

    public String level() {
        return level == null ? null : level.label();
    }

    UUID population() {
        return population;
    }

    String detail() {
        return detail.isEmpty() ? null : detail.toString();
    }
}
