package org.vigil.report.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.report.view.Dossier;

/** A detention in a report: its own section, in the period's incidents, its figure attributed and footnoted. */
class DetentionsTest {

    private static final Dossier.Cited BBC = new Dossier.Cited("Javad Firuzmand, spokesman of ARIA, to BBC Persian",
            "Former MKO seeking refuge in western countries", "2008-01-26", null, null);

    @Test
    void a_detention_reads_with_who_held_how_many_how_long_and_what_became_of_them() {
        Dossier.Range seventy = new Dossier.Range("70", List.of(new Dossier.Claim("firuzmand", BBC.publisher(), "70",
                null, null, BBC)), List.of());
        Dossier.Detention held = new Dossier.Detention("d1", "in the weeks before January 2008", "Turkish border",
                "Turkish border police", seventy, "crossing the border with smugglers", "one month", "Handed over",
                "Iraqi police", false);
        Dossier.TimelineItem item = new Dossier.TimelineItem("d1", "in the weeks before January 2008", "2007-12-01",
                "2008-01-26", "range", "vigil.detention.recorded.v1", "Detention", null,
                "Detained by Turkish border police at Turkish border; handed over to Iraqi police", false, true, List.of(BBC));
        Dossier.Status status = new Dossier.Status("Camp Ashraf", List.of(), null, List.of(), List.of(), List.of(), null,
                List.of(), null, List.of(held), List.of(), List.of(item));
        Dossier dossier = new Dossier(2, "public", status, List.of(), List.of(), List.of(), Map.of());
        ReportMeta meta = new ReportMeta("VGL 2026/0001", LocalDate.of(2026, 12, 2), UUID.randomUUID(),
                LocalDate.of(2008, 12, 31), LocalDate.of(2007, 1, 1), LocalDate.of(2008, 12, 31), "public", 2,
                "ab".repeat(32), 2, null, 0);

        Report report = ReportComposer.compose(dossier, meta);

        assertThat(report.detentions()).singleElement().extracting(Text::md).asString()
                .startsWith("in the weeks before January 2008: Detained by Turkish border police at Turkish border"
                        + " (handed over to Iraqi police): 70, according to Javad Firuzmand")
                .contains("grounds given: crossing the border with smugglers").contains("held one month");
        assertThat(report.period().incidents()).singleElement().extracting(Text::md).asString()
                .contains("Detained by Turkish border police");
        assertThat(report.footnotes()).singleElement().extracting(f -> f.text().md()).asString().startsWith("Javad Firuzmand");
    }

    @Test
    void a_report_without_detentions_has_no_detentions() {
        Dossier dossier = new Dossier(1, "public", null, List.of(), List.of(), List.of(), Map.of());
        ReportMeta meta = new ReportMeta("VGL 2026/0002", LocalDate.of(2026, 12, 2), UUID.randomUUID(),
                LocalDate.of(2008, 12, 31), null, null, "public", 1, "ab".repeat(32), 1, null, 0);
        assertThat(ReportComposer.compose(dossier, meta).detentions()).isEmpty();
    }
}
