package org.vigil.report.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The OpenAPI document's account of the report request names exactly the fields the resource reads. */
class ReportRequestBodyTest {

    @Test
    void the_documented_body_has_the_fields_the_resource_accepts() {
        assertThat(Arrays.stream(ReportRequestBody.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactlyInAnyOrderElementsOf(ReportResource.FIELDS);
        assertThat(Arrays.stream(ReportRequestBody.Period.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("from", "to");
    }
}
