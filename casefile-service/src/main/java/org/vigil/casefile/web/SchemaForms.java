package org.vigil.casefile.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The web app's forms, made from the JSON Schemas ingest-service publishes ({@code /schemas/<type>.schema.json} and
 * the {@code common.schema.json} they refer to): one field per property, nested groups for objects, repeatable rows
 * for lists of objects, a choice for an enumeration. A field added to a schema appears in its form with no page
 * code; what a schema says in {@code if/then} or {@code anyOf} is left to ingest-service, which checks every event
 * and names each field at fault, and the form shows those answers beside the fields.
 */
@ApplicationScoped
public class SchemaForms {

    /** How a field is entered. */
    public enum Kind { TEXT, LONG_TEXT, INTEGER, NUMBER, CHOICE, GROUP, LIST, TEXT_LIST }

    /**
     * One field: {@code name} the property, {@code path} where it sits in the event (as ingest-service names it in
     * its answers: {@code sources[0].publisher}, with {@code []} for a list's rows), {@code children} for a group
     * or a list of objects.
     */
    public record Field(String name, String path, String label, String help, Kind kind, boolean required,
                        List<String> options, List<Field> children) {
    }

    /** The form of one event type: its fields, in the schema's order. */
    public record Form(String type, String title, String description, List<Field> fields) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ingest ingest;
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

    public SchemaForms(Ingest ingest) {
        this.ingest = ingest;
    }

    /** The form of {@code type} (a published type name with its version), from its schema. */
    public Uni<Form> form(String type) {
        return schema(type + ".schema.json").chain(schema -> schema("common.schema.json").map(common -> {
            List<Field> fields = fields(schema, common, "", List.of("type", "eventId"));
            return new Form(type, text(schema, "title"), text(schema, "description"), fields);
        }));
    }

    /** A published schema, read from ingest-service once (a published version never changes). */
    private Uni<JsonNode> schema(String file) {
        JsonNode kept = schemas.get(file);
        if (kept != null) return Uni.createFrom().item(kept);
        return ingest.schema(file).map(text -> {
            try {
                JsonNode node = JSON.readTree(text);
                schemas.put(file, node);
                return node;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("ingest-service published an unreadable schema " + file, e);
            }
        });
    }

    private static List<Field> fields(JsonNode objectSchema, JsonNode common, String prefix, List<String> skip) {
        List<Field> out = new ArrayList<>();
        JsonNode properties = objectSchema.path("properties");
        List<String> required = new ArrayList<>();
        objectSchema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (skip.contains(property.getKey())) continue;
            out.add(field(property.getKey(), prefix + property.getKey(), property.getValue(), common, required.contains(property.getKey())));
        }
        return List.copyOf(out);
    }

    private static Field field(String name, String path, JsonNode declared, JsonNode common, boolean required) {
        JsonNode schema = resolve(declared, common);
        String help = firstText(declared, schema, "description");
        String label = humanize(name);
        String type = schema.path("type").asText("");
        if (schema.has("enum")) {
            List<String> options = new ArrayList<>();
            schema.get("enum").forEach(o -> options.add(o.asText()));
            return new Field(name, path, label, help, Kind.CHOICE, required, List.copyOf(options), List.of());
        }
        switch (type) {
            case "object" -> {
                return new Field(name, path, label, help, Kind.GROUP, required, List.of(), fields(schema, common, path + ".", List.of()));
            }
            case "array" -> {
                JsonNode items = resolve(schema.path("items"), common);
                if ("object".equals(items.path("type").asText())) {
                    return new Field(name, path, label, help, Kind.LIST, required, List.of(), fields(items, common, path + "[].", List.of()));
                }
                return new Field(name, path, label, help, Kind.TEXT_LIST, required, List.of(), List.of());
            }
            case "integer" -> {
                return new Field(name, path, label, help, Kind.INTEGER, required, List.of(), List.of());
            }
            case "number" -> {
                return new Field(name, path, label, help, Kind.NUMBER, required, List.of(), List.of());
            }
            default -> {
                boolean longText = schema.path("maxLength").asInt(0) > 300;
                return new Field(name, path, label, help, longText ? Kind.LONG_TEXT : Kind.TEXT, required, List.of(), List.of());
            }
        }
    }

    /** A property's schema with its {@code $ref} (or an {@code allOf} of one) followed, and its own keywords kept over it. */
    private static JsonNode resolve(JsonNode declared, JsonNode common) {
        JsonNode ref = declared.get("$ref");
        if (ref == null && declared.has("allOf") && declared.get("allOf").size() == 1) ref = declared.get("allOf").get(0).get("$ref");
        if (ref == null) return declared;
        String pointer = ref.asText();
        int hash = pointer.indexOf('#');
        JsonNode target = (hash < 0 ? common : common.at(pointer.substring(hash + 1)));
        if (target.isMissingNode()) return declared;
        var merged = ((com.fasterxml.jackson.databind.node.ObjectNode) target.deepCopy());
        declared.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$ref") && !e.getKey().equals("allOf")) merged.set(e.getKey(), e.getValue());
        });
        return merged;
    }

    private static String firstText(JsonNode a, JsonNode b, String key) {
        String text = text(a, key);
        return text != null ? text : text(b, key);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** "documentIndex" as "Document index", "restricts" as "Restricts". */
    static String humanize(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0) out.append(Character.toUpperCase(c));
            else if (Character.isUpperCase(c)) out.append(' ').append(Character.toLowerCase(c));
            else if (c == '_') out.append(' ');
            else out.append(c);
        }
        return out.toString();
    }
}
