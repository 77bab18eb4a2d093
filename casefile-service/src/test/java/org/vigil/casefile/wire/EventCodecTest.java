package org.vigil.casefile.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.projection.Casebook;
import org.vigil.casefile.projection.Envelope;

/** The records of {@link Event} against the published schemas, and what the edge does with what does not read. */
class EventCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The current version of every type in docs/schemas: the highest version of each name. */
    private static Set<String> currentSchemaTypes() throws IOException {
        java.util.Map<String, Integer> latest = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("../docs/schemas"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith("vigil.")) continue;
                String type = name.substring(0, name.length() - ".schema.json".length());
                int dot = type.lastIndexOf(".v");
                latest.merge(type.substring(0, dot), Integer.parseInt(type.substring(dot + 2)), Math::max);
            }
        }
        Set<String> out = new TreeSet<>();
        latest.forEach((name, version) -> out.add(name + ".v" + version));
        return out;
    }

    @Test
    void every_current_type_in_the_schemas_has_a_record_and_every_record_a_schema() throws IOException {
        assertThat(new TreeSet<>(Event.TYPES.keySet())).isEqualTo(currentSchemaTypes());
    }

    @Test
    void every_published_schema_field_of_a_fact_is_a_field_of_its_record() throws IOException {
        for (var type : Event.TYPES.entrySet()) {
            if (!Event.Fact.class.isAssignableFrom(type.getValue())) continue;
            var schema = JSON.readTree(Path.of("../docs/schemas/" + type.getKey() + ".schema.json").toFile());
            List<String> fields = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
            fields.removeAll(List.of("type", "eventId", "confidentiality"));
            List<String> components = Stream.of(type.getValue().getRecordComponents()).map(c -> c.getName()).toList();
            assertThat(components).as(type.getKey()).containsExactlyInAnyOrderElementsOf(fields);
        }
    }

    @Test
    void every_example_event_reads_as_its_record() throws IOException {
        List<LoggedEvent> examples = new ArrayList<>(Casebook.campAshraf());
        examples.addAll(Casebook.campAshrafV1());
        examples.addAll(Casebook.figureExamples());
        for (LoggedEvent e : examples) {
            assertThat(e.envelope().content()).as(e.type() + " " + e.eventId())
                    .isInstanceOfSatisfying(Envelope.Content.Read.class,
                            read -> assertThat(read.event().typeName()).isEqualTo(e.type()));
        }
    }

    @Test
    void a_payload_that_does_not_read_as_its_type_stalls_its_population_with_the_reason() throws IOException {
        List<LoggedEvent> casebook = Casebook.campAshraf();
        CaseFile file = new CaseFile(casebook.getFirst().populationId());
        file.apply(casebook.getFirst().envelope());
        ObjectNode lifted = JSON.createObjectNode().put("restriction", "not-an-id").put("confidentiality", "public");
        lifted.putObject("occurred").put("precision", "year").put("date", "2010");
        LoggedEvent e = new LoggedEvent(UUID.randomUUID(), casebook.getFirst().populationId(), 2, 2,
                Event.typeName(Event.RestrictionLifted.class), Instant.now(), "public", lifted);
        assertThat(file.apply(e.envelope())).isInstanceOfSatisfying(CaseFile.Outcome.Stalled.class,
                s -> assertThat(s.reason()).contains("does not read").contains("vigil.access-restriction.lifted.v2"));
        assertThat(file.version()).isEqualTo(1);
    }

    @Test
    void a_correction_that_restates_a_fact_as_another_type_stalls() throws IOException {
        List<LoggedEvent> casebook = Casebook.campAshraf();
        CaseFile file = new CaseFile(casebook.getFirst().populationId());
        file.apply(casebook.getFirst().envelope());
        ObjectNode correction = JSON.createObjectNode().put("target", casebook.getFirst().eventId().toString())
                .put("reason", "wrong type").put("confidentiality", "public");
        ObjectNode corrected = correction.putObject("corrected").put("type", Event.typeName(Event.RestrictionRecorded.class))
                .put("restricts", "food");
        corrected.putObject("occurred").put("precision", "year").put("date", "2010");
        LoggedEvent e = new LoggedEvent(UUID.randomUUID(), casebook.getFirst().populationId(), 2, 2,
                Event.typeName(Event.Corrected.class), Instant.now(), "public", correction);
        assertThat(file.apply(e.envelope())).isInstanceOfSatisfying(CaseFile.Outcome.Stalled.class,
                s -> assertThat(s.reason()).contains("as a vigil.access-restriction.recorded.v2"));
    }

    @Test
    void an_event_read_straight_from_its_bytes_is_the_record_the_general_way_reads_and_odd_bytes_take_the_general_way()
            throws Exception {
        int direct = 0;
        for (Path f : Files.list(Path.of("../docs/examples/events")).sorted().toList()) {
            ObjectNode example = (ObjectNode) JSON.readTree(f.toFile());
            String type = example.remove("type").asText();
            byte[] bytes = JSON.writeValueAsBytes(example);
            Event general = EventCodec.decode(type, JSON.readTree(bytes));
            Event straight = EventCodec.decodeDirectly(type, bytes);
            if (type.startsWith("vigil.event.corrected.")) {
                assertThat(straight).as(type).isNull(); // corrections: the general way only
                continue;
            }
            assertThat(straight).as(type).isNotNull().isEqualTo(general);
            direct++;
        }
        assertThat(direct).isGreaterThan(8);
        String attack = "vigil.attack.recorded.v2";
        assertThat(EventCodec.decodeDirectly(attack, "{\"occurred\": ".getBytes())).isNull();           // not JSON
        assertThat(EventCodec.decodeDirectly(attack, "[1, 2]".getBytes())).isNull();                    // not an object
        assertThat(EventCodec.decodeDirectly(attack, "{\"killed\": 7}".getBytes())).isNull();           // not the record
        assertThat(EventCodec.decodeDirectly("vigil.attack.recorded.v1", "{}".getBytes())).isNull();   // retired: upcast first
        assertThat(EventCodec.decodeDirectly("vigil.unheard-of.v1", "{}".getBytes())).isNull();        // unknown
    }
}
