package org.vigil.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.vigil.figures.Qualifier;
import org.vigil.ingest.event.CountMethod;
import org.vigil.ingest.event.EventRules;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.Figure;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.PopulationEvent.PopulationCountReported;

/**
 * Old versions read as the current one, losing nothing. count-reported v2 added "method" (a v1 headcount's is
 * "not_stated"); the v2 types (count-reported v3) state figures as sources state them. Events stored in old versions
 * (src/test/resources/upcasting: the payload of a casebook headcount as the log holds it, and the pinned JSON of
 * every v1 type) read as current events that meet the current rules and schemas, with the same numbers.
 */
class UpcastingTest {

    static String storedV1() throws Exception {
        return Files.readString(Path.of("src/test/resources/upcasting/count-reported.v1.payload.json")).strip();
    }

    @Test
    void a_stored_v1_headcount_reads_as_current_with_the_method_not_stated_and_the_same_numbers() throws Exception {
        PopulationEvent event = EventJson.fromPayload(Upcasters.COUNT_REPORTED_V1, storedV1());
        PopulationCountReported count = (PopulationCountReported) event;
        assertThat(count.method()).isEqualTo(CountMethod.NOT_STATED);
        assertThat(EventType.of(event).typeName()).isEqualTo(Upcasters.COUNT_REPORTED_V3);
        assertThat(count.subgroup()).isEqualTo("former MKO members (dissidents) at the US-protected camp");
        assertThat(count.count()).extracting(f -> f.source() + "=" + f.stated().min())
                .containsExactly("aria=208", "us-press=110", "firuzmand=50");
        assertSameNumbers(EventJson.mapper().readTree(storedV1()), EventJson.payload(event), List.of("count"));
        assertThat(EventRules.check(event)).isEmpty();
        assertThat(EventJsonApprovalTest.schema(Upcasters.COUNT_REPORTED_V3).validate(EventJson.withType(event))).isEmpty();
    }

