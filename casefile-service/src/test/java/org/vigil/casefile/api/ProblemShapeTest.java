package org.vigil.casefile.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.vigil.casefile.testing.CasefileInfraResource;
import org.vigil.casefile.testing.Tokens;

/** Every error this service answers has the one problem shape of docs/problems.md, and its type is a page. */
@QuarkusTest
@QuarkusTestResource(CasefileInfraResource.class)
class ProblemShapeTest {

    private static final Set<String> MEMBERS = Set.of("type", "title", "status", "detail", "instance", "errors");
    /** Problem.of(400, "name", ...), Problem.of("name", ...), problem(400, "name", ...): the names the code answers. */
    private static final Pattern NAMED = Pattern.compile("(?:Problem\\.of|problem)\\((?:\\d{3}, )?\"([a-z0-9-]+)\"");

    @Test
    void a_bad_request_answers_every_member_and_its_type_is_a_page_that_describes_it() {
        Tokens.useEverywhere();
        Response answer = given().when().get("/populations/00000000-0000-4000-8000-000000000000/status?asOf=June");
        answer.then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> problem = answer.jsonPath().getMap("");
        assertThat(MEMBERS).containsAll(problem.keySet());
        assertThat(problem.keySet()).contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(answer.jsonPath().getString("instance")).isEqualTo("/populations/00000000-0000-4000-8000-000000000000/status?asOf=June".replaceAll("\\?.*", ""));
        assertThat(answer.jsonPath().getString("errors[0].field")).isEqualTo("asOf");
        assertThat(answer.jsonPath().getString("errors[0].rule")).isNotBlank();
        assertThat(answer.jsonPath().getString("errors[0].message")).isNotBlank();
        String type = answer.jsonPath().getString("type");
        assertThat(type).startsWith("/problems/");
        given().when().get(type).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString(type.substring("/problems/".length())));
        // a name no problem has is itself answered as a problem, with the same members
        given().when().get("/problems/no-such-problem").then().statusCode(404).contentType("application/problem+json")
                .body("instance", org.hamcrest.Matchers.equalTo("/problems/no-such-problem"));
    }

    @Test
    void every_problem_the_code_can_answer_has_a_page() throws IOException {
        Set<String> named = new TreeSet<>();
        for (Path root : new Path[]{Path.of("src/main/java"), Path.of("../ingest-service/src/problems/java")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = NAMED.matcher(Files.readString(f));
                    while (m.find()) named.add(m.group(1));
                }
            }
        }
        assertThat(named).as("the code answers problems by name").isNotEmpty();
        for (String name : named) {
            if (name.equals("http-")) name = "http-405";
            given().when().get("/problems/" + name).then().statusCode(200);
        }
    }
}
