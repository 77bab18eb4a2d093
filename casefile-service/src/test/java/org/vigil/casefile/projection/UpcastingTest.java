package org.vigil.casefile.projection;

import org.vigil.casefile.event.Event;

import org.vigil.casefile.wire.Upcaster;
import org.vigil.casefile.wire.LoggedEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The demo casebook is stored old-version JSON: its headcounts are vigil.population.count-reported.v1, as the log of
 * any deployment before v2 holds them. They are read as v2 with the method "not_stated", beside v2 headcounts that
 * state theirs; a correction restating a v1 headcount is read as v2 too; and the published data is left untouched.
 */
class UpcastingTest {

    private static final String SUBGROUP = "former MKO members (dissidents) at the US-protected camp";
    private static final String COUNT = Event.typeName(Event.CountReported.class);

    @Test
    void stored_v1_headcounts_read_as_current_with_the_method_not_stated() throws Exception {
        List<LoggedEvent> events = Casebook.campAshrafV1();
        assertThat(events).extracting(LoggedEvent::type).doesNotContain(Upcaster.COUNT_REPORTED_V1).contains(COUNT)
                .allMatch(Event.TYPES::containsKey);
        LoggedEvent dissidents = events.stream().filter(e -> SUBGROUP.equals(e.data().path("subgroup").asText())).findFirst().orElseThrow();
        assertThat(dissidents.data().path("method").asText()).isEqualTo("not_stated");
        assertThat(dissidents.dataText()).as("an upcast event is written anew, not stored as published").isNull();

        PopulationStatus status = StatusView.of(Casebook.folded(events), LocalDate.parse("2008-06-30"), null);
        var count = status.headcounts().stream().filter(c -> SUBGROUP.equals(c.subgroup())).findFirst().orElseThrow();
        assertThat(count.methods()).containsExactly("not_stated");
        assertThat(count.count().low()).isEqualTo(50);
        assertThat(count.count().high()).isEqualTo(208);
    }

    @Test
    void a_current_headcount_states_its_method_beside_the_v1_ones() throws Exception {
        List<LoggedEvent> events = new ArrayList<>(Casebook.campAshrafV1());
        LoggedEvent v1 = events.stream().filter(e -> SUBGROUP.equals(e.data().path("subgroup").asText())).findFirst().orElseThrow();
        ObjectNode v2 = ((ObjectNode) v1.data()).deepCopy().put("method", "registration");
        LoggedEvent last = events.getLast();
        events.add(new LoggedEvent(UUID.randomUUID(), last.populationId(), last.streamVersion() + 1, last.position() + 1,
                COUNT, last.recordedAt().plusSeconds(60), "public", v2));
        PopulationStatus status = StatusView.of(Casebook.folded(events), LocalDate.parse("2008-06-30"), null);
        var count = status.headcounts().stream().filter(c -> SUBGROUP.equals(c.subgroup())).findFirst().orElseThrow();
        assertThat(count.methods()).containsExactly("not_stated", "registration");
    }

    @Test
    void a_correction_restating_a_v1_headcount_is_read_as_current_and_the_original_is_not_changed() throws Exception {
        ObjectNode correction = Casebook.JSON.createObjectNode().put("confidentiality", "public")
                .put("target", UUID.randomUUID().toString()).put("reason", "later figure");
        ObjectNode restated = correction.putObject("corrected").put("type", Upcaster.COUNT_REPORTED_V1).put("subgroup", SUBGROUP);
        restated.putArray("count").addObject().put("source", "aria").put("low", 0).put("high", 200).put("qualifier", "at_most");
        String before = correction.toString();
        LoggedEvent read = new LoggedEvent(UUID.randomUUID(), UUID.randomUUID(), 2, 2, "vigil.event.corrected.v1",
                java.time.Instant.now(), "public", correction, before);
        assertThat(read.type()).isEqualTo(Event.typeName(Event.Corrected.class));
        assertThat(read.data().path("corrected").path("type").asText()).isEqualTo(COUNT);
        assertThat(read.data().path("corrected").path("count").get(0).has("low")).as("v1's forced low of 0 is gone").isFalse();
        assertThat(read.data().path("corrected").path("method").asText()).isEqualTo("not_stated");
        assertThat(read.dataText()).isNull();
        assertThat(correction.toString()).isEqualTo(before);
    }
}
