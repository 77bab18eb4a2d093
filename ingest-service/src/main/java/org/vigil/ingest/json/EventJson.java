package org.vigil.ingest.json;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.Figures;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.Violation;

/**
 * The JSON form of events: the one place that knows the wire shape. Enums are lower snake case ("at_least"), fields
 * are written in declaration order, absent values are left out, and unknown fields are refused, so that a typo in a
 * field name is an error a researcher sees, not a figure silently lost.
 */
public final class EventJson {

    public static final String TYPE = "type";
    public static final String EVENT_ID = "eventId";

    private static final ObjectMapper MAPPER = build();

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        SimpleModule enums = new SimpleModule("vigil-enums");
        enums.addSerializer(new LowerCaseEnumSerializer());
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(enums)
                .build();
        // A merge patch's nulls are removals: a map's entries are written as they are, nulls included.
        mapper.configOverride(java.util.Map.class).setInclude(
                JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
        // A number is a number: "13" in a figure is refused in JSON rather than guessed at.
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // A number with no fractional part is an integer, as in JSON Schema: 0.0 reads as 0 (the schema check has
        // already refused 0.5).
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert);
        // And text is text: a number or a boolean where a string is expected is refused, not turned into "12".
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(40).maxStringLength(1_000_000).build());
        return mapper;
    }

    /** A decoded request line: the event, its type and the id the client chose, if any. */
    public record Decoded(Optional<UUID> eventId, EventType type, PopulationEvent event) {
    }

    /** Refused JSON: each violation names the field and the rule. */
    public static final class Invalid extends Exception {
        private final transient List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super(violations.toString(), null, false, false);
            this.violations = List.copyOf(violations);
        }

        public Invalid(String field, String rule, String message) {
            this(List.of(new Violation(field, rule, message)));
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /**
     * Reads one event as a client sends it: {@code {"type": "vigil.attack.recorded.v1", "eventId"?: ..., ...}}. The
     * node is consumed (its type and id are taken out of it): callers pass a tree they parsed for this purpose.
     */
    public static Decoded decode(JsonNode node) throws Invalid {
        if (node != null) {
            List<Violation> unstorable = StorableText.check(node);
            if (!unstorable.isEmpty()) throw new Invalid(unstorable);
        }
        return decodeChecked(node);
    }

    private static Decoded decodeChecked(JsonNode node) throws Invalid {
        if (node == null || !node.isObject()) {
            throw new Invalid("", "json.object", "an event is a JSON object");
        }
        ObjectNode fields = (ObjectNode) node;
        // The published schema of the version sent is the first check; every rule it states is reported at once,
        // with the rules it cannot state (cross-field ones) when the body can be read at all.
        List<Violation> structure = fields.path(TYPE).isTextual() ? Schemas.check(fields.path(TYPE).asText(), fields) : List.of();
        if (!structure.isEmpty()) throw new Invalid(withRules(structure, fields.deepCopy()));
        JsonNode typeNode = fields.remove(TYPE);
        if (typeNode == null || !typeNode.isTextual()) {
            throw new Invalid(TYPE, "required", "name the event type, one of: " + knownTypes());
        }
        Upcasters.upcast(typeNode.asText(), fields);
        EventType type = EventType.byName(Upcasters.currentType(typeNode.asText()))
                .orElseThrow(() -> new Invalid(TYPE, "type.known",
                        "'" + typeNode.asText() + "' is not an event type; known types: " + knownTypes()));
        Optional<UUID> eventId = Optional.empty();
        JsonNode idNode = fields.remove(EVENT_ID);
        if (idNode != null && !idNode.isNull()) {
            try {
                eventId = Optional.of(UUID.fromString(idNode.asText()));
            } catch (IllegalArgumentException e) {
                throw new Invalid(EVENT_ID, "uuid.format", "an event id is a UUID");
            }
            if (!idNode.isTextual()) throw new Invalid(EVENT_ID, "uuid.format", "an event id is a UUID string");
        }
        if (type == EventType.EVENT_CORRECTED && fields.hasNonNull("corrected") && fields.hasNonNull("patch")) {
            // (A stored correction made from a patch keeps both, the patch as sent and the event it made: the log's
            // reader, fromPayload, does not come here.)
            throw new Invalid("patch", "correction.one-form", "send the whole event in 'corrected' or what changes in "
                    + "'patch' (a JSON Merge Patch, RFC 7396, against the fact as it stands), not both");
        }
        return new Decoded(eventId, type, read(type, fields));
    }

    /** The schema's violations and, if the body still reads as an event, the rules' too, each field once. */
    private static List<Violation> withRules(List<Violation> structure, ObjectNode copy) {
        List<Violation> all = new java.util.ArrayList<>(structure);
        // Fields the schema does not know are left out, so the rules can still read the rest of the event.
        for (Violation v : structure) if (v.rule().equals("json.unknown-field")) remove(copy, v.field());
        try {
            Decoded decoded = decodeUnchecked(copy);
            java.util.Set<String> named = new java.util.HashSet<>();
            structure.forEach(v -> named.add(v.field()));
            for (Violation v : org.vigil.ingest.event.EventRules.check(decoded.event())) {
                if (named.add(v.field())) all.add(v);
            }
        } catch (Invalid | RuntimeException unreadable) {
            // the structure is what is wrong; the schema has said so
        }
        return all;
    }

    /** Removes the field at a path such as {@code sources[0].colour}; nothing when the path leads nowhere. */
    private static void remove(ObjectNode root, String path) {
        JsonNode at = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^\\[]*)((?:\\[\\d+])*)").matcher(parts[i]);
            if (!m.matches()) return;
            boolean last = i == parts.length - 1 && m.group(2).isEmpty();
            if (last) {
                if (at instanceof ObjectNode o) o.remove(m.group(1));
                return;
            }
            at = at.path(m.group(1));
            java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (index.find()) at = at.path(Integer.parseInt(index.group(1)));
        }
    }

    /** Decodes without the schema check: only to find the rules a body breaks besides its structure. */
    private static Decoded decodeUnchecked(ObjectNode fields) throws Invalid {
        JsonNode typeNode = fields.remove(TYPE);
        fields.remove(EVENT_ID);
        Upcasters.upcast(typeNode.asText(), fields);
        EventType type = EventType.byName(Upcasters.currentType(typeNode.asText()))
                .orElseThrow(() -> new Invalid(TYPE, "type.known", "unknown type"));
        return new Decoded(Optional.empty(), type, read(type, fields));
    }

    private static PopulationEvent read(EventType type, ObjectNode fields) throws Invalid {
        JsonNode corrected = type == EventType.EVENT_CORRECTED ? fields.remove("corrected") : null;
        PopulationEvent event;
        try {
            event = Figures.completed(MAPPER.treeToValue(fields, type.javaType()));
        } catch (JsonProcessingException e) {
            throw new Invalid(fromJackson(e));
        } catch (IllegalArgumentException e) {
            throw new Invalid("", "json.shape", e.getMessage());
        }
        if (corrected != null && !corrected.isNull() && event instanceof EventCorrected c) {
            Decoded inner;
            try {
                inner = decodeChecked(corrected);
            } catch (Invalid invalid) {
                throw new Invalid(invalid.violations().stream().map(v -> v.prefixed("corrected")).toList());
            }
            if (inner.eventId().isPresent()) {
                throw new Invalid("corrected.eventId", "json.unknown-field", "a corrected event keeps the id of its target");
            }
            event = c.resolved(inner.event());
        }
        return event;
    }

    /** Reads an event back from the log: the payload as stored, with its type from the log's own column. */
    public static PopulationEvent fromPayload(String typeName, String payload) {
        EventType type = EventType.byName(Upcasters.currentType(typeName))
                .orElseThrow(() -> new IllegalStateException("the log holds an unknown event type " + typeName));
        try {
            ObjectNode fields = (ObjectNode) MAPPER.readTree(payload);
            Upcasters.upcast(typeName, fields);
            return read(type, fields);
        } catch (Invalid | IOException e) {
            throw new IllegalStateException("stored event of type " + typeName + " does not read back", e);
        }
    }

    /** The payload as the log stores it and Kafka carries it: the event's fields, without type or id. */
    public static ObjectNode payload(PopulationEvent event) {
        ObjectNode node = MAPPER.valueToTree(event);
        if (event instanceof EventCorrected c && c.corrected() != null) {
            node.set("corrected", withType(c.corrected()));
        }
        return node;
    }

    /** The event as a client would send it again: its payload with its type first. */
    public static ObjectNode withType(PopulationEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(TYPE, EventType.of(event).typeName());
        node.setAll(payload(event));
        return node;
    }

    public static String payloadText(PopulationEvent event) {
        try {
            // Straight from the record, except a correction, whose nested event needs its type written in.
            return event instanceof EventCorrected
                    ? MAPPER.writeValueAsString(payload(event)) : MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event did not serialize", e);
        }
    }

    public static String knownTypes() {
        return Arrays.stream(EventType.values()).map(EventType::typeName).collect(Collectors.joining(", "));
    }

    /** Turns Jackson's complaint into the field and rule a client can act on. */
    public static List<Violation> fromJackson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            return List.of(new Violation(field, "json.unknown-field", "'" + u.getPropertyName()
                    + "' is not a field here; known fields: " + u.getKnownPropertyIds()));
        }
        if (e instanceof InvalidFormatException f) {
            String expected = f.getTargetType() == null ? "another value" : describe(f.getTargetType());
            return List.of(new Violation(field, "json.type", "'" + f.getValue() + "' is not allowed here; expected " + expected));
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof NullPointerException) {
            return List.of(new Violation(field, "json.null", "null is not allowed in a list"));
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return List.of(new Violation(field, "json.type", "expected " + describe(mismatch.getTargetType())));
        }
        return List.of(new Violation(field, "json.type", "this value does not fit here"));
    }

    private static String describe(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) return "a whole number";
        if (type == Double.class || type == double.class) return "a number";
        if (type == String.class) return "text";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (java.util.Collection.class.isAssignableFrom(type)) return "a list";
        if (type.isEnum()) return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
        return "an object";
    }

    /**
     * Why a body is not readable JSON, in words and without the parser's own text: where it stopped, and which of
     * Vigil's limits it passed (numbers of 40 digits, nesting 64 deep, strings of 1,000,000 characters).
     */
    public static String syntax(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("Number")) return "a number is longer than 40 digits" + where;
            if (m.contains("nesting") || m.contains("Depth")) return "the JSON is nested deeper than 64 levels" + where;
            if (m.contains("String")) return "a string is longer than 1,000,000 characters" + where;
            return "the JSON passes one of the limits on its size" + where;
        }
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate field")) return "a field appears twice in one object" + where;
        if (m.contains("end-of-input") || m.contains("end-of-file")) return "the JSON ends too early" + where;
        if (m.contains("Trailing token")) return "there is more after the JSON value" + where;
        return "not valid JSON" + where;
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** Writes enum constants as lower snake case: {@code AT_LEAST} becomes {@code "at_least"}. */
    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnumSerializer extends StdSerializer<Enum> {
        LowerCaseEnumSerializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }
}
