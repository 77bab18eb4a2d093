package org.vigil.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.vigil.ingest.event.EventType;

/**
 * Gives the OpenAPI document's request bodies their real schemas and examples, from the published files: each event
 * type's JSON Schema (docs/schemas, also served as they are at {@code /schemas/}), taken into the document's
 * components with everything it refers to (OpenAPI 3.1 schemas are JSON Schema 2020-12), its references rewritten to
 * point there, so that the document stands alone (Swagger UI and code generators need nothing else); one example per
 * type (docs/examples/events) and the CSV sample (docs/examples/headcounts.csv), packaged in the jar.
 */
public class RequestBodies implements OASFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI api) {
        components(api);
        var paths = api.getPaths();
        EventType registration = EventType.POPULATION_REGISTERED;
        body(paths.getPathItem("/populations").getPOST(), "application/json", ref(registration),
                Map.of(registration.typeName(), example(registration)));

        List<EventType> recorded = new ArrayList<>();
        for (EventType t : EventType.values()) if (t != registration) recorded.add(t);
        Schema anyEvent = OASFactory.createSchema().oneOf(recorded.stream().map(RequestBodies::ref).toList())
                .discriminator(OASFactory.createDiscriminator().propertyName("type")
                        .mapping(mapping(recorded)));
        Map<String, Example> examples = new LinkedHashMap<>();
        for (EventType t : recorded) examples.put(t.typeName(), example(t));
        body(paths.getPathItem("/populations/{id}/events").getPOST(), "application/json", anyEvent, examples);

        Operation batch = paths.getPathItem("/populations/{id}/events:batch").getPOST();
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        StringBuilder ndjson = new StringBuilder();
        for (EventType t : List.of(EventType.POPULATION_COUNT_REPORTED, EventType.ATTACK_RECORDED, EventType.RELOCATION_RECORDED)) {
            ndjson.append(compact(t)).append('\n');
        }
        Map<String, Example> lines = Map.of("three events", OASFactory.createExample()
                .summary("One event a line: a headcount claim, an attack, a relocation").value(ndjson.toString()));
        for (String type : List.of(PopulationResource.NDJSON, "application/jsonl", "text/plain")) {
            body(batch, type, text, lines);
        }
        body(batch, PopulationResource.CSV, text, Map.of("headcounts", OASFactory.createExample()
                .summary("Six headcount claims from the Camp Ashraf casebook (docs/examples/headcounts.csv)")
                .value(resource("examples/headcounts.csv"))));
    }

    private static void body(Operation operation, String mediaType, Schema schema, Map<String, Example> examples) {
        Content content = operation.getRequestBody().getContent();
        MediaType media = content.getMediaType(mediaType);
        if (media == null) {
            media = OASFactory.createMediaType();
            content.addMediaType(mediaType, media);
        }
        media.schema(schema).examples(new LinkedHashMap<>(examples));
    }

    private static Schema ref(EventType type) {
        return OASFactory.createSchema().ref(COMPONENTS + type.typeName());
    }

    private static Map<String, String> mapping(List<EventType> types) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (EventType t : types) mapping.put(t.typeName(), COMPONENTS + t.typeName());
        return mapping;
    }

    private static final String COMPONENTS = "#/components/schemas/";
    private static final String SUFFIX = ".schema.json";

    /**
     * Puts each current type's published schema, and every schema it refers to, into the document's components: a
     * file {@code <name>.schema.json} becomes component {@code <name>}, its {@code $defs} entry {@code d} component
     * {@code <name>.d}; {@code $schema} and {@code $id} are left out (the document is the base now).
     */
    private static void components(OpenAPI api) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>();
        for (EventType t : EventType.values()) todo.add(t.typeName());
        java.util.Set<String> done = new java.util.HashSet<>();
        Map<String, Schema> found = new java.util.TreeMap<>();
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!done.add(name)) continue;
            com.fasterxml.jackson.databind.node.ObjectNode schema;
            try {
                schema = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(resource("schemas/" + name + SUFFIX));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            schema.remove("$schema");
            schema.remove("$id");
            rewrite(name, schema, todo);
            com.fasterxml.jackson.databind.JsonNode defs = schema.remove("$defs");
            if (defs != null) defs.fields().forEachRemaining(d -> found.put(name + "." + d.getKey(), schema(d.getValue())));
            boolean onlyDefs = schema.size() == 1 && schema.has("title"); // common.schema.json: its $defs are the parts
            if (!onlyDefs) found.put(name, schema(schema));
        }
        found.forEach((name, schema) -> api.getComponents().addSchema(name, schema));
    }

    /** Points every {@code $ref} of a schema read from file {@code name} at the components, and notes the files it needs. */
    private static void rewrite(String name, com.fasterxml.jackson.databind.JsonNode node, java.util.Deque<String> todo) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            com.fasterxml.jackson.databind.JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) object.put("$ref", component(name, ref.asText(), todo));
            object.fields().forEachRemaining(f -> rewrite(name, f.getValue(), todo));
        } else if (node.isArray()) {
            node.forEach(n -> rewrite(name, n, todo));
        }
    }

    private static String component(String name, String ref, java.util.Deque<String> todo) {
        int hash = ref.indexOf('#');
        String file = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        String target = name;
        if (!file.isEmpty()) {
            if (!file.endsWith(SUFFIX)) throw new IllegalStateException("a schema refers to " + ref + ", not a published schema");
            target = file.substring(0, file.length() - SUFFIX.length());
            todo.add(target);
        }
        if (pointer.isEmpty()) return COMPONENTS + target;
        if (!pointer.startsWith("/$defs/") || pointer.indexOf('/', 7) >= 0) {
            throw new IllegalStateException("a schema refers to " + ref + ": only whole files and their $defs are taken in");
        }
        return COMPONENTS + target + "." + pointer.substring(7);
    }

    @SuppressWarnings("unchecked")
    private static Schema schema(com.fasterxml.jackson.databind.JsonNode node) {
        Schema schema = OASFactory.createSchema();
        schema.setAll(JSON.convertValue(node, Map.class));
        return schema;
    }

    private static Example example(EventType type) {
        try {
            return OASFactory.createExample().summary(type.typeName())
                    .value(JSON.readValue(resource("examples/events/" + type.typeName() + ".json"), Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String compact(EventType type) {
        try {
            return JSON.writeValueAsString(JSON.readTree(resource("examples/events/" + type.typeName() + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RequestBodies.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
