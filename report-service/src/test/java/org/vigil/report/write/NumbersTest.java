package org.vigil.report.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.NumberFormat;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The report's own number writers agree with the JDK's formatters they replace for speed. */
class NumbersTest {

    @Test
    void groupedThousandsAreWrittenAsTheJdkWritesThem() {
        NumberFormat english = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        for (long n : new long[]{0, 7, 42, 999, 1000, 3400, 12345, 100000, 999999, 1000000, 1234567890L, -5, -3400, Long.MAX_VALUE}) {
            assertThat(ReportComposer.number(n)).isEqualTo(english.format(n));
        }
    }

    @Test
    void chartCoordinatesHaveOneDecimal() {
        for (double v : new double[]{0, 0.04, 0.05, 1.25, 16, 64.0, 123.456, 703.99, -2.5}) {
            assertThat(Chart.f(v)).isEqualTo(String.format(Locale.ROOT, "%.1f", Math.round(v * 10) / 10.0));
        }
    }
}
