package org.vigil.casefile.store;

import org.vigil.casefile.projection.CaseFile;

/** For tests outside this package: a stored fact read into its revision, as a read of the views reads it. */
public final class StoredRevisions {

    private StoredRevisions() {
    }

    public static CaseFile.NewRevision read(FactRow row) {
        return Rows.toRevision(row);
    }

    /** A fact as first recorded, public, by an event of its own; its type and JSON text still to be set. */
    public static FactRow recorded(java.util.UUID population, long version, java.time.Instant at) {
        FactRow f = new FactRow();
        f.byEvent = java.util.UUID.randomUUID();
        f.entryId = f.byEvent;
        f.populationId = population;
        f.streamVersion = version;
        f.kind = "recorded";
        f.recordedAt = at;
        f.confidentiality = "public";
        return f;
    }
}
