package org.vigil.ingest.population;

import java.util.UUID;

import org.vigil.ingest.event.EventType;

/** What the decider needs to know of an already recorded event that a new one refers to. */
public record KnownEvent(UUID eventId, UUID populationId, EventType type, boolean retracted, boolean lifted) {

    public KnownEvent markRetracted() {
        return new KnownEvent(eventId, populationId, type, true, lifted);
    }

    public KnownEvent markLifted() {
        return new KnownEvent(eventId, populationId, type, retracted, true);
    }
}
