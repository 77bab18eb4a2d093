package org.vigil.ingest.population;

import java.util.UUID;

import org.vigil.ingest.event.PopulationEvent;

/** An event a client asks to record, with the id it will keep for ever. */
public record NewEvent(UUID eventId, PopulationEvent event) {
}
