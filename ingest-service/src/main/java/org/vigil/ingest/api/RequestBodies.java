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
 * type's JSON Schema (docs/schemas, served by the service at {@code /schemas/}; the references are relative, so they
 * resolve both beside docs/openapi in the repository and beside {@code /q/openapi} on a running service), and one
 * example per type (docs/examples/events) and the CSV sample (docs/examples/headcounts.csv), packaged in the jar.
 */
public class RequestBodies implements OASFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI api) {
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
        return OASFactory.createSchema().ref("../schemas/" + type.typeName() + ".schema.json");
    }

    private static Map<String, String> mapping(List<EventType> types) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (EventType t : types) mapping.put(t.typeName(), "../schemas/" + t.typeName() + ".schema.json");
        return mapping;
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
