package org.vigil.ingest.json;

import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Old versions of event types, read as the current version. The log keeps every event as it was written, so an
 * event type's old versions stay readable for ever: each retired type name maps to the current name and a function
 * that turns the old fields into the new ones, losing nothing. Clients may still send an old version; it is stored
 * as the current one. docs/schema-evolution.md describes the procedure.
 */
public final class Upcasters {

    public static final String COUNT_REPORTED_V1 = "vigil.population.count-reported.v1";
    public static final String COUNT_REPORTED_V2 = "vigil.population.count-reported.v2";

    private record Upcast(String toType, Consumer<ObjectNode> change) {
    }

    /** v1 -> v2: v2 adds the required "method"; v1 never said it, so a v1 headcount's method is "not_stated". */
    private static final Map<String, Upcast> RETIRED = Map.of(
            COUNT_REPORTED_V1, new Upcast(COUNT_REPORTED_V2, fields -> {
                if (!fields.has("method")) fields.put("method", "not_stated");
            }));

    private Upcasters() {
    }

    /** The current name for a type name: itself, unless it is a retired version. */
    public static String currentType(String typeName) {
        Upcast u = RETIRED.get(typeName);
        return u == null ? typeName : u.toType();
    }

    /** Changes the fields of an event of {@code typeName} (without its type) in place into the current version's. */
    public static void upcast(String typeName, ObjectNode fields) {
        Upcast u = RETIRED.get(typeName);
        if (u != null) u.change().accept(fields);
    }

    public static boolean isRetired(String typeName) {
        return RETIRED.containsKey(typeName);
    }
}
