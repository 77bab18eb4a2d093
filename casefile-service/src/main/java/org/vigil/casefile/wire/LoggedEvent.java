package org.vigil.casefile.wire;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.Envelope;

/**
 * One event as the log published it: the CloudEvents attributes (id, type, stream version, log position, recorded
 * at) and the JSON payload as the contract in docs/schemas describes it.
 */
public record LoggedEvent(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                          Instant recordedAt, String confidentiality, JsonNode data, String dataText, Event decoded) {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * An event of a retired version is read as the current one (see {@link Upcaster}); its text is then re-written.
     * {@code decoded}: its record when already read from {@code dataText} ({@link EventCodec#decodeDirectly}); then
     * {@code data} may be left null and is read from the text when asked for.
     */
    public LoggedEvent {
        Upcaster.Upcast current = Upcaster.upcast(type, data);
        if (current != null) {
            type = current.type();
            data = current.data();
            dataText = null;
            decoded = null;
        }
    }

    public LoggedEvent(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                       Instant recordedAt, String confidentiality, JsonNode data, String dataText) {
        this(eventId, populationId, streamVersion, position, type, recordedAt, confidentiality, data, dataText, null);
    }

    /** {@code dataText}, when known, is the payload exactly as published; stored as is rather than written again. */
    public LoggedEvent(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                       Instant recordedAt, String confidentiality, JsonNode data) {
        this(eventId, populationId, streamVersion, position, type, recordedAt, confidentiality, data, null, null);
    }

    /** The payload as JSON: as read, or read from its text now (an event decoded straight from its bytes). */
    @Override
    public JsonNode data() {
        if (data != null || dataText == null) return data;
        try {
            return JSON.readTree(dataText);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the data of event " + eventId + " was read once and no longer is", e);
        }
    }

    /** The event as the projection takes it: read into its record at this edge (see {@link EventCodec}). */
    public Envelope envelope() {
        Envelope.Content content;
        try {
            Event event = decoded != null ? decoded : type == null ? null : EventCodec.decode(type, data());
            if (event == null) {
                content = new Envelope.Content.UnknownType();
            } else if (event instanceof Event.Corrected) {
                content = new Envelope.Content.Read(event, EventCodec.withoutType(data().path("corrected")).toString());
            } else {
                content = new Envelope.Content.Read(event, dataText != null ? dataText : data().toString());
            }
        } catch (EventCodec.Unreadable unreadable) {
            content = new Envelope.Content.Unreadable(unreadable.getMessage());
        }
        return new Envelope(eventId, populationId, streamVersion, position, type, recordedAt, confidentiality, content);
    }
}