    @Test
    void every_v1_type_as_once_pinned_reads_as_its_current_version() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("src/test/resources/upcasting/v1"))) {
            files = list.sorted().toList();
        }
        // every type that had a version before its current one has that version pinned; a type still at v1 has none
        assertThat(files).hasSize((int) java.util.Arrays.stream(EventType.values())
                .filter(t -> !t.typeName().endsWith(".v1")).count());
        for (Path file : files) {
            ObjectNode old = (ObjectNode) EventJson.mapper().readTree(Files.readString(file));
            String oldType = old.remove("type").asText();
            PopulationEvent event = EventJson.fromPayload(oldType, old.toString());
            String current = EventType.of(event).typeName();
            assertThat(current).as(oldType).isEqualTo(Upcasters.currentType(oldType)).isNotEqualTo(oldType);
            assertThat(EventRules.check(event)).as(oldType).isEmpty();
            assertThat(EventJsonApprovalTest.schema(current).validate(EventJson.withType(event))).as(oldType).isEmpty();
            assertSameNumbers(old, EventJson.payload(event), List.of("size", "count", "killed", "injured", "abducted"));
        }
    }

    @Test
    void a_v1_at_most_keeps_its_high_and_loses_the_low_of_0_it_had_to_carry() throws Exception {
        ObjectNode v1 = (ObjectNode) EventJson.mapper().readTree(Files.readString(
                Path.of("src/test/resources/upcasting/v1/vigil.attack.recorded.v1.json")));
        v1.remove("type");
        v1.putArray("injured").addObject().put("source", "pp").put("low", 0).put("high", 250).put("qualifier", "at_most");
        v1.putArray("abducted").addObject().put("source", "pp").put("low", 3).put("high", 7).put("qualifier", "at_least");
        PopulationEvent.AttackRecorded attack = (PopulationEvent.AttackRecorded) EventJson.fromPayload("vigil.attack.recorded.v1", v1.toString());
        assertThat(attack.injured()).containsExactly(Figure.of("pp", Qualifier.AT_MOST, null, null, 250L));
        assertThat(attack.abducted()).containsExactly(Figure.of("pp", Qualifier.BETWEEN, 3L, null, 7L));
    }

    @Test
    void a_stored_correction_of_a_v1_headcount_reads_its_corrected_event_as_current() throws Exception {
        String stored = """
                {"confidentiality":"public","target":"%s","reason":"the source's later figure","sources":[],
                 "corrected":{"type":"vigil.population.count-reported.v1",%s""".formatted(UUID.randomUUID(), storedV1().substring(1)) + "}";
        EventCorrected correction = (EventCorrected) EventJson.fromPayload("vigil.event.corrected.v1", stored);
        assertThat(((PopulationCountReported) correction.corrected()).method()).isEqualTo(CountMethod.NOT_STATED);
        assertThat(EventType.of(correction.corrected()).typeName()).isEqualTo(Upcasters.COUNT_REPORTED_V3);
    }

    @Test
    void a_client_may_still_send_v1_and_gets_the_current_version() throws Exception {
        ObjectNode sent = (ObjectNode) EventJson.mapper().readTree(storedV1());
        sent.put("type", Upcasters.COUNT_REPORTED_V1);
        EventJson.Decoded decoded = EventJson.decode(sent);
        assertThat(decoded.type()).isEqualTo(EventType.POPULATION_COUNT_REPORTED);
        assertThat(((PopulationCountReported) decoded.event()).method()).isEqualTo(CountMethod.NOT_STATED);
        assertThat(EventJson.withType(decoded.event()).get("type").asText()).isEqualTo(Upcasters.COUNT_REPORTED_V3);
    }

    @Test
    void the_current_headcount_takes_an_absent_method_as_not_stated_and_refuses_an_unknown_one() throws Exception {
        ObjectNode sent = (ObjectNode) EventJson.mapper().readTree(storedV1());
        sent.put("type", Upcasters.COUNT_REPORTED_V3);
        PopulationEvent event = EventJson.decode(sent).event();
        assertThat(((PopulationCountReported) event).method()).isNull();
        assertThat(EventRules.check(event)).isEmpty();
        sent = (ObjectNode) EventJson.mapper().readTree(storedV1());
        sent.put("type", Upcasters.COUNT_REPORTED_V3).put("method", "guessed");
        ObjectNode wrong = sent;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.decode(wrong))
                .isInstanceOf(EventJson.Invalid.class)
                .satisfies(e -> assertThat(((EventJson.Invalid) e).violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("method")));
    }

    /** Each figure of the old JSON states the same bounds in the new: the same numbers, the same open ends. */
    private static void assertSameNumbers(JsonNode old, JsonNode current, List<String> fields) {
        for (String field : fields) {
            List<String> before = new ArrayList<>();
            List<String> after = new ArrayList<>();
            old.path(field).forEach(f -> before.add(f.path("source").asText() + " " + f.path("low").asText("-") + ".."
                    + f.path("high").asText(f.path("qualifier").asText().matches("at_least|more_than") ? "open" : "-")));
            current.path(field).forEach(f -> {
                long min = Stream.of("low", "best", "high").filter(f::hasNonNull).mapToLong(k -> f.get(k).asLong()).min().orElse(-1);
                long max = Stream.of("low", "best", "high").filter(f::hasNonNull).mapToLong(k -> f.get(k).asLong()).max().orElse(-1);
                boolean open = f.path("qualifier").asText().matches("at_least|more_than") && !f.hasNonNull("high");
                boolean openBelow = f.path("qualifier").asText().matches("up_to|at_most|fewer_than") && !f.hasNonNull("low");
                after.add(f.path("source").asText() + " " + (openBelow ? "0" : min) + ".." + (open ? "open" : max));
            });
            assertThat(after).as(field).isEqualTo(before);
        }
    }
}
