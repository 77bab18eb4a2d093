package org.vigil.casefile.projection;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as the log published it: the CloudEvents attributes (id, type, stream version, log position, recorded
 * at) and the JSON payload as the contract in docs/schemas describes it.
 */
public record LoggedEvent(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                          Instant recordedAt, String confidentiality, JsonNode data, String dataText) {

    /** An event of a retired version is read as the current one (see {@link Upcaster}); its text is then re-written. */
    public LoggedEvent {
        Upcaster.Upcast current = Upcaster.upcast(type, data);
        if (current != null) {
            type = current.type();
            data = current.data();
            dataText = null;
        }
    }

    /** {@code dataText}, when known, is the payload exactly as published; stored as is rather than written again. */
    public LoggedEvent(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                       Instant recordedAt, String confidentiality, JsonNode data) {
        this(eventId, populationId, streamVersion, position, type, recordedAt, confidentiality, data, null);
    }
}
