package org.vigil.ingest.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.vigil.figures.Bounds;
import org.vigil.figures.FigureWords;
import org.vigil.figures.Qualifier;
import org.vigil.figures.Stated;

/** The figure grammar: what sources write reads as the numbers they mean, and what Vigil writes reads back. */
class FigureWordsTest {

    private static Stated parse(String words) throws FigureWords.Unreadable {
        return FigureWords.parse(words);
    }

    @Example
    void reads_what_sources_write() throws Exception {
        assertThat(parse("15")).isEqualTo(new Stated(Qualifier.EXACT, null, 15L, null));
        assertThat(parse("at least 12")).isEqualTo(new Stated(Qualifier.AT_LEAST, 12L, null, null));
        assertThat(parse("About 3,400")).isEqualTo(new Stated(Qualifier.ABOUT, null, 3400L, null));
        assertThat(parse("some 3400")).isEqualTo(new Stated(Qualifier.ABOUT, null, 3400L, null));
        assertThat(parse("between 90 and 100")).isEqualTo(new Stated(Qualifier.BETWEEN, 90L, null, 100L));
        assertThat(parse("90\u2013100")).isEqualTo(new Stated(Qualifier.BETWEEN, 90L, null, 100L));
        assertThat(parse("90 to 100, best 95")).isEqualTo(new Stated(Qualifier.BETWEEN, 90L, 95L, 100L));
        assertThat(parse("up to 250")).isEqualTo(new Stated(Qualifier.UP_TO, null, null, 250L));
        assertThat(parse("nearly 100")).isEqualTo(new Stated(Qualifier.NEARLY, null, 100L, null));
        assertThat(parse("more than 1,300")).isEqualTo(new Stated(Qualifier.MORE_THAN, 1300L, null, null));
        assertThat(parse("over 1,300")).isEqualTo(new Stated(Qualifier.MORE_THAN, 1300L, null, null));
        assertThat(parse("fewer than 50")).isEqualTo(new Stated(Qualifier.FEWER_THAN, null, null, 50L));
        assertThat(parse("no more than 50")).isEqualTo(new Stated(Qualifier.AT_MOST, null, null, 50L));
        assertThat(parse("20 or more")).isEqualTo(new Stated(Qualifier.AT_LEAST, 20L, null, null));
        assertThat(parse("5 reported")).isEqualTo(new Stated(Qualifier.REPORTED, null, 5L, null));
        assertThat(parse("reportedly 5")).isEqualTo(new Stated(Qualifier.REPORTED, null, 5L, null));
        assertThat(parse("about 90 to 100")).isEqualTo(new Stated(Qualifier.ABOUT, 90L, null, 100L));
        assertThat(parse("3.4 million")).isEqualTo(new Stated(Qualifier.EXACT, null, 3_400_000L, null));
        assertThat(parse("3,000-plus")).isEqualTo(new Stated(Qualifier.MORE_THAN, 3000L, null, null));
    }

    @Example
    void writes_figures_as_sources_would() {
        assertThat(FigureWords.say(new Stated(Qualifier.UP_TO, null, null, 250L))).isEqualTo("up to 250");
        assertThat(FigureWords.say(new Stated(Qualifier.NEARLY, null, 100L, null))).isEqualTo("nearly 100");
        assertThat(FigureWords.say(new Stated(Qualifier.EXACT, 3360L, 3360L, 3360L))).isEqualTo("3,360");
        assertThat(FigureWords.say(new Stated(Qualifier.BETWEEN, 90L, 95L, 100L))).isEqualTo("between 90 and 100, best 95");
        assertThat(FigureWords.say(new Bounds(12, 20, false, false))).isEqualTo("between 12 and 20");
        assertThat(FigureWords.say(new Bounds(12, 12, false, true))).isEqualTo("at least 12");
        assertThat(FigureWords.say(new Bounds(15, 20, false, true))).isEqualTo("between 15 and 20 or more");
        assertThat(FigureWords.say(new Bounds(250, 250, true, false))).isEqualTo("up to 250");
    }

