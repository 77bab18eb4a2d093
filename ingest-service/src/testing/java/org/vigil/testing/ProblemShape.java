package org.vigil.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.restassured.response.Response;

/**
 * The checks of docs/problems.md's one problem shape, the same for every service (run against the service under
 * test, with RestAssured's current settings). One source file compiled into each service's tests.
 */
public final class ProblemShape {

    private static final Set<String> MEMBERS = Set.of("type", "title", "status", "detail", "instance", "errors");
    /** Problem.of(400, "name", ...), Problem.of("name", ...), problem(400, "name", ...): the names the code answers. */
    private static final Pattern NAMED = Pattern.compile("(?:Problem\\.of|problem)\\((?:\\d{3}, )?\"([a-z0-9-]+)\"");

    private ProblemShape() {
    }

    /**
     * A GET of {@code path} is a 400 with every member and no other, {@code instance} its path, {@code errors[0]}
     * naming {@code field} with a rule and a message, and a {@code type} that is a page describing it; a problem name
     * no problem has is itself answered as a problem.
     */
    public static void badRequestAnswersEveryMemberAndItsTypeIsAPage(String path, String field) {
        Response answer = given().when().get(path);
        answer.then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> problem = answer.jsonPath().getMap("");
        assertThat(MEMBERS).containsAll(problem.keySet());
        assertThat(problem.keySet()).contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(answer.jsonPath().getString("instance")).isEqualTo(path.replaceAll("\\?.*", ""));
        assertThat(answer.jsonPath().getString("errors[0].field")).isEqualTo(field);
        assertThat(answer.jsonPath().getString("errors[0].rule")).isNotBlank();
        assertThat(answer.jsonPath().getString("errors[0].message")).isNotBlank();
        String type = answer.jsonPath().getString("type");
        assertThat(type).startsWith("/problems/");
        given().when().get(type).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString(type.substring("/problems/".length())));
        given().when().get("/problems/no-such-problem").then().statusCode(404).contentType("application/problem+json")
                .body("instance", equalTo("/problems/no-such-problem"));
    }

    /** Every problem name the service's code (and the shared problem sources) can answer has a page. */
    public static void everyProblemTheCodeNamesHasAPage() throws IOException {
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
            given().when().get("/problems/" + (name.equals("http-") ? "http-405" : name)).then().statusCode(200);
        }
    }
}
