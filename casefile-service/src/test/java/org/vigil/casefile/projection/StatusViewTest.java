package org.vigil.casefile.projection;

import org.vigil.casefile.event.Event;

import org.vigil.casefile.wire.LoggedEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.casefile.projection.PopulationStatus.Claim;

/** The Camp Ashraf record, folded, read as a researcher would ask: where, how many, by whose count, when. */
class StatusViewTest {

    static final UUID MAY_2011_ATTACK = UUID.fromString("0193f0a0-0000-7000-8000-000000000004");

    final List<LoggedEvent> events = load();
    final CaseFile file = Casebook.folded(events);

    static List<LoggedEvent> load() {
        try {
            return Casebook.campAshraf();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    PopulationStatus on(String date) {
        return StatusView.of(file, LocalDate.parse(date), null);
    }

    @Test
    void in_mid_2010_the_population_is_at_camp_ashraf() {
        PopulationStatus status = on("2010-06-01");
        assertThat(status.name()).isEqualTo("Camp Ashraf residents");
        assertThat(status.location().site().name()).isEqualTo("Camp Ashraf");
        assertThat(status.location().outsideCountryOfRegistration()).isFalse();
    }

    @Test
    void at_the_start_of_2014_it_is_at_camp_liberty() {
        PopulationStatus status = on("2014-01-01");
        assertThat(status.location().site().name()).startsWith("Camp Liberty");
        assertThat(status.location().earlierSites()).extracting(PopulationStatus.Place::name).contains("Camp Ashraf");
    }

    @Test
    void at_the_end_of_2016_it_is_resettled_outside_iraq() {
        PopulationStatus status = on("2016-12-31");
        assertThat(status.location().site().country()).isEqualTo("AL");
        assertThat(status.location().outsideCountryOfRegistration()).isTrue();
        assertThat(status.location().since()).isEqualTo("9 September 2016");
    }

    @Test
    void the_2008_dissident_counts_are_a_range_with_their_three_sources() {
        PopulationStatus status = on("2008-06-30");
        var count = status.headcounts().stream().filter(c -> "former MKO members (dissidents) at the US-protected camp".equals(c.subgroup()))
                .findFirst().orElseThrow().count();
        assertThat(count.low()).isEqualTo(50);
        assertThat(count.high()).isEqualTo(208);
        assertThat(count.claims()).extracting(Claim::best).containsExactlyInAnyOrder(208L, 110L, 50L);
        assertThat(count.claims()).extracting(Claim::publisher).allSatisfy(p -> assertThat(p).isNotBlank());
    }

    @Test
    void the_size_a_registration_states_is_a_headcount_of_its_site_from_its_date_until_a_later_report() {
        // the registration: "about 1,000" according to the overview, early summer of 1986, at Camp Ashraf
        assertThat(on("1986-06-30").headcounts()).as("a fact dated by its year counts from the year's end").isEmpty();
        assertThat(on("1987-01-01").headcounts()).singleElement().satisfies(c -> {
            assertThat(c.site()).isEqualTo("Camp Ashraf");
            assertThat(c.subgroup()).isNull();
            assertThat(c.date()).isEqualTo("early summer of 1986");
            assertThat(c.count().low()).isEqualTo(1000);
            assertThat(c.count().high()).isEqualTo(1000);
            assertThat(c.count().statement()).isEqualTo("about 1,000, according to Political Platform (MEK advocacy website)");
            assertThat(c.count().words()).as("the range never barer than its source").isEqualTo("about 1,000");
            assertThat(c.count().claims()).singleElement().satisfies(claim -> assertThat(claim.says()).isEqualTo("about 1,000"));
        });
        // a later report of the same site (no subgroup) is the latest; the other subgroups are other people
        var later = on("2012-12-31").headcounts().stream().filter(c -> c.subgroup() == null).toList();
        assertThat(later).singleElement().satisfies(c -> assertThat(c.count().statement()).startsWith("more than 3,000"));
        // and the chart draws it where it belongs, first
        assertThat(StatusView.headcountSeries(file, null).getFirst()).satisfies(p -> {
            assertThat(p.site()).isEqualTo("Camp Ashraf");
            assertThat(p.date()).isEqualTo("early summer of 1986");
            assertThat(p.count().low()).isEqualTo(1000);
            assertThat(p.count().claims()).singleElement().satisfies(claim -> assertThat(claim.words()).isEqualTo("about 1,000"));
        });
    }

    @Test
    void a_corrected_registration_size_keeps_what_it_said_before_and_a_registration_without_one_gives_no_headcount() {
        LoggedEvent registration = events.getFirst();
        var data = (com.fasterxml.jackson.databind.node.ObjectNode) registration.data().deepCopy();
        data.remove("size");
        LoggedEvent sizeless = new LoggedEvent(registration.eventId(), registration.populationId(), 1, registration.position(),
                registration.type(), registration.recordedAt(), registration.confidentiality(), data);
        CaseFile none = Casebook.folded(List.of(sizeless));
        assertThat(StatusView.of(none, null, null).headcounts()).isEmpty();
        assertThat(StatusView.headcountSeries(none, null)).isEmpty();

        var corrected = data.deepCopy();
        corrected.putArray("size").addObject().put("source", "overview").put("says", "about 1,200");
        var correction = Casebook.JSON.createObjectNode().put("confidentiality", "public").put("target", registration.eventId().toString())
                .put("reason", "the overview's later edition");
        correction.putArray("sources").addObject().put("ref", "overview").put("publisher", "Political Platform")
                .put("title", "Camp Ashraf: an overview").put("affiliation", "party_to_conflict");
        corrected.put("type", registration.type());
        correction.set("corrected", corrected);
        CaseFile file = Casebook.folded(List.of(registration, new LoggedEvent(UUID.randomUUID(), registration.populationId(), 2,
                registration.position() + 1, Event.typeName(Event.Corrected.class), registration.recordedAt().plusSeconds(60), "public", correction)));
        assertThat(StatusView.of(file, null, null).headcounts()).singleElement().satisfies(c -> {
            assertThat(c.count().statement()).startsWith("about 1,200, according to");
            assertThat(c.count().earlier()).singleElement().satisfies(e -> assertThat(e.statement()).startsWith("about 1,000, according to"));
        });
        assertThat(StatusView.of(file, null, registration.recordedAt().plusSeconds(1)).headcounts()).singleElement()
                .satisfies(c -> assertThat(c.count().statement()).startsWith("about 1,000, according to"));
    }

    @Test
    void a_retracted_duplicate_does_not_count_twice() {
        var residents = on("2008-06-30").headcounts().stream().filter(c -> "all residents".equals(c.subgroup())).findFirst().orElseThrow();
        assertThat(residents.count().claims()).hasSize(1);
        assertThat(residents.count().low()).isEqualTo(3360);
    }

    @Test
    void casualties_are_shown_per_incident_summed_and_beside_the_claimed_aggregate_never_added_across_kinds() {
        var casualties = on("2016-12-31").casualties();
        assertThat(casualties.incidents()).hasSize(8);
        // nearly 50 + 13 + (35 to 36) + 8 + 2 + 52 + 4 + 0
        assertThat(casualties.documented().killed().low()).isEqualTo(164);
        assertThat(casualties.documented().killed().high()).isEqualTo(165);
        assertThat(casualties.documented().killed().words()).isEqualTo("between 164 and 165");
        // 318 + nearly 100 + 71 + 0; four attacks give no figure for injured, and are not counted as 0
        assertThat(casualties.documented().injured().low()).isEqualTo(318 + 100 + 71);
        assertThat(casualties.documented().injured().reporting()).isEqualTo(4);
        assertThat(casualties.documented().injured().notReported()).isEqualTo(4);
        assertThat(casualties.documented().abducted().words()).isEqualTo("not reported");
        assertThat(casualties.claimedAggregates()).hasSize(4).first().satisfies(a -> {
            assertThat(a.killed().low()).isEqualTo(116);
            assertThat(a.killed().claims().getFirst().publisher()).contains("Political Platform");
        });
        // the second of the seeds' aggregates, with its open-above figure for injured, stays beside the sum
        assertThat(casualties.claimedAggregates()).anySatisfy(a -> {
            assertThat(a.scope()).contains("since the Iraqi government took control");
            assertThat(a.injured().words()).isEqualTo("at least 1,300");
            assertThat(a.injured().statement()).isEqualTo("more than 1,300, according to Political Platform (MEK advocacy website)");
        });
    }

    @Test
    void designations_in_force_change_with_the_date_and_a_contest_is_marked() {
        var in2008 = on("2008-06-30").designations();
        assertThat(in2008).filteredOn(d -> d.designation().equals("protected_persons_gciv_art27"))
                .singleElement().satisfies(d -> assertThat(d.inForce()).isTrue());
        var in2014 = on("2014-06-30").designations();
        assertThat(in2014).filteredOn(d -> d.authority().startsWith("Multi-National Force"))
                .singleElement().satisfies(d -> {
                    assertThat(d.action()).isEqualTo("lapsed");
                    assertThat(d.inForce()).isFalse();
                    assertThat(d.contested()).isTrue();
                });
        assertThat(in2014).filteredOn(d -> d.authority().equals("European Union"))
                .singleElement().satisfies(d -> assertThat(d.inForce()).isFalse());
    }

    @Test
    void asylum_seekers_recognised_refugees_and_resettled_people_are_kept_apart() {
        var refugees = on("2016-12-31").refugeeStatus();
        assertThat(refugees.registered()).hasSize(1);
        assertThat(refugees.recognised()).hasSize(1);
        // the refugee-status step and, so the sections agree, both movements of kind resettlement (2012-2013, 2016)
        assertThat(refugees.resettled()).extracting(s -> s.basis() + " " + s.country())
                .containsExactlyInAnyOrder("refugee-status Albania", "relocation Albania", "relocation Albania and other European countries");
    }

    @Test
    void a_lifted_restriction_is_no_longer_in_force() {
        assertThat(on("2010-06-01").restrictionsInForce()).isEmpty();
        assertThat(on("2017-01-01").restrictionsInForce()).extracting(PopulationStatus.Restriction::restricts)
                .containsExactly("medical_supplies");
    }

    @Test
    void what_the_record_said_before_a_correction_differs_from_what_it_says_after() {
        LoggedEvent correction = events.stream().filter(e -> e.type().equals(Event.typeName(Event.Corrected.class))).findFirst().orElseThrow();
        Instant before = correction.recordedAt().minusSeconds(1);
        var then = StatusView.of(file, LocalDate.parse("2011-12-31"), before).casualties().incidents().stream()
                .filter(i -> i.eventId().equals(MAY_2011_ATTACK)).findFirst().orElseThrow();
        assertThat(then.date()).isEqualTo("in May");
        assertThat(then.killed().high()).isEqualTo(35);
        assertThat(then.killed().earlier()).as("as known before the correction: exactly the earlier range").isEmpty();
        assertThat(then.injured()).isNull();
        assertThat(then.corrected()).isFalse();

        var now = StatusView.of(file, LocalDate.parse("2011-12-31"), null).casualties().incidents().stream()
                .filter(i -> i.eventId().equals(MAY_2011_ATTACK)).findFirst().orElseThrow();
        assertThat(now.date()).isEqualTo("8 April 2011");
        assertThat(now.killed().low()).isEqualTo(35);
        assertThat(now.killed().high()).isEqualTo(36);
        assertThat(now.corrected()).isTrue();
        // the superseded figure and its source stay beside the current ones
        assertThat(now.killed().statement()).startsWith("between 35 and 36, according to News report");
        assertThat(now.killed().earlier()).singleElement().satisfies(e -> {
            assertThat(e.statement()).startsWith("35, according to News report");
            assertThat(e.supersededAt()).isEqualTo(correction.recordedAt().toString());
        });
        assertThat(now.injured().earlier()).singleElement().satisfies(e -> assertThat(e.statement()).isEqualTo("not stated"));
        // and the superseded figures stay in the entry's history
        assertThat(file.entry(MAY_2011_ATTACK).revisions()).hasSize(2);
    }

    @Test
    void known_at_and_as_of_work_together() {
        Instant early = Casebook.FIRST_RECORDED.plusSeconds(60 * 3);
        PopulationStatus status = StatusView.of(file, LocalDate.parse("2016-12-31"), early);
        assertThat(status.timeline()).hasSize(3);
        assertThat(status.location().site().name()).isEqualTo("Camp Ashraf");
    }

    @Test
    void an_event_dated_only_by_year_counts_from_the_end_of_that_year_and_is_marked_uncertain_before() {
        // the 2009 EU delisting is dated "2009": on 2009-06-30 it may or may not have happened
        var midYear = on("2009-06-30");
        assertThat(midYear.designations()).noneMatch(d -> d.authority().equals("European Union"));
        assertThat(midYear.timeline()).anySatisfy(i -> {
            assertThat(i.type()).isEqualTo(Event.typeName(Event.DesignationChanged.class));
            assertThat(i.date()).isEqualTo("2009");
            assertThat(i.certain()).isFalse();
        });
        assertThat(on("2009-12-31").designations()).anyMatch(d -> d.authority().equals("European Union"));
    }

    @Test
    void dates_keep_their_precision_in_the_timeline() {
        var timeline = on("2016-12-31").timeline();
        assertThat(timeline).extracting(PopulationStatus.TimelineItem::date)
                .contains("28-29 July 2009", "early summer of 1986", "9 September 2016", "September 2013");
    }

    @Test
    void a_page_that_lists_the_latest_of_the_timeline_lists_the_end_of_the_whole_timeline_and_counts_it_all() {
        // 2009-06-30 has facts that may or may not have happened by then (uncertain), and days with more than one fact
        for (String date : new String[] {"2009-06-30", "2013-09-15", "2016-12-31"}) {
            PopulationStatus whole = on(date);
            List<PopulationStatus.TimelineItem> all = whole.timeline();
            assertThat(all).hasSizeGreaterThan(10);
            for (int latest : new int[] {1, 5, 10, all.size(), all.size() + 3}) {
                StatusView.Latest cut = StatusView.latest(file, LocalDate.parse(date), null, latest);
                assertThat(cut.timelineTotal()).isEqualTo(all.size());
                assertThat(cut.status().timeline()).as(date + ", the latest " + latest)
                        .isEqualTo(all.subList(all.size() - Math.min(latest, all.size()), all.size()));
                assertThat(new PopulationStatus(cut.status().populationId(), cut.status().name(), cut.status().aliases(), cut.status().asOf(),
                        cut.status().knownAt(), cut.status().streamVersion(), cut.status().logPosition(), cut.status().location(),
                        cut.status().headcounts(), cut.status().movements(), cut.status().designations(), cut.status().refugeeStatus(),
                        cut.status().restrictionsInForce(), cut.status().casualties(), cut.status().detentions(), cut.status().interventions(),
                        all)).as("all but the timeline as the whole status says it").isEqualTo(whole);
            }
        }
    }

    @Test
    void a_site_says_its_latest_facts_by_date_and_counts_them_all() {
        List<LoggedEvent> more = new java.util.ArrayList<>(events);
        LoggedEvent template = events.stream().filter(e -> e.type().equals("vigil.population.count-reported.v3")).findFirst().orElseThrow();
        int facts = StatusView.SITE_FACTS + 10;
        for (int i = 0; i < facts; i++) {
            var data = (com.fasterxml.jackson.databind.node.ObjectNode) template.data().deepCopy();
            // recorded latest date first, so that the order recorded is not the order by date
            data.putObject("occurred").put("precision", "year").put("date", Integer.toString(2030 - i));
            data.putObject("place").put("name", "Test camp").put("latitude", 30.5).put("longitude", 45.5);
            long version = more.size() + 1;
            more.add(new LoggedEvent(UUID.nameUUIDFromBytes(("site " + i).getBytes()), template.populationId(), version, 5000 + version,
                    template.type(), template.recordedAt().plusSeconds(3600 + version), template.confidentiality(), data));
        }
        CaseFile withSite = Casebook.folded(more);
        StatusView.Site site = StatusView.sites(withSite, null, null).stream().filter(s -> s.name().equals("Test camp")).findFirst().orElseThrow();
        assertThat(site.total()).isEqualTo(facts);
        assertThat(site.more()).isEqualTo(10);
        assertThat(site.facts()).hasSize(StatusView.SITE_FACTS);
        // the latest twenty by date, oldest first: 2011 to 2030; 2001 to 2010 are counted, not said
        assertThat(site.facts().getFirst()).endsWith("2011");
        assertThat(site.facts().getLast()).endsWith("2030");
        assertThat(site.facts()).noneMatch(f -> f.endsWith("2010"));
        // as of a day, only what can have happened by then, counted the same way
        StatusView.Site before = StatusView.sites(withSite, LocalDate.parse("2005-06-30"), null).stream()
                .filter(s -> s.name().equals("Test camp")).findFirst().orElseThrow();
        assertThat(before.total()).isEqualTo(5);
        assertThat(before.facts()).hasSize(5).last().asString().endsWith("2005");
    }
}
