package org.vigil.ingest.json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.figures.FiguresV1;

/**
 * Old versions of event types, read as the current version. The log keeps every event as it was written, so an
 * event type's old versions stay readable for ever: each retired type name maps to the next name and a function
 * that turns the old fields into the new ones, losing nothing; a chain of them reaches the current version. Clients
 * may still send an old version; it is stored as the current one. docs/schema-evolution.md describes the procedure.
 *
 * <ul>
 *   <li>count-reported v1 -> v2: v2 added "method"; v1 never said it, so a v1 headcount's method is "not_stated".</li>
 *   <li>every v1 type -> v2 (count-reported v2 -> v3): figures as sources state them. A v1 figure had to give a low
 *   and a high; the upcast keeps every number, except the low of 0 that v1 made an "at most" figure carry (0 was
 *   never stated), and writes a v1 "at least ... with a high" or "at most ... with a low above 0" as the "between"
 *   it meant.</li>
 * </ul>
 */
public final class Upcasters {

    public static final String COUNT_REPORTED_V1 = "vigil.population.count-reported.v1";
    public static final String COUNT_REPORTED_V2 = "vigil.population.count-reported.v2";
    public static final String COUNT_REPORTED_V3 = "vigil.population.count-reported.v3";

    private record Upcast(String toType, Consumer<ObjectNode> change) {
    }

    private static final Map<String, Upcast> RETIRED = build();

    private static Map<String, Upcast> build() {
        Map<String, Upcast> retired = new HashMap<>();
        retired.put(COUNT_REPORTED_V1, new Upcast(COUNT_REPORTED_V2, fields -> {
            if (!fields.has("method")) fields.put("method", "not_stated");
        }));
        retired.put(COUNT_REPORTED_V2, new Upcast(COUNT_REPORTED_V3, figures("population.count-reported")));
        for (String type : FiguresV1.TYPES) {
            retired.put("vigil." + type + ".v1", new Upcast("vigil." + type + ".v2", figures(type)));
        }
        return Map.copyOf(retired);
    }

    private static Consumer<ObjectNode> figures(String type) {
        return event -> FiguresV1.upcast(type, event);
    }

    private Upcasters() {
    }

    /** The current name for a type name: itself, unless it is a retired version. */
    public static String currentType(String typeName) {
        String name = typeName;
        for (Upcast u = RETIRED.get(name); u != null; u = RETIRED.get(name)) name = u.toType();
        return name;
    }

    /** Changes the fields of an event of {@code typeName} (without its type) in place into the current version's. */
    public static void upcast(String typeName, ObjectNode fields) {
        String name = typeName;
        for (Upcast u = RETIRED.get(name); u != null; u = RETIRED.get(name)) {
            u.change().accept(fields);
            name = u.toType();
        }
    }

    /** Every name of a type, current and retired, as the log may hold it: what a query over stored types must match. */
    public static java.util.List<String> allNames(String currentName) {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add(currentName);
        for (String retired : RETIRED.keySet()) if (currentType(retired).equals(currentName)) names.add(retired);
        java.util.Collections.sort(names);
        return names;
    }

    public static boolean isRetired(String typeName) {
        return RETIRED.containsKey(typeName);
    }
}
