package org.vigil.casefile.api;

import java.io.IOException;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.Tokens;
import org.vigil.testing.ProblemShape;

/** Every error this service answers has the one problem shape of docs/problems.md, and its type is a page. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class ProblemShapeTest {

    @Test
    void a_bad_request_answers_every_member_and_its_type_is_a_page_that_describes_it() {
        Tokens.useEverywhere();
        ProblemShape.badRequestAnswersEveryMemberAndItsTypeIsAPage("/populations/00000000-0000-4000-8000-000000000000/status?asOf=June", "asOf");
    }

    @Test
    void every_problem_the_code_can_answer_has_a_page() throws IOException {
        Tokens.useEverywhere();
        ProblemShape.everyProblemTheCodeNamesHasAPage();
    }
}
