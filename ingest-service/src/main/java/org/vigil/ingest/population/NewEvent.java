package org.vigil.ingest.population;

import java.util.UUID;

import org.vigil.ingest.event.PopulationEvent;

/**
 * An event a client asks to record, with the id it will keep for ever. {@code idChosenByClient} says whether the
 * client gave the id (and so it must be checked against the log) or the service generated it (a time-ordered random
 * UUID, which the log's unique index still guards).
 */
public record NewEvent(UUID eventId, PopulationEvent event, boolean idChosenByClient) {

    public NewEvent(UUID eventId, PopulationEvent event) {
        this(eventId, event, true);
    }
}
