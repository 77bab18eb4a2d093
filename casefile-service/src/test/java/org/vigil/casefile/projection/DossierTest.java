package org.vigil.casefile.projection;

import org.vigil.access.Audience;
import org.vigil.casefile.event.Event;

import org.vigil.casefile.wire.LoggedEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The dossier a report is written from: at a stream version, for an audience, with corrections and headcount history. */
class DossierTest {

    private static final LocalDate END = LocalDate.of(2016, 12, 31);
    private final List<LoggedEvent> events;
    private final CaseFile file;

    DossierTest() throws IOException {
        events = Casebook.campAshraf();
        file = Casebook.folded(events);
    }

    @Test
    void theInternalDossierHoldsEverythingAndThePublicOneLeavesOutTheConfidentialRecordWhole() throws Exception {
        Dossier internal = Dossier.of(file, file.version(), END, Audience.INTERNAL);
        Dossier open = Dossier.of(file, file.version(), END, Audience.PUBLIC);
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        assertThat(json.writeValueAsString(internal)).contains("Turkey (covert)").contains("living covertly");
        String published = json.writeValueAsString(open);
        assertThat(published).doesNotContain("covert").doesNotContain("Istanbul").doesNotContain("Turkey");
        assertThat(open.withheld()).containsEntry("confidential", 1).containsEntry("restricted", 0);
        assertThat(internal.withheld()).isEmpty();
        assertThat(open.status().movements()).hasSize(internal.status().movements().size() - 1);
    }

    @Test
    void aConfidentialCorrectionIsLeftOutAndThePublicFactReadsAsBeforeIt() {
        CaseFile.Entry raid = file.entry(java.util.UUID.fromString("0193f0a0-0000-7000-8000-000000000004"));
        CaseFile.Revision secret = new CaseFile.Revision(CaseFile.RevisionKind.CORRECTED, java.util.UUID.randomUUID(),
                file.version() + 1, raid.revisions().getLast().recordedAt().plusSeconds(60), "witness names added", "confidential",
                raid.revisions().getLast().fact(), raid.revisions().getLast().text());
        java.util.Map<java.util.UUID, CaseFile.Entry> entries = new java.util.LinkedHashMap<>();
        file.entries().forEach(e -> entries.put(e.eventId(), e));
        List<CaseFile.Revision> revisions = new java.util.ArrayList<>(raid.revisions());
        revisions.add(secret);
        entries.put(raid.eventId(), new CaseFile.Entry(raid.eventId(), raid.type(), revisions));
        CaseFile amended = new CaseFile(file.populationId(), file.version() + 1, 0, null, entries);

        CaseFile.Visible visible = amended.visibleTo(org.vigil.access.Confidentiality.PUBLIC);
        assertThat(visible.file().entry(raid.eventId()).revisions()).isEqualTo(raid.revisions());
        assertThat(visible.withheld()).containsEntry("confidential", 2);
    }

    @Test
    void atAnEarlierVersionLaterFactsAndLaterCorrectionsAreNotThere() {
        LoggedEvent correction = events.stream().filter(e -> e.type().equals(Event.typeName(Event.Corrected.class))).findFirst().orElseThrow();
        Dossier before = Dossier.of(file, correction.streamVersion() - 1, END, Audience.INTERNAL);
        Dossier after = Dossier.of(file, correction.streamVersion(), END, Audience.INTERNAL);
        assertThat(before.corrections()).extracting(Dossier.Correction::kind).containsExactly("retracted");
        assertThat(after.corrections()).extracting(Dossier.Correction::kind).containsExactly("retracted", "corrected");
        Dossier.Correction c = after.corrections().get(1);
        assertThat(c.dateBefore()).isEqualTo("in May");
        assertThat(c.dateAfter()).isEqualTo("8 April 2011");
        assertThat(c.reason()).startsWith("The operation took place on 8 April 2011");
        // field by field, what the correction changed, figures in words with their sources
        assertThat(c.changes()).extracting(Dossier.Change::field).contains("occurred", "killed", "injured", "sources")
                .doesNotContain("place", "confidentiality");
        assertThat(c.changes()).filteredOn(ch -> ch.field().equals("killed")).singleElement().satisfies(ch -> {
            assertThat(ch.before()).startsWith("35, according to News report");
            assertThat(ch.after()).startsWith("between 35 and 36, according to News report");
        });
        assertThat(c.changes()).filteredOn(ch -> ch.field().equals("occurred")).singleElement()
                .satisfies(ch -> assertThat(ch.before() + " -> " + ch.after()).isEqualTo("in May -> 8 April 2011"));
        assertThat(c.sourcesBefore()).extracting(PopulationStatus.Cited::publisher).singleElement().asString().startsWith("News report");
        assertThat(c.sources()).hasSize(2);
        assertThat(before.status().timeline()).noneMatch(i -> i.date() != null && i.date().equals("1 September 2013"));
        assertThat(after.status().timeline()).noneMatch(i -> i.type().startsWith("vigil.population.count-reported."));
        assertThat(Dossier.of(file, 5, END, Audience.INTERNAL).status().streamVersion()).isEqualTo(5);
    }

