package org.vigil.casefile.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.wire.LoggedEvent;

/** A detention (the type added by walking docs/adding-an-event-type.md) in the status, its timeline and its words. */
class DetentionTest {

    @Test
    void a_detention_is_in_the_status_with_its_figure_its_outcome_and_its_sources() throws Exception {
        var registration = Casebook.campAshraf().getFirst();
        CaseFile file = new CaseFile(registration.populationId());
        assertThat(file.apply(registration.envelope())).isInstanceOf(CaseFile.Outcome.Applied.class);
        ObjectNode detention = (ObjectNode) Casebook.JSON.readTree(
                Files.readString(Path.of("../docs/examples/events/vigil.detention.recorded.v1.json")));
        String type = detention.remove("type").asText();
        LoggedEvent e = new LoggedEvent(UUID.randomUUID(), registration.populationId(), 2, 2, type,
                Instant.parse("2026-01-02T00:00:00Z"), "public", detention);
        assertThat(file.apply(e.envelope())).isInstanceOf(CaseFile.Outcome.Applied.class);

        PopulationStatus status = StatusView.of(file, null, null);
        assertThat(status.detentions()).singleElement().satisfies(d -> {
            assertThat(d.detainedBy()).isEqualTo("Turkish border police");
            assertThat(d.count().statement()).startsWith("70, according to Javad Firuzmand");
            assertThat(d.outcome()).isEqualTo("transferred");
            assertThat(d.outcomeLabel()).isEqualTo("Handed over");
            assertThat(d.transferredTo()).isEqualTo("Iraqi police");
            assertThat(d.duration()).isEqualTo("one month in prison and in a compulsory camp");
            assertThat(d.date()).isEqualTo("in the weeks before January 2008");
        });
        assertThat(status.timeline()).filteredOn(i -> i.type().equals(type)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("Detention");
            assertThat(i.description()).isEqualTo("Detained by Turkish border police at Turkish border; handed over to Iraqi police");
            assertThat(i.sources()).hasSize(1);
        });
        // before it happened, it is not there
        assertThat(StatusView.of(file, java.time.LocalDate.parse("2007-11-30"), null).detentions()).isEmpty();
    }
}
