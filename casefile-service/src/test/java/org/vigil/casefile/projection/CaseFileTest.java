package org.vigil.casefile.projection;

import org.vigil.casefile.wire.LoggedEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Applying events: redelivery changes nothing, and what cannot be applied stalls instead of being skipped. */
class CaseFileTest {

    static LoggedEvent event(long version, String type, ObjectNode data) {
        return new LoggedEvent(UUID.randomUUID(), Casebook.ASHRAF, version, version, type, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version),
                "public", data);
    }

    @Test
    void a_redelivered_event_changes_nothing() throws Exception {
        List<LoggedEvent> events = Casebook.campAshraf();
        CaseFile file = Casebook.folded(events);
        long version = file.version();
        int entries = file.entries().size();
        for (LoggedEvent e : events) assertThat(file.apply(e.envelope())).isInstanceOf(CaseFile.Outcome.Duplicate.class);
        assertThat(file.version()).isEqualTo(version);
        assertThat(file.entries()).hasSize(entries);
    }

    @Test
    void an_unknown_type_stalls_the_population() throws Exception {
        CaseFile file = Casebook.folded(Casebook.campAshraf().subList(0, 1));
        var outcome = file.apply(event(2, "vigil.rumour.v1", Casebook.JSON.createObjectNode()).envelope());
        assertThat(outcome).isInstanceOfSatisfying(CaseFile.Outcome.Stalled.class,
                s -> assertThat(s.reason()).contains("unknown event type vigil.rumour.v1"));
        assertThat(file.version()).isEqualTo(1);
    }

    @Test
    void a_correction_of_an_event_it_never_saw_stalls() throws Exception {
        CaseFile file = Casebook.folded(Casebook.campAshraf().subList(0, 1));
        ObjectNode data = Casebook.JSON.createObjectNode().put("target", UUID.randomUUID().toString()).put("reason", "x");
        data.putObject("corrected").put("type", "vigil.attack.recorded.v1");
        assertThat(file.apply(event(2, "vigil.event.corrected.v1", data).envelope()))
                .isInstanceOfSatisfying(CaseFile.Outcome.Stalled.class, s -> assertThat(s.reason()).contains("never saw"));
    }

    @Test
    void a_missing_version_stalls_rather_than_skipping() throws Exception {
        List<LoggedEvent> events = Casebook.campAshraf();
        CaseFile file = Casebook.folded(events.subList(0, 2));
        assertThat(file.apply(events.get(3).envelope())).isInstanceOfSatisfying(CaseFile.Outcome.Stalled.class,
                s -> assertThat(s.reason()).contains("expected stream version 3"));
        assertThat(file.apply(events.get(2).envelope())).isInstanceOf(CaseFile.Outcome.Applied.class);
    }
}
