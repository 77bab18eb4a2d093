package org.vigil.casefile.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.casefile.event.Event;
import org.vigil.figures.FiguresV1;

/**
 * Reads retired versions of event types as the current version, so the projection only ever handles the current
 * one. The log keeps every event as written; Kafka carries it with its original {@code ce_type}. The same rules as
 * ingest-service's {@code Upcasters} (docs/schema-evolution.md):
 * <ul>
 *   <li>count-reported v1 -> v2 added "method"; a v1 headcount never stated one ("not_stated");</li>
 *   <li>every v1 type -> v2, count-reported v2 -> v3: figures state only what their source states. The low of 0 that a
 *   v1 "at most" had to carry goes (it was never stated); a v1 "at least" with a high, or "at most" with a low
 *   above 0, is the "between" it meant.</li>
 * </ul>
 * A correction names the type of the event it restates, so the event it carries is upcast by that type; a fact
 * stored by an older version of this service is upcast when it is read back ({@link #upcastFact}).
 */
public final class Upcaster {

    public static final String COUNT_REPORTED_V1 = "vigil.population.count-reported.v1";
    public static final String COUNT_REPORTED_V2 = "vigil.population.count-reported.v2";
    public static final String COUNT_REPORTED_V3 = "vigil.population.count-reported.v3";

    /** An event's type and data in the current version. */
    public record Upcast(String type, JsonNode data) {
    }

    private static final String CORRECTED = Event.typeName(Event.Corrected.class);

    private record Step(String toType, Consumer<ObjectNode> change) {
    }

    private static final Map<String, Step> RETIRED = build();

    private static Map<String, Step> build() {
        Map<String, Step> retired = new HashMap<>();
        retired.put(COUNT_REPORTED_V1, new Step(COUNT_REPORTED_V2, fields -> {
            if (!fields.has("method")) fields.put("method", "not_stated");
        }));
        retired.put(COUNT_REPORTED_V2, new Step(COUNT_REPORTED_V3, figures("population.count-reported")));
        for (String type : FiguresV1.TYPES) {
            retired.put("vigil." + type + ".v1", new Step("vigil." + type + ".v2", figures(type)));
        }
        return Map.copyOf(retired);
    }

    private Upcaster() {
    }

    /** Whether a type is retired: its events are read as a later version. */
    public static boolean retired(String type) {
        return RETIRED.containsKey(type);
    }

    /** The current name of a type: itself unless retired. */
    public static String currentType(String type) {
        String name = type;
        for (Step s = RETIRED.get(name); s != null; s = RETIRED.get(name)) name = s.toType();
        return name;
    }

    /** The current version of an event, or null when it already is current. Never changes {@code data}. */
    public static Upcast upcast(String type, JsonNode data) {
        boolean retired = RETIRED.containsKey(type);
        String nestedType = data == null ? null : data.path("corrected").path("type").asText(null);
        boolean nestedRetired = currentType(type).equals(CORRECTED) && nestedType != null && RETIRED.containsKey(nestedType);
        if (!retired && !nestedRetired) return null;
        ObjectNode copy = data instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        String current = apply(type, copy);
        if (nestedRetired && copy.get("corrected") instanceof ObjectNode corrected) {
            corrected.put("type", apply(nestedType, corrected));
        }
        return new Upcast(current, copy);
    }

    /**
     * A fact as an older version of this service stored it ({@code type} is the type of the fact's entry; the data
     * of a correction is the corrected fact, of that type; the data of a retraction is the retraction's own).
     */
    public static Upcast upcastFact(String type, boolean retraction, JsonNode data) {
        if (!RETIRED.containsKey(type)) return null;
        if (retraction) return new Upcast(currentType(type), data);
        ObjectNode copy = data instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        return new Upcast(apply(type, copy), copy);
    }

    private static String apply(String type, ObjectNode fields) {
        String name = type;
        for (Step s = RETIRED.get(name); s != null; s = RETIRED.get(name)) {
            s.change().accept(fields);
            name = s.toType();
        }
        return name;
    }

    private static Consumer<ObjectNode> figures(String type) {
        return event -> FiguresV1.upcast(type, event);
    }

}
