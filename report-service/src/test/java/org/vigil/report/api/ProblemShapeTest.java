package org.vigil.report.api;

import java.io.IOException;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.report.testing.ReportInfraResource;
import org.vigil.report.testing.Tokens;
import org.vigil.testing.ProblemShape;

/** Every error this service answers has the one problem shape of docs/problems.md, and its type is a page. */
@QuarkusTest
@QuarkusTestResource(value = ReportInfraResource.class, restrictToAnnotatedClass = false)
class ProblemShapeTest {

    @Test
    void a_bad_request_answers_every_member_and_its_type_is_a_page_that_describes_it() {
        Tokens.useEverywhere();
        ProblemShape.badRequestAnswersEveryMemberAndItsTypeIsAPage("/admin/audit?kind=nonsense", "kind");
    }

    @Test
    void every_problem_the_code_can_answer_has_a_page() throws IOException {
        Tokens.useEverywhere();
        ProblemShape.everyProblemTheCodeNamesHasAPage();
    }
}
