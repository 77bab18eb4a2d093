package org.vigil.ingest.population;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The part of a population's stream a decision depends on: whether it is registered, its version, and the recorded
 * events the command refers to (loaded by id, so deciding never needs the whole stream in memory).
 */
public record StreamState(UUID populationId, boolean registered, long version, Map<UUID, KnownEvent> known) {

    public StreamState {
        known = Map.copyOf(known);
    }

    public static StreamState empty(UUID populationId) {
        return new StreamState(populationId, false, 0, Map.of());
    }

    StreamState with(boolean registered, long version, KnownEvent... changed) {
        Map<UUID, KnownEvent> next = new HashMap<>(known);
        for (KnownEvent event : changed) next.put(event.eventId(), event);
        return new StreamState(populationId, registered, version, next);
    }
}
