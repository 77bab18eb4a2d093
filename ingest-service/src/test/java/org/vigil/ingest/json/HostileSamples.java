package org.vigil.ingest.json;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.ingest.event.PopulationEvent;

/** The approved sample of every event type, as a client would send it: the seeds the hostile-input suite mutates. */
public final class HostileSamples {

    private HostileSamples() {
    }

    public static List<ObjectNode> all() {
        return EventSamples.all().stream().map(HostileSamples::asSent).toList();
    }

    private static ObjectNode asSent(PopulationEvent event) {
        return EventJson.withType(event);
    }
}
