package org.vigil.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.event.CountMethod;
import org.vigil.ingest.event.EventRules;
import org.vigil.ingest.event.EventType;
import org.vigil.ingest.event.PopulationEvent;
import org.vigil.ingest.event.PopulationEvent.EventCorrected;
import org.vigil.ingest.event.PopulationEvent.PopulationCountReported;

/**
 * vigil.population.count-reported.v2 added the required "method". Events stored as v1 (the payload below is one, as
 * the log holds it, taken from the Camp Ashraf casebook) read back as v2 with method "not_stated" and nothing else
 * changed; a client may still send v1; a v2 without a method is refused, naming the field and the rule.
 */
class UpcastingTest {

    static String storedV1() throws Exception {
        return Files.readString(Path.of("src/test/resources/upcasting/count-reported.v1.payload.json")).strip();
    }

    @Test
    void a_stored_v1_headcount_reads_as_v2_with_the_method_not_stated() throws Exception {
        PopulationEvent event = EventJson.fromPayload(Upcasters.COUNT_REPORTED_V1, storedV1());
        PopulationCountReported count = (PopulationCountReported) event;
        assertThat(count.method()).isEqualTo(CountMethod.NOT_STATED);
        assertThat(EventType.of(event).typeName()).isEqualTo(Upcasters.COUNT_REPORTED_V2);
        assertThat(count.subgroup()).isEqualTo("former MKO members (dissidents) at the US-protected camp");
        assertThat(count.count()).extracting(f -> f.source() + "=" + f.low()).containsExactly("aria=208", "us-press=110", "firuzmand=50");

        // Nothing else changed: the v2 JSON is the v1 JSON plus the method.
        ObjectNode v1 = (ObjectNode) EventJson.mapper().readTree(storedV1());
        ObjectNode v2 = EventJson.payload(event);
        assertThat(v2.remove("method").asText()).isEqualTo("not_stated");
        assertThat(EventJson.mapper().readTree(v2.toString())).isEqualTo(v1);
        assertThat(EventRules.check(event)).isEmpty();
        assertThat(EventJsonApprovalTest.schema(Upcasters.COUNT_REPORTED_V2).validate(EventJson.withType(event))).isEmpty();
    }

    @Test
    void a_stored_correction_of_a_v1_headcount_reads_its_corrected_event_as_v2() throws Exception {
        String stored = """
                {"confidentiality":"public","target":"%s","reason":"the source's later figure","sources":[],
                 "corrected":{"type":"vigil.population.count-reported.v1",%s""".formatted(UUID.randomUUID(), storedV1().substring(1)) + "}";
        EventCorrected correction = (EventCorrected) EventJson.fromPayload("vigil.event.corrected.v1", stored);
        assertThat(((PopulationCountReported) correction.corrected()).method()).isEqualTo(CountMethod.NOT_STATED);
    }

    @Test
    void a_client_may_still_send_v1_and_gets_v2() throws Exception {
        ObjectNode sent = (ObjectNode) EventJson.mapper().readTree(storedV1());
        sent.put("type", Upcasters.COUNT_REPORTED_V1);
        EventJson.Decoded decoded = EventJson.decode(sent);
        assertThat(decoded.type()).isEqualTo(EventType.POPULATION_COUNT_REPORTED);
        assertThat(((PopulationCountReported) decoded.event()).method()).isEqualTo(CountMethod.NOT_STATED);
        assertThat(EventJson.withType(decoded.event()).get("type").asText()).isEqualTo(Upcasters.COUNT_REPORTED_V2);
    }

    @Test
    void v2_requires_the_method_and_says_which_rule_failed() throws Exception {
        ObjectNode sent = (ObjectNode) EventJson.mapper().readTree(storedV1());
        sent.put("type", Upcasters.COUNT_REPORTED_V2);
        PopulationEvent event = EventJson.decode(sent).event();
        assertThat(EventRules.check(event)).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo("method");
            assertThat(v.rule()).isEqualTo("required");
        });
        sent = (ObjectNode) EventJson.mapper().readTree(storedV1());
        sent.put("type", Upcasters.COUNT_REPORTED_V2).put("method", "guessed");
        ObjectNode wrong = sent;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.decode(wrong))
                .isInstanceOf(EventJson.Invalid.class)
                .satisfies(e -> assertThat(((EventJson.Invalid) e).violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("method")));
    }
}
