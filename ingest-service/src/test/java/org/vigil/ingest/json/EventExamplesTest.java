package org.vigil.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.vigil.ingest.event.EventRules;
import org.vigil.ingest.event.EventType;

/** docs/examples/events holds one valid event per current type, named by its type: what the README records. */
class EventExamplesTest {

    private static final Path EXAMPLES = Path.of("../docs/examples/events");

    @Test
    void there_is_one_example_per_current_type_and_each_meets_its_schema_and_rules() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values()).map(t -> t.typeName() + ".json").toList());
        for (Path file : files) {
            var node = EventJson.mapper().readTree(file.toFile());
            try {
                var decoded = EventJson.decode(node);
                assertThat(EventType.of(decoded.event()).typeName() + ".json").isEqualTo(file.getFileName().toString());
                assertThat(EventRules.check(decoded.event())).as(file.toString()).isEmpty();
            } catch (EventJson.Invalid invalid) {
                throw new AssertionError(file + ": " + invalid.violations());
            }
        }
    }

    @Test
    void a_detention_names_whom_detainees_were_handed_to_only_when_they_were_handed_over() throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper()
                .readTree(EXAMPLES.resolve("vigil.detention.recorded.v1.json").toFile());
        node.put("outcome", "released");
        // the schema states it (dependentSchemas), and the rule names the field in words: one answer gives both
        try {
            EventJson.decode(node);
            throw new AssertionError("a released detainee handed over to someone was accepted");
        } catch (EventJson.Invalid invalid) {
            assertThat(invalid.violations()).extracting(v -> v.field() + " " + v.rule())
                    .contains("transferredTo detention.transferred-to").anyMatch(v -> v.startsWith("outcome "));
        }
    }
}