    @Test
    void theHeadcountHistoryKeepsEverySourceOfEachSiteAndYear() {
        Dossier d = Dossier.of(file, file.version(), END, Audience.INTERNAL);
        Dossier.CountYear dissidents = d.headcountHistory().stream()
                .filter(h -> h.site().startsWith("US-protected camp")).findFirst().orElseThrow();
        assertThat(dissidents.year()).isEqualTo(2008);
        assertThat(dissidents.low()).isEqualTo(50);
        assertThat(dissidents.high()).isEqualTo(208);
        assertThat(dissidents.sources()).hasSize(3);
        assertThat(d.headcountSeries()).anyMatch(p -> p.month().equals("2008-01") && p.low() == 50 && p.high() == 208);
        // the retracted duplicate count is not in the history
        assertThat(d.headcountHistory()).filteredOn(h -> "all residents".equals(h.subgroup())).allMatch(h -> h.reports() == 1);
    }

    @Test
    void rangesOfWholeMonthsReadAsSourcesWriteThem() {
        ObjectMapper json = new ObjectMapper();
        assertThat(When.of(json.convertValue(java.util.Map.of("precision", "range", "earliest", "2009-01-01", "latest", "2009-04-30"), Event.Occurred.class)).text())
                .isEqualTo("early 2009");
        assertThat(When.of(json.convertValue(java.util.Map.of("precision", "range", "earliest", "2009-09-01", "latest", "2009-12-31"), Event.Occurred.class)).text())
                .isEqualTo("late 2009");
        assertThat(When.of(json.convertValue(java.util.Map.of("precision", "range", "earliest", "2009-03-01", "latest", "2009-04-30"), Event.Occurred.class)).text())
                .isEqualTo("March-April 2009");
        assertThat(When.of(json.convertValue(java.util.Map.of("precision", "range", "earliest", "2009-07-28", "latest", "2009-07-29"), Event.Occurred.class)).text())
                .isEqualTo("28-29 July 2009");
    }

    @Test
    void monthsOfTheSeriesAreWrittenAsTheFormatWould() {
        for (LocalDate day : List.of(LocalDate.of(2008, 1, 31), LocalDate.of(2016, 12, 1), LocalDate.of(999, 9, 9),
                LocalDate.of(7, 10, 1), LocalDate.of(-5, 3, 1), LocalDate.of(-12345, 11, 30), LocalDate.of(12345, 2, 1))) {
            assertThat(Dossier.month(day)).isEqualTo(String.format("%04d-%02d", day.getYear(), day.getMonthValue()));
        }
    }

    @Test
    void theSeriesOfEachSiteSpansTheRangesOfItsReportsInEachMonth() {
        // the dossier sums each report's bounds without wording it; they must be those its own range gives
        Dossier d = Dossier.of(file, file.version(), END, Audience.INTERNAL);
        java.util.Map<String, long[]> expected = new java.util.LinkedHashMap<>();
        for (Ranged c : ranged()) {
            String key = StatusView.HeadcountKey.of(c.count()) + " " + Dossier.month(c.when().latest());
            expected.merge(key, new long[]{c.range().low(), c.range().high()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        java.util.Map<String, long[]> actual = new java.util.LinkedHashMap<>();
        for (Dossier.CountMonth p : d.headcountSeries()) {
            actual.put(new StatusView.HeadcountKey(p.site() == null ? "" : p.site(), p.subgroup() == null ? "" : p.subgroup())
                    + " " + p.month(), new long[]{p.low(), p.high()});
        }
        assertThat(actual).isNotEmpty();
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, bounds) -> assertThat(actual.get(key)).as(key).containsExactly(bounds));
    }

    @Test
    void eachYearOfTheHistoryIsWordedAsTheRangeOfAllItsReportsClaims() {
        Dossier d = Dossier.of(file, file.version(), END, Audience.INTERNAL);
        java.util.Map<String, List<PopulationStatus.Claim>> claims = new java.util.LinkedHashMap<>();
        for (Ranged c : ranged()) {
            claims.computeIfAbsent(StatusView.HeadcountKey.of(c.count()) + " " + c.when().latest().getYear(),
                    k -> new java.util.ArrayList<>()).addAll(c.range().claims());
        }
        assertThat(d.headcountHistory()).hasSize(claims.size());
        for (Dossier.CountYear year : d.headcountHistory()) {
            String key = new StatusView.HeadcountKey(year.site() == null ? "" : year.site(), year.subgroup() == null ? "" : year.subgroup())
                    + " " + year.year();
            PopulationStatus.Range range = Ranges.of(claims.get(key));
            assertThat(year.words()).as(key).isEqualTo(range.words());
            assertThat(year.low()).as(key).isEqualTo(range.low());
            assertThat(year.high()).as(key).isEqualTo(range.high());
            assertThat(year.openAbove()).as(key).isEqualTo(range.openAbove());
        }
    }

    /** A headcount report in force by the end, with its range as the status words it. */
    private record Ranged(Event.CountReported count, When when, PopulationStatus.Range range) {
    }

    /** The headcount reports in force by the end that state a number, each with the range its own claims give. */
    private List<Ranged> ranged() {
        List<Ranged> out = new java.util.ArrayList<>();
        for (CaseFile.Entry e : file.entries()) {
            CaseFile.Revision r = e.revisions().getLast();
            Event.CountReported count = r.kind() == CaseFile.RevisionKind.RETRACTED ? null : StatusView.headcount(r.fact());
            if (count == null) continue;
            When when = When.of(count.occurred());
            PopulationStatus.Range range = Ranges.of(count.count(), count.sources());
            if (when != null && when.certainlyBy(END) && range != null) out.add(new Ranged(count, when, range));
        }
        return out;
    }
}
