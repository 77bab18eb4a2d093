package org.vigil.report.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A report's sentences in both editions: footnote marks that stand side by side stay apart in HTML. */
class TextTest {

    @Test
    void footnote_marks_side_by_side_are_separated_in_html_and_a_lone_one_is_not() {
        Text marks = Text.builder().add("between 50 and 208").cite(11).cite(12).add(" and more").cite(5).build();
        assertThat(marks.md()).isEqualTo("between 50 and 208[^11][^12] and more[^5]");
        assertThat(marks.html()).isEqualTo("between 50 and 208<sup><a href=\"#fn11\">11</a></sup><sup>,\u2009<a href=\"#fn12\">12</a></sup>"
                + " and more<sup><a href=\"#fn5\">5</a></sup>");
        // across the parts of a sentence too
        Text joined = Text.builder().add(Text.builder().add("a").cite(1).build()).add(Text.builder().cite(2).build()).build();
        assertThat(joined.html()).isEqualTo("a<sup><a href=\"#fn1\">1</a></sup><sup>,\u2009<a href=\"#fn2\">2</a></sup>");
    }
}
