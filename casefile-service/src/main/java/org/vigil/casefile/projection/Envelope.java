package org.vigil.casefile.projection;

import java.time.Instant;
import java.util.UUID;

import org.vigil.casefile.event.Event;

/**
 * One event of the log as the projection receives it: where it stands in the log and in its population's stream,
 * when it was recorded, its confidentiality, and what it says, read into its record (or why it could not be).
 */
public record Envelope(UUID eventId, UUID populationId, long streamVersion, long position, String type,
                       Instant recordedAt, String confidentiality, Content content) {

    /** What the event says, as far as it could be read. */
    public sealed interface Content {
        /**
         * The event's record; {@code text} is what a revision made by this event stores: the payload as published
         * (for a correction, the corrected fact's fields).
         */
        record Read(Event event, String text) implements Content {
        }

        /** No event type has this name: the population stalls here, loudly, until a version of this service knows it. */
        record UnknownType() implements Content {
        }

        /** The payload does not read as its type says. */
        record Unreadable(String why) implements Content {
        }
    }

    /** The population's name, when this event registers it; else null. */
    public String registeredName() {
        return content instanceof Content.Read read && read.event() instanceof Event.Registered r ? r.name() : null;
    }
}
