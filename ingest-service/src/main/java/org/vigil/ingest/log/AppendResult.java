package org.vigil.ingest.log;

import java.util.List;
import java.util.UUID;

import org.vigil.ingest.population.Decision;

/** How an append ended. Only {@link Appended} means something was (or, replayed, had been) written. */
public sealed interface AppendResult {

    record Appended(UUID populationId, long streamVersion, List<Receipt> events, boolean replayed) implements AppendResult {
        public Appended asReplay() {
            return new Appended(populationId, streamVersion, events, true);
        }
    }

    record Refused(Decision.Rejected rejection) implements AppendResult {
    }

    /** The idempotency key was used before for a different request. */
    record KeyReused(String key) implements AppendResult {
    }

    record Receipt(UUID eventId, long streamVersion, long position, String recordedAt, String hash) {
    }
}
