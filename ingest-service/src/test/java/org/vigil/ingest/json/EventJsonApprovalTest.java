package org.vigil.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.testing.LocalInfra;

/**
 * The JSON of each event type is a public contract. Each type's JSON is pinned in src/test/resources/approved/; a
 * change to it fails here until the approved file is changed on purpose (and, if incompatible, a new version with an
 * upcaster is made instead). Every sample and every line of the demo casebook also validates against the JSON Schema
 * published in docs/schemas/.
 */
public class EventJsonApprovalTest {

    static final Path APPROVED = Path.of("src/test/resources/approved");

    public static JsonSchema schema(String typeName) {
        Path file = LocalInfra.repoRoot().resolve("docs/schemas/" + typeName + ".schema.json");
        assertThat(file).as("the published schema of " + typeName).exists();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        String docs = LocalInfra.repoRoot().resolve("docs/schemas").toUri().toString();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                        builder -> builder.schemaMappers(m -> m.mapPrefix("https://vigil.example.org/schemas/", docs)))
                .getSchema(SchemaLocation.of(file.toUri().toString()), config);
    }

    @Test
    void every_event_type_has_a_sample() {
        Set<EventType> sampled = EventSamples.all().stream().map(EventType::of).collect(Collectors.toSet());
        assertThat(sampled).isEqualTo(EnumSet.allOf(EventType.class));
    }

    @Test
    void each_type_json_matches_its_approved_file() throws IOException {
        for (PopulationEvent event : EventSamples.all()) {
            String type = EventType.of(event).typeName();
            String json = EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(EventJson.withType(event)) + "\n";
            Path approved = APPROVED.resolve(type + ".json");
            if (!Files.exists(approved)) {
                Files.createDirectories(Path.of("target/received"));
                Files.writeString(Path.of("target/received/" + type + ".json"), json);
                fail("no approved JSON for " + type + "; review target/received/" + type + ".json and copy it to " + approved);
            }
            assertThat(json).as(type).isEqualTo(Files.readString(approved));
        }
    }

    @Test
    void each_type_reads_back_to_the_same_event() throws Exception {
        for (PopulationEvent event : EventSamples.all()) {
            EventJson.Decoded decoded = EventJson.decode(EventJson.withType(event));
            assertThat(decoded.event()).isEqualTo(event);
            assertThat(EventJson.fromPayload(EventType.of(event).typeName(), EventJson.payloadText(event))).isEqualTo(event);
        }
    }

    @Test
    void each_type_json_validates_against_its_published_schema() {
        for (PopulationEvent event : EventSamples.all()) {
            String type = EventType.of(event).typeName();
            assertThat(schema(type).validate(EventJson.withType(event))).as(type).isEmpty();
            assertThat(schema(type).validate(EventJson.payload(event))).as(type + " payload").isEmpty();
        }
    }

    @Test
    void the_schema_refuses_what_the_service_refuses() {
        JsonNode node = EventJson.withType(EventSamples.all().get(3));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("killedd", 1);
        Set<ValidationMessage> errors = schema("vigil.attack.recorded.v1").validate(node);
        assertThat(errors).isNotEmpty();
    }

    @Test
    void the_demo_casebook_validates_and_covers_every_type() throws Exception {
        Path casebook = LocalInfra.repoRoot().resolve("docs/examples/camp-ashraf.ndjson");
        List<String> lines = Files.readAllLines(casebook).stream().filter(l -> !l.isBlank()).toList();
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = EventJson.mapper().readTree(lines.get(i));
            String type = node.path("type").asText();
            assertThat(schema(type).validate(node)).as("line " + (i + 1)).isEmpty();
            EventJson.Decoded decoded = EventJson.decode(node);
            assertThat(org.vigil.ingest.event.EventRules.check(decoded.event())).as("line " + (i + 1)).isEmpty();
            assertThat(decoded.event().sources()).as("line %d cites its seed document", i + 1)
                    .allSatisfy(s -> assertThat(s.title()).isNotBlank());
            seen.add(decoded.type());
        }
        assertThat(seen).isEqualTo(EnumSet.allOf(EventType.class));
    }
}
