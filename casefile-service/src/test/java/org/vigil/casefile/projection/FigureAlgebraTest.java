package org.vigil.casefile.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.vigil.figures.Bounds;
import org.vigil.figures.FigureWords;
import org.vigil.figures.Qualifier;
import org.vigil.figures.Stated;

/**
 * How Vigil counts (docs/counting.md), on random claim sets: a range never inverts, never narrows when a source is
 * added, a sum holds every way of picking one claim per incident, and the words read back through the one grammar.
 */
class FigureAlgebraTest {

    @Example
    void a_lower_bound_beside_other_figures_does_not_erase_them() {
        List<Stated> claims = List.of(new Stated(Qualifier.AT_LEAST, 12L, null, null),
                new Stated(Qualifier.EXACT, null, 15L, null), new Stated(Qualifier.ABOUT, null, 20L, null));
        Bounds range = FigureAlgebra.range(claims);
        assertThat(range).isEqualTo(new Bounds(12, 20, false, false));
        assertThat(FigureAlgebra.statement(range, List.of(new FigureAlgebra.Attribution("A", "at least 12"),
                new FigureAlgebra.Attribution("B", "15"), new FigureAlgebra.Attribution("C", "about 20"))))
                .isEqualTo("between 12 and 20, according to A (at least 12), B (15) and C (about 20)");
    }

    @Example
    void the_range_is_open_only_where_its_end_is_a_bound() {
        assertThat(FigureAlgebra.range(List.of(new Stated(Qualifier.EXACT, null, 15L, null),
                new Stated(Qualifier.AT_LEAST, 20L, null, null)))).isEqualTo(new Bounds(15, 20, false, true));
        assertThat(FigureWords.say(FigureAlgebra.range(List.of(new Stated(Qualifier.UP_TO, null, null, 250L)))))
                .isEqualTo("up to 250");
        assertThat(FigureAlgebra.statement(FigureAlgebra.range(List.of(new Stated(Qualifier.UP_TO, null, null, 250L))),
                List.of(new FigureAlgebra.Attribution("Amnesty International", "up to 250"))))
                .isEqualTo("up to 250, according to Amnesty International");
    }

    @Example
    void one_number_that_every_source_gives_as_an_approximation_is_said_with_about() throws Exception {
        Bounds alone = FigureAlgebra.range(List.of(new Stated(Qualifier.ABOUT, null, 3400L, null)));
        assertThat(FigureWords.say(alone)).isEqualTo("about 3,400");
        assertThat(FigureWords.parseBounds("about 3,400")).isEqualTo(alone);
        assertThat(FigureWords.say(FigureAlgebra.range(List.of(new Stated(Qualifier.ABOUT, null, 3400L, null),
                new Stated(Qualifier.NEARLY, null, 3400L, null))))).isEqualTo("about 3,400");
        // one source that gives it plainly states it plainly; a range of two numbers says "between" (the claims go beside it)
        assertThat(FigureWords.say(FigureAlgebra.range(List.of(new Stated(Qualifier.ABOUT, null, 3400L, null),
                new Stated(Qualifier.EXACT, null, 3400L, null))))).isEqualTo("3,400");
        assertThat(FigureWords.say(FigureAlgebra.range(List.of(new Stated(Qualifier.ABOUT, 90L, null, 100L))))).isEqualTo("between 90 and 100");
        // a history's year of reports says the same from the reports' own bounds
        assertThat(FigureWords.say(Ranges.union(List.of(alone, alone)))).isEqualTo("about 3,400");
        assertThat(FigureWords.say(Ranges.union(List.of(alone, new Bounds(3400, 3400, false, false))))).isEqualTo("3,400");
    }

    @Example
    void a_sum_of_single_numbers_is_about_when_any_of_them_is() {
        Bounds about50 = FigureAlgebra.range(List.of(new Stated(Qualifier.ABOUT, null, 50L, null)));
        Bounds about30 = FigureAlgebra.range(List.of(new Stated(Qualifier.ABOUT, null, 30L, null)));
        Bounds exactly30 = FigureAlgebra.range(List.of(new Stated(Qualifier.EXACT, null, 30L, null)));
        assertThat(FigureWords.say(FigureAlgebra.sum(List.of(about50, about30)))).isEqualTo("about 80");
        assertThat(FigureWords.say(FigureAlgebra.sum(List.of(about50, exactly30)))).isEqualTo("about 80");
        assertThat(FigureWords.say(FigureAlgebra.sum(List.of(exactly30, exactly30)))).isEqualTo("60");
        assertThat(FigureWords.say(FigureAlgebra.sum(List.of(about50, new Bounds(20, 30, false, false))))).isEqualTo("between 70 and 80");
    }

    @Example
    void a_sum_with_an_open_incident_keeps_its_highs() {
        Bounds sum = FigureAlgebra.sum(List.of(new Bounds(11, 13, false, false), new Bounds(34, 34, false, true),
                new Bounds(52, 52, false, false)));
        assertThat(sum).isEqualTo(new Bounds(97, 99, false, true));
        assertThat(FigureWords.say(sum)).isEqualTo("between 97 and 99 or more");
    }

