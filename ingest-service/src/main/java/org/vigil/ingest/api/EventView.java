package org.vigil.ingest.api;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.vigil.ingest.log.RecordedEvent;

/** An event as the API shows it: the log's metadata and, as {@code data}, the payload exactly as stored. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                        Instant recordedAt, String recordedBy, String confidentiality, UUID targetEventId,
                        String previousHash, String hash, @JsonRawValue String data) {

    public static EventView of(RecordedEvent e) {
        return new EventView(e.eventId(), e.populationId(), e.streamVersion(), e.position(), e.type(), e.recordedAt(),
                e.recordedBy(), e.confidentiality(), e.targetEventId(), e.previousHash(), e.hash(), e.payload());
    }
}
