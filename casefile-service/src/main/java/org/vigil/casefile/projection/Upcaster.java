package org.vigil.casefile.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads retired versions of event types as the current version, so the projection only ever handles the current
 * one. The log keeps every event as written; Kafka carries it with its original {@code ce_type}. Today one type has
 * two versions: vigil.population.count-reported.v2 added the required "method", which a v1 headcount never stated
 * ("not_stated"). A correction names the type of the event it restates, so a correction carrying a v1 headcount is
 * upcast too. The procedure is in docs/schema-evolution.md; ingest-service has the same rule for what it reads back.
 */
public final class Upcaster {

    public static final String COUNT_REPORTED_V1 = "vigil.population.count-reported.v1";
    public static final String COUNT_REPORTED_V2 = "vigil.population.count-reported.v2";
    static final String CORRECTED = "vigil.event.corrected.v1";

    /** An event's type and data in the current version. */
    public record Upcast(String type, JsonNode data) {
    }

    private Upcaster() {
    }

    /** The current version of an event, or null when it already is current. Never changes {@code data}. */
    public static Upcast upcast(String type, JsonNode data) {
        if (COUNT_REPORTED_V1.equals(type)) {
            return new Upcast(COUNT_REPORTED_V2, countV1toV2(data));
        }
        if (CORRECTED.equals(type) && data != null && COUNT_REPORTED_V1.equals(data.path("corrected").path("type").asText(null))) {
            ObjectNode copy = ((ObjectNode) data).deepCopy();
            ObjectNode corrected = countV1toV2(copy.get("corrected"));
            corrected.put("type", COUNT_REPORTED_V2);
            copy.set("corrected", corrected);
            return new Upcast(CORRECTED, copy);
        }
        return null;
    }

    private static ObjectNode countV1toV2(JsonNode v1) {
        ObjectNode v2 = v1 instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        if (!v2.has("method")) v2.put("method", "not_stated");
        return v2;
    }
}