    @Example
    void the_examples_read_as_their_sources_say() throws Exception {
        var events = Casebook.figureExamples();
        CaseFile file = new CaseFile(events.getFirst().populationId());
        events.forEach(e -> file.apply(e.envelope()));
        PopulationStatus status = StatusView.of(file, null, null);
        var attack = status.casualties().incidents().getFirst();
        assertThat(attack.killed().statement()).isEqualTo("between 12 and 20, according to Example Rights Watch (at least 12), "
                + "Example Daily (15) and United Nations Example Mission (about 20)");
        assertThat(attack.injured().statement()).isEqualTo("between 90 and 250, according to Example Rights Watch (up to 250), "
                + "United Nations Example Mission (between 90 and 100, best 95) and Example Daily (nearly 100)");
        assertThat(attack.abducted().words()).isEqualTo("between 3 and 10");
        assertThat(attack.abducted().claims().getFirst().note()).isEqualTo("bodies counted at the hospital");
        assertThat(attack.abducted().claims().getFirst().words()).isEqualTo("5 reported");
        assertThat(attack.perpetrator()).isNull();
        assertThat(attack.attribution()).isNull();
        assertThat(status.headcounts().getFirst().count().words()).isEqualTo("between 1,850 and 1,900");
        assertThat(status.movements().getFirst().voluntariness()).isNull();
        assertThat(status.aliases()).contains("\u0627\u0631\u062f\u0648\u06af\u0627\u0647 \u0646\u0645\u0648\u0646\u0647");
    }

    @Property(tries = 1000)
    void low_is_never_above_high(@ForAll("claimSets") List<Stated> claims) {
        Bounds range = FigureAlgebra.range(claims);
        assertThat(range.low()).isLessThanOrEqualTo(range.high());
    }

    @Property(tries = 1000)
    void adding_a_claim_never_narrows_a_range(@ForAll("claimSets") List<Stated> claims, @ForAll("claims") Stated added) {
        Bounds before = FigureAlgebra.range(claims);
        List<Stated> more = new ArrayList<>(claims);
        more.add(added);
        Bounds after = FigureAlgebra.range(more);
        // The range spans the numbers sources state: adding one never raises its low or lowers its high. (Its open
        // ends belong to its ends: "at least 12" beside a later "15" is the range 12 to 15, each claim beside it.)
        assertThat(after.low()).as("%s then %s", before, after).isLessThanOrEqualTo(before.low());
        assertThat(after.high()).as("%s then %s", before, after).isGreaterThanOrEqualTo(before.high());
        if (added.max() <= before.high() && added.min() >= before.low()) {
            assertThat(after.low()).as("a claim inside the range keeps its ends").isEqualTo(before.low());
            assertThat(after.high()).as("a claim inside the range keeps its ends").isEqualTo(before.high());
            assertThat(!before.openAbove() || after.openAbove()).as("an open end stays open").isTrue();
            assertThat(!before.openBelow() || after.openBelow()).as("an open end stays open").isTrue();
        }
    }

    @Property(tries = 500)
    void every_pick_of_one_claim_per_incident_lies_inside_the_documented_sum(
            @ForAll("incidents") List<List<Stated>> incidents, @ForAll long seed) {
        Bounds sum = FigureAlgebra.sum(incidents.stream().map(FigureAlgebra::range).toList());
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 20; round++) {
            long low = 0;
            long high = 0;
            for (List<Stated> incident : incidents) {
                Stated pick = incident.get(random.nextInt(incident.size()));
                low += pick.min();
                high += pick.max();
            }
            assertThat(low).isGreaterThanOrEqualTo(sum.low());
            assertThat(high).isLessThanOrEqualTo(sum.high());
        }
    }

    @Property(tries = 1000)
    void the_words_of_every_range_and_claim_read_back(@ForAll("claimSets") List<Stated> claims) throws Exception {
        Bounds range = FigureAlgebra.range(claims);
        assertThat(FigureWords.parseBounds(FigureWords.say(range))).isEqualTo(range);
        for (Stated claim : claims) assertThat(FigureWords.parse(FigureWords.say(claim))).isEqualTo(claim.canonical());
    }

    @Property(tries = 1000)
    void the_range_of_several_reports_is_the_range_of_their_ranges(@ForAll("incidents") List<List<Stated>> reports) {
        // a year of headcount reports: worded as the range of all their claims, summed from each report's own range
        List<Stated> all = new ArrayList<>();
        reports.forEach(all::addAll);
        assertThat(Ranges.union(reports.stream().map(FigureAlgebra::range).toList())).isEqualTo(FigureAlgebra.range(all));
    }

    @Provide
    Arbitrary<Stated> claims() {
        Arbitrary<Long> n = Arbitraries.longs().between(0, 5_000);
        return Combinators.combine(Arbitraries.of(Qualifier.class), n, n).as((q, a, b) -> {
            long lo = Math.min(a, b);
            long hi = Math.max(a, b) + 1;
            return switch (q) {
                case EXACT, REPORTED, NEARLY -> new Stated(q, null, a, null);
                case AT_LEAST, MORE_THAN -> new Stated(q, a, null, null);
                case UP_TO, AT_MOST, FEWER_THAN -> new Stated(q, null, null, a);
                case ABOUT -> a % 2 == 0 ? new Stated(q, null, a, null) : new Stated(q, lo, null, hi);
                case BETWEEN -> new Stated(q, lo, null, hi);
            };
        });
    }

    @Provide
    Arbitrary<List<Stated>> claimSets() {
        return claims().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<List<Stated>>> incidents() {
        return claimSets().list().ofMinSize(1).ofMaxSize(8);
    }
}
