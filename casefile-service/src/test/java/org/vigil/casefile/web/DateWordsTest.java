package org.vigil.casefile.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateWordsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2009                         | year        | 2009       |            |",
            "2009-07                      | month       | 2009-07    |            |",
            "2009-07-28                   | day         | 2009-07-28 |            |",
            "July 2009                    | month       | 2009-07    |            |",
            "Sept. 2012                   | month       | 2012-09    |            |",
            "28 July 2009                 | day         | 2009-07-28 |            |",
            "July 28, 2009                | day         | 2009-07-28 |            |",
            "1st of September 2013        | day         | 2013-09-01 |            |",
            "28-29 July 2009              | range       |            | 2009-07-28 | 2009-07-29",
            "28–29 July 2009              | range       |            | 2009-07-28 | 2009-07-29",
            "July 28-29, 2009             | range       |            | 2009-07-28 | 2009-07-29",
            "28 July - 2 August 2009      | range       |            | 2009-07-28 | 2009-08-02",
            "28 July 2009 - 2 August 2010 | range       |            | 2009-07-28 | 2010-08-02",
            "July-August 2009             | range       |            | 2009-07-01 | 2009-08-31",
            "2009-2011                    | range       |            | 2009-01-01 | 2011-12-31",
            "between May and July 2010    | range       |            | 2010-05-01 | 2010-07-31",
            "from 28 July to 2 August 2009| range       |            | 2009-07-28 | 2009-08-02",
            "early 2009                   | range       |            | 2009-01-01 | 2009-04-30",
            "mid-2009                     | range       |            | 2009-05-01 | 2009-08-31",
            "late 2009                    | range       |            | 2009-09-01 | 2009-12-31",
            "end of 2011                  | range       |            | 2011-09-01 | 2011-12-31",
            "early July 2009              | range       |            | 2009-07-01 | 2009-07-10",
            "mid July 2009                | range       |            | 2009-07-11 | 2009-07-20",
            "late February 2012           | range       |            | 2012-02-21 | 2012-02-29",
            "first half of 2010           | range       |            | 2010-01-01 | 2010-06-30",
            "Q3 2009                      | range       |            | 2009-07-01 | 2009-09-30",
            "about 2009                   | approximate | 2009       |            |",
            "around March 2010            | approximate | 2010-03    |            |",
            "c. 28 July 2009              | approximate | 2009-07-28 |            |",
    })
    void words_read_at_the_precision_they_carry(String words, String precision, String date, String earliest, String latest) {
        DateWords.Read read = DateWords.read(words);
        assertThat(read).as(words).isNotNull();
        assertThat(read.precision()).isEqualTo(precision);
        assertThat(read.date()).isEqualTo(date);
        assertThat(read.earliest()).isEqualTo(earliest);
        assertThat(read.latest()).isEqualTo(latest);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "recently", "before 2009", "after the raid", "31 February 2009", "29-28 July 2009", "about early 2009",
            "2011-2009", "Julember 2009", "early 28 July 2009", "13/07/2009"})
    void words_that_name_no_bounded_period_are_not_read(String words) {
        assertThat(DateWords.read(words)).isNull();
    }
}
