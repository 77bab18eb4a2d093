package org.vigil.ingest.log;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the log, as stored: the payload is the exact JSON text the hash covers. {@code targetEventId} is the
 * event a correction, retraction or lifting refers to, kept in a column so the decider can look it up.
 * {@code traceParent} is the W3C trace context of the recording request (null without tracing); it is not hashed.
 */
public record RecordedEvent(long position, UUID eventId, UUID populationId, long streamVersion, String type,
                            Instant recordedAt, String recordedBy, UUID targetEventId, String confidentiality, String payload,
                            String previousHash, String hash, String traceParent) {

    public String recomputeHash() {
        return HashChain.link(previousHash, position, eventId, populationId, streamVersion, type, recordedAt,
                recordedBy, payload);
    }
}