    @Example
    void refuses_what_it_cannot_read_and_says_what_it_expects() {
        assertThatThrownBy(() -> parse("a dozen")).hasMessageContaining("not a figure").hasMessageContaining("'about 3,400'");
        assertThatThrownBy(() -> parse("between 100 and 90")).hasMessageContaining("below low");
        assertThatThrownBy(() -> parse("about twelve")).hasMessageContaining("in digits");
        assertThatThrownBy(() -> parse("reportedly at least 5")).hasMessageContaining("plain number");
        assertThatThrownBy(() -> parse("2.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("200,000,000")).hasMessageContaining("at most");
    }

    @Property(tries = 2000)
    void every_figure_vigil_writes_reads_back_to_the_same_numbers(@ForAll("figures") Stated figure) throws Exception {
        assertThat(parse(FigureWords.say(figure))).isEqualTo(figure.canonical());
    }

    @Property(tries = 2000)
    void every_range_vigil_writes_reads_back(@ForAll("bounds") Bounds bounds) throws Exception {
        assertThat(FigureWords.parseBounds(FigureWords.say(bounds))).isEqualTo(bounds);
    }

    @Property(tries = 2000)
    void numbers_are_grouped_in_thousands_as_the_format_would(@ForAll long n) {
        assertThat(FigureWords.number(n)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", n));
    }

    @Example
    void numbers_at_the_edges_are_grouped_too() {
        for (long n : new long[]{0, 7, -7, 999, -999, 1000, -1000, 12_345, 123_456, -123_456, 1_234_567, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(FigureWords.number(n)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", n));
        }
    }

    @Property(tries = 200)
    void a_figure_s_smallest_and_largest_numbers_are_those_it_states(@ForAll("figures") Stated figure) {
        assertThat(figure.min()).isEqualTo(figure.numbers().stream().mapToLong(Long::longValue).min().orElseThrow());
        assertThat(figure.max()).isEqualTo(figure.numbers().stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Property(tries = 500)
    void a_figure_with_one_number_keeps_it_where_its_qualifier_does(@ForAll Qualifier q, @ForAll("small") Long low,
                                                                    @ForAll("small") Long best, @ForAll("small") Long high) {
        Stated figure = new Stated(q, low, best, high);
        Stated canonical = figure.canonical();
        java.util.List<Long> distinct = figure.numbers().stream().distinct().toList();
        if (distinct.size() != 1 || q == Qualifier.BETWEEN || (q == Qualifier.ABOUT && low != null && high != null && best == null)) {
            assertThat(canonical).isSameAs(figure);
        } else {
            assertThat(canonical.numbers()).containsExactly(distinct.getFirst());
            assertThat(canonical.qualifier()).isEqualTo(q);
            assertThat(canonical.low() != null).isEqualTo(q.opensAbove());
            assertThat(canonical.high() != null).isEqualTo(q.opensBelow());
        }
    }

    @Provide
    Arbitrary<Long> small() {
        return Arbitraries.longs().between(0, 3).injectNull(0.4);
    }

    @Example
    void every_qualifier_reads_back_from_its_wire_name() {
        for (Qualifier q : Qualifier.values()) assertThat(Qualifier.fromWire(q.wire())).isEqualTo(q);
        assertThat(Qualifier.fromWire("at_least")).isEqualTo(Qualifier.AT_LEAST);
        assertThat(Qualifier.fromWire("nonsense")).isNull();
    }

    @Provide
    Arbitrary<Stated> figures() {
        Arbitrary<Long> n = Arbitraries.longs().between(0, 99_999_999L);
        return Combinators.combine(Arbitraries.of(Qualifier.class), n, n, n, Arbitraries.integers().between(0, 3))
                .as((q, a, b, c, shape) -> {
                    long lo = Math.min(a, Math.min(b, c));
                    long hi = Math.max(a, Math.max(b, c));
                    long mid = a + b + c - lo - hi;
                    return switch (q) {
                        case EXACT, REPORTED, NEARLY -> new Stated(q, null, a, null);
                        case AT_LEAST, MORE_THAN -> new Stated(q, lo, shape == 0 ? hi : null, null);
                        case UP_TO, AT_MOST, FEWER_THAN -> new Stated(q, null, shape == 0 ? lo : null, hi);
                        case ABOUT -> shape < 2 ? new Stated(q, null, a, null) : new Stated(q, lo, shape == 3 ? mid : null, hi);
                        case BETWEEN -> new Stated(q, lo, shape == 0 ? mid : null, hi == lo ? hi + 1 : hi);
                    };
                }).filter(s -> s.problems().isEmpty());
    }

    @Provide
    Arbitrary<Bounds> bounds() {
        Arbitrary<Long> n = Arbitraries.longs().between(0, 100_000_000L);
        return Combinators.combine(n, n, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((a, b, below, above) -> new Bounds(Math.min(a, b), Math.max(a, b), below, above));
    }
}
