package org.vigil.ingest.population;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.vigil.ingest.event.PopulationEvent;

/**
 * Record these events, in this order, on one population's stream, all or none. {@code expectedVersion} is the
 * stream version the client last saw (null: whatever it is now). {@code batch} says whether the client sent a list,
 * so that refusals name fields as {@code events[3].killed[0].low} rather than {@code killed[0].low}.
 */
public record AppendCommand(UUID populationId, Long expectedVersion, List<NewEvent> events, boolean batch) {

    public AppendCommand {
        events = List.copyOf(events);
    }

    /** The ids of recorded events the decision must know about: the ones referred to, and new ids a client chose. */
    public Set<UUID> referencedIds() {
        Set<UUID> ids = new HashSet<>();
        for (NewEvent e : events) {
            if (e.idChosenByClient()) ids.add(e.eventId());
            UUID target = PopulationDecider.refersTo(e.event());
            if (target != null) ids.add(target);
        }
        return ids;
    }
}
