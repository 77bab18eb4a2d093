package org.vigil.figures;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Version 1 figures read as version 2, the one rule both services' upcasters apply (docs/schema-evolution.md): a v1
 * figure had to give a low and a high. Every number is kept, except the low of 0 that a v1 "at most" or "fewer than"
 * had to carry (it was never stated); a v1 "at least" with a high, or "at most" with a low above 0, is the "between"
 * it meant.
 */
public final class FiguresV1 {

    /** The fields that hold figures, per type name without its "vigil." prefix and version. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "population.registered", List.of("size"),
            "population.count-reported", List.of("count"),
            "relocation.recorded", List.of("count"),
            "attack.recorded", List.of("killed", "injured", "abducted"),
            "casualties.aggregate-claimed", List.of("killed", "injured", "abducted"),
            "refugee-status.changed", List.of("count"));

    /** The v1 types that move to v2 (count-reported moves from v2 to v3, after v1 to v2 added its method). */
    public static final List<String> TYPES = List.of("population.registered", "relocation.recorded", "attack.recorded",
            "casualties.aggregate-claimed", "legal-designation.changed", "refugee-status.changed",
            "access-restriction.recorded", "access-restriction.lifted", "intervention.recorded",
            "event.corrected", "event.retracted");

    private FiguresV1() {
    }

    /** Changes, in place, the figures of an event of {@code type} ("attack.recorded") into version 2 figures. */
    public static void upcast(String type, ObjectNode event) {
        for (String field : FIELDS.getOrDefault(type, List.of())) {
            JsonNode figures = event.get(field);
            if (figures == null || !figures.isArray()) continue;
            for (JsonNode f : figures) if (f instanceof ObjectNode figure) upcastFigure(figure);
        }
    }

    static void upcastFigure(ObjectNode f) {
        String q = f.path("qualifier").asText("");
        boolean hasLow = f.hasNonNull("low");
        boolean hasHigh = f.hasNonNull("high");
        if ((q.equals("at_most") || q.equals("fewer_than")) && hasLow) {
            if (f.get("low").asLong() == 0) f.remove("low");
            else if (hasHigh) f.put("qualifier", "between");
        }
        if ((q.equals("at_least") || q.equals("more_than")) && hasHigh && hasLow) {
            f.put("qualifier", f.get("low").asLong() == f.get("high").asLong() ? "exact" : "between");
        }
    }
}
